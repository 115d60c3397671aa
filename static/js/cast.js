// The ballot's last step: cast without leaving the page, so the answer comes back as fast as
// the server can give it, and a second press can never cast twice (the button is disabled
// while the first is under way; the server refuses a second ballot anyway). Without this
// script the form posts normally and the server shows the receipt page.
(function () {
  "use strict";
  const form = document.querySelector("[data-cast-form]");
  if (!form || !window.fetch) {
    return;
  }
  const area = document.querySelector("[data-cast-area]");
  const button = form.querySelector("[data-cast-button]");
  const error = form.querySelector("[data-cast-error]");
  const offline = form.dataset.offlineMessage;

  function showError(text) {
    error.textContent = text;
    error.classList.remove("d-none");
    button.disabled = false;
  }

  function showReceipts(answer) {
    const page = document.getElementById("cast-receipt").content.cloneNode(true);
    const cardTemplate = document.getElementById("cast-receipt-card");
    for (const receipt of answer.receipts) {
      const card = cardTemplate.content.cloneNode(true);
      card.querySelector("[data-name]").textContent = receipt.name;
      card.querySelector("[data-receipt]").textContent = receipt.code;
      page.querySelector("[data-receipts]").appendChild(card);
    }
    for (const problem of answer.problems) {
      const alert = document.createElement("div");
      alert.className = "alert alert-warning";
      alert.setAttribute("role", "alert");
      alert.textContent = (problem.name ? problem.name + ": " : "") + problem.message;
      page.querySelector("[data-problems]").appendChild(alert);
    }
    if (!answer.receipts.length) {
      page.querySelector("h1").remove();
      page.querySelector("[data-keep-note]").remove();
    }
    area.replaceChildren(page);
    const heading = area.querySelector("h1");
    (heading || area.querySelector("[role=alert]")).focus?.();
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    if (button.disabled) {
      return;
    }
    button.disabled = true;
    error.classList.add("d-none");
    let answer;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      answer = await response.json();
    } catch (_problem) {
      showError(offline);
      return;
    }
    if (answer.error) {
      showError(answer.error);
      return;
    }
    showReceipts(answer);
  });
})();
