"""The batch executor: a RuleSet's T/F formulas evaluated over columns with numpy.

Same meaning as the durable_rules reference (it reads the same formulas from
engine.compile); outcomes are int8 (engine.outcomes): 1 true, 0 false, -1 unknown, 2 n/a.
"""

from __future__ import annotations

import numpy as np

from ..models.vocabulary import BOOL, ENUM, FIELD_BY_NAME, LIST, ORDINAL
from .columns import ArrowTexts, Column, Columns, with_archetype
from .compile import And, Const, Formula, Known, Or, Test, Unknown, evaluate_test
from .outcomes import FALSE, NA, TRUE, UNKNOWN  # noqa: F401 - re-exported for the executors' users
from .ruleset import RuleSet

_ORDER = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}


def _runs(spec, op: str, operand) -> list[tuple[int, int | None]]:
    """For an enum field: the codes that pass the test, as runs of consecutive codes (first, last),
    last None for a run that reaches the field's last code."""
    runs: list[tuple[int, int]] = []
    for c in range(len(spec.values)):
        if not evaluate_test(op, c, operand):
            continue
        if runs and runs[-1][1] == c - 1:
            runs[-1] = (runs[-1][0], c)
        else:
            runs.append((c, c))
    return [(first, None if last == len(spec.values) - 1 and first < last else last) for first, last in runs]


def _enum_test(codes: np.ndarray, runs: list[tuple[int, int | None]]) -> np.ndarray:
    """Which rows' codes lie in the runs: a comparison or two per run, many times faster than a
    table looked up by code. Code -1 (unknown) lies in none, so known-ness comes for free."""
    out = None
    for first, last in runs:
        if first == last:
            hit = codes == first
        elif last is None:
            hit = codes >= first
        else:  # first <= code <= last as one unsigned comparison (codes below first wrap to large ones)
            hit = np.subtract(codes, first, dtype=codes.dtype).view(_UNSIGNED[codes.dtype.itemsize]) <= last - first
        if out is None:
            out = hit
        else:
            out |= hit
    return np.zeros(len(codes), dtype=bool) if out is None else out


_UNSIGNED = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}


def _test(col: Column, op: str, operand, is_list: bool, coded=None, keyed=None) -> np.ndarray:
    """`coded`, `keyed`: the batch's text codes (text_codes) and list keys (members_key) of the
    field, made once per batch however many tests read them."""
    v = col.values
    if is_list:
        if op in ("contains", "not_contains"):
            hit = v[:, operand]  # a column of the member matrix: contiguous where intake made it column-major
            return hit if op == "contains" else ~hit
        mask = np.zeros(v.shape[1], dtype=bool)
        mask[list(operand)] = True
        same = (keyed() if keyed is not None else members_key(v)) == members_key(mask[None, :])[0]
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
        hit = np.take(table, codes)  # np.take: an int32 index costs fancy indexing twice as much
    else:
        hit = np.isin(v, np.fromiter(operand, dtype=v.dtype))
    return hit if op == "in" else ~hit


def members_key(members: np.ndarray) -> np.ndarray:
    """Each row of a list field's member matrix (rows x values, bool) as one value: two rows hold
    the same members iff their keys are equal (a whole list compared at once). Up to 64 values,
    the members' bits in an unsigned integer, a column at a time (the matrix is column-major from
    intake); beyond, an opaque value of the row's bytes."""
    n, k = members.shape
    if k > 64:
        members = np.ascontiguousarray(members, dtype=bool)
        return members.view(np.dtype((np.void, k))).reshape(-1)
    key = np.zeros(n, dtype=next(t for t in (np.uint8, np.uint16, np.uint32, np.uint64) if np.iinfo(t).bits >= k))
    for j in range(k):
        key |= members[:, j].astype(key.dtype) << key.dtype.type(j)
    return key


def text_codes(values: np.ndarray) -> tuple[list, np.ndarray]:
    """A text column's distinct values (first-seen order) and each row's code: one pass of dict
    lookups, so each test on the column is a table lookup, not a pass over a million strings."""
    seen: dict = {}
    codes = np.fromiter(map(lambda x: seen.setdefault(x, len(seen)), values), dtype=np.int32, count=len(values))
    return list(seen), codes


class _Plan:
    """A rule set's formulas in the order one batch evaluates them, each distinct formula once
    (rules share many literals), its parts named by their place in the plan: hashing a nested
    formula per batch cost more than evaluating a small one."""

    def __init__(self, ruleset: RuleSet):
        self.place: dict[Formula, int] = {}
        # (formula, its parts' places, its literal or None) or ("derive", rule id, T place, F place)
        self.steps: list[tuple] = []
        for rule in ruleset.derive_order:  # derived facts first, then visible to later tests as columns
            self.steps.append(("derive", rule.id, self.add(rule.true), self.add(rule.false)))
        self.rules = [(self.add(rule.true), self.add(rule.false),
                       None if rule.out_of_scope is None else self.add(rule.out_of_scope)) for rule in ruleset.rules]

    def add(self, f: Formula) -> int:
        at = self.place.get(f)
        if at is None:
            parts = tuple(self.add(p) for p in f.parts) if isinstance(f, (And, Or)) else ()
            at = self.place[f] = len(self.steps)
            self.steps.append((f, parts, _literal(f)))
        return at


