"""Parts of the reviewer's report that read alone: the summary at the top (with the profile's
validation figures), the waterfall of one score, and the heatmap of the top candidates by family."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

HEATMAP_TOP = 50


def score_waterfall(card, rule_index: dict[str, int]) -> list[Any]:
    """The score as steps in hundredths of a point: [baseline, [[rule index, step], ...], score],
    every rule with a non-zero contribution in rule order. The steps are rounded so that they
    add up exactly to the score as shown (largest remainder), so the chart's sum is the score."""
    target = round(100 * card.score)
    parts = [(None, 100 * card.baseline)] + [(rule_index[r.rule_id], 100 * r.contribution) for r in card.rules
                                               if r.contribution]
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
