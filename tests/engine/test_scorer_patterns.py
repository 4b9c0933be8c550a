"""The scorer's per-family sums by outcome pattern equal the (rows x rules) @ (rules x families)
product over every row: sums of points exactly (whole numbers), base-rate sums to the last bit or
two (BLAS may add a row of a short block in another order); and a row's sums, by pattern, do not
depend on the other rows or on its place. Random outcome matrices reuse a small pool of patterns
per family, as real pipelines do."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_explain_patterns import outcome_matrix as matrix  # pools of family patterns, as pipelines hold

import polex
from polex.engine.outcomes import TRUE, UNKNOWN
from polex.engine.ruleset import RuleSet
from polex.engine.scorer import Scorer

PROFILE = polex.load_profile()
SHIPPED = polex.load_rules()
UNSCOPED = RuleSet(tuple(r for r in SHIPPED.rules if r.out_of_scope is None))


def bits(a: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(a).view(np.int64)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 300), pool=st.integers(1, 40),
       na_share=st.sampled_from([0.0, 0.2, 1.0]), unknown_share=st.sampled_from([0.0, 0.3, 1.0]),
       scoped=st.booleans(), block=st.sampled_from([1, 2, 5, 8192]))
def test_sums_by_pattern_equal_the_product_bit_for_bit(seed, n, pool, na_share, unknown_share, scoped, block):
    ruleset = SHIPPED if scoped else UNSCOPED
    by_pattern = Scorer(PROFILE).fit(ruleset)
    by_pattern.PATTERN_ROWS = 0  # always by pattern, however few rows
    by_pattern.BLOCK = block  # blocks of one row are padded to two (no matrix-vector kernel)
    product = Scorer(PROFILE).fit(ruleset)
    product.PATTERN_ROWS = 10**12  # never
    out = matrix(ruleset, by_pattern, np.random.default_rng(seed), n, pool, na_share, unknown_share)
    got, want = by_pattern._sums(out), product._product(out)
    assert sorted(got) == sorted(want)
    for key in want:
        if key == "rated":
            np.testing.assert_allclose(got[key], want[key], rtol=1e-14, atol=1e-12)
        else:
            assert np.array_equal(bits(got[key]), bits(want[key])), key
    a, b = by_pattern.score(out), product.score(out)
    for name in ("score", "score_lo", "score_hi", "family", "family_raw"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), rtol=0, atol=1e-9, err_msg=name)
    # A row's sums by pattern do not depend on its place: the rows reversed give the rows' sums reversed.
    again = by_pattern._sums(out[::-1].copy())
    for key in got:
        assert np.array_equal(bits(again[key][::-1]), bits(got[key])), key


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 300), pool=st.integers(1, 40),
       cuts=st.lists(st.integers(0, 300), max_size=4), scoped=st.booleans())
def test_blocks_read_the_rankings_patterns_as_the_whole_does(seed, n, pool, cuts, scoped):
    """Assessment.rank codes the outcome patterns of all its rows once and scores a block at a
    time: the blocks give every row the family scores the whole gives it, bit for bit (the
    weighted sum is BLAS's, whose order of addition depends on a row's place in its block), and
    what scoring the rows without the ranking's codes gives."""
    ruleset = SHIPPED if scoped else UNSCOPED
    scorer = Scorer(PROFILE).fit(ruleset)
    scorer.PATTERN_ROWS = 0  # coded by pattern, however few rows
    out = matrix(ruleset, scorer, np.random.default_rng(seed), n, pool, 0.2, 0.3)
    patterns = scorer.patterns(out)
    whole = scorer.score(out, patterns)
    bounds = sorted({0, n, *(c % (n + 1) for c in cuts)})
    parts = [scorer.score(out[a:b], patterns.take(slice(a, b))) for a, b in zip(bounds, bounds[1:])]
    alone = scorer.score(out)
    for name in ("score", "score_lo", "score_hi", "family", "family_raw", "eligible", "gate_unknown"):
        joined = np.concatenate([getattr(p, name) for p in parts])
        if name.startswith("family"):
            assert np.array_equal(bits(joined), bits(getattr(whole, name))), name
        np.testing.assert_allclose(joined, getattr(whole, name), rtol=0, atol=1e-9, err_msg=name)
        np.testing.assert_allclose(getattr(alone, name), getattr(whole, name), rtol=0, atol=1e-9, err_msg=name)


def test_int16_codes_of_many_patterns_place_each_row_in_its_own_family():
    """Pattern codes are int16 where each family's count fits; a family's place in the flat table
    (its code plus the earlier families' counts) can pass 32767 all the same, and must not wrap
    into another family's values (helper-29's case: two families of ~20,000 patterns each)."""
    from polex.engine.outcomes import FALSE

    scorer = Scorer(PROFILE).fit(SHIPPED)
    product = Scorer(PROFILE).fit(SHIPPED)
    product.PATTERN_ROWS = 10**12  # never by pattern
    rng = np.random.default_rng(1)
    n = 60000
    out = np.full((n, len(SHIPPED)), FALSE, dtype=np.int8)
    values = np.array([TRUE, FALSE, UNKNOWN], dtype=np.int8)
    wide = sorted(range(len(scorer.family_rules_)), key=lambda f: -len(scorer.family_rules_[f]))[:2]
    for f, g in enumerate(scorer.family_rules_):
        pool = rng.choice(values, size=(25000 if f in wide else 50, len(g)))
        out[:, g] = pool[rng.integers(0, len(pool), n)]
    patterns = scorer.patterns(np.asfortranarray(out))
    assert patterns.codes.dtype == np.int16 and sum(patterns.counts) > 32768
    got, want = scorer.score(out, patterns), product.score(out)
    for name in ("family", "family_raw", "score", "score_lo", "score_hi"):
        np.testing.assert_allclose(getattr(got, name), getattr(want, name), rtol=0, atol=1e-9, err_msg=name)


