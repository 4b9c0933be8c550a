"""Commands about weights: where they come from and how much the ranking depends on them.

    polex calibrate OUTCOMES --out PROFILE.yaml     learn family weights from historical outcomes
    polex sensitivity FILE --draws N --top K         Monte Carlo and one-at-a-time weight changes
    polex weights ahp PAIRWISE.yaml --out P.yaml     weights from pairwise judgements (AHP)
    polex weights show [--weights PROFILE]           the active profile, with why or provenance

The numbers come from engine/ (calibrate, sensitivity, ahp); this
module reads files, writes profiles atomically and prints. scikit-learn, scipy and the
engines are imported inside the commands, so `polex score` starts fast.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from .common import (
    CONTEXT,
    DataError,
    assessment_for,
    make_console,
    profile_named,
    rank_by_option,
    read_intake,
    rules_option,
    weights_option,
)

PROFILE_HEADER = "# Weights profile written by `polex {command}` ({date}). Same shape as rules/profiles/default.yaml;\n" \
                 "# `provenance` records how the weights were made. Load it with --weights {path}.\n"


def _today() -> str:
    """UTC date of the run; SOURCE_DATE_EPOCH (reproducible builds) fixes it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch and epoch.isdigit() else datetime.now(UTC)
    return moment.date().isoformat()


def _round_weights(weights, decimals: int = 4) -> list[float]:
    """Weights rounded to `decimals` that still sum to exactly 1 (largest remainder), for the file."""
    import numpy as np

    w = np.asarray(weights, dtype=np.float64)
    unit = 10**decimals
    raw = w / w.sum() * unit
    base = np.floor(raw).astype(np.int64)
    order = np.argsort(-(raw - base), kind="stable")
    base[order[:unit - int(base.sum())]] += 1
    return [round(float(b) / unit, decimals) for b in base]


def _rounded(value: Any, digits: int = 4) -> Any:
    """Plain YAML-friendly values: floats rounded, numpy scalars and arrays made Python."""
    if isinstance(value, dict):
        return {str(k): _rounded(v, digits) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(v, digits) for v in value]
    if hasattr(value, "tolist"):
        return _rounded(value.tolist(), digits)
    if isinstance(value, float):
        return round(value, digits)
    return value


