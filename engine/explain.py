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


def explain(ruleset: RuleSet, scorer: Scorer, result: ScoreResult, known: np.ndarray,
            dtype=np.float64) -> Explanation:
    """Per-rule matrices for the rows of `result`; `known` (rows x used fields) says which
    fields each row has filled in. Summaries of many rows ask for float32 (they show one
    decimal); a scorecard keeps float64, so its contributions add up to its score."""
    out = result.outcomes
    unit, _ = scorer.units(out, dtype)
    # How much of each rule the point score counts: 1 true, its base rate unknown, 0 false or n/a.
    chance = np.where(out == TRUE, 1.0, np.where(out == UNKNOWN, scorer.rates_.astype(dtype), 0.0)).astype(dtype)
    contributions = chance * unit + 0.0  # + 0.0: a penalty that does not apply is 0, not -0
    # A factor can still earn what it has not; a penalty can still give back what it costs.
    gains = np.where(unit > 0, unit * (1 - chance), -unit * chance) if len(unit) else chance

    fields = ruleset.used_fields
    base = ruleset.base_fields
    incidence = np.array([[f in base[r.id] for f in fields] for r in ruleset.rules], dtype=dtype)
    unknown = (out == UNKNOWN).astype(dtype)
    swings = (unknown * np.abs(unit)) @ incidence if fields else np.zeros((len(out), 0), dtype=dtype)
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


def summarize(ruleset: RuleSet, scorer: Scorer, result: ScoreResult, known: np.ndarray, k: int = 3,
              chunk: int = 65536) -> Summary:
    """Top-k reasons, improvements, unknowns and gates per row, a chunk of rows at a time
    (so a million rows never hold a million-by-rules float matrix)."""
    parts = []
    gate_cols = np.flatnonzero(scorer.gate_mask_)
    n = len(known)
    for start in range(0, max(n, 1), chunk):
        rows = slice(start, min(start + chunk, n))
        part = result.take(rows)
        ex = explain(ruleset, scorer, part, known[rows], np.float32)
        gated = (part.outcomes[:, gate_cols] == TRUE).astype(float)
        gates = top_k(gated, len(gate_cols))
        gates.index = np.where(gates.index >= 0, gate_cols[np.maximum(gates.index, 0)], -1)
        # A reason is what is known: an unknown counted at its base rate is not why a candidate scored.
        is_true = (part.outcomes == TRUE).astype(ex.contributions.dtype)
        reasons = ex.contributions * is_true
        parts.append(Summary(top_k(np.abs(reasons), k, reasons), top_k(ex.gains, k),
                             top_k(ex.swings, k), gates, ex.completeness))
    cat = np.concatenate
    return Summary(*(Top(cat([getattr(p, a).index for p in parts]), cat([getattr(p, a).value for p in parts]))
                     for a in ("reasons", "improvements", "unknowns", "gates")),
                   cat([p.completeness for p in parts]))
