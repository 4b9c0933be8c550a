"""The exact 0-1 solve behind `polex portfolio` (engine.portfolio builds the problem; this
module proves its optimum). Pure: no files, no printing (HiGHS's own printing is kept off fd 1).

What "proven optimal" means: HiGHS (scipy.optimize.milp) runs with relative gap 0 and absolute gap
ABS_GAP, so no portfolio that meets the constraints has an objective higher than the one returned
by more than ABS_GAP (1e-6 of a score point, or of an expected success). A row counts as met
within FEAS_TOL of its limit, the solver's own feasibility tolerance; polex checks every vector
the solver returns against every constraint before it is used.

`solve_x` takes a problem with `ids`, `value`, `available` and `groups` (each with a row block
`A`, `lo`, `hi` and/or `force_in`, `force_out` indices), as engine.portfolio builds it.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from ..models.errors import PolexError

# What "proven optimal" means: no portfolio's objective is higher than the one returned by more than
# this (HiGHS's absolute gap; the relative gap is 0). Scores are shown to 0.01 of a point.
ABS_GAP = 1e-6
# A row is met when it is within this of its limit (the solver's own feasibility tolerance).
FEAS_TOL = 1e-6
# The quick first portfolio (step 3 of solve_x): the 0/1 problem on this many candidates with the
# best reduced profit (at least CORE_MIN, CORE_PER_ROW per row that can bind), for at most
# CORE_SECONDS. Only speed depends on these: the result is exact whatever they are.
CORE_MIN, CORE_PER_ROW, CORE_SECONDS = 256, 2, 2.0
# The search after fixing: up to PHASES searches, the first of PHASE_SECONDS and each next one twice
# as long, each followed by fixing again with the best portfolio found so far; then, if none has
# proved the optimum, HiGHS on the whole problem to the end (speed only, as above).
PHASES, PHASE_SECONDS = 2, 5.0


class PortfolioError(PolexError):
    """The constraints cannot be met (or name something that is not there)."""

    def __init__(self, message: str, conflict: list[str] | None = None):
        self.conflict = conflict or []
        super().__init__(message)


@contextmanager
def _quiet():
    """HiGHS prints some diagnostics straight to file descriptor 1; keep them off polex's output."""
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError, AttributeError):
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


@dataclass
class Solution:
    x: np.ndarray  # 0/1 in id order
    proven: bool  # optimality proven (within ABS_GAP), or stopped at the time limit with the best found
    gap: float  # relative gap between the best found and the proven bound (0 when proven)
    bound: float  # the proven upper bound on the objective


@dataclass
class Reduced:
    """The model the solver sees: only the candidates still free, the rows that can still bind."""

    free: np.ndarray  # indices (id order) of the free candidates: the solver's columns
    fixed: np.ndarray  # n bool: chosen whatever the solver does (must-include)
    A: object  # sparse rows over the free columns
    lo: np.ndarray
    hi: np.ndarray


def _bounds(problem, groups: list) -> tuple[np.ndarray, np.ndarray]:
    lo = np.zeros(len(problem.ids))
    hi = problem.available.astype(np.float64)
    for g in groups:
        if g.force_out is not None:
            hi[g.force_out] = 0.0
    for g in groups:
        if g.force_in is not None:
            lo[g.force_in] = 1.0
    return lo, hi


