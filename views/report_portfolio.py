"""The portfolio in the report (`polex report FILE --portfolio SPEC.yaml`): built from the
`engine.portfolio.Portfolio` that `polex portfolio` computes for the same constraints, added to
the report only when a portfolio is asked for (a report without one is byte for byte what it was).

The section lists the chosen set with its totals, the binding constraints (and every constraint
with its use and slack), and the candidates left out because their cost is unknown; each chosen
shown candidate gains `pf` in the script's data, a tick by its rank in the ranking table (whose
rows a Portfolio filter selects, the map and its counts following) and a ring around its point
on the quadrant map."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .labels_commands import engine_text

UNKNOWN_COST_SHOWN = 200


def _num(x: Any, nd: int = 2) -> float | None:
    if x is None:
        return None
    x = float(x)
    return round(x, nd) if math.isfinite(x) else None


def _text(col, row: int) -> str:
    return str(col.values[row]) if col.known[row] else ""


def attach_portfolio(result, rows: np.ndarray, candidates: list[dict[str, Any]]) -> None:
    """Mark the shown candidates the portfolio chose (`pf`: true)."""
    chosen = np.asarray(result.chosen, dtype=bool)
    for i, row in enumerate(np.asarray(rows, dtype=np.int64).tolist()):
        if chosen[row]:
            candidates[i]["pf"] = True


def portfolio_section(ranking, result, spec, rows: np.ndarray, t: dict[str, str], lang: str) -> dict[str, Any]:
    """The template's `portfolio`: totals, the chosen set (rank order), the constraints (binding
    ones apart) and the candidates left out for an unknown cost. Chosen candidates beyond the
    shown top are listed too (without a link to a drill-down)."""
    cols = ranking.columns
    ranks = ranking.ranks
    shown = {int(r): i for i, r in enumerate(np.asarray(rows, dtype=np.int64).tolist())}
    status = np.asarray(result.status, dtype=object)
    cost = np.asarray(result.cost, dtype=np.float64)
    unsure = result.unsure if result.unsure is not None else np.full(len(status), "", dtype=object)

    def entry(r: int) -> dict[str, Any]:
        return {"rank": int(ranks[r]), "id": _text(cols["id"], r), "name": _text(cols["name"], r),
                "city": _text(cols["partner_city"], r), "country": _text(cols["country"], r),
                "score": _num(result.value[r]), "cost": _num(cost[r], 3), "i": shown.get(r),
                "unsure": engine_text(str(unsure[r]), lang) if unsure[r] else ""}

    chosen_rows = sorted(np.flatnonzero(np.asarray(result.chosen, dtype=bool)).tolist(), key=lambda r: (ranks[r], r))
    left_out = status == "left_out"
    # Left out for an unknown cost: eligible, cost unknown, under a budget with no assumed cost
    # (the engine's first reason after eligibility, so no reason text is parsed here).
    unknown_cost = np.zeros(len(status), dtype=bool)
    if spec.budget is not None and spec.assume_cost is None:
        unknown_cost = left_out & np.asarray(ranking.result.eligible, dtype=bool) & ~np.isfinite(cost)
    unknown_rows = sorted(np.flatnonzero(unknown_cost).tolist(), key=lambda r: (ranks[r], r))
    constraints = [{"text": engine_text(c.text, lang), "detail": engine_text(c.detail, lang) if c.detail else "",
                    "used": _num(c.used, 6), "limit": _num(c.limit, 6), "slack": _num(c.slack, 6),
                    "binding": bool(c.binding)} for c in result.constraints]
    available = int((status != "left_out").sum())
    chosen = [entry(r) for r in chosen_rows]
    n_unsure = sum(1 for c in chosen if c["unsure"])
    if result.objective == "successes":
        objective = t["pf_objective_successes"].format(total=float(result.total_successes or 0.0),
                                                       profile=ranking.assessment.profile.name)
    else:
        objective = t["pf_objective_score"]
    return {
        "spec": [engine_text(line, lang) for line in spec.describe()],
        "n": len(chosen), "available": available,
        "count_text": t["pf_chosen_n"].format(n=len(chosen), available=available),
        "total_value": _num(result.total_value), "total_cost": _num(result.total_cost, 3),
        "budget": _num(spec.budget, 3) if spec.budget is not None else None, "cost_field": spec.cost_field,
        "cost_label": t["pf_total_cost"].format(field=spec.cost_field),
        "proven": bool(result.proven),
        "solver": t["pf_solver"] if result.proven else t["pf_solver_unproven"].format(gap=float(result.gap)),
        "objective": objective, "possibly": t["pf_possibly"].format(n=n_unsure) if n_unsure else "",
        "chosen": chosen, "ids": [c["id"] for c in chosen],
        "not_shown": sum(1 for c in chosen if c["i"] is None),
        "constraints": constraints, "binding": [c for c in constraints if c["binding"]],
        "unknown_cost": [entry(r) for r in unknown_rows[:UNKNOWN_COST_SHOWN]], "n_unknown_cost": len(unknown_rows),
        "unknown_cost_title": t["pf_unknown_cost"].format(field=spec.cost_field, n=len(unknown_rows)),
        "n_other_left_out": int(left_out.sum()) - len(unknown_rows),
    }


def portfolio_rings(map_ctx: dict[str, Any], candidates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A ring on the quadrant map around each chosen shown candidate's mark (one per candidate, so
    the page script hides it with the filters as it hides the candidate)."""
    rings = []
    for p in map_ctx["points"]:
        for i in map(int, p["members"].split(",")):
            if candidates[i].get("pf"):
                rings.append({"i": i, "cx": p["cx"], "cy": p["cy"], "r": round(p["r"] + 3.5, 1)})
    rings.sort(key=lambda r: r["i"])
    return rings


def add_portfolio(context: dict[str, Any], ranking, result, spec, rows: np.ndarray,
                  candidates: list[dict[str, Any]], lang: str) -> None:
    """Put the portfolio into a built report context: its labels, the section, the table's marks,
    the map's rings and the script's data (`portfolio`, and `pf` on each chosen candidate)."""
    from .labels_decision import PORTFOLIO_UI

    labels = context["t"]  # the same dict as the script's `ui`
    labels.update(PORTFOLIO_UI.get(lang, PORTFOLIO_UI["en"]))
    attach_portfolio(result, rows, candidates)
    section = portfolio_section(ranking, result, spec, rows, labels, lang)
    section["marks"] = [bool(c.get("pf")) for c in candidates]
    section["rings"] = portfolio_rings(context["map"], candidates)
    context["portfolio"] = section
    context["data"]["portfolio"] = {"n": section["n"], "ids": section["ids"]}
