// Small behaviours that htmx and Bootstrap do not cover. No inline scripts: the CSP forbids them.
(function () {
  "use strict";

  function toggleTheme() {
    var root = document.documentElement;
    var next = root.getAttribute("data-bs-theme") === "dark" ? "light" : "dark";
    root.setAttribute("data-bs-theme", next);
    try { localStorage.setItem("switchboard-theme", next); } catch (e) { /* private mode */ }
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-theme-toggle]")) {
      toggleTheme();
    }
  });

  // Submit a filter form when one of its selects changes (progressive enhancement).
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) {
      if (window.htmx && select.form.hasAttribute("hx-get")) {
        window.htmx.trigger(select.form, "submit");
      } else {
        select.form.requestSubmit();
      }
    }
  });

  // Copy buttons (data-copy-target: the id of a read-only field). Where the browser will
  // not copy, the field is left selected so the person copies it themselves.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) { return; }
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field) { return; }
    var status = document.getElementById(field.id + "-status");
    function say(textAttribute) {
      if (status) { status.textContent = button.getAttribute(textAttribute) || ""; }
    }
    function copyBySelection() {
      field.focus();
      field.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      say(copied ? "data-copied-text" : "data-copy-failed-text");
    }
    // The Clipboard API needs HTTPS (or localhost); a closed network may serve plain HTTP.
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(function () {
        say("data-copied-text");
      }, copyBySelection);
    } else {
      copyBySelection();
    }
  });

  // A link to copy is selected whole when its field is tapped or tabbed into: on a phone
  // the field shows only its start, and a partial selection copies half a link.
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[data-select-on-focus]")) {
      event.target.select();
    }
  });

  // A tab strip that scrolls sideways on a phone opens at the current tab, not its first.
  // It opens at the start of a whole tab, the earliest from which the current one still fits
  // (a strip opened mid-word reads "ings"), so the tabs before it show too; near the end it
  // gets the room to do so. Only the strip scrolls: scrollIntoView could move the page too.
  document.querySelectorAll(".sb-tab-strip").forEach(function (strip) {
    var current = strip.querySelector("[aria-current=page], .active");
    if (!current) { return; }
    var origin = strip.getBoundingClientRect().left - strip.scrollLeft;
    var width = strip.clientWidth;
    var isLast = !current.closest(".sb-tab-strip > *").nextElementSibling;
    var clearOfFade = isLast ? 0 : parseFloat(getComputedStyle(strip).scrollPaddingInlineEnd) || 0;
    var currentEnd = current.getBoundingClientRect().right - origin + clearOfFade;
    if (currentEnd <= width) { return; }
    var starts = Array.prototype.map.call(strip.children, function (tab) {
      return tab.getBoundingClientRect().left - origin;
    });
    var start = starts.find(function (left) { return currentEnd - left <= width; });
    if (start === undefined) { start = current.getBoundingClientRect().left - origin; }
    var shortfall = start + width - strip.scrollWidth;
    if (shortfall > 0) { strip.style.paddingInlineEnd = shortfall + "px"; }
    strip.scrollLeft = start;
  });

  // Results that replaced themselves from their own Previous/Next links take the keyboard
  // focus: the link pressed left with the old page, and focus would fall to the top.
  document.addEventListener("htmx:afterSettle", function (event) {
    var config = event.detail.requestConfig;
    var link = config && config.elt;
    if (!link || !link.closest || !link.closest(".pagination")) { return; }
    var results = document.querySelector(link.getAttribute("hx-target"));
    if (!results) { return; }
    results.setAttribute("tabindex", "-1");
    results.focus();
  });

  // Tell the person when a request failed instead of leaving the page silent.
  function showAlert(tone, textAttribute, fallback) {
    var box = document.getElementById("messages");
    if (!box) { return; }
    var alert = document.createElement("div");
    alert.className = "alert alert-" + tone;
    alert.setAttribute("role", "alert");
    alert.textContent = box.getAttribute(textAttribute) || fallback;
    box.appendChild(alert);
  }
  document.addEventListener("htmx:responseError", function () {
    showAlert("danger", "data-error-text", "Something went wrong. Please try again.");
  });
  document.addEventListener("htmx:sendError", function () {
    showAlert("warning", "data-offline-text", "You seem to be offline. Please try again.");
  });
})();
