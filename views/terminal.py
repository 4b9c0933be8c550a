"""Terminal rendering with rich (the edge): scorecards, rankings, rule listings, messages and
progress, in English or Korean. Files carry full columns; the terminal gets a compact view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..models.results import Scorecard
from .labels import family_label, ui
from .plain import _KIND_MARK, bar, safe, shorten

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.core import Ranking


_OUTCOME_STYLE = {"true": "green", "false": "red", "unknown": "yellow", "n/a": "dim"}


def render_scorecard(console: Console, card: Scorecard, full: bool = False) -> None:
    """Score, range, eligibility and gates, family bars, the per-rule table, the top
    improvements and the unknowns worth finding out; `full` adds each rule's reason."""
    t = ui(card.lang)
    title = Text()
    title.append(safe(card.id), style="bold")
    if card.name:
        title.append(f"  {safe(card.name)}")
    title.append(f"  ({safe(card.partner_city)}, {safe(card.country)})")
    console.print(title)
    line = Text(f"{t['score']} ")
    line.append(f"{card.score:.1f}", style="bold")
    line.append(f"  {t['range']} {card.score_lo:.1f}–{card.score_hi:.1f}   ")
    if card.eligible:
        line.append(t["eligible"], style="green")
    else:
        line.append(t["ineligible"], style="bold red")
    if card.rank:
        line.append(f"   {t['rank']} {card.rank} {t['of']} {card.of}")
    line.append(f"   {t['completeness']} {card.completeness:.0%}")
    console.print(line)
    prior = t["prior_rates"] if card.base_rates else f"{t['prior']} {card.unknown_prior:g}"
    console.print(Text(f"{t['profile']}: {card.profile}; {prior}", style="dim"))
    for g in card.gates:
        gate = Text("✗ ", style="red")
        gate.append(g.title, style="red")
        gate.append(f" — {shorten(g.reason, 240)} ")
        gate.append(f"({g.source})", style="dim")
        console.print(gate)
    if card.possibly_ineligible:
        console.print(Text(f"! {t['possibly']}", style="yellow"))

    fam = Table(title=t["families"], title_justify="left", box=None, pad_edge=False)
    fam.add_column(t["family"])
    fam.add_column(t["weight"], justify="right")
    fam.add_column("")
    fam.add_column("%", justify="right")
    for f in card.families:
        if not f.in_scope:  # nothing in the family applies to this kind of project
            fam.add_row(family_label(f.family, card.lang), "-", "", t["n/a"])
            continue
        fam.add_row(family_label(f.family, card.lang), f"{f.weight:.2f}", bar(f.score), f"{100 * f.score:.0f}")
    console.print(fam)

    from rich import box

    rules = Table(title=t["rules"], title_justify="left", show_lines=False, box=box.SIMPLE_HEAD,
                  pad_edge=False, show_edge=False)
    rules.add_column(t["family"], no_wrap=True)
    rules.add_column(t["rule"], overflow="fold", ratio=3)
    rules.add_column(t["outcome"], no_wrap=True)
    rules.add_column(t["points"], justify="right", no_wrap=True)
    rules.add_column(t["source"], overflow="fold", ratio=1, max_width=34)
    for r in card.rules:
        if r.kind == "derive":
            continue
        pts = f"{r.contribution:+.1f}" if r.kind != "gate" and r.outcome != "n/a" else ""
        rules.add_row(family_label(r.family, card.lang), f"{_KIND_MARK[r.kind]}{r.title}",
                      Text(t[r.outcome], style=_OUTCOME_STYLE[r.outcome]), pts, r.source)
    console.print(rules)

    if full:
        console.print(Text(t["why"], style="bold"))
        for r in card.rules:
            if r.kind == "derive" or (r.outcome != "true" and abs(r.contribution) < 1e-9):
                continue
            head = Text(f"• {_KIND_MARK[r.kind]}{r.title} ", style="bold")
            head.append(f"[{t[r.outcome]}] ", style=_OUTCOME_STYLE[r.outcome])
            head.append(f"({r.source})", style="dim")
            console.print(head)
            console.print(Text("  " + " ".join(r.reason.split())))

    console.print(Text(t["improve"], style="bold"))
    if not card.improvements:
        console.print(f"  {t['none']}")
    for i, imp in enumerate(card.improvements, 1):
        item = Text(f"  {i}. ")
        item.append(t["gate"] if imp.gain is None else f"+{imp.gain:.1f}",
                    style="red" if imp.gain is None else "green")
        item.append(f" {imp.title}: {imp.hint} ")
        item.append(f"({imp.source})", style="dim")
        console.print(item)
    console.print(Text(t["unknowns"], style="bold"))
    if not card.unknowns:
        console.print(f"  {t['none']}")
    for u in card.unknowns:
        item = Text(f"  • {u.field}")
        if u.swing > 1e-9:
            item.append(f": {t['swing']} ±{u.swing:.1f}")
        if u.can_gate:
            item.append(f"{'; ' if u.swing > 1e-9 else ': '}{t['can_gate']}", style="red")
        console.print(item)