def _write_profile(path: str, data: dict[str, Any], command: str) -> None:
    """Validate a profile (the loader's schema) and write it as YAML atomically."""
    import yaml
    from pydantic import ValidationError

    from ..formats import atomic_path
    from ..models.rules import WeightsProfile

    try:
        WeightsProfile.model_validate(data)
    except ValidationError as err:  # pragma: no cover - a bug here, not in the user's data
        raise DataError(f"the profile to write is not valid: {err}") from None
    text = PROFILE_HEADER.format(command=command, date=_today(), path=path)
    text += yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110, default_flow_style=None)
    try:
        with atomic_path(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
    except OSError as err:
        raise DataError(f"cannot write {path}: {err.strerror or err}") from None


def _check_profile_target(out: str) -> None:
    if Path(out).suffix.lower() not in (".yaml", ".yml"):
        raise click.BadParameter(f"got {out!r}; a weights profile is a .yaml file", param_hint="--out")


def _ci(values: list[float], digits: int = 3) -> str:
    return f"[{values[0]:.{digits}f}, {values[1]:.{digits}f}]"


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
def sensitivity(file, draws, top_k, concentration, seed, delta, show, out, weights, rules, rank_by):
    """How much the ranking of a pipeline FILE depends on the weights.

    Draws weights from a Dirichlet distribution around the active profile and reports, per
    candidate, the median rank, the 5-95 % rank interval and P(in top K); then moves each
    family's weight by +/- delta alone and lists the candidates that enter or leave the top K.
    """
    import numpy as np

    from ..engine.sensitivity import Sensitivity
    from ..formats import WRITE_FORMATS, DataFileError, file_format, write_table

    if out:
        try:
            file_format(out, WRITE_FORMATS)
        except DataFileError as err:
            raise click.BadParameter(str(err), param_hint="--out") from None
    assessment = assessment_for(rules, weights, "batch", rank_by)
    intake = read_intake(file)
    if intake.rejects:
        click.echo(f"warning: {intake.rejected_rows} rows rejected (not ranked); list them with "
                   f"`polex rank {file} --rejects FILE`", err=True)
    ranking = assessment.rank(intake.columns)
    if len(ranking) == 0:
        raise DataError(f"{file}: no candidates to rank")
    sens = Sensitivity(draws=draws, concentration=concentration, top_k=top_k, seed=seed, delta=delta).fit(ranking)

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
            raise DataError(f"cannot write: {err}") from None

    from rich.table import Table

    console = make_console()
    console.print(f"[bold]polex sensitivity[/bold]: {len(ranking)} candidates, {draws} weight draws from a "
                  f"Dirichlet with concentration {concentration:g} around profile '{assessment.profile.name}' "
                  f"(seed {seed}); top K = {top_k}; ranked by {rank_by}.")
    if show:
        table = Table(title="Rank under uncertain weights (best first)")
        for col, just in (("#", "right"), ("id", "left"), ("name", "left"), ("score", "right"),
                          ("median rank", "right"), ("5-95 %", "right"), (f"P(top {top_k})", "right")):
            table.add_column(col, justify=just, overflow="fold")
        for r in rows[:show]:
            table.add_row(str(r[0]) + ("" if r[4] else " (ineligible)"), r[1], r[2][:40], f"{r[3]:.2f}", str(r[5]),
                          f"{r[6]}-{r[7]}", f"{r[8]:.2f}")
        console.print(table)
        if len(rows) > show:
            console.print(f"... {len(rows) - show} more rows" + ("" if out else "; write them all with --out FILE"))
    stable = int(((sens.p_top_ >= 0.9) & (sens.base_ranks_ <= top_k)).sum())
    console.print(f"{stable} of the top {min(top_k, len(ranking))} stay in the top {top_k} in at least 90 % of draws.")

    table = Table(title=f"One family at a time (weight x (1 +/- {delta:g}), others rescaled): top-{top_k} changes")
    for col in ("family", "weight", "enters the top K", "leaves the top K"):
        table.add_column(col, overflow="fold")
    w = sens.weights_
    for o in sens.oat_:
        i = sens.families_.index(o.family)
        table.add_row(f"{o.family} {o.change:+.0%}", f"{w[i]:.3f} -> {o.weights[i]:.3f}",
                      _id_list(ids, o.entered), _id_list(ids, o.left))
    console.print(table)
    flips = sorted({int(i) for o in sens.oat_ for i in o.flips})
    console.print(f"{len(flips)} candidates change top-{top_k} membership under some +/-{delta:.0%} change"
                  + (": " + _id_list(ids, np.array(flips)) if flips else "."))
    if out:
        click.echo(f"figures for {len(rows)} candidates written to {out}", err=True)


def _id_list(ids, rows, limit: int = 8) -> str:
    rows = list(rows)
    if not rows:
        return "-"
    text = ", ".join(ids[int(i)] for i in rows[:limit])
    return text + (f" (+{len(rows) - limit} more)" if len(rows) > limit else "")


@click.group(context_settings=CONTEXT)
def weights():
    """Weights profiles: show the active one, or derive one from pairwise judgements (AHP)."""


@weights.command("show", context_settings=CONTEXT)
@weights_option
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True,
              help="Language of the description.")
def weights_show(weights, lang):
    """Print the active profile: each family's weight with its justification, and the
    provenance of a learned or derived profile."""
    import yaml
    from rich.table import Table

    from ..rules.loader import profile_path

    profile = profile_named(weights)
    console = make_console()
    console.print(f"[bold]{profile.name}[/bold]  ({profile_path(weights)})")
    if profile.description:
        console.print(profile.description(lang))
    console.print(f"unknown conditions count at {profile.unknown_prior:g} of their points in the point score")
    table = Table()
    for col in ("family", "weight", "why", "source"):
        table.add_column(col, justify="right" if col == "weight" else "left", overflow="fold")
    for fam, entry in sorted(profile.families.items(), key=lambda kv: -kv[1].weight):
        table.add_row(fam, f"{entry.weight:.3f}", entry.why, entry.source or "")
    console.print(table)
    if profile.provenance:
        console.print("[bold]provenance[/bold]")
        click.echo(yaml.safe_dump(profile.provenance.model_dump(), allow_unicode=True, sort_keys=False, width=110)
                   .rstrip())
    else:
        click.echo("provenance: expert judgement (each weight's justification is above)")


def _ratio(value: float) -> str:
    """A judgement as a reader writes it: 3, 1.5, 1/3."""
    return f"{value:.3g}" if value >= 1 else f"1/{1 / value:.3g}"