def reduce(problem, groups: list) -> Reduced | None:
    """The exact reductions made before the solver (None: the constraints cannot be met).

    Each keeps the set of feasible portfolios, so the optimum is unchanged:
      - a left-out or excluded candidate is no column (its x is 0); a must-include is no column
        either (its x is 1) and what it uses comes off each row's limits;
      - a candidate that alone uses more than what is left of a limit on a row whose
        coefficients are all >= 0 (budget, a capacity, a cap per value, the project count) can
        never be chosen, so it is no column; this repeats until nothing more drops out;
      - such a row that all free candidates together cannot exceed can never bind, so the solver
        does not see it (a cap per value with no more candidates than the cap, a budget larger
        than the cost of everything left): the rows left are the ones that can bind.
    A row whose limits cannot be met even with every free candidate at its best returns None.
    """
    from scipy.sparse import csr_array, vstack

    lo, hi = _bounds(problem, groups)
    if (lo > hi).any():
        return None
    fixed = lo > 0.5
    free = hi > lo
    rows = [g for g in groups if g.A is not None and g.A.shape[0]]
    if not rows:
        return Reduced(np.flatnonzero(free), fixed, None, np.zeros(0), np.zeros(0))
    A = vstack([csr_array(g.A) for g in rows]).tocsr()
    rlo = np.concatenate([g.lo for g in rows]).astype(np.float64)
    rhi = np.concatenate([g.hi for g in rows]).astype(np.float64)
    used = A @ fixed.astype(np.float64)
    rlo, rhi = rlo - used, rhi - used
    packing = _row_extreme(A, np.minimum) >= 0  # every coefficient >= 0: a candidate can only use up room
    row_of = np.repeat(np.arange(A.shape[0]), np.diff(A.indptr))  # the row of each stored coefficient
    while True:
        on = free[A.indices]  # coefficients of free candidates
        low = np.bincount(row_of[on], np.minimum(A.data[on], 0.0), minlength=A.shape[0])
        high = np.bincount(row_of[on], np.maximum(A.data[on], 0.0), minlength=A.shape[0])
        if (low > rhi + FEAS_TOL).any() or (high < rlo - FEAS_TOL).any():
            return None
        room = np.where(packing, rhi, np.inf) + FEAS_TOL
        too_big = on & (A.data > room[row_of])
        drop = np.zeros(len(free), dtype=bool)
        drop[A.indices[too_big]] = True
        if not drop.any():
            break
        free &= ~drop
    keep = (high > rhi + FEAS_TOL) | (low < rlo - FEAS_TOL)  # the rows that can still bind
    free_idx = np.flatnonzero(free)
    return Reduced(free_idx, fixed, A[np.flatnonzero(keep)][:, free_idx], rlo[keep], rhi[keep])


def _row_extreme(A, ufunc) -> np.ndarray:
    """Per row of a CSR matrix, ufunc.reduce of its stored coefficients (0 for an empty row)."""
    out = np.zeros(A.shape[0])
    nonempty = np.diff(A.indptr) > 0
    if nonempty.any():
        out[nonempty] = ufunc.reduceat(A.data, A.indptr[:-1][nonempty])
    return out


def _feasible(problem, groups: list, x: np.ndarray) -> bool:
    """Whether a 0/1 vector meets every group (checked by polex, not taken from the solver)."""
    lo, hi = _bounds(problem, groups)
    if (x < lo - 0.5).any() or (x > hi + 0.5).any():
        return False
    xf = x.astype(np.float64)
    for g in groups:
        if g.A is not None and g.A.shape[0]:
            used = np.asarray(g.A @ xf).ravel()
            if (used > g.hi + FEAS_TOL).any() or (used < g.lo - FEAS_TOL).any():
                return False
    return True


def _milp(c: np.ndarray, A, lo: np.ndarray, hi: np.ndarray, time_limit: float | None):
    """HiGHS (scipy.optimize.milp) on 0/1 columns: minimise c x, lo <= A x <= hi; relative gap 0,
    absolute gap ABS_GAP."""
    import warnings

    from scipy.optimize import Bounds, LinearConstraint, milp

    constraints = [LinearConstraint(A, lo, hi)] if A is not None and A.shape[0] else []
    options = {"mip_rel_gap": 0.0, "mip_abs_gap": ABS_GAP, "disp": False}
    if time_limit is not None:
        options["time_limit"] = max(float(time_limit), 0.01)
    with _quiet(), warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Unrecognized options", RuntimeWarning)  # mip_abs_gap goes to HiGHS as is
        return milp(c, integrality=np.ones(len(c)), bounds=Bounds(0.0, 1.0), constraints=constraints, options=options)


