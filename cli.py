"""polex command line: parse, call the engine, render.

Exit codes: 0 ok, 1 data or check failure (a bad file, rejected rows under --strict, a failed
rule check), 2 usage (a bad option, a missing required column). Bad input never gets a
traceback: expected problems are one-line messages, and anything unexpected is reported in
one line too (POLEX_DEBUG=1 shows the traceback).

Start-up stays fast: heavy libraries (numpy, pyarrow, openpyxl, rich, pandas) are imported
inside the commands that use them, never here.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LANGS = click.Choice(["en", "ko"])
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
PROGRESS_ROWS = 5_000  # a progress bar for inputs larger than this (and only on a terminal)
TERMINAL_ROWS = 20  # rows `polex rank` shows on the terminal without --top / --out


class DataError(click.ClickException):
    """Exit 1: the input or the rules are wrong, not the command line."""

    exit_code = 1


class PolexGroup(click.Group):
    """The command group; any unexpected exception becomes one line and exit 1, not a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit,
                KeyboardInterrupt, EOFError):
            raise
        except OSError as err:
            if getattr(err, "errno", None) == 32:  # broken pipe (`polex rank f.csv | head`): click handles it
                raise
            return self._unexpected(ctx, err)
        except Exception as err:  # noqa: BLE001 - the last line of defence
            return self._unexpected(ctx, err)

    @staticmethod
    def _unexpected(ctx: click.Context, err: BaseException):
        if os.environ.get("POLEX_DEBUG"):
            raise err
        text = (str(err).strip().splitlines() or [""])[0][:300]
        click.echo(f"Error: unexpected {type(err).__name__}: {text}. This is a bug in polex; please report "
                   "it with the command you ran (POLEX_DEBUG=1 shows the traceback).", err=True)
        ctx.exit(1)


def _console(err: bool = False):
    from rich.console import Console

    stream = sys.stderr if err else sys.stdout
    return Console(file=stream, highlight=False, soft_wrap=False, width=None if stream.isatty() else 160)


def _msg(lang: str, key: str, **values: Any) -> str:
    from .render import msg

    return msg(lang, key, **values)


# ---- shell completion (click's own mechanism; see the README) ----------------------------------

def _complete_set(ctx, param, incomplete: str):
    from click.shell_completion import CompletionItem

    from .models.vocabulary import BOOL, ENUM, FIELD_BY_NAME, FIELDS, LIST, ORDINAL

    if "=" not in incomplete:
        return [CompletionItem(f"{f.name}=", help=f.en) for f in FIELDS if f.name.startswith(incomplete)]
    key, value = incomplete.split("=", 1)
    spec = FIELD_BY_NAME.get(key)
    if spec is None:
        return []
    values = spec.values if spec.kind in (ENUM, ORDINAL, LIST) else ("true", "false") if spec.kind == BOOL else ()
    return [CompletionItem(f"{key}={v}") for v in (*values, "unknown") if v.startswith(value)]


def _complete_weights(ctx, param, incomplete: str):
    from click.shell_completion import CompletionItem

    from .rules.loader import available_profiles

    return [CompletionItem(p) for p in available_profiles() if p.startswith(incomplete)]


def _complete_rule_id(ctx, param, incomplete: str):
    from click.shell_completion import CompletionItem

    try:
        from .rules.loader import load_rules

        ids = [r.id for r in load_rules().rules]
    except Exception:  # noqa: BLE001 - completion must never fail loudly
        return []
    return [CompletionItem(i) for i in ids if i.startswith(incomplete)]


def _complete_family(ctx, param, incomplete: str):
    from click.shell_completion import CompletionItem

    from .models.rules import FAMILIES

    return [CompletionItem(f) for f in FAMILIES if f.startswith(incomplete)]


# ---- shared steps ------------------------------------------------------------------------------

_ASSESSMENTS: dict[tuple, Any] = {}


def _profile(weights: str | None):
    """The weights profile named by --weights: a missing one is a usage error, a broken one a data error."""
    from .rules.loader import RuleFileError, load_profile

    try:
        return load_profile(weights)
    except RuleFileError as err:
        if weights and not Path(weights).exists():
            raise click.BadParameter(str(err), param_hint="--weights") from None
        raise DataError(str(err)) from None


