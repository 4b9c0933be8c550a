"""Terminal views of `polex portfolio` and `polex diff` (rich)."""

from __future__ import annotations

import math
import re
from typing import Any

from rich.console import Console
from rich.table import Table

from .labels import field_label, msg, ui, value_label
from .labels_commands import engine_text
from .labels_decision import decision, diff_text

LEFT_OUT_SHOWN = 10
DIFF_SHOWN = 30


def _num(v: Any, fmt: str = "{:.2f}") -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return ""
    return fmt.format(v)


def render_portfolio(console: Console, result, data: dict, spec, lang: str, concentration: float = 50.0,
                     seed: int | None = 0) -> None:
    L = lambda key, **kw: decision(lang, key, **kw)  # noqa: E731
    status = data["status"]
    chosen = status == "chosen"
    ineligible = int(sum(1 for r in data["reason"] if str(r).startswith("ineligible")))
    console.print(L("pf_title", chosen=int(chosen.sum()), available=int((status != "left_out").sum()),
                    left_out=int((status == "left_out").sum()), ineligible=ineligible), style="bold", markup=False)
    budget = f" / {spec.budget:g}" if spec.budget is not None else ""
    unknown = sum(1 for i in range(len(status)) if chosen[i] and not math.isfinite(float(data["cost"][i])))
    if unknown:
        budget += L("pf_cost_unknown", n=unknown)
    console.print(L("pf_totals", score=result.total_value, cost_field=spec.cost_field, cost=result.total_cost,
                    budget=budget), markup=False)
    if result.proven:
        from ..engine.portfolio import ABS_GAP

        console.print(L("pf_proven", gap=ABS_GAP, seconds=result.solve_seconds), style="dim", markup=False)
    else:
        console.print(L("pf_unproven", gap=result.gap, bound=result.bound), style="bold red", markup=False)
    table = Table(show_edge=False, pad_edge=False)
    for col, justify in (("#", "right"), (msg(lang, "c_id"), "left"), (msg(lang, "c_name"), "left"),
                         (msg(lang, "c_country"), "left"),
                         (L("pf_score"), "right"), (L("pf_cost"), "right"), (L("pf_stay"), "right")):
        table.add_column(col, justify=justify, overflow="fold")
    for k, i in enumerate([i for i in range(len(status)) if chosen[i]], start=1):
        table.add_row(str(k), str(data["id"][i]), str(data["name"][i])[:40], str(data["country"][i]),
                      _num(data["score"][i]), _num(data["cost"][i]), _num(data["stays_chosen"][i], "{:.0%}"))
    console.print(table)
    unsure = [i for i in range(len(status)) if chosen[i] and data["eligibility"][i] == "possibly_ineligible"]
    if unsure:
        console.print(L("pf_possibly", n=len(unsure)), style="yellow", markup=False)
        for i in unsure[:LEFT_OUT_SHOWN]:
            console.print(f"  {data['id'][i]}: {engine_text(str(data['reason'][i]), lang)}", markup=False)
    if result.draws:
        console.print(L("pf_draws", draws=result.draws, conc=concentration, seed=seed), style="dim", markup=False)
    console.print()
    if result.constraints:
        ct = Table(title=L("pf_constraints"), show_edge=False, pad_edge=False)
        for col in ("pf_constraint", "pf_used", "pf_limit", "pf_slack", "pf_binding"):
            ct.add_column(L(col), justify="left" if col == "pf_constraint" else "right")
        for c in result.constraints:
            ct.add_row(engine_text(c.text, lang) + (f" ({engine_text(c.detail, lang)})" if c.detail else ""),
                       _num(c.used, "{:g}"), _num(c.limit, "{:g}"), _num(c.slack, "{:g}"),
                       msg(lang, "yes") if c.binding else "")
        console.print(ct)
    else:
        console.print(L("pf_none"), style="dim", markup=False)
    left = [i for i in range(len(status)) if status[i] == "left_out"]
    if left:
        console.print()
        console.print(L("pf_left_out", n=len(left), shown=min(len(left), LEFT_OUT_SHOWN)), markup=False)
        for i in left[:LEFT_OUT_SHOWN]:
            console.print(f"  {data['id'][i]}: {engine_text(str(data['reason'][i]), lang)}", markup=False)


