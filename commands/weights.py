"""Commands about weights: where they come from and how much the ranking depends on them.

    polex calibrate OUTCOMES --out PROFILE.yaml     learn family weights from historical outcomes
    polex sensitivity FILE --draws N --top K         Monte Carlo and one-at-a-time weight changes
    polex weights ahp PAIRWISE.yaml --out P.yaml     weights from pairwise judgements (AHP)
    polex weights show [--weights PROFILE]           the active profile, with why or provenance

The numbers come from engine/ (calibrate, sensitivity, ahp; AHP profiles from engine/weights.py);
profile files are read and written by rules/profiles.py; this module parses, calls and prints. scikit-learn, scipy and the
engines are imported inside the commands, so `polex score` starts fast.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..formats.files import keep_freed_blocks
from .common import (
    CONTEXT,
    DataError,
    assessment_for,
    check_output_target,
    error_text,
    group_lang_option,
    jobs_option,
    lang_option,
    make_console,
    message,
    os_error_text,
    profile_named,
    rank_by_option,
    read_intake,
    rules_option,
    weights_option,
)
from .profile_io import check_profile_target, ci_text

# Profile files are read and written by rules/profiles.py and profiles built by engine/weights.py;
# these wrappers keep the other profile-writing commands' imports working and make a profile
# file error exit 1.

@click.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--draws", default=1000, show_default=True, type=click.IntRange(min=1),
              help="Monte Carlo weight draws.")
@click.option("--top", "top_k", default=10, show_default=True, type=click.IntRange(min=1),
              help="K of the top K whose membership is reported.")
@click.option("--concentration", default=50.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              help="Dirichlet concentration around the profile's weights (larger = closer to them).")
@click.option("--seed", default=0, show_default=True, type=int, help="Seed of the draws (same seed, same result).")
@click.option("--delta", default=0.2, show_default=True, type=click.FloatRange(0, 1, min_open=True, max_open=True),
              help="One-at-a-time change of each family's weight (0.2 = +/-20%).")
@click.option("--show", default=20, show_default=True, type=click.IntRange(min=0),
              help="Rows shown in the terminal (best first); --out writes them all.")
@click.option("--out", type=click.Path(dir_okay=False),
              help="Write every candidate's figures to a file (.csv .xlsx .json .jsonl .parquet .md).")
@weights_option
@rules_option
@rank_by_option
@lang_option
@jobs_option
def sensitivity(file, draws, top_k, concentration, seed, delta, show, out, weights, rules, rank_by, lang, jobs):
    """How much the ranking of a pipeline FILE depends on the weights.

    Draws weights from a Dirichlet distribution around the active profile and reports, per
    candidate, the median rank, the 5-95 % rank interval and P(in top K); then moves each
    family's weight by +/- delta alone and lists the candidates that enter or leave the top K.
    """
    import numpy as np

    from ..engine.sensitivity import Sensitivity
    from ..formats import write_table

    check_output_target(out)
    assessment = assessment_for(rules, weights, "batch", rank_by, jobs)
    intake = read_intake(file, lang)
    t = lambda key, **values: message(lang, key, **values)  # noqa: E731
    if intake.rejects:
        click.echo(t("sens_rejected", n=intake.rejected_rows, file=file), err=True)
    ranking = assessment.rank(intake.columns)
    if len(ranking) == 0:
        raise DataError(t("no_candidates", file=file))
    keep_freed_blocks()  # the draws' temporaries reused, not mapped afresh for every chunk
    sens = Sensitivity(draws=draws, concentration=concentration, top_k=top_k, seed=seed, delta=delta,
                       jobs=jobs).fit(ranking)

    order = ranking.order
    cols = ranking.columns
    ids = cols.ids.astype(str)
    names = np.where(cols["name"].known, cols["name"].values, "")
    key = ranking.result.key(rank_by)
    header = ["rank", "id", "name", "score", "eligible", "median_rank", "rank_p05", "rank_p95", f"p_top_{top_k}"]
    rows = [[int(sens.base_ranks_[i]), ids[i], str(names[i]), round(float(key[i]), 2), bool(ranking.result.eligible[i]),
             int(sens.median_rank_[i]), int(sens.rank_lo_[i]), int(sens.rank_hi_[i]), round(float(sens.p_top_[i]), 4)]
            for i in order]
    if out:
        try:
            write_table(out, header, rows)
        except OSError as err:
            raise DataError(t("cannot_write", err=os_error_text(err, lang))) from None

    from rich.table import Table

    from ..views.labels import family_label

    console = make_console()
    console.print(t("sens_intro", n=len(ranking), draws=draws, c=concentration, profile=assessment.profile.name,
                    seed=seed, k=top_k, rank_by=t("rank_by_" + rank_by)))
    if show:
        table = Table(title=t("sens_table"))
        for col, just in (("#", "right"), (t("c_id"), "left"), (t("c_name"), "left"), (t("c_score"), "right"),
                          (t("c_median_rank"), "right"), ("5-95 %", "right"), (t("c_p_top", k=top_k), "right")):
            table.add_column(col, justify=just, overflow="fold")
        for r in rows[:show]:
            table.add_row(str(r[0]) + ("" if r[4] else t("sens_ineligible")), r[1], r[2][:40], f"{r[3]:.2f}", str(r[5]),
                          f"{r[6]}-{r[7]}", f"{r[8]:.2f}")
        console.print(table)
        if len(rows) > show:
            console.print(t("more_rows", n=len(rows) - show) + ("" if out else t("more_rows_out")))
    stable = int(((sens.p_top_ >= 0.9) & (sens.base_ranks_ <= top_k)).sum())
    console.print(t("sens_stable", stable=stable, shown=min(top_k, len(ranking)), k=top_k))

    table = Table(title=t("sens_oat", delta=delta, k=top_k))
    for col in (t("c_family"), t("c_weight"), t("c_enters"), t("c_leaves")):
        table.add_column(col, overflow="fold")
    w = sens.weights_
    for o in sens.oat_:
        i = sens.families_.index(o.family)
        table.add_row(f"{family_label(o.family, lang)} {o.change:+.0%}", f"{w[i]:.3f} -> {o.weights[i]:.3f}",
                      _id_list(ids, o.entered, lang=lang), _id_list(ids, o.left, lang=lang))
    console.print(table)
    flips = sorted({int(i) for o in sens.oat_ for i in o.flips})
    console.print(t("sens_flips", n=len(flips), k=top_k, delta=delta)
                  + (": " + _id_list(ids, np.array(flips), lang=lang) if flips else "."))
    if out:
        click.echo(t("sens_written", n=len(rows), out=out), err=True)


def _id_list(ids, rows, limit: int = 8, lang: str = "en") -> str:
    rows = list(rows)
    if not rows:
        return "-"
    text = ", ".join(ids[int(i)] for i in rows[:limit])
    return text + (message(lang, "more_ids", n=len(rows) - limit) if len(rows) > limit else "")


@click.group(context_settings=CONTEXT)
@group_lang_option
def weights():
    """Weights profiles: show the active one, or derive one from pairwise judgements (AHP)."""


@weights.command("show", context_settings=CONTEXT)
@weights_option
@lang_option
def weights_show(weights, lang):
    """Print the active profile: each family's weight with its justification, and the
    provenance of a learned or derived profile."""
    import yaml
    from rich.table import Table

    from ..rules.loader import profile_path
    from ..views.labels import family_label
    from ..views.labels_commands import engine_text

    t = lambda key, **values: message(lang, key, **values)  # noqa: E731
    profile = profile_named(weights)
    console = make_console()
    console.print(f"[bold]{profile.name}[/bold]  ({profile_path(weights)})")
    if profile.description:
        console.print(profile.description(lang))
    if profile.base_rates:
        console.print(t("ws_base_rates", n=len(profile.base_rates), prior=profile.unknown_prior))
    else:
        console.print(t("ws_prior", prior=profile.unknown_prior))
    table = Table()
    for i, col in enumerate((t("c_family"), t("c_weight"), t("c_why"), t("c_source"))):
        table.add_column(col, justify="right" if i == 1 else "left", overflow="fold")
    for fam, entry in sorted(profile.families.items(), key=lambda kv: -kv[1].weight):
        table.add_row(family_label(fam, lang), f"{entry.weight:.3f}", engine_text(entry.why, lang), entry.source or "")
    console.print(table)
    if profile.provenance:
        console.print(f"[bold]{t('ws_provenance')}[/bold]")
        click.echo(yaml.safe_dump(_worded(profile.provenance.model_dump(), lang), allow_unicode=True, sort_keys=False,
                                  width=110).rstrip())
    else:
        click.echo(t("ws_expert"))
    if profile.validation:
        m = profile.validation.metrics
        lines = [t("ws_validation", scheme=engine_text(m.get("scheme", profile.validation.method), lang),
                   records=profile.validation.records, file=m.get("data_file", "?")),
                 t("ws_this", auc=f"{m['roc_auc']:.3f}", auc_ci=ci_text(m["roc_auc_ci95"]), brier=f"{m['brier']:.3f}",
                   brier_ci=ci_text(m["brier_ci95"]))]
        for name, b in (m.get("baselines") or {}).items():
            lines.append(t("ws_baseline", name=message(lang, "m_" + name) if "m_" + name in _known(lang) else name,
                           auc=f"{b['roc_auc']:.3f}", auc_ci=ci_text(b["roc_auc_ci95"])))
        console.print("\n".join(lines), markup=False)
    else:
        click.echo(t("ws_no_validation"))
    if profile.base_rates:
        rates = Table(title=t("ws_rates"))
        for i, col in enumerate((t("c_rule"), t("c_rate"), t("c_true_known"))):
            rates.add_column(col, justify="left" if i == 0 else "right")
        for rid, rate in sorted(profile.base_rates.items()):
            rates.add_row(rid, f"{rate.rate:.3f}", f"{rate.true} / {rate.known}")
        console.print(rates)
        if profile.base_rates_provenance:
            console.print(t("ws_rates_method", method=engine_text(profile.base_rates_provenance.method, lang)), markup=False,
                          style="dim")


def _worded(record, lang: str):
    """A provenance record as `weights show` prints it: in Korean, its texts (the method, the validation
    scheme) and the baselines' names (`funding status alone`) in Korean; identifier keys stay."""
    from ..views.labels_commands import engine_text

    if lang == "en":
        return record
    if isinstance(record, dict):
        return {(message(lang, "m_" + k) if isinstance(k, str) and " " in k and "m_" + k in _known(lang) else k): _worded(v, lang)
                for k, v in record.items()}
    if isinstance(record, list):
        return [_worded(v, lang) for v in record]
    return engine_text(record, lang) if isinstance(record, str) else record


