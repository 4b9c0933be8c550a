"""portfolio (issue 13): the MILP returns the optimum found by enumerating every subset, under
every constraint type; infeasible constraints are named."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from polex.engine.columns import encode_records
from polex.engine.portfolio import PortfolioError, Spec, build, solve

COUNTRIES = ("KOR", "VNM", "PER")
REGIONS = ("east_asia", "southeast_asia", "latin_america")


def pipeline(n: int, seed: int):
    """n candidates with random known (and some unknown) costs, staff, countries and regions."""
    rng = np.random.default_rng(seed)
    records, value = [], np.round(rng.uniform(20, 90, n), 3)
    for i in range(n):
        rec = {"id": f"c{i:02d}", "partner_city": "x", "country": COUNTRIES[rng.integers(3)]}
        if rng.random() < 0.85:
            rec["budget_usd_m"] = float(np.round(rng.uniform(1, 20), 1))
        if rng.random() < 0.9:
            rec["trained_officials"] = int(rng.integers(0, 10))
        if rng.random() < 0.9:
            rec["region"] = REGIONS[rng.integers(3)]
        if rng.random() < 0.8:
            rec["strategic_country"] = bool(rng.random() < 0.4)
        records.append(rec)
    eligible = rng.random(n) < 0.85
    return encode_records(records), records, value, eligible


def brute_force(records, value, eligible, spec: Spec) -> float | None:
    """The best total value over every subset that meets the constraints (None: none does)."""
    def ok_item(i):
        r = records[i]
        if not eligible[i] or r["id"] in spec.exclude:
            return False
        if spec.budget is not None and spec.assume_cost is None and spec.cost_field not in r:
            return False
        if any(f not in r for f in spec.capacity) or any(f not in r for f in spec.max_per):
            return False
        return True

    items = [i for i in range(len(records)) if ok_item(i)]
    if any(records[i]["id"] not in [records[j]["id"] for j in items] for i in range(len(records))
           if records[i]["id"] in spec.include):
        return None
    best = None
    for k in range(len(items) + 1):
        for subset in itertools.combinations(items, k):
            ids = {records[i]["id"] for i in subset}
            if not set(spec.include) <= ids:
                continue
            if spec.budget is not None:
                cost = sum(records[i].get(spec.cost_field, spec.assume_cost) for i in subset)
                if cost > spec.budget + 1e-9:
                    continue
            if any(sum(records[i][f] for i in subset) > lim + 1e-9 for f, lim in spec.capacity.items()):
                continue
            if any(max([sum(1 for i in subset if records[i][f] == g) for g in {records[i][f] for i in subset}] or [0])
                   > cap for f, cap in spec.max_per.items()):
                continue
            if spec.max_count is not None and len(subset) > spec.max_count:
                continue
            if spec.min_strategic is not None and sum(
                    1 for i in subset if records[i].get("strategic_country") is True) < spec.min_strategic:
                continue
            total = float(sum(value[i] for i in subset))
            best = total if best is None else max(best, total)
    return best


SPECS = {
    "budget": Spec(budget=30.0),
    "budget with assumed cost": Spec(budget=30.0, assume_cost=5.0),
    "other cost field": Spec(budget=20.0, cost_field="trained_officials"),
    "capacity": Spec(capacity={"trained_officials": 12}),
    "max per country": Spec(max_per={"country": 1}),
    "max per region": Spec(max_per={"region": 2}),
    "max count": Spec(max_count=3),
    "min strategic": Spec(min_strategic=2, max_count=4),
    "include": Spec(include=("c03",), budget=25.0),
    "exclude": Spec(exclude=("c00", "c01"), max_count=3),
    "everything": Spec(budget=40.0, capacity={"trained_officials": 20}, max_per={"country": 2, "region": 2},
                       max_count=5, min_strategic=1, exclude=("c05",)),
}


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("name", list(SPECS))
def test_milp_equals_enumeration(name, seed):
    columns, records, value, eligible = pipeline(12, seed)
    spec = SPECS[name]
    expected = brute_force(records, value, eligible, spec)
    try:
        result = solve(build(columns, value, eligible, spec))
    except PortfolioError:
        assert expected is None
        return
    assert expected is not None
    assert result.proven
    assert result.total_value == pytest.approx(expected, abs=1e-6)
    chosen = np.flatnonzero(result.chosen)
    assert float(value[chosen].sum()) == pytest.approx(expected, abs=1e-6)
    assert all(eligible[chosen])


def test_left_out_candidates_carry_their_reason():
    columns, records, value, eligible = pipeline(12, 1)
    result = solve(build(columns, value, eligible, Spec(budget=30.0)))
    for i, r in enumerate(records):
        if not eligible[i]:
            assert result.status[i] == "left_out" and "ineligible" in result.reason[i]
        elif "budget_usd_m" not in r:
            assert result.status[i] == "left_out" and "budget_usd_m unknown" in result.reason[i]


def test_same_candidates_in_another_order_give_the_same_portfolio():
    columns, records, value, eligible = pipeline(12, 2)
    spec = Spec(budget=30.0, max_per={"country": 1})
    a = solve(build(columns, value, eligible, spec))
    perm = np.random.default_rng(0).permutation(12)
    b = solve(build(encode_records([records[i] for i in perm]), value[perm], eligible[perm], spec))
    assert sorted(columns.ids[a.chosen]) == sorted(encode_records([records[i] for i in perm]).ids[b.chosen])


@pytest.mark.parametrize("spec, named", [
    (Spec(min_strategic=50), ["strategic"]),
    (Spec(max_count=1, include=("c00", "c01")), ["at most 1 projects", "must include c00", "must include c01"]),
    (Spec(budget=0.5, include=("c02",)), ["budget_usd_m <= 0.5", "must include c02"]),
])
def test_infeasible_constraints_are_named(spec, named):
    columns, records, value, _ = pipeline(12, 3)
    for r in records:
        r["budget_usd_m"] = 5.0
    columns = encode_records(records)
    with pytest.raises(PortfolioError) as err:
        solve(build(columns, value, np.ones(12, dtype=bool), spec))
    for text in named:
        assert text in str(err.value)


def test_must_include_of_an_ineligible_candidate_says_why():
    columns, records, value, eligible = pipeline(12, 0)
    bad = records[int(np.flatnonzero(~eligible)[0])]["id"]
    with pytest.raises(PortfolioError, match=f"must include {bad} cannot be met.*ineligible"):
        build(columns, value, eligible, Spec(include=(bad,)))


def test_binding_constraints_are_reported():
    columns, records, value, eligible = pipeline(12, 0)
    result = solve(build(columns, value, eligible, Spec(max_count=2, max_per={"country": 5})))
    by_name = {c.name: c for c in result.constraints}
    assert by_name["max_count"].binding and by_name["max_count"].used == 2
    assert not by_name["max_per:country"].binding
