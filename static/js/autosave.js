// Saves a draft form in the background, so that nothing typed is lost if the
// browser closes.  A form opts in with data-autosave-url; the server answers
// with the new version, which goes into the hidden "version" field so that
// the next save (background or button) is not mistaken for someone else's.
(function () {
  "use strict";
  function setUp(form) {
    var interval = parseInt(form.dataset.autosaveInterval, 10) || 15000;
    var dirty = false;
    var saving = false;
    // A submit that came while a background save was under way: it is sent
    // again once that save has answered, with the new version.
    var heldSubmitter = null;
    var status = document.getElementById(form.dataset.autosaveStatus);
    var version = form.querySelector("input[name=version]");

    function say(text) {
      if (status) { status.textContent = text; }
    }

    function save() {
      if (!dirty || saving) { return; }
      saving = true;
      dirty = false;
      var data = new FormData(form);
      data.append("autosave", "1");
      fetch(form.dataset.autosaveUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (result) {
        if (result.ok) {
          version.value = result.body.version;
          say(result.body.message);
        } else {
          dirty = true;
          say(result.body.message);
        }
      }).catch(function () {
        dirty = true;
        say(form.dataset.autosaveOffline || "");
      }).finally(function () {
        saving = false;
        if (heldSubmitter) {
          var submitter = heldSubmitter;
          heldSubmitter = null;
          form.requestSubmit(submitter);
        }
      });
    }

    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function (event) {
      if (saving) {
        event.preventDefault();
        heldSubmitter = event.submitter || null;
        if (!heldSubmitter) { heldSubmitter = form.querySelector("[type=submit]"); }
        return;
      }
      dirty = false;
    });
    window.setInterval(save, interval);
    window.addEventListener("beforeunload", function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = ""; }
    });
  }

  document.querySelectorAll("form[data-autosave-url]").forEach(setUp);
})();
