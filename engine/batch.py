"""The batch executor: a RuleSet's T/F formulas evaluated over columns with numpy.

Same meaning as the durable_rules reference (it reads the same formulas from
engine.compile); outcomes are int8 (engine.outcomes): 1 true, 0 false, -1 unknown, 2 n/a.
"""

from __future__ import annotations

import numpy as np

from ..models.vocabulary import ENUM, FIELD_BY_NAME, LIST, ORDINAL
from .columns import ArrowTexts, Column, Columns, with_archetype
from .compile import And, Const, Formula, Known, Or, Test, Unknown, evaluate_test
from .outcomes import FALSE, NA, TRUE, UNKNOWN  # noqa: F401 - re-exported for the executors' users
from .ruleset import RuleSet

_ORDER = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}


def _runs(spec, op: str, operand) -> list[tuple[int, int]]:
    """For an enum field: the codes that pass the test, as runs of consecutive codes (first, last)."""
    runs: list[tuple[int, int]] = []
    for c in range(len(spec.values)):
        if not evaluate_test(op, c, operand):
            continue
        if runs and runs[-1][1] == c - 1:
            runs[-1] = (runs[-1][0], c)
        else:
            runs.append((c, c))
    return runs


def _enum_test(codes: np.ndarray, runs: list[tuple[int, int]]) -> np.ndarray:
    """Which rows' codes lie in the runs: a comparison or two per run, many times faster than a
    table looked up by code. Code -1 (unknown) lies in none, so known-ness comes for free."""
    out = np.zeros(len(codes), dtype=bool)
    for first, last in runs:
        if first == last:
            out |= codes == first
        else:
            out |= (codes >= first) & (codes <= last)
    return out


def _test(col: Column, op: str, operand, is_list: bool, coded=None) -> np.ndarray:
    v = col.values
    if is_list:
        if op in ("contains", "not_contains"):
            hit = v[:, operand]
            return hit if op == "contains" else ~hit
        mask = np.zeros(v.shape[1], dtype=bool)
        mask[list(operand)] = True
        same = members_key(v) == members_key(mask[None, :])[0]
        return same if op == "==" else ~same
    if op == "==":
        return v == operand
    if op == "!=":
        return v != operand
    if op in _ORDER:
        return _ORDER[op](v, operand)
    if isinstance(v, ArrowTexts):  # Arrow texts (ids): tested in Arrow, no string made per row
        hit = v.isin(operand)
    elif v.dtype == object:  # text: its distinct values tested, then spread by their codes
        uniques, codes = coded() if coded is not None else text_codes(v)
        table = np.fromiter(map(frozenset(operand).__contains__, uniques), dtype=bool, count=len(uniques))
        hit = table[codes]
    else:
        hit = np.isin(v, np.fromiter(operand, dtype=v.dtype))
    return hit if op == "in" else ~hit


def members_key(members: np.ndarray) -> np.ndarray:
    """Each row of a list field's member matrix (rows x values, bool) as one opaque value of its
    bytes: two rows hold the same members iff their keys are equal (a whole list compared at
    once; `(members == mask).all(axis=1)` takes four times as long)."""
    members = np.ascontiguousarray(members, dtype=bool)
    return members.view(np.dtype((np.void, max(members.shape[1], 1)))).reshape(-1) if members.shape[1] else \
        np.zeros(len(members), dtype=np.uint8)


def text_codes(values: np.ndarray) -> tuple[list, np.ndarray]:
    """A text column's distinct values (first-seen order) and each row's code: one pass of dict
    lookups, so each test on the column is a table lookup, not a pass over a million strings."""
    seen: dict = {}
    codes = np.fromiter(map(lambda x: seen.setdefault(x, len(seen)), values), dtype=np.int32, count=len(values))
    return list(seen), codes


class _Evaluator:
    """Evaluates formulas over one batch, each literal once (rules share many)."""

    def __init__(self, data: dict[str, Column], n: int):
        self.data, self.n, self.cache, self.texts = data, n, {}, {}

    def coded(self, field: str) -> tuple[list, np.ndarray]:
        """A text field's distinct values and codes: as the reader coded it, else text_codes once
        per batch (several rules test `country in [...]`)."""
        if field not in self.texts:
            col = self.data[field]
            self.texts[field] = (col.texts, col.codes) if col.codes is not None else text_codes(col.values)
        return self.texts[field]

    def __call__(self, f: Formula) -> np.ndarray:
        hit = self.cache.get(f)
        if hit is not None:
            return hit
        if isinstance(f, Const):
            out = np.full(self.n, f.value)
        elif isinstance(f, Known):
            out = self.data[f.field].known
        elif isinstance(f, Unknown):
            out = ~self.data[f.field].known
        elif isinstance(f, Test):
            col = self.data[f.field]
            spec = FIELD_BY_NAME.get(f.field)
            if spec is not None and spec.kind in (ENUM, ORDINAL):
                out = _enum_test(col.values, _runs(spec, f.op, f.operand))
            else:
                with np.errstate(invalid="ignore"):
                    out = col.known & _test(col, f.op, f.operand, spec is not None and spec.kind == LIST,
                                            lambda: self.coded(f.field))
        elif isinstance(f, And):
            out = self(f.parts[0]).copy()
            for p in f.parts[1:]:
                out &= self(p)
        elif isinstance(f, Or):
            out = self(f.parts[0]).copy()
            for p in f.parts[1:]:
                out |= self(p)
        else:  # pragma: no cover - the compiler makes no other kind
            raise TypeError(f)
        self.cache[f] = out
        return out


class BatchExecutor:
    """Evaluates every rule on every candidate; `evaluate` returns the outcome matrix."""

    name = "batch"

    def __init__(self, ruleset: RuleSet):
        self.ruleset = ruleset

    def evaluate(self, columns: Columns) -> np.ndarray:
        columns = with_archetype(columns)
        data = dict(columns.data)
        ev = _Evaluator(data, columns.n)
        # Derived facts first, in dependency order, then visible to later rules as boolean columns.
        for rule in self.ruleset.derive_order:
            t, f = ev(rule.true), ev(rule.false)
            data[rule.id] = Column(t.copy(), t | f)
        # Column-major, so each rule's column is written contiguously.
        out = np.empty((columns.n, len(self.ruleset)), dtype=np.int8, order="F")
        for j, rule in enumerate(self.ruleset.rules):
            t, f = ev(rule.true).view(np.int8), ev(rule.false).view(np.int8)
            col = out[:, j]  # in place, no temporaries: T 1, F 0, neither -1
            np.subtract(f, 1, out=col)
            col += t
            col += t
            if rule.out_of_scope is not None:
                np.putmask(col, ev(rule.out_of_scope), NA)
        return out