def _assessment(rules: tuple[str, ...] | None, weights: str | None, engine: str = "batch", rank_by: str = "point"):
    """Rules (shipped, plus --rules files linted before use) + weights profile + executor, fitted."""
    from .engine.core import Assessment

    shipped = not rules and (weights is None or not Path(weights).exists())
    key = (weights, engine, rank_by)
    if shipped and engine == "batch" and key in _ASSESSMENTS:
        return _ASSESSMENTS[key]
    ruleset = _ruleset(extra=rules)
    profile = _profile(weights)
    assessment = Assessment(ruleset, profile, engine=engine, rank_by=rank_by).fit()
    if shipped and engine == "batch":
        _ASSESSMENTS[key] = assessment
    return assessment


def _ruleset(paths: tuple[str, ...] | None = None, extra: tuple[str, ...] | None = None):
    """The shipped rules (or those under `paths`) plus --rules files, which are linted and must
    pass their own examples before use; any problem is a data error naming file and line."""
    from .rules.loader import RuleFileError, load_rules

    try:
        ruleset = load_rules([Path(p) for p in paths] if paths else None, list(extra) if extra else None)
    except RuleFileError as err:
        raise DataError("the rule files have problems:\n" + str(err)) from None
    if extra:
        _check_extra_examples(ruleset)
    return ruleset


def _example_failure(res) -> str:
    """'example N: expected X, got Y' for a failed rule example."""
    from .rules.lint import _NAME

    got = "an invalid example: " + res.error if res.got is None else _NAME[res.got]
    return f"example {res.index + 1}: expected {_NAME[res.expected]}, got {got}"


def _check_extra_examples(ruleset) -> None:
    """--rules files are linted before use: schema, fields and values, conditions and cycles (by
    the loader), and every example of their rules must pass."""
    from .rules.lint import run_examples
    from .rules.loader import RULES_DIR

    shipped = RULES_DIR.resolve()
    failures = []
    for res in run_examples(ruleset):
        if res.passed or Path(res.rule.file).resolve().is_relative_to(shipped):
            continue
        failures.append(f"{res.rule.file}:{res.rule.line}: [{res.rule.id}] {_example_failure(res)}")
    if failures:
        raise DataError("the rule files have problems:\n" + "\n".join(failures))


def _read_stdin_as(fmt: str):
    """A pipeline from stdin in a format other than CSV: spooled to a temporary file."""
    import tempfile

    from .pipeline import read_pipeline

    data = sys.stdin.buffer.read()
    with tempfile.TemporaryDirectory(prefix="polex-") as tmp:
        path = Path(tmp) / f"stdin.{fmt}"
        path.write_bytes(data)
        try:
            return read_pipeline(path)
        except ValueError as err:
            err.args = tuple(str(a).replace(str(path), "<stdin>") for a in err.args)
            raise


def _intake(path: str, lang: str = "en", echo_warnings: bool = True, input_format: str | None = None):
    from .engine.intake import MissingColumns
    from .formats import DataFileError
    from .pipeline import read_pipeline

    name = "<stdin>" if path == "-" else path
    try:
        if path == "-" and input_format and input_format != "csv":
            intake = _read_stdin_as(input_format)
        else:
            intake = read_pipeline(path)
    except DataFileError as err:
        raise DataError(str(err)) from None
    except MissingColumns as err:
        raise click.UsageError(f"{name}: {err}") from None
    if intake.total == 0:
        raise DataError(f"{name}: no candidate rows (a header, but no rows under it)")
    if echo_warnings:
        for col, hint in intake.unknown_columns.items():
            click.echo(_msg(lang, "unknown_column", col=col) + (_msg(lang, "did_you_mean", hint=hint) if hint else ""),
                       err=True)
    return intake


