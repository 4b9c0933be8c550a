"""Plain-text rendering (no rich): what `polex score` and `polex explain` print when their output
is not a terminal (a pipe, a file, a test runner), and the cell helpers both renderers share.

The same content as the rich scorecard (views/terminal.py), laid out as aligned columns of plain
text, one rule per line, without colour; importing and laying out rich's tables costs more than
scoring one candidate, so a script that reads the card does not pay for it.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from .labels import family_label, ui

_KIND_MARK = {"gate": "⛔ ", "penalty": "− ", "factor": "", "derive": "= "}


_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]}
_CONTROL.update({c: f"\\u{c:04x}" for c in (0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))})


def safe(text: Any) -> str:
    """A cell as the terminal may show it: control characters (ESC, BEL, CR, C1, bidirectional
    overrides) written as escapes (\\x1b), never sent raw, so a cell cannot move the cursor,
    clear the screen or reorder what is shown."""
    return str("" if text is None else text).translate(_CONTROL)


def bar(share: float, width: int = 20) -> str:
    filled = int(round(max(0.0, min(1.0, share)) * width))
    return "█" * filled + "░" * (width - filled)


def shorten(text: Any, width: int) -> str:
    """One line of at most `width` characters (an ellipsis marks a cut)."""
    text = " ".join(safe(text).split())
    return text if len(text) <= width else text[: max(1, width - 1)].rstrip() + "…"




def columns_of(text: str) -> int:
    """Columns a text takes in a terminal (East Asian wide and full-width characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, size: int, right: bool) -> str:
    gap = " " * max(0, size - columns_of(text))
    return gap + text if right else text + gap


def table(header: list[str], rows: list[list[str]], right: set[int] = frozenset(), rule: bool = False) -> list[str]:
    """Aligned lines: the header, a line under it when `rule`, then the rows; two spaces apart."""
    sizes = [max([columns_of(h)] + [columns_of(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells):
        return "  ".join(_pad(c, sizes[i], i in right) for i, c in enumerate(cells)).rstrip()

    out = [line(header)]
    if rule:
        out.append("  ".join("─" * s for s in sizes))
    return out + [line(r) for r in rows]


def scorecard_lines(card, full: bool = False) -> list[str]:
    """The scorecard as lines of plain text (see render_scorecard in views/terminal.py)."""
    t = ui(card.lang)
    out = [f"{safe(card.id)}" + (f"  {safe(card.name)}" if card.name else "")
           + f"  ({safe(card.partner_city)}, {safe(card.country)})"]
    line = f"{t['score']} {card.score:.1f}  {t['range']} {card.score_lo:.1f}–{card.score_hi:.1f}   "
    line += t["eligible"] if card.eligible else t["ineligible"]
    if card.rank:
        line += f"   {t['rank']} {card.rank} {t['of']} {card.of}"
    out.append(line + f"   {t['completeness']} {card.completeness:.0%}")
    prior = t["prior_rates"] if card.base_rates else f"{t['prior']} {card.unknown_prior:g}"
    out.append(f"{t['profile']}: {card.profile}; {prior}")
    out += [f"✗ {g.title} — {shorten(g.reason, 240)} ({g.source})" for g in card.gates]
    if card.possibly_ineligible:
        out.append(f"! {t['possibly']}")
    out += ["", t["families"]]
    rows = [[family_label(f.family, card.lang), "-", "", t["n/a"]] if not f.in_scope else
            [family_label(f.family, card.lang), f"{f.weight:.2f}", bar(f.score), f"{100 * f.score:.0f}"]
            for f in card.families]
    out += table([t["family"], t["weight"], "", "%"], rows, right={1, 3})
    rows = [[family_label(r.family, card.lang), f"{_KIND_MARK[r.kind]}{r.title}", t[r.outcome],
             f"{r.contribution:+.1f}" if r.kind != "gate" and r.outcome != "n/a" else "", r.source]
            for r in card.rules if r.kind != "derive"]
    out += ["", t["rules"]]
    out += table([t["family"], t["rule"], t["outcome"], t["points"], t["source"]], rows, right={3}, rule=True)
    if full:
        out += ["", t["why"]]
        for r in card.rules:
            if r.kind == "derive" or (r.outcome != "true" and abs(r.contribution) < 1e-9):
                continue
            out.append(f"• {_KIND_MARK[r.kind]}{r.title} [{t[r.outcome]}] ({r.source})")
            out.append("  " + " ".join(r.reason.split()))
    out += ["", t["improve"]]
    if not card.improvements:
        out.append(f"  {t['none']}")
    out += [f"  {i}. {t['gate'] if imp.gain is None else f'+{imp.gain:.1f}'} {imp.title}: {imp.hint} ({imp.source})"
            for i, imp in enumerate(card.improvements, 1)]
    out.append(t["unknowns"])
    if not card.unknowns:
        out.append(f"  {t['none']}")
    for u in card.unknowns:
        item = f"  • {u.field}"
        if u.swing > 1e-9:
            item += f": {t['swing']} ±{u.swing:.1f}"
        if u.can_gate:
            item += f"{'; ' if u.swing > 1e-9 else ': '}{t['can_gate']}"
        out.append(item)
    return out
