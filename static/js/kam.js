// KAM's own behaviour. Kept out of the HTML so the pages run under a strict
// Content-Security-Policy (no inline script).
(function () {
  "use strict";

  // Ask before a destructive or irreversible action: <button data-confirm="…">.
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
