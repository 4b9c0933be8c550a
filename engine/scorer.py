"""Scores from an outcome matrix: a pure numpy kernel beside a validating Scorer.

Family score = (factor points earned - penalty points lost) / factor points possible,
clipped to 0..1; overall = 100 x sum(family weight x family score). An unknown outcome
counts at the profile's `unknown_prior` in the point score (0 by default: unknown earns
nothing and costs nothing; the one documented choice, the same for every executor), and
at its worst and best in the range (score_lo, score_hi). Any true gate: ineligible.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..models.rules import WeightsProfile
from .batch import TRUE, UNKNOWN
from .ruleset import RuleSet

RANK_BY = ("point", "low", "high")


def family_scores(earned: np.ndarray, possible: np.ndarray) -> np.ndarray:
    """Kernel: raw family points (n x f) over points possible (f), clipped to 0..1."""
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(possible > 0, earned / np.where(possible > 0, possible, 1), 0.0)
    return np.clip(share, 0.0, 1.0)


def weighted_sum(family: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Kernel: 0-100 scores from family scores (n x f) and family weights (f) summing to 1."""
    return 100.0 * (family @ weights)


@dataclass
class ScoreResult:
    """Scores of n candidates with their intermediate values."""

    outcomes: np.ndarray  # n x r int8
    family: np.ndarray  # n x f, point
    family_raw: np.ndarray  # n x f, points before clipping
    score: np.ndarray  # n
    score_lo: np.ndarray
    score_hi: np.ndarray
    eligible: np.ndarray  # n bool
    gated: np.ndarray  # n x r bool: gates that are true
    gate_unknown: np.ndarray  # n bool: some gate could still close

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
        possible = np.clip(points, 0, None).sum(axis=0)
        weights = np.array([self.profile.weight(f) for f in families])
        # Families with no factor points cannot score; their weight goes to the others.
        weights = np.where(possible > 0, weights, 0.0)
        if weights.sum() <= 0:
            raise ValueError("the profile gives no weight to any family that has factor points")
        self.families_ = families
        self.points_ = points
        self.possible_ = possible
        self.weights_ = weights / weights.sum()
        self.prior_ = float(self.profile.unknown_prior)
        self.gate_mask_ = np.array([rule.kind == "gate" for rule in ruleset.rules], dtype=bool)
        self.rule_family_ = np.array([fam_index[rule.family] for rule in ruleset.rules])
        # A rule's worth on the 0-100 scale when true, before clipping.
        with np.errstate(divide="ignore", invalid="ignore"):
            per_point = np.where(possible > 0, 100.0 * self.weights_ / np.where(possible > 0, possible, 1), 0.0)
        self.unit_ = points.sum(axis=1) * per_point[self.rule_family_]
        return self

    def score(self, outcomes: np.ndarray) -> ScoreResult:
        true = (outcomes == TRUE).astype(np.float64)
        unknown = (outcomes == UNKNOWN).astype(np.float64)
        p = self.points_
        base = true @ p
        gain_if_known = unknown @ np.clip(p, 0, None)
        loss_if_known = unknown @ np.clip(p, None, 0)
        raw = base + self.prior_ * (gain_if_known + loss_if_known)
        family = family_scores(raw, self.possible_)
        lo = weighted_sum(family_scores(base + loss_if_known, self.possible_), self.weights_)
        hi = weighted_sum(family_scores(base + gain_if_known, self.possible_), self.weights_)
        gated = (outcomes == TRUE) & self.gate_mask_
        return ScoreResult(
            outcomes=outcomes,
            family=family,
            family_raw=raw,
            score=weighted_sum(family, self.weights_),
            score_lo=lo,
            score_hi=hi,
            eligible=~gated.any(axis=1),
            gated=gated,
            gate_unknown=((outcomes == UNKNOWN) & self.gate_mask_).any(axis=1),
        )

    def order(self, result: ScoreResult, id_order: np.ndarray) -> np.ndarray:
        """Row order of the ranking: eligible first, higher score first, then id (`id_order`:
        each row's id rank), so the same input always gives the same ranking."""
        key = np.round(result.key(self.rank_by), 9)  # float noise must not reorder equal scores
        return np.lexsort((id_order, -key, ~result.eligible))
