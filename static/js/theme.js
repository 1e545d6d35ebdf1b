// Runs before the page paints, so a dark-theme reader never sees a white flash.
(function () {
  var stored = null;
  try { stored = localStorage.getItem("switchboard-theme"); } catch (e) { /* private mode */ }
  var prefersDark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  document.documentElement.setAttribute("data-bs-theme", stored || (prefersDark ? "dark" : "light"));
})();
