(function () {
  "use strict";
  // Data arrives as JSON in a non-executed script element. Everything below builds the page
  // with DOM APIs and textContent only: no innerHTML, no string-built markup.
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var T = data.ui;
  var C = data.candidates;
  var R = data.rules;
  var FAM = data.families;
  var OUT = { t: "true", f: "false", u: "unknown", n: "n/a" };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) { return; }
        if (k === "text") { node.textContent = String(v); }
        else if (k === "className") { node.className = v; }
        else { node.setAttribute(k, String(v)); }
      });
    }
    (children || []).forEach(function (ch) {
      if (ch === null || ch === undefined) { return; }
      node.appendChild(typeof ch === "string" ? document.createTextNode(ch) : ch);
    });
    return node;
  }

  function fmt(x, digits) {
    if (x === null || x === undefined) { return ""; }
    return Number(x).toFixed(digits === undefined ? 1 : digits);
  }

  function pct(x) { return Math.max(0, Math.min(100, Number(x) || 0)); }

  function valueLabel(field, code) {
    if (!code) { return ""; }
    var m = data.values[field];
    if (m && Object.prototype.hasOwnProperty.call(m, code)) { return m[code]; }
    return String(code).replace(/_/g, " ");
  }

  function fieldLabel(name) {
    return Object.prototype.hasOwnProperty.call(data.fields, name) ? data.fields[name] : name;
  }

  // ---- table: sorting ------------------------------------------------------------------------
  var table = document.getElementById("ranking-table");
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var ths = Array.prototype.slice.call(table.tHead.rows[0].cells);

  function cellKey(row, col, type) {
    var td = row.cells[col];
    var v = td.hasAttribute("data-v") ? td.getAttribute("data-v") : td.textContent.trim();
    if (v === "") { return null; }
    if (type === "num") {
      var n = parseFloat(v);
      return isNaN(n) ? null : n;
    }
    return v.toLocaleLowerCase();
  }

  var collator = new Intl.Collator(data.lang === "ko" ? "ko" : "en", { numeric: true, sensitivity: "base" });

  function sortBy(col, dir) {
    var type = ths[col].getAttribute("data-type");
    var keyed = rows.map(function (row) {
      return { row: row, key: cellKey(row, col, type), i: Number(row.getAttribute("data-i")) };
    });
    keyed.sort(function (a, b) {
      if (a.key === null && b.key === null) { return a.i - b.i; }
      if (a.key === null) { return 1; }   // unknown values last, whatever the direction
      if (b.key === null) { return -1; }
      var c = type === "num" ? a.key - b.key : collator.compare(a.key, b.key);
      if (c === 0) { return a.i - b.i; }  // ties keep the rank order
      return dir === "descending" ? -c : c;
    });
    keyed.forEach(function (k) { tbody.appendChild(k.row); });
    ths.forEach(function (th, j) { th.setAttribute("aria-sort", j === col ? dir : "none"); });
  }

  ths.forEach(function (th, col) {
    var button = th.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var now = th.getAttribute("aria-sort");
      sortBy(col, now === "ascending" ? "descending" : "ascending");
    });
  });

  // ---- table: the column chooser (a narrow screen starts with fewer columns) -----------------
  var chooser = Array.prototype.slice.call(document.querySelectorAll("#col-chooser input[data-col]"));
  function showColumn(box) { table.classList.toggle("hide-" + box.getAttribute("data-col"), !box.checked); }
  var narrow = window.innerWidth < 700;
  chooser.forEach(function (box) {
    box.checked = box.getAttribute(narrow ? "data-narrow" : "data-wide") === "1";
    showColumn(box);
    box.addEventListener("change", function () { showColumn(box); });
  });

  // ---- table and map: filtering --------------------------------------------------------------
  var selects = Array.prototype.slice.call(document.querySelectorAll("#filters select"));
  var search = document.getElementById("f-search");
  var count = document.getElementById("f-count");
  var points = Array.prototype.slice.call(document.querySelectorAll("#map-points [data-i]"));
  var marks = points.filter(function (p) { return p.hasAttribute("data-members"); });
  var qCounts = Array.prototype.slice.call(document.querySelectorAll(".qn[data-q]"));
  var counted = document.getElementById("q-counted");
  var visibleNow = {};

  function members(p) { return p.getAttribute("data-members").split(",").map(Number); }

  // The map follows the filters: each mark shows how many of its candidates are visible (its
  // area grows with the number), and the quadrant counts count the visible eligible ones.
  function updateMap(visible) {
    marks.forEach(function (p) {
      var n = members(p).filter(function (i) { return visible[i]; }).length;
      p.classList.toggle("dim", n === 0);
      p.setAttribute("data-shown", String(n));
      if (p.tagName.toLowerCase() === "circle" && n > 0) { p.setAttribute("r", (4.5 * Math.sqrt(n)).toFixed(1)); }
    });
    points.forEach(function (p) {
      if (!p.hasAttribute("data-members")) { p.classList.toggle("dim", !visible[Number(p.getAttribute("data-i"))]); }
    });
    var n = [0, 0, 0, 0, 0];
    var total = 0;
    C.forEach(function (c, i) {
      if (visible[i] && c.q !== null && c.q !== undefined) { n[c.q] += 1; total += 1; }
    });
    qCounts.forEach(function (el) { el.textContent = String(n[Number(el.getAttribute("data-q"))]); });
    if (counted) { counted.textContent = String(total); }
    drawBudget(visible);
  }

  // The budget line (the Infrastructure Prioritization Framework's): the visible eligible
  // candidates with a known cost, best combined index (x + y) first, until the budget is spent;
  // the line x + y = s runs between the last one in and the first one out.
  var budgetLine = document.getElementById("budget-line");
  var budgetNote = document.getElementById("budget-note");
  var mapSvg = document.getElementById("quadrant-map");
  function drawBudget(visible) {
    if (!data.budget || !budgetLine) { return; }
    var dom = mapSvg.getAttribute("data-domain").split(",").map(Number);
    var plot = mapSvg.getAttribute("data-plot").split(",").map(Number);
    var pool = [];
    var noCost = 0;
    C.forEach(function (c, i) {
      if (!visible[i] || c.status !== "eligible") { return; }
      if (c.cost === null || c.cost === undefined) { noCost += 1; return; }
      pool.push(c);
    });
    pool.sort(function (a, b) { return (b.x + b.y) - (a.x + a.y) || a.rank - b.rank; });
    var spent = 0;
    var k = 0;
    while (k < pool.length && spent + pool[k].cost <= data.budget) { spent += pool[k].cost; k += 1; }
    budgetLine.setAttribute("data-funded", String(k));
    budgetNote.textContent = T.budget_note.replace("{budget}", String(data.budget)).replace("{n}", String(k))
      .replace("{spent}", spent.toFixed(1)).replace("{m}", String(noCost));
    if (k === 0) { budgetLine.setAttribute("hidden", ""); return; }
    var last = pool[k - 1].x + pool[k - 1].y;
    var s = k < pool.length ? (last + pool[k].x + pool[k].y) / 2 : last - 1;
    // Clip x + y = s to the plotted domain.
    var pts = [];
    [[dom[0], s - dom[0]], [dom[1], s - dom[1]], [s - dom[2], dom[2]], [s - dom[3], dom[3]]].forEach(function (q) {
      if (q[0] >= dom[0] - 1e-9 && q[0] <= dom[1] + 1e-9 && q[1] >= dom[2] - 1e-9 && q[1] <= dom[3] + 1e-9) { pts.push(q); }
    });
    if (pts.length < 2) { budgetLine.setAttribute("hidden", ""); return; }
    function px(v) { return plot[0] + plot[2] * (v - dom[0]) / (dom[1] - dom[0]); }
    function py(v) { return plot[1] + plot[3] * (1 - (v - dom[2]) / (dom[3] - dom[2])); }
    budgetLine.setAttribute("x1", px(pts[0][0]).toFixed(1));
    budgetLine.setAttribute("y1", py(pts[0][1]).toFixed(1));
    budgetLine.setAttribute("x2", px(pts[pts.length - 1][0]).toFixed(1));
    budgetLine.setAttribute("y2", py(pts[pts.length - 1][1]).toFixed(1));
    budgetLine.removeAttribute("hidden");
  }

  function haystack(c) {
    return [c.id, c.name, c.city, c.country].join(" ").toLocaleLowerCase();
  }

  function applyFilters() {
    var want = selects.map(function (s) { return [s.getAttribute("data-attr"), s.value]; });
    var q = search.value.trim().toLocaleLowerCase();
    var visible = {};
    var shown = 0;
    rows.forEach(function (row) {
      var i = Number(row.getAttribute("data-i"));
      var ok = want.every(function (w) { return !w[1] || row.getAttribute("data-" + w[0]) === w[1]; });
      if (ok && q) { ok = haystack(C[i]).indexOf(q) >= 0; }
      row.hidden = !ok;
      if (ok) { visible[i] = true; shown += 1; }
    });
    visibleNow = visible;
    updateMap(visible);
    count.textContent = T.showing + " " + shown + " " + T.of + " " + rows.length;
  }

  selects.forEach(function (s) { s.addEventListener("change", applyFilters); });
  search.addEventListener("input", applyFilters);
  document.getElementById("filters").addEventListener("submit", function (e) { e.preventDefault(); });
  // ---- export: the rows the filters show, in the table's order, as CSV ------------------------
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
    var lines = [head.join(",")];
    Array.prototype.forEach.call(tbody.rows, function (row) {
      if (row.hidden) { return; }
      var c = C[Number(row.getAttribute("data-i"))];
      var vals = [c.rank, c.id, c.name, c.city, c.country, c.region, c.field, c.stage, c.score, c.lo, c.hi,
        c.status, c.comp, c.q === null || c.q === undefined ? "" : QKEY[c.q]];
      if (data.sens) { vals = vals.concat(c.s ? c.s : ["", "", "", ""]); }
      lines.push(vals.map(csvCell).join(","));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }
  document.getElementById("export-csv").addEventListener("click", function () {
    var blob = new Blob([exportCsv()], { type: "text/csv;charset=utf-8" });
    var a = el("a", { href: URL.createObjectURL(blob), download: "polex-report-rows.csv" });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  });

  document.getElementById("f-reset").addEventListener("click", function () {
    selects.forEach(function (s) { s.value = ""; });
    search.value = "";
    applyFilters();
  });

  // ---- drill-down ----------------------------------------------------------------------------
  var drill = document.getElementById("drill");
  var body = document.getElementById("drill-body");
  var current = null;

  function section(title, id) {
    var h = el("h3", { text: title, id: id || null });
    return h;
  }

  function ruleTitle(j) { return R[j] ? R[j].title : ""; }

  function scoreBlock(c) {
    var track = el("div", { className: "track", title: T.range + " " + fmt(c.lo) + "–" + fmt(c.hi) });
    var band = el("div", { className: "band" });
    band.style.left = pct(c.lo) + "%";
    band.style.width = Math.max(0.5, pct(c.hi) - pct(c.lo)) + "%";
    var mark = el("div", { className: "mark" });
    mark.style.left = pct(c.score) + "%";
    track.appendChild(band);
    track.appendChild(mark);
    var parts = [
      el("div", { className: "big", text: fmt(c.score) }),
      el("div", null, [track, el("div", { className: "range-text", text: T.range + " " + fmt(c.lo) + "–" + fmt(c.hi) })]),
      el("span", { className: "badge " + c.status, text: T[c.status] }),
      el("span", { text: T.rank + " " + c.rank }),
      el("span", { text: T.completeness + " " + Math.round(100 * (c.comp || 0)) + "%" }),
      el("span", { text: T.quadrant_of + ": " + data.quadrants[c.q] })
    ];
    if (c.s && data.sens) {
      parts.push(el("span", { className: "sens", text: T.sens_of + ": " + T.median_rank + " " + c.s[0] + ", " +
        T.rank_interval + " " + c.s[1] + "–" + c.s[2] + ", " + T.p_top + " " + Math.round(100 * c.s[3]) + "%" }));
    }
    return el("div", { className: "scorebox" }, parts);
  }

  function gatesBlock(c) {
    var out = [section(T.gates)];
    if (c.gates.length) {
      out.push(el("ul", { className: "gate-list", id: "drill-gates" }, c.gates.map(function (j) {
        var r = R[j];
        return el("li", null, [el("span", { className: "t", text: r.title }), " ",
          el("span", { className: "src", text: "(" + r.source + ")" }), el("div", { className: "reason", text: r.reason })]);
      })));
    } else {
      out.push(el("p", { className: "note", text: T.no_gates }));
    }
    if (c.status === "possibly") {
      var pending = [];
      R.forEach(function (r, j) { if (r.kind === "gate" && c.o.charAt(j) === "u") { pending.push(r); } });
      out.push(el("p", { className: "warnline", text: T.possibly_long }));
      out.push(el("ul", { className: "gate-list unknown-gates" }, pending.map(function (r) {
        return el("li", null, [el("span", { className: "out unknown", text: T.unknown + ": " }),
          el("strong", { text: r.title }), " ", el("span", { className: "src", text: "(" + r.source + ")" }),
          el("div", { className: "cond", text: r.cond })]);
      })));
    }
    return out;
  }

  function familiesBlock(c) {
    var out = [section(T.families)];
    FAM.forEach(function (f, k) {
      var share = c.fam[k] === null ? 0 : c.fam[k];
      var fill = el("span");
      fill.style.width = pct(100 * share) + "%";
      out.push(el("div", { className: "fam-row", "data-family": f.id }, [
        el("span", { text: f.label }),
        el("span", { className: "w", text: fmt(f.weight, 2) }),
        el("div", { className: "bar", role: "img", "aria-label": f.label + " " + Math.round(100 * share) + "%" }, [fill]),
        el("span", { className: "num", text: Math.round(100 * share) + "%" })
      ]));
    });
    return out;
  }

  // The score as a waterfall: the baseline, then each rule's contribution (hundredths of a
  // point, rounded so that they add up to the score exactly), then the score.
  function waterfallBlock(c) {
    var out = [section(T.waterfall)];
    var wf = c.wf;
    var box = el("div", { className: "wf", id: "drill-waterfall", "data-score": String(wf[2]) });
    function row(kind, label, from, to, step, j) {
      var lo = Math.min(from, to) / 100;
      var hi = Math.max(from, to) / 100;
      var seg = el("span", { className: "seg" });
      seg.style.left = pct(lo) + "%";
      seg.style.width = Math.max(0, pct(hi) - pct(lo)) + "%";
      var text = kind === "step" ? (step > 0 ? "+" : "−") + (Math.abs(step) / 100).toFixed(2) : (step / 100).toFixed(2);
      return el("div", { className: "wf-row " + (kind === "step" ? (step > 0 ? "up" : "down") : kind),
        "data-step": String(step), "data-rule": j === undefined ? null : R[j].id, title: label }, [
        el("span", { className: "lab", text: label }), el("div", { className: "trk" }, [seg]),
        el("span", { className: "v", text: text })]);
    }
    var run = wf[0];
    box.appendChild(row("base", T.wf_baseline, 0, run, wf[0]));
    wf[1].forEach(function (st) {
      var j = st[0];
      box.appendChild(row("step", R[j].title, run, run + st[1], st[1], j));
      run += st[1];
    });
    box.appendChild(row("total", T.wf_total, 0, run, run));
    out.push(box);
    out.push(el("p", { className: "note", text: T.wf_note }));
    return out;
  }

  function improvementsBlock(c) {
    var out = [section(T.improve)];
    if (!c.imp.length) { out.push(el("p", { className: "note", text: T.none })); return out; }
    out.push(el("ol", { className: "imp-list", id: "drill-improvements" }, c.imp.map(function (m) {
      var r = R[m[0]];
      var gain = m[1] === null ? el("span", { className: "gain gate", text: T.gate_first })
        : el("span", { className: "gain", text: "+" + fmt(m[1]) });
      return el("li", null, [gain, el("strong", { text: r.title }), ": " + r.hint + " ",
        el("span", { className: "src", text: "(" + r.source + ")" })]);
    })));
    return out;
  }

  function unknownsBlock(c) {
    var out = [section(T.unknowns)];
    if (!c.unk.length) { out.push(el("p", { className: "note", text: T.none })); return out; }
    out.push(el("ul", { className: "unk-list", id: "drill-unknowns" }, c.unk.map(function (u) {
      var parts = [el("strong", { text: fieldLabel(u[0]) }), " ", el("code", { text: u[0] }),
        ": " + T.swing + " ±" + fmt(u[1])];
      if (u[3]) { parts.push(" "); parts.push(el("span", { className: "badge ineligible", text: T.can_gate })); }
      if (u[2].length) {
        parts.push(el("div", { className: "reason", text: T.read_by + ": " + u[2].map(ruleTitle).join("; ") }));
      }
      return el("li", null, parts);
    })));
    return out;
  }

  function factsBlock(c) {
    if (!c.facts.length) { return []; }
    var tb = el("tbody", null, c.facts.map(function (f) {
      var shown = (f[0] === "region" || f[0] === "field" || f[0] === "stage") ? valueLabel(f[0], f[1]) : f[1];
      return el("tr", null, [el("td", { text: fieldLabel(f[0]) }), el("td", { text: shown })]);
    }));
    return [el("details", { className: "facts-box" }, [el("summary", { text: T.facts + " (" + c.facts.length + ")" }),
      el("table", { className: "facts" }, [tb])])];
  }

  function rulesBlock(c) {
    var out = [section(T.rules + " (" + R.length + ")")];
    var filter = el("select", { id: "drill-outcome" }, [
      el("option", { value: "", text: T.all }), el("option", { value: "true", text: T["true"] }),
      el("option", { value: "false", text: T["false"] }), el("option", { value: "unknown", text: T.unknown }),
        el("option", { value: "n/a", text: T["n/a"] })
    ]);
    out.push(el("div", { className: "rules-tools" }, [el("label", null, [T.show_outcomes + " ", filter])]));
    var thead = el("thead", null, [el("tr", null, [T.rule, T.outcome, T.contribution, T.reason, T.source]
      .map(function (h) { return el("th", { text: h }); }))]);
    var tb = el("tbody");
    var lastFamily = null;
    R.forEach(function (r, j) {
      if (r.family !== lastFamily) {
        lastFamily = r.family;
        var fam = FAM.filter(function (f) { return f.id === r.family; })[0] || { label: r.family };
        tb.appendChild(el("tr", { className: "fam-head", "data-family": r.family },
          [el("th", { colspan: "5", text: fam.label })]));
      }
      var outcome = OUT[c.o.charAt(j)];
      var pts = r.kind === "gate" || r.kind === "derive" ? "" : (c.c[j] > 0 ? "+" : "") + fmt(c.c[j], 2);
      if (r.kind === "penalty" && c.c[j] > 0) { pts = "−" + fmt(c.c[j], 2); }
      tb.appendChild(el("tr", { className: "rule-row kind-" + r.kind, "data-rule": r.id, "data-outcome": outcome }, [
        el("td", null, [el("span", { className: "kind " + r.kind, text: T["k_" + r.kind] }), " ",
          el("strong", { text: r.title }), el("div", { className: "cond", text: r.cond })]),
        el("td", { className: "out " + outcome, text: T[outcome] }),
        el("td", { className: "num", text: pts }),
        el("td", null, [el("div", { className: "reason clamp", text: r.reason, title: T.expand })]),
        el("td", { className: "src", text: r.source })
      ]));
    });
    tb.addEventListener("click", function (e) {
      var td = e.target.closest ? e.target.closest(".clamp") : null;
      if (td) { td.classList.toggle("full"); }
    });
    filter.addEventListener("change", function () {
      Array.prototype.forEach.call(tb.rows, function (row) {
        row.hidden = !!filter.value && row.getAttribute("data-outcome") !== filter.value;
      });
    });
    out.push(el("table", { id: "drill-rules", className: "rules" }, [thead, tb]));
    return out;
  }

  function open(i, fromHash) {
    var c = C[i];
    if (!c) { return; }
    current = i;
    while (body.firstChild) { body.removeChild(body.firstChild); }
    var where = [c.city, c.country, valueLabel("region", c.region), valueLabel("field", c.field),
      valueLabel("stage", c.stage)].filter(function (x) { return x; }).join(" · ");
    var parts = [
      el("h2", { id: "drill-title" }, [c.rank + ". ", el("code", { text: c.id }), c.name ? " " + c.name : ""]),
      el("p", { className: "where", text: where }),
      scoreBlock(c)
    ];
    parts = parts.concat(gatesBlock(c), familiesBlock(c), waterfallBlock(c), improvementsBlock(c), unknownsBlock(c), factsBlock(c),
      rulesBlock(c));
    parts.forEach(function (p) { body.appendChild(p); });
    body.setAttribute("data-i", String(i));
    drill.hidden = false;
    drill.scrollTop = 0;
    rows.forEach(function (row) { row.classList.toggle("sel", Number(row.getAttribute("data-i")) === i); });
    points.forEach(function (p) { p.classList.toggle("sel", Number(p.getAttribute("data-i")) === i); });
    if (!fromHash) { location.hash = "c=" + encodeURIComponent(c.id); }
    document.getElementById("drill-close").focus({ preventScroll: true });
  }

  function close() {
    drill.hidden = true;
    current = null;
    rows.forEach(function (row) { row.classList.remove("sel"); });
    points.forEach(function (p) { p.classList.remove("sel"); });
    if (location.hash) { location.hash = ""; }
  }

  document.getElementById("drill-close").addEventListener("click", close);
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && current !== null) { close(); }
  });
  rows.forEach(function (row) {
    var i = Number(row.getAttribute("data-i"));
    row.addEventListener("click", function () { open(i); });
    row.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(i); }
    });
  });

  // ---- map: hover labels and clicks ----------------------------------------------------------
  var tip = document.getElementById("tip");
  function bestVisible(p) {
    var list = members(p).filter(function (i) { return visibleNow[i]; });
    return list.length ? list[0] : members(p)[0];
  }
  Array.prototype.forEach.call(document.querySelectorAll("#heatmap-chart .heat-row"), function (g) {
    var i = Number(g.getAttribute("data-i"));
    g.addEventListener("click", function () { open(i); });
    g.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(i); }
    });
  });
  marks.forEach(function (p) {
    p.addEventListener("mousemove", function (e) {
      tip.textContent = p.getAttribute("aria-label");
      tip.hidden = false;
      tip.style.left = (e.clientX + 14) + "px";
      tip.style.top = (e.clientY + 12) + "px";
    });
    p.addEventListener("mouseleave", function () { tip.hidden = true; });
    p.addEventListener("click", function () { open(bestVisible(p)); });
    p.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(bestVisible(p)); }
    });
  });

  // ---- deep link: #c=ID opens that candidate -------------------------------------------------
  function fromHash() {
    var h = location.hash.replace(/^#/, "");
    if (h.indexOf("c=") !== 0) { return; }
    var id = decodeURIComponent(h.slice(2));
    for (var i = 0; i < C.length; i += 1) {
      if (C[i].id === id) { if (current !== i) { open(i, true); } return; }
    }
  }
  window.addEventListener("hashchange", fromHash);
  applyFilters();
  fromHash();
  document.documentElement.setAttribute("data-ready", "1");
})();
