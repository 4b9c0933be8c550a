"""Outcome patterns: rows that share their outcomes in a group of rules (a family's) share a
code, so what depends only on those outcomes is computed once per pattern and gathered.

A family has at most a few hundred distinct outcome patterns across candidates, however many
candidates there are: the scorer's per-family sums and explain's per-family tables are both
computed per pattern. Pure numpy; no sort of a million rows where a lookup table will do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DENSE = 1 << 22  # a code space up to this size is coded with a lookup table; larger ones are sorted
PACK = 10  # rules packed into one key (two bits each) at a time
BLOCK = 1 << 14  # rows packed at a time (read from cache rule by rule)


def dense_codes(key: np.ndarray, size: int) -> tuple[np.ndarray, int]:
    """Codes 0..m-1 of the distinct values of `key` (integers in 0..size-1) in increasing order
    of value, and m: through a lookup table when the space is small, else a sort."""
    if not len(key):
        return np.zeros(0, dtype=np.int32), 0
    if size <= DENSE:
        seen = np.zeros(size, dtype=bool)
        seen[key] = True
        values = np.flatnonzero(seen)
        rank = np.empty(size, dtype=np.int32)  # only the slots of values present are written and read
        rank[values] = np.arange(len(values), dtype=np.int32)
        return rank[key], len(values)
    distinct, inverse = np.unique(key, return_inverse=True)
    return inverse.reshape(-1).astype(np.int32), len(distinct)


def group_codes(outcomes: np.ndarray, groups: list[np.ndarray]) -> list[tuple[np.ndarray, int]]:
    """Per group of rule columns: each row's code of its outcomes there (rows with the same
    outcomes in the group share a code) and the number of codes."""
    n = len(outcomes)
    parts = [(g, cols[a:a + PACK]) for g, cols in enumerate(groups) for a in range(0, len(cols), PACK)]
    keys = [np.empty(n, dtype=np.int32) for _ in parts]
    for start in range(0, n, BLOCK):
        block = outcomes[start:start + BLOCK]
        for key, (_, cols) in zip(keys, parts):
            into = key[start:start + BLOCK]
            np.add(block[:, cols[0]], 1, out=into, casting="unsafe")  # outcomes -1..2 as 0..3
            for i in range(1, len(cols)):
                into |= np.left_shift(block[:, cols[i]] + 1, 2 * i, dtype=np.int32)
    out: list[tuple[np.ndarray, int]] = [(np.zeros(n, dtype=np.int32), 1) for _ in groups]
    for key, (g, cols) in zip(keys, parts):
        codes, m = dense_codes(key, 4 ** len(cols))
        prev, count = out[g]
        out[g] = (codes, m) if count == 1 else dense_codes(prev.astype(np.int64) * m + codes, count * m)
    return out


def representatives(codes: np.ndarray, count: int) -> np.ndarray:
    """A row holding each code."""
    rows = np.zeros(count, dtype=np.int64)
    rows[codes] = np.arange(len(codes))
    return rows


@dataclass
class Patterns:
    """The rows' pattern codes per group of rule columns (a family's), coded over all the rows of
    a ranking at once: a part of the rows (a block) reads the same codes and the same sample of
    each pattern, so every block computes a pattern's values alike, and explain reuses the codes."""

    codes: np.ndarray  # rows x groups: int16 where every group's codes fit (half the memory a ranking holds), else int32
    counts: list[int]  # per group, its number of codes
    samples: np.ndarray  # a row of outcomes holding each pattern, group after group (sum(counts) x rules)
    sums: dict | None = None  # what the scorer that coded them sums per sample (Scorer.patterns), made once

    @classmethod
    def of(cls, outcomes: np.ndarray, groups: list[np.ndarray]) -> Patterns:
        coded = group_codes(outcomes, groups)
        small = all(m <= np.iinfo(np.int16).max + 1 for _, m in coded)
        codes = np.empty((len(outcomes), len(groups)), dtype=np.int16 if small else np.int32, order="F")
        for g, (c, _) in enumerate(coded):
            codes[:, g] = c
        reps = np.concatenate([representatives(c, m) for c, m in coded]) if coded else np.zeros(0, dtype=np.int64)
        return cls(codes, [m for _, m in coded], outcomes[reps])

    def take(self, rows) -> Patterns:
        return Patterns(self.codes[rows], self.counts, self.samples, self.sums)
