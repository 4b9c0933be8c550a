"""What every command shares: the context settings, the options, shell completion, loading
rules, profiles and pipelines, and the one mapping of errors to exit codes (0 ok, 1 data or
check failure, 2 usage). Any unexpected exception becomes one line and exit 1, not a traceback
(POLEX_DEBUG=1 shows it)."""

from __future__ import annotations

import os
import sys
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import click

from .speech import LANGS, click_speaks, help_speaks, usage_lang, without_pandas

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}




# The --lang of the running command (set by `lang_option`), so an error shown after the command
# has returned still speaks its language.
CURRENT_LANG: ContextVar[str] = ContextVar("polex_lang", default="en")


class DataError(click.ClickException):
    """Exit 1: the input or the rules are wrong, not the command line."""

    exit_code = 1

    def show(self, file=None) -> None:
        if CURRENT_LANG.get() != "ko":
            return super().show(file)
        click.echo("오류: " + self.format_message(), file=file or sys.stderr)


class PolexGroup(click.Group):
    """The command group; any unexpected exception becomes one line and exit 1, not a traceback;
    click's own messages (usage errors) speak the run's language.

    `commands_from` registers commands by where they live ({"rank": "rank:rank"}, module in
    polex.commands; "weights base-rates" adds a subcommand to a group), imported when first
    asked for, so `polex score` does not pay for importing every other command."""

    def __init__(self, *args, commands_from: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.commands_from = dict(commands_from or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *(name for name in self.commands_from if " " not in name)})

    def get_command(self, ctx: click.Context, name: str):
        if name not in self.commands and name in self.commands_from:
            command = _command_at(self.commands_from[name])
            for key, where in self.commands_from.items():
                if key.startswith(name + " "):
                    command.add_command(_command_at(where), key.split(" ", 1)[1])
            self.add_command(command, name)
        return super().get_command(ctx, name)

    def resolve_command(self, ctx: click.Context, args):
        if args and args[0] not in self.commands and args[0] not in self.commands_from:
            for name in self.list_commands(ctx):  # an unknown name: every command, for "did you mean"
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)

    def main(self, args=None, *rest, **extra):
        argv = sys.argv[1:] if args is None else list(args)
        lang = usage_lang(argv)
        saved = os.environ.get("POLEX_LANG")  # a group's --lang sets it for the run only
        try:
            with click_speaks(lang), help_speaks(lang), without_pandas():
                return super().main(args, *rest, **extra)
        finally:
            if saved is None:
                os.environ.pop("POLEX_LANG", None)
            else:
                os.environ["POLEX_LANG"] = saved

    def invoke(self, ctx: click.Context):
        CURRENT_LANG.set("en")  # until a command's --lang says otherwise
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit,
                KeyboardInterrupt, EOFError):
            raise
        except OSError as err:
            if getattr(err, "errno", None) == 32:  # broken pipe (`polex demo | head -1`): quietly, exit 0
                quiet_broken_pipe()
                ctx.exit(0)
            return self._unexpected(ctx, err)
        except Exception as err:  # noqa: BLE001 - the last line of defence
            return self._unexpected(ctx, err)

    @staticmethod
    def _unexpected(ctx: click.Context, err: BaseException):
        if os.environ.get("POLEX_DEBUG"):
            raise err
        lang = CURRENT_LANG.get()
        text = error_text((str(err).strip().splitlines() or [""])[0][:300], lang)  # a text the engine words, in lang
        click.echo(message(lang, "unexpected", kind=type(err).__name__, text=text), err=True)
        ctx.exit(1)


def _command_at(where: str) -> click.Command:
    import importlib

    module, name = where.split(":")
    return getattr(importlib.import_module(f"{__package__}.{module}"), name)


def make_console(err: bool = False):
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:  # `polex demo | head -1`: the reader has enough; exit 0 quietly
            quiet_broken_pipe()
            raise SystemExit(0)

    stream = sys.stderr if err else sys.stdout
    return _Console(file=stream, highlight=False, soft_wrap=False, width=None if stream.isatty() else 160)


