"""Terminal rendering with rich (the edge): scorecards, rankings, rule listings, in English or Korean."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .models.results import Scorecard

UI = {
    "en": {
        "score": "Score", "range": "range", "eligible": "eligible", "ineligible": "INELIGIBLE",
        "possibly": "possibly ineligible: a gate is still unknown", "families": "Families", "rules": "Rules",
        "rule": "rule", "outcome": "outcome", "points": "points", "source": "source", "family": "family",
        "improve": "What would raise the score most", "unknowns": "Unknowns worth finding out",
        "gain": "gain", "swing": "could move", "gate": "gate: resolve first", "completeness": "completeness",
        "rank": "rank", "of": "of", "profile": "profile", "prior": "unknown counted at", "reasons": "reasons",
        "true": "true", "false": "false", "unknown": "unknown", "can_gate": "can decide eligibility",
        "weight": "weight", "none": "(none)",
    },
    "ko": {
        "score": "점수", "range": "범위", "eligible": "적격", "ineligible": "부적격",
        "possibly": "부적격 가능: 확인되지 않은 관문 조건이 있음", "families": "요인군", "rules": "규칙",
        "rule": "규칙", "outcome": "결과", "points": "점수", "source": "근거", "family": "요인군",
        "improve": "점수를 가장 크게 올릴 개선 사항", "unknowns": "확인하면 좋을 미확인 항목",
        "gain": "상승", "swing": "변동 폭", "gate": "관문: 먼저 해소", "completeness": "정보 완결성",
        "rank": "순위", "of": "중", "profile": "가중치 프로파일", "prior": "미확인 반영 비율", "reasons": "사유",
        "true": "충족", "false": "미충족", "unknown": "미확인", "can_gate": "적격 여부를 가를 수 있음",
        "weight": "가중치", "none": "(없음)",
    },
}
_OUTCOME_STYLE = {"true": "green", "false": "red", "unknown": "yellow"}


def ui(lang: str) -> dict[str, str]:
    return UI.get(lang, UI["en"])


def bar(share: float, width: int = 20) -> str:
    filled = int(round(max(0.0, min(1.0, share)) * width))
    return "█" * filled + "░" * (width - filled)


def render_scorecard(console: Console, card: Scorecard, show_rules: bool = True) -> None:
    t = ui(card.lang)
    title = Text()
    title.append(f"{card.id}", style="bold")
    if card.name:
        title.append(f"  {card.name}")
    title.append(f"  ({card.partner_city}, {card.country})")
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
    console.print(f"[dim]{t['profile']}: {card.profile}; {t['prior']} {card.unknown_prior:g}[/dim]")
    for g in card.gates:
        console.print(f"[red]✗ {g.title}[/red] — {g.reason} [dim]({g.source})[/dim]")
    if card.possibly_ineligible:
        console.print(f"[yellow]! {t['possibly']}[/yellow]")

    fam = Table(title=t["families"], title_justify="left", box=None, pad_edge=False)
    fam.add_column(t["family"])
    fam.add_column(t["weight"], justify="right")
    fam.add_column("")
    fam.add_column("%", justify="right")
    for f in card.families:
        fam.add_row(f.family, f"{f.weight:.2f}", bar(f.score), f"{100 * f.score:.0f}")
    console.print(fam)

    if show_rules:
        rules = Table(title=t["rules"], title_justify="left", show_lines=False)
        rules.add_column(t["family"])
        rules.add_column(t["rule"])
        rules.add_column(t["outcome"])
        rules.add_column(t["points"], justify="right")
        rules.add_column(t["reasons"], overflow="fold")
        rules.add_column(t["source"], no_wrap=True)
        for r in card.rules:
            if r.kind == "derive":
                continue
            kind = {"gate": "⛔ ", "penalty": "− ", "factor": ""}[r.kind]
            pts = f"{r.contribution:+.1f}" if r.kind != "gate" else ""
            rules.add_row(r.family, f"{kind}{r.title}", Text(t[r.outcome], style=_OUTCOME_STYLE[r.outcome]), pts,
                          r.reason, r.source)
        console.print(rules)

    console.print(f"[bold]{t['improve']}[/bold]")
    if not card.improvements:
        console.print(f"  {t['none']}")
    for i, imp in enumerate(card.improvements, 1):
        gain = t["gate"] if imp.gain is None else f"+{imp.gain:.1f}"
        console.print(f"  {i}. [{'red' if imp.gain is None else 'green'}]{gain}[/] {imp.title}: {imp.hint} "
                      f"[dim]({imp.source})[/dim]")
    console.print(f"[bold]{t['unknowns']}[/bold]")
    if not card.unknowns:
        console.print(f"  {t['none']}")
    for u in card.unknowns:
        extra = f" [red]{t['can_gate']}[/red]" if u.can_gate else ""
        console.print(f"  • {u.field}: {t['swing']} ±{u.swing:.1f}{extra}")


def render_ranking(console: Console, header: list[str], data: dict[str, Any], lang: str = "en",
                   columns: tuple[str, ...] = ("rank", "id", "name", "partner_city", "score", "score_lo",
                                                 "score_hi", "eligible", "top_reasons")) -> None:
    t = ui(lang)
    table = Table(show_lines=False)
    for c in columns:
        table.add_column(c, justify="right" if c in ("rank", "score", "score_lo", "score_hi") else "left",
                         overflow="fold", max_width=48 if c in ("name", "top_reasons") else None)
    n = len(data["id"])
    for i in range(n):
        cells = []
        for c in columns:
            v = data[c][i]
            if c == "eligible":
                cells.append(Text(t["eligible"] if v else t["ineligible"], style="green" if v else "red"))
            elif isinstance(v, float):
                cells.append(f"{v:.1f}")
            else:
                cells.append(str(v))
        table.add_row(*cells)
    console.print(table)