def render_diff(console: Console, diff, data: dict, lang: str, old: str, new: str) -> None:
    L = lambda key, **kw: decision(lang, key, **kw)  # noqa: E731
    console.print(L("diff_title", old=old, new=new), style="bold", markup=False)
    rankings = getattr(diff, "kind", "snapshots") == "rankings"
    if rankings:
        _ranking_notes(console, diff.notes, lang)
    s = diff.summary
    if not s["added"] and not s["removed"] and not s["changed"]:
        console.print(diff_text(lang, "dr_none") if rankings else L("diff_none"), markup=False)
        return
    console.print(diff_text(lang, "dr_summary", **s) if rankings else L("diff_summary", **s), markup=False)
    first = {"added": 0, "removed": 1, "changed": 2, "moved": 3}
    rows = sorted((i for i in range(len(data["id"])) if data["status"][i] != "unchanged"),
                  key=lambda i: (first[data["status"][i]], -abs(float(data["score_change"][i]) if
                                 math.isfinite(float(data["score_change"][i])) else 0.0), str(data["id"][i])))
    table = Table(show_edge=False, pad_edge=False)
    for col, justify in (("id", "left"), (L("diff_status"), "left"), (L("diff_score"), "right"), ("Δ", "right"),
                         (L("diff_rank"), "right"), ("Δ ", "right"), (L("diff_fields"), "left"),
                         (L("diff_rules"), "left")):
        table.add_column(col, justify=justify, overflow="fold")
    for i in rows[:DIFF_SHOWN]:
        score = f"{_num(data['old_score'][i])} → {_num(data['new_score'][i])}"
        rank = f"{_num(data['old_rank'][i], '{:.0f}')} → {_num(data['new_rank'][i], '{:.0f}')}"
        table.add_row(str(data["id"][i]), diff_text(lang, "st_" + str(data["status"][i])), score,
                      _num(data["score_change"][i], "{:+.2f}"), rank, _num(data["rank_change"][i], "{:+.0f}"),
                      _shown_fields(str(data["changed_fields"][i]), lang), _shown_rules(str(data["flipped_rules"][i]), lang))
    console.print(table)
    if len(rows) > DIFF_SHOWN:
        console.print(L("diff_more", n=len(rows) - DIFF_SHOWN), style="dim", markup=False)


_CHANGE = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*): (?P<old>.*?) → (?P<new>.*?)(?=; [A-Za-z_][A-Za-z0-9_]*: |$)")


def _shown_fields(text: str, lang: str) -> str:
    """`stage: pilot → construction; ...` with each value as the run's language names it (the
    written file keeps the codes)."""
    if lang == "en":
        return text
    words = ui(lang)

    def value(field: str, v: str) -> str:
        if v in ("unknown", "true", "false"):
            return words[v]
        return "; ".join(value_label(field, part, lang) for part in v.split(";")) if v else v

    return _CHANGE.sub(lambda m: f"{field_label(m['name'], lang)}: {value(m['name'], m['old'])} → "
                                 f"{value(m['name'], m['new'])}", text)


def _shown_rules(text: str, lang: str) -> str:
    """`rule: false → unknown; ...` with the outcomes in the run's language."""
    if lang == "en":
        return text
    words = ui(lang)
    return _CHANGE.sub(lambda m: f"{m['name']}: {words.get(m['old'], m['old'])} → {words.get(m['new'], m['new'])}",
                       text)


def _ranking_notes(console: Console, notes: dict, lang: str) -> None:
    """What a diff of two rankings could compare: the fields both carry, the rules it could check."""
    console.print(diff_text(lang, "dr_kind"), style="dim", markup=False)
    names = ", ".join(notes["fields_compared"]) or "-"
    console.print(diff_text(lang, "dr_fields" if notes["fields_available"] else "dr_no_fields", names=names),
                  style="dim", markup=False)
    console.print(diff_text(lang, "dr_rules", checked=notes["rules_checked"], total=notes["rules_total"],
                            by_fields=notes["rules_by_fields"], by_reasons=notes["gates_by_reasons"]),
                  style="dim", markup=False)
