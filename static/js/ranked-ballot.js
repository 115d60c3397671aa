// The ranked ballot: the voter puts candidates in order by dragging them (mouse, touch or pen,
// by the grip on the left) or with buttons that work from the keyboard and with a screen
// reader (add, move up, move down, remove; each change is announced). The order is written
// into the ballot's place selects, which are the ballot without this script, so the server
// gets the same fields either way. Each ballot on the screen (a proxy holder fills in several)
// is a list of its own.
(function () {
  "use strict";

  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? String(values[key]) : whole;
    });
  }

  function setUp(ballot) {
    const ranked = ballot.querySelector("[data-ranked]");
    const unranked = ballot.querySelector("[data-unranked]");
    const status = ballot.querySelector("[data-ranked-status]");
    const empty = ballot.querySelector("[data-ranked-empty]");
    const texts = ballot.dataset;
    const items = Array.from(ballot.querySelectorAll("[data-option]"));
    let announcement = 0;

    function selectOf(item) {
      return document.getElementById(item.dataset.select);
    }

    function placeOf(item) {
      return Array.prototype.indexOf.call(ranked.children, item) + 1;
    }

    function announce(text) {
      // Emptied first and filled a moment later, so the same sentence twice is read twice.
      window.clearTimeout(announcement);
      status.textContent = "";
      announcement = window.setTimeout(function () {
        status.textContent = text;
      }, 60);
    }

    function announcePlace(item) {
      announce(
        format(texts.textPosition, {
          name: item.dataset.name,
          place: placeOf(item),
          count: ranked.children.length,
        }),
      );
    }

    // Numbers, buttons and the selects follow the lists.
    function refresh() {
      const count = ranked.children.length;
      Array.from(ranked.children).forEach(function (item, index) {
        item.querySelector("[data-place]").textContent = index + 1 + ".";
        item.querySelector("[data-up]").setAttribute("aria-disabled", String(index === 0));
        item.querySelector("[data-down]").setAttribute("aria-disabled", String(index === count - 1));
        selectOf(item).value = String(index + 1);
      });
      items.forEach(function (item) {
        const isRanked = item.parentElement === ranked;
        item.querySelector("[data-handle]").hidden = !isRanked;
        item.querySelector("[data-up]").hidden = !isRanked;
        item.querySelector("[data-down]").hidden = !isRanked;
        item.querySelector("[data-remove]").hidden = !isRanked;
        item.querySelector("[data-add]").hidden = isRanked;
        if (!isRanked) {
          item.querySelector("[data-place]").textContent = "";
          selectOf(item).value = "";
        }
      });
      empty.hidden = count > 0;
    }

    // Back in the list of those not ranked, a candidate takes their ballot-paper place.
    function unrank(item) {
      const paper = Number(item.dataset.paper);
      const next = Array.from(unranked.children).find(function (other) {
        return Number(other.dataset.paper) > paper;
      });
      unranked.insertBefore(item, next || null);
    }

    function move(item, button, step) {
      const index = placeOf(item) - 1;
      const target = index + step;
      if (target < 0) {
        announce(format(texts.textFirst, { name: item.dataset.name }));
        return;
      }
      if (target >= ranked.children.length) {
        announce(format(texts.textLast, { name: item.dataset.name }));
        return;
      }
      const others = Array.from(ranked.children).filter(function (other) {
        return other !== item;
      });
      ranked.insertBefore(item, others[target] || null);
      refresh();
      button.focus(); // moving the element took the focus away
      announcePlace(item);
    }

    ballot.addEventListener("click", function (event) {
      const button = event.target.closest("button");
      const item = button && button.closest("[data-option]");
      if (!item || !ballot.contains(item)) {
        return;
      }
      if (button.hasAttribute("data-up")) {
        move(item, button, -1);
      } else if (button.hasAttribute("data-down")) {
        move(item, button, 1);
      } else if (button.hasAttribute("data-add")) {
        ranked.appendChild(item);
        refresh();
        // The candidate's last control: Tab goes on to the next candidate not ranked yet.
        item.querySelector("[data-remove]").focus();
        announcePlace(item);
      } else if (button.hasAttribute("data-remove")) {
        unrank(item);
        refresh();
        item.querySelector("[data-add]").focus();
        announce(format(texts.textRemoved, { name: item.dataset.name }));
      }
    });

    // Dragging by the grip, with pointer events (one code path for mouse, touch and pen).
    // The document follows the pointer, since moving the item in the list can end a capture.
    ranked.addEventListener("pointerdown", function (event) {
      const handle = event.target.closest("[data-handle]");
      if (!handle || event.button !== 0) {
        return;
      }
      const item = handle.closest("[data-option]");
      const startPlace = placeOf(item);
      event.preventDefault();
      item.classList.add("is-dragging");

      function follow(pointer) {
        const edge = 56;
        if (pointer.clientY < edge) {
          window.scrollBy(0, -12);
        } else if (pointer.clientY > window.innerHeight - edge) {
          window.scrollBy(0, 12);
        }
        const before = Array.from(ranked.children).find(function (other) {
          if (other === item) {
            return false;
          }
          const box = other.getBoundingClientRect();
          return pointer.clientY < box.top + box.height / 2;
        });
        if (item.nextElementSibling !== (before || null)) {
          ranked.insertBefore(item, before || null);
          refresh();
        }
      }

      function drop() {
        document.removeEventListener("pointermove", follow);
        document.removeEventListener("pointerup", drop);
        document.removeEventListener("pointercancel", drop);
        item.classList.remove("is-dragging");
        refresh();
        if (placeOf(item) !== startPlace) {
          announcePlace(item);
        }
      }

      document.addEventListener("pointermove", follow);
      document.addEventListener("pointerup", drop);
      document.addEventListener("pointercancel", drop);
    });

    // Start from the places in the selects: a ballot sent back to be changed, or a form the
    // browser restored.
    items
      .filter(function (item) {
        return selectOf(item).value !== "";
      })
      .sort(function (a, b) {
        return (
          Number(selectOf(a).value) - Number(selectOf(b).value) ||
          Number(a.dataset.paper) - Number(b.dataset.paper)
        );
      })
      .forEach(function (item) {
        ranked.appendChild(item);
      });
    refresh();
    ballot.querySelector("[data-ranked-lists]").hidden = false;
    ballot.querySelector("[data-ranked-fallback]").hidden = true;
  }

  document.querySelectorAll("[data-ranked-ballot]").forEach(setUp);
})();
