"""The durable_rules reference executor: facts retracted after each candidate, a candidate that
matches no rule, and executors that each own their Host."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

import polex
from polex.engine.batch import NA, UNKNOWN, BatchExecutor
from polex.engine.columns import encode_records
from polex.engine.durable import DurableExecutor
from polex.engine.ruleset import RuleSet, compile_rule
from polex.models.candidate import validate_record
from polex.models.rules import RuleSpec

PIPELINE = Path(polex.__file__).resolve().parent / "fixtures" / "pipeline.csv"
SHIPPED = polex.load_rules()
TEXT = {"en": "t", "ko": "티"}


def _rules(*rules: tuple[str, str, object]) -> RuleSet:
    derived = frozenset(rid for rid, kind, _ in rules if kind == "derive")
    specs = []
    for rid, kind, when in rules:
        data = {"id": rid, "kind": kind, "when": when, "title": TEXT, "reason": TEXT, "hint": TEXT,
                "source": [{"doc": "002", "lines": "844-848"}]}
        if kind in ("factor", "penalty"):
            data["points"] = 1
        specs.append(compile_rule(RuleSpec.model_validate(data), "demand", derived))
    return RuleSet(tuple(specs))


def _pipeline_records() -> list[dict]:
    with open(PIPELINE, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [{k: v for k, v in validate_record(r).items() if v is not None and k != "source"} for r in rows]


def _c(i: int, **fields) -> dict:
    return {"id": f"c{i}", "partner_city": "x", "country": "y", **fields}


def test_no_fact_is_held_between_candidates_or_after_many():
    durable = DurableExecutor(SHIPPED)
    records = _pipeline_records()
    for rec in records[:20]:
        durable.evaluate_one(rec)
        assert durable.facts_held() == 0
    many = records * 8  # 1,240 candidates, with derived facts (bankable) asserted and retracted
    out = durable.evaluate(many)
    assert out.shape == (len(many), len(SHIPPED))
    assert durable.facts_held() == 0
    np.testing.assert_array_equal(out[: len(records)], out[len(records): 2 * len(records)])
    np.testing.assert_array_equal(out[: len(records)], BatchExecutor(SHIPPED).evaluate(encode_records(records)))


def test_derived_facts_are_retracted_too():
    rules = _rules(("d0", "derive", "stage >= pilot"), ("d1", "derive", "d0 == true"),
                   ("r0", "factor", {"any": ["d1 == true", "d0 is_unknown"]}))
    durable = DurableExecutor(rules)
    for i, stage in enumerate(["pilot", "discovery", None] * 30):
        row = durable.evaluate_one(_c(i, **({"stage": stage} if stage else {})))
        assert durable.facts_held() == 0
        expected = {"pilot": [1, 1, 1], "discovery": [0, 0, 0], None: [-1, -1, 1]}[stage]
        assert [int(row[rules.index(r)]) for r in ("d0", "d1", "r0")] == expected


def test_a_candidate_that_matches_no_rule_is_all_unknown():
    rules = _rules(("r0", "factor", "stage >= pilot"), ("r1", "gate", {"all": ["track == export", "for_profit == true"]}),
                   ("r2", "penalty", "funding_sources contains mdb"))
    durable = DurableExecutor(rules)
    row = durable.evaluate_one(_c(0))
    assert np.isin(row, (UNKNOWN, NA)).all()
    assert durable.facts_held() == 0
    # and the executor keeps working after it
    assert [int(v) for v in durable.evaluate_one(_c(1, stage="procurement", track="export", for_profit=False,
                                                     funding_sources=["mdb"]))] == [1, 0, 1]
    assert np.isin(durable.evaluate_one(_c(2)), (UNKNOWN, NA)).all()
    assert durable.facts_held() == 0


def test_shipped_rules_on_an_empty_candidate_are_all_unknown_on_both_executors():
    durable = DurableExecutor(SHIPPED)
    rows = durable.evaluate([_c(0), _c(1), _c(2)])
    assert np.isin(rows, (UNKNOWN, NA)).all()
    np.testing.assert_array_equal(rows, BatchExecutor(SHIPPED).evaluate(encode_records([_c(0), _c(1), _c(2)])))
    assert durable.facts_held() == 0


def test_evaluate_of_no_candidates():
    out = DurableExecutor(SHIPPED).evaluate([])
    assert out.shape == (0, len(SHIPPED))


def test_two_executors_in_one_process_do_not_interfere():
    # Same rule ids, opposite meanings: if the executors shared a Host or ruleset name, one would
    # answer for the other.
    a = DurableExecutor(_rules(("r0", "factor", "stage >= pilot"), ("d", "derive", "phased == true"),
                               ("r1", "factor", "d == true")))
    b = DurableExecutor(_rules(("r0", "factor", "stage < pilot"), ("d", "derive", "phased == false"),
                               ("r1", "factor", "d == true")))
    c = DurableExecutor(SHIPPED)
    for i in range(60):
        stage = ["discovery", "pilot", "operation"][i % 3]
        phased = bool(i % 2)
        rec = _c(i, stage=stage, phased=phased)
        ra, rb = a.evaluate_one(rec), b.evaluate_one(rec)
        rc = c.evaluate_one(rec)
        later = stage != "discovery"
        assert [int(ra[0]), int(ra[2])] == [int(later), int(phased)]
        assert [int(rb[0]), int(rb[2])] == [int(not later), int(not phased)]
        np.testing.assert_array_equal(rc, BatchExecutor(SHIPPED).evaluate(encode_records([rec]))[0])
    assert a.facts_held() == b.facts_held() == c.facts_held() == 0
    assert a._ensure_host() is not b._ensure_host() is not c._ensure_host()


def test_two_executors_on_the_same_rule_set_each_own_a_host():
    a, b = DurableExecutor(SHIPPED), DurableExecutor(SHIPPED)
    records = _pipeline_records()[:40]
    out_a = np.vstack([a.evaluate_one(r) for r in records])
    out_b = b.evaluate(records)
    np.testing.assert_array_equal(out_a, out_b)
    assert a._ensure_host() is not b._ensure_host()


def test_assessment_engines_rank_the_pipeline_the_same():
    records = _pipeline_records()
    ref = polex.rank(records, engine="batch")
    other = polex.rank(records, engine="durable")
    assert isinstance(other.assessment.executor_, DurableExecutor)  # two engines, not batch twice
    np.testing.assert_array_equal(ref.result.outcomes, other.result.outcomes)
    np.testing.assert_array_equal(ref.result.score, other.result.score)
    np.testing.assert_array_equal(ref.order, other.order)
