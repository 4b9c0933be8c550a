"""Two executors, one meaning (DESIGN.md): property tests that hold the numpy batch executor and
the durable_rules reference together, on the shipped rules and on randomly generated rule sets,
and that check the three-valued semantics against a small independent Kleene evaluator."""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

import polex
from polex.engine.batch import FALSE, NA, TRUE, UNKNOWN, BatchExecutor
from polex.engine.columns import encode_records
from polex.engine.compile import All, AnyOf, Cmp, Not
from polex.engine.core import Assessment
from polex.engine.durable import DurableExecutor
from polex.engine.ruleset import RuleSet, compile_rule
from polex.models.archetype import derive_archetype
from polex.models.candidate import validate_record
from polex.models.rules import FAMILIES, FamilyWeight, RuleSpec, WeightsProfile
from polex.models.vocabulary import BOOL, ENUM, FIELD_BY_NAME, FIELDS, FLOAT, INT, LIST, ORDINAL, RULE_FIELDS, STR

RULES_DIR = Path(polex.__file__).resolve().parent / "rules"
SHIPPED = polex.load_rules()
PROFILE = polex.load_profile()
CODE = {True: TRUE, False: FALSE, None: UNKNOWN, "n/a": NA}
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                print_blob=True)

# ---- an independent reference: Kleene logic over plain Python values -------------------------


def _k_all(values):
    values = list(values)
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def _k_any(values):
    values = list(values)
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def _rank_of(field: str, value: Any) -> Any:
    spec = FIELD_BY_NAME.get(field)
    if spec is not None and spec.kind == ORDINAL:
        return spec.values.index(value)
    return float(value)


def _same(field: str, a: Any, b: Any) -> bool:
    spec = FIELD_BY_NAME.get(field)
    if spec is not None and spec.kind in (INT, FLOAT):
        return float(a) == float(b)
    if spec is not None and spec.kind == STR:
        return str(a) == str(b)
    return a == b


@functools.cache
def _operand(text: str) -> Any:
    value = yaml.safe_load(text)
    return tuple(value) if isinstance(value, list) else value


def ref_condition(cond: Any, facts: dict[str, Any]) -> bool | None:
    """True / False / None (unknown) of a YAML condition on known facts (absent = unknown)."""
    if isinstance(cond, dict):
        (key, body), = cond.items()
        if key == "not":
            v = ref_condition(body, facts)
            return None if v is None else not v
        parts = [ref_condition(p, facts) for p in body]
        return _k_all(parts) if key == "all" else _k_any(parts)
    field, op, *rest = cond.split(None, 2)
    value = facts.get(field)
    if op == "is_known":
        return value is not None
    if op == "is_unknown":
        return value is None
    if value is None:
        return None
    operand = _operand(rest[0])
    if op in ("==", "!="):
        if isinstance(operand, tuple):
            hit = set(value) == set(operand)
        else:
            hit = _same(field, value, operand)
        return hit if op == "==" else not hit
    if op in ("in", "not_in"):
        hit = any(_same(field, value, x) for x in operand)
        return hit if op == "in" else not hit
    if op == "contains":
        return operand in value
    a, b = _rank_of(field, value), _rank_of(field, operand)
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def ref_outcomes(rules: list[tuple], record: dict[str, Any]) -> dict[str, bool | None | str]:
    """Every rule's outcome; derived facts first, then visible to every rule as booleans. A
    rule given as (id, kind, when, applies) is "n/a" where its scope is false. The archetype
    is derived from field and engagement where the record does not give it (DESIGN.md)."""
    if record.get("archetype") is None:
        found = derive_archetype(record.get("field"), record.get("engagement"))
        record = record if found is None else {**record, "archetype": found}
    derive = [(r[0], r[2]) for r in rules if r[1] == "derive"]
    values: dict[str, bool | None] = {}
    for _pass in range(len(derive)):  # pass k settles every derived fact of chain depth k
        for rid, when in derive:
            values[rid] = ref_condition(when, {**record, **{k: v for k, v in values.items() if v is not None}})
    facts = {**record, **{k: v for k, v in values.items() if v is not None}}
    out: dict[str, bool | None | str] = {}
    for rid, _kind, when, *scope in rules:
        applies = scope[0] if scope else None
        out[rid] = "n/a" if applies is not None and ref_condition(applies, facts) is False else ref_condition(when, facts)
    return out


