"""Issue 9's must-holds: rule scope by project archetype, gates only where the documents forbid,
unknowns at base rates. Each test reads the shipped rules, the default profile and the bundled
document cases (fixtures/pipeline.csv)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import polex
import polex.models.vocabulary
from polex.engine.core import Assessment
from polex.engine.outcomes import FALSE, NA, TRUE, UNKNOWN
from polex.formats.pipeline import read_pipeline

PIPELINE = Path(polex.__file__).resolve().parent / "fixtures" / "pipeline.csv"
DPRK_WORDS = ("dprk", "inter_korean", "early_harvest", "pyongyang")
DPRK_NAMES = {"PRK", "DPRK", "North Korea", "north korea", "NORTH KOREA", "DPR Korea", "Korea DPR",
              "Democratic People's Republic of Korea", "북한", "조선민주주의인민공화국"}


@pytest.fixture(scope="module")
def assessment():
    return Assessment(polex.load_rules(), polex.load_profile()).fit()


@pytest.fixture(scope="module")
def ranking(assessment):
    return assessment.rank(read_pipeline(PIPELINE).columns)


def rank_of(ranking, cid: str) -> int:
    return int(ranking.ranks[ranking.row_of(cid)])


def dprk_rules(ruleset) -> list[int]:
    """Rules scoped to North Korea alone: their scope is `country in [PRK, ...]`."""
    return [j for j, r in enumerate(ruleset.rules)
            if getattr(r.applies, "op", None) == "in" and r.applies.field == "country" and r.applies.value <= DPRK_NAMES]


def test_every_dprk_rule_is_scoped_to_north_korea(assessment):
    rs = assessment.ruleset
    named = [r.id for r in rs.rules if any(w in r.id for w in DPRK_WORDS) and r.kind != "derive"]
    scoped = {rs.rules[j].id for j in dprk_rules(rs)}
    assert named and set(named) <= scoped, set(named) - scoped


def test_clark_ranks_above_new_clark(ranking):
    assert rank_of(ranking, "002-CLARK") < rank_of(ranking, "002-NEWCLARK")


def test_delivered_fare_systems_rank_above_the_2014_targets_never_recorded(ranking):
    """Fare-card, bus and traffic-centre systems 001 records as built (construction or operation,
    001 L2096-2130) rank above every 2014 "cooperation sought" target of 000, none of which 001's
    record of 59 projects lists."""
    ids = [str(i) for i in ranking.columns.ids]
    col = {f: ranking.columns[f].values for f in ("name", "partner_city", "field", "stage")}
    stages = polex.models.vocabulary.FIELD_BY_NAME["stage"].values
    fields = polex.models.vocabulary.FIELD_BY_NAME["field"].values
    row = {cid: i for i, cid in enumerate(ids)}
    delivered = [c for c in ids if c.startswith("001-E")
                 and fields[col["field"][row[c]]] in ("fare_collection", "traffic_management")
                 and stages[col["stage"][row[c]]] in ("construction", "operation")]
    # 000's invitations and targets with cooperation "sought" (C22-C27): none is among 001's 59 projects
    targets = [c for c in ids if c.startswith("000-C") and "sought" in str(col["name"][row[c]])]
    assert len(delivered) >= 8 and {"000-C24", "000-C25", "000-C26", "000-C27"} <= set(targets)
    worst_delivered = max(rank_of(ranking, c) for c in delivered)
    best_target = min(rank_of(ranking, c) for c in targets)
    assert worst_delivered < best_target, (worst_delivered, best_target)


@pytest.mark.parametrize("cid, rule", [("001-E49", "build_funded_only_by_seoul"),
                                       ("000-C12", "build_funded_only_by_seoul")])
def test_documented_successes_are_eligible_with_the_penalty_that_explains_their_risk(ranking, cid, rule):
    row = ranking.row_of(cid)
    assert ranking.result.eligible[row]
    j = ranking.assessment.ruleset.index(rule)
    assert ranking.assessment.ruleset.rules[j].kind == "penalty"
    assert ranking.result.outcomes[row, j] in (TRUE, UNKNOWN)


@pytest.mark.parametrize("cid", ["001-E52", "000-C07"])
def test_the_brunei_win_is_led_by_a_city_enterprise_not_hit_as_a_city_led_export(ranking, cid):
    """001 L2298-2299: the Seoul Waterworks Headquarters won it in a consortium with firms."""
    row = ranking.row_of(cid)
    rs = ranking.assessment.ruleset
    assert ranking.result.eligible[row]
    assert ranking.result.outcomes[row, rs.index("export_for_profit_led_by_city")] == FALSE
    assert ranking.result.outcomes[row, rs.index("lead_vehicle_able_for_track")] == TRUE


def test_manila_led_lights_are_eligible(ranking):
    rows = [i for i in range(len(ranking)) if "LED" in str(ranking.columns["name"].values[i])
            and str(ranking.columns["country"].values[i]) == "PHL"]
    assert rows and all(ranking.result.eligible[i] for i in rows)


def test_no_dprk_rule_reaches_a_candidate_outside_north_korea(ranking):
    rs = ranking.assessment.ruleset
    dprk = dprk_rules(rs)
    country = ranking.columns["country"].values.astype(str)
    outside = np.flatnonzero(country != "PRK")
    assert len(outside) > 100
    assert (ranking.result.outcomes[np.ix_(outside, dprk)] == NA).all()
    gates = [j for j in dprk if rs.rules[j].kind == "gate"]
    assert not (ranking.result.outcomes[np.ix_(outside, gates)] == UNKNOWN).any()


def test_no_improvement_is_ever_out_of_scope(ranking):
    for row in range(len(ranking)):
        card = ranking.scorecard(row)
        outcome = {r.rule_id: r.outcome for r in card.rules}
        assert all(outcome[i.rule_id] != "n/a" for i in card.improvements), card.id
        for u in card.unknowns:
            assert all(outcome[r] == "unknown" for r in u.rules)


def test_out_of_scope_rules_show_n_a_and_the_score_still_adds_up(ranking):
    row = ranking.row_of("001-E02")  # a fare-card export: no site, no land
    card = ranking.scorecard(row)
    site = [r for r in card.rules if r.family == "site"]
    assert site and all(r.outcome == "n/a" and r.contribution == 0 for r in site)
    assert card.baseline + sum(r.contribution for r in card.rules) == pytest.approx(card.score, abs=1e-3)


PYONGYANG = {"partner_city": "Pyongyang", "country": "PRK", "partner_kind": "dprk_city", "sanctions_regime": "un_dprk",
             "track": "sharing", "for_profit": False, "political_climate": "dialogue", "legal_channel": "explicit"}


@pytest.mark.parametrize("exemption", ["approved", "not_needed"])
@pytest.mark.parametrize("case", [
    {"id": "P02", "field": "water", "engagement": "infrastructure_build", "sanctions_category": "nonprofit_public_infra"},
    {"id": "P03", "field": "safety", "engagement": "training", "sanctions_category": "nonprofit_public_infra"},
])
def test_pyongyang_water_and_disaster_exchange_are_eligible_with_an_exemption(assessment, case, exemption):
    ranking = assessment.rank([{**PYONGYANG, **case, "sanctions_exemption": exemption}])
    assert ranking.result.eligible[0]


def test_early_harvest_order_holds(assessment):
    """Culture, sports, humanitarian and forestry first; economic projects last (003)."""
    cats = ["culture_sports", "humanitarian", "forestry_agriculture", "economic_commercial"]
    records = [{**PYONGYANG, "id": c, "sanctions_category": c, "sanctions_exemption": "not_needed"} for c in cats]
    scores = assessment.rank(records).result.score
    assert min(scores[:3]) > scores[3]


def test_an_empty_record_ranks_below_the_median_documented_success(assessment):
    outcomes = read_pipeline(PIPELINE.parent / "outcomes.csv").columns
    ones = np.flatnonzero(outcomes["outcome"].values == 1)
    documented = assessment.rank(outcomes.take(ones)).result.score
    empty = assessment.rank([{"id": "x", "partner_city": "Somewhere", "country": "VNM"}]).result.score[0]
    assert empty < np.median(documented)


def test_base_rates_come_from_the_profile_and_keep_the_range(assessment):
    profile = assessment.profile
    assert profile.base_rates and profile.base_rates_provenance is not None
    ranking = assessment.rank([{"id": "x", "partner_city": "Somewhere", "country": "VNM"}])
    assert ranking.result.score_lo[0] <= ranking.result.score[0] <= ranking.result.score_hi[0]


@pytest.mark.parametrize("country", ["PRK", "North Korea", "DPR Korea", "북한"])
def test_common_spellings_of_north_korea_keep_the_sanctions_gates(assessment, country):
    ranking = assessment.rank([{**PYONGYANG, "id": "x", "country": country, "sanctions_category": "economic_commercial"}])
    assert not ranking.result.eligible[0]


@pytest.mark.parametrize("country", ["VNM", "Vietnam", "KOR", "South Korea"])
def test_a_stated_other_country_is_out_of_every_dprk_rule(assessment, country):
    ranking = assessment.rank([{**PYONGYANG, "id": "x", "country": country, "sanctions_category": "economic_commercial"}])
    dprk = dprk_rules(assessment.ruleset)
    assert (ranking.result.outcomes[0, dprk] == NA).all() and ranking.result.eligible[0]


@pytest.mark.parametrize("partner", [{"country": "VNM", "partner_city": "Hanoi", "partner_kind": "foreign_city"},
                                     {"country": "KOR", "partner_city": "Suwon", "partner_kind": "domestic_local_gov"}])
def test_a_blank_sanctions_field_costs_a_partner_abroad_or_at_home_nothing(assessment, partner):
    """No DPRK sanctions reading reaches Hanoi: with sanctions_regime left blank, a partner that is
    not a DPRK city scores as one stated to be under no sanctions, never at a rate learned from
    the DPRK records (the only ones in the corpus that fill the field)."""
    blank = {"id": "a", **partner, "field": "water", "stage": "pilot"}
    ranking = assessment.rank([blank, {**blank, "id": "b", "sanctions_regime": "none"}])
    assert ranking.result.score[0] == ranking.result.score[1]
    j = [r.id for r in assessment.ruleset.rules].index("no_sanctions_regime")
    assert ranking.result.outcomes[0, j] == TRUE


def test_a_dprk_city_with_a_blank_sanctions_field_is_read_as_sanctioned(assessment):
    blank = {k: v for k, v in PYONGYANG.items() if k != "sanctions_regime"}
    ranking = assessment.rank([{**blank, "id": "x"}])
    j = [r.id for r in assessment.ruleset.rules].index("no_sanctions_regime")
    assert ranking.result.outcomes[0, j] == FALSE