def _lp_bound(v: np.ndarray, A, lo: np.ndarray, hi: np.ndarray) -> tuple[float, np.ndarray] | None:
    """The LP relaxation's bound in a form that holds for every 0/1 x meeting the rows.

    With multipliers y >= 0 on the rows written G x <= h (the LP's duals, sign-clipped), every
    x in [0, 1] meeting them has v x <= y h + sum_j max(d_j, 0), d = v - G'y (weak duality; it
    holds for any such y, so rounding in the duals cannot make it wrong: it is recomputed here).
    Returns (that bound, d), or None when the relaxation has no solution (nor has the 0/1 problem).
    A relaxation the LP solver cannot settle gives (inf, zeros): no bound, nothing to fix.
    """
    import warnings

    from scipy.optimize import linprog
    from scipy.sparse import vstack

    up, down = np.flatnonzero(np.isfinite(hi)), np.flatnonzero(np.isfinite(lo))
    G = vstack([A[up], -A[down]]).tocsr()
    h = np.concatenate([hi[up], -lo[down]])
    with _quiet(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = linprog(-v, A_ub=G, b_ub=h, bounds=(0.0, 1.0), method="highs")
    if res.status == 2:
        return None
    if res.status != 0 or res.ineqlin is None:
        return np.inf, np.zeros(len(v))
    y = np.maximum(-np.asarray(res.ineqlin.marginals, dtype=np.float64), 0.0)
    d = v - G.T @ y
    return float(y @ h + np.maximum(d, 0.0).sum()), d


def solve_x(problem, value: np.ndarray | None = None, groups: list | None = None,
            feasibility: bool = False, time_limit: float | None = None,
            start: np.ndarray | None = None) -> Solution | None:
    """The optimal 0/1 vector (id order), or None if the constraints cannot be met.

    Optimal means proven by HiGHS's branch and bound with relative gap 0 and absolute gap
    ABS_GAP: no portfolio's objective exceeds the returned one by more than ABS_GAP (1e-6 of a
    score point, or of an expected success). `start` (optional, id order) is a portfolio known to
    meet the constraints, e.g. the one chosen before a weight draw: a lower bound to begin with.

    The steps, each exact:
      1. `reduce`: leave out what can never be chosen, fix the must-includes, drop rows that
         cannot bind.
      2. The LP relaxation gives a bound UB and, per candidate, d_j: choosing j caps the total at
         UB + d_j (d_j < 0), leaving it out caps it at UB - d_j (d_j > 0).
      3. A good portfolio, fast: the 0/1 problem on the few hundred candidates with the largest
         d_j (its value z is reached; `start` may give a better one).
      4. Reduced-cost fixing: a candidate with UB + d_j < z can be in no portfolio better than z,
         so it is left out of the search; one with UB - d_j < z is in every such portfolio, so it
         is fixed in. Typically a few dozen candidates of 10,000 are left.
      5. HiGHS solves what is left; its optimum is the optimum of the whole problem. A search
         not done in its time (PHASE_SECONDS, then twice that) hands over its best portfolio and
         step 4 is done again with it; after PHASES such searches, HiGHS gets the whole problem
         and runs to the proof or the time limit (the hard cases: see the comment in the code).
    The vector returned is checked against every constraint here before it is used.
    """
    import time

    began = time.perf_counter()

    def left() -> float | None:
        return None if time_limit is None else float(time_limit) - (time.perf_counter() - began)

    groups = problem.groups if groups is None else groups
    v = np.asarray(problem.value if value is None else value, dtype=np.float64)
    model = reduce(problem, groups)
    if model is None:
        return None
    x = model.fixed.copy()
    free = model.free
    base = float(v[x].sum())
    if model.A is None or model.A.shape[0] == 0:  # nothing left that can bind: take every free one worth anything
        x[free] = False if feasibility else v[free] > 0
        return Solution(x, True, 0.0, float(v[x].sum())) if _feasible(problem, groups, x) else None
    A = model.A.tocsr()
    vf = v[free]
    if feasibility:  # the deletion filter's question: can the rows be met at all?
        if _feasible(problem, groups, x):  # nothing but the must-includes (every row but a minimum is met by it)
            return Solution(x, True, 0.0, base)
        if _lp_bound(np.zeros(len(free)), A, model.lo, model.hi) is None:
            return None  # not even the relaxation can meet them
        res = _milp(np.zeros(len(free)), A, model.lo, model.hi, left())
        if res.x is None:
            if res.status == 2:
                return None
            raise PortfolioError(_stopped(res, time_limit))
        x[free] = res.x > 0.5
        return Solution(x, True, 0.0, float(v[x].sum())) if _feasible(problem, groups, x) else None

    lp = _lp_bound(vf, A, model.lo, model.hi)
    if lp is None:
        return None  # not even the relaxation can meet the rows
    ub, d = lp
    best = None  # (value over the free columns, 0/1 over the free columns)
    if start is not None and _feasible(problem, groups, np.asarray(start, dtype=bool)):
        xs = np.asarray(start, dtype=bool)[free]
        best = (float(vf[xs].sum()), xs)
    core_size = max(CORE_MIN, CORE_PER_ROW * A.shape[0])
    if np.isfinite(ub) and len(free) > 2 * core_size:
        core = np.sort(np.argsort(-d, kind="stable")[:core_size])
        limit = left()
        res = _milp(-vf[core], A[:, core], model.lo, model.hi, CORE_SECONDS if limit is None else
                    min(CORE_SECONDS, max(limit / 4, 0.01)))
        if res.x is not None:
            xs = np.zeros(len(free), dtype=bool)
            xs[core] = res.x > 0.5
            if best is None or vf[xs].sum() > best[0]:
                best = (float(vf[xs].sum()), xs)

    def fixing(best):
        """(candidates left to search, candidates fixed in) given the best portfolio so far."""
        if best is None or not np.isfinite(ub):
            return np.arange(len(free)), np.zeros(0, dtype=np.int64)
        margin = 1e-9 * (abs(ub) + np.abs(vf).sum()) + ABS_GAP
        out = (d < 0) & (ub + d < best[0] - margin)
        into = (d > 0) & (ub - d < best[0] - margin)
        return np.flatnonzero(~out & ~into), np.flatnonzero(into)

    # Search what is left, in short searches: one not done within its time (PHASE_SECONDS, then
    # twice as long) stops, hands over the best portfolio it found, and the fixing is done again
    # with it; a better portfolio fixes more candidates, and a search over fewer is shorter.
    # Problems that are still not solved then are the hard ones (several capacities make a
    # multi-dimensional knapsack): those go to HiGHS whole (`reduce`'s model, nothing fixed), which
    # proved such problems sooner than a search over the candidates left after fixing did (HiGHS
    # restarts itself as its own portfolios improve). That search runs to the proof or the limit.
    rest, ones = fixing(best)
    res = None
    for phase in range(PHASES + 1):
        limit = left()
        if phase == PHASES or best is None:  # the last search: the whole problem
            rest, ones = np.arange(len(free)), np.zeros(0, dtype=np.int64)
            res = _milp(-vf, A, model.lo, model.hi, limit)
            break
        span = PHASE_SECONDS * 2 ** phase
        run = span if limit is None else min(span, limit)
        lo_r, hi_r = model.lo - A[:, ones] @ np.ones(len(ones)), model.hi - A[:, ones] @ np.ones(len(ones))
        res = _milp(-vf[rest], A[:, rest], lo_r, hi_r, run) if len(rest) else None
        if res is None or res.status != 1 or (limit is not None and run >= limit):
            break  # proven (or nothing left to search), or the time limit
        if res.x is not None:  # stopped at its time with a portfolio: keep the better one
            xs = np.zeros(len(free), dtype=bool)
            xs[ones] = True
            xs[rest] = res.x > 0.5
            if vf[xs].sum() > best[0]:
                best = (float(vf[xs].sum()), xs)
        rest, ones = fixing(best)
    proven, bound = True, None
    xs = np.zeros(len(free), dtype=bool)
    xs[ones] = True
    if res is None:  # every candidate fixed: the portfolio found is the optimum
        xs = best[1] if best is not None else xs
    elif res.x is None:
        if res.status == 2 and best is None:
            return None
        if res.status == 2 or best is None:
            raise PortfolioError(_stopped(res, time_limit))
        xs, proven = best[1], False  # the time limit, before the search beat the portfolio found first
        bound = base + float(vf[ones].sum()) - _dual_bound(res)
    else:
        xs[rest] = res.x > 0.5
        if best is not None and best[0] > vf[xs].sum():
            xs = best[1]
        if res.status != 0:
            proven = False
            bound = base + float(vf[ones].sum()) - _dual_bound(res)
    x[free] = xs
    if not _feasible(problem, groups, x):
        raise PortfolioError("the solver returned a portfolio that breaks a constraint (numerical trouble); "
                             "please report this with the input")
    total = float(v[x].sum())
    if proven:
        return Solution(x, True, 0.0, total)
    if bound is None or not np.isfinite(bound):
        bound = base + ub
    bound = max(bound, total)
    return Solution(x, False, float((bound - total) / max(abs(bound), 1e-12)), bound)


def _dual_bound(res) -> float:
    """HiGHS's proven bound on the minimised objective (nan if it stopped before it had one)."""
    bound = getattr(res, "mip_dual_bound", None)
    return float(bound) if bound is not None else float("nan")


def _stopped(res, time_limit: float | None) -> str:
    if res.status == 1:
        return (f"the solver found no portfolio within the time limit ({time_limit:g} s); raise --time-limit"
                if time_limit else "the solver stopped at a limit before it found a portfolio")
    return f"the solver stopped: {res.message}"
