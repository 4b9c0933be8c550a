"""The reference executor: the RuleSet compiled to a durable_rules ruleset.

Each candidate is asserted as one fact; every rule becomes durable rules for its T and F
formulas (unknown = neither fired). A derive rule also has a rule for "unknown" and
asserts a derived fact {t: d, n: id, v: T|F|U} in each case, which later rules join on:
forward chaining by the engine itself. Facts are retracted after each candidate, so
memory stays flat. Each executor owns its Host: no module-level state.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from ..models.vocabulary import FIELD_BY_NAME, LIST
from .batch import FALSE, TRUE, UNKNOWN
from .columns import encode_value
from .compile import And, Const, Formula, Known, Or, Test, Unknown, formula_fields, substitute
from .ruleset import Rule, RuleSet

_OPS = {"!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}
_STATES = {"T": True, "F": False, "U": None}
_CODES = {TRUE: "T", FALSE: "F", UNKNOWN: "U"}
_counter = itertools.count()


def _member_key(field: str, code: int) -> str:
    return f"{field}__{code}"


def encode_fact(record: Mapping[str, Any]) -> dict[str, Any]:
    """A typed record to a durable fact: enum codes, and a flag per list member."""
    fact: dict[str, Any] = {"t": "c"}
    for name, value in record.items():
        spec = FIELD_BY_NAME.get(name)
        if spec is None or value is None or name == "outcome":
            continue
        encoded = encode_value(spec, value)
        if spec.kind == LIST:
            fact[name] = len(encoded)  # presence marks the list as known
            for code in range(len(spec.values)):
                fact[_member_key(name, code)] = code in encoded
        else:
            fact[name] = encoded
    return fact


def _literal(f: Formula) -> dict:
    if isinstance(f, Known):
        return {"$ex": {f.field: 1}}
    if isinstance(f, Unknown):
        return {"$nex": {f.field: 1}}
    if isinstance(f, And):
        return {"$and": [_literal(p) for p in f.parts]}
    if isinstance(f, Or):
        return {"$or": [_literal(p) for p in f.parts]}
    assert isinstance(f, Test), f
    spec = FIELD_BY_NAME.get(f.field)
    key, op, v = f.field, f.op, f.operand
    if spec is not None and spec.kind == LIST:
        if op in ("contains", "not_contains"):
            test = {_member_key(key, v): op == "contains"}
        else:
            flags = [{_member_key(key, c): c in v} for c in range(len(spec.values))]
            test = {"$and": flags} if op == "==" else {"$or": [_negated_flag(x) for x in flags]}
    elif op == "==":
        test = {key: v}
    elif op == "in":
        test = {"$or": [{key: x} for x in sorted(v)]} if len(v) > 1 else {key: next(iter(v))}
    elif op == "not_in":
        test = {"$and": [{"$neq": {key: x}} for x in sorted(v)]}
    else:
        test = {_OPS[op]: {key: v}}
    # Conjoin presence explicitly: durable must never read a missing field as a value.
    return {"$and": [{"$ex": {key: 1}}, test]}


def _negated_flag(flag: dict) -> dict:
    (key, value), = flag.items()
    return {key: not value}


class DurableExecutor:
    """Reference executor on its own durable_rules Host."""

    name = "durable"

    def __init__(self, ruleset: RuleSet):
        self.ruleset = ruleset
        self._host = None

    # -- compilation -------------------------------------------------------------------------
    def _definitions(self) -> dict:
        rules: dict[str, dict] = {}
        derived = self.ruleset.derived
        for rule in self.ruleset.rules:
            cases = [("T", rule.true), ("F", rule.false)]
            if rule.kind == "derive":
                cases.append(("U", rule.unknown))
            for state, formula in cases:
                for n, (patterns) in enumerate(self._expand(formula, derived)):
                    rules[f"{rule.id}${state}${n}"] = {"all": patterns, "run": self._action(rule, state)}
        return rules

    @staticmethod
    def _expand(formula: Formula, derived: frozenset[str]) -> Iterable[list[dict]]:
        """One pattern list per assignment of the derived facts the formula reads."""
        names = sorted(formula_fields(formula) & derived)
        for states in itertools.product("TFU", repeat=len(names)):
            f = formula
            for name, state in zip(names, states):
                f = substitute(f, name, _STATES[state])
            if f == Const(False):
                continue
            head = {"t": "c"} if f == Const(True) else {"$and": [{"t": "c"}, _literal(f)]}
            joins = [{f"d_{i}": {"$and": [{"t": "d"}, {"n": name}, {"v": state}]}}
                     for i, (name, state) in enumerate(zip(names, states))]
            yield [{"m_0": head}] + joins

    def _action(self, rule: Rule, state: str):
        def run(c):
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
            self._derived: list[dict] = []
        return self._host

    # -- evaluation --------------------------------------------------------------------------
    def evaluate_one(self, record: Mapping[str, Any]) -> np.ndarray:
        from durable.engine import MessageNotHandledException

        host = self._ensure_host()
        self._fired.clear()
        self._derived.clear()
        fact = encode_fact(record)
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
            out[index(rid)] = {"T": TRUE, "F": FALSE, "U": UNKNOWN}[state]
        return out

    def evaluate(self, records: Iterable[Mapping[str, Any]]) -> np.ndarray:
        rows = [self.evaluate_one(r) for r in records]
        return np.vstack(rows) if rows else np.zeros((0, len(self.ruleset)), dtype=np.int8)

    def facts_held(self) -> int:
        """How many facts the engine still holds (0 between candidates)."""
        host = self._ensure_host()
        return len(json.loads(json.dumps(host.get_facts(self._name))) or [])
