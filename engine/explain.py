"""Why a score is what it is, on arrays (no loop per candidate).

- contributions (n x r): each rule's signed points on the 0-100 scale; with the scorer's
  baseline they add up to the score exactly;
- gains (n x r): how much the score would rise if the rule took its best outcome
  (a factor becomes true, a penalty false);
- swings (n x k): for each unknown field, how far the score could move once it is known
  (sum of the unknown rules that read it, through derived facts too);
- completeness (n): share of the fields the rules read that are filled in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .columns import Columns
from .outcomes import TRUE, UNKNOWN
from .patterns import DENSE, coded_rows, dense_codes, group_codes, representatives
from .ruleset import RuleSet
from .scorer import Scorer, ScoreResult


@dataclass
class Explanation:
    contributions: np.ndarray
    gains: np.ndarray
    swings: np.ndarray
    fields: tuple[str, ...]
    completeness: np.ndarray


def known_fields(ruleset: RuleSet, columns: Columns, rows=slice(None)) -> np.ndarray:
    """rows x fields the rules read: which are filled in."""
    fields = ruleset.used_fields
    if not fields:
        return np.ones((len(columns["id"].known[rows]), 0), dtype=bool)
    return np.column_stack([columns[f].known[rows] for f in fields])


def rule_values(scorer: Scorer, outcomes: np.ndarray, dtype=np.float64) -> tuple[np.ndarray, ...]:
    """Per row and rule: the unit (signed worth when true), the chance the point score counts
    (1 true, the base rate unknown, 0 false or n/a), the contribution and the gain. Each row's
    values depend on that row alone, so a row gives the same values in any matrix."""
    unit, _ = scorer.units(outcomes, dtype)
    # How much of each rule the point score counts: 1 true, its base rate unknown, 0 false or n/a.
    chance = np.where(outcomes == TRUE, 1.0,
                      np.where(outcomes == UNKNOWN, scorer.rates_.astype(dtype), 0.0)).astype(dtype)
    contributions = chance * unit + 0.0  # + 0.0: a penalty that does not apply is 0, not -0
    # A factor can still earn what it has not; a penalty can still give back what it costs.
    gains = np.where(unit > 0, unit * (1 - chance), -unit * chance) if len(unit) else chance
    return unit, chance, contributions, gains


def incidence(ruleset: RuleSet, dtype=np.float64) -> np.ndarray:
    """rules x used fields: 1 where the rule reads the field (through derived facts too)."""
    fields, base = ruleset.used_fields, ruleset.base_fields
    return np.array([[f in base[r.id] for f in fields] for r in ruleset.rules], dtype=dtype).reshape(
        len(ruleset.rules), len(fields))


def explain(ruleset: RuleSet, scorer: Scorer, result: ScoreResult, known: np.ndarray,
            dtype=np.float64) -> Explanation:
    """Per-rule matrices for the rows of `result`; `known` (rows x used fields) says which
    fields each row has filled in. Summaries of many rows ask for float32 (they show one
    decimal); a scorecard keeps float64, so its contributions add up to its score."""
    # Row-major, whatever the ranking's layout (engine.parallel keeps its blocks column-major), so
    # the product below adds in one order for every ranking, the order PatternTables' probe checks.
    out = np.ascontiguousarray(result.outcomes)
    unit, _, contributions, gains = rule_values(scorer, out, dtype)
    fields = ruleset.used_fields
    unknown = (out == UNKNOWN).astype(dtype)
    swings = (unknown * np.abs(unit)) @ incidence(ruleset, dtype) if fields else np.zeros((len(out), 0), dtype=dtype)
    swings = np.where(known, 0.0, swings)  # a filled-in field is not worth finding out
    filled = known.mean(axis=1) if fields else np.ones(len(out))
    return Explanation(contributions, gains, swings, fields, filled)


@dataclass
class Top:
    """Per row, the k best columns (-1 = none) and their values."""

    index: np.ndarray  # n x k int
    value: np.ndarray  # n x k float

    def take(self, rows) -> Top:
        return Top(self.index[rows], self.value[rows])


@dataclass
class Summary:
    """What a ranking table shows per row, kept instead of the full per-rule matrices."""

    reasons: Top  # rules that moved the score most (value: signed points)
    improvements: Top  # rules whose best outcome would add most (value: gain)
    unknowns: Top  # fields whose value would move the score most (value: swing)
    gates: Top  # gates that are true (value: 1)
    completeness: np.ndarray

    def take(self, rows) -> Summary:
        return Summary(self.reasons.take(rows), self.improvements.take(rows), self.unknowns.take(rows),
                       self.gates.take(rows), self.completeness[rows])


def top_k(rank_by: np.ndarray, k: int, shown: np.ndarray | None = None, minimum: float = 1e-9) -> Top:
    """The k largest values per row, above `minimum`; ties go to the first column, as a
    stable sort would. k passes of argmax (k is small) beat sorting every row."""
    n, m = rank_by.shape
    k = min(k, m)
    idx = np.full((n, k), -1, dtype=np.int32)  # a million rows keep three of these per summary
    value = np.zeros((n, k), dtype=rank_by.dtype if shown is None else shown.dtype)
    if k == 0 or n == 0:
        return Top(idx, value)
    work = rank_by.astype(np.float64 if rank_by.dtype == np.float64 else np.float32, copy=True)
    rows = np.arange(n)
    source = rank_by if shown is None else shown
    for c in range(k):
        best = work.argmax(axis=1)
        valid = rank_by[rows, best] > minimum
        idx[:, c] = np.where(valid, best, -1)
        value[:, c] = np.where(valid, source[rows, best], 0)
        work[rows, best] = -np.inf
    return Top(idx, value)


def summarize(ruleset: RuleSet, scorer: Scorer, result: ScoreResult, known: np.ndarray | KnownFields, k: int = 3,
              chunk: int = 65536, jobs: int = 1) -> Summary:
    """Top-k reasons, improvements, unknowns and gates per row, from pattern tables (see
    PatternTables), a chunk of rows at a time (so a million rows never hold a million-by-rules
    float matrix), in `jobs` processes (engine.parallel). `known` is the rows x used fields
    matrix of known_fields, or a KnownFields."""
    from .parallel import run_blocks, shared

    n = len(known)
    tables = PatternTables.build(ruleset, scorer, result.outcomes, k, result.patterns) if n else None
    if tables is None:
        return summarize_rows(ruleset, scorer, result, known, k, chunk)
    jobs = jobs if n > chunk else 1
    out = tables.empty(n, shared if jobs > 1 else np.empty)

    def block(start: int, stop: int) -> None:
        rows = slice(start, stop)
        known_t = known.transposed(rows) if isinstance(known, KnownFields) else np.ascontiguousarray(known[rows].T)
        tables.summary(rows, known_t, out)

    run_blocks(n, chunk, block, jobs)
    return out


def summarize_rows(ruleset: RuleSet, scorer: Scorer, result: ScoreResult, known: np.ndarray | KnownFields,
                   k: int = 3, chunk: int = 65536) -> Summary:
    """The same summary from each row's full per-rule matrices (explain) and k passes of argmax:
    the definition PatternTables reproduces, and its fallback where it does not apply."""
    parts = []
    gate_cols = np.flatnonzero(scorer.gate_mask_)
    n = len(known)
    for start in range(0, max(n, 1), chunk):
        rows = slice(start, min(start + chunk, n))
        part = result.take(rows)
        ex = explain(ruleset, scorer, part, known[rows], np.float32)
        gated = (part.outcomes[:, gate_cols] == TRUE).astype(np.float32)
        gates = top_k(gated, len(gate_cols))
        gates.index = np.where(gates.index >= 0, gate_cols[np.maximum(gates.index, 0)], -1).astype(np.int32)
        # A reason is what is known: an unknown counted at its base rate is not why a candidate scored.
        is_true = (part.outcomes == TRUE).astype(ex.contributions.dtype)
        reasons = ex.contributions * is_true
        parts.append(Summary(top_k(np.abs(reasons), k, reasons), top_k(ex.gains, k),
                             top_k(ex.swings, k), gates, ex.completeness))
    return _concat(parts)


def _concat(parts: list[Summary]) -> Summary:
    if len(parts) == 1:
        return parts[0]
    cat = np.concatenate
    return Summary(*(Top(cat([getattr(p, a).index for p in parts]), cat([getattr(p, a).value for p in parts]))
                     for a in ("reasons", "improvements", "unknowns", "gates")),
                   cat([p.completeness for p in parts]))


class KnownFields:
    """known_fields of some columns, built a block of rows at a time when sliced: what a summary
    reads, without holding the rows x used fields matrix of a million rows."""

    def __init__(self, ruleset: RuleSet, columns: Columns):
        self.ruleset = ruleset
        self.columns = columns

    def __len__(self) -> int:
        return self.columns.n

    def __getitem__(self, rows) -> np.ndarray:
        return known_fields(self.ruleset, self.columns, rows)

    def transposed(self, rows) -> np.ndarray:
        """used fields x rows."""
        fields = self.ruleset.used_fields
        if not fields:
            return np.zeros((0, len(self.columns["id"].known[rows])), dtype=bool)
        return np.stack([self.columns[f].known[rows] for f in fields])


# ---- pattern tables --------------------------------------------------------------------------
#
# A rule's values for a candidate (its contribution, its gain, what its unknown outcome could
# swing) depend on the candidate's outcomes in the rule's family and on which families have
# anything in scope (the family weights are renormalised over those): nothing else. Each family
# has few distinct (outcome pattern, families in scope) pairs across candidates, so the values
# are computed once per pair (by rule_values, on a row holding the pair), each family's top k
# once per pair, and a candidate's top k is the top k of its families' top k (the overall top k
# are among them). Values are compared as float64 keys whose low bits hold the tie-break (a
# float32 value leaves them zero), so ties go to the first rule or field, as in top_k.
#
# A field's swing is explain's matrix product (rows x rules terms) @ (rules x fields incidence):
# BLAS's matrix-matrix kernel adds each field's terms one by one in rule order (its 0/1 weights
# make each multiply-add one rounded addition), so the tables add a family's first readers once
# per pattern and the later readers row by row, in rule order: the same sums, bit for bit, without
# the rows x rules matrix. A probe at build time holds BLAS to that (else every block takes the
# product itself), and a one-row block, which numpy hands to the matrix-vector kernel (it adds
# in another order), takes the product as explain did.

TIE_BITS = 29  # low bits of a float64 key holding the tie-break: a float32 value leaves 29 zero
TIE_MASK = (1 << TIE_BITS) - 1
MAX_GATES = 16  # gates coded by their pattern (2**16 patterns at most); more go row by row


def float_keys(value: np.ndarray, tie: np.ndarray) -> np.ndarray:
    """float64 keys that order as (value, tie): value (float32, >= 0) in the high bits, tie
    (< 2**TIE_BITS) in the low bits that a float32 value leaves zero."""
    bits = value.astype(np.float64).view(np.int64)
    bits |= tie
    return bits.view(np.float64)


def split_keys(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(value as float32, tie) of float_keys."""
    bits = keys.view(np.int64)
    return (bits & ~TIE_MASK).view(np.float64).astype(np.float32), bits & TIE_MASK


