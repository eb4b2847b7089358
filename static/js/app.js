// A table wider than the screen scrolls inside its .table-responsive box; such a box must be
// reachable with the keyboard to be scrolled (WCAG 2.1.1), so it takes a tab stop only while it
// actually scrolls. Runs on load, on resize and after htmx swaps content in.
(function () {
  "use strict";
  function markScrollableTables() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label")) {
          var caption = box.querySelector("caption");
          box.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
        }
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", markScrollableTables);
  window.addEventListener("resize", markScrollableTables);
  document.addEventListener("htmx:afterSwap", markScrollableTables);
})();

// A form marked data-busy-on-submit shows its spinner and disables its button once sent, so
// a long request is seen to be under way and is not sent twice.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-busy-on-submit")) return;
    form.querySelectorAll("[data-busy]").forEach(function (spinner) {
      spinner.classList.remove("d-none");
    });
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      window.setTimeout(function () { button.disabled = true; }, 0);
      button.setAttribute("aria-busy", "true");
    });
  });
})();
