"""The reviewer's report: one self-contained HTML file built from a Ranking (the edge, not engine/).

`build_context(ranking, ...)` turns a Ranking (and, optionally, a fitted sensitivity analysis)
into plain data; `render_html(context)` renders it with jinja2 (autoescape on). The page has
no external resource: CSS, JavaScript and the SVG charts are inline, and a Content-Security-
Policy forbids every fetch, so the file works offline and cannot call out even if some data
were malicious. Per-candidate data travels as JSON in a `<script type="application/json">`
block with `<`, `>` and `&` escaped; the page script builds drill-downs with DOM APIs and
textContent only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..engine.scorer import weighted_sum
from ..models.vocabulary import FIELD_BY_NAME, FIELDS
from .labels import FAMILY_LABELS, VALUE_LABELS_KO, expected_text, field_label, msg, report_ui, value_label
from .labels_baseline import baseline_report_ui
from .labels_commands import engine_text
from .report_baseline import attach_movement, baseline_columns, baseline_section
from .report_parts import ON_MEDIAN, QUADRANTS, candidate_data, family_heatmap, report_summary
from .report_portfolio import add_portfolio

TEMPLATES = Path(__file__).resolve().parent / "templates"


DEFAULT_TOP = 1000


# The quadrant map (after the World Bank's Infrastructure Prioritization Framework, which
# plots a social-environmental index against a financial-economic one): two composite
# indices, each the weighted mean of its families' scores under the profile's weights.
AXES = (
    ("readiness", ("readiness", "funding", "scale", "site", "delivery")),
    ("partnership", ("demand", "network", "fit", "context")),
)

# Completeness colours of the map (light to dark: less to more known), one per fifth.
COMPLETENESS_BINS = (0.2, 0.4, 0.6, 0.8)



def json_for_script(data: Any) -> str:
    """JSON safe inside a <script type="application/json"> element: no `<`, `>`, `&` (so no
    `</script>` or `<!--`), no U+2028/2029; NaN refused."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"),
                    ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _composite(family: np.ndarray, weights: np.ndarray, families: Sequence[str], members: Sequence[str]) -> np.ndarray:
    """A 0-100 index over some families: the scorer's weighted sum with their weights renormalised."""
    idx = [i for i, f in enumerate(families) if f in members and weights[i] > 0]
    if not idx:
        return np.zeros(family.shape[0])
    w = weights[idx]
    return weighted_sum(family[:, idx], w / w.sum())


