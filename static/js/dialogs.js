// Dialogs that open by themselves (milestone pop-ups) and remember being closed.
(function () {
  "use strict";

  function rememberDismissal(dialog) {
    var url = dialog.getAttribute("data-sb-dismiss-url");
    var token = dialog.querySelector("input[name=csrfmiddlewaretoken]");
    if (!url || !token || dialog.hasAttribute("data-sb-submitted")) { return; }
    fetch(url, {
      method: "POST",
      headers: { "X-CSRFToken": token.value, "X-Requested-With": "fetch" },
      credentials: "same-origin",
    });
  }

  function openOnLoad() {
    if (!window.bootstrap) { return; }
    document.querySelectorAll(".modal[data-sb-open-on-load]").forEach(function (dialog) {
      dialog.addEventListener("submit", function () {
        dialog.setAttribute("data-sb-submitted", "");
      });
      // Bootstrap ignores Escape and clicks while the dialog is still fading in.
      dialog.addEventListener("shown.bs.modal", function () {
        dialog.setAttribute("data-sb-shown", "");
      });
      dialog.addEventListener("hidden.bs.modal", function () { rememberDismissal(dialog); });
      window.bootstrap.Modal.getOrCreateInstance(dialog).show();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", openOnLoad);
  } else {
    openOnLoad();
  }
})();
