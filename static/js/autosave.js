/* Save what the applicant typed a few seconds after they stop typing, and when they leave the
   page, so a lost connection or an empty battery costs at most the last few words. Files are
   not sent here: they have their own upload. Without JavaScript the buttons still save. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = document.querySelector("[data-autosave-status]");
  var timer = null, dirty = false;

  function payload() {
    var data = new FormData(form);
    form.querySelectorAll("input[type=file]").forEach(function (input) { data.delete(input.name); });
    data.delete("submit");
    data.delete("save");
    data.append("autosave", "1");
    return data;
  }

  function save(keepalive) {
    if (!dirty) { return; }
    dirty = false;
    fetch(form.dataset.autosaveUrl, {
      method: "POST", body: payload(), credentials: "same-origin", keepalive: !!keepalive,
      headers: { "X-Requested-With": "XMLHttpRequest" }
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (status) { status.textContent = answer.message || answer.error || ""; }
      });
    }).catch(function () {
      dirty = true;  // try again on the next change or when the connection is back
      if (status) { status.textContent = form.dataset.msgOffline; }
    });
  }

  function changed(event) {
    if (event.target.type === "file") { return; }
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, 2500);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  window.addEventListener("online", function () { save(false); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { save(true); }
  });
}());
