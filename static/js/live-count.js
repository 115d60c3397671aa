// Live counts for the chair and the projector: how many have voted, never who or what.
// Only the elements marked data-count-field change; nothing else on the page is touched.
(function () {
  "use strict";
  const blocks = document.querySelectorAll("[data-count-url]");
  if (!blocks.length) return;
  function refresh() {
    blocks.forEach((block) => {
      fetch(block.dataset.countUrl, { credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : null))
        .then((counts) => {
          if (!counts) return;
          block.querySelectorAll("[data-count-field]").forEach((field) => {
            const value = counts[field.dataset.countField];
            if (value !== undefined && field.dataset.countField !== "status") field.textContent = value;
          });
        })
        .catch(() => {});
    });
  }
  refresh();
  setInterval(refresh, 2000);
})();
