// The progress bar of an import the worker is checking or writing: the page asks
// how far it has got every second and reloads itself when it is done.
(function () {
  "use strict";
  var box = document.querySelector("[data-kam-import-progress]");
  if (!box) return;
  var bar = box.querySelector("[data-kam-bar]");
  var done = box.querySelector("[data-kam-done]");
  var meter = box.querySelector("[role=progressbar]");
  function poll() {
    fetch(box.getAttribute("data-kam-import-progress"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (!state.running) { window.location.reload(); return; }
        var total = state.total || 1;
        bar.style.width = Math.round((100 * state.done) / total) + "%";
        done.textContent = state.done;
        meter.setAttribute("aria-valuenow", state.done);
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
