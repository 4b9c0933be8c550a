"""Calibration of family weights from outcomes: the estimator, its recovery of known weights,
and the cross-validated metrics."""

from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.utils.estimator_checks import check_estimator

import polex
from polex.engine.calibrate import (
    WeightCalibrator,
    cross_validate,
    sample_warnings,
    stratified_bootstrap,
    weighted_auc,
    weighted_brier,
)
from polex.formats.pipeline import read_pipeline
from polex.models.vocabulary import BOOL, ENUM, FIELDS, FLOAT, INT, LIST, ORDINAL, STR

OUTCOMES = Path(polex.__file__).resolve().parent / "fixtures" / "outcomes.csv"


def synthetic_records(n: int, rng: np.random.Generator, p_known: float = 0.7) -> list[dict]:
    """Random but valid candidates: each field known with probability p_known."""
    out = []
    for i in range(n):
        r = {"id": f"s{i:05d}", "partner_city": "Testville", "country": "PHL"}
        for f in FIELDS:
            if f.name in r or f.kind == STR or f.name == "outcome" or rng.uniform() > p_known:
                continue
            if f.kind in (ENUM, ORDINAL):
                r[f.name] = f.values[rng.integers(len(f.values))]
            elif f.kind == BOOL:
                r[f.name] = bool(rng.integers(2))
            elif f.kind == LIST:
                r[f.name] = [v for v in f.values if rng.uniform() < 0.3]
            elif f.kind == INT:
                r[f.name] = int(rng.integers(2000, 2025) if f.name == "year" else rng.integers(0, 60))
            elif f.kind == FLOAT:
                r[f.name] = float(rng.uniform(0, 400))
        # A city development abroad: every family has rules in scope, so no family score is the
        # stand-in mean of the others (which would tie the features together).
        r["archetype"] = "city_development"
        out.append(r)
    return out


@pytest.fixture(scope="module")
def synthetic():
    """8,000 synthetic records scored by the shipped rules: family scores X and the
    outcome drawn from known weights that disagree with the expert profile's order."""
    rng = np.random.default_rng(0)
    assessment = polex.assess()
    X = assessment.rank(synthetic_records(8000, rng)).result.family
    true_w = np.arange(1, 10) / 45.0  # demand lowest ... context highest; the expert has it the other way
    s = X @ true_w
    z = 4.0 * (s - np.median(s)) / s.std()
    y = (rng.uniform(size=len(s)) < 1 / (1 + np.exp(-z))).astype(int)
    return X, y, true_w, assessment.scorer_.weights_


def test_recovers_the_order_of_generating_weights_and_their_auc(synthetic):
    X, y, true_w, expert_w = synthetic
    train, test = slice(0, 6000), slice(6000, None)
    model = WeightCalibrator(prior=expert_w).fit(X[train], y[train])
    w = model.weights_
    assert (w >= 0).all() and w.sum() == pytest.approx(1.0)
    assert np.argsort(-w).tolist() == np.argsort(-true_w).tolist()
    auc_learned = roc_auc_score(y[test], X[test] @ w)
    auc_true = roc_auc_score(y[test], X[test] @ true_w)
    assert abs(auc_learned - auc_true) < 0.02
    # the expert profile ranks these outcomes clearly worse: the data moved the weights
    assert roc_auc_score(y[test], X[test] @ expert_w) < auc_true - 0.05


def test_prior_strength_pulls_towards_the_prior(synthetic):
    X, y, _, expert_w = synthetic
    free = WeightCalibrator(prior=expert_w, prior_strength=0.0).fit(X[:500], y[:500]).weights_
    held = WeightCalibrator(prior=expert_w, prior_strength=1e4).fit(X[:500], y[:500]).weights_
    assert np.abs(held - expert_w).sum() < 0.05 < np.abs(free - expert_w).sum()


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.SkipTestWarning")  # pandas / array-API checks
def test_estimator_contract():
    check_estimator(WeightCalibrator())  # scikit-learn's own checks: raises on a failure
    prior = [0.5, 0.25, 0.25]
    est = WeightCalibrator(prior=prior, prior_strength=2.0, C=0.5, class_weight="balanced")
    assert est.get_params()["prior"] is prior  # stored unchanged
    twin = clone(est)
    assert twin.get_params() == est.get_params() and not hasattr(twin, "weights_")