def ref_scores(ruleset: RuleSet, profile: WeightsProfile, outcomes: np.ndarray) -> list[tuple[float, float, float]]:
    """(point, low, high) per row, from README 'How a score is made': per family, net points
    (factors earned - penalties lost, an unknown at its rule's base rate) placed between worst
    (every penalty in scope) and best (every factor in scope); a rule n/a for the row counts in
    neither; a family with nothing in scope gives its weight to the row's other families;
    overall 100 x sum of weight x family score."""
    out = []
    for row in outcomes:
        fams = []
        for f in ruleset.families:
            inscope = [(j, r) for j, r in enumerate(ruleset.rules) if r.family == f and row[j] != NA]
            best = sum(r.points for _, r in inscope if r.kind == "factor")
            worst = -sum(r.points for _, r in inscope if r.kind == "penalty")
            if best - worst > 0:
                fams.append((f, best, worst, inscope))
        total = sum(profile.weight(f) for f, *_ in fams)
        point = lo = hi = 0.0
        for f, best, worst, inscope in fams:
            sure = gain = loss = rated = 0.0
            for j, r in inscope:
                if r.kind not in ("factor", "penalty"):
                    continue
                signed = r.points if r.kind == "factor" else -r.points
                if row[j] == TRUE:
                    sure += signed
                elif row[j] == UNKNOWN:
                    rated += profile.rate(r.id) * signed
                    gain, loss = (gain + signed, loss) if signed > 0 else (gain, loss + signed)
            w = profile.weight(f) / total
            point += w * (sure + rated - worst) / (best - worst)
            lo += w * (sure + loss - worst) / (best - worst)
            hi += w * (sure + gain - worst) / (best - worst)
        out.append((100 * point, 100 * lo, 100 * hi))
    return out


def _check_readme_scores(ranking, ruleset, profile) -> None:
    for i, (point, lo, hi) in enumerate(ref_scores(ruleset, profile, ranking.result.outcomes)):
        got = (ranking.result.score[i], ranking.result.score_lo[i], ranking.result.score_hi[i])
        assert np.allclose(got, (point, lo, hi), atol=1e-9), (i, got, (point, lo, hi))


def _shipped_conditions() -> list[tuple[str, str, Any]]:
    raw = {}
    for path in sorted(RULES_DIR.glob("*.yaml")):
        for r in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            raw[r["id"]] = (r["kind"], r["when"], r.get("applies"))
    return [(r.id, *raw[r.id]) for r in SHIPPED.rules]


SHIPPED_CONDITIONS = _shipped_conditions()

# ---- candidates: every vocabulary field, unknowns included, values at and around thresholds ----


def _thresholds(ruleset: RuleSet) -> dict[str, set[float]]:
    out: dict[str, set[float]] = {}

    def walk(node):
        if isinstance(node, Cmp):
            spec = FIELD_BY_NAME.get(node.field)
            if spec is not None and spec.kind in (INT, FLOAT) and node.value is not None:
                values = node.value if isinstance(node.value, frozenset) else [node.value]
                out.setdefault(node.field, set()).update(float(v) for v in values)
        elif isinstance(node, Not):
            walk(node.part)
        elif isinstance(node, (All, AnyOf)):
            for p in node.parts:
                walk(p)

    for rule in ruleset.rules:
        walk(rule.node)
    return out


