"""`polex score`: one candidate from a YAML/JSON file, --set options or prompts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .common import (
    CONTEXT,
    DataError,
    assessment_for,
    card_format_option,
    complete_set,
    emit_card,
    error_text,
    file_error_text,
    full_option,
    lang_option,
    message,
    rules_option,
    weights_option,
)


def _parse_sets(sets: tuple[str, ...], lang: str = "en") -> dict[str, str]:
    from ..models.vocabulary import FIELD_BY_NAME, PASSTHROUGH, suggest

    out = {}
    for item in sets:
        if "=" not in item:
            raise click.BadParameter(message(lang, "set_not_pair", item=item), param_hint="--set")
        key, value = (x.strip() for x in item.split("=", 1))
        if key not in FIELD_BY_NAME and key not in PASSTHROUGH:
            hint = suggest(key, FIELD_BY_NAME)
            raise click.BadParameter(message(lang, "set_unknown", field=key,
                                             hint=message(lang, "did_you_mean", hint=hint) if hint else ""),
                                     param_hint="--set")
        out[key] = value
    return out


def _problem_lines(problems, lang: str = "en") -> str:
    from ..models.errors import shown
    from ..views.labels import expected_text

    lines = []
    for p in problems:
        if p.value is None and "required" in (p.expected or ""):
            lines.append(message(lang, "missing_required", field=p.field))
        elif lang == "ko" and p.field and p.expected:
            lines.append(message(lang, "problem", field=p.field, value=shown(p.value),
                                 expected=expected_text(p.expected, lang))
                         + (message(lang, "did_you_mean", hint=p.suggestion) if p.suggestion else ""))
        else:
            lines.append(str(p))
    return "\n  ".join(lines)


def _load_candidate(file: str | None, lang: str = "en") -> dict[str, Any]:
    import yaml

    from ..formats import DataFileError, decode, plain_value, read_bytes
    from ..models.yamlsafe import load_plain
    from ..views.labels_errors import yaml_text

    name = "<stdin>" if file == "-" else file
    if Path(str(file)).suffix.lower() in (".csv", ".tsv", ".xlsx", ".parquet", ".jsonl"):
        raise click.BadParameter(message(lang, "score_pipeline", file=file), param_hint="FILE")
    try:
        data = read_bytes(file)
    except DataFileError as err:
        raise DataError(file_error_text(err, lang).replace(str(file), name, 1)) from None
    try:
        text = decode(data, name)
        if Path(str(file)).suffix.lower() == ".json":
            import json

            loaded = json.loads(text, parse_constant=str)  # NaN stays text: a number field rejects it
        else:
            loaded = load_plain(text)[0]  # JSON is YAML too; no implicit typing, no aliases
    except DataFileError as err:
        raise DataError(file_error_text(err, lang)) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = message(lang, "at_line", n=mark.line + 1) if mark is not None else ""
        raise DataError(message(lang, "not_candidate", name=name, where=where,
                                problem=yaml_text(getattr(err, "problem", None) or err, lang))) from None
    except (ValueError, RecursionError) as err:
        raise DataError(message(lang, "not_candidate", name=name, where="", problem=error_text(err, lang))) from None
    if isinstance(loaded, dict) and isinstance(loaded.get("candidates"), list):
        loaded = loaded["candidates"]
    if isinstance(loaded, list) and len(loaded) == 1:
        loaded = loaded[0]
    if not isinstance(loaded, dict):
        raise DataError(message(lang, "one_candidate", name=name))
    return {str(k): plain_value(v) for k, v in loaded.items()}


_STOP = object()


def _ask(spec, lang: str, default: str | None = None):
    """Prompt for one field until the answer is valid; None = unknown, _STOP = '.'."""
    from ..formats.template import allowed, describe
    from ..models.candidate import coerce_cell
    from ..models.vocabulary import BOOL, ENUM, LIST, ORDINAL, did_you_mean

    choices = spec.values if spec.kind in (ENUM, ORDINAL, LIST) else ()
    click.echo(click.style(spec.name, bold=True) + (" *" if spec.required else "") + f"  {describe(spec, lang)}",
               err=True)
    if choices:
        listing = "  ".join(f"{i}={v}" for i, v in enumerate(choices, 1))
        click.echo(click.wrap_text(listing, 96, initial_indent="    ", subsequent_indent="    "), err=True)
        if spec.kind == LIST:
            click.echo("    " + message(lang, "ask_several"), err=True)
    elif spec.kind == BOOL or spec.kind != "str":
        click.echo(f"    {allowed(spec, lang)}", err=True)
    while True:
        text = click.prompt(f"  {spec.name}", default=default or "", show_default=bool(default), err=True,
                            prompt_suffix=" > ").strip()
        if text == "." and not spec.required:
            return _STOP
        if text.lower() in ("", "unknown", "?", "."):
            if spec.required:
                click.echo("    " + message(lang, "ask_required"), err=True)
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
            from ..models.candidate import expected_with
            from ..views.labels import expected_text

            click.echo(f"    ✗ {expected_text(expected_with(spec.expected, err), lang)}"
                       + (message(lang, "did_you_mean", hint=hint) if hint and lang == "ko" else did_you_mean(hint)),
                       err=True)
            continue
        if spec.kind == BOOL:
            return text.lower()
        return text


def _interactive(record: dict[str, Any], lang: str) -> dict[str, Any]:
    import shlex

    from ..models.vocabulary import FIELDS

    click.echo(message(lang, "interactive_intro"), err=True)
    for spec in sorted(FIELDS, key=lambda f: not f.required):  # id, partner_city, country first
        if spec.name == "outcome" or spec.name in record:
            continue
        answer = _ask(spec, lang, default="candidate" if spec.name == "id" else None)
        if answer is _STOP:
            break
        if answer is not None:
            record[spec.name] = answer
    args = " ".join(f"--set {shlex.quote(f'{k}={v}')}" for k, v in record.items() if not isinstance(v, (dict, list)))
    click.echo(message(lang, "interactive_repeat"), err=True)
    click.echo("  " + message(lang, "interactive_again", args=args), err=True)
    return record


@click.command(context_settings=CONTEXT, short_help='Score one candidate (YAML/JSON file, --set, or prompts).')
@click.argument("file", required=False, type=click.Path(allow_dash=True, dir_okay=False))
@click.option("--set", "sets", multiple=True, metavar="FIELD=VALUE", shell_complete=complete_set,
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
@click.option("--decimal-comma", is_flag=True, help="Read 4,5 as 4.5; by default a comma only separates thousands "
                                                    "(1,000) and anything else is refused.")
def score(file, sets, interactive, fmt, lang, weights, rules, full, engine, decimal_comma):
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
    from ..models.candidate import CandidateError, validate_record

    if not file and not sets and not interactive:
        raise click.UsageError(message(lang, "score_nothing"))
    if file == "-" and interactive:
        raise click.UsageError(message(lang, "score_stdin_twice"))
    overrides = _parse_sets(sets, lang)
    record = _load_candidate(file, lang) if file else {}
    record.update(overrides)
    from ..models.candidate import DECIMAL_COMMA

    DECIMAL_COMMA.set(decimal_comma)  # one parser of numbers for the file, --set and the prompts
    if interactive:
        record = _interactive(record, lang)
    record.setdefault("id", "candidate")
    try:
        values = {k: v for k, v in validate_record(record).items() if v is not None}
    except CandidateError as err:
        raise DataError(message(lang, "candidate_problems") + _problem_lines(err.problems, lang)) from None
    ranking = assessment_for(rules, weights, engine).rank([values])
    emit_card(ranking.scorecard(0, lang), fmt, full)

