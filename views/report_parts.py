"""Parts of the reviewer's report that read alone: the shown candidates' data (their scorecards,
built in one batch by engine.scorecards), the summary at the top (with the profile's validation
figures), the waterfall of one score, and the heatmap of the top candidates by family."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..engine.outcomes import NAMES
from ..engine.scorecards import card_batch
from ..models.vocabulary import BOOL, FIELD_BY_NAME, FIELDS, FLOAT, LIST

HEATMAP_TOP = 50
OUTCOME_CODE = {"true": "t", "false": "f", "unknown": "u", "n/a": "n"}
QUADRANTS = ("advance", "prepare", "partner", "reconsider")
ON_MEDIAN = 4  # an eligible candidate exactly on a median line: counted apart, in no quadrant


def num(x: float, nd: int = 2) -> float | None:
    x = float(x)
    return round(x, nd) if math.isfinite(x) else None


def enum_codes(ranking, name: str, rows: np.ndarray) -> list[str]:
    spec = FIELD_BY_NAME[name]
    col = ranking.columns[name]
    vals, known = col.values[rows], col.known[rows]
    return [spec.values[int(v)] if k else "" for v, k in zip(vals, known)]


def fact_text(name: str, value: Any) -> str:
    spec = FIELD_BY_NAME.get(name)
    if spec is None:
        return str(value)
    if spec.kind == LIST:
        return "; ".join(map(str, value))
    if spec.kind == BOOL:
        return "true" if value else "false"
    if spec.kind == FLOAT:
        return f"{value:g}"
    return str(value)


def quadrant(x: float, y: float, mx: float, my: float) -> int:
    """0 advance, 1 prepare, 2 partner, 3 reconsider; ON_MEDIAN when x or y equals its median
    (a tie goes to neither side). Values compare as the report shows them (2 decimals)."""
    if x == mx or y == my:
        return ON_MEDIAN
    hi_x, hi_y = x > mx, y > my
    if hi_x and hi_y:
        return 0  # advance
    if hi_y:
        return 1  # prepare the project
    if hi_x:
        return 2  # build the partnership
    return 3  # reconsider


def candidate_data(ranking, rows: np.ndarray, xs: np.ndarray, ys: np.ndarray, mx: float, my: float,
                   sensitivity: Any) -> list[dict[str, Any]]:
    """The script's data for each shown candidate, in rank order: its scorecard compacted (rule
    outcomes as one letter each, contributions and family scores in the rules' and families'
    order, rules referred to by index), its place on the quadrant map and its sensitivity figures."""
    regions = enum_codes(ranking, "region", rows)
    field_codes = enum_codes(ranking, "field", rows)
    stages = enum_codes(ranking, "stage", rows)
    sens = None
    if sensitivity is not None:
        sens = {
            "median": np.asarray(sensitivity.median_rank_, dtype=float),
            "lo": np.asarray(sensitivity.rank_lo_, dtype=float),
            "hi": np.asarray(sensitivity.rank_hi_, dtype=float),
            "p": np.asarray(sensitivity.p_top_, dtype=float),
        }
    b = card_batch(ranking, rows)
    fact_fields = [f.name for f in FIELDS if f.name not in ("id", "name", "partner_city", "country")]
    low = min(NAMES)
    letters = np.zeros(max(NAMES) - low + 1, dtype=np.uint8)
    for code, name in NAMES.items():
        letters[code - low] = ord(OUTCOME_CODE[name])
    codes = letters[b.outcomes.astype(np.int64) - low]  # one letter per rule outcome
    # Each figure rounded as a scorecard keeps it (4 decimals; family scores 6), then as the page shows it.
    contributions = [[round(v, 4) for v in row] for row in b.contributions.tolist()]
    families = [[num(round(v, 6), 4) for v in row] for row in b.family.tolist()]
    candidates = []
    for i, row in enumerate(rows.tolist()):
        record = b.records[i]
        eligible = bool(b.eligible[i])
        status = "possibly" if b.possibly_ineligible[i] else ("eligible" if eligible else "ineligible")
        q = quadrant(float(xs[i]), float(ys[i]), mx, my) if status == "eligible" else None
        score, gains, swings = round(float(b.score[i]), 4), b.gains[i], b.swings[i]
        cost = record.get("budget_usd_m")
        c: dict[str, Any] = {
            "id": str(record.get("id")), "name": record.get("name") or "", "city": record.get("partner_city") or "",
            "country": record.get("country") or "", "region": regions[i], "field": field_codes[i], "stage": stages[i],
            "rank": int(b.ranks[i]), "score": num(score), "lo": num(round(float(b.score_lo[i]), 4)),
            "hi": num(round(float(b.score_hi[i]), 4)), "status": status,
            "comp": num(round(float(b.completeness[i]), 4), 3),
            "o": codes[i].tobytes().decode("ascii"),
            "c": [num(v) for v in contributions[i]],
            "fam": families[i],
            "gates": b.gates[i],
            "imp": [[j, None] for j in b.gates[i]] + [[j, num(round(float(gains[j]), 4))] for j in b.best_gains[i]],
            "unk": [[b.fields[k], num(round(float(swings[k]), 4)), readers, gate] for k, readers, gate in b.unknowns[i]],
            "x": num(xs[i]), "y": num(ys[i]), "q": q,
            "wf": score_waterfall(score, round(float(b.baseline[i]), 4), contributions[i]),
            "cost": num(cost, 3) if cost is not None else None,
            "facts": [[name, fact_text(name, record[name])] for name in fact_fields if name in record],
        }
        if sens is not None and all(np.isfinite(sens[k][row]) for k in ("median", "lo", "hi", "p")):
            c["s"] = [num(sens["median"][row], 1), num(sens["lo"][row], 1), num(sens["hi"][row], 1),
                      num(sens["p"][row], 3)]
        candidates.append(c)
    return candidates




def score_waterfall(score: float, baseline: float, contributions: Sequence[float]) -> list[Any]:
    """The score as steps in hundredths of a point: [baseline, [[rule index, step], ...], score],
    every rule with a non-zero contribution in rule order (`score`, `baseline` and each rule's
    contribution as a scorecard keeps them: 4 decimals). The steps are rounded so that they
    add up exactly to the score as shown (largest remainder), so the chart's sum is the score."""
    target = round(100 * round(score, 2))  # the score as the page shows it (a 4-decimal x.xx5 rounds once, here)
    parts = [(None, 100 * baseline)] + [(j, 100 * c) for j, c in enumerate(contributions) if c]
    floors = [math.floor(v) for _, v in parts]
    short = target - sum(floors)
    # Hand the missing hundredths to the largest remainders (ties to the earlier part); a
    # negative shortfall takes them back from the smallest.
    order = sorted(range(len(parts)), key=lambda k: (-(parts[k][1] - floors[k]), k))
    if short < 0:
        order = sorted(range(len(parts)), key=lambda k: (parts[k][1] - floors[k], k))
    steps = list(floors)
    for k in range(abs(short)):
        steps[order[k % len(order)]] += 1 if short > 0 else -1
    return [steps[0], [[parts[k][0], steps[k]] for k in range(1, len(parts))], target]