NUMBER_POOL = [0, 1, 2.5, 5, 10, 100]  # thresholds random rules use
STR_POOL = ["TOPIS", "fare card", "서울", "O'Hare"]
ODD_FLOATS = [1.5e-7, 2.5e-05, 0.1 + 0.2, 1e15, 1.25e17, 123456.789, 4.999999, 5.000001]


def _numbers(spec, thresholds) -> st.SearchStrategy:
    points = {0.0}
    for t in thresholds:
        points |= {t - 1, t - 0.5, t, t + 0.5, t + 1}
        if spec.kind == FLOAT:
            points |= {t - 1e-6, t + 1e-6, math.nextafter(t, math.inf), math.nextafter(t, -math.inf)}
    points = sorted(p for p in points if (spec.minimum is None or p >= spec.minimum) and "e" not in repr(p))
    if spec.kind == INT:
        near = st.sampled_from(sorted({int(p) for p in points if p == int(p)}))
        return st.one_of(near, st.integers(0, 3000))
    near = st.sampled_from(points)
    # Any float from 0 to 1e6 in steps of 1e-3, plus odd ones; floats whose JSON form is exponent
    # notation without a '.' (1e-07, 1e+16) have their own test below, since durable rejects them.
    return st.one_of(near, st.sampled_from(ODD_FLOATS), st.integers(0, 10**9).map(lambda n: n / 1000))


def field_strategy(spec, thresholds: dict[str, set[float]]) -> st.SearchStrategy:
    if spec.name == "outcome":
        value = st.sampled_from([0, 1])
    elif spec.kind in (ENUM, ORDINAL):
        value = st.sampled_from(spec.values)
    elif spec.kind == BOOL:
        value = st.booleans()
    elif spec.kind in (INT, FLOAT):
        value = _numbers(spec, thresholds.get(spec.name, set()) | set(NUMBER_POOL))
    elif spec.kind == LIST:
        value = st.lists(st.sampled_from(spec.values), unique=True, max_size=4)
    else:
        value = st.sampled_from(STR_POOL)
    return value if spec.required else st.one_of(st.none(), value)


def candidates(thresholds: dict[str, set[float]], min_size: int, max_size: int) -> st.SearchStrategy:
    one = st.fixed_dictionaries({s.name: field_strategy(s, thresholds) for s in FIELDS if s.name != "id"})

    def finish(rows):
        out = []
        for i, row in enumerate(rows):
            values = validate_record({"id": f"c{i:03d}", **row})
            out.append({k: v for k, v in values.items() if v is not None})
        return out

    return st.lists(one, min_size=min_size, max_size=max_size).map(finish)


SHIPPED_THRESHOLDS = _thresholds(SHIPPED)


def _equal_scores(a, b):
    """Two Rankings agree on every score array, the order, and what the ranking table shows."""
    for name, value in vars(a.result).items():
        if isinstance(value, np.ndarray):
            np.testing.assert_array_equal(value, getattr(b.result, name), err_msg=name)
    np.testing.assert_array_equal(a.order, b.order)
    np.testing.assert_array_equal(a.ranks, b.ranks)
    header_a, table_a = a.table()
    header_b, table_b = b.table()
    assert header_a == header_b
    for column in header_a:
        np.testing.assert_array_equal(table_a[column], table_b[column], err_msg=column)


def _check_reference(rules, ruleset: RuleSet, records, matrix: np.ndarray, who: str):
    for i, rec in enumerate(records):
        expected = ref_outcomes(rules, rec)
        for j, rule in enumerate(ruleset.rules):
            assert matrix[i, j] == CODE[expected[rule.id]], (
                f"{who}: rule {rule.id} on {rec}: got {matrix[i, j]}, Kleene reference says {expected[rule.id]}")


# ---- 1. the shipped rules ----------------------------------------------------------------------


