"""The core engine's must-hold requirements (the engine issue), checked through the public API
on both executors: Clark above New Clark, the document gates, the DPRK sanctions ordering and
how unknowns shape a score."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pytest

import polex
from polex.engine.core import Assessment
from polex.formats.pipeline import read_pipeline

FIXTURES = Path(polex.__file__).resolve().parent / "fixtures"
PIPELINE = FIXTURES / "pipeline.csv"
ENGINES = ["batch", "durable"]
BASE = {"id": "t", "partner_city": "Testville", "country": "PHL"}


def cand(**fields):
    return {**BASE, **fields}


RULES, PROFILE = polex.load_rules(), polex.load_profile()


def score(candidate, engine="durable"):
    return polex.score(candidate, RULES, PROFILE, engine)


def rank(candidates, engine="batch"):
    return polex.rank(candidates, RULES, PROFILE, engine)


def _cites(source: str, doc: str, lines: str) -> bool:
    """Does a rule's `source` text ('002 L844-848; 002 L1399-1403') cite doc + lines?"""
    start, _, end = lines.partition("-")
    pattern = rf"\b{doc} (?:L\d+(?:-\d+)?, )*L{start}-{end}\b"
    return re.search(pattern, source) is not None


def _gate_ids(card) -> set[str]:
    return {g.rule_id for g in card.gates}


def _outcome(card, rule_id: str) -> str:
    return next(r.outcome for r in card.rules if r.rule_id == rule_id)


# ---- 2. Clark above New Clark (002 L975-985) ------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_clark_ranks_above_new_clark_in_bundled_pipeline(engine, ruleset, profile):
    intake = read_pipeline(PIPELINE)
    assert intake.total == 155 and not intake.rejects
    ranking = Assessment(ruleset, profile, engine=engine).fit().rank(intake.columns)
    clark, new_clark = ranking.row_of("002-CLARK"), ranking.row_of("002-NEWCLARK")
    assert ranking.result.eligible[clark]
    assert ranking.ranks[clark] < ranking.ranks[new_clark], (
        f"Clark rank {ranking.ranks[clark]} (score {ranking.result.score[clark]:.2f}) vs New Clark "
        f"rank {ranking.ranks[new_clark]} (score {ranking.result.score[new_clark]:.2f})")
    assert ranking.result.score[clark] > ranking.result.score[new_clark]


