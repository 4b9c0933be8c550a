"""Family weights learned from historical outcomes (scikit-learn estimator; pure computation).

Features are the per-family scores (n x f, each 0..1) that the Scorer computes from the
outcome matrix; the target is `outcome` (1 = reached implementation or a funded next stage).
The model is the scorer's own form behind a logistic link:

    P(outcome = 1) = sigmoid(a + X @ c),   c >= 0,   weights = c / sum(c)

so the learned weights are non-negative, sum to 1, and rank candidates exactly as the
calibrated profile's score does (100 x X @ weights is a monotone transform of a + X @ c).
Gates are not part of the model: calibration changes family weights only; gate rules stay in
the rule files and a gated candidate still gets a probability from its family scores.

The fit minimises a convex objective over (a, c) with L-BFGS-B bounds c >= 0:

    C * sum_i s_i * logloss(y_i, a + x_i @ c)  +  1/2 |c|^2  +  prior_strength/2 * |c - sum(c) * w0|^2

The ridge term (C, as in scikit-learn's LogisticRegression) keeps c finite when the
outcomes are separable, which small samples often are. The last term pulls the *direction*
of c (not its size) towards the prior weights w0 (the expert profile), so with few records
the learned weights stay near the documented judgement and move away only as far as the
data push; with many records the data dominate. prior_strength = 0 gives a plain
non-negative ridge logistic regression.

With `learn_weights=False` the weights are fixed at the prior and only a and the scale s
(c = s * w0) are fitted: the same model for a given profile, which puts the expert profile
and the calibrated one on equal footing when they are compared by cross-validation.

Imports scikit-learn and scipy: import this module only where it is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import check_is_fitted

try:  # scikit-learn >= 1.6
    from sklearn.utils.validation import validate_data as _validate_data
except ImportError:  # pragma: no cover - older scikit-learn
    def _validate_data(estimator, *args, **kwargs):
        return estimator._validate_data(*args, **kwargs)

MIN_RECORDS = 30
MIN_PER_CLASS = 10


class WeightCalibrator(ClassifierMixin, BaseEstimator):
    """Non-negative logistic model on family scores; `weights_` is a point of the simplex.

    Parameters (stored unchanged; checked in `fit`):
    prior: prior family weights (f non-negative numbers, any scale), or None for equal weights.
    prior_strength: pull of the weights' direction towards the prior (0 = none).
    C: inverse strength of the ridge penalty on the coefficients, as in LogisticRegression.
    class_weight: None, "balanced" or {class: weight}.
    learn_weights: False fixes the weights at the prior and fits only intercept and scale.
    max_iter, tol: L-BFGS-B stopping rules.

    Fitted: classes_, n_features_in_, coef_ (1 x f, >= 0), intercept_ (1,), scale_ (sum of
    coef_), weights_ (f, >= 0, sums to 1), n_iter_.
    """

    def __init__(self, prior=None, prior_strength=1.0, C=1.0, class_weight=None, learn_weights=True,
                 max_iter=1000, tol=1e-8):
        self.prior = prior
        self.prior_strength = prior_strength
        self.C = C
        self.class_weight = class_weight
        self.learn_weights = learn_weights
        self.max_iter = max_iter
        self.tol = tol

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False  # a binary outcome: implemented or not
        # Non-negative coefficients cannot fit a negative relation (scikit-learn's generic
        # accuracy check uses such data); that restriction is the point of the model.
        tags.classifier_tags.poor_score = True
        return tags

    # ---- fitting -------------------------------------------------------------------------------

    def _check_params(self, f: int) -> np.ndarray:
        if not (np.isscalar(self.C) and self.C > 0):
            raise ValueError(f"C must be a positive number; got {self.C!r}")
        if not (np.isscalar(self.prior_strength) and self.prior_strength >= 0):
            raise ValueError(f"prior_strength must be >= 0; got {self.prior_strength!r}")
        if self.prior is None:
            return np.full(f, 1.0 / f)
        prior = np.asarray(self.prior, dtype=np.float64).ravel()
        if prior.shape != (f,):
            raise ValueError(f"prior has {prior.size} weights; X has {f} families (columns)")
        if not np.isfinite(prior).all() or (prior < 0).any() or prior.sum() <= 0:
            raise ValueError("prior weights must be non-negative, finite and not all zero")
        return prior / prior.sum()

    def _sample_weight(self, y01: np.ndarray, sample_weight) -> np.ndarray:
        sw = np.ones(len(y01)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        if sw.shape != y01.shape:
            raise ValueError(f"sample_weight has shape {sw.shape}; expected {y01.shape}")
        if not np.isfinite(sw).all() or (sw < 0).any() or sw.sum() <= 0:
            raise ValueError("sample_weight must be non-negative and finite, and not all zero")
        cw = self.class_weight
        if cw is None:
            return sw
        if cw == "balanced":
            counts = np.bincount(y01, minlength=2).astype(np.float64)
            per_class = len(y01) / (2.0 * counts)
        elif isinstance(cw, dict):
            per_class = np.array([float(cw.get(c, 1.0)) for c in self.classes_])
        else:
            raise ValueError(f"class_weight must be None, 'balanced' or a dict; got {cw!r}")
        return sw * per_class[y01]

    def fit(self, X, y, sample_weight=None):
        X, y = _validate_data(self, X, y, dtype=np.float64, y_numeric=False)
        check_classification_targets(y)
        classes = np.unique(y)
        if len(classes) > 2 or type_of_target(y) == "multiclass":
            raise ValueError(f"Only binary classification is supported (outcome 0 or 1); got classes "
                             f"{classes.tolist()!r}")
        if len(classes) < 2:
            raise ValueError(f"the outcomes hold only one class ({classes.tolist()!r}); calibration needs "
                             "records of both outcomes")
        self.classes_, y01 = np.unique(y, return_inverse=True)
        y01 = y01.astype(np.intp)
        n, f = X.shape
        w0 = self._check_params(f)
        s = self._sample_weight(y01, sample_weight) * float(self.C)
        yf = y01.astype(np.float64)

        if self.learn_weights:
            lam = float(self.prior_strength)

            def objective(theta):
                a, c = theta[0], theta[1:]
                z = a + X @ c
                r = s * (expit(z) - yf)
                dev = c - c.sum() * w0  # the component of c off the prior's direction
                loss = float(s @ (np.logaddexp(0.0, z) - yf * z)) + 0.5 * c @ c + 0.5 * lam * dev @ dev
                grad = np.empty_like(theta)
                grad[0] = r.sum()
                grad[1:] = X.T @ r + c + lam * (dev - (w0 @ dev))
                return loss, grad

            start = np.zeros(f + 1)
            bounds = [(None, None)] + [(0.0, None)] * f
        else:
            xw = X @ w0
            ww = float(w0 @ w0)

            def objective(theta):
                a, k = theta
                z = a + k * xw
                r = s * (expit(z) - yf)
                loss = float(s @ (np.logaddexp(0.0, z) - yf * z)) + 0.5 * k * k * ww
                return loss, np.array([r.sum(), xw @ r + k * ww])

            start = np.zeros(2)
            bounds = [(None, None), (0.0, None)]

        res = minimize(objective, start, jac=True, method="L-BFGS-B", bounds=bounds,
                       options={"maxiter": int(self.max_iter), "gtol": float(self.tol), "ftol": 1e-15})
        theta = res.x
        coef = np.clip(theta[1:], 0.0, None) if self.learn_weights else max(theta[1], 0.0) * w0
        self.intercept_ = np.array([theta[0]])
        self.coef_ = coef.reshape(1, -1)
        self.scale_ = float(coef.sum())
        self.weights_ = coef / coef.sum() if self.scale_ > 1e-12 else w0.copy()
        self.n_iter_ = int(res.nit)
        return self

    # ---- prediction ----------------------------------------------------------------------------

    def decision_function(self, X) -> np.ndarray:
        """The log-odds of outcome = classes_[1]: a + X @ coef."""
        check_is_fitted(self)
        X = _validate_data(self, X, dtype=np.float64, reset=False)
        return self.intercept_[0] + X @ self.coef_[0]

    def predict_proba(self, X) -> np.ndarray:
        p = expit(self.decision_function(X))
        return np.column_stack([1.0 - p, p])

    def predict(self, X) -> np.ndarray:
        positive = self.decision_function(X) > 0
        return self.classes_[positive.astype(np.intp)]


MAPPING_C = (1.0, 10.0, 100.0, 1000.0)


def fit_success_mapping(score, y, Cs=MAPPING_C, folds: int = 5, seed: int = 0) -> tuple[float, float, float]:
    """The mapping from a profile's 0-100 score to the probability of success,

        P(outcome = 1) = sigmoid(intercept + slope * score),   slope >= 0 (per score point),

    fitted by the logistic model the weights are fitted with (WeightCalibrator with the weights
    fixed, so only intercept and scale are fitted; the feature is score / 100, on the family
    scores' 0..1 scale). Its ridge strength C is chosen among `Cs` by stratified cross-validation
    on the Brier score (the probabilities are what is used; two parameters need little shrinkage,
    but records that the score separates perfectly need some to keep the slope finite). No class
    weighting: the probabilities are those of the records as they are.
    Returns (intercept, slope per score point, the C chosen)."""
    from sklearn.model_selection import GridSearchCV, StratifiedKFold

    X = np.asarray(score, dtype=np.float64).reshape(-1, 1) / 100.0
    y = np.asarray(y).astype(int)
    k = max(2, min(int(folds), int(np.bincount(y, minlength=2).min())))
    search = GridSearchCV(WeightCalibrator(prior=np.ones(1), learn_weights=False), {"C": [float(c) for c in Cs]},
                          scoring="neg_brier_score", cv=StratifiedKFold(k, shuffle=True, random_state=seed),
                          refit=True).fit(X, y)
    model = search.best_estimator_
    return float(model.intercept_[0]), float(model.coef_[0, 0]) / 100.0, float(model.C)


# ---- evaluation ----------------------------------------------------------------------------------

def weighted_auc(scores: np.ndarray, y: np.ndarray, W: np.ndarray | None = None) -> np.ndarray:
    """ROC AUC (Mann-Whitney, ties counted 1/2) of `scores` against 0/1 `y`, for each row of
    record weights W (B x n; e.g. bootstrap counts). Vectorised over rows; returns (B,)."""
    scores = np.asarray(scores, dtype=np.float64)
    y = np.asarray(y).astype(np.float64)
    W = np.ones((1, len(y))) if W is None else np.atleast_2d(np.asarray(W, dtype=np.float64))
    order = np.argsort(scores, kind="stable")
    s, yy, Ws = scores[order], y[order], W[:, order]
    starts = np.flatnonzero(np.r_[True, s[1:] != s[:-1]])  # groups of tied scores
    pos = np.add.reduceat(Ws * yy, starts, axis=1)
    neg = np.add.reduceat(Ws * (1.0 - yy), starts, axis=1)
    neg_below = np.cumsum(neg, axis=1) - neg
    den = pos.sum(axis=1) * neg.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, (pos * (neg_below + 0.5 * neg)).sum(axis=1) / den, np.nan)


def weighted_brier(prob: np.ndarray, y: np.ndarray, W: np.ndarray | None = None) -> np.ndarray:
    """Brier score (mean squared error of the probability of outcome 1) per row of weights W."""
    err = (np.asarray(prob, dtype=np.float64) - np.asarray(y, dtype=np.float64)) ** 2
    W = np.ones((1, len(err))) if W is None else np.atleast_2d(np.asarray(W, dtype=np.float64))
    return (W @ err) / W.sum(axis=1)


def stratified_bootstrap(y: np.ndarray, n_bootstrap: int, rng: np.random.Generator) -> np.ndarray:
    """Bootstrap record counts (B x n) that resample each class within itself, so every
    resample keeps both classes (AUC stays defined) and the class balance of the data."""
    y = np.asarray(y)
    W = np.zeros((n_bootstrap, len(y)))
    for cls in np.unique(y):
        idx = np.flatnonzero(y == cls)
        W[:, idx] = rng.multinomial(len(idx), np.full(len(idx), 1.0 / len(idx)), size=n_bootstrap)
    return W


def sample_warnings(y: np.ndarray) -> list[str]:
    """What a reviewer must know about the size of the outcome sample."""
    y = np.asarray(y)
    out = []
    if len(y) < MIN_RECORDS:
        out.append(f"only {len(y)} records (fewer than {MIN_RECORDS}): the learned weights and the metrics "
                   "are very uncertain")
    for cls in (0, 1):
        k = int((y == cls).sum())
        if k < MIN_PER_CLASS:
            out.append(f"only {k} record{'s' if k != 1 else ''} with outcome {cls} (fewer than {MIN_PER_CLASS}): "
                       "cross-validated AUC and Brier rest on very few cases, and bootstrap intervals understate "
                       "their uncertainty")
    return out


@dataclass
class CVResult:
    """Repeated stratified cross-validation of several models on the same folds."""

    names: list[str]
    n_splits: int
    n_repeats: int
    n_bootstrap: int
    seed: int
    oof: dict[str, np.ndarray]  # name -> repeats x n out-of-fold P(outcome = 1)
    oof_score: dict[str, np.ndarray]  # name -> repeats x n out-of-fold profile score (X @ weights_)
    metrics: dict[str, dict[str, float | list[float]]] = field(default_factory=dict)
    difference: dict[str, float | list[float]] = field(default_factory=dict)  # names[0] - names[1]

    @property
    def scheme(self) -> str:
        return (f"{self.n_splits}-fold stratified cross-validation x {self.n_repeats} repeats; 95% CI: "
                f"bootstrap of the out-of-fold predictions ({self.n_bootstrap} resamples; stratified for AUC)")


def cross_validate(models: dict[str, BaseEstimator], X: np.ndarray, y: np.ndarray, n_splits: int = 5,
                   n_repeats: int = 10, n_bootstrap: int = 1000, seed: int = 0) -> CVResult:
    """Out-of-fold predictions of each model (cloned and refitted per fold, all on the same
    folds), then ROC AUC and Brier score with bootstrap 95% intervals.

    ROC AUC is that of the profile's own score, X @ weights_ (the ranking a reviewer sees;
    with fixed weights it does not depend on the fitted intercept and scale); the Brier score
    is that of P(outcome = 1) from predict_proba (the score mapped to a probability by the
    logistic fit on the training folds). A model without weights_ is scored by predict_proba.

    A metric is computed on the pooled out-of-fold predictions of one repeat (per-fold AUC is
    undefined when a fold holds one class) and averaged over repeats. The 95% intervals are
    percentile bootstrap intervals over records: for AUC a stratified bootstrap (each class
    resampled within itself, so AUC stays defined however rare a class is), for the Brier
    score an ordinary one (its uncertainty includes that of the class balance). The same
    resamples serve every repeat and model, so the difference between the first two models
    gets a paired interval. The number of folds is capped by the size of the smaller class.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y).astype(int)
    counts = np.bincount(y, minlength=2)
    smallest = int(counts.min())
    if smallest < 2:
        raise ValueError(f"cross-validation needs at least 2 records of each outcome; got {counts[0]} with "
                         f"outcome 0 and {counts[1]} with outcome 1")
    k = max(2, min(int(n_splits), smallest))
    cv = RepeatedStratifiedKFold(n_splits=k, n_repeats=n_repeats, random_state=seed)
    names = list(models)
    oof = {name: np.empty((n_repeats, len(y))) for name in names}
    oof_score = {name: np.empty((n_repeats, len(y))) for name in names}
    for fold, (train, test) in enumerate(cv.split(X, y)):
        r = fold // k
        for name, model in models.items():
            fitted = clone(model).fit(X[train], y[train])
            oof[name][r, test] = fitted.predict_proba(X[test])[:, 1]
            weights = getattr(fitted, "weights_", None)
            oof_score[name][r, test] = X[test] @ weights if weights is not None else oof[name][r, test]

    rng = np.random.default_rng(seed)
    W_auc = stratified_bootstrap(y, n_bootstrap, rng)
    W_brier = rng.multinomial(len(y), np.full(len(y), 1.0 / len(y)), size=n_bootstrap).astype(np.float64)
    result = CVResult(names, k, n_repeats, n_bootstrap, seed, oof, oof_score)
    boot: dict[str, dict[str, np.ndarray]] = {}
    for name in names:
        auc_point = np.mean([weighted_auc(p, y)[0] for p in oof_score[name]])
        brier_point = np.mean([weighted_brier(p, y)[0] for p in oof[name]])
        auc_b = np.mean([weighted_auc(p, y, W_auc) for p in oof_score[name]], axis=0)
        brier_b = np.mean([weighted_brier(p, y, W_brier) for p in oof[name]], axis=0)
        boot[name] = {"roc_auc": auc_b, "brier": brier_b}
        result.metrics[name] = {"roc_auc": float(auc_point), "roc_auc_ci95": _ci(auc_b),
                                "brier": float(brier_point), "brier_ci95": _ci(brier_b)}
    if len(names) >= 2:
        a, b = names[0], names[1]
        for metric in ("roc_auc", "brier"):
            result.difference[metric] = result.metrics[a][metric] - result.metrics[b][metric]
            result.difference[f"{metric}_ci95"] = _ci(boot[a][metric] - boot[b][metric])
    return result


