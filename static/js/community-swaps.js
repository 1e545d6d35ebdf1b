// The swap form: show "the day you would like" only when a specific day is wanted.
// Without JavaScript the field stays visible with its hint, so the form still works.
(function () {
  "use strict";

  function sync(form) {
    var wants = form.querySelector("[name=wants]");
    var wanted = form.querySelector("[data-swap-wanted]");
    if (wants && wanted) {
      wanted.hidden = wants.value !== "day";
    }
  }

  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-swap-form]");
    if (form && event.target.name === "wants") {
      sync(form);
    }
  });
  document.querySelectorAll("form[data-swap-form]").forEach(sync);
})();