@pytest.mark.slow  # durable_rules against numpy: minutes; run by .ci/run, or locally with --runslow
def test_shipped_rules_batch_equals_durable_equals_reference():
    seen: list[int] = []
    durable = DurableExecutor(SHIPPED)
    batch_a = Assessment(SHIPPED, PROFILE, engine="batch").fit()
    durable_a = Assessment(SHIPPED, PROFILE, engine="durable").fit()

    @settings(max_examples=170, **SETTINGS)
    @given(candidates(SHIPPED_THRESHOLDS, 12, 14))
    def check(records):
        columns = encode_records(records)
        b = BatchExecutor(SHIPPED).evaluate(columns)
        d = durable.evaluate(records)
        np.testing.assert_array_equal(b, d)
        _check_reference(SHIPPED_CONDITIONS, SHIPPED, records, b, "shipped")
        _equal_scores(batch_a.rank(columns), durable_a.rank(columns))
        seen.append(len(records))

    check()
    assert sum(seen) >= 2000, sum(seen)
    assert durable.facts_held() == 0
    assert durable_a.executor_.facts_held() == 0


def _check_score_invariants(ranking, rules, records, profile) -> None:
    """What any scoring of the README must satisfy: the point score inside its range, eligibility
    exactly 'no gate is true' (by the reference), ranked eligible first, then score, then id."""
    res = ranking.result
    assert (res.score_lo <= res.score + 1e-9).all() and (res.score <= res.score_hi + 1e-9).all()
    assert ((0 <= res.score_lo) & (res.score_hi <= 100 + 1e-9)).all()
    gates = [r[0] for r in rules if r[1] == "gate"]
    for i, rec in enumerate(records):
        expected = ref_outcomes(rules, rec)
        assert res.eligible[i] == (not any(expected[g] is True for g in gates))
        assert res.gate_unknown[i] == any(expected[g] is None for g in gates)
    keys = [(not res.eligible[i], -round(float(res.key(ranking.assessment.rank_by)[i]), 9), str(ranking.columns.ids[i]))
            for i in ranking.order]
    assert keys == sorted(keys)


def test_shipped_score_invariants():
    assessment = Assessment(SHIPPED, PROFILE).fit()

    @settings(max_examples=40, **SETTINGS)
    @given(candidates(SHIPPED_THRESHOLDS, 10, 10))
    def check(records):
        _check_score_invariants(assessment.rank(records), SHIPPED_CONDITIONS, records, PROFILE)

    check()


def test_shipped_scores_follow_the_readme_formula():
    assessment = Assessment(SHIPPED, PROFILE).fit()

    @settings(max_examples=25, **SETTINGS)
    @given(candidates(SHIPPED_THRESHOLDS, 10, 10))
    def check(records):
        _check_readme_scores(assessment.rank(records), SHIPPED, PROFILE)

    check()


# ---- 2. random rule sets -----------------------------------------------------------------------

TEXT = {"en": "generated", "ko": "생성됨"}
OPS_BY_KIND = {
    ORDINAL: ["==", "!=", "<", "<=", ">", ">=", "in", "not_in", "is_known", "is_unknown"],
    INT: ["==", "!=", "<", "<=", ">", ">=", "in", "not_in", "is_known", "is_unknown"],
    FLOAT: ["==", "!=", "<", "<=", ">", ">=", "in", "not_in", "is_known", "is_unknown"],
    ENUM: ["==", "!=", "in", "not_in", "is_known", "is_unknown"],
    BOOL: ["==", "!=", "in", "not_in", "is_known", "is_unknown"],
    STR: ["==", "!=", "in", "not_in", "is_known", "is_unknown"],
    LIST: ["==", "!=", "contains", "is_known", "is_unknown"],
}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def _scalar(kind: str, spec) -> st.SearchStrategy:
    if kind in (ENUM, ORDINAL, LIST):
        return st.sampled_from(spec.values)
    if kind == BOOL:
        return st.booleans()
    if kind in (INT, FLOAT):
        return st.sampled_from(NUMBER_POOL)
    return st.sampled_from(STR_POOL)


