// KAM's own behaviour. Kept out of the HTML so the pages run under a strict
// Content-Security-Policy (no inline script).
(function () {
  "use strict";

  // A table wider than its box scrolls sideways: keyboard users can reach and
  // scroll it too (WCAG 2.1.1), without a tab stop on every table that fits.
  function focusableWhenScrolling() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
      }
    });
  }
  focusableWhenScrolling();
  window.addEventListener("load", focusableWhenScrolling); // the fonts widen them

  // Ask before a destructive or irreversible action: <button data-confirm="…">.
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // A long list of checkboxes with a search above it: <input data-filter-list="#list">
  // shows only the choices whose label holds what is typed (ticked ones stay).
  document.addEventListener("input", function (event) {
    var box = event.target.closest("[data-filter-list]");
    var list = box && document.querySelector(box.getAttribute("data-filter-list"));
    if (!list) return;
    var wanted = box.value.trim().toLowerCase();
    list.querySelectorAll(".form-check").forEach(function (choice) {
      var input = choice.querySelector("input");
      var shown = !wanted || (input && input.checked) ||
        choice.textContent.toLowerCase().indexOf(wanted) !== -1;
      choice.hidden = !shown;
    });
  });

  // A choice that shows another view at once: <select data-submit-on-change>.
  document.addEventListener("change", function (event) {
    var select = event.target.closest("[data-submit-on-change]");
    if (select && select.form) select.form.submit();
  });

  // Sections that load on their own (prospects.panels): the placeholder
  // <section data-kam-section="url"> becomes the section the address answers.
  // Should it fail, the placeholder stays, with its link to the section's page.
  document.querySelectorAll("[data-kam-section]").forEach(function (placeholder) {
    fetch(placeholder.getAttribute("data-kam-section"), {
      credentials: "same-origin",
      headers: { "X-KAM-Section": "1" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.text();
      })
      .then(function (html) {
        placeholder.outerHTML = html;
      })
      .catch(function () {
        placeholder.removeAttribute("aria-busy");
      });
  });

  // Installable, and the offline page when there is no signal: the service worker
  // (served at the site's root, kam/pwa.py). Browsers without one, or pages not
  // served over HTTPS, simply go without.
  var worker = document.body.getAttribute("data-kam-sw");
  if (worker && "serviceWorker" in navigator && window.isSecureContext) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(worker, { scope: "/" }).catch(function () {});
    });
  }
})();
