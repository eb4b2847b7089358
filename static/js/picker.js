// Pickers (core/pickers.py): a text input with data-picker-url is an ARIA combobox. As the
// user types (several values: the part after the last comma), the names found by the search
// endpoint open in the listbox under it; Up/Down move through them, Enter or a click picks
// one (its code, or its name with data-picker-fill="name"), Escape closes the list. Without
// this script the input still takes a code or an exact name. Listeners sit on the document,
// so forms swapped in by htmx work too.
(function () {
  "use strict";
  var timers = new WeakMap();

  function listOf(input) {
    return document.getElementById(input.getAttribute("aria-controls"));
  }
  function isPicker(element) {
    return element && element.matches && element.matches("input[data-picker-url]");
  }
  function multiple(input) {
    return input.dataset.pickerMultiple === "true";
  }
  function term(input) {
    var value = input.value;
    return multiple(input) ? value.split(/[,;\n]/).pop().trim() : value.trim();
  }
  function close(input) {
    var list = listOf(input);
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }
  function options(input) {
    return Array.prototype.slice.call(listOf(input).querySelectorAll("[role=option]"));
  }
  function show(input, results) {
    var list = listOf(input);
    list.replaceChildren();
    results.forEach(function (result, index) {
      var option = document.createElement("li");
      option.id = list.id + "-" + index;
      option.className = "list-group-item list-group-item-action";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.value = input.dataset.pickerFill === "name" ? result.name : result.value;
      option.textContent = result.label;
      list.appendChild(option);
    });
    list.hidden = results.length === 0;
    input.setAttribute("aria-expanded", results.length ? "true" : "false");
    input.removeAttribute("aria-activedescendant");
  }
  function search(input) {
    var text = term(input);
    if (text.length < 2) {
      close(input);
      return;
    }
    var url = new URL(input.dataset.pickerUrl, window.location.href);
    url.searchParams.set("q", text);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (term(input) === text) show(input, data.results); })
      .catch(function () { close(input); });
  }
  function pick(input, option) {
    var value = option.dataset.value;
    if (multiple(input)) {
      var parts = input.value.split(",");
      parts[parts.length - 1] = " " + value;
      input.value = parts.join(",").replace(/^\s+/, "") + ", ";
    } else {
      input.value = value;
    }
    close(input);
    input.focus();
  }
  function move(input, step) {
    var all = options(input);
    if (!all.length) return;
    var current = all.findIndex(function (option) {
      return option.getAttribute("aria-selected") === "true";
    });
    var next = (current + step + all.length) % all.length;
    if (current < 0 && step < 0) next = all.length - 1;
    all.forEach(function (option, index) {
      option.setAttribute("aria-selected", index === next ? "true" : "false");
      option.classList.toggle("active", index === next);
    });
    input.setAttribute("aria-activedescendant", all[next].id);
    all[next].scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!isPicker(input)) return;
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(function () { search(input); }, 250));
  });
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!isPicker(input) || input.getAttribute("aria-expanded") !== "true") return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      move(input, event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close(input);
    } else if (event.key === "Enter") {
      var active = document.getElementById(input.getAttribute("aria-activedescendant"));
      if (active) {
        event.preventDefault();
        pick(input, active);
      }
    }
  });
  document.addEventListener("mousedown", function (event) {
    var option = event.target.closest && event.target.closest(".picker-options [role=option]");
    if (!option) return;
    event.preventDefault();
    var input = option.closest(".picker").querySelector("input[data-picker-url]");
    pick(input, option);
  });
  document.addEventListener("focusout", function (event) {
    if (isPicker(event.target)) close(event.target);
  });
})();
