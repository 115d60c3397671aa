/* Record a voice note or a video in the browser and upload it with a progress bar.
   Progressive enhancement: without MediaRecorder the widget stays hidden and the ordinary
   file field below it does the job. No inline scripts: the page's CSP forbids them. */
(function () {
  "use strict";

  function pickType(kind) {
    var candidates = kind === "video"
      ? ["video/webm;codecs=vp8,opus", "video/webm", "video/mp4"]
      : ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];
    for (var i = 0; i < candidates.length; i++) {
      if (window.MediaRecorder.isTypeSupported(candidates[i])) { return candidates[i]; }
    }
    return "";
  }

  function extensionFor(type) {
    if (type.indexOf("mp4") !== -1) { return "mp4"; }
    if (type.indexOf("ogg") !== -1) { return "ogg"; }
    return "webm";
  }

  function clock(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function setup(root) {
    if (!navigator.mediaDevices || !window.MediaRecorder) { return; }
    var kind = root.dataset.kind;
    var $ = function (name) { return root.querySelector("[data-part='" + name + "']"); };
    var start = $("start"), stop = $("stop"), redo = $("redo"), use = $("use");
    var timer = $("timer"), preview = $("preview"), progress = $("progress"), status = $("status");
    var recorder = null, stream = null, chunks = [], blob = null, ticking = null, seconds = 0;

    function say(text) { status.textContent = text; }
    function show(element, visible) { element.hidden = !visible; }

    start.addEventListener("click", function () {
      say(root.dataset.msgAsking);
      navigator.mediaDevices.getUserMedia({ audio: true, video: kind === "video" })
        .then(function (mediaStream) {
          stream = mediaStream;
          chunks = [];
          var type = pickType(kind);
          recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
          recorder.addEventListener("dataavailable", function (event) {
            if (event.data && event.data.size) { chunks.push(event.data); }
          });
          recorder.addEventListener("stop", function () {
            blob = new Blob(chunks, { type: recorder.mimeType || type });
            preview.src = URL.createObjectURL(blob);
            show(preview, true); show(use, true); show(redo, true); show(stop, false);
            say(root.dataset.msgRecorded);
            use.focus();
          });
          recorder.start(1000);
          seconds = 0;
          timer.textContent = clock(0);
          ticking = setInterval(function () { seconds += 1; timer.textContent = clock(seconds); }, 1000);
          show(start, false); show(stop, true); show(preview, false); show(use, false); show(redo, false);
          say(root.dataset.msgRecording);
          stop.focus();
        })
        .catch(function () { say(root.dataset.msgDenied); });
    });

    stop.addEventListener("click", function () {
      clearInterval(ticking);
      if (recorder && recorder.state !== "inactive") { recorder.stop(); }
      if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    });

    redo.addEventListener("click", function () {
      blob = null;
      show(preview, false); show(use, false); show(redo, false); show(start, true);
      start.click();
    });

    use.addEventListener("click", function () {
      if (!blob) { return; }
      var data = new FormData();
      var token = document.querySelector("input[name=csrfmiddlewaretoken]");
      data.append("csrfmiddlewaretoken", token ? token.value : "");
      data.append("kind", kind);
      data.append(kind, blob, "opname." + extensionFor(blob.type));
      var request = new XMLHttpRequest();
      request.open("POST", root.dataset.uploadUrl);
      request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      request.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) { progress.value = Math.round(100 * event.loaded / event.total); }
      });
      request.addEventListener("load", function () {
        var answer = {};
        try { answer = JSON.parse(request.responseText); } catch (error) { answer = {}; }
        if (request.status === 200 && answer.ok) {
          progress.value = 100;
          say(answer.message);
          var list = document.querySelector("[data-uploaded-files]");
          if (list) {
            var item = document.createElement("li");
            var link = document.createElement("a");
            link.href = answer.url;
            link.textContent = answer.name;
            item.appendChild(document.createTextNode(answer.kind + ": "));
            item.appendChild(link);
            list.appendChild(item);
          }
          show(use, false);
        } else {
          say(answer.error || root.dataset.msgFailed);
        }
        show(progress, false);
      });
      request.addEventListener("error", function () { say(root.dataset.msgFailed); show(progress, false); });
      progress.value = 0;
      show(progress, true);
      say(root.dataset.msgUploading);
      request.send(data);
    });

    root.hidden = false;
  }

  document.querySelectorAll("[data-recorder]").forEach(setup);
}());