def top_reason(ranking: Ranking, lang: str, order) -> list[str]:
    """One reason per row of `order`: the first true gate of an ineligible candidate, else the rule
    that contributes most (with its points)."""
    import numpy as np

    rules = ranking.assessment.ruleset.rules
    order = np.asarray(order, dtype=np.int64)
    if not len(rules) or not len(order):
        return ["" for _ in order]
    s = ranking.summary(order, k=1)
    out = []
    for i in range(len(order)):
        gate = int(s.gates.index[i, 0]) if s.gates.index.shape[1] else -1
        reason = int(s.reasons.index[i, 0]) if s.reasons.index.shape[1] else -1
        if gate >= 0:
            out.append("⛔ " + rules[gate].title(lang))
        elif reason >= 0:
            out.append(f"{rules[reason].title(lang)} ({s.reasons.value[i, 0]:+.1f})")
        else:
            out.append("")
    return out


COMPACT = ("rank", "id", "name", "partner_city", "country", "score", "range", "eligible", "top_reason")


_SHARE = {"name": 0.36, "partner_city": 0.18, "top_reason": 0.46}  # of the width left by the fixed columns


_CAPTION = {"en": "yes? = eligible so far, but a gate that is still unknown could close",
            "ko": "적격? = 현재는 적격이나, 확인되지 않은 관문 조건이 남아 있음"}


def _cut(value: Any, width: int) -> Text:
    text = Text(" ".join(safe(value).split()))
    text.truncate(width, overflow="ellipsis")
    return text


def render_ranking(console: Console, data: dict[str, Any], lang: str = "en") -> None:
    """A compact ranking that fits the terminal: one line per candidate, long names cut, the single
    top reason. `data` holds Ranking.table columns plus `top_reason` (see top_reason()). Files
    carry the full columns."""
    from rich import box
    from rich.cells import cell_len

    t = ui(lang)
    n = len(data["id"])
    maybe = data.get("possibly_ineligible")
    cells: dict[str, list[Any]] = {}
    columns = COMPACT
    for c in columns:
        if c == "range":
            cells[c] = [f"{lo:.0f}–{hi:.0f}" for lo, hi in zip(data["score_lo"], data["score_hi"])]
        elif c == "top_reason":
            cells[c] = list(data["top_reason"])
        elif c == "eligible":
            cells[c] = [Text(t["elig_no"], style="red") if not v else
                        Text(t["elig_maybe"], style="yellow") if maybe is not None and maybe[i] else
                        Text(t["elig_yes"], style="green") for i, v in enumerate(data[c])]
        elif c in ("score", "score_lo", "score_hi", "completeness"):
            cells[c] = [f"{v:.1f}" for v in data[c]]
        else:
            cells[c] = [safe(v) for v in data[c]]
    labels = {c: t.get(f"col_{c}", c) for c in columns}
    widths: dict[str, int] = {}
    for c in columns:
        if c in _SHARE:
            continue
        longest = max((cell_len(x.plain if isinstance(x, Text) else x) for x in cells[c]), default=0)
        widths[c] = min(max(longest, cell_len(labels[c])), 16)
    # a narrow terminal drops the least needed columns rather than squeezing every one
    for drop in ("partner_city", "range", "country", "name"):
        if console.width - sum(widths.get(c, 0) for c in columns) - 3 * len(columns) >= 16 * sum(
                c in _SHARE for c in columns) or drop not in columns:
            continue
        columns = tuple(c for c in columns if c != drop)
    flexible = [c for c in columns if c in _SHARE]
    budget = max(10 * len(flexible), console.width - sum(widths[c] for c in columns if c in widths)
                 - 3 * len(columns))
    total = sum(_SHARE[c] for c in flexible) or 1
    for c in flexible:
        longest = max((cell_len(x) for x in cells[c]), default=0)
        widths[c] = max(cell_len(labels[c]), min(longest, int(budget * _SHARE[c] / total)))
    # give what a short column does not use to the top reason
    if "top_reason" in widths:
        spare = budget - sum(widths[c] for c in flexible)
        longest = max((cell_len(x) for x in cells["top_reason"]), default=0)
        widths["top_reason"] = min(longest, widths["top_reason"] + max(0, spare)) or cell_len(labels["top_reason"])
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False,
                  caption=_CAPTION.get(lang, _CAPTION["en"]) if maybe is not None and any(
                      bool(m) and bool(e) for m, e in zip(maybe, data["eligible"])) else None,
                  caption_justify="left", caption_style="dim")
    for c in columns:
        table.add_column(_cut(labels[c], widths[c]), justify="right" if c in ("rank", "score") else "left",
                         no_wrap=True, overflow="ellipsis", width=widths[c])
    for i in range(n):
        table.add_row(*[x[i] if isinstance(x[i], Text) else _cut(x[i], widths[c])
                        for c, x in ((c, cells[c]) for c in columns)])
    console.print(table)


def render_rules(console: Console, rules, lang: str) -> None:
    t = ui(lang)
    from rich import box

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column(t["id"], no_wrap=True)
    table.add_column(t["family"], no_wrap=True)
    table.add_column(t["kind"], no_wrap=True)
    table.add_column(t["points"], justify="right", no_wrap=True)
    table.add_column(t["title"], overflow="fold", ratio=3)
    table.add_column(t["source"], overflow="fold", ratio=1, max_width=34)
    for r in rules:  # English shows the codes the rule files use (factor, penalty); Korean, their labels
        kind = t["k_" + r.kind] if lang == "ko" else r.kind
        table.add_row(r.id, family_label(r.family, lang), kind, f"{r.points:g}" if r.points else "",
                      r.title(lang), r.cites)
    console.print(table)



