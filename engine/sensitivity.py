"""How much a ranking depends on its weights: Monte Carlo over weights and one-at-a-time changes.

Monte Carlo: D weight vectors are drawn from a Dirichlet distribution centred on the active
profile's family weights w (alpha = concentration x w; the mean is w and each weight's
variance is w_i (1 - w_i) / (concentration + 1), so a larger concentration means draws
closer to the profile). Each draw ranks every candidate the way the scorer does: eligible
before ineligible, higher score first, ties by id. Per candidate the result is its median
rank, its 5 % and 95 % rank quantiles and the share of draws that put it in the top K.
Quantiles are actual ranks (the inverted empirical CDF), so an interval reads "from 3rd to
7th".

One at a time: each family's weight is multiplied by 1 +/- delta (default 20 %), the others
rescaled to keep the sum 1, and the candidates whose top-K membership changes are listed.

Everything is vectorised: scores for a block of draws are one matrix product
(draws x families) @ (families x candidates), ranks one argsort per row of an integer key
that encodes (ineligible, -score rounded to 1e-9 as the scorer rounds it, id order), so
no two candidates tie and the order equals the scorer's lexsort exactly.
Families that cannot score (no factor points) or have weight 0 stay at 0 in every draw.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .columns import id_order
from .scorer import SCORE_DECIMALS

_SCORE_UNITS = 10**SCORE_DECIMALS  # the scorer compares scores at this precision
_BLOCK = 1_000_000  # draws x candidates per block (bounds memory: about 30 MB of temporaries)


@dataclass(frozen=True)
class OneAtATime:
    """One family's weight moved by `change` (e.g. +0.2 = 20 % more), the others rescaled."""

    family: str
    change: float
    weights: np.ndarray  # f, the perturbed weights (sum 1)
    ranks: np.ndarray  # n, 1-based, rows as the input
    entered: np.ndarray  # row indices that join the top K
    left: np.ndarray  # row indices that drop out of the top K

    @property
    def flips(self) -> np.ndarray:
        return np.concatenate([self.entered, self.left])