def message(lang: str, key: str, **values: Any) -> str:
    from ..views.labels import msg

    return msg(lang, key, **values)


def file_error_text(err: BaseException, lang: str) -> str:
    """A file error (worded in English by formats/files.py) in `lang`: the message a user meets."""
    from ..views.labels_commands import translate_error

    return error_text(translate_error(str(err), lang), lang)


def _problem(lang: str):
    """Words one problem of a candidate ('field', "'value'", 'expected') in `lang`."""
    from ..views.labels import expected_text

    return lambda field, value, expected: message(lang, "problem", field=field, value=value,
                                                  expected=expected_text(expected, lang))


def error_text(err: BaseException | str, lang: str) -> str:
    """An error worded in English below the commands (a rule or weights-profile file's problem, a
    pairwise file's, the AHP's, a YAML or OS reason) in `lang`: the message a user meets."""
    from ..views.labels_errors import error_text as worded

    return worded(str(err), lang, _problem(lang))


def issues_text(issues, lang: str) -> str:
    """A rule or profile file's problems (rules.loader.Issue), one a line, in `lang`."""
    from ..views.labels_errors import issue_text

    return "\n".join(issue_text(issue, lang, _problem(lang)) for issue in issues)


def os_reason(err: OSError, lang: str):
    """Why the OS refused (its strerror) in `lang`; the error itself when it has none."""
    from ..views.labels_errors import os_text

    return os_text(err.strerror, lang) if err.strerror else err


def os_error_text(err: OSError, lang: str) -> str:
    """An OS error as a message shows it: Python's own text in English, 'path: reason' in Korean."""
    if lang != "ko":
        return str(err)
    return f"{err.filename}: {os_reason(err, lang)}" if err.filename else str(os_reason(err, lang))


def complete_set(ctx, param, incomplete: str):
    from click.shell_completion import CompletionItem

    from ..models.vocabulary import BOOL, ENUM, FIELD_BY_NAME, FIELDS, LIST, ORDINAL

    if "=" not in incomplete:
        return [CompletionItem(f"{f.name}=", help=f.en) for f in FIELDS if f.name.startswith(incomplete)]
    key, value = incomplete.split("=", 1)
    spec = FIELD_BY_NAME.get(key)
    if spec is None:
        return []
    values = spec.values if spec.kind in (ENUM, ORDINAL, LIST) else ("true", "false") if spec.kind == BOOL else ()
    return [CompletionItem(f"{key}={v}") for v in (*values, "unknown") if v.startswith(value)]


def complete_weights(ctx, param, incomplete: str):
    from click.shell_completion import CompletionItem

    from ..rules.loader import available_profiles

    return [CompletionItem(p) for p in available_profiles() if p.startswith(incomplete)]


def complete_rule_id(ctx, param, incomplete: str):
    from click.shell_completion import CompletionItem

    try:
        from ..rules.loader import load_rules

        ids = [r.id for r in load_rules().rules]
    except Exception:  # noqa: BLE001 - completion must never fail loudly
        return []
    return [CompletionItem(i) for i in ids if i.startswith(incomplete)]


def complete_family(ctx, param, incomplete: str):
    from click.shell_completion import CompletionItem

    from ..models.rules import FAMILIES

    return [CompletionItem(f) for f in FAMILIES if f.startswith(incomplete)]


_ASSESSMENTS: dict[tuple, Any] = {}


def profile_named(weights: str | None):
    """The weights profile named by --weights: a missing one is a usage error, a broken one a data error."""
    from ..rules.loader import RuleFileError, load_profile

    try:
        return load_profile(weights)
    except RuleFileError as err:
        text = issues_text(err.issues, CURRENT_LANG.get())
        if weights and not Path(weights).exists():
            raise click.BadParameter(text, param_hint="--weights") from None
        raise DataError(text) from None