def test_the_default_switch_is_by_size():
    scorer = Scorer(PROFILE).fit(SHIPPED)
    rng = np.random.default_rng(0)
    small = matrix(SHIPPED, scorer, rng, scorer.PATTERN_ROWS - 1, 30, 0.1, 0.3)
    got, want = scorer._sums(small), scorer._product(small)
    assert all(np.array_equal(bits(got[k]), bits(want[k])) for k in want)  # below the switch: the product
    big = matrix(SHIPPED, scorer, rng, scorer.PATTERN_ROWS + 5, 30, 0.1, 0.3)
    got, want = scorer._sums(big), scorer._product(big)
    for key in want:
        np.testing.assert_allclose(got[key], want[key], rtol=1e-14, atol=1e-12)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), n=st.integers(0, 60), distinct=st.booleans())
def test_ranking_order_is_lexsorts(data, n, distinct):
    """The ranking's order by permutation and two stable sorts is np.lexsort's: eligible first,
    higher key, then id; ties, zeros of either sign and NaN included; ids that repeat (not a
    permutation) take lexsort itself."""
    from polex.engine.scorer import ranking_order

    key = np.array(data.draw(st.lists(st.sampled_from([0.0, -0.0, 1.5, 2.0, -3.0, np.nan, 7.25]), min_size=n,
                                      max_size=n)), dtype=float)
    eligible = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
    if distinct:
        id_order = np.array(data.draw(st.permutations(range(n))), dtype=np.int64)
    else:
        id_order = np.array(data.draw(st.lists(st.integers(0, max(n - 1, 0)), min_size=n, max_size=n)), dtype=np.int64)
    assert ranking_order(eligible, key, id_order).tolist() == np.lexsort((id_order, -key, ~eligible)).tolist()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 300), pool=st.integers(1, 40),
       na_share=st.sampled_from([0.0, 0.2, 1.0]), switch=st.sampled_from([0, 10**12]))
def test_scores_are_the_plain_formula_bit_for_bit(seed, n, pool, na_share, switch):
    """score() finds each row's weights once per set of families in scope and replaces only the
    columns of families that can be out of scope; that is the plain formula, bit for bit: weights
    renormalised row by row, np.where(active, family, weighted mean of the row) everywhere, then
    the weighted sum (the same BLAS call on the same matrix)."""
    from polex.engine.scorer import family_scores, weighted_sum

    scorer = Scorer(PROFILE).fit(SHIPPED)
    scorer.PATTERN_ROWS = switch  # by pattern (weights by set), or the product (row by row)
    out = matrix(SHIPPED, scorer, np.random.default_rng(seed), n, pool, na_share, 0.3)
    got = scorer.score(out)
    sums = scorer._sums(out)
    worst, span = sums["worst"], sums["span"]
    active = span > 1e-9
    w = np.where(active, scorer.weights_, 0.0)
    w = w / np.where((total := w.sum(axis=1, keepdims=True)) > 0, total, 1.0)
    for name, key in (("score", "point"), ("score_lo", "low"), ("score_hi", "high")):
        family = family_scores(scorer._nets(sums)[key], worst, span)
        placed = np.where(active, family, (family * w).sum(axis=1, keepdims=True))
        assert np.array_equal(bits(getattr(got, name)), bits(weighted_sum(placed, scorer.weights_))), name
        if name == "score":
            assert np.array_equal(bits(got.family), bits(placed))


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 30), k=st.one_of(st.integers(0, 40), st.integers(120, 300)),
       order=st.sampled_from("CF"), zeros=st.sampled_from([0.0, 0.3, 1.0]), spread=st.sampled_from([0, 300]))
def test_row_sum_adds_a_row_as_numpy_sum_does_bit_for_bit(seed, n, k, order, zeros, spread):
    """row_sum, column by column, gives each row the bits numpy's sum(axis=1) gives a row whose
    items lie side by side (the scores were made that way), whatever the matrix's own layout:
    signed zeros, magnitudes far apart, and past numpy's block of 128 items."""
    from polex.engine.scorer import row_sum

    rng = np.random.default_rng(seed)
    matrix = rng.standard_normal((n, k)) * 10.0 ** rng.integers(-spread, spread + 1, (n, k))
    matrix[rng.random((n, k)) < zeros] = 0.0
    matrix[rng.random((n, k)) < zeros / 2] = -0.0
    want = np.ascontiguousarray(matrix).sum(axis=1)
    assert np.array_equal(bits(row_sum(np.asarray(matrix, order=order))), bits(want))
