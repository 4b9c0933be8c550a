"""`polex diff OLD NEW`: what changed between two snapshots of a pipeline, or two rankings written
by `polex rank`, candidate by candidate."""

from __future__ import annotations

import sys

import click

from .common import (
    CONTEXT,
    DataError,
    assessment_for,
    check_output_target,
    error_text,
    file_error_text,
    input_format_option,
    lang_option,
    make_console,
    message,
    os_reason,
    rank_by_option,
    read_intake,
    rules_option,
    weights_option,
)


def is_ranking_intake(intake) -> bool:
    """Whether a file read as a pipeline is a ranking written by `polex rank` (by its columns)."""
    from ..engine.diff import is_ranking

    header = getattr(intake, "header", None)
    names = set(intake.unknown_columns)
    if header is not None:
        names |= set(header.names) | set(header.ignored)
    return is_ranking(names | {"id"})


def _warn_columns(intake, lang: str) -> None:
    """A pipeline's unknown columns, as `read_intake` warns of them."""
    for col, hint in intake.unknown_columns.items():
        click.echo(message(lang, "unknown_column", col=col) + (message(lang, "did_you_mean", hint=hint) if hint else ""),
                   err=True)


def _ranking(path: str, intake, lang: str = "en"):
    """A ranking file: its own columns (read as a table) and the input fields it carries (read as a pipeline)."""
    from ..engine.diff import RankingFileError, ranking_file
    from ..formats import DataFileError
    from ..formats.rows import read_table

    try:
        header, rows = read_table(path)
    except DataFileError as err:
        raise DataError(file_error_text(err, lang)) from None
    names = getattr(intake, "header", None)
    carried = set(names.names.values()) if names is not None else set()
    try:
        return ranking_file(header, rows, path, intake.columns, carried)
    except RankingFileError as err:
        raise DataError(error_text(err, lang)) from None


def _worded(columns: dict, lang: str) -> dict:
    """The diff's columns with the note the engine words in English (a diff of rankings without input
    columns: the other fields are not available) in `lang`, in the terminal and the written file alike."""
    from ..engine.diff import NOT_AVAILABLE
    from ..views.labels_decision import diff_text

    if lang == "en" or "changed_fields" not in columns:
        return columns
    import numpy as np

    note = diff_text(lang, "dr_not_available")
    fields = np.array([str(v).replace(NOT_AVAILABLE, note) for v in columns["changed_fields"]], dtype=object)
    return {**columns, "changed_fields": fields}


@click.command(context_settings=CONTEXT, short_help="What changed between two snapshots of a pipeline, or two rankings.")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("--out", type=click.Path(dir_okay=False),
              help="Write one row per candidate (id, status, old/new rank and score, changes, changed fields, "
                   "flipped rules) to a file; format by extension: .csv .tsv .xlsx .json .jsonl .parquet .md.")
@click.option("--exit-code", is_flag=True, help="Exit 1 if anything changed (like diff(1)); default exit 0.")
@lang_option
@weights_option
@rules_option
@rank_by_option
@input_format_option
def diff(old, new, out, exit_code, lang, weights, rules, rank_by, input_format):
    """Compare two snapshots OLD and NEW of a pipeline (any input format), both scored with the same
    rules and profile: per candidate, added / removed / changed / moved, the score and rank change,
    the fields that changed (old → new) and the rules whose outcome flipped; then a summary.

    OLD and NEW may instead be two rankings written by `polex rank` (any output format; told apart
    by their columns rank, id, score, eligible): the ranks, scores and eligibility they hold are
    compared; the fields only where both carry them (`rank --columns FIELDS`), the others being
    reported as not available; and the rules that flipped where the files establish it (a rule
    whose every input field both carry, evaluated with --rules; a gate through gate_reasons). A
    ranking and a pipeline together are a usage error.

    \b
    polex diff pipeline-2025.csv pipeline-2026.xlsx --out changes.xlsx
    polex diff ranking-2025.xlsx ranking-2026.parquet --out changes.csv
    """
    from ..engine.diff import DIFF_COLUMNS, compare, compare_rankings
    from ..formats import DataFileError, write_columns
    from ..views.decision import render_diff
    from ..views.labels_decision import diff_text

    check_output_target(out)
    assessment = assessment_for(rules, weights, "batch", rank_by)
    old_intake = read_intake(old, lang, echo_warnings=False, input_format=input_format)
    new_intake = read_intake(new, lang, echo_warnings=False, input_format=input_format)
    kinds = (is_ranking_intake(old_intake), is_ranking_intake(new_intake))
    if kinds[0] != kinds[1]:
        ranking, pipeline = (old, new) if kinds[0] else (new, old)
        raise click.UsageError(diff_text(lang, "dr_mixed", ranking=ranking, pipeline=pipeline))
    if kinds[0]:
        result = compare_rankings(_ranking(old, old_intake, lang), _ranking(new, new_intake, lang), assessment)
    else:
        _warn_columns(old_intake, lang)
        _warn_columns(new_intake, lang)
        result = compare(old_intake.columns, new_intake.columns, assessment.rank(old_intake.columns),
                         assessment.rank(new_intake.columns))
    data = _worded(result.columns, lang)
    if out:
        try:
            write_columns(out, list(DIFF_COLUMNS), data)
        except DataFileError as err:
            raise DataError(file_error_text(err, lang)) from None
        except OSError as err:
            raise DataError(message(lang, "cannot_write_to", out=err.filename or out, err=os_reason(err, lang))) from None
    render_diff(make_console(), result, data, lang, old, new)
    if out:
        click.echo(diff_text(lang, "diff_written", out=out), err=True)
    s = result.summary
    if exit_code and (s["added"] or s["removed"] or s["changed"]):
        sys.exit(1)
