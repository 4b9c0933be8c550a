"""Benchmark (a script, not a test): `polex portfolio`'s exact solve, 10,000 candidates under
20 constraints. Target: under 10 s.

    .venv/bin/python benchmarks/bench_portfolio.py [--candidates 10000] [--repeat 3] [--draws 20]

The candidates are bench_rank's synthetic ones (the documents' own value distributions) scored
by the shipped rules; the fields the constraints read are then filled with known random values
(costs log-normal around USD 5 M, staff and areas uniform), so every eligible candidate is in play
and the budget is a real knapsack. The 20 constraints: a budget, 4 capacities (trained_officials,
area_ha, requested_area_ha, payback_years), at most N per 9 grouping fields (country, region,
field, partner_kind, income_group, stage, engagement, track, lead_vehicle), a project count, a
minimum of strategic-country projects, 3 must-include ids and 1 must-exclude list. Timed:
building the problem and solving it exactly (HiGHS, gap 0); then, apart, the robustness
re-solves over weight draws and the explanation of an infeasible set.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_sensitivity import synthetic_candidates  # noqa: E402

import polex  # noqa: E402
from polex.engine.columns import Column  # noqa: E402
from polex.engine.portfolio import PortfolioError, Spec, portfolio  # noqa: E402

GROUPS = ("country", "region", "field", "partner_kind", "income_group", "stage", "engagement", "track", "lead_vehicle")


def fill(columns, seed: int = 11):
    """Known random values in every field the constraints read."""
    from polex.models.vocabulary import FIELD_BY_NAME

    rng = np.random.default_rng(seed)
    n = columns.n
    known = np.ones(n, dtype=bool)
    data = dict(columns.data)
    data["budget_usd_m"] = Column(np.round(rng.lognormal(np.log(5), 1.0, n), 2), known)
    data["trained_officials"] = Column(rng.integers(0, 40, n).astype(np.float64), known)
    data["area_ha"] = Column(np.round(rng.uniform(1, 500, n), 1), known)
    data["requested_area_ha"] = Column(np.round(rng.uniform(1, 800, n), 1), known)
    data["payback_years"] = Column(np.round(rng.uniform(1, 20, n), 1), known)
    data["strategic_country"] = Column(rng.random(n) < 0.3, known)
    countries = np.array([f"C{k:02d}" for k in range(60)], dtype=object)
    data["country"] = Column(countries[rng.integers(0, 60, n)], known)
    for name in GROUPS[1:]:
        spec = FIELD_BY_NAME[name]
        data[name] = Column(rng.integers(0, len(spec.values), n).astype(np.int16), known)
    return type(columns)(n, data)


def spec_for(ranking) -> Spec:
    eligible = ranking.result.eligible
    ids = ranking.columns.ids.astype(str)
    top = [ids[i] for i in ranking.order[:3]]
    last_eligible = [ids[i] for i in ranking.order if eligible[i]][-1]
    return Spec(budget=400.0, capacity={"trained_officials": 900, "area_ha": 12_000, "requested_area_ha": 20_000,
                                        "payback_years": 600},
                max_per={"country": 3, "region": 12, "field": 8, "partner_kind": 30, "income_group": 40, "stage": 20,
                         "engagement": 20, "track": 60, "lead_vehicle": 30},
                max_count=80, min_strategic=25, include=tuple(top), exclude=(last_eligible,))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--candidates", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--draws", type=int, default=20, help="weight draws for the robustness figure")
    ap.add_argument("--time-limit", type=float, default=None, help="solver time limit per solve (s)")
    args = ap.parse_args()

    columns = fill(synthetic_candidates(args.candidates))
    ranking = polex.assess().rank(columns)
    spec = spec_for(ranking)
    n_constraints = (1 + len(spec.capacity) + len(spec.max_per) + 1 + 1 + len(spec.include) + 1)
    print(f"polex portfolio benchmark: {args.candidates:,} candidates ({int(ranking.result.eligible.sum()):,} "
          f"eligible), {n_constraints} constraints; Python {platform.python_version()}, {platform.machine()}")
    times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        p = portfolio(ranking, spec, time_limit=args.time_limit)
        times.append(time.perf_counter() - t)
    print(f"  build + exact solve: median {np.median(times):.2f} s (runs: "
          + ", ".join(f"{x:.2f}" for x in times) + f"); target < 10 s, proven optimal: {'met' if max(times) < 10 and p.proven else 'MISSED'}")
    print(f"  proven optimal: {p.proven}" + ("" if p.proven else f" (stopped at the time limit; relative gap "
                                                                 f"{p.gap:.2e}, bound {p.bound:.2f})"))
    easy = Spec(budget=spec.budget, max_per={"country": 3}, max_count=spec.max_count, min_strategic=spec.min_strategic,
                include=spec.include, exclude=spec.exclude)
    t = time.perf_counter()
    q = portfolio(ranking, easy, time_limit=args.time_limit)
    print(f"  budget + per-country cap + count + strategic minimum + ids (8 constraints): "
          f"{time.perf_counter() - t:.2f} s, proven optimal: {q.proven}")
    print(f"  chosen {p.count}, total score {p.total_value:.2f}, total cost {p.total_cost:.2f} of {spec.budget:g}; "
          "binding: " + ", ".join(c.text for c in p.constraints if c.binding))
    if args.draws:
        t = time.perf_counter()
        p = portfolio(ranking, spec, draws=args.draws, time_limit=args.time_limit)
        d = time.perf_counter() - t
        print(f"  with {args.draws} weight draws: {d:.2f} s ({d / (args.draws + 1):.2f} s a solve); "
              f"chosen in every draw: {int((p.stay[p.chosen] == 1).sum())} of {p.count}")
    bad = Spec(**{**spec.__dict__, "min_strategic": 70, "max_count": 60})
    t = time.perf_counter()
    try:
        portfolio(ranking, bad, time_limit=args.time_limit)
    except PortfolioError as err:
        print(f"  infeasible set explained in {time.perf_counter() - t:.2f} s: {err}")


if __name__ == "__main__":
    main()