def _judgement(value: Any, where: str) -> float:
    from fractions import Fraction

    if isinstance(value, bool) or value is None:
        raise DataError(f"{where}: got {value!r}, expected a positive number such as 3 or 1/3")
    try:
        number = float(Fraction(str(value).strip())) if isinstance(value, str) else float(value)
    except (ValueError, ZeroDivisionError):
        raise DataError(f"{where}: got {value!r}, expected a positive number such as 3 or 1/3") from None
    if not number > 0:
        raise DataError(f"{where}: got {value!r}, expected a positive number such as 3 or 1/3")
    return number


def _read_pairwise(path: str) -> tuple[dict[str, Any], list[str], Any]:
    """The pairwise file: its mapping, the families in matrix order, the full matrix."""
    import numpy as np
    import yaml

    from ..engine.ahp import PairwiseError, check_pairwise, reciprocal_matrix
    from ..models.rules import FAMILIES
    from ..models.vocabulary import did_you_mean, suggest

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise DataError(f"{path}: cannot read: {err}") from None
    except yaml.YAMLError as err:
        raise DataError(f"{path}: not valid YAML: {err}") from None
    if not isinstance(data, dict) or not isinstance(data.get("families"), list):
        raise DataError(f"{path}: expected a mapping with `families` (a list, the matrix order) and `matrix` "
                        "(rows of judgements) or `comparisons` (a list of [family, family, judgement])")
    families = [str(f) for f in data["families"]]
    for fam in families:
        if fam not in FAMILIES:
            hint = suggest(fam, FAMILIES)
            raise DataError(f"{path}: unknown family {fam!r}" + did_you_mean(hint)
                            + f"; expected some of {', '.join(FAMILIES)}")
    if len(set(families)) != len(families):
        raise DataError(f"{path}: a family is listed twice in `families`")
    n = len(families)
    if n < 2:
        raise DataError(f"{path}: compare at least 2 families")
    has_matrix, has_pairs = "matrix" in data, "comparisons" in data
    if has_matrix == has_pairs:
        raise DataError(f"{path}: give either `matrix` or `comparisons`, not {'both' if has_matrix else 'neither'}")
    try:
        if has_matrix:
            rows = data["matrix"]
            if not isinstance(rows, list) or len(rows) != n or any(not isinstance(r, list) or len(r) != n
                                                                    for r in rows):
                raise DataError(f"{path}: `matrix` must have {n} rows of {n} judgements (one per family)")
            matrix = np.array([[_judgement(v, f"{path}: matrix row {i + 1} ({families[i]}), column {j + 1} "
                                              f"({families[j]})") for j, v in enumerate(r)]
                               for i, r in enumerate(rows)])
            matrix = check_pairwise(matrix)
        else:
            pairs = {}
            for k, item in enumerate(data["comparisons"] or []):
                if not isinstance(item, list) or len(item) != 3:
                    raise DataError(f"{path}: comparisons[{k}]: expected [family, family, judgement], got {item!r}")
                a, b, v = str(item[0]), str(item[1]), item[2]
                for fam in (a, b):
                    if fam not in families:
                        raise DataError(f"{path}: comparisons[{k}]: {fam!r} is not in `families`")
                pairs[(families.index(a), families.index(b))] = _judgement(v, f"{path}: comparisons[{k}]")
            matrix = reciprocal_matrix(n, pairs)
    except PairwiseError as err:
        message = str(err)
        for i, fam in enumerate(families):  # name families, not indices
            message = message.replace(f"({i}, ", f"({fam}, ").replace(f", {i})", f", {fam})")
        raise DataError(f"{path}: {message}") from None
    return data, families, matrix