def rank_draws(family: np.ndarray, eligible: np.ndarray, tiebreak: np.ndarray, weights: np.ndarray,
               out: np.ndarray | None = None) -> np.ndarray:
    """Kernel: 1-based ranks (D x n; uint16 below 65,536 candidates, else int32) of n candidates under each of D weight vectors.

    family: n x f family scores (0..1); eligible: n bool; tiebreak: n distinct ints 0..n-1
    (id order); weights: D x f. Candidates are ordered by (ineligible, -score, tiebreak).
    """
    family = np.asarray(family, dtype=np.float64)
    weights = np.atleast_2d(np.asarray(weights, dtype=np.float64))
    n, d = family.shape[0], weights.shape[0]
    # Ranks fit in 16 bits below 65,536 candidates: 10k draws x 10k candidates hold 200 MB, not 400.
    ranks = np.empty((d, n), dtype=np.uint16 if n < 65536 else np.int32) if out is None else out
    if n == 0:
        return ranks
    bits = max(1, int(n - 1).bit_length())
    # score x 1e9 <= 1e11 < 2**37; with the tie-break bits and the eligibility bit the key
    # must fit in 63 bits (n up to 2**25, 33 million candidates).
    if bits > 25:
        raise ValueError(f"too many candidates for the rank kernel: {n}")
    ineligible = (~np.asarray(eligible, dtype=bool)).astype(np.int64) << (37 + bits)
    tiebreak = np.asarray(tiebreak, dtype=np.int64)
    top = np.int64(100 * _SCORE_UNITS)
    rows = np.arange(1, n + 1, dtype=ranks.dtype)
    block = max(1, _BLOCK // max(n, 1))
    ft = family.T.copy()
    for start in range(0, d, block):
        stop = min(start + block, d)
        score = 100.0 * (weights[start:stop] @ ft)  # b x n
        key = top - np.rint(np.clip(score, 0.0, 100.0) * _SCORE_UNITS).astype(np.int64)  # higher score first
        key <<= bits
        key |= tiebreak
        key |= ineligible
        order = np.argsort(key, axis=1)
        np.put_along_axis(ranks[start:stop], order, rows[None, :], axis=1)
    return ranks


QUANTILES = (0.05, 0.5, 0.95)  # the rank interval reported (5-95 %) and its median
_QUANTILE_BLOCK = 256  # candidates whose quantiles are taken together


def rank_quantiles(ranks: np.ndarray, qs=QUANTILES) -> np.ndarray:
    """Per candidate (column of a D x n rank matrix), the inverted-CDF quantiles: len(qs) x n.

    The q-quantile is the smallest rank r with P(rank <= r) >= q, so it is always a rank
    that occurred."""
    d, n = ranks.shape
    if n <= 4000:  # a rank histogram per candidate (n x n counts) is exact and fast
        counts = np.zeros((n, n), dtype=np.int64)
        for a in range(0, n, _QUANTILE_BLOCK):  # a block of candidates: the int64 copy stays small
            b = min(a + _QUANTILE_BLOCK, n)
            flat = np.arange(b - a, dtype=np.int64)[None, :] * n + (ranks[:, a:b].astype(np.int64) - 1)
            counts[a:b] = np.bincount(flat.ravel(), minlength=(b - a) * n).reshape(b - a, n)
        cdf = np.cumsum(counts, axis=1)
        return np.stack([1 + np.argmax(cdf >= np.ceil(q * d - 1e-9), axis=1) for q in qs]).astype(np.float64)
    # A block of candidates at a time: np.quantile copies its input as floats, so a whole D x n
    # matrix would be copied at 4x its size.
    out = np.empty((len(qs), n))
    for start in range(0, n, _QUANTILE_BLOCK):
        cols = slice(start, min(start + _QUANTILE_BLOCK, n))
        out[:, cols] = np.quantile(ranks[:, cols], qs, axis=0, method="inverted_cdf")
    return out


HELD_RANKS = 64 << 20  # bytes of a rank matrix held whole; above this (and 4,000 candidates), two passes


def streamed_quantiles(rank_block, d: int, n: int, k: int, qs=QUANTILES, width: int = 64, per: int = 1,
                       jobs: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """rank_quantiles (np.quantile's inverted CDF) and P(rank <= k) of a D x n rank matrix that
    is never held: `rank_block(a, b)` gives the ranks of draws a..b-1 (asked `per` draws at a time,
    twice each).

    The first pass counts each candidate's ranks in buckets of `width` ranks and finds the bucket
    that holds each quantile; the second counts the ranks inside those buckets only. Memory:
    n x (n / width + len(qs) x width) counts per process, not D x n ranks. Counts are integers, so
    the `jobs` processes' shares add up to the same counts in any order."""
    from .parallel import run_blocks, shared

    cols = np.arange(n, dtype=np.int64)
    buckets = max(1, -(-n // width))
    share = per * max(1, -(-d // (per * max(jobs, 1))))  # one share of whole blocks per process
    shares = -(-d // share) if d else 0
    alloc = shared if jobs > 1 and shares > 1 else np.zeros

    def each_block(start: int, stop: int, count) -> None:
        for a in range(start, stop, per):
            count(rank_block(a, min(a + per, stop)))

    coarse = alloc((max(shares, 1), n, buckets), np.int64)
    top = alloc((max(shares, 1), n), np.int64)

    def first(start: int, stop: int) -> None:
        slot = start // share

        def count(ranks):
            cell = cols[None, :] * buckets + (ranks.astype(np.int64) - 1) // width
            coarse[slot] += np.bincount(cell.ravel(), minlength=n * buckets).reshape(n, buckets)
            top[slot] += (ranks <= k).sum(axis=0)

        each_block(start, stop, count)

    run_blocks(d, share, first, jobs)
    # np.quantile's inverted CDF takes the value at 0-based index ceil(d q - 1), clipped to the sample
    need = [min(max(int(np.ceil(d * q - 1)), 0), d - 1) + 1 for q in qs]
    cum = np.cumsum(coarse.sum(axis=0), axis=1)
    where = [np.argmax(cum >= t, axis=1) for t in need]  # the bucket holding each quantile
    below = [np.where(b > 0, cum[cols, np.maximum(b - 1, 0)], 0) for b in where]
    fine = alloc((max(shares, 1), len(qs), n * width), np.int64)

    def second(start: int, stop: int) -> None:
        slot = start // share

        def count(ranks):
            r = ranks.astype(np.int64) - 1
            for i, b in enumerate(where):
                offset = r - b[None, :] * width
                inside = (offset >= 0) & (offset < width)
                fine[slot, i] += np.bincount((cols[None, :] * width + offset)[inside], minlength=n * width)

        each_block(start, stop, count)

    run_blocks(d, share, second, jobs)
    fine = fine.sum(axis=0)
    out = np.empty((len(qs), n))
    for i, (t, b, before) in enumerate(zip(need, where, below)):
        reached = (before[:, None] + np.cumsum(fine[i].reshape(n, width), axis=1)) >= t
        out[i] = b * width + np.argmax(reached, axis=1) + 1
    return out, top.sum(axis=0) / d if d else np.zeros(n)


def dirichlet_draws(weights: np.ndarray, concentration: float, draws: int, rng: np.random.Generator) -> np.ndarray:
    """D x f weights from Dirichlet(concentration x w) over the families with weight > 0."""
    w = np.asarray(weights, dtype=np.float64)
    active = w > 0
    out = np.zeros((draws, len(w)))
    if active.sum() == 1:
        out[:, active] = 1.0
    elif active.any():
        out[:, active] = rng.dirichlet(concentration * w[active] / w[active].sum(), size=draws)
    return out


def one_at_a_time_weights(weights: np.ndarray, delta: float) -> tuple[list[tuple[int, float]], np.ndarray]:
    """For each family with weight > 0, its weight x (1 + delta) and x (1 - delta), the
    others rescaled so the weights still sum to 1: (family index, change) list and 2f x f matrix."""
    w = np.asarray(weights, dtype=np.float64)
    labels, rows = [], []
    for i in np.flatnonzero(w > 0):
        for change in (+delta, -delta):
            new_i = min(w[i] * (1 + change), 1.0)
            rest = w.sum() - w[i]
            v = w * ((1.0 - new_i) / rest) if rest > 0 else np.zeros_like(w)
            v[i] = new_i if rest > 0 else 1.0
            labels.append((int(i), change))
            rows.append(v / v.sum())
    return labels, np.array(rows).reshape(len(rows), len(w))


class Sensitivity:
    """Monte Carlo and one-at-a-time sensitivity of a Ranking to its family weights.

    Parameters are stored as given; `fit(ranking)` computes, with rows aligned to
    ranking.columns (input row order):
      median_rank_, rank_lo_ (5 %), rank_hi_ (95 %): n floats (actual ranks);
      p_top_: n, share of draws with the candidate in the top `top_k`;
      base_ranks_: n, ranks under the profile's own weights (the ranking's own order);
      oat_: list of OneAtATime, two per family with weight (+delta, -delta);
      weights_: the profile's family weights; families_: their names; draws_: D x f weights.
    The same seed gives the same results.
    """

    def __init__(self, draws: int = 1000, concentration: float = 50.0, top_k: int = 10, seed: int | None = 0,
                 delta: float = 0.2, jobs: int = 1):
        self.draws = draws
        self.concentration = concentration
        self.top_k = top_k
        self.seed = seed
        self.delta = delta
        self.jobs = jobs  # processes ranking the draws (engine.parallel); the results do not depend on it

    def _check_params(self) -> None:
        if int(self.draws) < 1:
            raise ValueError(f"draws must be >= 1; got {self.draws!r}")
        if not self.concentration > 0:
            raise ValueError(f"concentration must be > 0; got {self.concentration!r}")
        if int(self.top_k) < 1:
            raise ValueError(f"top_k must be >= 1; got {self.top_k!r}")
        if not 0 < self.delta < 1:
            raise ValueError(f"delta must be between 0 and 1; got {self.delta!r}")

    def _rank_draws(self, family, eligible, tiebreak, draws: np.ndarray) -> np.ndarray:
        """rank_draws over every draw, in `jobs` processes: each takes whole blocks of the
        kernel's own (so every product has the rows it has in one process: the same bits)."""
        from .parallel import run_blocks, shared

        d, n = len(draws), len(family)
        jobs = int(self.jobs or 1)
        per = max(1, _BLOCK // max(n, 1))  # the kernel's block of draws
        if jobs <= 1 or d <= per:
            return rank_draws(family, eligible, tiebreak, draws)
        ranks = shared((d, n), np.uint16 if n < 65536 else np.int32)
        step = per * max(1, -(-d // (per * 4 * jobs)))  # about four pieces per process, in whole kernel blocks
        run_blocks(d, step, lambda a, b: rank_draws(family, eligible, tiebreak, draws[a:b], out=ranks[a:b]), jobs)
        return ranks

    def fit(self, ranking) -> Sensitivity:
        """Sensitivity of a polex Ranking (its family scores, eligibility, ids and the active
        profile's weights; with --rank-by low/high, the family scores of that end of the range)."""
        scorer = ranking.assessment.scorer_
        result = ranking.result
        rank_by = getattr(scorer, "rank_by", "point")
        family = result.family if rank_by == "point" else scorer.family_at(result.outcomes, rank_by)
        return self.fit_arrays(family, result.eligible, ranking.columns.ids, scorer.weights_, scorer.families_)

    def fit_arrays(self, family: np.ndarray, eligible: np.ndarray, ids: np.ndarray, weights: np.ndarray,
                   families: tuple[str, ...] | list[str] | None = None) -> Sensitivity:
        """The same on plain arrays: family scores (n x f), eligibility (n), ids (n), weights (f)."""
        self._check_params()
        family = np.asarray(family, dtype=np.float64)
        w = np.asarray(weights, dtype=np.float64)
        w = w / w.sum()
        n, f = family.shape
        if w.shape != (f,):
            raise ValueError(f"{len(w)} weights for {f} families")
        eligible = np.asarray(eligible, dtype=bool)
        tiebreak = id_order(ids)
        k = int(self.top_k)
        rng = np.random.default_rng(self.seed)

        self.weights_ = w
        self.families_ = tuple(families) if families is not None else tuple(f"f{i}" for i in range(f))
        self.base_ranks_ = rank_draws(family, eligible, tiebreak, w[None, :])[0]
        self.draws_ = dirichlet_draws(w, float(self.concentration), int(self.draws), rng)
        d = len(self.draws_)
        jobs, width = int(self.jobs or 1), max(1, math.isqrt(n))
        # the counts of two passes (n x (n / width + 3 width) int64 per process, and one more for
        # a block's counts) against the rank matrix (d x n uint16): 10k draws x 10k candidates hold
        # 64 MB of counts, not 200 MB of ranks; 1,000 draws x 60k candidates keep their 120 MB matrix
        counts = 8 * n * (-(-n // width) + len(QUANTILES) * width) * (min(jobs, d) + 1)
        if n > 4000 and d * n * 2 > HELD_RANKS and counts < d * n * 2:
            (self.rank_lo_, self.median_rank_, self.rank_hi_), self.p_top_ = streamed_quantiles(
                lambda a, b: rank_draws(family, eligible, tiebreak, self.draws_[a:b]), d, n, k, QUANTILES, width,
                per=max(1, _BLOCK // n), jobs=jobs)
        else:
            ranks = self._rank_draws(family, eligible, tiebreak, self.draws_)
            self.rank_lo_, self.median_rank_, self.rank_hi_ = rank_quantiles(ranks, QUANTILES)
            self.p_top_ = np.concatenate([(ranks[:, a:a + 4096] <= k).mean(axis=0) for a in range(0, n, 4096)]) \
                if n else np.zeros(0)

        labels, oat_weights = one_at_a_time_weights(w, float(self.delta))
        oat_ranks = rank_draws(family, eligible, tiebreak, oat_weights) if labels else np.zeros((0, n), np.int32)
        base_in = self.base_ranks_ <= k
        self.oat_ = []
        for (i, change), v, r in zip(labels, oat_weights, oat_ranks):
            now_in = r <= k
            self.oat_.append(OneAtATime(self.families_[i], change, v, r, np.flatnonzero(now_in & ~base_in),
                                        np.flatnonzero(base_in & ~now_in)))
        return self
