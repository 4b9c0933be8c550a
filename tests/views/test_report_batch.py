"""The report's per-candidate data, built from one batch of scorecard arrays, is what each
candidate's own Scorecard gives (as the report built it one scorecard at a time)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

import polex
from polex.formats.pipeline import read_pipeline
from polex.models.vocabulary import FIELDS
from polex.views.report import build_context, json_for_script
from polex.views.report_parts import OUTCOME_CODE, score_waterfall

PIPELINE = Path(__file__).resolve().parents[2] / "fixtures" / "pipeline.csv"


def _num(x, nd=2):
    x = float(x)
    return round(x, nd) if math.isfinite(x) else None


def _from_card(card, rule_index):
    """What the report showed of a Scorecard when it built one per candidate."""
    facts = [[name, card.candidate[name]] for name in (f.name for f in FIELDS)
             if name in card.candidate and name not in ("id", "name", "partner_city", "country")]
    cost = card.candidate.get("budget_usd_m")
    return {
        "id": card.id, "name": card.name or "", "city": card.partner_city or "", "country": card.country or "",
        "rank": card.rank, "score": _num(card.score), "lo": _num(card.score_lo), "hi": _num(card.score_hi),
        "status": "possibly" if card.possibly_ineligible else ("eligible" if card.eligible else "ineligible"),
        "comp": _num(card.completeness, 3),
        "o": "".join(OUTCOME_CODE[r.outcome] for r in card.rules),
        "c": [_num(r.contribution) for r in card.rules],
        "fam": [_num(f.score, 4) for f in card.families],
        "gates": [rule_index[g.rule_id] for g in card.gates],
        "imp": [[rule_index[m.rule_id], None if m.gain is None else _num(m.gain)] for m in card.improvements],
        "unk": [[u.field, _num(u.swing), [rule_index[r] for r in u.rules], u.can_gate] for u in card.unknowns],
        "wf": score_waterfall(card.score, card.baseline, [r.contribution for r in card.rules]),
        "cost": _num(cost, 3) if cost is not None else None,
        "facts": [name for name, _ in facts],
    }


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_candidates_are_their_scorecards(lang):
    ranking = polex.assess().rank(read_pipeline(PIPELINE).columns)
    context = build_context(ranking, lang=lang, top=None)
    rule_index = {r.id: j for j, r in enumerate(ranking.assessment.ruleset.rules)}
    shown = json.loads(json_for_script(context["data"]))["candidates"]
    assert len(shown) == len(ranking)
    for c, row in zip(shown, ranking.order):
        want = json.loads(json_for_script(_from_card(ranking.scorecard(int(row), lang), rule_index)))
        got = {k: c[k] for k in want} | {"facts": [name for name, _ in c["facts"]]}
        assert got == want, c["id"]
