/* A transcript beside its recording: pressing a passage's time plays the recording from
   there, and the passage being played is marked while it plays. A link ending in
   #t=SECONDS&f=FILE (from the committee's transcript search) starts that recording at that
   moment. Without JavaScript the
   transcript still reads as text. */
(function () {
  "use strict";

  function segmentsOf(container) {
    return Array.prototype.slice.call(container.querySelectorAll(".transcript-segment"));
  }

  function mark(container, seconds) {
    segmentsOf(container).forEach(function (segment) {
      var start = parseFloat(segment.dataset.start);
      var end = parseFloat(segment.dataset.end);
      var current = seconds >= start && seconds < end;
      segment.classList.toggle("is-current", current);
      if (current) {
        segment.setAttribute("aria-current", "true");
      } else {
        segment.removeAttribute("aria-current");
      }
    });
  }

  function seek(player, container, seconds, play) {
    function go() {
      player.currentTime = seconds;
      mark(container, seconds);
      if (play) {
        var started = player.play();
        if (started && started.catch) { started.catch(function () { /* autoplay refused */ }); }
      }
    }
    if (player.readyState >= 1) {
      go();
    } else {
      player.addEventListener("loadedmetadata", go, { once: true });
      if (player.preload === "none") { player.preload = "metadata"; }
      player.load();
    }
  }

  function wire(container) {
    var player = document.getElementById(container.dataset.player || "");
    if (!player) { return; }
    container.addEventListener("click", function (event) {
      var button = event.target.closest("[data-seek]");
      if (!button || !container.contains(button)) { return; }
      event.preventDefault();
      seek(player, container, parseFloat(button.dataset.seek), true);
    });
    player.addEventListener("timeupdate", function () { mark(container, player.currentTime); });
    var wanted = /^#t=(\d+(?:\.\d+)?)(?:&f=([\w-]+))?$/.exec(window.location.hash);
    if (wanted && (!wanted[2] || wanted[2] === container.dataset.file)) {
      var seconds = parseFloat(wanted[1]);
      seek(player, container, seconds, false);
      var target = segmentsOf(container).filter(function (segment) {
        return parseFloat(segment.dataset.start) <= seconds && seconds < parseFloat(segment.dataset.end);
      })[0];
      if (target) { target.scrollIntoView({ block: "center" }); }
    }
  }

  document.querySelectorAll("[data-transcript][data-player]").forEach(wire);
})();
