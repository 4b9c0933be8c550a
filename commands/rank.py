"""`polex rank`, `polex explain` and `polex demo`: a pipeline ranked, one candidate explained."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# NumPy asks the kernel for transparent huge pages for every array of 4 MB or more; where the
# kernel then compacts memory to find them at the first touch (THP defrag "madvise", a common
# default), each fresh 2 MB page can stall. A ranking makes hundreds of MB of fresh arrays and lets
# them go: at 1M rows its rank step took 0.89-0.97 s with the advice, 0.70-0.77 s without. NumPy's
# documented switch, read when numpy is first imported (the command line imports this module
# before numpy); a user's own value wins. Only here: `sensitivity`, which sorts one large matrix
# many times, is faster with huge pages (10k x 10k draws: 12.6 s with, 15.2 s without).
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")

import click  # after the switch: no import above it brings numpy

from .common import (
    CONTEXT,
    FIXTURES,
    DataError,
    assessment_for,
    card_format_option,
    columns_summary,
    emit_card,
    error_text,
    file_error_text,
    full_option,
    input_format_option,
    jobs_option,
    lang_option,
    make_console,
    message,
    os_reason,
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


STDOUT_FORMATS = ("csv", "tsv", "json", "jsonl")


def _check_targets(file: str, out: str | None, rejects: str | None, fmt: str | None = None,
                   lang: str = "en") -> str | None:
    """Usage errors before any work, in `lang`; returns the format of --out."""
    from ..formats import WRITE_FORMATS, DataFileError, file_format

    out_fmt = None
    if out == "-":
        out_fmt = fmt or "csv"
        if out_fmt not in STDOUT_FORMATS:
            raise click.BadParameter(message(lang, "rank_stdout_formats", formats=", ".join(STDOUT_FORMATS),
                                             fmt=out_fmt), param_hint="--format")
    for target, hint in ((out, "--out"), (rejects, "--rejects")):
        if not target or target == "-":
            continue
        try:
            found = file_format(target, WRITE_FORMATS) if not (hint == "--out" and fmt) else fmt
        except DataFileError as err:
            raise click.BadParameter(file_error_text(err, lang), param_hint=hint) from None
        if hint == "--out":
            out_fmt = found
        if file != "-" and Path(target).resolve() in _inputs(file):
            raise click.BadParameter(message(lang, "rank_target_is_input", target=target), param_hint=hint)
    if rejects == "-":
        raise click.BadParameter(message(lang, "rank_rejects_stdout"), param_hint="--rejects")
    if out and rejects and out != "-" and Path(out).resolve() == Path(rejects).resolve():
        raise click.BadParameter(message(lang, "rank_same_targets"), param_hint="--rejects")
    return out_fmt


def _inputs(file: str) -> set[Path]:
    """The files `file` reads: itself, or a folder's or a glob's files."""
    from ..formats import DataFileError
    from ..formats.folder import pipeline_files

    try:
        files = pipeline_files(file)
    except DataFileError:  # reported when the file is read
        files = None
    return {p.resolve() for p in files} if files is not None else {Path(file).resolve()}


def reject_header(lang: str) -> list[str]:
    """The rejects file's column names in the run's language."""
    return message(lang, "reject_columns").split(",")


@click.command(context_settings=CONTEXT, short_help='Rank a pipeline file (csv tsv xlsx json jsonl yaml parquet).')
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--out", "out", type=click.Path(dir_okay=False, allow_dash=True), help="Write the full ranking to a "
              "file, format by extension: .csv .tsv .xlsx .json .jsonl .parquet .md (written atomically); - writes "
              "it to stdout (--format csv, tsv, json or jsonl; the summary goes to stderr).")
@click.option("--format", "out_format", type=click.Choice(["csv", "tsv", "xlsx", "json", "jsonl", "parquet", "md"]),
              default=None, help="Format of --out (default: its extension; csv for --out -).")
@click.option("--top", type=click.IntRange(min=1), default=None, help="Keep only the top N rows.")
@click.option("--rejects", type=click.Path(dir_okay=False), help="Write rejected rows (row, id, field, value, "
              "expected, suggestion) to this file; format by extension as for --out. `row` is the line an editor "
              "shows for the record's first line (header = line 1 in CSV/TSV/XLSX; the line in JSONL and YAML), "
              "or the item number in JSON. --out and --rejects both land, or neither does.")
@click.option("--columns", "extra_columns", default=None, metavar="NAMES",
              help="Add columns to --out: 'families' (each family's score) and input fields, comma-separated, "
                   "e.g. --columns families,stage,funding_sources.")
@click.option("--strict", is_flag=True, help="Exit 1 if any row is rejected (the outputs are still written), or if "
                                             "a column matches no field but resembles one.")
@click.option("--decimal-comma", is_flag=True, help="Read 4,5 as 4.5 (and 1.234,5 as 1234.5); by default a comma "
                                                    "only separates thousands (1,000) and anything else is rejected.")
@click.option("--no-bom", is_flag=True, help="Write CSV and TSV files without the UTF-8 BOM (by default they carry "
                                             "one, so Excel reads them as UTF-8).")
@click.option("--quiet", "-q", is_flag=True, help="No summary, warnings or reject lines on stderr (errors still "
                                                  "print).")
@lang_option
@weights_option
@rules_option
@rank_by_option
@input_format_option
@click.option("--engine", type=click.Choice(["batch", "durable"]), default="batch", show_default=True,
              help="Executor: numpy (fast) or durable_rules (the reference; same outcomes).")
@jobs_option
def rank(file, out, out_format, top, rejects, extra_columns, strict, decimal_comma, no_bom, quiet, lang, weights,
         rules, rank_by, input_format, engine, jobs):
    """Rank a pipeline FILE: .csv .tsv .txt .xlsx .json .jsonl .yaml .parquet (- for stdin), or
    a folder or a glob ('parts/*.parquet') of .csv .tsv .parquet files ranked as one pipeline.

    Every row is ranked or rejected with its row number, field, value and the expected values;
    the counts are printed (rows in = ranked + rejected). The terminal shows a compact view;
    --out writes every column: rank, id, name, partner_city, country, score, score_lo, score_hi,
    eligible, possibly_ineligible, gate_reasons, top_reasons, top_improvements,
    unknowns_to_check, completeness, then any source/notes columns of the input, then --columns.

    A folder or a glob written to a .csv, .tsv or .parquet --out is ranked a part at a time
    (about 500,000 rows: a Parquet file is cut, small files are read together; a CSV or TSV
    file is never cut), so memory holds one part, not the pipeline; the file is the one the
    same rows in one file give.

    \b
    polex rank pipeline.xlsx --out ranking.xlsx --rejects rejects.csv
    polex rank pipeline.csv --top 10 --lang ko
    polex rank pipeline.csv --out - --format jsonl --quiet | jq .id
    """
    from ..formats import ARROW_FORMATS
    from ..formats.frames import add_columns, carried_columns, keep_shown, parse_columns, shown_values
    from ..views.progress import progress

    out_fmt = _check_targets(file, out, rejects, out_format, lang)
    try:
        wanted = parse_columns(extra_columns)
    except ValueError as err:
        raise click.BadParameter(error_text(err, lang), param_hint="--columns") from None
    assessment = assessment_for(rules, weights, engine, rank_by, jobs)
    name = "<stdin>" if file == "-" else file
    say = (lambda text: None) if quiet else (lambda text: click.echo(text, err=True))
    bom = not no_bom
    parts = _parts(file, lang) if out and out_fmt in ARROW_FORMATS else None
    if parts is not None:  # a folder or a glob into CSV, TSV or Parquet: a part at a time, memory bounded
        import tempfile

        from .rank_parts import rank_in_parts

        files, parts = parts
        with tempfile.TemporaryDirectory(prefix="polex-parts-") as folder, \
                progress(want_progress(file) and not quiet, parts + 2) as step:
            run = rank_in_parts(file, files, parts, assessment, lang, wanted, top, strict, decimal_comma, quiet,
                                folder, step)
            step(message(lang, "step_write", target=out))
            _write_outputs(out, out_fmt, run.write, rejects, run.intake, lang, bom)
        intake, ranked = run.intake, run.ranked
    else:
        with progress(want_progress(file) and not quiet, 4) as step:
            step(message(lang, "step_read", name=name))
            intake = read_intake(file, lang, echo_warnings=not quiet, input_format=input_format, strict=strict,
                                 decimal_comma=decimal_comma)
            step(message(lang, "step_score", n=len(intake.columns.ids)))
            ranking = assessment.rank(intake.columns, keep=shown_values(wanted))  # what any of its tables reads
            if out:  # a file takes the table only: the values it does not show are let go before it is built
                intake.columns = None
                keep_shown(ranking, wanted)
            step(message(lang, "step_table"))
            shown = top or (None if out else TERMINAL_ROWS)
            header, data = ranking.table(lang, shown)
            step(message(lang, "step_write", target=out or message(lang, "step_the_table")))
            write = None
            if out:
                full_header = carried_columns(ranking, intake, header, data, shown)
                order = ranking.order[:shown] if shown else ranking.order
                full_header = add_columns(ranking, full_header, data, wanted, order)
                write = _columns_writer(out, full_header, data)
            ranked = len(ranking)
            if out:  # the table holds all that is written: let the scores go first
                ranking = data = None
            _write_outputs(out, out_fmt, write, rejects, intake, lang, bom)
    if not out and ranked:
        from ..views.terminal import render_ranking, top_reason

        data["top_reason"] = top_reason(ranking, lang, ranking.order[:shown])
        render_ranking(make_console(), data, lang)
        if not top and ranked > TERMINAL_ROWS:
            say(message(lang, "showing", shown=TERMINAL_ROWS, total=ranked))
    columns = columns_summary(intake, lang)
    if columns:
        say(columns)
    summary = message(lang, "counts", total=intake.total, ranked=ranked, rejected=intake.rejected_rows)
    if out and out != "-":
        summary += "; " + message(lang, "written", path=out)
    if rejects:
        summary += "; " + message(lang, "rejects_written", path=rejects)
    say(summary)
    if intake.rejects and not rejects:
        from ..views.labels import expected_text, reject_cells

        for r in intake.rejects[:10]:
            field, value = reject_cells(r.field, r.value, lang)
            value = value if len(value) <= 60 else value[:57] + "..."
            line = message(lang, "reject_line", row=r.row, field=field, value=value,
                           expected=expected_text(r.expected, lang))
            line = f"  {r.file}, {line.lstrip()}" if r.file else line  # a folder or a glob: its file
            say(line + (message(lang, "did_you_mean", hint=r.suggestion) if r.suggestion else ""))
        if len(intake.rejects) > 10:
            say(message(lang, "more_rejects", n=len(intake.rejects) - 10))
    if strict and intake.rejects:
        click.echo(message(lang, "strict", n=intake.rejected_rows), err=True)
        sys.exit(1)


def _parts(file: str, lang: str):
    """(files, how many parts they are read in) when FILE is a folder or a glob, else None."""
    from ..formats import DataFileError
    from ..formats.folder import pipeline_files
    from ..formats.pipeline import count_parts

    try:
        files = pipeline_files(file)
        return (files, count_parts(files)) if files is not None else None
    except DataFileError as err:
        raise DataError(file_error_text(err, lang)) from None


def _columns_writer(out: str, header: list[str], data: dict):
    """How a ranking held in memory is written: formats.write_columns."""
    from ..formats import write_columns

    name = out if out != "-" else "stdout"
    return lambda target, fmt, bom: write_columns(name, header, data, fmt=fmt, bom=bom, into=target)


def _write_outputs(out, out_fmt, write, rejects, intake, lang: str, bom: bool) -> None:
    """--out (`write(target, fmt, bom)`) and --rejects: both land or neither does (written to
    temp files, renamed together); --out - is written whole, then copied to stdout (after the
    rejects file has landed)."""
    import shutil
    import tempfile

    from ..formats import DataFileError, write_table
    from ..formats.files import atomic_paths

    if not out and not rejects:
        return
    files = [t for t in (None if out == "-" else out, rejects) if t]
    spool = None
    try:
        with tempfile.TemporaryDirectory(prefix="polex-") as folder:
            with atomic_paths(*files) as tmps:
                into = dict(zip(files, tmps))
                if out:
                    target = into.get(out) or Path(folder) / f"stdout.{out_fmt}"
                    spool = target if out == "-" else None
                    write(target, out_fmt, bom and out != "-")
                if rejects:
                    from ..views.labels import expected_text, reject_cells

                    rows = [[r.row, r.id, *reject_cells(r.field, r.value, lang), expected_text(r.expected, lang),
                             r.suggestion] for r in intake.rejects]
                    header = reject_header(lang)
                    if intake.sources:  # a folder or a glob: which file each row is in
                        header = [message(lang, "reject_file"), *header]
                        rows = [[r.file, *row] for r, row in zip(intake.rejects, rows)]
                    write_table(rejects, header, rows, bom=bom, into=into[rejects])
            if spool is not None:
                sys.stdout.flush()
                with open(spool, "rb") as handle:
                    shutil.copyfileobj(handle, sys.stdout.buffer)
                sys.stdout.buffer.flush()
    except DataFileError as err:
        raise DataError(file_error_text(err, lang)) from None
    except OSError as err:
        if err.errno == 32:
            raise
        raise DataError(message(lang, "cannot_write_to", out=err.filename or out, err=os_reason(err, lang))) from None


@click.command(context_settings=CONTEXT, short_help='Explain one candidate of a pipeline file, rule by rule.')
@click.argument("file", type=click.Path(allow_dash=True))
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
        from ..views.labels import expected_text

        why = message(lang, "explain_rejected", row=rejected[0].row, field=rejected[0].field,
                      value=repr(rejected[0].value), expected=expected_text(rejected[0].expected, lang)) \
            if rejected else ""
        raise DataError(message(lang, "explain_no_id", id=repr(candidate_id), file=file, why=why)
                        + (message(lang, "explain_did_you_mean", hint=repr(hint)) if hint and not rejected else "")) \
            from None
    emit_card(ranking.scorecard(row, lang), fmt, full)