def _estimate_rows(path: str) -> int:
    """About how many rows a file holds, cheaply (only asked when stderr is a terminal)."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError:
        return 0
    suffix = p.suffix.lower()
    if suffix == ".parquet":
        try:
            import pyarrow.parquet as pq

            return pq.ParquetFile(p).metadata.num_rows
        except Exception:  # noqa: BLE001 - a guess only; the reader reports a bad file
            return size // 50
    if suffix in (".csv", ".tsv", ".txt", ".jsonl", ".ndjson") and size < 64 << 20:
        lines = 0
        with open(p, "rb") as handle:
            while chunk := handle.read(1 << 20):
                lines += chunk.count(b"\n")
                if lines > PROGRESS_ROWS:  # enough to decide on a progress bar
                    break
        return lines
    return size // 150


def _stderr_is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _want_progress(path: str) -> bool:
    return path != "-" and _stderr_is_tty() and _estimate_rows(path) > PROGRESS_ROWS


def _parse_sets(sets: tuple[str, ...]) -> dict[str, str]:
    from .models.vocabulary import FIELD_BY_NAME, PASSTHROUGH, did_you_mean, suggest

    out = {}
    for item in sets:
        if "=" not in item:
            raise click.BadParameter(f"got {item!r}, expected field=value (e.g. stage=pilot)", param_hint="--set")
        key, value = (x.strip() for x in item.split("=", 1))
        if key not in FIELD_BY_NAME and key not in PASSTHROUGH:
            hint = suggest(key, FIELD_BY_NAME)
            raise click.BadParameter(f"unknown field {key!r}" + did_you_mean(hint)
                                     + "; `polex schema` lists every field", param_hint="--set")
        out[key] = value
    return out


def _problem_lines(problems) -> str:
    lines = []
    for p in problems:
        if p.value is None and "required" in p.expected:
            lines.append(f"{p.field}: missing; it is required (e.g. --set {p.field}=...)")
        else:
            lines.append(str(p))
    return "\n  ".join(lines)


# ---- the group ---------------------------------------------------------------------------------

rules_option = click.option("--rules", "rules", multiple=True, type=click.Path(exists=True),
                            help="Extra rule file or folder (adds rules, or replaces a shipped rule with the same "
                                 "id). Linted, and its examples run, before use. Repeatable.")
weights_option = click.option("--weights", default=None, metavar="PROFILE", shell_complete=_complete_weights,
                              help="Weights profile: a shipped name (default) or a YAML file.")
lang_option = click.option("--lang", type=LANGS, default="en", show_default=True, envvar="POLEX_LANG",
                           help="Language of titles, reasons and messages (env POLEX_LANG).")
rank_by_option = click.option("--rank-by", type=click.Choice(["point", "low", "high"]), default="point",
                              show_default=True, help="Rank by the point score, or by the low or high end of its "
                                                      "range (what unknowns could do).")
card_format_option = click.option("--format", "fmt", type=click.Choice(["table", "json", "yaml"]), default="table",
                                  show_default=True, help="table for people; json or yaml for other programs.")
full_option = click.option("--full", is_flag=True, help="Also print the documents' reason for every rule that "
                                                        "counts.")
input_format_option = click.option("--input-format", type=click.Choice(["csv", "tsv", "xlsx", "json", "jsonl",
                                                                        "yaml", "parquet"]),
                                   default=None, help="Format of FILE when it is - (stdin); default csv.")


@click.group(cls=PolexGroup, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="polex")
def main():
    """Score and rank policy-export opportunities (Seoul offering an urban policy to a partner city)
    with rules sourced from five Korean policy documents; every rule cites its document and lines.

    \b
    Start here:
      polex demo                              rank the documents' cases, explain the best
      polex score --interactive               score one candidate, prompted field by field
      polex template --out pipeline.xlsx      an empty pipeline with dropdowns, then:
      polex rank pipeline.xlsx --out ranking.xlsx

    Exit codes: 0 ok, 1 data or check failure, 2 usage.
    """


# ---- demo --------------------------------------------------------------------------------------

@main.command(context_settings=CONTEXT, short_help="Rank the documents' cases and explain the best one.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="How many ranked rows to show.")
@lang_option
@weights_option
@full_option
def demo(top: int, lang: str, weights: str | None, full: bool):
    """Rank the bundled cases from the source documents and explain the best one rule by rule.

    The README's main job: what polex does, in one command.
    """
    from .render import render_ranking, render_scorecard, top_reason

    path = FIXTURES / "pipeline.csv"
    intake = _intake(str(path), lang)
    ranking = _assessment(None, weights).rank(intake.columns)
    _, data = ranking.table(lang, top)
    data["top_reason"] = top_reason(ranking, lang, ranking.order[:top])
    console = _console()
    best = int(ranking.order[0])
    console.print(_msg(lang, "demo_intro", total=intake.total, file=path.name, ranked=len(ranking),
                       rejected=intake.rejected_rows), markup=False)
    render_ranking(console, data, lang)
    console.print()
    render_scorecard(console, ranking.scorecard(best, lang), full=full)
    console.print()
    console.print(_msg(lang, "demo_next", file=path, id=ranking.columns.ids[best]), markup=False, style="dim")


# ---- score -------------------------------------------------------------------------------------

def _load_candidate(file: str | None) -> dict[str, Any]:
    import yaml

    from .formats import DataFileError, _read_bytes, decode, plain_value

    name = "<stdin>" if file == "-" else file
    if Path(str(file)).suffix.lower() in (".csv", ".tsv", ".xlsx", ".parquet", ".jsonl"):
        raise click.BadParameter(f"{file}: `polex score` reads one candidate from YAML or JSON; for a pipeline "
                                 "file use `polex rank FILE` or `polex explain FILE --id ID`", param_hint="FILE")
    try:
        data = _read_bytes(file)
    except DataFileError as err:
        raise DataError(str(err).replace(str(file), name, 1)) from None
    try:
        loaded = yaml.safe_load(decode(data, name))  # JSON is YAML too
    except DataFileError as err:
        raise DataError(str(err)) from None
    except yaml.YAMLError as err:
        raise DataError(f"{name}: not a readable YAML or JSON candidate: {getattr(err, 'problem', None) or err}") \
            from None
    except (ValueError, RecursionError) as err:
        raise DataError(f"{name}: not a readable YAML or JSON candidate: {err}") from None
    if isinstance(loaded, dict) and isinstance(loaded.get("candidates"), list):
        loaded = loaded["candidates"]
    if isinstance(loaded, list) and len(loaded) == 1:
        loaded = loaded[0]
    if not isinstance(loaded, dict):
        raise DataError(f"{name}: expected one candidate (a mapping of field to value); "
                        "to rank several, use `polex rank`")
    return {str(k): plain_value(v) for k, v in loaded.items()}


_STOP = object()


def _ask(spec, lang: str, default: str | None = None):
    """Prompt for one field until the answer is valid; None = unknown, _STOP = '.'."""
    from .models.candidate import coerce_cell
    from .models.vocabulary import BOOL, ENUM, LIST, ORDINAL, did_you_mean
    from .template import allowed, describe

    choices = spec.values if spec.kind in (ENUM, ORDINAL, LIST) else ()
    click.echo(click.style(spec.name, bold=True) + (" *" if spec.required else "") + f"  {describe(spec, lang)}",
               err=True)
    if choices:
        listing = "  ".join(f"{i}={v}" for i, v in enumerate(choices, 1))
        click.echo(click.wrap_text(listing, 96, initial_indent="    ", subsequent_indent="    "), err=True)
        if spec.kind == LIST:
            click.echo("    " + ("여러 개는 ;로 구분 (예: 1;3)" if lang == "ko" else "several: separate with ; "
                                                                                 "(e.g. 1;3)"), err=True)
    elif spec.kind == BOOL or spec.kind != "str":
        click.echo(f"    {allowed(spec, lang)}", err=True)
    while True:
        text = click.prompt(f"  {spec.name}", default=default or "", show_default=bool(default), err=True,
                            prompt_suffix=" > ").strip()
        if text == "." and not spec.required:
            return _STOP
        if text.lower() in ("", "unknown", "?", "."):
            if spec.required:
                click.echo("    " + ("필수 항목입니다" if lang == "ko" else "required: give a value"), err=True)
                continue
            return None
        if choices:
            parts = [p.strip() for p in text.split(";") if p.strip()]
            parts = [choices[int(p) - 1] if p.isdigit() and 1 <= int(p) <= len(choices) else p for p in parts]
            text = ";".join(parts)
        try:
            coerce_cell(spec, text)
        except ValueError as err:
            hint = err.args[0] if err.args else None
            click.echo(f"    ✗ {spec.expected}" + did_you_mean(hint), err=True)
            continue
        if spec.kind == BOOL:
            return text.lower()
        return text


def _interactive(record: dict[str, Any], lang: str) -> dict[str, Any]:
    import shlex

    from .models.vocabulary import FIELDS

    click.echo(_msg(lang, "interactive_intro"), err=True)
    for spec in sorted(FIELDS, key=lambda f: not f.required):  # id, partner_city, country first
        if spec.name == "outcome" or spec.name in record:
            continue
        answer = _ask(spec, lang, default="candidate" if spec.name == "id" else None)
        if answer is _STOP:
            break
        if answer is not None:
            record[spec.name] = answer
    args = " ".join(f"--set {shlex.quote(f'{k}={v}')}" for k, v in record.items() if not isinstance(v, (dict, list)))
    click.echo(_msg(lang, "interactive_repeat"), err=True)
    click.echo("  " + _msg(lang, "interactive_again", args=args), err=True)
    return record


@main.command(context_settings=CONTEXT, short_help='Score one candidate (YAML/JSON file, --set, or prompts).')
@click.argument("file", required=False, type=click.Path(allow_dash=True, dir_okay=False))
@click.option("--set", "sets", multiple=True, metavar="FIELD=VALUE", shell_complete=_complete_set,
              help="Set a field (repeatable; overrides FILE), e.g. --set stage=pilot "
                   "--set funding_sources='oda_loan;mdb'. Empty or 'unknown' = unknown.")
@click.option("--interactive", "-i", is_flag=True, help="Prompt for each field not given yet, listing the allowed "
                                                         "values; Enter = unknown, '.' = stop.")
@card_format_option
@lang_option
@weights_option
@rules_option
@full_option
@click.option("--engine", type=click.Choice(["durable", "batch"]), default="durable", show_default=True,
              help="Executor: durable_rules (the reference) or numpy (same outcomes).")
def score(file, sets, interactive, fmt, lang, weights, rules, full, engine):
    """Score one candidate from a YAML or JSON FILE (- for stdin), --set options, or prompts.

    Prints the score, its range (what the unknowns could do), eligibility and gate reasons,
    family bars, every rule with its outcome, points and source, the changes that would raise
    the score most and the unknowns worth finding out. Only id, partner_city and country are
    required; anything missing is unknown, never false. `polex schema` lists every field.

    \b
    polex score candidate.yaml
    polex score --set partner_city=Hanoi --set country=VNM --set stage=pilot
    polex score -i --lang ko
    """
    from .models.candidate import CandidateError, validate_record

    if not file and not sets and not interactive:
        raise click.UsageError("give a candidate FILE (YAML or JSON, - for stdin), --set field=value options, "
                               "or --interactive")
    if file == "-" and interactive:
        raise click.UsageError("--interactive reads answers from stdin, so the candidate cannot come from - too; "
                               "give a FILE or --set options")
    overrides = _parse_sets(sets)
    record = _load_candidate(file) if file else {}
    record.update(overrides)
    if interactive:
        record = _interactive(record, lang)
    record.setdefault("id", "candidate")
    try:
        values = {k: v for k, v in validate_record(record).items() if v is not None}
    except CandidateError as err:
        raise DataError("the candidate has problems:\n  " + _problem_lines(err.problems)) from None
    ranking = _assessment(rules, weights, engine).rank([values])
    _emit_card(ranking.scorecard(0, lang), fmt, full)


def _emit_card(card, fmt: str, full: bool = False) -> None:
    if fmt == "json":
        click.echo(card.model_dump_json(indent=2))
    elif fmt == "yaml":
        import yaml

        click.echo(yaml.safe_dump(card.model_dump(mode="json"), allow_unicode=True, sort_keys=False), nl=False)
    else:
        from .render import render_scorecard

        render_scorecard(_console(), card, full=full)


# ---- rank --------------------------------------------------------------------------------------

def _check_targets(file: str, out: str | None, rejects: str | None) -> None:
    from .formats import WRITE_FORMATS, DataFileError, file_format

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


@main.command(context_settings=CONTEXT, short_help='Rank a pipeline file (csv tsv xlsx json jsonl yaml parquet).')
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
    from .formats import DataFileError, write_columns, write_table
    from .render import progress

    _check_targets(file, out, rejects)
    assessment = _assessment(rules, weights, engine, rank_by)
    name = "<stdin>" if file == "-" else file
    with progress(_want_progress(file), 4) as step:
        step(f"reading {name}")
        intake = _intake(file, lang, input_format=input_format)
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
        from .render import render_ranking, top_reason

        data["top_reason"] = top_reason(ranking, lang, ranking.order[:shown])
        render_ranking(_console(), data, lang)
        if not top and len(ranking) > TERMINAL_ROWS:
            click.echo(_msg(lang, "showing", shown=TERMINAL_ROWS, total=len(ranking)), err=True)
    summary = _msg(lang, "counts", total=intake.total, ranked=len(ranking), rejected=intake.rejected_rows)
    if out:
        summary += "; " + _msg(lang, "written", path=out)
    if rejects:
        summary += "; " + _msg(lang, "rejects_written", path=rejects)
    click.echo(summary, err=True)
    if intake.rejects and not rejects:
        for r in intake.rejects[:10]:
            value = r.value if len(r.value) <= 60 else r.value[:57] + "..."
            click.echo(_msg(lang, "reject_line", row=r.row, field=r.field, value=value, expected=r.expected)
                       + (_msg(lang, "did_you_mean", hint=r.suggestion) if r.suggestion else ""), err=True)
        if len(intake.rejects) > 10:
            click.echo(_msg(lang, "more_rejects", n=len(intake.rejects) - 10), err=True)
    if strict and intake.rejects:
        click.echo(_msg(lang, "strict", n=intake.rejected_rows), err=True)
        sys.exit(1)


# ---- explain -----------------------------------------------------------------------------------

@main.command(context_settings=CONTEXT, short_help='Explain one candidate of a pipeline file, rule by rule.')
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
    intake = _intake(file, lang, echo_warnings=False, input_format=input_format)
    ranking = _assessment(rules, weights, "batch", rank_by).rank(intake.columns)
    try:
        row = ranking.row_of(candidate_id)
    except KeyError:
        from .models.vocabulary import suggest

        ids = [str(i) for i in ranking.columns.ids]
        hint = suggest(candidate_id, ids)
        rejected = [r for r in intake.rejects if r.id == candidate_id]
        why = (f" (row {rejected[0].row} was rejected: {rejected[0].field}: got {rejected[0].value!r}, expected "
               f"{rejected[0].expected})") if rejected else ""
        raise DataError(f"no candidate with id {candidate_id!r} in {file}{why}"
                        + (f"; did you mean {hint!r}?" if hint and not rejected else "")) from None
    _emit_card(ranking.scorecard(row, lang), fmt, full)


# ---- rules -------------------------------------------------------------------------------------

@main.group(cls=PolexGroup, context_settings=CONTEXT, short_help='Browse, lint and test the rules.')
def rules():
    """Browse, lint and test the rules (list, show ID, check [DIR], test [DIR])."""


@rules.command("list", context_settings=CONTEXT)
@lang_option
@click.option("--family", default=None, shell_complete=_complete_family, help="Only this family.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@rules_option
def rules_list(lang, family, fmt, rules):
    """List every rule: id, family, kind, points, title and source."""
    import json

    from .models.vocabulary import did_you_mean, suggest
    from .render import render_rules

    ruleset = _ruleset(extra=rules)
    if family and family not in ruleset.families:
        hint = suggest(family, ruleset.families)
        raise click.BadParameter(f"no family {family!r}" + did_you_mean(hint)
                                 + f"; families: {', '.join(ruleset.families)}", param_hint="--family")
    selected = [r for r in ruleset.rules if not family or r.family == family]
    if fmt == "json":
        click.echo(json.dumps([{"id": r.id, "family": r.family, "kind": r.kind, "points": r.points,
                                "title": r.title(lang), "source": r.cites} for r in selected],
                              ensure_ascii=False, indent=1))
        return
    render_rules(_console(), selected, lang)
    click.echo(_msg(lang, "rules_count", n=len(selected), f=len({r.family for r in selected})))


@rules.command("show", context_settings=CONTEXT, short_help='Show one rule in full: condition, texts, source, examples.')
@click.argument("rule_id", shell_complete=_complete_rule_id)
@lang_option
@rules_option
def rules_show(rule_id, lang, rules):
    """Show one rule in full: condition, points, texts in the chosen language, source and examples."""
    from .engine.core import _condition_text
    from .models.vocabulary import suggest
    from .render import family_label, ui

    ruleset = _ruleset(extra=rules)
    try:
        r = ruleset[rule_id]
    except KeyError:
        hint = suggest(rule_id, [x.id for x in ruleset.rules])
        raise DataError(f"no rule {rule_id!r}" + (f"; did you mean {hint!r}?" if hint else "")
                        + "; `polex rules list` shows them all") from None
    t = ui(lang)
    points = f", {r.points:g} {t['points']}" if r.points else ""
    click.echo(f"{r.id}  ({family_label(r.family, lang)}, {r.kind}{points})")
    width = max(len(t[k]) for k in ("title", "when", "reason", "hint", "source", "file", "example")) + 2
    for key, value in (("title", r.title(lang)), ("when", _condition_text(r.node)),
                       ("reason", " ".join(r.reason(lang).split())), ("hint", " ".join(r.hint(lang).split())),
                       ("source", r.cites), ("file", f"{r.file}:{r.line}")):
        click.echo(click.wrap_text(value, 100, initial_indent=f"  {(t[key] + ':').ljust(width)}",
                                   subsequent_indent=" " * (width + 2), preserve_paragraphs=False))
    for ex in r.examples:
        click.echo(f"  {(t['example'] + ':').ljust(width)}{ex.candidate} -> {str(ex.expect).lower()}")


@rules.command("check", context_settings=CONTEXT, short_help='Lint rule files (default: the shipped rules).')
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@weights_option
@lang_option
def rules_check(paths, weights, lang):
    """Lint rule files or folders (default: the shipped rules): schema, fields and values,
    translations, sources, duplicates, derive cycles, conditions that can never be true, examples.
    Exit 1 if there is any error."""
    from .rules.lint import lint

    profile = _profile(weights) if (weights or not paths) else None
    ruleset, issues = lint([Path(p) for p in paths] or None, profile)
    for issue in issues:
        click.echo(str(issue))
    errors = sum(i.severity == "error" for i in issues)
    n = len(ruleset) if ruleset else 0
    click.echo(_msg(lang, "checked", n=n, errors=errors, warnings=len(issues) - errors))
    if errors:
        sys.exit(1)


@rules.command("test", context_settings=CONTEXT, short_help="Run every rule's examples through both executors.")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--engine", type=click.Choice(["batch", "durable", "both"]), default="both", show_default=True)
@lang_option
def rules_test(paths, engine, lang):
    """Run every rule's examples (through both executors by default). Exit 1 if any fails."""
    from .engine.batch import BatchExecutor
    from .engine.durable import DurableExecutor
    from .rules.lint import run_examples

    ruleset = _ruleset(paths=paths)
    executors = {"batch": [BatchExecutor], "durable": [DurableExecutor],
                 "both": [BatchExecutor, DurableExecutor]}[engine]
    failed = total = 0
    for make in executors:
        for res in run_examples(ruleset, make(ruleset)):
            total += 1
            if not res.passed:
                failed += 1
                click.echo(f"FAIL [{make.name}] {res.rule.id} {_example_failure(res)}  "
                           f"({res.rule.file}:{res.rule.line})")
    click.echo(_msg(lang, "tested", passed=total - failed, failed=failed))
    if failed:
        sys.exit(1)