_SCALAR_OPS = ("==", "!=", "<", "<=", ">", ">=", "in", "not_in")


def _literal(f: Formula):
    """A test on an enum, ordinal or bool field compiled once: a function of a batch's columns
    giving the rows where it holds (None for other formulas, which _Evaluator.formula tests).
    Which codes or values pass comes from compile.evaluate_test, the one meaning of each operator."""
    spec = FIELD_BY_NAME.get(f.field) if isinstance(f, Test) else None
    if spec is None:
        return None
    if spec.kind in (ENUM, ORDINAL):
        runs = _runs(spec, f.op, f.operand)
        return lambda data: _enum_test(data[f.field].values, runs)
    if spec.kind == BOOL and f.op in _SCALAR_OPS:  # one operation on the known mask and the values
        on, off = evaluate_test(f.op, True, f.operand), evaluate_test(f.op, False, f.operand)
        if on and off:
            return lambda data: data[f.field].known
        if not (on or off):
            return lambda data: np.zeros(len(data[f.field].known), dtype=bool)
        join = np.logical_and if on else np.greater  # known and the value, or known and not it
        return lambda data: join(data[f.field].known, data[f.field].values)
    return None


class _Evaluator:
    """Evaluates a plan's formulas over one batch."""

    def __init__(self, data: dict[str, Column], n: int):
        self.data, self.n, self.texts, self.keys = data, n, {}, {}

    def coded(self, field: str) -> tuple[list, np.ndarray]:
        """A text field's distinct values and codes: as the reader coded it, else text_codes once
        per batch (several rules test `country in [...]`)."""
        if field not in self.texts:
            col = self.data[field]
            self.texts[field] = (col.texts, col.codes) if col.codes is not None else text_codes(col.values)
        return self.texts[field]

    def keyed(self, field: str) -> np.ndarray:
        """A list field's members_key, once per batch."""
        if field not in self.keys:
            self.keys[field] = members_key(self.data[field].values)
        return self.keys[field]

    def run(self, plan: _Plan) -> list[np.ndarray | None]:
        done: list[np.ndarray | None] = []
        for step in plan.steps:
            if step[0] == "derive":
                _, name, t, f = step
                self.data[name] = Column(done[t].copy(), done[t] | done[f])
                done.append(None)
            else:
                f, parts, literal = step
                done.append(literal(self.data) if literal is not None else self.formula(f, [done[p] for p in parts]))
        return done

    def formula(self, f: Formula, parts: list[np.ndarray]) -> np.ndarray:
        if isinstance(f, Const):
            return np.full(self.n, f.value)
        if isinstance(f, Known):
            return self.data[f.field].known
        if isinstance(f, Unknown):
            return ~self.data[f.field].known
        if isinstance(f, Test):
            col = self.data[f.field]
            spec = FIELD_BY_NAME.get(f.field)
            with np.errstate(invalid="ignore"):
                return col.known & _test(col, f.op, f.operand, spec is not None and spec.kind == LIST,
                                         lambda: self.coded(f.field), lambda: self.keyed(f.field))
        if isinstance(f, (And, Or)):
            join = np.bitwise_and if isinstance(f, And) else np.bitwise_or
            out = join(parts[0], parts[1]) if len(parts) > 1 else parts[0].copy()
            for p in parts[2:]:
                join(out, p, out=out)
            return out
        raise TypeError(f)  # pragma: no cover - the compiler makes no other kind


class BatchExecutor:
    """Evaluates every rule on every candidate; `evaluate` returns the outcome matrix."""

    name = "batch"

    def __init__(self, ruleset: RuleSet):
        self.ruleset = ruleset
        self.plan_ = _Plan(ruleset)

    def evaluate(self, columns: Columns, out: np.ndarray | None = None) -> np.ndarray:
        """The outcome matrix (rows x rules, int8), written into `out` where given (column-major,
        or rows of a column-major matrix: each rule's column is written contiguously)."""
        columns = with_archetype(columns)
        done = _Evaluator(dict(columns.data), columns.n).run(self.plan_)
        if out is None:
            out = np.empty((columns.n, len(self.ruleset)), dtype=np.int8, order="F")
        for j, (t, f, scope) in enumerate(self.plan_.rules):
            col = out[:, j]  # in place: T 1, F 0, neither -1
            t = done[t].view(np.int8)
            np.subtract(done[f].view(np.int8), 1, out=col)
            col += t
            col += t
            if scope is not None:  # n/a where out of scope: col + (2 - col), in arithmetic (putmask is slower)
                lift = np.subtract(NA, col, dtype=np.int8)
                lift *= done[scope].view(np.int8)
                col += lift
        return out