def _ci(values: np.ndarray) -> list[float]:
    lo, hi = np.nanpercentile(values, [2.5, 97.5])
    return [float(lo), float(hi)]



class OnColumns(ClassifierMixin, BaseEstimator):
    """A model fitted on some columns of X (the family scores, or one baseline feature), so
    every profile and baseline is cross-validated on the same folds. `weights_` is spread back
    over all of X's columns, so X @ weights_ is the model's own score."""

    def __init__(self, model=None, columns=None):
        self.model = model
        self.columns = columns

    def fit(self, X, y):
        X = np.asarray(X, dtype=np.float64)
        cols = list(self.columns)
        self.model_ = clone(self.model).fit(X[:, cols], y)
        inner = getattr(self.model_, "best_estimator_", self.model_)
        self.weights_ = np.zeros(X.shape[1])
        self.weights_[cols] = inner.weights_
        self.classes_ = np.array([0, 1])
        return self

    def predict_proba(self, X):
        return self.model_.predict_proba(np.asarray(X, dtype=np.float64)[:, list(self.columns)])

    def predict(self, X):
        return self.model_.predict(np.asarray(X, dtype=np.float64)[:, list(self.columns)])


def shrunk_toward(prior, strengths=(0.1, 1.0, 10.0, 100.0), C: float = 1.0, inner_folds: int = 3, seed: int = 0):
    """The calibrated profile: a penalised logistic model centred on the expert weights, its
    pull towards them (prior_strength) chosen by an inner stratified CV on ROC AUC, so the
    outer CV that reports it is a nested one."""
    from sklearn.model_selection import GridSearchCV, StratifiedKFold

    return GridSearchCV(WeightCalibrator(prior=prior, C=C), {"prior_strength": list(strengths)}, scoring="roc_auc",
                        cv=StratifiedKFold(inner_folds, shuffle=True, random_state=seed), refit=True)


