// Follows an import run: asks its status (JSON) every two seconds, shows
// the rows processed on the progress bar, and reloads the page when the run
// has finished, so that the rows saved or the table of errors appear.
// Without JavaScript the page's "refresh" link does the same by hand.
(function () {
  "use strict";
  var INTERVAL = 2000;

  function follow(box) {
    var url = box.dataset.importStatusUrl;
    var bar = box.querySelector("progress");
    var rows = box.querySelector("[data-import-rows]");
    var label = box.querySelector("[data-import-label]");
    var failures = 0;

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (status) {
          failures = 0;
          if (bar) {
            bar.value = status.progress;
            bar.textContent = status.progress + " %";
          }
          if (rows) { rows.textContent = status.processed_rows + " / " + status.total_rows; }
          if (label) { label.textContent = status.status_display; }
          if (status.finished) {
            window.location.reload();
          } else {
            window.setTimeout(poll, INTERVAL);
          }
        })
        .catch(function () {
          failures += 1;
          if (failures < 5) { window.setTimeout(poll, INTERVAL * failures * 2); }
        });
    }
    window.setTimeout(poll, INTERVAL);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-import-status-url]");
    if (box) { follow(box); }
  });
})();
