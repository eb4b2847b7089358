// The round form's running totals (issue 18, item 5): the sum of the votes and the sum of
// valid and invalid ballots, shown next to the fields and updated as the numbers are typed.
// Only a help for the eye: the server counts again and is the authority.
(function () {
  "use strict";
  var format = new Intl.NumberFormat(document.documentElement.lang || undefined);
  function update() {
    document.querySelectorAll("output[data-sum-of]").forEach(function (output) {
      var name = output.getAttribute("data-sum-of");
      var total = 0;
      var complete = true;
      document.querySelectorAll('input[data-sum="' + name + '"]').forEach(function (input) {
        var value = input.value.trim();
        if (value === "" || !/^\d+$/.test(value)) {
          complete = complete && value === "";
          return;
        }
        total += parseInt(value, 10);
      });
      output.textContent = complete ? format.format(total) : "…";
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    update();
    document.addEventListener("input", function (event) {
      if (event.target.matches && event.target.matches("input[data-sum]")) {
        update();
      }
    });
  });
})();