def _field_keys(swings: np.ndarray, tie: np.ndarray):
    """float_keys of each field's row of swings (fields x rows, float32), one field at a time into
    one buffer (top_keys reads each before it asks for the next): no fields x rows float64 matrix."""
    key = np.empty(swings.shape[1], dtype=np.float64)
    bits = key.view(np.int64)
    for field in range(len(swings)):
        np.copyto(key, swings[field])
        bits |= tie[field]
        yield key


def top_keys(columns, k: int, n: int) -> list[np.ndarray]:
    """The k largest of each row's keys across `columns` (float64 vectors of n rows; 0 = none),
    largest first: an insertion network of minimum and maximum, no sort."""
    top = [np.zeros(n) for _ in range(k)]
    spare = [np.empty(n), np.empty(n)]
    for column in columns:
        value = column
        for level in range(k):
            if level == k - 1:
                np.maximum(top[level], value, out=top[level])
                break
            low = spare[0] if value is not spare[0] else spare[1]
            np.minimum(top[level], value, out=low)
            np.maximum(top[level], value, out=top[level])
            value = low
    return top


def top_of_rows(keys: np.ndarray, k: int) -> list[np.ndarray]:
    """The k largest keys of each row of a matrix (keys distinct within a row), largest first."""
    top = []
    for _ in range(k):
        best = (keys if not top else np.where(keys < top[-1][:, None], keys, 0.0)).max(axis=1, initial=0.0)
        top.append(best)
    return top


