(function () {
  "use strict";
  // The movement since a baseline, drawn into each drill-down as a section "Since the baseline".
  // Runs before the page script and watches the drill-down: the page script sets data-i on
  // #drill-body once it has built a candidate's drill-down; this adds the section after the score.
  // DOM APIs and textContent only.
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var T = data.ui;
  var C = data.candidates;
  var R = data.rules;
  var body = document.getElementById("drill-body");
  var OUTCOME = { "true": "true", "false": "false", "unknown": "unknown", "n/a": "n/a" };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) { return; }
      if (k === "text") { node.textContent = String(v); }
      else if (k === "className") { node.className = v; }
      else { node.setAttribute(k, String(v)); }
    });
    (children || []).forEach(function (ch) {
      if (ch === null || ch === undefined) { return; }
      node.appendChild(typeof ch === "string" ? document.createTextNode(ch) : ch);
    });
    return node;
  }

  function fieldLabel(name) {
    return Object.prototype.hasOwnProperty.call(data.fields, name) ? data.fields[name] : name;
  }

  function valueText(field, v) {
    if (v === "unknown") { return T.unknown; }
    var m = data.values[field];
    if (m && Object.prototype.hasOwnProperty.call(m, v)) { return m[v]; }
    return v;
  }

  function signed(x, digits) {
    if (x === null || x === undefined) { return ""; }
    if (x > 0) { return "+" + Number(x).toFixed(digits); }
    if (x < 0) { return "\u2212" + Math.abs(x).toFixed(digits); }
    return Number(0).toFixed(digits);
  }

  function dir(x) { return x > 0 ? "up" : (x < 0 ? "down" : "same"); }

  function yesNo(b) { return b === null || b === undefined ? "" : (b ? T.d_yes : T.d_no); }

  function row(label, then, now, change, cls) {
    return el("tr", null, [el("th", { text: label }), el("td", { className: "num", text: then }),
      el("td", { className: "num", text: now }), el("td", { className: "num " + (cls || ""), text: change })]);
  }

  function section(c) {
    var d = c.d;
    var box = el("div", { className: "since", id: "drill-since", "data-status": d.s });
    var head = el("p", null, [el("span", { className: "status", text: T.d_status + ": " + T["d_" + d.s] })]);
    box.appendChild(head);
    if (d.s === "added") {
      box.appendChild(el("p", { className: "note", text: T.d_added_long }));
      return [el("h3", { id: "drill-baseline", text: T.since_baseline }), box];
    }
    var rankChange = d.dr > 0 ? "\u25b2" + d.dr : (d.dr < 0 ? "\u25bc" + (-d.dr) : "\u2013");
    var tbl = el("table", { className: "since-table" }, [
      el("thead", null, [el("tr", null, [el("th"), el("th", { text: T.d_then }), el("th", { text: T.d_now }),
        el("th", { text: T.d_status })])]),
      el("tbody", null, [
        row(T.score, Number(d.os).toFixed(2), Number(c.score).toFixed(2), signed(d.ds, 2), dir(d.ds)),
        row(T.rank, String(d.or), String(c.rank), rankChange, dir(d.dr)),
        row(T.d_eligibility, yesNo(d.oe), yesNo(d.ne), d.oe === d.ne ? "" : (d.ne ? T.d_became_eligible : T.d_became_ineligible),
          d.oe === d.ne ? "" : (d.ne ? "up" : "down"))
      ])
    ]);
    box.appendChild(tbl);
    if (d.s === "unchanged") { box.appendChild(el("p", { className: "note", text: T.d_unchanged_long })); }
    if (d.s === "moved") { box.appendChild(el("p", { className: "note", text: T.d_moved_long })); }
    box.appendChild(el("h4", { text: T.d_fields }));
    if (d.f.length) {
      box.appendChild(el("ul", { id: "drill-changed-fields" }, d.f.map(function (f) {
        return el("li", { "data-field": f[0] }, [el("strong", { text: fieldLabel(f[0]) }), " ", el("code", { text: f[0] }),
          ": ", el("span", { className: "old", text: valueText(f[0], f[1]) }), " \u2192 ",
          el("span", { className: "new", text: valueText(f[0], f[2]) })]);
      })));
    } else {
      box.appendChild(el("p", { className: "note", text: T.d_no_fields }));
    }
    box.appendChild(el("h4", { text: T.d_rules }));
    if (d.r.length) {
      box.appendChild(el("ul", { id: "drill-flipped-rules" }, d.r.map(function (r) {
        var rule = R[r[0]];
        return el("li", { "data-rule": rule.id, "data-old": r[1], "data-new": r[2] }, [
          el("strong", { text: rule.title }), " ", el("code", { text: rule.id }), ": ",
          el("span", { className: "out " + r[1], text: T[OUTCOME[r[1]]] || r[1] }), " \u2192 ",
          el("span", { className: "out " + r[2], text: T[OUTCOME[r[2]]] || r[2] })]);
      })));
    } else {
      box.appendChild(el("p", { className: "note", text: T.d_no_rules }));
    }
    return [el("h3", { id: "drill-baseline", text: T.since_baseline }), box];
  }

  function addSection() {
    var c = C[Number(body.getAttribute("data-i"))];
    if (!c || !c.d || document.getElementById("drill-since")) { return; }
    var after = body.querySelector(".scorebox");
    var parts = section(c);
    var next = after ? after.nextSibling : null;
    parts.forEach(function (p) { body.insertBefore(p, next); });
  }

  new MutationObserver(addSection).observe(body, { attributes: true, attributeFilter: ["data-i"] });
})();