# ---- template and schema -----------------------------------------------------------------------

@main.command(context_settings=CONTEXT, short_help='Write an empty pipeline file (xlsx with dropdowns, csv, yaml).')
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False),
              help="The file to write: .xlsx (dropdowns + a field guide), .csv (header) or .yaml.")
@lang_option
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
def template(out, lang, force):
    """Write an empty pipeline file with every field, ready to fill in and rank.

    The .xlsx has a dropdown for every enum and yes/no field, number checks, a note on each
    column, and a second sheet (`fields`) that documents each field in English and Korean.

    \b
    polex template --out pipeline.xlsx
    polex rank pipeline.xlsx --out ranking.xlsx
    """
    from .formats import DataFileError
    from .template import TEMPLATE_FORMATS, columns, write_template

    if Path(out).exists() and not force:
        raise click.BadParameter(f"{out} exists; use --force to overwrite it", param_hint="--out")
    try:
        fmt = write_template(out, lang)
    except DataFileError:
        raise click.BadParameter(f"{out}: expected a .{', .'.join(TEMPLATE_FORMATS)} file", param_hint="--out") \
            from None
    except OSError as err:
        raise DataError(f"cannot write {out}: {err.strerror or err}") from None
    click.echo(_msg(lang, "template_written", path=out, n=len(columns()),
                    extra=_msg(lang, "template_xlsx") if fmt == "xlsx" else ""), err=True)


