"""Checks a rule set beyond its schema: examples, translations, conditions that can never
be true, weights. Every finding names the file, line and rule."""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..engine.batch import BatchExecutor
from ..engine.columns import encode_records
from ..engine.compile import comparisons
from ..engine.outcomes import CODES, NAMES
from ..engine.ruleset import Rule, RuleSet
from ..models.candidate import CandidateError, validate_record
from ..models.rules import WeightsProfile
from ..models.vocabulary import BOOL, ENUM, FIELD_BY_NAME, FLOAT, INT, LIST, ORDINAL, REQUIRED
from .loader import Issue, build, collect

_EXPECT = {True: CODES["true"], False: CODES["false"], "unknown": CODES["unknown"], "n/a": CODES["n/a"]}
_NAME = NAMES
_GRID_LIMIT = 200_000


@dataclass(frozen=True)
class ExampleResult:
    rule: Rule
    index: int
    expected: int
    got: int | None  # None: the example itself is not a valid candidate
    error: str = ""

    @property
    def passed(self) -> bool:
        return self.got == self.expected


def _filler(rule_id: str, i: int) -> dict:
    return {"id": f"{rule_id}#{i}", "partner_city": "example", "country": "example"}


def run_examples(ruleset: RuleSet, executor=None) -> list[ExampleResult]:
    """Every example of every rule, through one executor (batch unless given)."""
    executor = executor or BatchExecutor(ruleset)
    cases, results = [], []
    for rule in ruleset.rules:
        for i, ex in enumerate(rule.examples):
            try:
                values = validate_record({**_filler(rule.id, i), **ex.candidate})
            except CandidateError as err:
                results.append(ExampleResult(rule, i, _EXPECT[ex.expect], None, str(err)))
                continue
            cases.append((rule, i, _EXPECT[ex.expect], {k: v for k, v in values.items() if v is not None}))
    if cases:
        records = [c[3] for c in cases]
        if hasattr(executor, "evaluate_one"):
            outcomes = executor.evaluate(records)
        else:
            outcomes = executor.evaluate(encode_records(records))
        for (rule, i, expected, _), row in zip(cases, outcomes):
            results.append(ExampleResult(rule, i, expected, int(row[ruleset.index(rule.id)])))
    return results


def _domain(field: str, thresholds: list[float]) -> list:
    """Values worth trying for a field: every enum value, numbers around each threshold, unknown."""
    spec = FIELD_BY_NAME.get(field)
    if spec is None:  # a derived fact
        return [True, False, None]
    if spec.kind in (ENUM, ORDINAL):
        return list(spec.values) + [None]
    if spec.kind == BOOL:
        return [True, False, None]
    if spec.kind in (INT, FLOAT):
        pts = {0.0}
        for t in thresholds:
            pts |= {t - 1, t - 0.5, t, t + 0.5, t + 1}
        pts = sorted(p for p in pts if spec.minimum is None or p >= spec.minimum)
        return [int(p) if spec.kind == INT and p == int(p) else p for p in pts if spec.kind == FLOAT or p == int(p)] \
            + [None]
    if spec.kind == LIST:
        return [list(c) for n in range(0, min(3, len(spec.values)) + 1)
                for c in itertools.combinations(spec.values, n)] + [None]
    return None  # free text: compared only with ==, tried with its operands


def _thresholds(node, field: str) -> list:
    out = []
    for c in comparisons(node):
        if c.field == field and c.value is not None:
            out.extend(c.value if isinstance(c.value, frozenset) else [c.value])
    return out


def never_true(ruleset: RuleSet, rule: Rule) -> bool | None:
    """True if no candidate can make the rule true (checked on a grid of every value that
    matters); None if the grid would be too large to try."""
    deps = sorted(ruleset.base_fields[rule.id])
    nodes = [rule.node] + [ruleset[d].node for d in ruleset.derived if d in _closure(ruleset, rule)]
    domains = []
    for f in deps:
        values = _domain(f, [t for n in nodes for t in _thresholds(n, f)])
        if values is None:
            values = sorted({t for n in nodes for t in _thresholds(n, f)}, key=str) + ["~other~", None]
        domains.append(values)
    size = int(np.prod([len(d) for d in domains])) if domains else 1
    if size > _GRID_LIMIT:
        return None
    records = []
    for combo in itertools.product(*domains):
        rec = {"id": "grid", "partner_city": "grid", "country": "grid"}
        rec.update({f: v for f, v in zip(deps, combo) if v is not None})
        records.append(rec)
    # The condition alone: a scope narrows where a rule applies, not whether it can hold.
    unscoped = RuleSet(tuple(dataclasses.replace(r, out_of_scope=None) for r in ruleset.rules), ruleset.origin)
    out = BatchExecutor(unscoped).evaluate(encode_records(records))
    return not (out[:, ruleset.index(rule.id)] == CODES["true"]).any()


def _closure(ruleset: RuleSet, rule: Rule) -> set[str]:
    seen, todo = set(), [f for f in rule.fields if f in ruleset.derived]
    while todo:
        d = todo.pop()
        if d not in seen:
            seen.add(d)
            todo += [f for f in ruleset[d].fields if f in ruleset.derived]
    return seen


def _known_tests(node) -> set[str]:
    """Required fields the condition tests only for being known or unknown (always known: constant);
    comparing their values (country in [...]) does tell candidates apart."""
    return {c.field for c in comparisons(node) if c.field in REQUIRED and c.op in ("is_known", "is_unknown")}


def lint(paths: list[Path] | None = None, profile: WeightsProfile | None = None) -> tuple[RuleSet | None, list[Issue]]:
    """Every problem in the rule files (errors and warnings), and the RuleSet if it builds."""
    rules, issues = collect(paths)
    ruleset, cycle = build(rules)
    issues += cycle
    if ruleset is None:
        return None, issues
    for rule in ruleset.rules:
        for f in sorted(_known_tests(rule.node)):  # a required field is always known: such a test is constant
                issues.append(Issue(rule.file, rule.line, f"reads {f}, which every candidate has: it scores no "
                                    "difference between candidates", rule.id, "warning"))
        expects = {ex.expect for ex in rule.examples}
        if True not in expects or False not in expects:
            missing = " and ".join(w for w, k in (("true", True), ("false", False)) if k not in expects)
            issues.append(Issue(rule.file, rule.line, f"needs at least one example expecting {missing}", rule.id))
        if never_true(ruleset, rule):
            issues.append(Issue(rule.file, rule.line, "the condition can never be true", rule.id))
    from ..engine.durable import DurableExecutor

    for rid, why in DurableExecutor(ruleset).check().items():
        r = ruleset[rid]
        issues.append(Issue(r.file, r.line, f"the durable_rules reference executor cannot hold it: {why}", rid))
    used = {f for r in ruleset.rules for f in r.fields}
    for d in ruleset.derived:
        if d not in used:
            r = ruleset[d]
            issues.append(Issue(r.file, r.line, "derived fact read by no rule", d, "warning"))
    for res in run_examples(ruleset):
        if res.got is None:
            issues.append(Issue(res.rule.file, res.rule.line, f"example {res.index + 1} is not a valid candidate: "
                                f"{res.error}", res.rule.id))
    if profile is not None:
        for fam in ruleset.families:
            if profile.weight(fam) == 0:
                issues.append(Issue("profile " + profile.name, 0, f"family {fam} has rules but no weight",
                                    severity="warning"))
        for fam in profile.families:
            if fam not in ruleset.families:
                issues.append(Issue("profile " + profile.name, 0, f"family {fam} has a weight but no rules",
                                    severity="warning"))
    return ruleset, issues