def test_fixed_weights_mode_keeps_the_prior():
    rng = np.random.default_rng(2)
    X = rng.uniform(size=(200, 3))
    y = (X[:, 2] + rng.normal(0, 0.2, 200) > 0.5).astype(int)
    prior = np.array([0.6, 0.3, 0.1])
    fixed = WeightCalibrator(prior=prior, learn_weights=False).fit(X, y)
    np.testing.assert_allclose(fixed.weights_, prior)
    learned = WeightCalibrator(prior=prior, prior_strength=0.0).fit(X, y)
    assert np.argmax(learned.weights_) == 2
    p = learned.predict_proba(X)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(np.log(p[:, 1] / p[:, 0]), learned.decision_function(X))
    assert set(learned.predict(X)) <= {0, 1}


def test_bad_parameters_and_targets():
    X = np.random.default_rng(0).uniform(size=(20, 3))
    y = np.arange(20) % 2
    with pytest.raises(ValueError, match="prior has 2"):
        WeightCalibrator(prior=[0.5, 0.5]).fit(X, y)
    with pytest.raises(ValueError, match="C must"):
        WeightCalibrator(C=0).fit(X, y)
    with pytest.raises(ValueError, match="one class"):
        WeightCalibrator().fit(X, np.ones(20, int))
    with pytest.raises(ValueError, match="binary"):
        WeightCalibrator().fit(X, np.arange(20) % 3)


def test_weighted_auc_and_brier_match_scikit_learn():
    rng = np.random.default_rng(4)
    scores = np.round(rng.normal(size=80), 1)  # many ties
    y = (scores + rng.normal(size=80) > 0).astype(int)
    W = rng.integers(0, 3, size=(5, 80)).astype(float)
    got = weighted_auc(scores, y, W)
    want = [roc_auc_score(y, scores, sample_weight=w) for w in W]
    np.testing.assert_allclose(got, want)
    p = 1 / (1 + np.exp(-scores))
    np.testing.assert_allclose(weighted_brier(p, y, W), [brier_score_loss(y, p, sample_weight=w) for w in W])


def test_stratified_bootstrap_keeps_class_counts():
    y = np.array([1] * 35 + [0] * 2)
    W = stratified_bootstrap(y, 200, np.random.default_rng(0))
    assert (W[:, y == 0].sum(axis=1) == 2).all() and (W[:, y == 1].sum(axis=1) == 35).all()


def test_sample_warnings():
    assert sample_warnings(np.array([0, 1] * 20)) == []
    w = sample_warnings(np.array([1] * 35 + [0] * 2))
    assert len(w) == 1 and "outcome 0" in w[0]
    assert len(sample_warnings(np.array([1, 0] * 5))) == 3


def test_cross_validation_on_the_outcomes_fixture():
    intake = read_pipeline(OUTCOMES)
    assessment = polex.assess()
    X = assessment.rank(intake.columns).result.family
    y = intake.columns["outcome"].values.astype(int)
    w0 = assessment.scorer_.weights_
    models = {"calibrated": WeightCalibrator(prior=w0), "default": WeightCalibrator(prior=w0, learn_weights=False)}
    cv = cross_validate(models, X, y, n_splits=5, n_repeats=4, n_bootstrap=300, seed=1)
    assert cv.n_splits == 5  # the corpus holds enough failures for five folds
    for name in models:
        m = cv.metrics[name]
        assert 0 <= m["roc_auc"] <= 1 and 0 <= m["brier"] <= 1
        assert m["roc_auc_ci95"][0] <= m["roc_auc"] <= m["roc_auc_ci95"][1]
        assert m["brier_ci95"][0] <= m["brier"] <= m["brier_ci95"][1]
        assert cv.oof[name].shape == (4, len(y))
    assert cv.difference["roc_auc"] == pytest.approx(cv.metrics["calibrated"]["roc_auc"]
                                                     - cv.metrics["default"]["roc_auc"])
    again = cross_validate(models, X, y, n_splits=5, n_repeats=4, n_bootstrap=300, seed=1)
    assert again.metrics == cv.metrics
    with pytest.raises(ValueError, match="at least 2"):
        cross_validate(models, X, np.r_[np.ones(len(y) - 1, int), 0])


def test_cv_auc_of_a_fixed_profile_is_its_own_auc_whatever_the_fit():
    """The AUC reported for a profile is that of its score; pooling out-of-fold probabilities
    from folds with different intercepts must not distort it."""
    rng = np.random.default_rng(7)
    X = rng.uniform(size=(120, 4))
    y = (X @ [0.1, 0.2, 0.3, 0.4] + rng.normal(0, 0.15, 120) > 0.5).astype(int)
    w0 = np.array([0.4, 0.3, 0.2, 0.1])
    for C in (1e-3, 1.0, 100.0):
        cv = cross_validate({"fixed": WeightCalibrator(prior=w0, learn_weights=False, C=C)}, X, y, n_repeats=2,
                            n_bootstrap=100)
        assert cv.metrics["fixed"]["roc_auc"] == pytest.approx(roc_auc_score(y, X @ w0))
