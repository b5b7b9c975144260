// Follows a report run that is being built: asks the run's status (JSON)
// every few seconds, moves the progress bar, and reloads the page when the
// run has finished, so that its figures and downloads appear.  Without
// JavaScript the page's "refresh" link does the same by hand.
(function () {
  "use strict";
  var INTERVAL = 2000;

  function follow(box) {
    var url = box.dataset.statusUrl;
    var bar = box.querySelector("progress");
    var label = box.querySelector("[data-run-label] .badge");
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
          if (label) { label.textContent = status.label; }
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
    var box = document.querySelector("[data-status-url]");
    if (box) { follow(box); }
  });
})();
