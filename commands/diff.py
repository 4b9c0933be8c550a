"""`polex diff OLD NEW`: what changed between two snapshots of a pipeline, candidate by candidate."""

from __future__ import annotations

import sys

import click

from .common import (
    CONTEXT,
    DataError,
    assessment_for,
    check_output_target,
    input_format_option,
    lang_option,
    make_console,
    rank_by_option,
    read_intake,
    rules_option,
    weights_option,
)


@click.command(context_settings=CONTEXT, short_help="What changed between two snapshots of a pipeline.")
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

    \b
    polex diff pipeline-2025.csv pipeline-2026.xlsx --out changes.xlsx
    """
    from ..engine.diff import DIFF_COLUMNS, compare
    from ..formats import DataFileError, write_columns
    from ..views.decision import render_diff

    check_output_target(out)
    assessment = assessment_for(rules, weights, "batch", rank_by)
    old_intake = read_intake(old, lang, input_format=input_format)
    new_intake = read_intake(new, lang, input_format=input_format)
    result = compare(old_intake.columns, new_intake.columns, assessment.rank(old_intake.columns),
                     assessment.rank(new_intake.columns))
    data = result.columns
    if out:
        try:
            write_columns(out, list(DIFF_COLUMNS), data)
        except DataFileError as err:
            raise DataError(str(err)) from None
        except OSError as err:
            raise DataError(f"cannot write {err.filename or out}: {err.strerror or err}") from None
    render_diff(make_console(), result, data, lang, old, new)
    if out:
        click.echo(f"written: {out}", err=True)
    s = result.summary
    if exit_code and (s["added"] or s["removed"] or s["changed"]):
        sys.exit(1)
