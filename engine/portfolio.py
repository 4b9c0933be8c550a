"""A portfolio: the set of candidates that maximises the total score (or, with a profile
calibrated on outcomes, the expected number of successes) under a planner's constraints, solved
exactly as a 0-1 mixed-integer programme (HiGHS through `scipy.optimize.milp`), never by a greedy
heuristic.

Variables x_i in {0, 1}: candidate i is chosen. Objective: maximise sum v_i x_i, v the ranking
key (point score by default), or P(success) of that score under the profile's calibrated mapping
(`objective_for`). Constraints, each a named group so an infeasible set can be reported by name:

  budget         sum cost_i x_i <= B            (cost field, default budget_usd_m)
  capacity:F     sum F_i x_i <= L               (any numeric field, e.g. trained_officials)
  max_per:G      sum_{i: G_i = g} x_i <= N      for every value g of G (country, region, field...)
  max_count      sum x_i <= N
  min_strategic  sum_{i: strategic_country_i} x_i >= K
  include:ID     x_ID = 1
  exclude        x_i = 0 for the listed ids

Availability before any constraint: an ineligible candidate (a gate is true) is left out; so is
one whose value in a constrained field is unknown (unknown is never zero), unless a cost is
assumed for unknown costs. Every candidate left out carries its reason.

Exact, and what that means: HiGHS runs with relative gap 0 and absolute gap ABS_GAP = 1e-6, so
a portfolio reported as proven optimal has an objective no portfolio meeting the constraints
beats by more than 1e-6 (of a score point, or of an expected success); scores are shown to 0.01.
A solve stopped by the time limit says so (`proven` false, with its gap and bound). Before HiGHS
searches, `solve_x` removes what provably cannot change the optimum: candidates that can never be
chosen, rows that can never bind, and (reduced-cost fixing against the LP bound and a first
portfolio) candidates that no better portfolio can contain or leave out; see `solve_x`. Its
speed still depends on the constraints: several capacities with unrelated random coefficients
(a multi-dimensional knapsack) can take minutes to prove, however quickly the optimum is found.

Infeasible constraints are explained by a deletion filter over the groups: drop a group; if
the rest is still infeasible it was not needed for the conflict, so it stays dropped. What
remains is an irreducible conflicting set: removing any one of its groups makes a portfolio
possible.

Robustness: the same problem is re-solved with the objective re-scored under Dirichlet weight
draws centred on the profile (`sensitivity.dirichlet_draws`); per chosen candidate, the share
of draws in which it is still chosen.

Rows are put in id order before solving, so the same candidates in another file order give the
same portfolio. Pure: no files, no printing.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from ..models.errors import PolexError

DEFAULT_COST_FIELD = "budget_usd_m"
STRATEGIC_FIELD = "strategic_country"
_TOL = 1e-6
# What "proven optimal" means: no portfolio's objective is higher than the one returned by more than
# this (HiGHS's absolute gap; the relative gap is 0). Scores are shown to 0.01 of a point.
ABS_GAP = 1e-6
# A row is met when it is within this of its limit (the solver's own feasibility tolerance).
FEAS_TOL = 1e-6
# The quick first portfolio (step 3 of solve_x): the 0/1 problem on this many candidates with the
# best reduced profit (at least CORE_MIN, CORE_PER_ROW per row that can bind), for at most
# CORE_SECONDS. Only speed depends on these: the result is exact whatever they are.
CORE_MIN, CORE_PER_ROW, CORE_SECONDS = 256, 2, 2.0


class PortfolioError(PolexError):
    """The constraints cannot be met (or name something that is not there)."""

    def __init__(self, message: str, conflict: list[str] | None = None):
        self.conflict = conflict or []
        super().__init__(message)


@dataclass
class Spec:
    """What a planner asks for. Empty means unconstrained."""

    budget: float | None = None
    cost_field: str = DEFAULT_COST_FIELD
    assume_cost: float | None = None
    capacity: dict[str, float] = field(default_factory=dict)  # numeric field -> limit
    max_per: dict[str, int] = field(default_factory=dict)  # grouping field -> at most N per value
    max_count: int | None = None
    min_strategic: int | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def describe(self) -> list[str]:
        out = []
        if self.budget is not None:
            out.append(f"total {self.cost_field} <= {self.budget:g}")
        out += [f"total {f} <= {v:g}" for f, v in self.capacity.items()]
        out += [f"at most {n} per {f}" for f, n in self.max_per.items()]
        if self.max_count is not None:
            out.append(f"at most {self.max_count} projects")
        if self.min_strategic is not None:
            out.append(f"at least {self.min_strategic} strategic-country projects")
        out += [f"must include {i}" for i in self.include]
        if self.exclude:
            out.append("must exclude " + ", ".join(self.exclude))
        return out


@dataclass
class Group:
    """One named constraint: rows A x in [lo, hi] and/or variables forced in or out."""

    name: str  # stable key: budget, capacity:F, max_per:G, max_count, min_strategic, include:ID, exclude
    text: str  # what a planner reads
    A: object = None  # k x n: dense, or sparse (scipy csr_array) for max_per, one row per value
    lo: np.ndarray | None = None
    hi: np.ndarray | None = None
    values: tuple[str, ...] = ()  # for max_per: the value of each row
    force_in: np.ndarray | None = None
    force_out: np.ndarray | None = None


@dataclass
class Problem:
    """The MILP in id order: objective values, availability, and the constraint groups."""

    ids: np.ndarray  # n, id order
    value: np.ndarray  # n, what each candidate adds to the objective (its score, or its P(success))
    available: np.ndarray  # n bool
    reason: np.ndarray  # n object: why a candidate is left out ('' if available)
    groups: list[Group]
    row: np.ndarray  # n: input row of each id-ordered candidate
    cost: np.ndarray  # n: cost as used (assumed where unknown and assumed), nan if unknown
    score: np.ndarray | None = None  # n: the score, when the objective is not the score itself
    objective: str = "score"  # score | successes


@dataclass
class ConstraintReport:
    name: str
    text: str
    used: float
    limit: float
    slack: float
    binding: bool
    detail: str = ""


@dataclass
class Portfolio:
    """The solution, rows in input order."""

    chosen: np.ndarray  # n bool
    status: np.ndarray  # n object: chosen | not_chosen | left_out
    reason: np.ndarray  # n object: why left out
    value: np.ndarray  # n, each candidate's score
    cost: np.ndarray  # n, cost used (nan if unknown)
    total_value: float  # the chosen set's total score
    total_cost: float
    constraints: list[ConstraintReport]
    stay: np.ndarray | None = None  # n: share of weight draws in which the candidate is chosen
    draws: int = 0
    solve_seconds: float = 0.0
    proven: bool = True  # False: stopped at the time limit; `gap` and `bound` say how far it can be
    gap: float = 0.0
    bound: float = 0.0
    draws_unproven: int = 0  # weight draws whose re-solve stopped at the time limit (best found counted)
    objective: str = "score"  # what was maximised: score (total score) | successes (expected successes)
    prob: np.ndarray | None = None  # n: P(success) of each candidate (objective successes)
    total_successes: float | None = None  # the chosen set's expected number of successes (sum of prob)

    @property
    def count(self) -> int:
        return int(self.chosen.sum())


def _numeric(columns, name: str) -> tuple[np.ndarray, np.ndarray]:
    col = columns[name]
    return np.asarray(col.values, dtype=np.float64), np.asarray(col.known, dtype=bool)


def build(columns, value: np.ndarray, eligible: np.ndarray, spec: Spec, gate_text: np.ndarray | None = None,
          score: np.ndarray | None = None, objective: str = "score") -> Problem:
    """The problem for typed candidate columns, their objective values and eligibility (with
    `objective` "successes", `value` is each candidate's probability of success and `score` its score)."""
    from scipy.sparse import csr_array

    ids_in = np.asarray(columns.ids).astype(str)
    row = np.argsort(ids_in, kind="stable")
    n = len(row)
    ids = ids_in[row]
    value = np.asarray(value, dtype=np.float64)[row]
    available = np.asarray(eligible, dtype=bool)[row].copy()
    reason = np.full(n, "", dtype=object)
    if gate_text is not None:
        reason[~available] = np.asarray(gate_text, dtype=object)[row][~available]
    reason[~available & (reason == "")] = "ineligible"
    groups: list[Group] = []

    def leave_out(mask: np.ndarray, why: str) -> None:
        hit = mask & available
        reason[hit] = why
        available[hit] = False

    cost_v, cost_k = _numeric(columns, spec.cost_field)
    cost_v, cost_k = cost_v[row], cost_k[row]
    cost = np.where(cost_k, cost_v, np.nan)
    if spec.assume_cost is not None:
        cost = np.where(cost_k, cost_v, float(spec.assume_cost))
    if spec.budget is not None:
        leave_out(np.isnan(cost), f"{spec.cost_field} unknown (give --assume-cost to include it)")
        groups.append(Group("budget", f"total {spec.cost_field} <= {spec.budget:g}",
                            np.nan_to_num(cost)[None, :], np.array([-np.inf]), np.array([float(spec.budget)])))
    for name, limit in spec.capacity.items():
        v, k = _numeric(columns, name)
        v, k = v[row], k[row]
        leave_out(~k, f"{name} unknown (capacity on {name})")
        groups.append(Group(f"capacity:{name}", f"total {name} <= {limit:g}", np.where(k, v, 0.0)[None, :],
                            np.array([-np.inf]), np.array([float(limit)])))
    for name, cap in spec.max_per.items():
        col = columns[name]
        known = np.asarray(col.known, dtype=bool)[row]
        leave_out(~known, f"{name} unknown (at most {cap} per {name})")
        codes = np.asarray(col.values)[row]
        keys = np.where(known, codes.astype(str), "")
        distinct = sorted(set(keys[known & available].tolist()))
        # One row per value (sparse: a field such as partner_city may have thousands of values).
        code_of = {g: k for k, g in enumerate(distinct)}
        cols = np.flatnonzero(known & np.isin(keys, distinct))
        A = csr_array((np.ones(len(cols)), (np.array([code_of[k] for k in keys[cols].tolist()], dtype=np.int64),
                                            cols)), shape=(len(distinct), n))
        labels = tuple(_value_label(col, name, g) for g in distinct)
        groups.append(Group(f"max_per:{name}", f"at most {cap} per {name}", A, np.full(len(distinct), -np.inf),
                            np.full(len(distinct), float(cap)), values=labels))
    if spec.max_count is not None:
        groups.append(Group("max_count", f"at most {spec.max_count} projects", np.ones((1, n)),
                            np.array([-np.inf]), np.array([float(spec.max_count)])))
    if spec.min_strategic is not None:
        col = columns[STRATEGIC_FIELD]
        strategic = (np.asarray(col.known, dtype=bool) & np.asarray(col.values, dtype=bool))[row]
        groups.append(Group("min_strategic", f"at least {spec.min_strategic} strategic-country projects",
                            strategic.astype(np.float64)[None, :], np.array([float(spec.min_strategic)]),
                            np.array([np.inf])))
    position = {i: p for p, i in enumerate(ids.tolist())}
    for cid in spec.include:
        if cid not in position:
            raise PortfolioError(f"must include {cid}: no candidate with id {cid!r} in the file",
                                 [f"must include {cid}"])
        groups.append(Group(f"include:{cid}", f"must include {cid}", force_in=np.array([position[cid]])))
    if spec.exclude:
        missing = [c for c in spec.exclude if c not in position]
        if missing:
            raise PortfolioError(f"must exclude: no candidate with id {missing[0]!r} in the file",
                                 [f"must exclude {missing[0]}"])
        groups.append(Group("exclude", "must exclude " + ", ".join(spec.exclude),
                            force_out=np.array([position[c] for c in spec.exclude])))
    for cid in spec.include:  # a must-include that cannot be chosen at all is named at once
        p = position[cid]
        if not available[p]:
            raise PortfolioError(f"must include {cid} cannot be met: {cid} is left out ({reason[p]})",
                                 [f"must include {cid}"])
    if score is not None:
        score = np.asarray(score, dtype=np.float64)[row]
    return Problem(ids, value, available, reason, groups, row, cost, score, objective)


def _value_label(col, name: str, code: str) -> str:
    from ..models.vocabulary import ENUM, FIELD_BY_NAME, ORDINAL

    spec = FIELD_BY_NAME.get(name)
    if spec is not None and spec.kind in (ENUM, ORDINAL):
        return spec.values[int(code)]
    return code


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


def _bounds(problem: Problem, groups: list[Group]) -> tuple[np.ndarray, np.ndarray]:
    lo = np.zeros(len(problem.ids))
    hi = problem.available.astype(np.float64)
    for g in groups:
        if g.force_out is not None:
            hi[g.force_out] = 0.0
    for g in groups:
        if g.force_in is not None:
            lo[g.force_in] = 1.0
    return lo, hi


def reduce(problem: Problem, groups: list[Group]) -> Reduced | None:
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


def _feasible(problem: Problem, groups: list[Group], x: np.ndarray) -> bool:
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


def solve_x(problem: Problem, value: np.ndarray | None = None, groups: list[Group] | None = None,
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
      5. HiGHS solves what is left; its optimum is the optimum of the whole problem.
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
    rest = np.arange(len(free))
    ones = np.zeros(0, dtype=np.int64)
    if best is not None and np.isfinite(ub):
        margin = 1e-9 * (abs(ub) + np.abs(vf).sum()) + ABS_GAP
        out = (d < 0) & (ub + d < best[0] - margin)
        into = (d > 0) & (ub - d < best[0] - margin)
        rest, ones = np.flatnonzero(~out & ~into), np.flatnonzero(into)
    lo_r, hi_r = model.lo - A[:, ones] @ np.ones(len(ones)), model.hi - A[:, ones] @ np.ones(len(ones))
    res = _milp(-vf[rest], A[:, rest], lo_r, hi_r, left()) if len(rest) else None
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
        bound = base + float(vf[ones].sum()) - float(getattr(res, "mip_dual_bound", np.nan))
    else:
        xs[rest] = res.x > 0.5
        if best is not None and best[0] > vf[xs].sum():
            xs = best[1]
        if res.status != 0:
            proven = False
            bound = base + float(vf[ones].sum()) - float(getattr(res, "mip_dual_bound", np.nan))
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


def _stopped(res, time_limit: float | None) -> str:
    if res.status == 1:
        return (f"the solver found no portfolio within the time limit ({time_limit:g} s); raise --time-limit"
                if time_limit else "the solver stopped at a limit before it found a portfolio")
    return f"the solver stopped: {res.message}"


def conflict(problem: Problem) -> list[Group]:
    """An irreducible set of constraint groups that cannot be met together (deletion filter)."""
    keep = list(problem.groups)
    for g in list(keep):
        rest = [h for h in keep if h is not g]
        if solve_x(problem, groups=rest, feasibility=True) is None:
            keep = rest
    return keep


def _explain_conflict(problem: Problem, groups: list[Group]) -> str:
    if not groups:
        return "no portfolio is possible"
    if len(groups) == 1:
        g = groups[0]
        extra = ""
        if g.name == "min_strategic" and g.A is not None:
            extra = f" (only {int((g.A[0] * problem.available).sum())} eligible strategic-country candidates " \
                    "are available)"
        return f"{g.text} cannot be met{extra}"
    return ("these constraints cannot all be met together: " + "; ".join(g.text for g in groups)
            + " (dropping any one of them makes a portfolio possible)")


def _report(problem: Problem, x: np.ndarray) -> list[ConstraintReport]:
    out = []
    xf = x.astype(np.float64)
    unchosen = problem.available & ~x
    for g in problem.groups:
        if g.A is not None:
            used = g.A @ xf
            if g.name.startswith("max_per:"):
                at_cap = [g.values[k] for k in range(len(used)) if used[k] >= g.hi[k] - _TOL]
                top = float(used.max()) if len(used) else 0.0
                limit = float(g.hi[0]) if len(g.hi) else 0.0
                detail = ("at the cap: " + ", ".join(at_cap)) if at_cap else ""
                out.append(ConstraintReport(g.name, g.text, top, limit, limit - top, bool(at_cap), detail))
                continue
            used_v = float(used[0])
            if np.isfinite(g.hi[0]):
                limit = float(g.hi[0])
                slack = limit - used_v
                # At its limit, or no candidate left that counts toward it still fits.
                counts = unchosen & (g.A[0] > 0)
                blocked = bool(counts.any()) and bool((g.A[0][counts] > slack + _TOL).all())
                binding = slack <= _TOL * max(1.0, abs(limit)) or blocked
            else:
                limit = float(g.lo[0])
                slack = used_v - limit
                binding = slack <= _TOL
            out.append(ConstraintReport(g.name, g.text, used_v, limit, slack, binding))
        else:
            forced = g.force_in if g.force_in is not None else g.force_out
            k = len(forced)
            out.append(ConstraintReport(g.name, g.text, float(k), float(k), 0.0, True))
    return out


def solve(problem: Problem, family: np.ndarray | None = None, weights: np.ndarray | None = None, draws: int = 0,
          concentration: float = 50.0, seed: int | None = 0, time_limit: float | None = None,
          objective_of=None) -> Portfolio:
    """Solve; with `draws`, re-solve under Dirichlet weight draws around `weights` (family: n x f
    family scores in input row order) and count how often each candidate stays chosen.
    `objective_of` maps a score vector to the objective's values (None: the score itself); a
    draw's objective is that of the score under the drawn weights. Each draw starts from the
    portfolio first chosen (it meets the same constraints), so most of its search is fixed away."""
    import time

    start = time.perf_counter()
    sol = solve_x(problem, time_limit=time_limit)
    if sol is None:
        groups = conflict(problem)
        raise PortfolioError(_explain_conflict(problem, groups), [g.text for g in groups])
    seconds = time.perf_counter() - start
    stay = None
    unproven = 0
    if draws and family is not None and weights is not None:
        from .sensitivity import dirichlet_draws

        rng = np.random.default_rng(seed)
        w = np.asarray(weights, dtype=np.float64)
        ws = dirichlet_draws(w / w.sum(), float(concentration), int(draws), rng)
        fam = np.asarray(family, dtype=np.float64)[problem.row]
        hits = np.zeros(len(problem.ids))
        for wd in ws:
            score = np.round(100.0 * (fam @ wd), 9)
            value = score if objective_of is None else np.round(objective_of(score), 12)
            xd = solve_x(problem, value=value, time_limit=time_limit, start=sol.x)
            if xd is not None:
                hits += xd.x
                unproven += not xd.proven
        stay = hits / len(ws)
    out = _assemble(problem, sol.x, stay, int(draws) if stay is not None else 0, seconds)
    out.proven, out.gap, out.bound = sol.proven, sol.gap, sol.bound
    out.draws_unproven = unproven
    return out


def _assemble(problem: Problem, x: np.ndarray, stay: np.ndarray | None, draws: int, seconds: float) -> Portfolio:
    n = len(problem.ids)
    back = np.empty(n, dtype=np.int64)
    back[problem.row] = np.arange(n)  # input row -> id-ordered position

    def to_input(a):
        return None if a is None else np.asarray(a)[back]

    status = np.where(x, "chosen", np.where(problem.available, "not_chosen", "left_out")).astype(object)
    chosen_cost = problem.cost[x]
    score = problem.value if problem.score is None else problem.score
    successes = problem.objective == "successes"
    return Portfolio(
        chosen=to_input(x), status=to_input(status), reason=to_input(problem.reason), value=to_input(score),
        cost=to_input(problem.cost), total_value=float(score[x].sum()),
        total_cost=float(np.nansum(chosen_cost)) if len(chosen_cost) else 0.0,
        constraints=_report(problem, x), stay=to_input(stay), draws=draws, solve_seconds=seconds,
        objective=problem.objective, prob=to_input(problem.value) if successes else None,
        total_successes=float(problem.value[x].sum()) if successes else None)


OBJECTIVES = ("score", "successes")


class ObjectiveError(PolexError):
    """The objective asked for cannot be used with this profile (a usage error)."""


def objective_for(profile, objective: str | None) -> str:
    """The objective to maximise: as asked, or (None / "auto") expected successes when the profile
    carries a calibrated score-to-probability mapping, else the total score."""
    mapping = getattr(profile, "success_probability", None)
    if objective in (None, "auto"):
        return "successes" if mapping is not None else "score"
    if objective not in OBJECTIVES:
        raise ObjectiveError(f"unknown objective {objective!r}; expected one of {', '.join(OBJECTIVES)}")
    if objective == "successes" and mapping is None:
        raise ObjectiveError(f"the objective 'successes' needs a profile calibrated on outcomes (its "
                             f"success_probability: the score's mapping to a probability of success); the profile "
                             f"'{profile.name}' has none. Make one with `polex calibrate OUTCOMES --out PROFILE.yaml` "
                             "and pass it with --weights, or use --objective score")
    return objective


def portfolio(ranking, spec: Spec, draws: int = 0, concentration: float = 50.0, seed: int | None = 0,
              lang: str = "en", time_limit: float | None = None, objective: str | None = None) -> Portfolio:
    """The best portfolio of a polex Ranking under `spec`.

    Objective (`objective_for`): "score", the total of the ranking's key (point score unless the
    ranking ranks by low or high); or "successes", the expected number of successes, the sum of
    each candidate's probability of success given by the profile's calibrated mapping at that
    same score. None chooses successes when the profile has the mapping, else score. Weight
    draws re-score the candidates and, for successes, map the drawn score the same way."""
    scorer = ranking.assessment.scorer_
    result = ranking.result
    rank_by = getattr(scorer, "rank_by", "point")
    score = np.round(result.key(rank_by), 9)
    chosen_objective = objective_for(ranking.assessment.profile, objective)
    objective_of = None
    value = score
    if chosen_objective == "successes":
        mapping = ranking.assessment.profile.success_probability

        def objective_of(s):
            return mapping.probability(s)

        value = np.round(objective_of(score), 12)
    rules = ranking.assessment.ruleset.rules
    gate_cols = [j for j, r in enumerate(rules) if r.kind == "gate"]
    gate_text = np.full(len(ranking), "", dtype=object)
    if gate_cols:
        from .outcomes import TRUE

        fired = result.outcomes[:, gate_cols] == TRUE
        for i in np.flatnonzero(fired.any(axis=1)):
            gate_text[i] = "ineligible: " + "; ".join(rules[gate_cols[k]].title(lang) for k in np.flatnonzero(fired[i]))
    problem = build(ranking.columns, value, result.eligible, spec, gate_text,
                    score=score if chosen_objective == "successes" else None, objective=chosen_objective)
    family = result.family if rank_by == "point" else scorer.family_at(result.outcomes, rank_by)
    return solve(problem, family, scorer.weights_, draws, concentration, seed, time_limit, objective_of)
