// The concept list builder and the member's own ranking: drag and drop, with buttons as the
// keyboard way to do the same. Every change re-serialises the order into the form and, on
// the builder, asks the server for the representation dashboard of the new order.
(function () {
  "use strict";
  const root = document.querySelector("[data-list-builder]");
  if (!root) return;
  const list = root.querySelector("[data-list]");
  const pool = root.querySelector("[data-pool]");
  const output = root.querySelector("[data-order-output]");
  const dashboard = document.querySelector("[data-dashboard]");
  const withPlaces = root.dataset.listBuilder === "places";
  let dragged = null;

  function serialise() {
    const items = Array.from(list.querySelectorAll("li[data-id]"));
    items.forEach((item, index) => {
      const number = item.querySelector("[data-number]");
      if (number) number.textContent = String(index + 1);
    });
    const places = items.map((item) => ({
      application_id: Number(item.dataset.id),
      is_pusher: withPlaces ? item.querySelector("[data-pusher]").checked : false,
      justification: withPlaces ? item.querySelector("[data-justification]").value : "",
    }));
    output.value = JSON.stringify(places);
    root.querySelector("[data-count]").textContent = String(items.length);
    return places;
  }

  let pending = null;
  function refreshDashboard() {
    if (!dashboard) return;
    clearTimeout(pending);
    pending = setTimeout(() => {
      const body = new FormData();
      body.append("places", output.value);
      body.append("csrfmiddlewaretoken", root.querySelector("[name=csrfmiddlewaretoken]").value);
      fetch(dashboard.dataset.url, { method: "POST", body, credentials: "same-origin" })
        .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
        .then((html) => { dashboard.innerHTML = html; })
        .catch(() => { dashboard.setAttribute("aria-busy", "false"); });
    }, 150);
  }

  function changed() {
    serialise();
    refreshDashboard();
  }

  function moveTo(item, target) {
    if (target === list) {
      item.querySelector("[data-add]")?.setAttribute("hidden", "");
      item.querySelectorAll("[data-in-list]").forEach((el) => el.removeAttribute("hidden"));
    } else {
      item.querySelector("[data-add]")?.removeAttribute("hidden");
      item.querySelectorAll("[data-in-list]").forEach((el) => el.setAttribute("hidden", ""));
    }
    target.appendChild(item);
  }

  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    event.preventDefault();
    const item = button.closest("li[data-id]");
    const action = button.dataset.action;
    if (action === "up" && item.previousElementSibling) {
      list.insertBefore(item, item.previousElementSibling);
    } else if (action === "down" && item.nextElementSibling) {
      list.insertBefore(item.nextElementSibling, item);
    } else if (action === "remove") {
      moveTo(item, pool);
    } else if (action === "add") {
      moveTo(item, list);
    }
    button.focus();
    changed();
  });

  root.addEventListener("change", (event) => {
    if (event.target.matches("[data-pusher]")) changed();
  });
  root.addEventListener("input", (event) => {
    if (event.target.matches("[data-justification]")) serialise();
  });

  list.addEventListener("dragstart", (event) => {
    dragged = event.target.closest("li[data-id]");
    if (dragged) event.dataTransfer.effectAllowed = "move";
  });
  list.addEventListener("dragover", (event) => {
    if (!dragged) return;
    event.preventDefault();
    const over = event.target.closest("li[data-id]");
    if (!over || over === dragged) return;
    const box = over.getBoundingClientRect();
    const after = event.clientY > box.top + box.height / 2;
    list.insertBefore(dragged, after ? over.nextElementSibling : over);
  });
  list.addEventListener("drop", (event) => {
    event.preventDefault();
    dragged = null;
    changed();
  });
  list.addEventListener("dragend", () => { dragged = null; changed(); });

  serialise();
})();
