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
assumed for unknown costs. Every candidate left out carries its reason. A possibly ineligible
candidate (no gate true, but one whose fields are unknown could still close) is available and
marked, so a chosen one is never presented as cleared; `Spec.eligible_only` leaves it out instead.

Exact, and what that means: HiGHS runs with relative gap 0 and absolute gap ABS_GAP = 1e-6, so
a portfolio reported as proven optimal has an objective no portfolio meeting the constraints
beats by more than 1e-6 (of a score point, or of an expected success); scores are shown to 0.01.
A solve stopped by the time limit says so (`proven` false, with its gap and bound). Before HiGHS
searches, `solve_x` removes what provably cannot change the optimum: candidates that can never be
chosen, rows that can never bind, and (reduced-cost fixing against the LP bound and a first
portfolio) candidates that no better portfolio can contain or leave out; see
engine.portfolio_solver, where the solve lives. Its
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

from dataclasses import dataclass, field

import numpy as np

from ..models.errors import PolexError
from .outcomes import TRUE, UNKNOWN
from .portfolio_solver import ABS_GAP, PortfolioError, Solution, reduce, solve_x  # noqa: F401 - the public names

DEFAULT_COST_FIELD = "budget_usd_m"
STRATEGIC_FIELD = "strategic_country"
_TOL = 1e-6
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
    eligible_only: bool = False  # leave out possibly ineligible candidates (a gate unknown)

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
        if self.eligible_only:
            out.append("known eligible only")
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
    unsure: np.ndarray | None = None  # n object: why an available candidate may still be ineligible ('' if cleared)
    eligibility: np.ndarray | None = None  # n object: eligible | possibly_ineligible | ineligible


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
    eligibility: np.ndarray | None = None  # n object: eligible | possibly_ineligible | ineligible
    unsure: np.ndarray | None = None  # n object: the gates still unknown for a possibly ineligible one

    @property
    def count(self) -> int:
        return int(self.chosen.sum())


def _numeric(columns, name: str) -> tuple[np.ndarray, np.ndarray]:
    col = columns[name]
    return np.asarray(col.values, dtype=np.float64), np.asarray(col.known, dtype=bool)


def build(columns, value: np.ndarray, eligible: np.ndarray, spec: Spec, gate_text: np.ndarray | None = None,
          score: np.ndarray | None = None, objective: str = "score", unsure: np.ndarray | None = None) -> Problem:
    """The problem for typed candidate columns, their objective values and eligibility (with
    `objective` "successes", `value` is each candidate's probability of success and `score` its score;
    `unsure`, per candidate, the text of the gates still unknown, '' when none is)."""
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
    unsure = np.full(n, "", dtype=object) if unsure is None else np.asarray(unsure, dtype=object)[row]
    unsure = np.where(available, unsure, "").astype(object)
    groups: list[Group] = []

    def leave_out(mask: np.ndarray, why: str) -> None:
        hit = mask & available
        reason[hit] = why
        available[hit] = False

    eligibility = np.where(~available, "ineligible", np.where(unsure != "", "possibly_ineligible", "eligible"))
    if spec.eligible_only:
        reason[unsure != ""] = unsure[unsure != ""]
        available[unsure != ""] = False
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
    return Problem(ids, value, available, reason, groups, row, cost, score, objective, unsure,
                   eligibility.astype(object))


def _value_label(col, name: str, code: str) -> str:
    from ..models.vocabulary import ENUM, FIELD_BY_NAME, ORDINAL

    spec = FIELD_BY_NAME.get(name)
    if spec is not None and spec.kind in (ENUM, ORDINAL):
        return spec.values[int(code)]
    return code


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
          objective_of=None, jobs: int = 1) -> Portfolio:
    """Solve; with `draws`, re-solve under Dirichlet weight draws around `weights` (family: n x f
    family scores in input row order) and count how often each candidate stays chosen.
    `objective_of` maps a score vector to the objective's values (None: the score itself); a
    draw's objective is that of the score under the drawn weights. Each draw starts from the
    portfolio first chosen (it meets the same constraints), so most of its search is fixed away.
    The draws are solved in `jobs` processes (engine.parallel); each draw's solve is the same in
    any of them, and the choices are counted in draw order, so the counts do not depend on it."""
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
        from .parallel import run_blocks, shared

        jobs = max(1, int(jobs or 1))
        alloc = shared if jobs > 1 else (lambda shape, dtype: np.zeros(shape, dtype=dtype))
        picked = alloc((len(ws), len(problem.ids)), np.int8)
        solved = alloc((len(ws),), np.int8)  # 0 no portfolio, 1 proven, 2 stopped at the time limit

        def block(first: int, stop: int) -> None:
            for k in range(first, stop):
                score = np.round(100.0 * (fam @ ws[k]), 9)
                value = score if objective_of is None else np.round(objective_of(score), 12)
                xd = solve_x(problem, value=value, time_limit=time_limit, start=sol.x)
                if xd is not None:
                    picked[k] = np.asarray(xd.x) > 0.5
                    solved[k] = 1 if xd.proven else 2

        run_blocks(len(ws), 1, block, jobs)
        hits = np.zeros(len(problem.ids))
        for k in range(len(ws)):  # in draw order, as one process adds them
            if solved[k]:
                hits += picked[k]
        unproven = int((solved == 2).sum())
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
        total_successes=float(problem.value[x].sum()) if successes else None,
        eligibility=to_input(problem.eligibility), unsure=to_input(problem.unsure))


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


def _gate_texts(hit: np.ndarray, titles: list[str], prefix: str) -> np.ndarray:
    """Per row, `prefix` and the titles of its gates in `hit` (rows x gates), '' for none: worded
    once per distinct pattern of gates, not once per row."""
    out = np.full(len(hit), "", dtype=object)
    rows = np.flatnonzero(hit.any(axis=1)) if hit.shape[1] else np.zeros(0, dtype=np.int64)
    if len(rows):
        patterns, which = np.unique(hit[rows], axis=0, return_inverse=True)
        texts = np.array([prefix + "; ".join(t for t, on in zip(titles, p) if on) for p in patterns], dtype=object)
        out[rows] = texts[which.reshape(-1)]
    return out


def portfolio(ranking, spec: Spec, draws: int = 0, concentration: float = 50.0, seed: int | None = 0,
              lang: str = "en", time_limit: float | None = None, objective: str | None = None,
              jobs: int = 1) -> Portfolio:
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
    titles = [rules[j].title(lang) for j in gate_cols]
    gates = result.outcomes[:, gate_cols]
    gate_text = _gate_texts(gates == TRUE, titles, "ineligible: ")
    unsure = _gate_texts((gates == UNKNOWN) & np.asarray(result.eligible, dtype=bool)[:, None], titles,
                         "possibly ineligible, check: ")
    problem = build(ranking.columns, value, result.eligible, spec, gate_text,
                    score=score if chosen_objective == "successes" else None, objective=chosen_objective,
                    unsure=unsure)
    family = result.family if rank_by == "point" else scorer.family_at(result.outcomes, rank_by)
    return solve(problem, family, scorer.weights_, draws, concentration, seed, time_limit, objective_of, jobs)
