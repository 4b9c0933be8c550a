"""Outcome patterns: rows that share their outcomes in a group of rules (a family's) share a
code, so what depends only on those outcomes is computed once per pattern and gathered.

A family has at most a few hundred distinct outcome patterns across candidates, however many
candidates there are: the scorer's per-family sums and explain's per-family tables are both
computed per pattern. Pure numpy; no sort of a million rows where a lookup table will do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

DENSE = 1 << 22  # a code space up to this size is coded with a lookup table; larger ones are sorted
PACK = 10  # rules packed into one key at a time
BLOCK = 1 << 14  # rows packed at a time (read from cache rule by rule)


def dense_codes(key: np.ndarray, size: int) -> tuple[np.ndarray, int]:
    """Codes 0..m-1 of the distinct values of `key` (integers in 0..size-1) in increasing order
    of value, and m: through a lookup table when the space is small, else a sort."""
    if not len(key):
        return np.zeros(0, dtype=np.int32), 0
    if size <= DENSE:
        key = key.astype(np.intp, copy=False)  # numpy converts any other index to intp at each use, slowly
        seen = np.zeros(size, dtype=bool)
        seen[key] = True
        values = np.flatnonzero(seen)
        return _ranks(key, values, size), len(values)
    distinct, inverse = np.unique(key, return_inverse=True)
    return inverse.reshape(-1).astype(np.int32), len(distinct)


def coded_rows(key: np.ndarray, size: int, rows: np.ndarray | None = None) -> tuple[np.ndarray, int, np.ndarray]:
    """dense_codes' codes and count, and the row holding each code that `representatives` picks
    (the last): where the space is small (its table in cache), found in the same pass over the
    rows; else by representatives. `rows`: 0..len(key)-1, where the caller holds it already."""
    if not len(key) or size > FUSED:
        codes, m = dense_codes(key, size)
        return codes, m, representatives(codes, m, rows)
    rows = counting(len(key)) if rows is None else rows
    key = key.astype(np.intp, copy=False)  # as dense_codes: one conversion, not one per use
    last = np.full(size, -1, dtype=rows.dtype)
    last[key] = rows  # the last write of a value stays
    values = np.flatnonzero(last >= 0)
    return _ranks(key, values, size), len(values), last[values].astype(np.int64)


def _ranks(key: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Each key's place among `values` (the distinct keys, increasing, in 0..size-1), through a
    table of the space: only the slots of values present are written and read."""
    rank = np.empty(size, dtype=np.int32)
    rank[values] = np.arange(len(values), dtype=np.int32)
    return np.take(rank, key)


FUSED = 1 << 16  # coded_rows' largest space coded with the rows in one pass (a 256 KB table)
_COUNTING = np.arange(0, dtype=np.int32)


def counting(n: int) -> np.ndarray:
    """0..n-1 as int32 (int64 from 2**31): a view of one array kept between calls, so the row
    numbers of a million rows are not made (4 MB of fresh pages) at every coding."""
    global _COUNTING
    if n >= 1 << 31:
        return np.arange(n, dtype=np.int64)
    if len(_COUNTING) < n:
        _COUNTING = np.arange(n, dtype=np.int32)
        _COUNTING.flags.writeable = False  # shared by every caller: a view of it cannot be written
    return _COUNTING[:n]


