// Follows background work on its page (a report run being built, an import
// being checked): asks the status (JSON, at the element's data-progress-url)
// every two seconds, moves the progress bar, writes the status label and the
// rows done where the page has places for them, and reloads the page when the
// work has finished, so that its result appears.  Without JavaScript the
// page's "refresh" link does the same by hand.
(function () {
  "use strict";
  var INTERVAL = 2000;

  function follow(box) {
    var url = box.dataset.progressUrl;
    var bar = box.querySelector("progress");
    var label = box.querySelector("[data-progress-label]");
    var rows = box.querySelector("[data-progress-rows]");
    var failures = 0;

    function show(status) {
      if (bar) {
        bar.value = status.progress;
        bar.textContent = status.progress + " %";
      }
      if (label) { label.textContent = status.label; }
      if (rows && status.total_rows !== undefined) {
        rows.textContent = status.processed_rows + " / " + status.total_rows;
      }
    }

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (status) {
          failures = 0;
          show(status);
          if (status.finished) {
            window.location.reload();
          } else {
            window.setTimeout(poll, INTERVAL);
          }
        })
        .catch(function () {
          // A lost connection or an expired session: slow down, then stop
          // and leave the refresh link to the user.
          failures += 1;
          if (failures < 5) { window.setTimeout(poll, INTERVAL * failures * 2); }
        });
    }
    window.setTimeout(poll, INTERVAL);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-progress-url]");
    if (box) { follow(box); }
  });
})();