@st.composite
def comparison(draw, derived: tuple[str, ...]) -> str:
    pick = st.sampled_from(RULE_FIELDS)
    field = draw(st.one_of(st.sampled_from(derived), pick) if derived else pick)
    spec = FIELD_BY_NAME.get(field)
    kind = BOOL if spec is None else spec.kind
    op = draw(st.sampled_from(OPS_BY_KIND[kind]))
    if op in ("is_known", "is_unknown"):
        return f"{field} {op}"
    if op in ("in", "not_in"):
        value = draw(st.lists(_scalar(kind, spec), min_size=1, max_size=3, unique=True))
    elif kind == LIST and op in ("==", "!="):
        value = draw(st.lists(_scalar(kind, spec), max_size=3, unique=True))
    else:
        value = draw(_scalar(kind, spec))
    return f"{field} {op} {_text(value)}"


def condition(derived: tuple[str, ...]) -> st.SearchStrategy:
    return st.recursive(
        comparison(derived),
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"all": xs}),
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"any": xs}),
            inner.map(lambda x: {"not": x}),
        ),
        max_leaves=6,
    )


def _spec(rid: str, kind: str, when: Any, points: float) -> RuleSpec:
    data = {"id": rid, "kind": kind, "when": when, "title": TEXT, "reason": TEXT, "hint": TEXT,
            "source": [{"doc": "002", "lines": "844-848"}]}
    if kind in ("factor", "penalty"):
        data["points"] = points
    return RuleSpec.model_validate(data)


@st.composite
def rule_sets(draw):
    """(RuleSet, [(id, kind, when)], profile): derive rules that read earlier derive rules, and
    gates, factors and penalties that read the derived facts; at least one factor."""
    n_derive = draw(st.integers(0, 3))
    raw: list[tuple[str, str, Any, str, float]] = []
    derived: list[str] = []
    for i in range(n_derive):
        raw.append((f"dv{i}", "derive", draw(condition(tuple(derived))), draw(st.sampled_from(FAMILIES)), 0.0))
        derived.append(f"dv{i}")
    kinds = ["factor"] + draw(st.lists(st.sampled_from(["gate", "factor", "penalty"]), min_size=1, max_size=5))
    for i, kind in enumerate(kinds):
        points = draw(st.sampled_from([1.0, 2.0, 3.0, 4.5]))
        raw.append((f"r{i}", kind, draw(condition(tuple(derived))), draw(st.sampled_from(FAMILIES)), points))
    frozen = frozenset(derived)
    ruleset = RuleSet(tuple(compile_rule(_spec(rid, kind, when, pts), fam, frozen) for rid, kind, when, fam, pts
                            in raw))
    weights = draw(st.lists(st.integers(1, 4), min_size=len(FAMILIES), max_size=len(FAMILIES)))
    profile = WeightsProfile(
        name="generated", unknown_prior=draw(st.sampled_from([0.0, 0.25, 0.5, 1.0])),
        families={f: FamilyWeight(weight=w / sum(weights), why="generated") for f, w in zip(FAMILIES, weights)})
    return ruleset, [(rid, kind, when) for rid, kind, when, _f, _p in raw], profile


RANDOM_THRESHOLDS = {s.name: set(NUMBER_POOL) for s in FIELDS if s.kind in (INT, FLOAT)}


def _check_rule_set(generated, records) -> None:
    ruleset, rules, profile = generated
    durable = DurableExecutor(ruleset)
    d = durable.evaluate(records)  # first, so a rule set durable cannot take fails fast
    columns = encode_records(records)
    b = BatchExecutor(ruleset).evaluate(columns)
    np.testing.assert_array_equal(b, d, err_msg=str(rules))
    assert durable.facts_held() == 0
    _check_reference(rules, ruleset, records, b, "batch")
    batch_r = Assessment(ruleset, profile, engine="batch").fit().rank(columns)
    durable_r = Assessment(ruleset, profile, engine="durable").fit().rank(columns)
    _equal_scores(batch_r, durable_r)
    _check_score_invariants(batch_r, rules, records, profile)


