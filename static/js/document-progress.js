// The progress of a document made in the background, until it is ready or has failed.
(function () {
  "use strict";
  const block = document.querySelector("[data-document-status]");
  if (!block) return;
  const bar = block.querySelector("[data-document-progress]");
  const label = block.querySelector("[data-document-label]");
  const error = block.querySelector("[data-document-error]");
  const ready = block.querySelector("[data-document-ready]");
  function refresh() {
    fetch(block.dataset.documentStatus, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((state) => {
        if (!state) return;
        bar.value = state.progress;
        bar.textContent = state.progress + " %";
        label.textContent = state.label;
        if (state.status === "done") {
          ready.classList.remove("d-none");
          return;
        }
        if (state.status === "failed") {
          error.textContent = state.error;
          error.classList.remove("d-none");
          return;
        }
        setTimeout(refresh, 1500);
      })
      .catch(() => setTimeout(refresh, 3000));
  }
  if (!["done", "failed"].includes(block.dataset.initialStatus)) refresh();
})();
