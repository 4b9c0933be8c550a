"""`polex calibrate`: weights learned from outcome records, cross-validated beside the expert profile
and two naive baselines, overall and per project archetype."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import click

from .common import (
    CONTEXT,
    DataError,
    assessment_for,
    lang_option,
    make_console,
    message,
    read_intake,
    rules_option,
    weights_option,
)
from .profile_io import check_profile_target, ci_text, save_profile


@click.command(context_settings=CONTEXT)
@click.argument("outcomes", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Write the calibrated profile here (.yaml).")
@weights_option
@rules_option
@click.option("--folds", default=5, show_default=True, type=click.IntRange(min=2),
              help="Cross-validation folds (capped by the size of the smaller outcome class).")
@click.option("--repeats", default=10, show_default=True, type=click.IntRange(min=1),
              help="Repeats of the stratified cross-validation, each with new folds.")
@click.option("--bootstrap", default=1000, show_default=True, type=click.IntRange(min=100),
              help="Bootstrap resamples for the 95% confidence intervals.")
@click.option("--seed", default=0, show_default=True, type=int, help="Seed of folds and bootstrap.")
@click.option("--C", "C", default=1.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              help="Inverse ridge strength (as in scikit-learn's LogisticRegression).")
@click.option("--prior-strength", default=1.0, show_default=True, type=click.FloatRange(min=0),
              help="Pull of the learned weights towards the --weights profile (0 = none).")
@click.option("--search/--no-search", "prior_strength_search", default=True, show_default=True,
              help="Choose --prior-strength by an inner CV (nested cross-validation) instead of taking it as given.")
@click.option("--class-weight", type=click.Choice(["none", "balanced"]), default="none", show_default=True,
              help="Weight the rarer outcome up ('balanced') or not.")
@click.option("--name", default=None, help="Name of the written profile (default: the file's stem).")
@lang_option
def calibrate(outcomes, out, weights, rules, folds, repeats, bootstrap, seed, C, prior_strength, prior_strength_search,
              class_weight, name, lang):
    """Learn family weights from historical OUTCOMES (candidate fields + `outcome` 0/1).

    Family scores computed by the rules are the features; a non-negative logistic model
    (scikit-learn estimator `WeightCalibrator`) gives weights that are >= 0 and sum to 1.
    Gates are not learned: they stay in the rule files. Prints cross-validated ROC AUC and
    Brier score (with bootstrap 95% intervals) of the calibrated profile beside the --weights
    profile, and writes the profile with its provenance (data hash, records, date, metrics).
    """
    import numpy as np
    from sklearn.base import clone

    from ..engine.calibrate import (
        OnColumns,
        WeightCalibrator,
        auc_by_group,
        cross_validate,
        sample_warnings,
        shrunk_toward,
    )
    from ..engine.columns import with_archetype
    from ..engine.weights import round_weights, rounded
    from ..formats import file_sha256
    from ..models.vocabulary import FIELD_BY_NAME, RULE_FIELDS
    from ..rules.profiles import today
    from ..views.labels import MESSAGES, family_label
    from ..views.labels_commands import engine_text

    MESSAGES_OF = lambda lang: MESSAGES.get(lang, MESSAGES["en"])  # noqa: E731

    check_profile_target(out)
    assessment = assessment_for(rules, weights)
    expert = assessment.profile
    intake = read_intake(outcomes, lang)
    t = lambda key, **values: message(lang, key, **values)  # noqa: E731
    if intake.rejects:
        click.echo(t("cal_rejected", n=intake.rejected_rows, file=outcomes), err=True)
    column = intake.columns["outcome"]
    known = column.known
    if not known.any():
        raise DataError(t("cal_no_outcome", file=outcomes))
    y_all = column.values[known]
    if not np.isin(y_all, (0, 1)).all():
        bad = sorted({int(v) for v in y_all if v not in (0, 1)})
        raise DataError(t("cal_bad_outcome", file=outcomes, bad=bad))
    y = y_all.astype(int)
    if (~known).any():
        click.echo(t("cal_left_out", n=int((~known).sum())), err=True)
    columns = with_archetype(intake.columns.take(np.flatnonzero(known)))
    ranking = assessment.rank(columns)
    scorer = assessment.scorer_
    X = ranking.result.family
    families = list(scorer.families_)
    w0 = scorer.weights_
    counts = np.bincount(y, minlength=2)
    if counts.min() < 2:
        raise DataError(t("cal_too_few", file=outcomes, n0=counts[0], n1=counts[1]))
    warnings = sample_warnings(y)
    for w in warnings:
        click.echo(t("warning", text=engine_text(w, lang)), err=True)

    params = {"C": C, "prior_strength": prior_strength, "class_weight": None if class_weight == "none" else class_weight}
    # Every profile and baseline on the same folds: the family scores, then two naive baselines
    # (funding status alone, unknown counted as none; the count of known fields).
    nf = len(families)
    funding = columns["funding_status"]
    known_count = np.column_stack([columns[f].known for f in RULE_FIELDS if f in columns.data]).sum(axis=1)
    X_all = np.column_stack([X, np.where(funding.known, funding.values.astype(float) + 1, 0.0), known_count])
    fam_cols = list(range(nf))
    calibrated = shrunk_toward(w0, C=C, seed=seed) if prior_strength_search else WeightCalibrator(prior=w0, **params)
    models = {
        "calibrated": OnColumns(calibrated, fam_cols),
        "expert": OnColumns(WeightCalibrator(prior=w0, learn_weights=False, **params), fam_cols),
        "funding status alone": OnColumns(WeightCalibrator(prior=np.ones(1), learn_weights=False), [nf]),
        "count of known fields": OnColumns(WeightCalibrator(prior=np.ones(1), learn_weights=False), [nf + 1]),
    }
    fitted_all = clone(calibrated).fit(X, y)
    model = getattr(fitted_all, "best_estimator_", fitted_all)
    if prior_strength_search:
        params["prior_strength"] = float(model.prior_strength)
    cv = cross_validate(models, X_all, y, n_splits=folds, n_repeats=repeats, n_bootstrap=bootstrap, seed=seed)
    archetypes = columns["archetype"]
    labels = np.array(FIELD_BY_NAME["archetype"].values + ("unknown",), dtype=object)
    groups = labels[np.where(archetypes.known, archetypes.values.astype(int), len(labels) - 1)]
    by_archetype = auc_by_group(cv, y, groups, n_bootstrap=bootstrap, seed=seed)
    new_w = round_weights(model.weights_)

    name = name or Path(out).stem
    m_cal, m_exp = cv.metrics["calibrated"], cv.metrics["expert"]
    how = (f"learned from {len(y)} outcome records ({Path(outcomes).name}, {counts[1]} reached implementation, "
           f"{counts[0]} did not)")
    profile = {
        "name": name,
        "description": {
            "en": f"Family weights {how} by a non-negative logistic model on the rules' family scores, shrunk "
                  f"towards the '{expert.name}' profile (prior_strength {prior_strength:g}). Cross-validated ROC AUC "
                  f"{m_cal['roc_auc']:.3f} (expert {m_exp['roc_auc']:.3f}).",
            "ko": f"과거 사례 {len(y)}건({Path(outcomes).name}; 실행 도달 {counts[1]}건, 미도달 {counts[0]}건)의 결과로 "
                  f"학습한 요인군 가중치. 규칙의 요인군 점수에 대한 비음수 로지스틱 모형으로 추정하고 '{expert.name}' "
                  f"프로파일 쪽으로 수축함. 교차검증 ROC AUC {m_cal['roc_auc']:.3f} (전문가 {m_exp['roc_auc']:.3f}).",
        },
        "unknown_prior": float(expert.unknown_prior),
        "families": {},
        "provenance": {},
    }
    for i, fam in enumerate(families):
        was = expert.families.get(fam)
        coef = float(model.coef_[0, i])
        why = f"Learned weight (logistic coefficient {coef:.3f}); expert weight {w0[i]:.3f}"
        if scorer.span_[i] <= 0:
            why = "No points in the rules: this family cannot score, so its weight is 0"
        elif was is not None:
            why += f" because: {was.why}"
        entry: dict[str, Any] = {"weight": new_w[i], "why": why}
        if was is not None and was.source:
            entry["source"] = was.source
        profile["families"][fam] = entry
    profile["provenance"] = rounded({
        "method": "polex calibrate: non-negative logistic regression on family scores (scipy L-BFGS-B, "
                  "scikit-learn estimator WeightCalibrator), weights = coefficients / their sum",
        "data_file": Path(outcomes).name,
        "data_sha256": file_sha256(outcomes),
        "records": int(len(y)),
        "date": today(),
        "metrics": {
            "validation": cv.scheme,
            "calibrated": m_cal,
            "expert": m_exp,
            "calibrated_minus_expert": cv.difference,
            "baselines": {k: cv.metrics[k] for k in ("funding status alone", "count of known fields")},
            "by_archetype": by_archetype,
        },
        "outcome_counts": {"0": int(counts[0]), "1": int(counts[1])},
        "prior_profile": expert.name,
        "parameters": {**params, "folds": cv.n_splits, "repeats": repeats, "bootstrap": bootstrap, "seed": seed},
        "intercept": float(model.intercept_[0]),
        "warnings": warnings,
    })
    # How well this profile predicted the records out of sample: what the report shows at its top.
    profile["validation"] = rounded({
        "method": "polex calibrate: " + cv.scheme,
        "data_sha256": profile["provenance"]["data_sha256"],
        "records": int(len(y)),
        "date": today(),
        "metrics": {"scheme": cv.scheme, "data_file": Path(outcomes).name, **m_cal,
                    "baselines": {k: cv.metrics[k] for k in ("funding status alone", "count of known fields")},
                    "expert": m_exp},
    })
    profile["success_probability"] = success_mapping(assessment, profile, columns, y, folds, seed, outcomes)
    save_profile(out, profile, "calibrate")

    from rich.table import Table

    console = make_console()
    console.print(t("cal_intro", n=len(y), file=outcomes, n1=counts[1], n0=counts[0]))
    table = Table(title=t("cal_weights"))
    for i, col in enumerate((t("c_family"), expert.name, t("c_calibrated"), t("c_change"))):
        table.add_column(col, justify="left" if i == 0 else "right")
    for i, fam in enumerate(families):
        table.add_row(family_label(fam, lang), f"{w0[i]:.3f}", f"{new_w[i]:.3f}", f"{new_w[i] - w0[i]:+.3f}")
    console.print(table)
    table = Table(title=t("cal_perf", scheme=engine_text(cv.scheme, lang)))
    for i, col in enumerate((t("c_profile"), "ROC AUC", t("c_ci"), "Brier", t("c_ci") + " ")):
        table.add_column(col, justify="left" if i == 0 else "right")
    cal_label = t("c_calibrated") if name == "calibrated" else t("c_calibrated_named", name=name)
    rows_shown = ((cal_label, m_cal), (t("c_expert_named", name=expert.name), m_exp),
                  *((t("c_baseline", name=t("m_" + k)), cv.metrics[k])
                    for k in ("funding status alone", "count of known fields")))
    for label, m in rows_shown:
        table.add_row(label, f"{m['roc_auc']:.3f}", ci_text(m["roc_auc_ci95"]), f"{m['brier']:.3f}", ci_text(m["brier_ci95"]))
    d = cv.difference
    table.add_row(t("c_difference"), f"{d['roc_auc']:+.3f}", ci_text(d["roc_auc_ci95"]), f"{d['brier']:+.3f}",
                  ci_text(d["brier_ci95"]))
    console.print(table)
    table2 = Table(title=t("cal_by_archetype"))
    table2.add_column(t("c_archetype"))
    table2.add_column(t("c_records"), justify="right")
    for label in cv.names:
        table2.add_column(MESSAGES_OF(lang).get("m_" + label, label), justify="right")
    for group, per in by_archetype.items():
        first = next(iter(per.values()))
        table2.add_row(MESSAGES_OF(lang).get("a_" + group, group), t("c_records_ones", records=first["records"], ones=first["outcome_1"]),
                       *(f"{per[k]['roc_auc']:.3f} {ci_text(per[k]['roc_auc_ci95'])}" for k in cv.names))
    console.print(table2)
    console.print(t("cal_explain"))
    m = profile["success_probability"]

    def p(score: float) -> float:
        return 1.0 / (1.0 + math.exp(-(m["intercept"] + m["slope"] * score)))

    console.print(t("cal_mapping", a=m["intercept"], b=m["slope"], n=m["records"], p40=p(40), p60=p(60), p80=p(80)),
                  markup=False)
    click.echo(t("cal_written", out=out))


def success_mapping(assessment, profile: dict, columns, y, folds: int, seed: int, outcomes: str) -> dict:
    """The written profile's own score, mapped to the probability of success by a logistic fit on
    the same outcome records (what `polex portfolio` maximises the sum of)."""
    from ..engine.calibrate import fit_success_mapping
    from ..engine.core import Assessment
    from ..formats import file_sha256
    from ..models.rules import WeightsProfile
    from ..rules.profiles import today

    own = Assessment(assessment.ruleset, WeightsProfile.model_validate(profile)).fit().rank(columns)
    intercept, slope, C = fit_success_mapping(own.result.key("point"), y, folds=folds, seed=seed)
    return {
        "intercept": round(intercept, 6),
        "slope": round(slope, 8),
        "method": f"polex calibrate: logistic regression of the outcome on this profile's score (P = 1 / (1 + "
                  f"exp(-(intercept + slope x score))), slope per score point; ridge C {C:g} chosen by stratified "
                  "cross-validation on the Brier score; no class weights)",
        "data_file": Path(outcomes).name,
        "data_sha256": file_sha256(outcomes),
        "records": int(len(y)),
        "date": today(),
    }