def _known(lang: str) -> dict[str, str]:
    from ..views.labels import MESSAGES

    return MESSAGES.get(lang, MESSAGES["en"])


@weights.command("ahp", context_settings=CONTEXT)
@click.argument("pairwise", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Write the profile here (.yaml).")
@click.option("--force", is_flag=True, help="Write the profile even if the consistency ratio is above 0.1.")
@click.option("--name", default=None, help="Name of the written profile (default: `name` in the file, else "
                                           "the output file's stem).")
@lang_option
def weights_ahp(pairwise, out, force, name, lang):
    """Family weights from a PAIRWISE comparison file by the principal eigenvector (AHP).

    The file lists `families` (the matrix order) and either a full `matrix` of judgements
    (row i, column j: how many times more important family i is than family j, 1-9, 1/3
    written as 1/3) or `comparisons`: [family, family, judgement] for each pair. Optional:
    `name`, `description` {en, ko}, `unknown_prior`, `why` {family: justification}.
    Refuses a consistency ratio above 0.1 (Saaty) unless --force, naming the most
    inconsistent pair.
    """
    from ..engine.ahp import CR_THRESHOLD
    from ..engine.weights import ProfileError, ahp_profile
    from ..formats import file_sha256
    from ..rules.loader import load_profile
    from ..rules.profiles import ProfileFileError, read_pairwise, today, write_profile

    check_profile_target(out, lang)
    try:
        data, families, matrix = read_pairwise(pairwise)
        made = ahp_profile(data, families, matrix, where=pairwise, file_name=Path(pairwise).name,
                           sha256=file_sha256(pairwise), date=today(), name=name, default_name=Path(out).stem,
                           default_prior=lambda: load_profile(None).unknown_prior, force=force)
        write_profile(out, made.profile, "weights ahp", lang)
    except (ProfileFileError, ProfileError) as err:
        raise DataError(error_text(err, lang)) from None
    result, weights_by_family, consistency, worst, missing = (made.result, made.weights, made.consistency,
                                                             made.worst, made.missing)

    from rich.table import Table

    from ..views.labels import family_label
    from ..views.labels_commands import engine_text

    t = lambda key, **values: message(lang, key, **values)  # noqa: E731
    console = make_console()
    table = Table(title=t("ahp_title", file=pairwise))
    table.add_column(t("c_family"))
    table.add_column(t("c_weight"), justify="right")
    for fam in sorted(families, key=lambda f: -weights_by_family[f]):
        table.add_row(family_label(fam, lang), f"{weights_by_family[fam]:.4f}")
    console.print(table)
    console.print(consistency + (t("ahp_ok") if result.consistent else t("ahp_above")))
    if worst:
        console.print(t("ahp_worst", pair=engine_text(worst, lang)))
    if missing:
        click.echo(t("ahp_missing", names=", ".join(missing)), err=True)
    if not result.consistent:
        click.echo(t("ahp_forced", cr=result.cr, limit=CR_THRESHOLD), err=True)
    click.echo(t("ahp_written", out=out))


__all__ = ["sensitivity", "weights"]