def test_clark_above_new_clark_via_polex_rank_of_csv_rows():
    with open(PIPELINE, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    ranking = polex.rank(rows)  # the public API with its defaults
    assert len(ranking) == 155
    assert ranking.ranks[ranking.row_of("002-CLARK")] < ranking.ranks[ranking.row_of("002-NEWCLARK")]


# ---- 3. upper-level plan gate at investment_development and after (002 L844-848) -------------

LATE_STAGES = ["investment_development", "procurement", "construction", "operation"]
EARLY_STAGES = ["discovery", "consulting", "master_plan", "feasibility_study", "pilot"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("stage", LATE_STAGES)
def test_late_stage_without_upper_plan_is_ineligible(stage, engine):
    card = score(cand(stage=stage, upper_plan="none"), engine=engine)
    assert not card.eligible
    gate = next(g for g in card.gates if g.rule_id == "upper_plan_gate_late_stage")
    assert _cites(gate.source, "002", "844-848"), gate.source
    assert gate.reason


@pytest.mark.parametrize("stage", LATE_STAGES)
@pytest.mark.parametrize("plan", ["regional_only", "site_master_plan", "master_and_detailed_plan"])
def test_late_stage_with_a_plan_is_not_gated_by_the_plan_rule(stage, plan):
    card = score(cand(stage=stage, upper_plan=plan))
    assert _outcome(card, "upper_plan_gate_late_stage") == "false"
    assert "upper_plan_gate_late_stage" not in _gate_ids(card)


@pytest.mark.parametrize("stage", EARLY_STAGES)
def test_missing_plan_at_planning_stage_is_a_penalty_not_a_gate(stage):
    card = score(cand(stage=stage, upper_plan="none"))
    assert card.eligible
    assert _outcome(card, "upper_plan_gate_late_stage") == "false"
    assert _outcome(card, "upper_plan_missing_planning_stage") == "true"


def test_late_stage_gate_ranks_after_every_eligible_candidate():
    gated = [cand(id=f"g-{s}", stage=s, upper_plan="none", problem_fit="strong", demand_signal="head_of_city_request",
                  funding_status="committed") for s in LATE_STAGES]
    weak = [cand(id="w", stage="pilot", problem_fit="none")]
    ranking = rank(gated + weak)
    assert ranking.ranks[ranking.row_of("w")] == 1
    assert not ranking.result.eligible[[ranking.row_of(c["id"]) for c in gated]].any()


# ---- 4. for-profit export led by the city government (000 L596-603, L706-710) ----------------


@pytest.mark.parametrize("engine", ENGINES)
def test_for_profit_export_led_by_city_is_penalised_not_gated(engine):
    """000 L596-603 restricts the city itself; it is no ban (001 L2300-2302: the Waterworks HQ won Brunei)."""
    card = score(cand(track="export", for_profit=True, lead_vehicle="city_government"), engine=engine)
    assert card.eligible
    assert _outcome(card, "export_for_profit_led_by_city") == "true"
    rule = next(r for r in card.rules if r.rule_id == "export_for_profit_led_by_city")
    assert rule.kind == "penalty" and rule.contribution < 0 and _cites(rule.source, "000", "596-603")


@pytest.mark.parametrize("change", [{"track": "sharing"}, {"for_profit": False}, {"lead_vehicle": "public_corporation"},
                                    {"lead_vehicle": "private_consortium"}, {"lead_vehicle": "city_enterprise"}])
def test_export_penalty_needs_all_three_parts(change):
    card = score(cand(**{"track": "export", "for_profit": True, "lead_vehicle": "city_government", **change}))
    assert _outcome(card, "export_for_profit_led_by_city") == "false"
    assert card.eligible


# ---- 5. build funded only by Seoul's budget (000 L552-560: a plan to limit fiscal risk, no ban) ----

BUILDS = ["system_build", "infrastructure_build"]
OTHER_SOURCES = ["partner_budget", "oda_grant", "oda_loan", "mdb", "national_fund", "inter_korean_fund",
                 "network_programme", "private", "ppp"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("engagement", BUILDS)
@pytest.mark.parametrize("sources", [["seoul_budget"], "seoul_budget", "Seoul_Budget;"])
def test_build_funded_only_by_seoul_is_penalised_not_gated(engagement, sources, engine):
    card = score(cand(engagement=engagement, funding_sources=sources), engine=engine)
    assert card.eligible
    assert _outcome(card, "build_funded_only_by_seoul") == "true"
    rule = next(r for r in card.rules if r.rule_id == "build_funded_only_by_seoul")
    assert rule.kind == "penalty" and _cites(rule.source, "000", "552-560")


@pytest.mark.parametrize("engagement", BUILDS)
@pytest.mark.parametrize("other", OTHER_SOURCES)
def test_build_with_seoul_budget_plus_another_source_is_not_penalised(engagement, other):
    card = score(cand(engagement=engagement, funding_sources=["seoul_budget", other]))
    assert _outcome(card, "build_funded_only_by_seoul") == "false"
    assert card.eligible


@pytest.mark.parametrize("engagement", ["training", "policy_consulting", "pilot", "design", "operation"])
def test_non_build_funded_by_seoul_is_not_penalised(engagement):
    card = score(cand(engagement=engagement, funding_sources=["seoul_budget"]))
    assert _outcome(card, "build_funded_only_by_seoul") in ("false", "n/a")
    assert card.eligible


# ---- 6. DPRK sanctions (003 L4479-4489, L1875-1885) -------------------------------------------

PYONGYANG = {"partner_city": "Pyongyang", "country": "PRK", "region": "korea", "partner_kind": "dprk_city",
             "sanctions_regime": "un_dprk"}
# Everything else about the project is the same across the candidates of one set.
BASES = {
    "bare": {},
    "planned_pilot": {"track": "sharing", "engagement": "pilot", "stage": "pilot", "lead_vehicle": "city_government",
                      "demand_signal": "official_request", "problem_fit": "strong", "readiness": "concept",
                      "funding_sources": ["inter_korean_fund"], "funding_status": "identified",
                      "continuity": "recurring", "benefit_direction": "two_way", "scale_class": "pilot",
                      "phased": True},
}
CONTEXTS = {
    "as_in_003_fixtures": {"political_climate": "dialogue", "legal_channel": "via_intermediary",
                           "political_sensitivity": False},
    "breakthrough_explicit": {"political_climate": "breakthrough", "legal_channel": "explicit",
                              "political_sensitivity": False},
    "context_unknown": {},
    "stalemate_via_intermediary": {"political_climate": "stalemate", "legal_channel": "via_intermediary",
                                   "political_sensitivity": False},
    "stalemate_channel_pending": {"political_climate": "stalemate", "legal_channel": "pending",
                                  "political_sensitivity": False},
    "stalemate_rest_unknown": {"political_climate": "stalemate"},
}
EARLY_HARVEST = [  # (field, sanctions_category, exemption)
    ("culture_sports", "culture_sports", "not_needed"),
    ("health", "humanitarian", "not_needed"),
    ("forestry_agriculture", "forestry_agriculture", "not_needed"),
    ("culture_sports", "culture_sports", None),
    ("forestry_agriculture", "forestry_agriculture", None),
]
LATER = [(f, c, e) for f in ("transport", "energy", "culture_sports")  # culture_sports here: content business
         for c, e in (("technology", None), ("tourism", None), ("nonprofit_public_infra", "approved"),
                      ("economic_commercial", None))]


def _dprk(i: int, kind: str, field: str, category: str, exemption: str | None, base: dict) -> dict:
    c = {"id": f"{kind}{i:02d}-{field}-{category}", **PYONGYANG, **base, "field": field,
         "sanctions_category": category}
    if exemption:
        c["sanctions_exemption"] = exemption
    return c


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("field", ["transport", "energy", "culture_sports", "other"])
def test_dprk_economic_commercial_is_ineligible(field, engine):
    card = score({"id": "p", **PYONGYANG, "field": field, "sanctions_category": "economic_commercial"},
                       engine=engine)
    assert not card.eligible
    assert "dprk_sanctions_economic_commercial_gate" in _gate_ids(card)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("exemption", ["pending", "not_sought", None])
def test_dprk_public_infra_without_approved_exemption_is_ineligible(exemption, engine):
    # From the pilot stage on: before it the approval is still to be sought (003 L4487-4489, L4646).
    c = {"id": "p", **PYONGYANG, "field": "water", "sanctions_category": "nonprofit_public_infra", "stage": "pilot"}
    if exemption:
        c["sanctions_exemption"] = exemption
    card = score(c, engine=engine)
    assert not card.eligible
    gate = next(g for g in card.gates if g.rule_id == "dprk_public_infra_without_exemption_gate")
    assert _cites(gate.source, "003", "4487-4489"), gate.source


@pytest.mark.parametrize("engine", ENGINES)
def test_dprk_public_infra_with_approved_exemption_is_not_gated_by_that_rule(engine):
    card = score({"id": "p", **PYONGYANG, "field": "water", "sanctions_category": "nonprofit_public_infra",
                        "sanctions_exemption": "approved"}, engine=engine)
    assert _outcome(card, "dprk_public_infra_without_exemption_gate") == "false"
    assert "dprk_public_infra_without_exemption_gate" not in _gate_ids(card)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("context", list(CONTEXTS))
@pytest.mark.parametrize("base", list(BASES))
def test_dprk_early_harvest_projects_rank_above_later_phase_projects(base, context, engine):
    """003 L4479-4489, L1875-1885: culture/sports, humanitarian and forestry/agriculture first;
    transport, energy and content later. Same partner, every other field equal."""
    common = {**BASES[base], **CONTEXTS[context]}
    early = [_dprk(i, "E", *x, common) for i, x in enumerate(EARLY_HARVEST)]
    later = [_dprk(i, "L", *x, common) for i, x in enumerate(LATER)]
    ranking = rank(early + later, engine=engine)
    score = ranking.result.score
    early_rows = [ranking.row_of(c["id"]) for c in early]
    later_rows = [ranking.row_of(c["id"]) for c in later]
    assert ranking.result.eligible[early_rows].all(), [c["id"] for c in early]
    worst_early = max(early_rows, key=lambda r: ranking.ranks[r])
    best_later = min(later_rows, key=lambda r: ranking.ranks[r])
    assert ranking.ranks[worst_early] < ranking.ranks[best_later], (
        f"{ranking.columns.ids[best_later]} (score {score[best_later]:.3f}, rank {ranking.ranks[best_later]}) "
        f"ranks above {ranking.columns.ids[worst_early]} (score {score[worst_early]:.3f}, "
        f"rank {ranking.ranks[worst_early]})")


def _overlaps(source: str, doc: str, lo: int, hi: int) -> bool:
    """Does `source` cite any line of doc lo-hi?"""
    for part in source.split(";"):
        part = part.strip()
        if not part.startswith(doc + " "):
            continue
        for rng in part[len(doc) + 1:].split(","):
            a, _, b = rng.strip().lstrip("L").partition("-")
            if int(a) <= hi and int(b or a) >= lo:
                return True
    return False


def test_the_dprk_ordering_rules_cite_the_documents():
    early, later = RULES["dprk_early_harvest_category"], RULES["dprk_later_phase_under_sanctions"]
    assert early.kind == "factor" and later.kind == "penalty"
    assert _overlaps(early.cites, "003", 4479, 4489) and _overlaps(early.cites, "003", 1875, 1885), early.cites
    assert _overlaps(later.cites, "003", 1875, 1885), later.cites
    assert _overlaps(RULES["dprk_sanctions_economic_commercial_gate"].cites, "003", 4479, 4489)
    assert _overlaps(RULES["dprk_public_infra_without_exemption_gate"].cites, "003", 4479, 4489)


# ---- 7. unknowns: a wide range, never a confident zero ---------------------------------------


def _expected_all_unknown_score(ruleset, profile) -> float:
    """README 'How a score is made', by hand: every condition unknown counts at the prior, so a
    family's net points are prior x (factors - penalties), placed between worst (-penalties) and
    best (factors); families without points give their weight to the others."""
    prior = profile.unknown_prior
    total, weight_sum = 0.0, 0.0
    for fam in ruleset.families:
        factors = sum(r.points for r in ruleset.rules if r.family == fam and r.kind == "factor")
        penalties = sum(r.points for r in ruleset.rules if r.family == fam and r.kind == "penalty")
        if factors + penalties <= 0:
            continue
        w = profile.weight(fam)
        weight_sum += w
        total += w * (prior * (factors - penalties) + penalties) / (factors + penalties)
    return 100.0 * total / weight_sum


@pytest.mark.parametrize("engine", ENGINES)
def test_all_unknown_candidate_gets_wide_range_and_no_confident_zero(engine, ruleset, profile):
    card = score(cand(), engine=engine)
    assert {r.outcome for r in card.rules} <= {"unknown", "n/a"}
    assert card.score_hi - card.score_lo >= 50, (card.score_lo, card.score_hi)
    assert card.score_hi > 0
    assert card.score_lo <= card.score <= card.score_hi
    assert card.unknown_prior == profile.unknown_prior
    if 0 < profile.unknown_prior < 1:
        assert card.score_lo < card.score < card.score_hi
    assert card.eligible and card.possibly_ineligible
    assert card.unknowns, "an all-unknown candidate must say what to find out first"


# (field, value that makes the factor true, value that makes it false)
FACTORS = [
    ("partner_priority", True, False),
    ("partner_budget_allocated", True, False),
    ("demand_signal", "head_of_city_request", "none"),
    ("partner_authority", "strong", "weak"),
    ("problem_fit", "strong", "partial"),
    ("policy_evidence", "international", "domestic"),
    ("upper_plan", "master_and_detailed_plan", "regional_only"),
    ("readiness", "ready_to_execute", "idea"),
    ("feasibility_done", True, False),
    ("funding_status", "committed", "idea"),
    ("relation_active", True, False),
    ("korean_engagement", True, False),
    ("korean_firms_present", "many", "none"),
    ("trained_officials", 12, 0),
    ("smart_city_prize", "winner", "finalist"),
    ("payback_years", 4.5, 9),
    ("phased", True, False),
    ("scale_negotiated_down", True, False),
    ("follow_up_identified", True, False),
    ("continuity", "institutionalised", "one_off"),
    ("benefit_direction", "two_way", "one_way"),
    ("income_group", "LMIC", "HIC"),
]


def _cards(field, good, bad):
    return score(cand()), score(cand(**{field: good})), score(cand(**{field: bad}))


@pytest.mark.parametrize("field,good,bad", FACTORS, ids=[f[0] for f in FACTORS])
def test_one_known_factor_false_scores_below_true(field, good, bad):
    blank, yes, no = _cards(field, good, bad)
    for card in (yes, no):
        assert card.score_lo <= card.score <= card.score_hi
    assert no.score < blank.score < yes.score, (field, no.score, blank.score, yes.score)


@pytest.mark.parametrize("field,good,bad", FACTORS, ids=[f[0] for f in FACTORS])
def test_one_factor_known_false_narrows_the_range(field, good, bad):
    blank, _, no = _cards(field, good, bad)
    assert no.score_hi - no.score_lo < blank.score_hi - blank.score_lo - 1e-9, (field, no.score_lo, no.score_hi)


@pytest.mark.parametrize("field,good,bad", FACTORS, ids=[f[0] for f in FACTORS])
def test_one_factor_known_true_narrows_the_range(field, good, bad):
    """Knowing a factor holds must also narrow what the unknowns could do."""
    blank, yes, _ = _cards(field, good, bad)
    assert yes.score_hi - yes.score_lo < blank.score_hi - blank.score_lo - 1e-9, (
        f"{field}={good!r}: range [{yes.score_lo}, {yes.score_hi}] vs all-unknown [{blank.score_lo}, "
        f"{blank.score_hi}]")


def test_scores_are_identical_across_engines_for_the_factor_grid():
    records = [cand(id=f"{f}-{v}", **{f: v}) for f, g, b in FACTORS for v in (g, b)]
    batch, durable = rank(records, engine="batch"), rank(records, engine="durable")
    np.testing.assert_array_equal(batch.result.outcomes, durable.result.outcomes)
    np.testing.assert_array_equal(batch.result.score, durable.result.score)
    np.testing.assert_array_equal(batch.order, durable.order)