def report_summary(ranking, rows: np.ndarray, candidates: list[dict[str, Any]], profile, t: dict[str, str],
             lang: str = "en") -> dict[str, Any]:
    """The summary at the top: eligibility counts over every ranked candidate, their median
    completeness, and the active profile with how well it predicted real outcomes (if known)."""
    from ..engine.explain import known_fields

    res = ranking.result
    n = len(ranking)
    possibly = res.eligible & res.gate_unknown
    counts = {"eligible": int((res.eligible & ~res.gate_unknown).sum()), "possibly": int(possibly.sum()),
              "ineligible": int((~res.eligible).sum())}
    known = known_fields(ranking.assessment.ruleset, ranking.columns)
    comp = known.mean(axis=1) if known.shape[1] else np.ones(n)
    return {"n": n, "counts": counts, "median_comp": round(100 * float(np.median(comp)), 0) if n else None,
            "profile": profile.name, "validation": _validation(profile.validation, t, lang)}


def _validation(validation, t: dict[str, str], lang: str = "en") -> dict[str, Any] | None:
    """The profile's out-of-sample figures (`validation.metrics`) as display lines, or None."""
    if validation is None:
        return None
    data = validation.model_dump(mode="json")
    m = dict(data.get("metrics") or {})

    def fig(x: Any, nd: int = 3) -> str:
        return f"{float(x):.{nd}f}" if isinstance(x, (int, float)) else "?"

    def ci(v: Any) -> str:
        return f" ({t['ci95']} {fig(v[0])}–{fig(v[1])})" if isinstance(v, (list, tuple)) and len(v) == 2 else ""

    lines = []
    if "roc_auc" in m:
        lines.append(f"ROC AUC {fig(m['roc_auc'])}{ci(m.get('roc_auc_ci95'))}")
    if "brier" in m:
        lines.append(f"Brier {fig(m['brier'])}{ci(m.get('brier_ci95'))}")
    baselines = m.get("baselines") or data.get("baselines") or {}
    from .labels import MESSAGES
    from .labels_commands import engine_text

    names = MESSAGES.get(lang, MESSAGES["en"])
    base_lines = [f"{names.get('m_' + name, name)}: ROC AUC {fig(b.get('roc_auc'))}{ci(b.get('roc_auc_ci95'))}"
                  for name, b in sorted(baselines.items()) if isinstance(b, dict)]
    records = m.get("records", data.get("records"))
    return {"lines": lines, "baselines": base_lines, "records": records,
            "scheme": engine_text(str(m.get("scheme") or ""), lang), "data_file": str(m.get("data_file") or ""),
            "method": data.get("method") or "", "date": data.get("date") or ""}


def family_heatmap(candidates: list[dict[str, Any]], families: list[str], fam_labels: dict[str, str],
             t: dict[str, str], top: int = HEATMAP_TOP) -> dict[str, Any]:
    """Candidates (the top ranked) by families: each cell the family score, 0..1, as a shade."""
    shown = candidates[:top]
    cell_w, cell_h, L, T = 54, 16, 250, 92
    cols = [{"x": L + k * cell_w + cell_w / 2, "label": fam_labels.get(f, f), "id": f} for k, f in enumerate(families)]
    rows = []
    for i, c in enumerate(shown):
        label = f"{c['rank']}. {c['id']}" + (f" {c['name']}" if c["name"] else "")
        if len(label) > 38:
            label = label[:37] + "…"
        cells = []
        for k, v in enumerate(c["fam"]):
            if v is None:
                cells.append({"x": L + k * cell_w, "shade": "na", "v": "", "title": f"{fam_labels.get(families[k], families[k])}: {t['n/a']}"})
                continue
            cells.append({"x": L + k * cell_w, "shade": min(9, int(v * 10)), "v": f"{100 * v:.0f}",
                          "title": f"{c['id']} · {fam_labels.get(families[k], families[k])}: {100 * v:.0f}%"})
        rows.append({"i": i, "y": T + i * cell_h, "label": label, "status": c["status"], "cells": cells})
    return {"w": L + cell_w * len(families) + 10, "h": T + cell_h * len(shown) + 10, "l": L, "t": T,
            "cw": cell_w, "ch": cell_h, "cols": cols, "rows": rows, "n": len(shown)}
