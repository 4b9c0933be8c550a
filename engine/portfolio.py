"""A portfolio: the set of candidates that maximises the total score under a planner's
constraints, solved exactly as a 0-1 mixed-integer programme (HiGHS through
`scipy.optimize.milp`, relative gap 0), never by a greedy heuristic.

Variables x_i in {0, 1}: candidate i is chosen. Objective: maximise sum v_i x_i, v the
ranking key (point score by default). Constraints, each a named group so an infeasible set
can be reported by name:

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
    A: np.ndarray | None = None  # k x n (dense; k is small for all but max_per)
    lo: np.ndarray | None = None
    hi: np.ndarray | None = None
    values: tuple[str, ...] = ()  # for max_per: the value of each row
    force_in: np.ndarray | None = None
    force_out: np.ndarray | None = None


@dataclass
class Problem:
    """The MILP in id order: objective values, availability, and the constraint groups."""

    ids: np.ndarray  # n, id order
    value: np.ndarray  # n, what each candidate adds (score)
    available: np.ndarray  # n bool
    reason: np.ndarray  # n object: why a candidate is left out ('' if available)
    groups: list[Group]
    row: np.ndarray  # n: input row of each id-ordered candidate
    cost: np.ndarray  # n: cost as used (assumed where unknown and assumed), nan if unknown


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
    value: np.ndarray  # n, objective value of each candidate
    cost: np.ndarray  # n, cost used (nan if unknown)
    total_value: float
    total_cost: float
    constraints: list[ConstraintReport]
    stay: np.ndarray | None = None  # n: share of weight draws in which the candidate is chosen
    draws: int = 0
    solve_seconds: float = 0.0
    proven: bool = True  # False: stopped at the time limit; `gap` and `bound` say how far it can be
    gap: float = 0.0
    bound: float = 0.0

    @property
    def count(self) -> int:
        return int(self.chosen.sum())


def _numeric(columns, name: str) -> tuple[np.ndarray, np.ndarray]:
    col = columns[name]
    return np.asarray(col.values, dtype=np.float64), np.asarray(col.known, dtype=bool)


def build(columns, value: np.ndarray, eligible: np.ndarray, spec: Spec, gate_text: np.ndarray | None = None) -> Problem:
    """The problem for typed candidate columns, their objective values and eligibility."""
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
        A = np.array([(keys == g).astype(np.float64) for g in distinct]).reshape(len(distinct), n)
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
    return Problem(ids, value, available, reason, groups, row, cost)


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
    proven: bool  # optimality proven (gap 0), or stopped at the time limit with the best found
    gap: float  # relative gap between the best found and the proven bound (0 when proven)
    bound: float  # the proven upper bound on the objective


def solve_x(problem: Problem, value: np.ndarray | None = None, groups: list[Group] | None = None,
            feasibility: bool = False, time_limit: float | None = None) -> Solution | None:
    """The optimal 0/1 vector (id order), or None if the constraints cannot be met."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_array, vstack

    n = len(problem.ids)
    groups = problem.groups if groups is None else groups
    v = problem.value if value is None else value
    lo = np.zeros(n)
    hi = problem.available.astype(np.float64)
    for g in groups:
        if g.force_out is not None:
            hi[g.force_out] = 0.0
    for g in groups:
        if g.force_in is not None:
            lo[g.force_in] = 1.0
    if (lo > hi).any():
        return None
    if n == 0:
        return Solution(np.zeros(0, dtype=bool), True, 0.0, 0.0)
    rows = [g for g in groups if g.A is not None and len(g.A)]
    constraints = []
    if rows:
        A = vstack([csr_array(g.A) for g in rows]).tocsr()
        constraints = [LinearConstraint(A, np.concatenate([g.lo for g in rows]), np.concatenate([g.hi for g in rows]))]
    c = np.zeros(n) if feasibility else -np.asarray(v, dtype=np.float64)
    options = {"mip_rel_gap": 0.0, "disp": False}
    if time_limit:
        options["time_limit"] = float(time_limit)
    with _quiet():
        res = milp(c, integrality=np.ones(n), bounds=Bounds(lo, hi), constraints=constraints, options=options)
    if res.x is None:
        if res.status == 1:  # the time limit, before any solution
            raise PortfolioError(f"the solver found no portfolio within the time limit ({time_limit:g} s); "
                                 "raise --time-limit")
        return None  # infeasible
    x = res.x > 0.5
    if res.status == 0:
        return Solution(x, True, 0.0, float(np.asarray(v)[x].sum()))
    if res.status == 1:
        bound = -float(getattr(res, "mip_dual_bound", np.nan))
        return Solution(x, False, float(getattr(res, "mip_gap", np.nan)), bound)
    raise PortfolioError(f"the solver stopped: {res.message}")


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
          concentration: float = 50.0, seed: int | None = 0, time_limit: float | None = None) -> Portfolio:
    """Solve; with `draws`, re-solve under Dirichlet weight draws around `weights` (family: n x f
    family scores in input row order) and count how often each candidate stays chosen."""
    import time

    start = time.perf_counter()
    sol = solve_x(problem, time_limit=time_limit)
    if sol is None:
        groups = conflict(problem)
        raise PortfolioError(_explain_conflict(problem, groups), [g.text for g in groups])
    seconds = time.perf_counter() - start
    stay = None
    if draws and family is not None and weights is not None:
        from .sensitivity import dirichlet_draws

        rng = np.random.default_rng(seed)
        w = np.asarray(weights, dtype=np.float64)
        ws = dirichlet_draws(w / w.sum(), float(concentration), int(draws), rng)
        fam = np.asarray(family, dtype=np.float64)[problem.row]
        hits = np.zeros(len(problem.ids))
        for wd in ws:
            xd = solve_x(problem, value=np.round(100.0 * (fam @ wd), 9), time_limit=time_limit)
            hits += xd.x if xd is not None else 0
        stay = hits / len(ws)
    out = _assemble(problem, sol.x, stay, int(draws) if stay is not None else 0, seconds)
    out.proven, out.gap, out.bound = sol.proven, sol.gap, sol.bound
    return out


