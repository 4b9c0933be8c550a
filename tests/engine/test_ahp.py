"""AHP: principal eigenvector, Saaty's consistency ratio, the most inconsistent pair."""

import numpy as np
import pytest

from polex.engine.ahp import PairwiseError, ahp, check_pairwise, random_index, reciprocal_matrix

# Saaty, T. L. (2008) 'Decision making with the analytic hierarchy process', Int. J. Services
# Sciences 1(1): 83-98, Table 2: "Which drink is consumed more in the US?" Row i, column j:
# how much more of drink i is consumed than of drink j. Published: the derived priorities
# (three decimals) and C.R. = 0.022.
DRINKS = ["coffee", "wine", "tea", "beer", "sodas", "milk", "water"]
DRINKS_MATRIX = [
    [1, 9, 5, 2, 1, 1, 1 / 2],
    [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
    [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
    [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [1, 9, 4, 2, 1, 2, 1 / 2],
    [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [2, 9, 9, 3, 2, 3, 1],
]
DRINKS_PUBLISHED = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
DRINKS_CR = 0.022


def test_saaty_drinks_example_reproduced_to_published_precision():
    res = ahp(DRINKS_MATRIX)
    assert np.round(res.weights, 3).tolist() == DRINKS_PUBLISHED
    assert round(res.cr, 3) == DRINKS_CR
    assert res.ri == 1.32  # Saaty's RI for n = 7
    assert res.lambda_max > 7 and res.consistent
    assert res.ci == pytest.approx((res.lambda_max - 7) / 6)


def test_consistent_matrix_gives_its_weights_and_zero_cr():
    w = np.array([0.4, 0.3, 0.2, 0.1])
    res = ahp(w[:, None] / w[None, :])
    np.testing.assert_allclose(res.weights, w, atol=1e-12)
    assert res.lambda_max == pytest.approx(4.0)
    assert res.cr == pytest.approx(0.0, abs=1e-12)
    assert res.worst_pair is None


def test_most_inconsistent_pair_is_the_perturbed_judgement():
    w = np.array([0.35, 0.25, 0.2, 0.12, 0.08])
    a = w[:, None] / w[None, :]
    a[1, 3], a[3, 1] = 1 / 4, 4  # judged 1/4, the others imply 0.25/0.12 = 2.08
    res = ahp(a)
    assert res.worst_pair == (1, 3)
    assert res.worst_judgement == pytest.approx(0.25)
    # the weights lean towards what the other judgements say (0.25 / 0.12), away from 1/4
    assert 2 * res.worst_judgement < res.worst_implied < w[1] / w[3]
    assert res.cr > 0.1 and not res.consistent


def test_two_elements_are_always_consistent():
    res = ahp([[1, 5], [1 / 5, 1]])
    np.testing.assert_allclose(res.weights, [5 / 6, 1 / 6])
    assert res.cr == 0.0 and res.ri == 0.0


def test_reciprocal_matrix_from_judgements():
    a = reciprocal_matrix(3, {(0, 1): 3, (2, 0): 2, (1, 2): 1 / 2})
    assert a[0, 1] == 3 and a[1, 0] == pytest.approx(1 / 3)
    assert a[2, 0] == 2 and a[0, 2] == 0.5
    assert np.allclose(a * a.T, 1)
    with pytest.raises(PairwiseError, match="missing"):
        reciprocal_matrix(3, {(0, 1): 3, (1, 2): 2})
    with pytest.raises(PairwiseError, match="twice"):
        reciprocal_matrix(2, {(0, 1): 3, (1, 0): 1 / 3})
    with pytest.raises(PairwiseError, match="positive"):
        reciprocal_matrix(2, {(0, 1): 0})


@pytest.mark.parametrize("matrix, message", [
    ([[1, 2], [0.4, 1]], "not reciprocal"),
    ([[1, -2], [-0.5, 1]], "positive"),
    ([[2, 2], [0.5, 1]], "diagonal"),
    ([[1, 2, 3], [0.5, 1, 2]], "square"),
])
def test_bad_matrices_are_refused(matrix, message):
    with pytest.raises(PairwiseError, match=message):
        check_pairwise(matrix)


def test_random_index_table():
    assert [random_index(n) for n in (1, 2, 3, 9, 10)] == [0.0, 0.0, 0.58, 1.45, 1.49]
    with pytest.raises(PairwiseError):
        random_index(11)