def build_context(ranking, *, lang: str = "en", source: str = "", source_sha256: str = "", total_rows: int | None = None,
                  rejects: Sequence[Any] = (), top: int | None = DEFAULT_TOP, sensitivity: Any = None,
                  rank_by: str = "point", version: str = "", budget: float | None = None, baseline: Any = None,
                  baseline_source: str = "", baseline_sha256: str = "", portfolio: Any = None,
                  portfolio_spec: Any = None) -> dict[str, Any]:
    """Everything the template needs, as plain data (JSON-able where it goes to the script).
    `baseline` (an `engine.diff.Diff` of an older snapshot against this one) adds the movement
    since it (see `report_baseline`); without it nothing of that is in the page. `portfolio` (an
    `engine.portfolio.Portfolio` of this ranking, with its `portfolio_spec`) adds the portfolio
    section and its marks (see `report_portfolio`); likewise absent without it.

    Assembled from parts that each read alone: the axes of the quadrant map, the candidates (the
    script's per-candidate data), the table rows and filters, the rules appendix, the profile, the
    sensitivity section and the script's data block."""
    t = baseline_report_ui(lang) if baseline is not None else report_ui(lang)
    a = ranking.assessment
    sc = a.scorer_
    n_ranked = len(ranking)
    order = ranking.order[:top] if top else ranking.order
    rows = np.asarray(order, dtype=np.int64)
    families = list(sc.families_)
    weights = np.asarray(sc.weights_, dtype=float)
    fam_labels = FAMILY_LABELS.get(lang, FAMILY_LABELS["en"])

    axes, (xs, ys) = _axes(ranking.result, rows, families, weights, t, fam_labels)
    xs, ys = np.round(xs, 2), np.round(ys, 2)
    mx, my = _medians(ranking.result, rows, xs, ys)
    candidates = candidate_data(ranking, rows, xs, ys, mx, my, sensitivity)
    if baseline is not None:
        attach_movement(baseline, candidates)
    rules = _rules_appendix(a.ruleset, lang, fam_labels)
    sens_ctx = _sensitivity_section(sensitivity, candidates, t)

    quadrant_counts = quadrant_counts_of(candidates)
    labels = dict(t)
    if sens_ctx:
        labels["p_top"] = t["p_top"].format(k=sens_ctx["k"])

    context = {
        "lang": lang, "t": labels, "version": version, "prior_none": msg(lang, "prior_where_none"),
        "source": source, "source_sha256": source_sha256,
        "total_rows": total_rows if total_rows is not None else n_ranked, "n_ranked": n_ranked,
        "n_rejected_rows": len({r.row for r in rejects}),
        "rejects": [{"row": r.row, "id": r.id or "", "field": r.field, "value": r.value, "expected": expected_text(r.expected, lang)}
                    for r in list(rejects)[:500]],
        "more_rejects": max(0, len(rejects) - 500),
        "n_shown": len(candidates), "top_note": t["top_note"].format(shown=len(candidates), total=n_ranked)
        if len(candidates) < n_ranked else "",
        "n_rules": len(a.ruleset), "rank_by": t.get(f"rank_by_{rank_by}", rank_by),
        "table_rows": _table_rows(candidates, lang, t),
        "filters": _filters(candidates, lang),
        "rules": rules, "profile": _profile(a.profile, families, weights, lang, fam_labels),
        "map": _quadrant_map(candidates, axes, mx, my, t, quadrant_counts, budget),
        "axes": axes, "sens": sens_ctx,
        "summary": report_summary(ranking, rows, candidates, a.profile, t, lang),
        "heatmap": family_heatmap(candidates, families, fam_labels, t),
        "columns": _columns(labels, bool(sens_ctx)),
        "data": _script_data(lang, labels, families, weights, fam_labels, rules, t, sens_ctx, candidates,
                             (mx, my), budget),
        "baseline": None,
    }
    if baseline is not None:
        context["baseline"] = baseline_section(baseline, candidates, labels, baseline_source, baseline_sha256)
        context["columns"] = baseline_columns(labels, context["columns"])
        context["data"]["baseline"] = {"source": baseline_source}
    context["portfolio"] = None
    if portfolio is not None:
        add_portfolio(context, ranking, portfolio, portfolio_spec, rows, candidates, lang)
    return context


def quadrant_counts_of(candidates: Sequence[dict[str, Any]]) -> list[int]:
    """Eligible candidates per quadrant (advance, prepare, partner, reconsider) and, fifth, those
    on a median line; possibly ineligible and ineligible ones count nowhere."""
    counts = [0, 0, 0, 0, 0]
    for c in candidates:
        if c["q"] is not None:
            counts[c["q"]] += 1
    return counts