def _assemble(problem: Problem, x: np.ndarray, stay: np.ndarray | None, draws: int, seconds: float) -> Portfolio:
    n = len(problem.ids)
    back = np.empty(n, dtype=np.int64)
    back[problem.row] = np.arange(n)  # input row -> id-ordered position

    def to_input(a):
        return None if a is None else np.asarray(a)[back]

    status = np.where(x, "chosen", np.where(problem.available, "not_chosen", "left_out")).astype(object)
    chosen_cost = problem.cost[x]
    return Portfolio(
        chosen=to_input(x), status=to_input(status), reason=to_input(problem.reason), value=to_input(problem.value),
        cost=to_input(problem.cost), total_value=float(problem.value[x].sum()),
        total_cost=float(np.nansum(chosen_cost)) if len(chosen_cost) else 0.0,
        constraints=_report(problem, x), stay=to_input(stay), draws=draws, solve_seconds=seconds)


def portfolio(ranking, spec: Spec, draws: int = 0, concentration: float = 50.0, seed: int | None = 0,
              lang: str = "en", time_limit: float | None = None) -> Portfolio:
    """The best portfolio of a polex Ranking under `spec` (objective: the ranking's key)."""
    scorer = ranking.assessment.scorer_
    result = ranking.result
    rank_by = getattr(scorer, "rank_by", "point")
    value = np.round(result.key(rank_by), 9)
    rules = ranking.assessment.ruleset.rules
    gate_cols = [j for j, r in enumerate(rules) if r.kind == "gate"]
    gate_text = np.full(len(ranking), "", dtype=object)
    if gate_cols:
        from .outcomes import TRUE

        fired = result.outcomes[:, gate_cols] == TRUE
        for i in np.flatnonzero(fired.any(axis=1)):
            gate_text[i] = "ineligible: " + "; ".join(rules[gate_cols[k]].title(lang) for k in np.flatnonzero(fired[i]))
    problem = build(ranking.columns, value, result.eligible, spec, gate_text)
    family = result.family if rank_by == "point" else scorer.family_at(result.outcomes, rank_by)
    return solve(problem, family, scorer.weights_, draws, concentration, seed, time_limit)