def group_codes(outcomes: np.ndarray, groups: list[np.ndarray],
                radix: np.ndarray | None = None) -> list[tuple[np.ndarray, int, np.ndarray]]:
    """Per group of rule columns: each row's code of its outcomes there (rows with the same
    outcomes in the group share a code), the number of codes, and a row holding each code.

    A row's outcomes in a pack of PACK rules are one number in mixed radix (outcome + 1 as the
    digit, the first rule lowest): `radix` per rule column, 3 where a rule is never n/a (outcomes
    -1..1), else 4 (the default). The numbers compare as their digits do, read from the pack's
    last rule, whatever the radices, so the codes' order (the first pack's, then the next's within
    it) does not depend on them; smaller radices only make smaller tables (59,049 slots for 10
    rules, not 1,048,576)."""
    n = len(outcomes)
    radix = np.full(outcomes.shape[1], 4, dtype=np.int64) if radix is None else np.asarray(radix, dtype=np.int64)
    parts = []  # (group, rule columns, their place values, the pack's space)
    for g, cols in enumerate(groups):
        for a in range(0, len(cols), PACK):
            cut = [int(c) for c in cols[a:a + PACK]]
            place = np.cumprod([1] + [int(radix[c]) for c in cut]).tolist()
            parts.append((g, cut, place[:-1], place[-1]))
    # A space of 2**16 or less is packed in uint16, modulo 2**16: the terms can be negative, but the
    # sum lands in the space, where it is exact (half the bytes of int32 to move).
    keys = [np.empty(n, dtype=np.uint16 if space <= 1 << 16 else np.int32) for *_, space in parts]
    terms = {t: np.empty(BLOCK, dtype=t) for t in (np.uint16, np.int32)}  # reused, not made per column
    for start in range(0, n, BLOCK):
        block = outcomes[start:start + BLOCK]
        for key, (_, cols, place, _) in zip(keys, parts):
            into = key[start:start + BLOCK]
            term = terms[key.dtype.type][:len(into)]
            # sum of (outcome + 1) x place value = sum of outcome x place value + sum of place values
            np.add(block[:, cols[0]], sum(place), out=into, dtype=key.dtype, casting="unsafe")
            for c, v in zip(cols[1:], place[1:]):
                into += np.multiply(block[:, c], v, out=term, dtype=key.dtype, casting="unsafe")
    rows = counting(n)
    out = [(np.zeros(n, dtype=np.int32), 1, np.array([n - 1] if n else [0], dtype=np.int64)) for _ in groups]  # an empty group
    for i, (key, (g, _, _, space)) in enumerate(zip(keys, parts)):
        final = i + 1 == len(parts) or parts[i + 1][0] != g  # the group's last pack: its codes are final
        prev, count, _ = out[g]
        if count > 1:  # the earlier packs' codes first, then this pack's (as the order of codes has always been)
            codes, m = dense_codes(key, space)
            key, space = prev.astype(np.int64) * m + codes, count * m
        out[g] = coded_rows(key, space, rows) if final else (*dense_codes(key, space), rows[:0])
    return out


def representatives(codes: np.ndarray, count: int, rows: np.ndarray | None = None) -> np.ndarray:
    """A row holding each code (the last). `rows`: 0..len(codes)-1, where the caller holds it."""
    out = np.zeros(count, dtype=np.int64)
    out[codes.astype(np.intp, copy=False)] = counting(len(codes)) if rows is None else rows  # an intp index: 2x faster
    return out


@dataclass
class Patterns:
    """The rows' pattern codes per group of rule columns (a family's), coded over all the rows of
    a ranking at once: a part of the rows (a block) reads the same codes and the same sample of
    each pattern, so every block computes a pattern's values alike, and explain reuses the codes."""

    codes: np.ndarray  # rows x groups: int16 where every group's codes fit (half the memory a ranking holds), else int32
    counts: list[int]  # per group, its number of codes
    samples: np.ndarray  # a row of outcomes holding each pattern, group after group (sum(counts) x rules)
    sums: dict | None = None  # what the scorer that coded them sums per sample (Scorer.patterns), made once
    tables: dict = field(default_factory=dict)  # what the scorer derives from the sums, by name, made once

    @classmethod
    def of(cls, outcomes: np.ndarray, groups: list[np.ndarray], radix: np.ndarray | None = None) -> Patterns:
        """`radix`: per rule column, as group_codes reads it (3 where a rule is never n/a)."""
        coded = group_codes(outcomes, groups, radix)
        small = all(m <= np.iinfo(np.int16).max + 1 for _, m, _ in coded)
        codes = np.empty((len(outcomes), len(groups)), dtype=np.int16 if small else np.int32, order="F")
        for g, (c, _, _) in enumerate(coded):
            codes[:, g] = c
        reps = np.concatenate([r for _, _, r in coded]) if coded else np.zeros(0, dtype=np.int64)
        return cls(codes, [m for _, m, _ in coded], outcomes[reps])

    def take(self, rows) -> Patterns:
        return Patterns(self.codes[rows], self.counts, self.samples, self.sums, self.tables)  # the same tables
