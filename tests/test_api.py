"""The Python API: polex.score gives a Scorecard with per-rule detail, improvements and unknowns;
polex.rank gives a Ranking with eligible candidates first."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

import polex
from polex.engine.batch import FALSE, NA, TRUE, UNKNOWN
from polex.engine.core import Ranking
from polex.models.candidate import CandidateError
from polex.models.results import Scorecard

PIPELINE = Path(polex.__file__).resolve().parent / "fixtures" / "pipeline.csv"
RULES, PROFILE = polex.load_rules(), polex.load_profile()
BASE = {"id": "x", "partner_city": "Hanoi", "country": "VNM"}
HANOI = {**BASE, "region": "southeast_asia", "income_group": "LMIC", "field": "transport", "track": "sharing",
         "engagement": "feasibility_study", "stage": "feasibility_study", "demand_signal": "official_request",
         "partner_priority": True, "problem_fit": "strong", "upper_plan": "site_master_plan",
         "funding_sources": "oda_loan", "funding_status": "applied", "relation": "friendship",
         "continuity": "recurring", "sanctions_regime": "none"}


def _pipeline_rows() -> list[dict]:
    with open(PIPELINE, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def pipeline() -> Ranking:
    return polex.rank(_pipeline_rows(), RULES, PROFILE)


def readme_baseline() -> float:
    """README 'How a score is made': with no factor and no penalty true a family's net points are 0,
    so it scores (0 - worst) / (best - worst) = penalties / (factors + penalties)."""
    total = weight = 0.0
    for fam in RULES.families:
        factors = sum(r.points for r in RULES.rules if r.family == fam and r.kind == "factor")
        penalties = sum(r.points for r in RULES.rules if r.family == fam and r.kind == "penalty")
        if factors + penalties <= 0:
            continue
        weight += PROFILE.weight(fam)
        total += PROFILE.weight(fam) * penalties / (factors + penalties)
    return 100 * total / weight


# ---- polex.score --------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["durable", "batch"])
def test_score_returns_a_scorecard_with_every_rule(engine):
    card = polex.score(HANOI, engine=engine)
    assert isinstance(card, Scorecard)
    assert card.id == "x" and card.partner_city == "Hanoi" and card.country == "VNM"
    assert [r.rule_id for r in card.rules] == [r.id for r in RULES.rules]
    for r, rule in zip(card.rules, RULES.rules):
        assert r.kind == rule.kind and r.family == rule.family and r.points == rule.points
        assert r.outcome in ("true", "false", "unknown", "n/a")
        assert r.source == rule.cites and r.source
        assert r.title and r.reason and r.hint and r.condition
    assert {f.family for f in card.families} == set(RULES.families)
    assert card.profile == PROFILE.name and card.unknown_prior == PROFILE.unknown_prior
    assert card.rank == 1 and card.of == 1
    assert card.score_lo <= card.score <= card.score_hi


def test_score_outcomes_follow_the_candidate():
    card = polex.score(HANOI)
    outcome = {r.rule_id: r.outcome for r in card.rules}
    assert outcome["problem_fit_strong"] == "true"
    assert outcome["problem_fit_none"] == "false"
    assert outcome["partner_request_documented"] == "true"
    assert outcome["head_of_city_request"] == "false"
    assert outcome["public_funding_channel"] == "true"
    assert outcome["follow_up_project_identified"] == "unknown"


def test_score_in_korean():
    en, ko = polex.score(HANOI), polex.score(HANOI, lang="ko")
    assert ko.lang == "ko"
    assert [r.title for r in ko.rules] != [r.title for r in en.rules]
    assert all(any("\uac00" <= ch <= "\ud7a3" for ch in r.title) for r in ko.rules)


def test_score_accepts_csv_style_cells_and_a_candidate_object():
    from polex.models.candidate import Candidate

    cells = polex.score({**BASE, "partner_priority": "yes", "funding_sources": "oda_loan;MDB", "stage": "PILOT"})
    typed = polex.score(Candidate.from_record({**BASE, "partner_priority": True, "funding_sources": ["oda_loan", "mdb"],
                                               "stage": "pilot"}))
    assert cells.score == typed.score and cells.candidate == typed.candidate


def test_score_rejects_a_bad_candidate_naming_the_field():
    with pytest.raises(CandidateError) as err:
        polex.score({**BASE, "stage": "pilott"})
    assert err.value.problems[0].field == "stage" and err.value.problems[0].suggestion == "pilot"


def test_contributions_sum_to_the_score(pipeline):
    """README: no family is ever clipped, so score = baseline + sum of contributions, on every row."""
    for row in range(len(pipeline)):
        card = pipeline.scorecard(row)
        assert 0 <= card.baseline <= 100  # the row's own frame: rules out of scope leave it
        total = sum(r.contribution for r in card.rules)
        assert card.score == pytest.approx(card.baseline + total, abs=1e-4 * len(card.rules)), card.id
        for r in card.rules:
            if r.kind in ("gate", "derive") or r.outcome in ("false", "n/a"):
                assert r.contribution == 0, (card.id, r.rule_id)
            elif r.kind == "factor":
                assert r.contribution > 0, (card.id, r.rule_id)
            else:
                assert r.contribution < 0, (card.id, r.rule_id)
        for f in card.families:
            assert 0 <= f.score <= 1


def test_contributions_sum_to_the_score_for_a_hand_made_candidate():
    for candidate in (HANOI, BASE, {**HANOI, "problem_fit": "none", "tech_match": "over_specified",
                                    "demand_origin": "supply_push", "political_sensitivity": True}):
        card = polex.score(candidate)
        assert card.score == pytest.approx(card.baseline + sum(r.contribution for r in card.rules), abs=0.01)


def _all_gains(ranking: Ranking, row: int) -> dict[str, float]:
    """Brute force: each factor made true (penalty made false), rescored."""
    scorer = ranking.assessment.scorer_
    outcomes = ranking.result.outcomes[row:row + 1]
    now = float(scorer.score(outcomes).score[0])
    gains = {}
    for j, rule in enumerate(RULES.rules):
        if rule.kind not in ("factor", "penalty") or outcomes[0, j] == NA:  # n/a is never a suggestion
            continue
        best = TRUE if rule.kind == "factor" else FALSE
        changed = outcomes.copy()
        changed[0, j] = best
        gains[rule.id] = float(scorer.score(changed).score[0]) - now
    return gains


def test_improvements_are_the_largest_positive_gains_sorted(pipeline):
    checked = 0
    for row in range(0, len(pipeline), 5):
        card = pipeline.scorecard(row)
        gates = [i for i in card.improvements if i.gain is None]
        others = [i for i in card.improvements if i.gain is not None]
        assert {g.rule_id for g in gates} == {g.rule_id for g in card.gates}
        assert card.improvements[: len(gates)] == gates  # gates first: nothing else matters until they open
        assert len(others) <= 3
        gains = [i.gain for i in others]
        assert all(g > 0 for g in gains)
        assert gains == sorted(gains, reverse=True)
        brute = _all_gains(pipeline, row)
        for imp in others:
            assert imp.gain == pytest.approx(brute[imp.rule_id], abs=1e-3), (card.id, imp.rule_id)
        listed = {i.rule_id for i in others}
        if len(others) == 3:
            assert max((g for rid, g in brute.items() if rid not in listed), default=0) <= min(gains) + 1e-3
        else:  # fewer than 3: no other change would raise the score
            assert all(g <= 1e-6 for rid, g in brute.items() if rid not in listed), card.id
        checked += bool(others)
    assert checked >= 20


def test_a_gated_candidate_lists_its_gate_first():
    card = polex.score({**HANOI, "field": "smart_city_development", "engagement": "infrastructure_build",
                        "stage": "procurement", "upper_plan": "none"})
    assert not card.eligible
    assert card.improvements[0].rule_id == "upper_plan_gate_late_stage" and card.improvements[0].gain is None
    assert card.improvements[0].source == RULES["upper_plan_gate_late_stage"].cites


def test_unknowns_are_sorted_by_swing_and_are_unknown():
    listed_known = []
    for candidate in ({**BASE}, HANOI, {**BASE, "stage": "pilot", "problem_fit": "strong"}):
        card = polex.score(candidate)
        swings = [u.swing for u in card.unknowns]
        assert card.unknowns, candidate
        assert swings == sorted(swings, reverse=True)
        outcome = {r.rule_id: r.outcome for r in card.rules}
        listed_known += [(u.field, card.candidate[u.field], u.swing) for u in card.unknowns
                         if u.field in card.candidate]
        for u in card.unknowns:
            assert u.swing >= 0 and (u.swing > 0 or u.can_gate)
            assert u.swing <= card.score_hi - card.score_lo + 1e-6
            assert all(outcome[rid] == "unknown" for rid in u.rules)
    assert listed_known == [], f"fields the candidate has filled in are listed as unknowns: {listed_known}"


def test_the_biggest_unknown_moves_the_range_most():
    card = polex.score(HANOI)
    top = card.unknowns[0]
    assert top.swing > 0
    # Knowing it (any value) leaves a narrower range than before.
    width = card.score_hi - card.score_lo
    from polex.models.vocabulary import FIELD_BY_NAME

    spec = FIELD_BY_NAME[top.field]
    if spec.kind == "bool":
        values = [True, False]
    elif spec.kind == "list":
        values = [[spec.values[0]]]
    else:
        values = list(spec.values) or [1.0]
    for value in values:
        filled = polex.score({**HANOI, top.field: value})
        assert filled.score_hi - filled.score_lo < width - 1e-9, (top.field, value)


# ---- polex.rank ---------------------------------------------------------------------------------


def test_rank_returns_a_ranking_with_eligible_first(pipeline):
    assert isinstance(pipeline, Ranking)
    assert len(pipeline) == 155
    eligible = pipeline.result.eligible[pipeline.order]
    assert not eligible.all() and eligible.any(), "the fixtures hold both eligible and gated cases"
    assert list(eligible) == sorted(eligible, reverse=True)
    assert sorted(pipeline.order.tolist()) == list(range(155))
    np.testing.assert_array_equal(pipeline.ranks[pipeline.order], np.arange(1, 156))
    scores = pipeline.result.score[pipeline.order]
    n_eligible = int(eligible.sum())
    assert (np.diff(scores[:n_eligible]) <= 1e-9).all() and (np.diff(scores[n_eligible:]) <= 1e-9).all()


def test_rank_scorecards_agree_with_the_ranking(pipeline):
    for row in (0, 50, 100, 154):
        card = pipeline.scorecard(row)
        assert card.rank == pipeline.ranks[row] and card.of == 155
        assert card.id == str(pipeline.columns.ids[row])
        assert card.eligible == bool(pipeline.result.eligible[row])
        assert card.score == pytest.approx(float(pipeline.result.score[row]), abs=1e-4)
        outcomes = {TRUE: "true", FALSE: "false", UNKNOWN: "unknown", NA: "n/a"}
        assert [r.outcome for r in card.rules] == [outcomes[int(v)] for v in pipeline.result.outcomes[row]]
    assert pipeline.row_of("002-CLARK") == next(i for i, r in enumerate(_pipeline_rows()) if r["id"] == "002-CLARK")
    with pytest.raises(KeyError):
        pipeline.row_of("no-such-id")


def test_rank_of_an_ineligible_candidate_shows_its_gate_reason():
    ranking = polex.rank([{"id": "gated", "partner_city": "Pyongyang", "country": "PRK", "sanctions_regime": "un_dprk",
                           "sanctions_category": "economic_commercial"}, {**BASE, "id": "plain"}], RULES, PROFILE)
    assert [str(ranking.columns.ids[i]) for i in ranking.order] == ["plain", "gated"]
    card = ranking.scorecard(ranking.row_of("gated"))
    assert [g.rule_id for g in card.gates] == ["dprk_sanctions_economic_commercial_gate"]
    header, data = ranking.table()
    assert RULES["dprk_sanctions_economic_commercial_gate"].cites in data["gate_reasons"][1]
    assert list(data["eligible"]) == [True, False]


def test_rank_raises_on_a_bad_candidate():
    with pytest.raises(CandidateError) as err:
        polex.rank([{**BASE, "id": "ok"}, {**BASE, "id": "bad", "income_group": "rich"}])
    assert err.value.problems[0].field == "income_group" and err.value.problems[0].value == "rich"


@pytest.mark.parametrize("rank_by", ["point", "low", "high"])
def test_rank_by(pipeline, rank_by):
    ranking = polex.rank(_pipeline_rows(), RULES, PROFILE, rank_by=rank_by)
    key = ranking.result.key(rank_by)[ranking.order]
    eligible = ranking.result.eligible[ranking.order]
    n = int(eligible.sum())
    assert (np.diff(key[:n]) <= 1e-9).all()
