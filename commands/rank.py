"""`polex rank`, `polex explain` and `polex demo`: a pipeline ranked, one candidate explained."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import (
    CONTEXT,
    FIXTURES,
    DataError,
    assessment_for,
    card_format_option,
    emit_card,
    full_option,
    input_format_option,
    lang_option,
    make_console,
    message,
    rank_by_option,
    read_intake,
    rules_option,
    want_progress,
    weights_option,
)

TERMINAL_ROWS = 20  # rows `polex rank` shows on the terminal without --top / --out


@click.command(context_settings=CONTEXT, short_help="Rank the documents' cases and explain the best one.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="How many ranked rows to show.")
@lang_option
@weights_option
@full_option
def demo(top: int, lang: str, weights: str | None, full: bool):
    """Rank the bundled cases from the source documents and explain the best one rule by rule.

    The README's main job: what polex does, in one command.
    """
    from ..views.terminal import render_ranking, render_scorecard, top_reason

    path = FIXTURES / "pipeline.csv"
    intake = read_intake(str(path), lang)
    ranking = assessment_for(None, weights).rank(intake.columns)
    _, data = ranking.table(lang, top)
    data["top_reason"] = top_reason(ranking, lang, ranking.order[:top])
    console = make_console()
    best = int(ranking.order[0])
    console.print(message(lang, "demo_intro", total=intake.total, file=path.name, ranked=len(ranking),
                       rejected=intake.rejected_rows), markup=False)
    render_ranking(console, data, lang)
    console.print()
    render_scorecard(console, ranking.scorecard(best, lang), full=full)
    console.print()
    console.print(message(lang, "demo_next", file=path, id=ranking.columns.ids[best]), markup=False, style="dim")


def _check_targets(file: str, out: str | None, rejects: str | None) -> None:
    from ..formats import WRITE_FORMATS, DataFileError, file_format

    for target, hint in ((out, "--out"), (rejects, "--rejects")):
        if not target:
            continue
        try:
            file_format(target, WRITE_FORMATS)
        except DataFileError as err:
            raise click.BadParameter(str(err), param_hint=hint) from None
        if file != "-" and Path(target).resolve() == Path(file).resolve():
            raise click.BadParameter(f"{target} is the input file; choose another name", param_hint=hint)
    if out and rejects and Path(out).resolve() == Path(rejects).resolve():
        raise click.BadParameter("--out and --rejects name the same file", param_hint="--rejects")


def _file_columns(ranking, intake, header: list[str], data: dict, top: int | None) -> list[str]:
    """Add each candidate's carried-through columns (source, notes) to a file. (Not its input row
    number: the same rows in another order must give the same file, byte for byte.)"""
    import numpy as np

    order = ranking.order[:top] if top else ranking.order
    header = list(header)
    for key, values in (intake.extras or {}).items():
        if len(values) == len(ranking) and key not in header:
            data[key] = np.asarray(values, dtype=object)[order]
            header.append(key)
    return header


REJECT_COLUMNS = ["row", "id", "field", "value", "expected", "suggestion"]


@click.command(context_settings=CONTEXT, short_help='Rank a pipeline file (csv tsv xlsx json jsonl yaml parquet).')
@click.argument("file", type=click.Path(allow_dash=True, dir_okay=False))
@click.option("--out", "out", type=click.Path(dir_okay=False), help="Write the full ranking to a file, format by "
              "extension: .csv .xlsx .json .jsonl .parquet .md (written atomically).")
@click.option("--top", type=click.IntRange(min=1), default=None, help="Keep only the top N rows.")
@click.option("--rejects", type=click.Path(dir_okay=False), help="Write rejected rows (row, id, field, value, "
              "expected, suggestion) to this file; format by extension as for --out. `row` is the row as the "
              "file shows it: header = row 1 in CSV/TSV/XLSX, the item number in JSON/YAML, the line in JSONL.")
@click.option("--strict", is_flag=True, help="Exit 1 if any row is rejected (the outputs are still written).")
@lang_option
@weights_option
@rules_option
@rank_by_option
@input_format_option
@click.option("--engine", type=click.Choice(["batch", "durable"]), default="batch", show_default=True,
              help="Executor: numpy (fast) or durable_rules (the reference; same outcomes).")
def rank(file, out, top, rejects, strict, lang, weights, rules, rank_by, input_format, engine):
    """Rank a pipeline FILE: .csv .tsv .xlsx .json .jsonl .yaml .parquet (- for stdin).

    Every row is ranked or rejected with its row number, field, value and the expected values;
    the counts are printed (rows in = ranked + rejected). The terminal shows a compact view;
    --out writes every column: rank, id, name, partner_city, country, score, score_lo, score_hi,
    eligible, possibly_ineligible, gate_reasons, top_reasons, top_improvements,
    unknowns_to_check, completeness, then any source/notes columns of the input.

    \b
    polex rank pipeline.xlsx --out ranking.xlsx --rejects rejects.csv
    polex rank pipeline.csv --top 10 --lang ko
    """
    from ..formats import DataFileError, write_columns, write_table
    from ..views.terminal import progress

    _check_targets(file, out, rejects)
    assessment = assessment_for(rules, weights, engine, rank_by)
    name = "<stdin>" if file == "-" else file
    with progress(want_progress(file), 4) as step:
        step(f"reading {name}")
        intake = read_intake(file, lang, input_format=input_format)
        step(f"scoring {len(intake.columns.ids):,} candidates")
        ranking = assessment.rank(intake.columns)
        step("building the ranking table")
        shown = top or (None if out else TERMINAL_ROWS)
        header, data = ranking.table(lang, shown)
        step(f"writing {out or 'the table'}")
        try:
            if out:
                full_header = _file_columns(ranking, intake, header, data, shown)
                write_columns(out, full_header, data)
            if rejects:
                write_table(rejects, REJECT_COLUMNS, [[getattr(r, h) for h in REJECT_COLUMNS]
                                                      for r in intake.rejects])
        except DataFileError as err:
            raise DataError(str(err)) from None
        except OSError as err:
            raise DataError(f"cannot write {err.filename or out}: {err.strerror or err}") from None
    if not out and len(ranking):
        from ..views.terminal import render_ranking, top_reason

        data["top_reason"] = top_reason(ranking, lang, ranking.order[:shown])
        render_ranking(make_console(), data, lang)
        if not top and len(ranking) > TERMINAL_ROWS:
            click.echo(message(lang, "showing", shown=TERMINAL_ROWS, total=len(ranking)), err=True)
    summary = message(lang, "counts", total=intake.total, ranked=len(ranking), rejected=intake.rejected_rows)
    if out:
        summary += "; " + message(lang, "written", path=out)
    if rejects:
        summary += "; " + message(lang, "rejects_written", path=rejects)
    click.echo(summary, err=True)
    if intake.rejects and not rejects:
        for r in intake.rejects[:10]:
            value = r.value if len(r.value) <= 60 else r.value[:57] + "..."
            click.echo(message(lang, "reject_line", row=r.row, field=r.field, value=value, expected=r.expected)
                       + (message(lang, "did_you_mean", hint=r.suggestion) if r.suggestion else ""), err=True)
        if len(intake.rejects) > 10:
            click.echo(message(lang, "more_rejects", n=len(intake.rejects) - 10), err=True)
    if strict and intake.rejects:
        click.echo(message(lang, "strict", n=intake.rejected_rows), err=True)
        sys.exit(1)


@click.command(context_settings=CONTEXT, short_help='Explain one candidate of a pipeline file, rule by rule.')
@click.argument("file", type=click.Path(allow_dash=True, dir_okay=False))
@click.option("--id", "candidate_id", required=True, help="The id of the candidate to explain.")
@card_format_option
@lang_option
@weights_option
@rules_option
@rank_by_option
@full_option
@input_format_option
def explain(file, candidate_id, fmt, lang, weights, rules, rank_by, full, input_format):
    """Explain one candidate of a pipeline FILE rule by rule, in context (its rank among the others).

    \b
    polex explain pipeline.csv --id 002-CLARK --full
    """
    intake = read_intake(file, lang, echo_warnings=False, input_format=input_format)
    ranking = assessment_for(rules, weights, "batch", rank_by).rank(intake.columns)
    try:
        row = ranking.row_of(candidate_id)
    except KeyError:
        from ..models.vocabulary import suggest

        ids = [str(i) for i in ranking.columns.ids]
        hint = suggest(candidate_id, ids)
        rejected = [r for r in intake.rejects if r.id == candidate_id]
        why = (f" (row {rejected[0].row} was rejected: {rejected[0].field}: got {rejected[0].value!r}, expected "
               f"{rejected[0].expected})") if rejected else ""
        raise DataError(f"no candidate with id {candidate_id!r} in {file}{why}"
                        + (f"; did you mean {hint!r}?" if hint and not rejected else "")) from None
    emit_card(ranking.scorecard(row, lang), fmt, full)

