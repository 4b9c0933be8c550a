(function () {
  "use strict";
  // The CSV export of a report with extra columns: the page script's export (report.js) of the
  // rows the filters show, in the table's order, with the movement since a baseline (--baseline)
  // and the portfolio (--portfolio) added. It takes the export button's click before the page
  // script does (capture phase on the document), so the page script stays as it is.
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var C = data.candidates;
  var QKEY = ["advance", "prepare", "partner", "reconsider", "on_median"];
  function csvCell(v) {
    if (v === null || v === undefined) { return ""; }
    var s = String(v);
    if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) { s = "'" + s; }  // no formula in a spreadsheet
    return /[",\r\n]/.test(s) ? "\"" + s.replace(/"/g, "\"\"") + "\"" : s;
  }
  function exportCsv() {
    var head = ["rank", "id", "name", "partner_city", "country", "region", "field", "stage", "score", "score_lo",
      "score_hi", "eligibility", "completeness", "quadrant"];
    if (data.sens) { head = head.concat(["median_rank", "rank_lo", "rank_hi", "p_top"]); }
    if (data.baseline) { head = head.concat(["change", "previous_rank", "previous_score", "rank_change", "score_change"]); }
    if (data.portfolio) { head = head.concat(["in_portfolio"]); }
    var lines = [head.join(",")];
    var tbody = document.getElementById("ranking-table").tBodies[0];
    Array.prototype.forEach.call(tbody.rows, function (row) {
      if (row.hidden) { return; }
      var c = C[Number(row.getAttribute("data-i"))];
      var vals = [c.rank, c.id, c.name, c.city, c.country, c.region, c.field, c.stage, c.score, c.lo, c.hi,
        c.status, c.comp, c.q === null || c.q === undefined ? "" : QKEY[c.q]];
      if (data.sens) { vals = vals.concat(c.s ? c.s : ["", "", "", ""]); }
      if (data.baseline) {
        var d = c.d;
        vals = vals.concat(d ? [d.s, d.or, d.os, d.dr, d.ds] : ["", "", "", "", ""]);
      }
      if (data.portfolio) { vals.push(c.pf ? "true" : "false"); }
      lines.push(vals.map(csvCell).join(","));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }
  document.addEventListener("click", function (e) {
    var button = e.target && e.target.closest ? e.target.closest("#export-csv") : null;
    if (!button) { return; }
    e.stopPropagation();
    e.preventDefault();
    var blob = new Blob([exportCsv()], { type: "text/csv;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "polex-report-rows.csv";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }, true);
})();
