"""polex command line: parse, call the engine, render. Exit codes: 0 ok, 1 data or check
failure, 2 usage."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from . import __version__

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LANGS = click.Choice(["en", "ko"])
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class DataError(click.ClickException):
    """Exit 1: the input or the rules are wrong, not the command line."""

    exit_code = 1


def _console(err: bool = False):
    from rich.console import Console

    return Console(stderr=err, highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 160)


def _assessment(rules: tuple[str, ...] | None, weights: str | None, engine: str = "batch", rank_by: str = "point"):
    from .engine.core import Assessment
    from .rules.loader import RuleFileError, load_profile, load_rules

    try:
        ruleset = load_rules(extra=list(rules) if rules else None)
    except RuleFileError as err:
        raise DataError("the rule files have problems:\n" + str(err)) from None
    try:
        profile = load_profile(weights)
    except RuleFileError as err:
        if weights and not Path(weights).exists():
            raise click.BadParameter(str(err), param_hint="--weights") from None
        raise DataError(str(err)) from None
    return Assessment(ruleset, profile, engine=engine, rank_by=rank_by).fit()


def _intake(path: str, echo_warnings: bool = True):
    from .engine.intake import MissingColumns
    from .formats import DataFileError
    from .pipeline import read_pipeline

    try:
        intake = read_pipeline(path)
    except DataFileError as err:
        raise DataError(str(err)) from None
    except MissingColumns as err:
        raise click.UsageError(f"{path}: {err}") from None
    if echo_warnings:
        for col, hint in intake.unknown_columns.items():
            click.echo(f"warning: unknown column {col!r} ignored" + (f" (did you mean {hint!r}?)" if hint else ""),
                       err=True)
    return intake


rules_option = click.option("--rules", "rules", multiple=True, type=click.Path(exists=True),
                            help="Extra rule file or folder (adds rules, or replaces a rule with the same id). "
                                 "Linted before use. Repeatable.")
weights_option = click.option("--weights", default=None, metavar="PROFILE",
                              help="Weights profile: a shipped name (default) or a YAML file.")
lang_option = click.option("--lang", type=LANGS, default="en", show_default=True, help="Language of titles and reasons.")
rank_by_option = click.option("--rank-by", type=click.Choice(["point", "low", "high"]), default="point",
                              show_default=True, help="Rank by the point score, or by the low or high end of its "
                                                      "range (what unknowns could do).")


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="polex")
def main():
    """Score and rank policy-export opportunities with rules sourced from five Korean policy documents.

    Start with `polex demo`. Every rule cites the document and lines behind it.
    """


# ---- demo --------------------------------------------------------------------------------------

@main.command(context_settings=CONTEXT)
@click.option("--top", default=10, show_default=True, help="How many ranked rows to show.")
@lang_option
@weights_option
def demo(top: int, lang: str, weights: str | None):
    """Rank the bundled cases from the documents and explain the best one in full."""
    from .render import render_ranking, render_scorecard

    path = FIXTURES / "pipeline.csv"
    intake = _intake(str(path))
    ranking = _assessment(None, weights).rank(intake.columns)
    header, data = ranking.table(lang, top)
    console = _console()
    console.print(f"[bold]polex demo[/bold]: {intake.total} cases from the documents "
                  f"({path.name}); {len(ranking)} ranked, {intake.rejected_rows} rejected.")
    render_ranking(console, header, data, lang)
    console.print()
    render_scorecard(console, ranking.scorecard(int(ranking.order[0]), lang))


# ---- score -------------------------------------------------------------------------------------

def _parse_sets(sets: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in sets:
        if "=" not in item:
            raise click.BadParameter(f"got {item!r}, expected field=value", param_hint="--set")
        key, value = item.split("=", 1)
        out[key.strip()] = value.strip()
    return out


def _load_candidate(file: str | None, sets: tuple[str, ...]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    if file:
        import yaml

        from .formats import DataFileError, decode

        try:
            data = Path(file).read_bytes() if file != "-" else sys.stdin.buffer.read()
        except OSError as err:
            raise DataError(f"{file}: cannot read: {err.strerror}") from None
        try:
            loaded = yaml.safe_load(decode(data, file))  # JSON is YAML too
        except (yaml.YAMLError, DataFileError) as err:
            raise DataError(f"{file}: not a readable YAML or JSON candidate: {getattr(err, 'problem', err)}") \
                from None
        if isinstance(loaded, list) and len(loaded) == 1:
            loaded = loaded[0]
        if not isinstance(loaded, dict):
            raise DataError(f"{file}: expected one candidate (a mapping of field to value); "
                            "to rank several, use `polex rank`")
        record.update({str(k): v for k, v in loaded.items()})
    record.update(_parse_sets(sets))
    record.setdefault("id", "candidate")
    return record


@main.command(context_settings=CONTEXT)
@click.argument("file", required=False, type=click.Path(allow_dash=True))
@click.option("--set", "sets", multiple=True, metavar="FIELD=VALUE",
              help="Set a field (repeatable), e.g. --set stage=pilot --set funding_sources='oda_loan;mdb'.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "yaml"]), default="table", show_default=True)
@lang_option
@weights_option
@rules_option
@click.option("--engine", type=click.Choice(["durable", "batch"]), default="durable", show_default=True,
              help="Executor: durable_rules (the reference) or numpy (same outcomes).")
def score(file, sets, fmt, lang, weights, rules, engine):
    """Score one candidate from a YAML/JSON FILE (or - for stdin) and/or --set options.

    Prints the score, its range, eligibility, family bars, every rule with its source,
    the changes that would raise the score most and the unknowns worth finding out.
    """
    from .models.candidate import CandidateError, validate_record

    if not file and not sets:
        raise click.UsageError("give a candidate FILE (YAML or JSON, - for stdin) or --set field=value options")
    record = _load_candidate(file, sets)
    try:
        values = {k: v for k, v in validate_record(record).items() if v is not None}
    except CandidateError as err:
        raise DataError("the candidate has problems:\n  " + "\n  ".join(map(str, err.problems))) from None
    ranking = _assessment(rules, weights, engine).rank([values])
    card = ranking.scorecard(0, lang)
    _emit_card(card, fmt)


def _emit_card(card, fmt: str) -> None:
    if fmt == "json":
        click.echo(card.model_dump_json(indent=2))
    elif fmt == "yaml":
        import yaml

        click.echo(yaml.safe_dump(card.model_dump(mode="json"), allow_unicode=True, sort_keys=False))
    else:
        from .render import render_scorecard

        render_scorecard(_console(), card)


# ---- rank --------------------------------------------------------------------------------------

@main.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--out", "out", type=click.Path(dir_okay=False), help="Write the ranking to a file "
              "(.csv .xlsx .json .jsonl .parquet .md; format by extension).")
@click.option("--top", type=click.IntRange(min=1), default=None, help="Keep only the top N rows.")
@click.option("--rejects", type=click.Path(dir_okay=False), help="Write rejected rows (row, id, field, value, "
              "expected) to this file.")
@click.option("--strict", is_flag=True, help="Exit 1 if any row is rejected.")
@lang_option
@weights_option
@rules_option
@rank_by_option
@click.option("--engine", type=click.Choice(["batch", "durable"]), default="batch", show_default=True,
              help="Executor: numpy (fast) or durable_rules (the reference; same outcomes).")
def rank(file, out, top, rejects, strict, lang, weights, rules, rank_by, engine):
    """Rank a pipeline FILE (.csv .tsv .xlsx .json .jsonl .yaml .parquet).

    Every row is ranked or rejected with its row number, field and reason; the counts are printed.
    """
    from .formats import WRITE_FORMATS, DataFileError, file_format, write_table

    for target in (out, rejects):
        if target:
            try:
                file_format(target, WRITE_FORMATS)
            except DataFileError as err:
                raise click.BadParameter(str(err), param_hint="--out/--rejects") from None
    assessment = _assessment(rules, weights, engine, rank_by)
    intake = _intake(file)
    ranking = assessment.rank(intake.columns)
    header, data = ranking.table(lang, top)
    try:
        if out:
            write_table(out, header, _rows(header, data))
        if rejects:
            rheader = ["row", "id", "field", "value", "expected", "suggestion"]
            write_table(rejects, rheader, [[getattr(r, h) for h in rheader] for r in intake.rejects])
    except OSError as err:
        raise DataError(f"cannot write: {err}") from None
    if not out:
        from .render import render_ranking

        render_ranking(_console(), header, data, lang)
    click.echo(f"{intake.total} rows: {len(ranking)} ranked, {intake.rejected_rows} rejected"
               + (f"; ranking written to {out}" if out else ""), err=True)
    if intake.rejects and not rejects:
        for r in intake.rejects[:10]:
            click.echo(f"  row {r.row}: {r.field}: got {r.value!r}, expected {r.expected}"
                       + (f" (did you mean {r.suggestion!r}?)" if r.suggestion else ""), err=True)
        if len(intake.rejects) > 10:
            click.echo(f"  ... {len(intake.rejects) - 10} more; write them all with --rejects FILE", err=True)
    if strict and intake.rejects:
        sys.exit(1)


def _rows(header: list[str], data: dict) -> list[list[Any]]:
    cols = [data[h].tolist() for h in header]
    return [list(r) for r in zip(*cols)]


# ---- explain -----------------------------------------------------------------------------------

@main.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--id", "candidate_id", required=True, help="The id of the candidate to explain.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "yaml"]), default="table", show_default=True)
@lang_option
@weights_option
@rules_option
@rank_by_option
def explain(file, candidate_id, fmt, lang, weights, rules, rank_by):
    """Explain one candidate of a pipeline FILE rule by rule, with its rank among the others."""
    intake = _intake(file, echo_warnings=False)
    ranking = _assessment(rules, weights, "batch", rank_by).rank(intake.columns)
    try:
        row = ranking.row_of(candidate_id)
    except KeyError:
        from .models.vocabulary import suggest

        ids = [str(i) for i in ranking.columns.ids]
        hint = suggest(candidate_id, ids)
        rejected = [r for r in intake.rejects if r.id == candidate_id]
        why = f" (it was rejected: {rejected[0].field}: expected {rejected[0].expected})" if rejected else ""
        raise DataError(f"no candidate with id {candidate_id!r} in {file}{why}"
                        + (f"; did you mean {hint!r}?" if hint else "")) from None
    _emit_card(ranking.scorecard(row, lang), fmt)


# ---- rules -------------------------------------------------------------------------------------

@main.group(context_settings=CONTEXT)
def rules():
    """Browse, lint and test the rules."""


@rules.command("list", context_settings=CONTEXT)
@lang_option
@click.option("--family", default=None, help="Only this family.")
def rules_list(lang, family):
    """List every rule: id, family, kind, points, title and source."""
    from rich.table import Table

    ruleset = _assessment(None, None).ruleset
    table = Table()
    for c in ("id", "family", "kind", "points", "title", "source"):
        table.add_column(c, overflow="fold")
    for r in ruleset.rules:
        if family and r.family != family:
            continue
        table.add_row(r.id, r.family, r.kind, f"{r.points:g}" if r.points else "", r.title(lang), r.cites)
    _console().print(table)
    click.echo(f"{len(ruleset)} rules in {len(ruleset.families)} families")


@rules.command("show", context_settings=CONTEXT)
@click.argument("rule_id")
@lang_option
def rules_show(rule_id, lang):
    """Show one rule in full: condition, points, texts, source and examples."""
    from .engine.core import _condition_text
    from .models.vocabulary import suggest

    ruleset = _assessment(None, None).ruleset
    try:
        r = ruleset[rule_id]
    except KeyError:
        hint = suggest(rule_id, [x.id for x in ruleset.rules])
        raise DataError(f"no rule {rule_id!r}" + (f"; did you mean {hint!r}?" if hint else "")) from None
    click.echo(f"{r.id}  ({r.family}, {r.kind}{', ' + format(r.points, 'g') + ' points' if r.points else ''})")
    click.echo(f"  title:     {r.title(lang)}")
    click.echo(f"  when:      {_condition_text(r.node)}")
    click.echo(f"  reason:    {r.reason(lang)}")
    click.echo(f"  hint:      {r.hint(lang)}")
    click.echo(f"  source:    {r.cites}")
    click.echo(f"  file:      {r.file}:{r.line}")
    for ex in r.examples:
        click.echo(f"  example:   {ex.candidate} -> {str(ex.expect).lower()}")


@rules.command("check", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@weights_option
def rules_check(paths, weights):
    """Lint rule files (default: the shipped rules): schema, fields, values, translations,
    sources, duplicates, derive cycles, conditions that can never be true."""
    from .rules.lint import lint
    from .rules.loader import RuleFileError, load_profile

    try:
        profile = load_profile(weights)
    except RuleFileError as err:
        raise DataError(str(err)) from None
    ruleset, issues = lint([Path(p) for p in paths] or None, profile)
    for issue in issues:
        click.echo(str(issue))
    errors = sum(i.severity == "error" for i in issues)
    n = len(ruleset) if ruleset else 0
    click.echo(f"{n} rules checked: {errors} errors, {len(issues) - errors} warnings")
    if errors:
        sys.exit(1)


@rules.command("test", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--engine", type=click.Choice(["batch", "durable", "both"]), default="both", show_default=True)
def rules_test(paths, engine):
    """Run every rule's examples (through both executors by default)."""
    from .engine.batch import BatchExecutor
    from .engine.durable import DurableExecutor
    from .rules.lint import _NAME, run_examples
    from .rules.loader import RuleFileError, load_rules

    try:
        ruleset = load_rules([Path(p) for p in paths] if paths else None)
    except RuleFileError as err:
        raise DataError("the rule files have problems:\n" + str(err)) from None
    executors = {"batch": [BatchExecutor], "durable": [DurableExecutor],
                 "both": [BatchExecutor, DurableExecutor]}[engine]
    failed = total = 0
    for make in executors:
        for res in run_examples(ruleset, make(ruleset)):
            total += 1
            if not res.passed:
                failed += 1
                got = "invalid example: " + res.error if res.got is None else _NAME[res.got]
                click.echo(f"FAIL [{make.name}] {res.rule.id} example {res.index + 1}: expected "
                           f"{_NAME[res.expected]}, got {got}  ({res.rule.file}:{res.rule.line})")
    click.echo(f"{total - failed} passed, {failed} failed")
    if failed:
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
