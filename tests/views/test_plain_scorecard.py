"""`polex score` and `polex explain` print a plain-text card when their output is not a terminal:
the same content as the rich card (every rule's title, outcome, points and source; the families;
the improvements and unknowns), aligned by display width (Hangul takes two columns), control
characters escaped, and rich neither imported nor laid out."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from rich.console import Console

import polex
from polex.cli import main
from polex.views.plain import columns_of, scorecard_lines, table
from polex.views.terminal import render_scorecard

CANDIDATE = {"id": "x\x1b[2J", "partner_city": "Hanoi", "country": "VNM", "stage": "pilot",
             "upper_plan": "site_master_plan", "name": "하노이 스마트시티"}


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("full", [False, True])
def test_plain_card_carries_what_the_rich_card_shows(lang, full):
    card = polex.score(CANDIDATE, lang=lang)
    buffer = io.StringIO()
    render_scorecard(Console(file=buffer, width=400, highlight=False, soft_wrap=False), card, full=full)
    rich_text = buffer.getvalue()
    plain = "\n".join(scorecard_lines(card, full))
    for r in card.rules:
        if r.kind == "derive":
            continue
        assert r.title in plain and r.source in plain
        assert r.title in rich_text
    for f in card.families:
        assert f"{100 * f.score:.0f}" in plain
    for imp in card.improvements:
        assert imp.hint in plain and imp.hint in rich_text
    for u in card.unknowns:
        assert f"• {u.field}" in plain
    assert "\x1b" not in plain and "x\\x1b[2J" in plain
    if full:
        assert all(" ".join(r.reason.split()) in plain for r in card.rules if r.kind != "derive" and r.outcome == "true")


def test_columns_align_by_display_width():
    lines = table(["a", "b"], [["하노이", "1"], ["Hanoi", "22"]], right={1})
    assert columns_of("하노이") == 6 and columns_of("Hanoi") == 5
    assert [columns_of(line) for line in lines] == [columns_of(lines[1])] * 3


def test_score_through_a_pipe_is_plain_and_complete():
    res = CliRunner().invoke(main, ["score", "--set", "id=x", "--set", "partner_city=Hanoi", "--set", "country=VNM"])
    assert res.exit_code == 0 and "\x1b[" not in res.output
    card = polex.score({"id": "x", "partner_city": "Hanoi", "country": "VNM"})
    assert res.output.rstrip("\n").splitlines() == scorecard_lines(card)
