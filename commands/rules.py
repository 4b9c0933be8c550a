"""`polex rules list|show|check|test`: browse, lint and test the rule files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import (
    CONTEXT,
    DataError,
    PolexGroup,
    complete_family,
    complete_rule_id,
    example_failure,
    group_lang_option,
    issues_text,
    lang_option,
    make_console,
    message,
    profile_named,
    rules_option,
    ruleset_for,
    weights_option,
)


@click.group(cls=PolexGroup, context_settings=CONTEXT, short_help='Browse, lint and test the rules.')
@group_lang_option
def rules():
    """Browse, lint and test the rules (list, show ID, check [DIR], test [DIR])."""


@rules.command("list", context_settings=CONTEXT)
@lang_option
@click.option("--family", default=None, shell_complete=complete_family, help="Only this family.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@rules_option
def rules_list(lang, family, fmt, rules):
    """List every rule: id, family, kind, points, title and source."""
    import json

    from ..models.vocabulary import suggest
    from ..views.terminal import render_rules

    ruleset = ruleset_for(extra=rules)
    if family and family not in ruleset.families:
        hint = suggest(family, ruleset.families)
        raise click.BadParameter(message(lang, "no_family", family=family, families=", ".join(ruleset.families),
                                         hint=message(lang, "did_you_mean", hint=hint) if hint else ""),
                                 param_hint="--family")
    selected = [r for r in ruleset.rules if not family or r.family == family]
    if fmt == "json":
        click.echo(json.dumps([{"id": r.id, "family": r.family, "kind": r.kind, "points": r.points,
                                "title": r.title(lang), "source": r.cites} for r in selected],
                              ensure_ascii=False, indent=1))
        return
    render_rules(make_console(), selected, lang)
    click.echo(message(lang, "rules_count", n=len(selected), f=len({r.family for r in selected})))


@rules.command("show", context_settings=CONTEXT, short_help='Show one rule in full: condition, texts, source, examples.')
@click.argument("rule_id", shell_complete=complete_rule_id)
@lang_option
@rules_option
def rules_show(rule_id, lang, rules):
    """Show one rule in full: condition, points, texts in the chosen language, source and examples."""
    from ..engine.compile import condition_text
    from ..models.vocabulary import suggest
    from ..views.labels import family_label, ui

    ruleset = ruleset_for(extra=rules)
    try:
        r = ruleset[rule_id]
    except KeyError:
        hint = suggest(rule_id, [x.id for x in ruleset.rules])
        raise DataError(message(lang, "no_rule", rule_id=rule_id,
                                hint=message(lang, "no_rule_hint", hint=hint) if hint else "")) from None
    t = ui(lang)
    points = f", {r.points:g} {t['points']}" if r.points else ""
    korean = lang == "ko"  # English shows the codes the rule files use (factor, true)
    click.echo(f"{r.id}  ({family_label(r.family, lang)}, {t['k_' + r.kind] if korean else r.kind}{points})")
    width = max(len(t[k]) for k in ("title", "when", "reason", "hint", "source", "file", "example")) + 2
    for key, value in (("title", r.title(lang)), ("when", condition_text(r.node)),
                       ("reason", " ".join(r.reason(lang).split())), ("hint", " ".join(r.hint(lang).split())),
                       ("source", r.cites), ("file", f"{r.file}:{r.line}")):
        click.echo(click.wrap_text(value, 100, initial_indent=f"  {(t[key] + ':').ljust(width)}",
                                   subsequent_indent=" " * (width + 2), preserve_paragraphs=False))
    for ex in r.examples:
        expect = str(ex.expect).lower()
        click.echo(f"  {(t['example'] + ':').ljust(width)}{ex.candidate} -> {t.get(expect, expect) if korean else expect}")


@rules.command("check", context_settings=CONTEXT, short_help='Lint rule files (default: the shipped rules).')
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@weights_option
@lang_option
def rules_check(paths, weights, lang):
    """Lint rule files or folders (default: the shipped rules): schema, fields and values,
    translations, sources, duplicates, derive cycles, conditions that can never be true, examples.
    Exit 1 if there is any error."""
    from ..rules.lint import lint

    profile = profile_named(weights) if (weights or not paths) else None
    ruleset, issues = lint([Path(p) for p in paths] or None, profile)
    for issue in issues:
        click.echo(issues_text([issue], lang))
    errors = sum(i.severity == "error" for i in issues)
    n = len(ruleset) if ruleset else 0
    click.echo(message(lang, "checked", n=n, errors=errors, warnings=len(issues) - errors))
    if errors:
        sys.exit(1)


@rules.command("test", context_settings=CONTEXT, short_help="Run every rule's examples through both executors.")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--engine", type=click.Choice(["batch", "durable", "both"]), default="both", show_default=True)
@lang_option
def rules_test(paths, engine, lang):
    """Run every rule's examples (through both executors by default). Exit 1 if any fails."""
    from ..engine.batch import BatchExecutor
    from ..engine.durable import DurableExecutor
    from ..rules.lint import run_examples

    ruleset = ruleset_for(paths=paths)
    executors = {"batch": [BatchExecutor], "durable": [DurableExecutor],
                 "both": [BatchExecutor, DurableExecutor]}[engine]
    failed = total = 0
    for make in executors:
        for res in run_examples(ruleset, make(ruleset)):
            total += 1
            if not res.passed:
                failed += 1
                click.echo(message(lang, "example_fail", executor=make.name, rule=res.rule.id,
                                   failure=example_failure(res, lang), where=f"{res.rule.file}:{res.rule.line}"))
    click.echo(message(lang, "tested", passed=total - failed, failed=failed))
    if failed:
        sys.exit(1)