def _fixed(rules: list[tuple[str, str, Any]]):
    derived = frozenset(rid for rid, kind, _ in rules if kind == "derive")
    ruleset = RuleSet(tuple(compile_rule(_spec(rid, kind, when, 2.0), "demand", derived) for rid, kind, when in rules))
    profile = WeightsProfile(name="one", unknown_prior=0.5, families={"demand": FamilyWeight(weight=1.0, why="x")})
    return ruleset, rules, profile


PLAIN = [{"id": "a", "partner_city": "x", "country": "y"},
         {"id": "b", "partner_city": "x", "country": "y", "stage": "pilot", "region": "africa", "track": "export",
          "engagement": "design", "income_group": "LIC", "field": "water", "partner_priority": True}]
# Rules any rule file may hold (they lint clean); durable_rules must take them like the batch executor.
REALISTIC = [
    # three alternatives, each two conditions: the F formula exceeds durable's 32 expressions
    [("r0", "factor", {"any": [{"all": ["stage in [pilot, procurement]", "region in [africa, europe]"]},
                               {"all": ["track in [export]", "engagement in [pilot, design]"]},
                               {"all": ["income_group in [LIC, LMIC]", "field in [water, energy]"]}]})],
    # a derived fact of five plain conditions, read by a factor
    [("ready", "derive", {"all": ["partner_priority == true", "partner_budget_allocated == true",
                                  "feasibility_done == true", "phased == true", "relation_active == true"]}),
     ("r0", "factor", "ready == true")],
]


@pytest.mark.parametrize("rules", REALISTIC, ids=["any_of_three_pairs", "derive_all_of_five"])
def test_durable_takes_moderately_sized_rules(rules):
    _check_rule_set(_fixed(rules), PLAIN)


# No shrinking here: each attempt builds a durable Host, and shrinking a rule set durable refuses
# takes minutes; the failing example is printed as found (the tests above give minimal ones).
@pytest.mark.slow  # durable_rules against numpy: minutes; run by .ci/run, or locally with --runslow
@settings(max_examples=150, phases=(Phase.explicit, Phase.reuse, Phase.generate), **SETTINGS)
@given(rule_sets(), candidates(RANDOM_THRESHOLDS, 8, 10))
def test_random_rule_sets_batch_equals_durable_equals_reference(generated, records):
    _check_rule_set(generated, records)


@pytest.mark.slow  # durable_rules against numpy: minutes; run by .ci/run, or locally with --runslow
@settings(max_examples=150, **SETTINGS)
@given(rule_sets(), candidates(RANDOM_THRESHOLDS, 8, 10))
def test_random_rule_sets_equivalent_wherever_durable_compiles(generated, records):
    """The same property restricted to rule sets durable_rules can register (its 32-expression limit,
    error 113, is the failure the test above reports), so the rest of the meaning stays covered."""
    try:
        DurableExecutor(generated[0])._ensure_host()
    except Exception as err:  # durable_rules_engine.error has no importable class
        assume("error code: 113" not in str(err))
        raise
    _check_rule_set(generated, records)


@settings(max_examples=100, **SETTINGS)
@given(rule_sets(), candidates(RANDOM_THRESHOLDS, 6, 8))
def test_random_rule_set_scores_follow_the_readme_formula(generated, records):
    ruleset, rules, profile = generated
    ranking = Assessment(ruleset, profile, engine="batch").fit().rank(records)
    _check_readme_scores(ranking, ruleset, profile)
    _check_score_invariants(ranking, rules, records, profile)


# ---- 3. three-valued semantics against the reference, many conditions, batch only (fast) -------