@dataclass
class PatternTables:
    """Per family, each row's pattern code and, per pattern, its top k reasons and improvements
    (as keys) and its rules' swing terms; see the note above."""

    k: int
    scorer: Scorer
    outcomes: np.ndarray
    groups: list  # per family: its rule columns
    codes: list  # per family: each row's pattern code (int32)
    reason_keys: list  # per family: patterns x k float64 keys (0: none)
    gain_keys: list
    terms: list  # per family: patterns x its rules, float32: unknown x |unit|, what explain multiplies
    incidence: np.ndarray  # rules x used fields, float32
    plan: list  # per used field: (family of its first readers, their sum per pattern, [(family, terms)])
    in_order: bool  # BLAS adds as the plan does (the probe): the plan, not the product, for blocks of rows
    gate_table: np.ndarray | None  # per gate pattern: the true gates' columns in order (-1: none)

    @classmethod
    def build(cls, ruleset: RuleSet, scorer: Scorer, outcomes: np.ndarray, k: int,
              patterns: np.ndarray | None = None) -> PatternTables | None:
        """The tables of these rows; None where they do not apply (no rows or rules, or too
        many gates to code by their pattern). `patterns`: the rows' pattern codes per family as
        the ranking coded them (ScoreResult.patterns), read instead of coding the rows again."""
        n, r = outcomes.shape
        gate_cols = np.flatnonzero(scorer.gate_mask_)
        if n == 0 or r == 0 or len(gate_cols) > MAX_GATES or r >= 1 << (TIE_BITS - 2):
            return None
        families = scorer.rule_family_
        groups = [g for g in scorer.family_rules_ if len(g)]  # the groups Scorer.patterns codes, in its order
        if patterns is not None:  # codes of a ranking's rows (maybe some of them): a code may be absent
            coded = [(patterns[:, g], int(patterns[:, g].max()) + 1) for g in range(len(groups))]
            reps = [representatives(c, m) for c, m in coded]
        else:
            triples = group_codes(outcomes, groups, scorer.radix(outcomes))
            coded, reps = [(c, m) for c, m, _ in triples], [r for _, _, r in triples]
        # Which families have anything in scope: per family pattern, then per row.
        _, span, _ = scorer.frame(outcomes[np.concatenate(reps)])
        scope, count, at = np.zeros(n, dtype=np.int64), 1, 0
        for (codes, m), cols in zip(coded, groups):
            active = span[at:at + m, families[cols[0]]] > 1e-9  # as Scorer._frame and units test it
            at += m
            scope = scope * 2 + active[codes]
            count *= 2
            if count > DENSE:
                scope, count = dense_codes(scope, count)
                scope = scope.astype(np.int64)
        scope, frames = dense_codes(scope, count)
        # A family's pattern and the row's families in scope: the pair that fixes its rules' values.
        if frames > 1:
            triples = [coded_rows(codes.astype(np.int64) * frames + scope, m * frames) for codes, m in coded]
            coded, reps = [(c, m) for c, m, _ in triples], [r for _, _, r in triples]
        del scope
        sample = outcomes[np.concatenate(reps)]  # a row holding each code (the last, as representatives picks)
        unit, _, contributions, gains = rule_values(scorer, sample, np.float32)
        reasons = contributions * (sample == TRUE).astype(np.float32)
        terms = (sample == UNKNOWN).astype(np.float32) * np.abs(unit)
        del unit, contributions, sample
        reason_keys, gain_keys, term_tables, at = [], [], [], 0
        for (_, m), cols in zip(coded, groups):
            rows = slice(at, at + m)
            at += m
            mine = reasons[rows][:, cols]
            top = top_k(np.abs(mine), k, mine)
            index = cols[np.maximum(top.index, 0)]
            tie = ((r - 1 - index) << 1) | (top.value < 0)  # the sign rides below the rule: never a tie-break
            reason_keys.append(np.where(top.index >= 0, float_keys(np.abs(top.value), tie), 0.0))
            top = top_k(gains[rows][:, cols], k)
            index = cols[np.maximum(top.index, 0)]
            gain_keys.append(np.where(top.index >= 0, float_keys(top.value, (r - 1 - index) << 1), 0.0))
            term_tables.append(np.ascontiguousarray(terms[rows][:, cols]))
        gate_table = None
        if len(gate_cols):
            true = (np.arange(1 << len(gate_cols))[:, None] >> np.arange(len(gate_cols)) & 1).astype(bool)
            gate_table = np.full(true.shape, -1, dtype=np.int32)
            for p, bits in enumerate(true):
                gate_table[p, :bits.sum()] = gate_cols[bits]
        inc = incidence(ruleset, np.float32)
        plan = _swing_plan(inc, groups, term_tables)
        tables = cls(k, scorer, outcomes, groups, [c for c, _ in coded], reason_keys, gain_keys, term_tables, inc,
                     plan, False, gate_table)
        # The probe: rows combining every family's patterns, summed both ways.
        m = max(2, max(len(t) for t in term_tables))
        probe = [np.arange(m, dtype=np.int32) % len(t) for t in term_tables]
        # An "invalid" warning came from here once in CI, unreproduced (OpenBLAS has raised it
        # spuriously, numpy#24067): a NaN could only make the sums unequal, the product path then.
        with np.errstate(invalid="ignore"):
            tables.in_order = bool(np.array_equal(tables._terms(probe, m) @ inc, tables._in_order(probe, m).T))
        return tables

    def empty(self, n: int, alloc=np.empty) -> Summary:
        """The summary arrays of n rows, for summary() to fill (the dtypes of top_k's); `alloc`
        makes each array (engine.parallel.shared, for processes that fill it together)."""
        r, fields = self.incidence.shape
        gates = 0 if self.gate_table is None else self.gate_table.shape[1]

        def top(k: int, index=np.int32, value=np.float32) -> Top:
            return Top(alloc((n, k), dtype=index), alloc((n, k), dtype=value))

        return Summary(top(min(self.k, r)), top(min(self.k, r)), top(min(self.k, fields)),
                       top(gates), alloc((n,), dtype=np.float64))

    def summary(self, rows: slice, known_t: np.ndarray, out: Summary) -> None:
        """Fill `out`'s rows (a block) with their summary; `known_t`: used fields x those rows."""
        codes = [c[rows] for c in self.codes]
        n, r = len(codes[0]), self.outcomes.shape[1]
        self._merge(self.reason_keys, codes, n, r, out.reasons.take(rows), signed=True)
        self._merge(self.gain_keys, codes, n, r, out.improvements.take(rows), signed=False)
        self._unknowns(codes, known_t, n, out.unknowns.take(rows))
        fields = len(known_t)
        # the mean of the known flags, exactly: a sum of 0/1 is exact in any order
        out.completeness[rows] = known_t.sum(axis=0, dtype=np.float64) / fields if fields else 1.0
        self._gates(self.outcomes[rows], out.gates.take(rows))

    def _merge(self, tables: list, codes: list, n: int, r: int, into: Top, signed: bool) -> None:
        columns = (np.take(table[:, s], c, mode="clip") for table, c in zip(tables, codes)
                   for s in range(table.shape[1]) if table[:, s].any())
        _decode(top_keys(columns, min(self.k, r), n), into, r, signed)

    def _unknowns(self, codes: list, known_t: np.ndarray, n: int, into: Top) -> None:
        r, fields = self.incidence.shape
        tie = (fields - 1 - np.arange(fields, dtype=np.int64)) << 1
        if not fields:
            return
        if n > 1 and self.in_order:
            swings = self._in_order(codes, n)
            np.copyto(swings, 0.0, where=known_t)  # a filled-in field is not worth finding out
            top = top_keys(_field_keys(swings, tie), min(self.k, fields), n)
        else:
            swings = self._terms(codes, n) @ self.incidence  # rows x fields, as explain takes it
            np.copyto(swings, 0.0, where=known_t.T)
            top = top_of_rows(float_keys(swings, tie), min(self.k, fields))
        _decode(top, into, fields, signed=False)

    def _terms(self, codes: list, n: int) -> np.ndarray:
        """rows x rules: unknown x |unit|, the left side of explain's product."""
        terms = np.empty((n, self.incidence.shape[0]), dtype=np.float32)
        for cols, table, c in zip(self.groups, self.terms, codes):
            terms[:, cols] = np.take(table, c, axis=0, mode="clip")
        return terms

    def _in_order(self, codes: list, n: int) -> np.ndarray:
        """used fields x rows: each field's readers' terms added in rule order, per the plan."""
        swings = np.zeros((len(self.plan), n), dtype=np.float32)
        for field, step in enumerate(self.plan):
            if step is not None:
                first, partial, later = step
                np.take(partial, codes[first], out=swings[field], mode="clip")
                for g, term in later:
                    swings[field] += np.take(term, codes[g], mode="clip")
        return swings

    def _gates(self, outcomes: np.ndarray, into: Top) -> None:
        if self.gate_table is None:
            return
        pattern = np.zeros(len(outcomes), dtype=np.int32)  # MAX_GATES bits at most
        for i, c in enumerate(np.flatnonzero(self.scorer.gate_mask_)):
            pattern |= np.left_shift(outcomes[:, c] == TRUE, i, dtype=np.int32)
        np.take(self.gate_table, pattern, axis=0, out=into.index)
        np.greater_equal(into.index, 0, out=into.value)


