"""Sensitivity of the ranking to the weights: Monte Carlo ranks and one-at-a-time changes."""

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import polex
from polex.engine.sensitivity import (
    Sensitivity,
    dirichlet_draws,
    id_order,
    one_at_a_time_weights,
    rank_draws,
    rank_quantiles,
)
from polex.formats.pipeline import read_pipeline

PIPELINE = Path(polex.__file__).resolve().parent / "fixtures" / "pipeline.csv"


@pytest.fixture(scope="module")
def intake():
    return read_pipeline(PIPELINE)


def _lexsort_ranks(family, eligible, ids, w):
    """The scorer's own ordering (Scorer.order) for one weight vector, as 1-based ranks."""
    key = np.round(100.0 * family @ w, 9)
    order = np.lexsort((np.asarray(ids).astype(str), -key, ~eligible))
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.arange(1, len(order) + 1)
    return ranks


def test_dominated_candidate_never_ranks_first():
    rng = np.random.default_rng(3)
    family = rng.uniform(0.2, 1.0, size=(40, 6))
    family[7] = family[0] - 0.01  # dominated by row 0 on every family
    ids = np.array([f"c{i:02d}" for i in range(40)])
    ids[7] = "a-first-by-id"  # it would win every tie; it must still never be first
    w = np.array([0.3, 0.2, 0.2, 0.1, 0.1, 0.1])
    s = Sensitivity(draws=5000, concentration=1.0, top_k=1, seed=0).fit_arrays(family, np.ones(40, bool), ids, w)
    assert s.p_top_[7] == 0.0
    assert s.rank_lo_[7] >= 2
    assert s.p_top_.sum() == pytest.approx(1.0)  # exactly one candidate is first in every draw
    assert (s.p_top_ > 0).sum() >= 2  # the weights really vary: more than one candidate can win


def test_same_seed_same_result_and_other_seed_differs():
    rng = np.random.default_rng(0)
    family = rng.uniform(size=(60, 5))
    ids = np.array([f"x{i}" for i in range(60)])
    eligible = rng.uniform(size=60) > 0.2
    w = np.full(5, 0.2)
    a = Sensitivity(draws=500, top_k=5, seed=42).fit_arrays(family, eligible, ids, w)
    b = Sensitivity(draws=500, top_k=5, seed=42).fit_arrays(family, eligible, ids, w)
    c = Sensitivity(draws=500, top_k=5, seed=43).fit_arrays(family, eligible, ids, w)
    for attr in ("median_rank_", "rank_lo_", "rank_hi_", "p_top_", "draws_"):
        np.testing.assert_array_equal(getattr(a, attr), getattr(b, attr))
    assert not np.array_equal(a.draws_, c.draws_)


def test_rank_kernel_equals_scorer_order_with_ties_and_gates():
    rng = np.random.default_rng(1)
    family = np.round(rng.uniform(size=(30, 4)), 1)
    family[10:15] = family[0]  # exact ties, broken by id
    ids = np.array([f"id{(i * 7) % 30:02d}" for i in range(30)])
    eligible = np.ones(30, bool)
    eligible[[3, 11, 20]] = False
    weights = np.vstack([dirichlet_draws(np.full(4, 0.25), 5.0, 50, rng), np.full((1, 4), 0.25)])
    ranks = rank_draws(family, eligible, id_order(ids), weights)
    for d in range(len(weights)):
        np.testing.assert_array_equal(ranks[d], _lexsort_ranks(family, eligible, ids, weights[d]))
    assert (ranks[:, ~eligible] > eligible.sum()).all()  # ineligible after every eligible one


def test_fit_on_a_ranking_rows_align_and_base_ranks_equal_the_ranking(intake):
    for rank_by in ("point", "low", "high"):
        ranking = polex.assess(rank_by=rank_by).rank(intake.columns)
        s = Sensitivity(draws=300, concentration=50.0, top_k=10, seed=0).fit(ranking)
        np.testing.assert_array_equal(s.base_ranks_, ranking.ranks)
        n = len(ranking)
        for attr in ("median_rank_", "rank_lo_", "rank_hi_", "p_top_"):
            assert getattr(s, attr).shape == (n,)
        assert (s.rank_lo_ <= s.median_rank_).all() and (s.median_rank_ <= s.rank_hi_).all()
        assert s.p_top_.sum() == pytest.approx(min(10, n))
        assert s.families_ == ranking.assessment.scorer_.families_
        assert len(s.oat_) == 2 * int((s.weights_ > 0).sum())