def candidate_schema(lang: str = "en") -> dict[str, Any]:
    """JSON Schema (2020-12) of one candidate, from the vocabulary."""
    from .models.candidate import Candidate
    from .models.vocabulary import FIELD_BY_NAME, LIST, ORDINAL

    schema = Candidate.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://polex/candidate.schema.json",
              **schema, "title": "polex candidate",
              "description": ("정책 수출 기회 하나 (협력 대상, 정책, 사업에 대해 알려진 정보). id, partner_city, country 외의 "
                              "항목은 비워 둘 수 있고, 빈 값은 '미확인'임." if lang == "ko" else
                              "One policy-export opportunity (a partner, a policy, what is known of the project). "
                              "Every field but id, partner_city and country may be missing or null: missing means "
                              "unknown, never false. Spreadsheet cells may also hold text forms: yes/no, "
                              "'unknown', lists separated by ';'.")}
    for name, prop in schema.get("properties", {}).items():
        spec = FIELD_BY_NAME.get(name)
        if spec is None:
            prop["description"] = "Carried through to outputs, never scored" if lang == "en" else \
                "결과에 그대로 전달되며 점수에는 반영되지 않음"
            continue
        prop["description"] = spec.ko if lang == "ko" and spec.ko else spec.en
        prop["x-description-ko" if lang == "en" else "x-description-en"] = spec.ko if lang == "en" else spec.en
        if spec.kind == ORDINAL:
            prop["x-ordered"] = list(spec.values)  # lowest first: rules compare by this order
        if spec.kind == LIST:
            prop["x-cell-separator"] = ";"
    return schema


@main.command(context_settings=CONTEXT, short_help='Print the JSON Schema of a candidate.')
@lang_option
def schema(lang):
    """Print the JSON Schema of a candidate (every field, its type, allowed values and meaning)."""
    import json

    click.echo(json.dumps(candidate_schema(lang), ensure_ascii=False, indent=2))


# Commands of their own modules (reviewer weights, the HTML report), registered last because
# they import this module's helpers.
from .cli_report import report  # noqa: E402
from .cli_weights import calibrate, sensitivity, weights  # noqa: E402

main.add_command(report)
main.add_command(calibrate)
main.add_command(sensitivity)
main.add_command(weights)

if __name__ == "__main__":  # pragma: no cover
    main()