def _swing_plan(inc: np.ndarray, groups: list, term_tables: list) -> list:
    """Per used field: the family of its first readers (in rule order), their terms added in
    rule order per pattern (from 0), and each later reader's terms (family, per pattern): added
    row by row, in rule order."""
    where = {int(j): (g, i) for g, cols in enumerate(groups) for i, j in enumerate(cols)}
    plan = []
    for field in range(inc.shape[1]):
        readers = np.flatnonzero(inc[:, field])
        if not len(readers):
            plan.append(None)
            continue
        first = where[int(readers[0])][0]
        partial = np.zeros(len(term_tables[first]), dtype=np.float32)
        later = []
        for j in readers:
            g, i = where[int(j)]
            if g == first and not later:
                partial = partial + term_tables[g][:, i]
            else:
                later.append((g, np.ascontiguousarray(term_tables[g][:, i])))
        plan.append((first, partial, later))
    return plan


def _decode(top: list, into: Top, m: int, signed: bool, minimum: float = 1e-9) -> None:
    """Fill `into` from keys, largest first: the column (m - 1 - tie) and the value (negative
    where the tie's sign bit is set); -1 and 0 where the value is not above `minimum`, as top_k."""
    for c, keys in enumerate(top):
        v, tie = split_keys(keys)
        valid = v > minimum
        if signed:
            v = np.where(tie & 1, -v, v)
        into.index[:, c] = np.where(valid, m - 1 - (tie >> 1), -1)
        into.value[:, c] = np.where(valid, v, 0)
