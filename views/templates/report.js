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

  // ---- table and map: filtering --------------------------------------------------------------
  var selects = Array.prototype.slice.call(document.querySelectorAll("#filters select"));
  var search = document.getElementById("f-search");
  var count = document.getElementById("f-count");
  var points = Array.prototype.slice.call(document.querySelectorAll("#map-points [data-i]"));

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
    points.forEach(function (p) {
      p.classList.toggle("dim", !visible[Number(p.getAttribute("data-i"))]);
    });
    count.textContent = T.showing + " " + shown + " " + T.of + " " + rows.length;
  }

  selects.forEach(function (s) { s.addEventListener("change", applyFilters); });
  search.addEventListener("input", applyFilters);
  document.getElementById("filters").addEventListener("submit", function (e) { e.preventDefault(); });
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
    parts = parts.concat(gatesBlock(c), familiesBlock(c), improvementsBlock(c), unknownsBlock(c), factsBlock(c),
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
  points.forEach(function (p) {
    if (p.tagName.toLowerCase() !== "circle") { return; }
    var i = Number(p.getAttribute("data-i"));
    p.addEventListener("mousemove", function (e) {
      tip.textContent = p.getAttribute("aria-label");
      tip.hidden = false;
      tip.style.left = (e.clientX + 14) + "px";
      tip.style.top = (e.clientY + 12) + "px";
    });
    p.addEventListener("mouseleave", function () { tip.hidden = true; });
    p.addEventListener("click", function () { open(i); });
    p.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(i); }
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
