"""The reference executor: the RuleSet compiled to a durable_rules ruleset.

Each candidate is asserted as one fact; every rule becomes durable rules for its T and F
formulas (unknown = neither fired). A derive rule also has a rule for "unknown" and
asserts a derived fact {t: d, n: id, v: T|F|U} in each case, which later rules join on:
forward chaining by the engine itself. Facts are retracted after each candidate, so
memory stays flat. Each executor owns its Host: no module-level state.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any

import numpy as np

from ..models.errors import PolexError
from ..models.vocabulary import FIELD_BY_NAME, FLOAT, INT, LIST
from .columns import encode_value, record_with_archetype
from .compile import NEGATE, And, Const, Formula, Known, Or, Test, Unknown, formula_fields, substitute
from .outcomes import FALSE, NA, TRUE, UNKNOWN
from .ruleset import Rule, RuleSet

_OPS = {"==": None, "!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}
_STATES = {"T": True, "F": False, "U": None}
_OUTCOME = {"T": TRUE, "F": FALSE, "U": UNKNOWN}
_counter = itertools.count()
MAX_TERMS = 4096  # DNF terms one formula may expand to (one durable rule each)


class DurableLimit(PolexError):
    """A condition the reference executor cannot hold (too many alternatives once expanded)."""


def _member_key(field: str, code: int) -> str:
    return f"{field}__{code}"


def _mask_key(field: str) -> str:
    return f"{field}__set"


class _Numbers:
    """Order-preserving integer codes for numeric fields, from the thresholds the rules use:
    a value equal to the j-th threshold codes 2j+1, a value between thresholds codes the even
    number below. durable_rules then compares small integers, never a float whose JSON form
    it cannot parse (1e-07), and every comparison a rule makes keeps its answer."""

    def __init__(self, ruleset: RuleSet):
        found: dict[str, set[float]] = {}
        for rule in ruleset.rules:
            for formula in (rule.true, rule.false, rule.out_of_scope):
                for lit in _literals(formula) if formula is not None else ():
                    spec = FIELD_BY_NAME.get(lit.field)
                    if isinstance(lit, Test) and spec is not None and spec.kind in (INT, FLOAT):
                        found.setdefault(lit.field, set()).update(
                            lit.operand if isinstance(lit.operand, frozenset) else {lit.operand})
        self.thresholds = {f: sorted(v) for f, v in found.items()}

    def code(self, field: str, value: float) -> int:
        ts = self.thresholds.get(field, [])
        below = bisect.bisect_left(ts, value)
        return 2 * below + 1 if below < len(ts) and ts[below] == value else 2 * below


def _literals(formula: Formula):
    if isinstance(formula, (And, Or)):
        for p in formula.parts:
            yield from _literals(p)
    elif not isinstance(formula, Const):
        yield formula


def _dnf(formula: Formula) -> list[list]:
    """Disjunctive normal form: a list of terms, each a list of literals (Known/Unknown/Test).
    `in` becomes one term per value, so each term stays a flat conjunction."""
    if isinstance(formula, Const):
        return [[]] if formula.value else []
    if isinstance(formula, Test) and formula.op == "in":
        return [[Test(formula.field, "==", v)] for v in sorted(formula.operand)]
    if isinstance(formula, Test) and formula.op == "not_in":
        return [[Test(formula.field, "!=", v) for v in sorted(formula.operand)]]
    if isinstance(formula, (Known, Unknown, Test)):
        return [[formula]]
    if isinstance(formula, Or):
        terms = [t for p in formula.parts for t in _dnf(p)]
    else:
        terms = [[]]
        for p in formula.parts:
            terms = [a + b for a in terms for b in _dnf(p)]
            if len(terms) > MAX_TERMS:
                break
    terms = [t for t in (_simplify(t) for t in terms) if t is not None]
    if len(terms) > MAX_TERMS:
        raise DurableLimit(f"the condition expands to more than {MAX_TERMS} alternatives")
    return terms


def _simplify(term: list) -> list | None:
    """A term without repeats, or None if it can never hold (a field both unknown and known,
    or a test beside its own negation)."""
    term = list(dict.fromkeys(term))
    unknown = {lit.field for lit in term if isinstance(lit, Unknown)}
    known = {lit.field for lit in term if not isinstance(lit, Unknown)}
    if unknown & known:
        return None
    tests = {(lit.field, lit.op, lit.operand) for lit in term if isinstance(lit, Test)}
    if any((f, NEGATE[op], v) in tests for f, op, v in tests):
        return None
    return term


class _Compiler:
    """Literals to flat durable_rules expressions, with the fact encoding they assume."""

    def __init__(self, ruleset: RuleSet):
        self.numbers = _Numbers(ruleset)

    def fact(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """A typed record to a durable fact: enum codes, number codes, list member flags."""
        fact: dict[str, Any] = {"t": "c"}
        for name, value in record.items():
            spec = FIELD_BY_NAME.get(name)
            if spec is None or value is None or name == "outcome":
                continue
            encoded = encode_value(spec, value)
            if spec.kind == LIST:
                fact[name] = len(encoded)  # presence marks the list as known
                fact[_mask_key(name)] = sum(1 << c for c in encoded)
                for code in range(len(spec.values)):
                    fact[_member_key(name, code)] = code in encoded
            elif spec.kind in (INT, FLOAT):
                fact[name] = self.numbers.code(name, encoded)
            else:
                fact[name] = encoded
        return fact

    def term(self, literals: list) -> list[dict]:
        out: list[dict] = []
        for lit in literals:
            if isinstance(lit, Known):
                out.append({"$ex": {lit.field: 1}})
                continue
            if isinstance(lit, Unknown):
                out.append({"$nex": {lit.field: 1}})
                continue
            spec = FIELD_BY_NAME.get(lit.field)
            key, op, v = lit.field, lit.op, lit.operand
            out.append({"$ex": {key: 1}})  # presence first: durable must never read a missing field
            if spec is not None and spec.kind == LIST:
                if op in ("contains", "not_contains"):
                    out.append({_member_key(key, v): op == "contains"})
                else:
                    mask = sum(1 << c for c in v)
                    out.append({_mask_key(key): mask} if op == "==" else {"$neq": {_mask_key(key): mask}})
                continue
            if spec is not None and spec.kind in (INT, FLOAT):
                v = self.numbers.code(key, v)
            out.append({key: v} if op == "==" else {_OPS[op]: {key: v}})
        return out


class DurableExecutor:
    """Reference executor on its own durable_rules Host."""

    name = "durable"

    def __init__(self, ruleset: RuleSet):
        self.ruleset = ruleset
        self._host = None

    @cached_property
    def _compiler(self) -> _Compiler:
        return _Compiler(self.ruleset)

    def check(self) -> dict[str, str]:
        """Rules the reference executor cannot compile, with the reason (for the linter)."""
        problems = {}
        for rule in self.ruleset.rules:
            for formula in (rule.true, rule.false, rule.unknown, rule.out_of_scope):
                if formula is None:
                    continue
                try:
                    sum(1 for _ in self._expand(formula, self.ruleset.derived))
                except DurableLimit as err:
                    problems[rule.id] = str(err)
        return problems

    # -- compilation -------------------------------------------------------------------------
    def _definitions(self) -> dict:
        rules: dict[str, dict] = {}
        derived = self.ruleset.derived
        for rule in self.ruleset.rules:
            cases = [("T", rule.true), ("F", rule.false)]
            if rule.kind == "derive":
                cases.append(("U", rule.unknown))
            if rule.out_of_scope is not None:
                cases.append(("N", rule.out_of_scope))
            for state, formula in cases:
                for n, patterns in enumerate(self._expand(formula, derived)):
                    rules[f"{rule.id}${state}${n}"] = {"all": patterns, "run": self._action(rule, state)}
        return rules

    def _expand(self, formula: Formula, derived: frozenset[str]) -> Iterable[list[dict]]:
        """One pattern list per assignment of the derived facts the formula reads and per
        term of its disjunctive form: every durable rule is a flat conjunction."""
        names = sorted(formula_fields(formula) & derived)
        for states in itertools.product("TFU", repeat=len(names)):
            f = formula
            for name, state in zip(names, states):
                f = substitute(f, name, _STATES[state])
            joins = [{f"d_{i}": {"$and": [{"t": "d"}, {"n": name}, {"v": state}]}}
                     for i, (name, state) in enumerate(zip(names, states))]
            for term in _dnf(f):
                head = {"$and": [{"t": "c"}] + self._compiler.term(term)}
                yield [{"m_0": head}] + joins

    def _action(self, rule: Rule, state: str):
        def run(c):
            if state == "N":  # the scope is false: n/a, whatever the condition says
                self._out_of_scope.add(rule.id)
                return
            if rule.id in self._fired:  # another term of the same formula fired first
                return
            self._fired[rule.id] = state
            if rule.kind == "derive":
                fact = {"t": "d", "n": rule.id, "v": state}
                self._derived.append(fact)
                c.assert_fact(fact)
        return run

    def _ensure_host(self):
        if self._host is None:
            from durable import engine

            class _SyncHost(engine.Host):
                # The stock Host polls from timer threads; this one is driven synchronously.
                def _run(self):
                    pass

            self._name = f"polex_{next(_counter)}"
            self._host = _SyncHost()
            self._host.register_rulesets({self._name: self._definitions()})
            self._fired: dict[str, str] = {}
            self._out_of_scope: set[str] = set()
            self._derived: list[dict] = []
        return self._host

    # -- evaluation --------------------------------------------------------------------------
    def evaluate_one(self, record: Mapping[str, Any]) -> np.ndarray:
        from durable.engine import MessageNotHandledException

        host = self._ensure_host()
        self._fired.clear()
        self._out_of_scope.clear()
        self._derived.clear()
        fact = self._compiler.fact(record_with_archetype(record))
        try:
            host.assert_fact(self._name, fact)
        except MessageNotHandledException:
            pass  # no rule matched: every outcome stays unknown
        try:
            host.retract_facts(self._name, [fact] + list(self._derived))
        except MessageNotHandledException:
            pass
        index = self.ruleset.index
        out = np.full(len(self.ruleset), UNKNOWN, dtype=np.int8)
        for rid, state in self._fired.items():
            out[index(rid)] = _OUTCOME[state]
        for rid in self._out_of_scope:
            out[index(rid)] = NA
        return out

    def evaluate(self, records: Iterable[Mapping[str, Any]]) -> np.ndarray:
        rows = [self.evaluate_one(r) for r in records]
        return np.vstack(rows) if rows else np.zeros((0, len(self.ruleset)), dtype=np.int8)

    def facts_held(self) -> int:
        """How many facts the engine still holds (0 between candidates)."""
        host = self._ensure_host()
        return len(host.get_facts(self._name) or [])