@settings(max_examples=250, **SETTINGS)
@given(st.lists(condition(()), min_size=1, max_size=4), candidates(RANDOM_THRESHOLDS, 6, 8))
def test_kleene_semantics_of_random_conditions(conds, records):
    rules = [(f"k{i}", "factor", c) for i, c in enumerate(conds)]
    ruleset = RuleSet(tuple(compile_rule(_spec(rid, kind, when, 1.0), "demand", frozenset())
                            for rid, kind, when in rules))
    matrix = BatchExecutor(ruleset).evaluate(encode_records(records))
    _check_reference(rules, ruleset, records, matrix, "batch")
    # `not` swaps true and false and keeps unknown; is_known / is_unknown are never unknown.
    negated = RuleSet(tuple(compile_rule(_spec(rid, kind, {"not": when}, 1.0), "demand", frozenset())
                            for rid, kind, when in rules))
    flipped = BatchExecutor(negated).evaluate(encode_records(records))
    np.testing.assert_array_equal(flipped, np.where(matrix == UNKNOWN, UNKNOWN, 1 - matrix))


def test_reference_evaluator_sanity():
    """The reference itself, on hand-checked cases (so a bug in it cannot hide one in the engine)."""
    facts = {"stage": "pilot", "funding_sources": ["oda_grant"], "payback_years": 5.0}
    assert ref_condition("stage >= pilot", facts) is True
    assert ref_condition("stage > pilot", facts) is False
    assert ref_condition("upper_plan == none", facts) is None
    assert ref_condition({"all": ["stage >= pilot", "upper_plan == none"]}, facts) is None
    assert ref_condition({"all": ["stage > pilot", "upper_plan == none"]}, facts) is False
    assert ref_condition({"any": ["stage >= pilot", "upper_plan == none"]}, facts) is True
    assert ref_condition({"not": "upper_plan == none"}, facts) is None
    assert ref_condition("upper_plan is_unknown", facts) is True
    assert ref_condition("funding_sources == [oda_grant]", facts) is True
    assert ref_condition("funding_sources contains mdb", facts) is False
    assert ref_condition("payback_years <= 5", facts) is True
    rules = [("d", "derive", "stage >= pilot"), ("r", "factor", {"all": ["d == true", "d is_known"]})]
    assert ref_outcomes(rules, facts) == {"d": True, "r": True}
    assert ref_outcomes(rules, {}) == {"d": None, "r": False}  # `d is_known` is false: all is false
    chain = [("d1", "derive", "d0 == true"), ("d0", "derive", "stage >= pilot"), ("r", "gate", "d1 is_unknown")]
    assert ref_outcomes(chain, facts) == {"d1": True, "d0": True, "r": False}
    assert ref_outcomes(chain, {}) == {"d1": None, "d0": None, "r": True}


# ---- 4. numbers whose JSON form is exponent notation ---------------------------------------------


@pytest.mark.slow  # durable_rules against numpy: minutes; run by .ci/run, or locally with --runslow
@settings(max_examples=60, **SETTINGS)
@given(st.sampled_from(["payback_years", "area_ha", "budget_usd_m", "trained_officials"]),
       st.one_of(st.sampled_from([1e-7, 5e-05, 1e16, 2e20, 1e-300]), st.floats(0, 1e300)))
def test_durable_equals_batch_for_any_number(field, value):
    """A valid candidate is any number >= 0 (DESIGN: float >= 0): both executors must take it."""
    if FIELD_BY_NAME[field].kind == INT:
        value = int(value) if value < 1e18 else 10**18
    record = {k: v for k, v in validate_record({"id": "n", "partner_city": "a", "country": "b", field: value}).items()
              if v is not None}
    batch = BatchExecutor(SHIPPED).evaluate(encode_records([record]))
    durable = DurableExecutor(SHIPPED).evaluate([record])
    np.testing.assert_array_equal(batch, durable)
