"""Family weights from pairwise judgements: Saaty's Analytic Hierarchy Process (pure numpy).

A judge says, for each pair of families (i, j), how many times more important i is than j
on Saaty's 1-9 scale; a_ij = that number and a_ji = 1 / a_ij. The weights are the principal
(Perron) eigenvector of the matrix, scaled to sum to 1. Judgements are rarely perfectly
consistent (a_ik = a_ij a_jk), so the result carries Saaty's measure of how far off they are:

- lambda_max: the principal eigenvalue (n for a perfectly consistent matrix, more otherwise);
- consistency index CI = (lambda_max - n) / (n - 1);
- consistency ratio CR = CI / RI(n), RI the mean CI of random reciprocal matrices of size n
  (Saaty's table, below). CR <= 0.1 is Saaty's threshold for acceptable judgements.

The most inconsistent pair is the judgement furthest from what the weights imply: the pair
(i, j), i < j, with the largest |log(a_ij w_j / w_i)|, i.e. the largest factor between the
judgement a_ij and the ratio w_i / w_j. The log makes a judgement too high by 3x and one too
low by 3x count the same, and gives a_ij and a_ji the same deviation. Revising that
judgement towards w_i / w_j lowers the CR most in practice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..models.errors import PolexError

# Saaty's random consistency index RI(n) for n = 1..10 (T. L. Saaty, The Analytic Hierarchy
# Process, McGraw-Hill 1980; the table most references reproduce).
RANDOM_INDEX = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
CR_THRESHOLD = 0.1


class PairwiseError(PolexError):
    """A pairwise matrix that is not square, positive and reciprocal."""


@dataclass(frozen=True)
class AHPResult:
    weights: np.ndarray  # n, sums to 1
    lambda_max: float
    ci: float
    ri: float
    cr: float  # 0 when RI is 0 (n <= 2: always consistent)
    worst_pair: tuple[int, int] | None  # (i, j), i < j; None for n < 3 or a consistent matrix
    worst_judgement: float  # a_ij as given
    worst_implied: float  # w_i / w_j, the judgement that would agree with the weights

    @property
    def consistent(self) -> bool:
        return self.cr <= CR_THRESHOLD


def check_pairwise(matrix, rtol: float = 1e-6) -> np.ndarray:
    """The matrix as float64 after checking it is square, positive, with ones on the diagonal
    and reciprocal (a_ji = 1 / a_ij); raises PairwiseError naming the first bad entry."""
    a = np.asarray(matrix, dtype=np.float64)
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise PairwiseError(f"a pairwise matrix is square; got shape {a.shape}")
    if not np.isfinite(a).all() or (a <= 0).any():
        i, j = np.argwhere(~np.isfinite(a) | (a <= 0))[0]
        raise PairwiseError(f"entry ({i}, {j}) is {a[i, j]!r}; judgements are positive numbers")
    if not np.allclose(np.diag(a), 1.0, rtol=rtol, atol=0):
        i = int(np.flatnonzero(~np.isclose(np.diag(a), 1.0, rtol=rtol, atol=0))[0])
        raise PairwiseError(f"diagonal entry ({i}, {i}) is {a[i, i]!r}; an element compared with itself is 1")
    bad = ~np.isclose(a * a.T, 1.0, rtol=rtol, atol=0)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise PairwiseError(f"entries ({i}, {j}) = {a[i, j]:g} and ({j}, {i}) = {a[j, i]:g} are not reciprocal")
    return a


def random_index(n: int) -> float:
    if n < 1:
        raise PairwiseError("no elements to compare")
    if n > len(RANDOM_INDEX):
        raise PairwiseError(f"Saaty's random index is tabulated up to n = {len(RANDOM_INDEX)}; got n = {n}")
    return RANDOM_INDEX[n - 1]


def principal_eigenvector(a: np.ndarray) -> tuple[np.ndarray, float]:
    """The Perron eigenvector (positive, summing to 1) and eigenvalue of a positive matrix."""
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    w = np.abs(vectors[:, k].real)  # the Perron vector has one sign; abs removes eig's arbitrary one
    return w / w.sum(), float(values[k].real)


def ahp(matrix) -> AHPResult:
    """Weights, lambda_max, CI, RI, CR and the most inconsistent pair of a pairwise matrix."""
    a = check_pairwise(matrix)
    n = a.shape[0]
    ri = random_index(n)
    w, lam = principal_eigenvector(a)
    ci = max((lam - n) / (n - 1), 0.0) if n > 1 else 0.0  # lambda_max >= n; clip float noise
    cr = ci / ri if ri > 0 else 0.0
    worst, judged, implied = None, float("nan"), float("nan")
    if n >= 3:
        dev = np.abs(np.log(a * w[None, :] / w[:, None]))
        dev[np.tril_indices(n)] = -1.0
        i, j = np.unravel_index(int(np.argmax(dev)), dev.shape)
        if dev[i, j] > 1e-9:
            worst, judged, implied = (int(i), int(j)), float(a[i, j]), float(w[i] / w[j])
    return AHPResult(w, lam, ci, ri, cr, worst, judged, implied)


def reciprocal_matrix(n: int, judgements: dict[tuple[int, int], float]) -> np.ndarray:
    """A full reciprocal matrix from judgements a_ij for i != j (each unordered pair once).

    Raises PairwiseError for a missing pair, a pair given twice, or a non-positive value.
    """
    a = np.eye(n)
    seen: set[tuple[int, int]] = set()
    for (i, j), v in judgements.items():
        if i == j:
            raise PairwiseError(f"element {i} compared with itself")
        key = (min(i, j), max(i, j))
        if key in seen:
            raise PairwiseError(f"pair {key} is judged twice")
        if not (v > 0 and np.isfinite(v)):
            raise PairwiseError(f"pair ({i}, {j}): judgement {v!r} is not a positive number")
        seen.add(key)
        a[i, j], a[j, i] = v, 1.0 / v
    missing = [(i, j) for i in range(n) for j in range(i + 1, n) if (i, j) not in seen]
    if missing:
        raise PairwiseError(f"missing judgements for pairs {missing}")
    return a