def assessment_for(rules: tuple[str, ...] | None, weights: str | None, engine: str = "batch", rank_by: str = "point",
                   jobs: int = 1):
    """Rules (shipped, plus --rules files linted before use) + weights profile + executor, fitted;
    `jobs` processes for scoring and summaries (the results do not depend on it)."""
    from ..engine.core import Assessment

    shipped = not rules and (weights is None or not Path(weights).exists())
    key = (weights, engine, rank_by, jobs)
    if shipped and engine == "batch" and key in _ASSESSMENTS:
        return _ASSESSMENTS[key]
    ruleset = ruleset_for(extra=rules)
    profile = profile_named(weights)
    try:
        assessment = Assessment(ruleset, profile, engine=engine, rank_by=rank_by, jobs=jobs).fit()
    except ValueError as err:  # the rules and the profile cannot score together: the user's files, not a bug
        raise DataError(error_text(err, CURRENT_LANG.get())) from None
    if shipped and engine == "batch":
        _ASSESSMENTS[key] = assessment
    return assessment


def ruleset_for(paths: tuple[str, ...] | None = None, extra: tuple[str, ...] | None = None):
    """The shipped rules (or those under `paths`) plus --rules files, which are linted and must
    pass their own examples before use; any problem is a data error naming file and line."""
    from ..rules.loader import RuleFileError, load_rules

    try:
        ruleset = load_rules([Path(p) for p in paths] if paths else None, list(extra) if extra else None)
    except RuleFileError as err:
        lang = CURRENT_LANG.get()
        raise DataError(message(lang, "rule_problems") + issues_text(err.issues, lang)) from None
    if extra:
        check_extra_examples(ruleset)
    return ruleset


def example_failure(res, lang: str = "en") -> str:
    """'example N: expected X, got Y' for a failed rule example."""
    from ..engine.outcomes import NAMES
    from ..views.labels import ui

    def outcome(code: int) -> str:
        return ui(lang)[NAMES[code]] if lang == "ko" else NAMES[code]

    got = message(lang, "invalid_example", error=error_text(res.error, lang)) if res.got is None else outcome(res.got)
    return message(lang, "example_failure", n=res.index + 1, expected=outcome(res.expected), got=got)


def check_extra_examples(ruleset) -> None:
    """--rules files are linted before use: schema, fields and values, conditions and cycles (by
    the loader), and every example of their rules must pass."""
    from ..rules.lint import run_examples
    from ..rules.loader import RULES_DIR

    shipped = RULES_DIR.resolve()
    lang = CURRENT_LANG.get()
    failures = []
    for res in run_examples(ruleset):
        if res.passed or Path(res.rule.file).resolve().is_relative_to(shipped):
            continue
        failures.append(f"{res.rule.file}:{res.rule.line}: [{res.rule.id}] {example_failure(res, lang)}")
    if failures:
        raise DataError(message(lang, "rule_problems") + "\n".join(failures))


def read_intake(path: str, lang: str = "en", echo_warnings: bool = True, input_format: str | None = None,
                strict: bool = False, decimal_comma: bool = False):
    """A pipeline file read and validated. Under `strict`, a column that matches no field but
    resembles one is a data error (exit 1); otherwise a warning with its did-you-mean."""
    from ..engine.intake import MissingColumns
    from ..formats import DataFileError
    from ..formats.pipeline import read_pipeline
    from ..models.candidate import decimal_comma as comma
    from ..models.yamlsafe import YamlRefused

    name = "<stdin>" if path == "-" else path
    try:
        with comma(decimal_comma):
            if path == "-" and input_format and input_format != "csv":
                from ..formats.stdin import read_stdin_as

                intake = read_stdin_as(input_format)
            else:
                intake = read_pipeline(path)
    except (DataFileError, YamlRefused) as err:
        raise DataError(file_error_text(err, lang)) from None
    except MissingColumns as err:
        raise click.UsageError(f"{name}: {file_error_text(err, lang)}") from None
    if intake.total == 0:
        raise DataError(message(lang, "no_rows", name=name))
    resembling = {c: h for c, h in intake.unknown_columns.items() if h}
    if strict and resembling:
        raise DataError("; ".join(f"{name}: " + message(lang, "strict_column", col=c)
                                  + message(lang, "did_you_mean", hint=h) for c, h in resembling.items()))
    if echo_warnings:
        for col, hint in intake.unknown_columns.items():
            click.echo(message(lang, "unknown_column", col=col) + (message(lang, "did_you_mean", hint=hint) if hint else ""),
                       err=True)
    return intake