def _medians(result, rows: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> tuple[float, float]:
    """The median lines: medians of the shown candidates that are eligible with no gate left
    unknown (all shown candidates when none is), on the values as shown (2 decimals)."""
    if not len(rows):
        return 50.0, 50.0
    sure = result.eligible[rows] & ~result.gate_unknown[rows]
    pick = sure if sure.any() else np.ones(len(rows), dtype=bool)
    return round(float(np.median(xs[pick])), 2), round(float(np.median(ys[pick])), 2)


def _axes(result, rows: np.ndarray, families: list[str], weights: np.ndarray, t: dict[str, str],
          fam_labels: dict[str, str]) -> tuple[list[dict[str, Any]], list[np.ndarray]]:
    """The quadrant map's two composite indices (AXES): their descriptions, and each shown
    candidate's value on each (in `rows` order)."""
    fam_scores = result.family[rows] if len(rows) else np.zeros((0, len(families)))
    axes = []
    coords = []
    for key, members in AXES:
        present = [f for f in members if f in families]
        coords.append(_composite(fam_scores, weights, families, present))
        axes.append({"key": key, "label": t[f"axis_{key}"], "short": t[f"axis_{key}_short"],
                     "families": [{"id": f, "label": fam_labels.get(f, f),
                                   "weight": round(float(weights[families.index(f)]), 4)} for f in present]})
    return axes, coords


def _table_rows(candidates: list[dict[str, Any]], lang: str, t: dict[str, str]) -> list[dict[str, Any]]:
    """Display rows for the server-rendered table (Jinja escapes every cell)."""
    stage_order = {v: i for i, v in enumerate(FIELD_BY_NAME["stage"].values)}
    return [{
        "i": i, "rank": c["rank"], "id": c["id"], "name": c["name"], "city": c["city"], "country": c["country"],
        "region": c["region"], "region_label": value_label("region", c["region"], lang),
        "field": c["field"], "field_label": value_label("field", c["field"], lang),
        "stage": c["stage"], "stage_label": value_label("stage", c["stage"], lang),
        "stage_order": stage_order.get(c["stage"], -1),
        "score": c["score"], "lo": c["lo"], "hi": c["hi"], "status": c["status"], "status_label": t[c["status"]],
        "comp": c["comp"], "q": -1 if c["q"] is None else c["q"], "q_label": _q_label(c["q"], t), "s": c.get("s"),
    } for i, c in enumerate(candidates)]


def _q_label(q: int | None, t: dict[str, str]) -> str:
    if q is None:
        return t["q_none"]
    return t["q_on_median"] if q == ON_MEDIAN else t["q_" + QUADRANTS[q]]


def _filters(candidates: list[dict[str, Any]], lang: str) -> dict[str, list[dict[str, str]]]:
    """The table's filter menus: the region, field and stage values the shown candidates have,
    in the vocabulary's order."""
    def options(field: str) -> list[dict[str, str]]:
        present = {c[field] for c in candidates}
        return [{"value": v, "label": value_label(field, v, lang)} for v in FIELD_BY_NAME[field].values
                if v in present]

    return {"region": options("region"), "field": options("field"), "stage": options("stage")}


def _rules_appendix(ruleset, lang: str, fam_labels: dict[str, str]) -> list[dict[str, Any]]:
    """Every rule, as the appendix lists it and the drill-downs refer to it (by index)."""
    return [{
        "id": r.id, "family": r.family, "family_label": fam_labels.get(r.family, r.family), "kind": r.kind,
        "points": r.points, "title": r.title(lang), "reason": r.reason(lang), "hint": r.hint(lang),
        "source": r.cites, "cond": _condition(r),
    } for r in ruleset.rules]


def _profile(profile, families: list[str], weights: np.ndarray, lang: str,
             fam_labels: dict[str, str]) -> dict[str, Any]:
    """The weights profile: each family's weight as written and as used (renormalised), and why."""
    return {
        "name": profile.name,
        "description": profile.description(lang) if profile.description else "",
        "unknown_prior": profile.unknown_prior,
        "base_rates": bool(profile.base_rates),
        "families": [{"id": f, "label": fam_labels.get(f, f), "weight": w.weight,
                      "used_weight": round(float(weights[families.index(f)]), 4) if f in families else 0.0,
                      "why": engine_text(w.why, lang), "source": w.source or ""} for f, w in profile.families.items()],
        "provenance": _provenance(profile.provenance),
    }


def _sensitivity_section(sensitivity: Any, candidates: list[dict[str, Any]], t: dict[str, str]) -> dict[str, Any] | None:
    """The sensitivity section (None without an analysis): its settings, note and chart."""
    if sensitivity is None:
        return None
    from ..engine.sensitivity import QUANTILES

    lo_q, hi_q = round(100 * QUANTILES[0]), round(100 * QUANTILES[-1])
    k, draws, conc, seed = (int(sensitivity.top_k), int(sensitivity.draws), float(sensitivity.concentration),
                            sensitivity.seed)
    return {
        "draws": draws, "conc": conc, "seed": seed, "k": k, "lo_q": lo_q, "hi_q": hi_q,
        "note": t["sens_note"].format(draws=draws, conc=conc, seed=seed, lo=lo_q, hi=hi_q, k=k),
        "chart": _sensitivity_chart(candidates, t),
    }


def _script_data(lang: str, labels: dict[str, str], families: list[str], weights: np.ndarray,
                 fam_labels: dict[str, str], rules: list[dict[str, Any]], t: dict[str, str],
                 sens_ctx: dict[str, Any] | None, candidates: list[dict[str, Any]],
                 medians: tuple[float, float], budget: float | None) -> dict[str, Any]:
    """The JSON block the page script reads (labels, families, rules, candidates, the map's
    medians and the budget)."""
    return {
        "medians": list(medians), "budget": budget, "bins": list(COMPLETENESS_BINS),
        "lang": lang, "ui": labels,
        "families": [{"id": f, "label": fam_labels.get(f, f), "weight": round(float(weights[i]), 4)}
                     for i, f in enumerate(families)],
        "rules": [{k: r[k] for k in ("id", "family", "kind", "points", "title", "reason", "hint", "source", "cond")}
                  for r in rules],
        "fields": {f.name: field_label(f.name, lang) for f in FIELDS},
        "values": VALUE_LABELS_KO if lang == "ko" else {},
        "quadrants": [t["q_" + q] for q in QUADRANTS],
        "sens": {"k": sens_ctx["k"]} if sens_ctx else None,
        "candidates": candidates,
    }


def _completeness_bin(comp: float | None) -> int:
    return sum(1 for b in COMPLETENESS_BINS if (comp or 0.0) >= b)


# The ranking table's columns: key, label key, sort type, shown by default at 1440 px, shown by
# default on a narrow screen (the column chooser changes them).
TABLE_COLUMNS = (
    ("rank", "rank", "num", True, True), ("id", "id", "text", True, True), ("name", "name", "text", True, False),
    ("city", "partner_city", "text", True, False), ("country", "country", "text", True, False),
    ("region", "region", "text", False, False), ("field", "field", "text", True, False),
    ("stage", "stage", "num", True, False), ("score", "score", "num", True, True),
    ("lo", "score_lo", "num", False, False), ("hi", "score_hi", "num", False, False),
    ("status", "eligibility", "num", True, True), ("comp", "completeness", "num", True, False),
    ("q", "quadrant", "num", True, False),
    ("smed", "median_rank", "num", False, False), ("sint", "rank_interval", "num", True, False),
    ("sp", "p_top", "num", True, False),
)


def _columns(t: dict[str, str], sens: bool) -> list[dict[str, Any]]:
    return [{"key": k, "label": t[lab], "type": typ, "wide": wide, "narrow": narrow}
            for k, lab, typ, wide, narrow in TABLE_COLUMNS if sens or k not in ("smed", "sint", "sp")]


def _condition(rule) -> str:
    from ..engine.compile import condition_text

    return condition_text(rule.node)


def _provenance(prov) -> list[list[str]] | None:
    if prov is None:
        return None
    data = prov.model_dump(mode="json")
    out = []
    for k, v in data.items():
        if v is None or v == {} or v == []:
            continue
        if isinstance(v, dict):
            v = "; ".join(f"{a}: {b}" for a, b in v.items())
        elif isinstance(v, list):
            v = "; ".join(map(str, v))
        out.append([str(k), str(v)])
    return out


def _domain(values: Sequence[float]) -> tuple[float, float]:
    """An axis range in tens around the data (at least 20 wide, within 0..100)."""
    vals = [v for v in values if v is not None]
    if not vals:
        return 0.0, 100.0
    lo = max(0.0, math.floor((min(vals) - 2) / 10) * 10)
    hi = min(100.0, math.ceil((max(vals) + 2) / 10) * 10)
    while hi - lo < 20:
        lo, hi = max(0.0, lo - 10), min(100.0, hi + 10)
    return lo, hi


def _quadrant_map(candidates: list[dict], axes: list[dict], mx: float, my: float, t: dict[str, str],
                  counts: list[int], budget: float | None) -> dict[str, Any]:
    """The map as SVG data. Candidates at the same point with the same eligibility share one
    mark whose area grows with their number (the page script resizes it as filters change);
    its colour is the members' mean completeness (fifths, light to dark)."""
    W, H, L, R, T, B = 760, 560, 64, 20, 20, 56
    pw, ph = W - L - R, H - T - B
    x0, x1 = _domain([c["x"] for c in candidates] + [mx])
    y0, y1 = _domain([c["y"] for c in candidates] + [my])

    def sx(v: float) -> float:
        return round(L + pw * (max(x0, min(x1, v)) - x0) / (x1 - x0), 1)

    def sy(v: float) -> float:
        return round(T + ph * (1 - (max(y0, min(y1, v)) - y0) / (y1 - y0)), 1)

    groups: dict[tuple, list[int]] = {}
    for i, c in enumerate(candidates):
        groups.setdefault((c["status"], sx(c["x"] or 0), sy(c["y"] or 0)), []).append(i)
    points = []
    for (status, cx, cy), members in groups.items():
        best = candidates[members[0]]
        comp = sum(candidates[i]["comp"] or 0.0 for i in members) / len(members)
        label = f"{best['rank']}. {best['id']}" + (f" — {best['name']}" if best["name"] else "") + \
            f" ({best['city']}) · {axes[0]['short']} {best['x']:.1f}, {axes[1]['short']} {best['y']:.1f}"
        if len(members) > 1:
            label += " " + t["map_more"].format(n=len(members) - 1)
        points.append({"i": members[0], "members": ",".join(map(str, members)), "n": len(members),
                       "cx": cx, "cy": cy, "status": status, "bin": _completeness_bin(comp),
                       "r": _radius(len(members)), "label": label, "rank": best["rank"],
                       "show_rank": members[0] < 10})
    # Draw the worst first so the best sit on top.
    points.sort(key=lambda p: -p["rank"])
    # Rank labels of the top ten: nudge down any that would overlap one already placed.
    placed: list[tuple[float, float]] = []
    for p in sorted((p for p in points if p["show_rank"]), key=lambda p: p["rank"]):
        lx, ly = p["cx"] + 8, p["cy"] - 6
        while any(abs(lx - ax) < 16 and abs(ly - ay) < 11 for ax, ay in placed):
            ly += 11
        placed.append((lx, ly))
        p["lx"], p["ly"] = round(lx, 1), round(ly, 1)
    step = 10 if max(x1 - x0, y1 - y0) <= 60 else 20
    xticks = [{"v": v, "x": sx(v)} for v in range(int(x0), int(x1) + 1, step)]
    yticks = [{"v": v, "y": sy(v)} for v in range(int(y0), int(y1) + 1, step)]
    qx, qy = sx(mx), sy(my)
    quads = [
        {"key": "advance", "x": W - R - 8, "y": T + 16, "anchor": "end", "n": counts[0]},
        {"key": "prepare", "x": L + 8, "y": T + 16, "anchor": "start", "n": counts[1]},
        {"key": "partner", "x": W - R - 8, "y": H - B - 10, "anchor": "end", "n": counts[2]},
        {"key": "reconsider", "x": L + 8, "y": H - B - 10, "anchor": "start", "n": counts[3]},
    ]
    for k, q in enumerate(quads):
        q["label"] = t["q_" + q["key"]]
        q["long"] = t["q_" + q["key"] + "_long"]
        q["k"] = k
    n_eligible = sum(1 for c in candidates if c["status"] == "eligible")
    return {"w": W, "h": H, "l": L, "r": R, "t": T, "b": B, "pw": pw, "ph": ph, "points": points,
            "xticks": xticks, "yticks": yticks, "mx": qx, "my": qy, "mxv": round(mx, 2), "myv": round(my, 2),
            "quads": quads, "on_median": counts[4], "x_label": axes[0]["label"], "y_label": axes[1]["label"],
            "domain": [x0, x1, y0, y1], "n_eligible": n_eligible, "budget": budget,
            "n_costed": sum(1 for c in candidates if c["status"] == "eligible" and c.get("cost") is not None)}


def _radius(n: int) -> float:
    """A mark's radius: area proportional to the number of candidates it stands for."""
    return round(4.5 * math.sqrt(n), 1)


def _sensitivity_chart(candidates: list[dict], t: dict[str, str], limit: int = 40) -> dict[str, Any]:
    shown = [c for c in candidates if c.get("s")][:limit]
    row_h, L, R, T, B = 18, 270, 24, 34, 30
    W = 820
    H = T + B + row_h * len(shown)
    max_rank = max([c["s"][2] or 0 for c in shown] + [c["rank"] for c in shown] + [1])
    max_rank = max(1.0, float(max_rank))
    pw = W - L - R

    def sx(v: float) -> float:
        return round(L + pw * (max(1.0, min(max_rank, v)) - 1) / max(1.0, max_rank - 1), 1)

    rows = []
    for k, c in enumerate(shown):
        med, lo, hi, p = c["s"]
        y = T + row_h * k + row_h / 2
        label = f"{c['rank']}. {c['id']}" + (f" {c['name']}" if c["name"] else "")
        if len(label) > 40:
            label = label[:39] + "…"
        rows.append({"y": round(y, 1), "x1": sx(lo or 1), "x2": sx(hi or 1), "xm": sx(med or 1),
                     "xr": sx(c["rank"]), "label": label, "status": c["status"],
                     "title": f"{c['rank']}. {c['id']}: {t['median_rank']} {med:g}, {t['rank_interval']} "
                              f"{lo:g}–{hi:g}, P {p:.0%}" if None not in (med, lo, hi, p) else c["id"]})
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 10**9) if max_rank / s <= 10)
    values = [1] + [v for v in range(step, int(max_rank) + 1, step) if v > 1]
    ticks = [{"v": v, "x": sx(v)} for v in values]
    return {"w": W, "h": H, "l": L, "t": T, "b": B, "rows": rows, "ticks": ticks,
            "note": t["sens_chart_note"].format(n=len(shown)), "bottom": H - B}


