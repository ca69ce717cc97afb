// Sorting and filtering of the report's tables. No network, no eval: the
// script only reorders and hides rows that are already in the page.
(function () {
  "use strict";
  function cellText(row, i) {
    var c = row.cells[i];
    return c ? (c.getAttribute("data-sort") || c.textContent).trim() : "";
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, i) {
      th.tabIndex = 0;
      th.title = "Sort by this column";
      function sort() {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        var numeric = rows.every(function (r) {
          var t = cellText(r, i).replace(/,/g, "");
          return t === "" || t === "\u2014" || !isNaN(Number(t));
        });
        rows.sort(function (a, b) {
          var x = cellText(a, i), y = cellText(b, i);
          if (numeric) {
            x = Number(x.replace(/,/g, "")) || 0;
            y = Number(y.replace(/,/g, "")) || 0;
            return (x - y) * dir;
          }
          return x.localeCompare(y) * dir;
        });
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sort(); } });
    });
  });
  document.querySelectorAll("input.filter").forEach(function (input) {
    var table = document.getElementById(input.getAttribute("data-table"));
    if (!table) { return; }
    input.addEventListener("input", function () {
      var q = input.value.toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        r.hidden = q !== "" && r.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
  });
})();