def auc_by_group(result: CVResult, y: np.ndarray, groups: np.ndarray, n_bootstrap: int = 1000,
                 seed: int = 0) -> dict[str, dict[str, dict[str, float | list[float] | int]]]:
    """ROC AUC of each model's out-of-fold score within each group (e.g. project archetype),
    with a stratified bootstrap 95% interval; a group needs both outcomes at least twice."""
    out: dict[str, dict] = {}
    rng = np.random.default_rng(seed)
    for g in sorted({str(v) for v in groups}):
        rows = np.flatnonzero(groups.astype(str) == g)
        yy = y[rows]
        counts = np.bincount(yy, minlength=2)
        if counts.min() < 2:
            continue
        W = stratified_bootstrap(yy, n_bootstrap, rng)
        out[g] = {}
        for name in result.names:
            scores = result.oof_score[name][:, rows]
            point = float(np.mean([weighted_auc(s, yy)[0] for s in scores]))
            boot = np.mean([weighted_auc(s, yy, W) for s in scores], axis=0)
            out[g][name] = {"roc_auc": point, "roc_auc_ci95": _ci(boot), "records": int(len(rows)),
                            "outcome_1": int(counts[1])}
    return out


def base_rates(outcomes: np.ndarray, rule_ids: list[str], prior: float = 0.5, smoothing: float = 4.0) -> dict:
    """Per rule, how often its condition holds among the records where it is known (true or
    false; n/a and unknown records do not count), smoothed toward `prior` by `smoothing`
    pseudo-records: rate = (true + prior x m) / (known + m). No outcome label is read."""
    out = {}
    for j, rid in enumerate(rule_ids):
        col = outcomes[:, j]
        true = int((col == 1).sum())
        known = true + int((col == 0).sum())
        out[rid] = {"rate": round((true + prior * smoothing) / (known + smoothing), 4), "true": true, "known": known}
    return out