def columns_summary(intake, lang: str) -> str | None:
    """'columns: 12 used; renamed Stage -> stage; ignored foo' when a column was renamed or ignored."""
    header = getattr(intake, "header", None)
    if header is None or not (header.renamed or header.ignored):
        return None
    parts = [message(lang, "columns_used", n=len(header.used))]
    if header.renamed:
        parts.append(message(lang, "columns_renamed", names=", ".join(f"{k!r} -> {v}" for k, v in header.renamed.items())))
    if header.ignored:
        parts.append(message(lang, "columns_ignored", names=", ".join(repr(k) for k in header.ignored)))
    return "; ".join(parts)


class PipeClosed(Exception):
    """stdout was closed by its reader (`polex rank f.csv --out - | head`): stop quietly, exit 0."""


def quiet_broken_pipe() -> None:
    """After a closed pipe: point stdout at /dev/null so the interpreter's final flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def stderr_is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def want_progress(path: str) -> bool:
    from ..formats.stdin import PROGRESS_ROWS, estimate_rows

    return path != "-" and stderr_is_tty() and estimate_rows(path) > PROGRESS_ROWS


rules_option = click.option("--rules", "rules", multiple=True, type=click.Path(exists=True),
                            help="Extra rule file or folder (adds rules, or replaces a shipped rule with the same "
                                 "id). Linted, and its examples run, before use. Repeatable.")


weights_option = click.option("--weights", default=None, metavar="PROFILE", shell_complete=complete_weights,
                              help="Weights profile: a shipped name (default) or a YAML file.")


def _remember_lang(ctx, param, value):
    CURRENT_LANG.set(value or "en")
    return value


lang_option = click.option("--lang", type=LANGS, default="en", show_default=True, envvar="POLEX_LANG",
                           callback=_remember_lang,
                           help="Language of titles, reasons and messages (env POLEX_LANG).")


def _group_lang(ctx, param, value):
    if value:  # the commands below read it as they read POLEX_LANG (a command's own --lang still wins)
        os.environ["POLEX_LANG"] = value
        CURRENT_LANG.set(value)
    return value


group_lang_option = click.option("--lang", type=LANGS, default=None, expose_value=False, is_eager=True,
                                 callback=_group_lang,
                                 help="Language of the commands below, as POLEX_LANG sets it (a command's own "
                                      "--lang wins).")


def _jobs(ctx, param, value):
    from ..engine.parallel import cores

    return value or cores()


jobs_option = click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, callback=_jobs,
                           help="Processes that score, explain and draw in parallel (default: the cores this "
                                "process may use). The output is the same, byte for byte, for any number.")


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


def emit_card(card, fmt: str, full: bool = False) -> None:
    if fmt == "json":
        click.echo(card.model_dump_json(indent=2))
    elif fmt == "yaml":
        import yaml

        click.echo(yaml.safe_dump(card.model_dump(mode="json"), allow_unicode=True, sort_keys=False), nl=False)
    elif _stdout_is_tty():
        from ..views.terminal import render_scorecard

        render_scorecard(make_console(), card, full=full)
    else:  # a pipe or a file: the same card as plain text, without importing or laying out rich
        from ..views.plain import scorecard_lines

        try:
            click.echo("\n".join(scorecard_lines(card, full)))
        except BrokenPipeError:  # `polex score ... | head -3`: the reader has enough
            quiet_broken_pipe()


def _stdout_is_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def check_output_target(target: str | None, hint: str = "--out") -> str | None:
    """The output format a target's extension names; an unknown one is a usage error (exit 2)
    naming the option, before any work is done."""
    from ..formats import WRITE_FORMATS, DataFileError, file_format

    if not target:
        return None
    try:
        return file_format(target, WRITE_FORMATS)
    except DataFileError as err:
        raise click.BadParameter(file_error_text(err, CURRENT_LANG.get()), param_hint=hint) from None
