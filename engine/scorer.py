"""Scores from an outcome matrix: a pure numpy kernel beside a validating Scorer.

Per family, a candidate's net points (factor points earned minus penalty points lost) are
placed between the worst the family allows (every penalty, no factor) and the best (every
factor, no penalty): family score = (net - worst) / (best - worst), in 0..1 without any
clipping, so every rule moves the score by a fixed amount and the contributions add up
exactly (score = baseline + sum of contributions, the baseline being what a candidate with
no factor and no penalty scores). Overall = 100 x sum(family weight x family score).

An unknown outcome counts at the profile's `unknown_prior` in the point score (0.5 by
default: a coin flip, the one documented choice, the same for every executor), and at its
worst and best in the range (score_lo, score_hi). Any true gate: ineligible.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from ..models.rules import WeightsProfile
from .batch import TRUE, UNKNOWN
from .ruleset import RuleSet

RANK_BY = ("point", "low", "high")
SCORE_DECIMALS = 9  # scores are compared at this precision, so float noise cannot reorder ties


def family_scores(net: np.ndarray, worst: np.ndarray, span: np.ndarray) -> np.ndarray:
    """Kernel: net family points (n x f) placed between the worst (f) and worst + span (f)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(span > 0, (net - worst) / np.where(span > 0, span, 1), 0.0)
    return np.clip(share, 0.0, 1.0)  # exact in theory; the clip only absorbs float noise


def weighted_sum(family: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Kernel: 0-100 scores from family scores (n x f) and family weights (f) summing to 1."""
    return 100.0 * (family @ weights)


@dataclass
class ScoreResult:
    """Scores of n candidates with their intermediate values."""

    outcomes: np.ndarray  # n x r int8
    family: np.ndarray  # n x f, point, 0..1
    family_raw: np.ndarray  # n x f, net points (factors earned - penalties lost)
    score: np.ndarray  # n
    score_lo: np.ndarray
    score_hi: np.ndarray
    eligible: np.ndarray  # n bool
    gate_unknown: np.ndarray  # n bool: some gate could still close

    def take(self, rows) -> ScoreResult:
        return ScoreResult(*(getattr(self, f.name)[rows] for f in fields(self)))

    @classmethod
    def concat(cls, parts: list[ScoreResult]) -> ScoreResult:
        return cls(*(np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)))

    def key(self, rank_by: str = "point") -> np.ndarray:
        return {"point": self.score, "low": self.score_lo, "high": self.score_hi}[rank_by]


class Scorer:
    """Fit on a RuleSet and a profile, then score outcome matrices.

    Parameters are stored as given; `fit` checks them against the rules once.
    """

    def __init__(self, profile: WeightsProfile, rank_by: str = "point"):
        self.profile = profile
        self.rank_by = rank_by

    def fit(self, ruleset: RuleSet) -> Scorer:
        if self.rank_by not in RANK_BY:
            raise ValueError(f"rank_by: got {self.rank_by!r}, expected one of {', '.join(RANK_BY)}")
        families = ruleset.families
        fam_index = {f: i for i, f in enumerate(families)}
        r, nf = len(ruleset), len(families)
        points = np.zeros((r, nf))
        for j, rule in enumerate(ruleset.rules):
            points[j, fam_index[rule.family]] = rule.signed_points
        possible = np.clip(points, 0, None).sum(axis=0)  # every factor
        worst = np.clip(points, None, 0).sum(axis=0)  # every penalty
        span = possible - worst
        weights = np.array([self.profile.weight(f) for f in families])
        # A family whose rules carry no points cannot score; its weight goes to the others.
        weights = np.where(span > 0, weights, 0.0)
        if weights.sum() <= 0:
            raise ValueError("the profile gives no weight to any family that has points")
        self.families_ = families
        self.points_ = points
        self.possible_ = possible
        self.worst_ = worst
        self.span_ = span
        self.weights_ = weights / weights.sum()
        self.prior_ = float(self.profile.unknown_prior)
        self.gate_mask_ = np.array([rule.kind == "gate" for rule in ruleset.rules], dtype=bool)
        self.rule_family_ = np.array([fam_index[rule.family] for rule in ruleset.rules])
        # A rule's signed worth on the 0-100 scale when true; the baseline is the score of a
        # candidate with no factor and no penalty true.
        with np.errstate(divide="ignore", invalid="ignore"):
            per_point = np.where(span > 0, 100.0 * self.weights_ / np.where(span > 0, span, 1), 0.0)
        self.unit_ = points.sum(axis=1) * per_point[self.rule_family_]
        self.baseline_ = float(-(worst * per_point).sum())
        # Points, factor points and penalty points side by side: _family_sums multiplies once.
        self.stacked_ = np.concatenate([points, np.clip(points, 0, None), np.clip(points, None, 0)],
                                       axis=1).astype(np.float32)
        return self

    def family_at(self, outcomes: np.ndarray, rank_by: str = "point") -> np.ndarray:
        """Family scores (n x f) at the point value, or with every unknown at its worst
        (low) or best (high): what the ranking key of `rank_by` is made of."""
        return family_scores(self._net(self._family_sums(outcomes), rank_by), self.worst_, self.span_)

    def _net(self, sums: tuple[np.ndarray, np.ndarray, np.ndarray], rank_by: str) -> np.ndarray:
        """Net family points with unknowns at the prior (point), at their worst or their best."""
        base, gain_if_known, loss_if_known = sums
        if rank_by == "low":
            return base + loss_if_known
        if rank_by == "high":
            return base + gain_if_known
        return base + self.prior_ * (gain_if_known + loss_if_known)

    def score(self, outcomes: np.ndarray) -> ScoreResult:
        sums = self._family_sums(outcomes)
        raw = self._net(sums, "point")
        family = family_scores(raw, self.worst_, self.span_)
        lo = weighted_sum(family_scores(self._net(sums, "low"), self.worst_, self.span_), self.weights_)
        hi = weighted_sum(family_scores(self._net(sums, "high"), self.worst_, self.span_), self.weights_)
        gates = outcomes[:, self.gate_mask_]  # only the gate columns: a fraction of the matrix
        return ScoreResult(
            outcomes=outcomes,
            family=family,
            family_raw=raw,
            score=weighted_sum(family, self.weights_),
            score_lo=lo,
            score_hi=hi,
            eligible=~(gates == TRUE).any(axis=1),
            gate_unknown=(gates == UNKNOWN).any(axis=1),
        )

    def _family_sums(self, outcomes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per family: points of true rules, and what unknown rules could add or take away.

        With o in {1 true, 0 false, -1 unknown}: true = (o + |o|)/2 and unknown = (|o| - o)/2,
        so two matrix products (of o and |o|) give all three sums at BLAS speed.
        """
        o = outcomes.astype(np.float32)
        m_o = o @ self.stacked_
        m_abs = np.abs(o, out=o) @ self.stacked_
        nf = self.points_.shape[1]
        true_sum = ((m_o + m_abs) / 2)[:, :nf]
        unknown_sums = (m_abs - m_o) / 2
        return (true_sum.astype(np.float64), unknown_sums[:, nf:2 * nf].astype(np.float64),
                unknown_sums[:, 2 * nf:].astype(np.float64))

    def order(self, result: ScoreResult, id_order: np.ndarray) -> np.ndarray:
        """Row order of the ranking: eligible first, higher score first, then id (`id_order`:
        each row's id rank), so the same input always gives the same ranking."""
        key = np.round(result.key(self.rank_by), SCORE_DECIMALS)
        return np.lexsort((id_order, -key, ~result.eligible))
