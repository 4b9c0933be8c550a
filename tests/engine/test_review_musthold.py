"""What a domain review of the rules found, held: each factor applies only to the projects the
documents mean it for, a blank field is never read as its worst case by one rule and its best
by another, and a rate learned from records that note a field only where it held is not used as
if they were a sample. Each test names the source lines behind the reading."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import polex
from polex.cli import main
from polex.engine.core import Assessment
from polex.engine.outcomes import FALSE, NA, TRUE, UNKNOWN
from polex.formats.pipeline import read_pipeline
from polex.rules.lint import lint

ROOT = Path(polex.__file__).resolve().parent
PIPELINE, OUTCOMES = ROOT / "fixtures" / "pipeline.csv", ROOT / "fixtures" / "outcomes.csv"
HANOI = {"id": "h", "partner_city": "Hanoi", "country": "VNM", "partner_kind": "foreign_city", "field": "fare_collection",
         "engagement": "system_build", "stage": "pilot"}
PYONGYANG = {"id": "p", "partner_city": "Pyongyang", "country": "PRK", "partner_kind": "dprk_city",
             "sanctions_regime": "un_dprk", "sanctions_category": "nonprofit_public_infra", "field": "water",
             "track": "sharing", "for_profit": False}


@pytest.fixture(scope="module")
def assessment():
    return Assessment(polex.load_rules(), polex.load_profile()).fit()


def outcome(assessment, candidate: dict, rule: str) -> int:
    j = [r.id for r in assessment.ruleset.rules].index(rule)
    return int(assessment.rank([candidate]).result.outcomes[0, j])


def score(assessment, candidate: dict) -> float:
    return float(assessment.rank([candidate]).result.score[0])


def test_seouls_priority_dprk_water_tasks_are_not_ineligible_at_discovery(assessment):
    """003 L4646 names Daedong River water quality and Pyongyang water and sewerage priority tasks,
    L4546-4551 lists pilots that can proceed, and L4487-4489 makes the approval something sought
    before the joint work: so the exemption gate closes only from the pilot stage on."""
    ranking = assessment.rank(read_pipeline(PIPELINE).columns)
    for cid in ("003-P01", "003-P02", "003-P04", "003-P05", "003-P06"):
        assert ranking.result.eligible[ranking.row_of(cid)], cid
    gate = "dprk_public_infra_without_exemption_gate"
    assert outcome(assessment, {**PYONGYANG, "stage": "discovery"}, gate) == FALSE
    assert outcome(assessment, {**PYONGYANG, "stage": "pilot", "engagement": "pilot"}, gate) == TRUE
    assert outcome(assessment, {**PYONGYANG, "stage": "pilot", "sanctions_exemption": "approved"}, gate) == FALSE
    assert outcome(assessment, PYONGYANG, gate) == UNKNOWN  # stage blank: possibly ineligible, not ineligible


def test_political_sensitivity_and_competing_offers_noted_only_where_they_held(assessment):
    """The corpus notes both fields almost only where they sank a project, so a blank costs a
    Hanoi fare-card system little, not ~90 % of each penalty; the judged rates say why."""
    rates = assessment.profile.base_rates
    for rule in ("politically_sensitive_project", "competing_offer_for_the_project", "follow_up_project_identified"):
        assert rates[rule].why and rates[rule].rate < 0.2, rule
    blank = score(assessment, HANOI)
    stated = score(assessment, {**HANOI, "political_sensitivity": False, "competing_offer": False})
    worst = score(assessment, {**HANOI, "political_sensitivity": True, "competing_offer": True})
    assert stated - blank < 0.25 * (stated - worst)


@pytest.mark.parametrize("where", [{"country": "KOR", "partner_kind": "domestic_local_gov", "partner_city": "Suwon"},
                                   {"country": "PRK", "partner_kind": "dprk_city", "partner_city": "Pyongyang"}])
def test_competition_for_markets_abroad_is_not_judged_at_home_or_in_the_dprk(assessment, where):
    """002 L614-628 and 001 L2224-2234 describe competition in markets abroad."""
    assert outcome(assessment, {**HANOI, **where, "competing_offer": True}, "competing_offer_for_the_project") == NA


def test_a_dprk_partner_is_judged_by_the_gate_not_also_the_penalty(assessment):
    """dprk_politically_sensitive_gate reads the same field for a partner in North Korea."""
    candidate = {**PYONGYANG, "political_sensitivity": True}
    assert outcome(assessment, candidate, "politically_sensitive_project") == NA
    assert outcome(assessment, candidate, "dprk_politically_sensitive_gate") == TRUE


def test_korean_firms_abroad_is_not_asked_of_the_dprk(assessment):
    """003 L7058: exchange cut off since the Kaesong complex closed in 2016."""
    assert outcome(assessment, {**PYONGYANG, "korean_firms_present": "many"}, "korean_firms_local") == NA
    assert outcome(assessment, {**HANOI, "korean_firms_present": "many"}, "korean_firms_local") == TRUE


@pytest.mark.parametrize("lead, for_profit, expected", [
    ("national_agency", None, TRUE), ("public_corporation", None, TRUE), ("city_government", False, TRUE),
    ("city_government", True, FALSE), ("city_government", None, UNKNOWN)])
def test_only_a_local_government_is_barred_from_for_profit_work_abroad(assessment, lead, for_profit, expected):
    """000 L596-603: 지방자치단체이므로 영리목적의 해외사업을 직접 추진하는 것은 제약이 있다."""
    candidate = {**HANOI, "track": "export", "lead_vehicle": lead}
    if for_profit is not None:
        candidate["for_profit"] = for_profit
    assert outcome(assessment, candidate, "lead_vehicle_able_for_track") == expected


def test_a_blank_follow_up_reads_as_none_named_in_both_rules(assessment):
    """At the discovery stage a blank follow-up is 'none named' for exchange_without_follow_up,
    and delivery's follow_up_project_identified counts it at a low judged rate, not at 78 %."""
    candidate = {**HANOI, "stage": "discovery"}
    assert outcome(assessment, candidate, "exchange_without_follow_up") == TRUE
    assert outcome(assessment, candidate, "follow_up_project_identified") == UNKNOWN
    assert assessment.profile.base_rates["follow_up_project_identified"].rate < 0.1