def _asset(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _embed_font(html: str, t: dict[str, str]) -> tuple[str, dict[str, Any] | None]:
    """Fill the page's font placeholders: the subset's @font-face and `font-src data:` when a
    font is embedded; otherwise `font-src 'none'` and, if the page has CJK text, a note."""
    from markupsafe import escape

    from .fonts import cjk_font_face, find_cjk_font

    face = cjk_font_face(html, find_cjk_font())
    embedded = bool(face and not face["missing"])
    html = html.replace("__POLEX_FONT_SRC__", "data:" if embedded else "'none'", 1)
    html = html.replace("/*__POLEX_FONT_FACE__*/", face["css"] if embedded else "", 1)
    note = credit = ""
    if face and face["missing"]:
        note = f'<p class="note warn" id="font-note">{escape(t["font_missing"])}</p>'
    elif embedded:
        credit = (f'<p id="font-credit">{escape(t["font_embedded"].format(name=face["name"], glyphs=face["glyphs"], kib=round(face["bytes"] / 1024)))}</p>')
    html = html.replace("<!--__POLEX_FONT_NOTE__-->", note, 1)
    html = html.replace("<!--__POLEX_FONT_CREDIT__-->", credit, 1)
    return html, face


def render_html(context: dict[str, Any]) -> str:
    """The page: jinja2 with autoescape on; data JSON escaped for a script element; the CJK
    glyphs it uses embedded as a font subset (see `cjk_font_face`)."""
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    script = _asset("report.js")
    if "</" in script:
        raise ValueError("report.js must not contain '</'")
    style = _asset("report.css")
    extra = {}
    if context.get("baseline"):  # the movement since a baseline: its own script and style
        extra_script = _asset("report_baseline.js")
        if "</" in extra_script:
            raise ValueError("report_baseline.js must not contain '</'")
        extra = {"baseline_script": Markup(extra_script), "baseline_script_hash": _csp_hash(extra_script),
                 "baseline_style": Markup(_asset("report_baseline.css"))}
    if context.get("baseline") or context.get("portfolio"):  # extra columns in the CSV export
        export_script = _asset("report_export.js")
        if "</" in export_script:
            raise ValueError("report_export.js must not contain '</'")
        extra.update(export_script=Markup(export_script), export_script_hash=_csp_hash(export_script))
    if context.get("portfolio"):
        extra["portfolio_style"] = Markup(_asset("report_portfolio.css"))
    html = env.get_template("report.html.j2").render(
        **context,
        **extra,
        style=Markup(style),
        script=Markup(script),
        script_hash=_csp_hash(script),
        data_json=Markup(json_for_script(context["data"])),
    )
    html, face = _embed_font(html, context["t"])
    context["font"] = None if face is None else {k: v for k, v in face.items() if k != "css"}
    return html


def write_report(path: str | Path, html: str) -> int:
    """Write atomically (temp file + rename); returns the size in bytes."""
    from ..formats import atomic_path

    data = html.encode("utf-8")
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return len(data)

