"""portfolio (issue 13): the steps that make the exact solve fast keep it exact.

`solve_x` reduces the model, bounds it by the LP relaxation, finds a first portfolio on a small
core and fixes every candidate whose reduced cost rules it out before HiGHS searches the rest.
On small pipelines (where enumeration knows the optimum) the core step is forced on with a core
of two candidates, so the fixing really happens, and the answer must still be the enumerated one."""

from __future__ import annotations

import numpy as np
import pytest
from test_portfolio import SPECS, brute_force, pipeline

from polex.engine import portfolio_solver as pf
from polex.engine.columns import encode_records
from polex.engine.portfolio import Spec, build, reduce, solve, solve_x


@pytest.fixture
def tiny_core(monkeypatch):
    """The first-portfolio step on a core of 2 candidates, whatever the problem's size."""
    monkeypatch.setattr(pf, "CORE_MIN", 2)
    monkeypatch.setattr(pf, "CORE_PER_ROW", 0)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("name", list(SPECS))
def test_reduced_cost_fixing_keeps_the_enumerated_optimum(tiny_core, name, seed):
    columns, records, value, eligible = pipeline(14, seed + 10)
    spec = SPECS[name]
    expected = brute_force(records, value, eligible, spec)
    try:
        result = solve(build(columns, value, eligible, spec))
    except pf.PortfolioError:
        assert expected is None
        return
    assert expected is not None and result.proven
    assert float(value[result.chosen].sum()) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("seed", range(6))
def test_a_start_portfolio_under_another_objective_keeps_the_optimum(tiny_core, seed):
    """A weight draw starts from the portfolio chosen under the profile: a different objective."""
    columns, records, value, eligible = pipeline(14, seed)
    spec = SPECS["everything"] if seed % 2 else SPECS["budget"]
    problem = build(columns, value, eligible, spec)
    first = solve_x(problem)
    if first is None:
        pytest.skip("no portfolio under this spec and seed")
    other = np.round(np.random.default_rng(seed).uniform(0, 100, 14), 6)
    expected = brute_force(records, other, eligible, spec)
    sol = solve_x(problem, value=other[problem.row], start=first.x)
    assert sol.proven
    assert float(other[problem.row][sol.x].sum()) == pytest.approx(expected, abs=1e-6)


def test_reduce_drops_what_can_never_be_chosen_and_rows_that_cannot_bind():
    records = [{"id": f"c{i}", "partner_city": "x", "country": c, "budget_usd_m": b}
               for i, (c, b) in enumerate([("KOR", 5.0), ("KOR", 50.0), ("VNM", 2.0), ("PER", 3.0), ("PER", 1.0)])]
    columns = encode_records(records)
    value = np.array([10.0, 90.0, 20.0, 30.0, 40.0])
    eligible = np.array([True, True, True, True, False])
    problem = build(columns, value, eligible, Spec(budget=12.0, max_per={"country": 1}, include=("c2",)))
    model = reduce(problem, problem.groups)
    ids = problem.ids[model.free].tolist()
    # c1 costs 50 > 12 - 2 (c2 is in); c4 is ineligible; c2 is fixed in, not a column
    assert ids == ["c0", "c3"]
    assert problem.ids[model.fixed].tolist() == ["c2"]
    # budget: 5 + 3 <= 10 left, never binds; country: KOR and PER each have one free candidate
    # and VNM's cap is used by c2, which leaves nothing free there: no row is left
    assert model.A.shape[0] == 0
    assert solve_x(problem).x[np.isin(problem.ids, ["c0", "c2", "c3"])].all()


def test_must_includes_over_the_budget_are_infeasible_and_named():
    records = [{"id": f"c{i}", "partner_city": "x", "country": "KOR", "budget_usd_m": 6.0} for i in range(3)]
    problem = build(encode_records(records), np.ones(3), np.ones(3, dtype=bool),
                    Spec(budget=10.0, include=("c0", "c1")))
    assert reduce(problem, problem.groups) is None
    with pytest.raises(pf.PortfolioError, match="cannot all be met together.*budget_usd_m <= 10.*must include c0"):
        solve(problem)


def hard_problem(n: int = 400, seed: int = 3):
    """A random 0-1 programme with five knapsacks: no solver proves it in a few milliseconds."""
    rng = np.random.default_rng(seed)
    records = [{"id": f"h{i:04d}", "partner_city": "x", "country": f"C{rng.integers(30)}",
                "budget_usd_m": float(np.round(rng.lognormal(np.log(5), 1.0), 2)),
                "trained_officials": int(rng.integers(0, 40)), "area_ha": float(np.round(rng.uniform(1, 500), 1)),
                "requested_area_ha": float(np.round(rng.uniform(1, 800), 1)),
                "payback_years": float(np.round(rng.uniform(1, 20), 1))} for i in range(n)]
    spec = Spec(budget=60.0, capacity={"trained_officials": 150, "area_ha": 2000, "requested_area_ha": 3000,
                                       "payback_years": 100}, max_per={"country": 2}, max_count=15)
    value = np.round(rng.uniform(50, 90, n), 6)
    return build(encode_records(records), value, np.ones(n, dtype=bool), spec)


def test_a_solve_stopped_by_the_time_limit_says_it_is_not_proven(tiny_core):
    problem = hard_problem()
    # Given a first portfolio (nothing chosen meets every constraint here), a search stopped by the
    # limit always has one to return, however loaded the machine (0.05 s alone may find none).
    sol = solve_x(problem, time_limit=0.05, start=np.zeros(len(problem.ids), dtype=bool))
    assert sol is not None and not sol.proven
    total = float(problem.value[sol.x].sum())
    assert sol.bound >= total - 1e-9 and sol.gap >= 0
    full = solve_x(problem, time_limit=120)
    assert full.proven and float(problem.value[full.x].sum()) >= total - 1e-9
    assert float(problem.value[full.x].sum()) <= sol.bound + 1e-6


def test_every_returned_portfolio_meets_its_constraints():
    problem = hard_problem(300, 5)
    sol = solve_x(problem, time_limit=120)
    assert pf._feasible(problem, problem.groups, sol.x)
    assert not (sol.x & ~problem.available).any()


def test_searches_cut_short_and_fixed_again_keep_the_optimum(tiny_core, monkeypatch):
    """Step 5's restarts (a search stopped early, its best portfolio used to fix more) give the
    optimum HiGHS proves on the whole model without any fixing."""
    problem = hard_problem(300, 5)
    model = reduce(problem, problem.groups)
    direct = pf._milp(-problem.value[model.free], model.A, model.lo, model.hi, 120)
    assert direct.status == 0
    optimum = float(problem.value[model.fixed].sum()) - float(direct.fun)
    monkeypatch.setattr(pf, "CORE_SECONDS", 0.02)
    monkeypatch.setattr(pf, "PHASE_SECONDS", 0.05)
    stopped = []
    milp = pf._milp

    def counted(c, A, lo, hi, time_limit):
        res = milp(c, A, lo, hi, time_limit)
        stopped.append(time_limit == 0.05 and res.status == 1)
        return res

    monkeypatch.setattr(pf, "_milp", counted)
    sol = solve_x(problem, time_limit=120)
    assert any(stopped), "no search was cut short: the restarts were not exercised"
    assert sol.proven
    assert float(problem.value[sol.x].sum()) == pytest.approx(optimum, abs=1e-6)