@weights.command("ahp", context_settings=CONTEXT)
@click.argument("pairwise", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Write the profile here (.yaml).")
@click.option("--force", is_flag=True, help="Write the profile even if the consistency ratio is above 0.1.")
@click.option("--name", default=None, help="Name of the written profile (default: `name` in the file, else "
                                           "the output file's stem).")
def weights_ahp(pairwise, out, force, name):
    """Family weights from a PAIRWISE comparison file by the principal eigenvector (AHP).

    The file lists `families` (the matrix order) and either a full `matrix` of judgements
    (row i, column j: how many times more important family i is than family j, 1-9, 1/3
    written as 1/3) or `comparisons`: [family, family, judgement] for each pair. Optional:
    `name`, `description` {en, ko}, `unknown_prior`, `why` {family: justification}.
    Refuses a consistency ratio above 0.1 (Saaty) unless --force, naming the most
    inconsistent pair.
    """
    from ..engine.ahp import CR_THRESHOLD, PairwiseError, ahp
    from ..formats import file_sha256
    from ..models.rules import FAMILIES, Text
    from ..rules.loader import load_profile

    _check_profile_target(out)
    data, families, matrix = _read_pairwise(pairwise)
    try:
        result = ahp(matrix)
    except PairwiseError as err:
        raise DataError(f"{pairwise}: {err}") from None
    worst = None
    if result.worst_pair:
        i, j = result.worst_pair
        worst = (f"{families[i]} vs {families[j]}: judged {_ratio(result.worst_judgement)}, the other "
                 f"judgements imply about {_ratio(result.worst_implied)}")
    consistency = (f"lambda_max {result.lambda_max:.4f}, CI {result.ci:.4f}, RI {result.ri:.2f}, "
                   f"CR {result.cr:.4f}")
    if not result.consistent and not force:
        raise DataError(f"{pairwise}: consistency ratio {result.cr:.3f} is above {CR_THRESHOLD} ({consistency}): "
                        f"the judgements contradict each other. Most inconsistent pair: {worst}. Revise that "
                        "judgement, or write the profile anyway with --force.")

    whys = data.get("why") or {}
    if not isinstance(whys, dict):
        raise DataError(f"{pairwise}: `why` must map a family to its justification")
    missing = [f for f in FAMILIES if f not in families]
    weights_by_family = dict(zip(families, _round_weights(result.weights)))
    base = f"AHP principal-eigenvector weight from {Path(pairwise).name} (CR {result.cr:.3f})"
    fams: dict[str, Any] = {}
    for fam in FAMILIES:
        if fam in weights_by_family:
            own = str(whys.get(fam, "")).strip()
            fams[fam] = {"weight": weights_by_family[fam], "why": f"{own}; {base}" if own else base}
        else:
            fams[fam] = {"weight": 0.0, "why": f"Not compared in {Path(pairwise).name}: weight 0"}
    description = data.get("description")
    if description is not None:
        try:
            description = Text.model_validate(description).model_dump()
        except Exception:
            raise DataError(f"{pairwise}: `description` needs both `en` and `ko` texts") from None
    else:
        description = {"en": f"Family weights from pairwise judgements ({Path(pairwise).name}) by Saaty's AHP.",
                       "ko": f"쌍대비교 판단({Path(pairwise).name})에서 Saaty의 AHP로 구한 요인군 가중치."}
    prior = data["unknown_prior"] if "unknown_prior" in data else load_profile(None).unknown_prior
    profile = {
        "name": name or str(data.get("name") or Path(out).stem),
        "description": description,
        "unknown_prior": prior,
        "families": fams,
        "provenance": _rounded({
            "method": "polex weights ahp: principal eigenvector of the pairwise comparison matrix (Saaty's AHP); "
                      "consistency ratio CR = CI / RI with Saaty's random index",
            "data_file": Path(pairwise).name,
            "data_sha256": file_sha256(pairwise),
            "records": len(families) * (len(families) - 1) // 2,
            "date": _today(),
            "metrics": {"lambda_max": result.lambda_max, "ci": result.ci, "ri": result.ri, "cr": result.cr,
                        "consistent": bool(result.consistent)},
            "most_inconsistent_pair": None if not result.worst_pair else {
                "pair": [families[result.worst_pair[0]], families[result.worst_pair[1]]],
                "judged": result.worst_judgement, "implied": result.worst_implied},
            "forced": bool(force and not result.consistent),
            "not_compared": missing,
        }, 6),
    }
    _write_profile(out, profile, "weights ahp")

    from rich.table import Table

    console = make_console()
    table = Table(title=f"AHP weights from {pairwise}")
    table.add_column("family")
    table.add_column("weight", justify="right")
    for fam in sorted(families, key=lambda f: -weights_by_family[f]):
        table.add_row(fam, f"{weights_by_family[fam]:.4f}")
    console.print(table)
    console.print(consistency + (" (acceptable: <= 0.1)" if result.consistent else " (ABOVE 0.1: written with --force)"))
    if worst:
        console.print(f"most inconsistent pair: {worst}")
    if missing:
        click.echo(f"warning: families not compared get weight 0: {', '.join(missing)}", err=True)
    if not result.consistent:
        click.echo(f"warning: consistency ratio {result.cr:.3f} > {CR_THRESHOLD}; profile written because of --force",
                   err=True)
    click.echo(f"profile written to {out}; use it with --weights {out}")


__all__ = ["sensitivity", "weights"]