def test_north_korea_without_a_partner_kind_is_under_sanctions(assessment):
    candidate = {k: v for k, v in PYONGYANG.items() if k not in ("partner_kind", "sanctions_regime")}
    assert outcome(assessment, candidate, "no_sanctions_regime") == FALSE
    assert outcome(assessment, {k: v for k, v in HANOI.items() if k != "partner_kind"}, "no_sanctions_regime") == UNKNOWN


def test_base_rates_keep_a_judged_rate(tmp_path):
    out = tmp_path / "p.yaml"
    res = CliRunner().invoke(main, ["weights", "base-rates", str(OUTCOMES), "--out", str(out)])
    assert res.exit_code == 0, res.output
    written = yaml.safe_load(out.read_text(encoding="utf-8"))["base_rates"]
    shipped = polex.load_profile().base_rates
    for rule, rate in shipped.items():
        if rate.why:
            assert written[rule]["why"] == rate.why and written[rule]["rate"] == rate.rate


def test_lint_warns_on_a_known_test_of_a_required_field_only(tmp_path):
    (tmp_path / "extra.yaml").write_text(
        "family: context\nrules:\n"
        "  - id: always_known\n    kind: factor\n    when: country is_known\n    points: 1\n"
        "    title: {en: t, ko: t}\n    reason: {en: r, ko: r}\n    hint: {en: h, ko: h}\n"
        "    source: [{doc: '000', lines: '1-2'}]\n"
        "    examples: [{candidate: {}, expect: true}, {candidate: {}, expect: false}]\n"
        "  - id: in_vietnam\n    kind: factor\n    when: country in [VNM]\n    points: 1\n"
        "    title: {en: t, ko: t}\n    reason: {en: r, ko: r}\n    hint: {en: h, ko: h}\n"
        "    source: [{doc: '000', lines: '1-2'}]\n"
        "    examples: [{candidate: {country: VNM}, expect: true}, {candidate: {}, expect: false}]\n",
        encoding="utf-8")
    _, issues = lint([tmp_path / "extra.yaml"])
    warned = {i.rule for i in issues if "which every candidate has" in i.message}
    assert warned == {"always_known"}
