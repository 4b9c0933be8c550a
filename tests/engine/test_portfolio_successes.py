"""portfolio with the objective "successes" (issue 13): with a profile that maps the score to a
probability of success, the portfolio maximises the expected number of successes, and that
optimum is the one enumeration finds."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from test_portfolio import SPECS, brute_force, pipeline

import polex
from polex.commands.common import FIXTURES
from polex.engine.portfolio import ObjectiveError, Spec, build, objective_for, portfolio, solve
from polex.models.rules import SuccessMapping

MAPPING = SuccessMapping(intercept=-6.0, slope=0.1, method="test")  # steep: P runs from 0.02 to 0.95 over 20..90


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("name", list(SPECS))
def test_expected_successes_equal_enumeration(name, seed):
    columns, records, score, eligible = pipeline(12, seed)
    prob = MAPPING.probability(score)
    spec = SPECS[name]
    expected = brute_force(records, prob, eligible, spec)
    try:
        result = solve(build(columns, prob, eligible, spec, score=score, objective="successes"))
    except polex.engine.portfolio.PortfolioError:
        assert expected is None
        return
    assert expected is not None and result.proven
    assert result.objective == "successes"
    assert result.total_successes == pytest.approx(expected, abs=1e-6)
    assert result.total_value == pytest.approx(float(score[result.chosen].sum()))  # the score stays the score
    np.testing.assert_allclose(result.prob, prob)
    np.testing.assert_allclose(result.value, score)


def test_the_successes_optimum_can_differ_from_the_score_optimum():
    """Two weak candidates can outscore one fair one and still expect fewer successes: the two
    objectives answer different questions, and each is solved for its own."""
    from polex.engine.columns import encode_records

    records = [{"id": i, "partner_city": "x", "country": "KOR", "budget_usd_m": c}
               for i, c in (("x", 2.0), ("y", 1.0), ("z", 1.0))]
    score = np.array([50.0, 27.0, 27.0])
    prob = MAPPING.probability(score)  # 0.269, 0.036, 0.036
    eligible = np.ones(3, dtype=bool)
    spec = Spec(budget=2.0)
    by_score = solve(build(encode_records(records), score, eligible, spec))
    by_successes = solve(build(encode_records(records), prob, eligible, spec, score=score, objective="successes"))
    assert by_score.chosen.tolist() == [False, True, True] and by_score.total_value == 54.0
    assert by_successes.chosen.tolist() == [True, False, False]
    assert by_successes.total_successes == pytest.approx(prob[0]) and by_successes.total_value == 50.0


def small_ranking(profile, n: int = 14):
    """The first n rows of the bundled pipeline, ranked under `profile` (the bundled cases never
    say whether the country is strategic: here every third one is, two are unknown)."""
    from polex.commands.common import read_intake
    from polex.engine.columns import Column

    columns = read_intake(str(FIXTURES / "pipeline.csv"), "en").columns.take(np.arange(n))
    data = dict(columns.data)
    known = np.ones(n, dtype=bool)
    known[[1, 2]] = False
    data["strategic_country"] = Column(np.arange(n) % 3 == 0, known)
    return polex.assess(weights=profile).rank(type(columns)(n, data))


def mapped_profile():
    return polex.load_profile().model_copy(update={"success_probability": MAPPING, "name": "mapped"})


@pytest.mark.parametrize("spec", [Spec(max_count=4), Spec(max_count=5, max_per={"country": 1}),
                                  Spec(min_strategic=1, max_count=3), Spec(max_per={"region": 2})])
def test_portfolio_of_a_ranking_maximises_expected_successes(spec):
    ranking = small_ranking(mapped_profile())
    result = portfolio(ranking, spec)  # the profile has a mapping: successes by default
    assert result.objective == "successes" and result.proven
    prob = MAPPING.probability(np.round(ranking.result.key("point"), 9))
    cols = ranking.columns
    eligible = np.asarray(ranking.result.eligible, dtype=bool)
    best = -1.0
    items = [i for i in range(len(ranking)) if eligible[i]
             and all(cols[f].known[i] for f in spec.max_per)]
    for k in range(len(items) + 1):
        for subset in itertools.combinations(items, k):
            if spec.max_count is not None and k > spec.max_count:
                continue
            if any(max(np.unique([cols[f].values[i] for i in subset], return_counts=True)[1], default=0) > cap
                   for f, cap in spec.max_per.items()):
                continue
            strategic = cols["strategic_country"]
            if spec.min_strategic is not None and sum(
                    bool(strategic.known[i] and strategic.values[i]) for i in subset) < spec.min_strategic:
                continue
            best = max(best, float(prob[list(subset)].sum()))
    assert result.total_successes == pytest.approx(best, abs=1e-6)
    assert result.total_successes == pytest.approx(float(result.prob[result.chosen].sum()))


def test_the_objective_is_chosen_from_the_profile_or_asked():
    mapped, plain = mapped_profile(), polex.load_profile()
    assert objective_for(mapped, None) == "successes"
    assert objective_for(plain, None) == "score"
    assert objective_for(mapped, "score") == "score"
    with pytest.raises(ObjectiveError, match="needs a profile calibrated on outcomes.*'default' has none"):
        objective_for(plain, "successes")
    ranking = small_ranking(mapped)
    assert portfolio(ranking, Spec(max_count=3), objective="score").objective == "score"


def test_weight_draws_re_solve_the_expected_successes():
    ranking = small_ranking(mapped_profile())
    result = portfolio(ranking, Spec(max_count=3), draws=8)
    assert result.draws == 8 and result.draws_unproven == 0
    assert ((result.stay >= 0) & (result.stay <= 1)).all() and result.stay[result.chosen].max() > 0