def test_one_at_a_time_flip():
    family = np.array([[1.0, 0.0], [0.0, 1.0], [0.2, 0.2]])
    ids = np.array(["a", "b", "c"])
    s = Sensitivity(draws=10, top_k=1, seed=0, delta=0.2).fit_arrays(family, np.ones(3, bool), ids,
                                                                      np.array([0.5, 0.5]), ["x", "y"])
    assert s.base_ranks_.tolist() == [1, 2, 3]  # a tie at 50, broken by id
    by = {(o.family, round(o.change, 2)): o for o in s.oat_}
    np.testing.assert_allclose(by[("x", -0.2)].weights, [0.4, 0.6])
    assert by[("x", -0.2)].entered.tolist() == [1] and by[("x", -0.2)].left.tolist() == [0]
    assert by[("x", 0.2)].flips.size == 0
    assert by[("y", 0.2)].entered.tolist() == [1] and by[("y", 0.2)].left.tolist() == [0]


def test_one_at_a_time_weights_keep_the_simplex():
    labels, w = one_at_a_time_weights(np.array([0.5, 0.3, 0.2, 0.0]), 0.2)
    assert len(labels) == 6  # the zero-weight family is not moved
    np.testing.assert_allclose(w.sum(axis=1), 1.0)
    assert w[0, 0] == pytest.approx(0.6) and w[1, 0] == pytest.approx(0.4)
    assert (w[:, 3] == 0).all()


def test_dirichlet_draws_centre_on_the_profile_and_keep_zero_weights():
    w = np.array([0.5, 0.3, 0.2, 0.0])
    d = dirichlet_draws(w, 50.0, 20000, np.random.default_rng(0))
    np.testing.assert_allclose(d.sum(axis=1), 1.0)
    np.testing.assert_allclose(d.mean(axis=0), w, atol=0.005)
    assert (d[:, 3] == 0).all()
    # variance w(1 - w) / (concentration + 1)
    np.testing.assert_allclose(d[:, :3].var(axis=0), w[:3] * (1 - w[:3]) / 51, rtol=0.1)


def test_rank_quantiles_are_inverted_cdf():
    rng = np.random.default_rng(5)
    ranks = np.stack([rng.permutation(12) + 1 for _ in range(101)]).astype(np.int32)
    got = rank_quantiles(ranks, (0.05, 0.5, 0.95))
    want = np.quantile(ranks, (0.05, 0.5, 0.95), axis=0, method="inverted_cdf")
    np.testing.assert_array_equal(got, want)


def test_bad_parameters_are_refused():
    family, ids, w = np.ones((2, 2)), np.array(["a", "b"]), np.array([0.5, 0.5])
    for kwargs in ({"draws": 0}, {"concentration": 0.0}, {"top_k": 0}, {"delta": 1.5}):
        with pytest.raises(ValueError):
            Sensitivity(**kwargs).fit_arrays(family, np.ones(2, bool), ids, w)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), d=st.integers(1, 60), n=st.integers(1, 40), width=st.integers(1, 10),
       per=st.integers(1, 25), k=st.integers(1, 10), jobs=st.sampled_from([1, 2, 3]))
def test_streamed_quantiles_are_the_held_matrixs(seed, d, n, width, per, k, jobs):
    """Two passes over blocks of draws give np.quantile's inverted CDF and P(top k) exactly, in
    any number of processes."""
    from polex.engine.sensitivity import streamed_quantiles

    rng = np.random.default_rng(seed)
    ranks = np.stack([rng.permutation(n) + 1 for _ in range(d)]).astype(np.uint16)
    qs = (0.0, 0.05, 0.5, 0.95, 1.0)
    got, top = streamed_quantiles(lambda a, b: ranks[a:b], d, n, k, qs, width, per, jobs)
    np.testing.assert_array_equal(got, np.quantile(ranks, qs, axis=0, method="inverted_cdf"))
    np.testing.assert_array_equal(top, (ranks <= k).mean(axis=0))


def test_a_large_sensitivity_does_not_hold_its_rank_matrix_and_gives_the_same(monkeypatch):
    import polex.engine.sensitivity as sensitivity

    rng = np.random.default_rng(3)
    n = 4100
    family, eligible = rng.random((n, 4)), rng.random(n) > 0.1
    ids, w = np.array([f"c{i:05d}" for i in range(n)]), np.array([0.4, 0.3, 0.2, 0.1])
    held = Sensitivity(draws=2200, seed=9).fit_arrays(family, eligible, ids, w)  # enough draws that counts are smaller
    monkeypatch.setattr(sensitivity, "HELD_RANKS", 0)
    calls = []
    real = sensitivity.rank_quantiles
    monkeypatch.setattr(sensitivity, "rank_quantiles", lambda *a: calls.append(1) or real(*a))
    streamed = Sensitivity(draws=2200, seed=9).fit_arrays(family, eligible, ids, w)
    assert not calls  # the quantiles came from the two passes
    for name in ("rank_lo_", "median_rank_", "rank_hi_", "p_top_", "base_ranks_"):
        np.testing.assert_array_equal(getattr(held, name), getattr(streamed, name))
