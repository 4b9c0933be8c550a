"""Issue 10 (Korean everywhere): every command's `--help` honours --lang ko and POLEX_LANG=ko.

The commands are walked from the group, so a new command, subcommand or option without a Korean
entry in views/labels_help.py fails here. The Korean keeps the English's option names, field names,
file extensions, `quoted` terms, numbers and example command lines; a Korean page has no English
sentence left; an English page is the commands' own text, and stays so after a Korean run."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from polex.cli import main
from polex.views.labels_help import HELP_KO, SHARED_KO, command_path, param_help

HANGUL = re.compile("[\uac00-\ud7a3]")


def walk(command: click.Command, ctx: click.Context):
    yield command_path(ctx), command, ctx
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            yield from walk(sub, click.Context(sub, info_name=name, parent=ctx))


COMMANDS = {path: (command, ctx) for path, command, ctx in walk(main, click.Context(main, info_name="polex"))}
PATHS = sorted(COMMANDS)


def documented(path: str) -> list[click.Parameter]:
    command, ctx = COMMANDS[path]
    return [p for p in command.get_params(ctx) if getattr(p, "help", None)]


def flat(text: str) -> str:
    """A text with its wrapping undone (click may break a line after a hyphen)."""
    return re.sub(r"-\s+", "-", " ".join(text.split()))


def invoke(args, env=None):
    return CliRunner().invoke(main, args, env={"POLEX_LANG": None, **(env or {})}, prog_name="polex")


def kept(english: str) -> set[str]:
    """What a translation keeps as it is: option names, file extensions, field names, `quoted`
    terms, numbers and example command lines."""
    english = inspect.cleandoc(english)
    found = set(re.findall(r"(?<![\w-])--[A-Za-z][\w-]*", english))
    found |= set(re.findall(r"(?<![\w/.])\.(?:csv|tsv|txt|xlsx|json|jsonl|yaml|parquet|md|html)\b", english))
    found |= set(re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", english))
    found |= set(re.findall(r"`[^`]+`", flat(english)))
    found |= set(re.findall(r"(?<![\w.])\d+(?:[.,/]\d+)*", english))
    found |= {re.split(r"\s{2,}", line.strip())[0] for line in english.splitlines() if line.strip().startswith("polex ")}
    return found


def test_every_command_is_walked():
    assert {"", "rank", "score", "portfolio", "diff", "weights", "weights base-rates", "rules list"} <= set(PATHS)


@pytest.mark.parametrize("path", PATHS)
def test_every_command_has_korean_help_and_short_help(path):
    entry = HELP_KO.get(path)
    assert entry is not None, f"views/labels_help.py: no Korean help for `polex {path}`"
    assert HANGUL.search(entry.get("help", "")), path
    if path:  # listed in its group's list of commands
        assert HANGUL.search(entry.get("short", "")), path
        assert "\n" not in entry["short"] and len(entry["short"]) <= 60, path


@pytest.mark.parametrize("path", PATHS)
def test_every_documented_option_and_argument_has_korean_help(path):
    missing = [max(p.opts, key=len) for p in documented(path) if not HANGUL.search(param_help(path, p) or "")]
    assert missing == [], f"views/labels_help.py: no Korean help for `polex {path}` {missing}"


@pytest.mark.parametrize("path", PATHS)
def test_the_korean_keeps_names_extensions_numbers_and_examples(path):
    command, _ = COMMANDS[path]
    pairs = [(command.help or "", HELP_KO[path]["help"])]
    pairs += [(p.help, param_help(path, p)) for p in documented(path)]
    for english, korean in pairs:
        lost = sorted(t for t in kept(english) if flat(t) not in flat(inspect.cleandoc(korean)))
        assert lost == [], f"`polex {path}`: the Korean lost {lost} of: {english[:60]!r}"


def test_no_korean_entry_is_stale():
    """Each entry names a command, and each option key an option of that command."""
    for path, entry in HELP_KO.items():
        assert path in COMMANDS, f"no command `polex {path}`"
        command, ctx = COMMANDS[path]
        names = {max(p.opts, key=len) for p in command.get_params(ctx)}
        assert {k for k in entry if k.startswith("-")} <= names, path
    english = {p.help for path in PATHS for p in documented(path)}
    assert set(SHARED_KO) <= english


FORMATS = {"csv", "tsv", "txt", "xlsx", "json", "jsonl", "yaml", "parquet", "md", "html"}


def english_left(text: str) -> list[str]:
    """Runs of four or more plain English words (a sentence left untranslated), outside the
    example command lines."""
    prose = [line for line in text.splitlines() if not line.strip().startswith(("polex ", "사용법:"))]
    words = " ".join(prose).split()
    runs, run = [], []
    for word in words + [""]:
        if re.fullmatch(r"\(?[A-Za-z][a-z]*(?:'[a-z]+)?[.;:)]?", word) and word.strip("(.;:)") not in FORMATS:
            run.append(word)
            continue
        if len(run) >= 4:
            runs.append(" ".join(run))
        run = []
    return runs


@pytest.mark.parametrize("path", PATHS)
def test_korean_help_page(path):
    args = path.split() + ["--help"]
    out = invoke(args, {"POLEX_LANG": "ko"}).output
    assert out.startswith(f"사용법: polex {path}".rstrip() + " "), out
    assert HANGUL.search(out.split("\n\n", 2)[1]), out  # the command's own help
    assert english_left(out) == [], english_left(out)
    page = flat(out)
    command, _ = COMMANDS[path]
    first = flat(inspect.cleandoc(command.help or "").split("\n\n")[0])
    assert first not in page
    for param in documented(path):
        assert flat(param.help) not in page, param.help
    if "--lang" in {o for p in command.params for o in p.opts}:
        for line in (path.split() + ["--help", "--lang", "ko"], path.split() + ["--lang", "ko", "--help"]):
            assert invoke(line).output == out
        assert invoke(path.split() + ["--help", "--lang", "en"], {"POLEX_LANG": "ko"}).output == invoke(args).output


@pytest.mark.parametrize("path", PATHS)
def test_english_help_page_is_the_commands_own_text_before_and_after_a_korean_run(path):
    args = path.split() + ["--help"]
    before = invoke(args).output
    invoke(args, {"POLEX_LANG": "ko"})
    assert invoke(args).output == before
    assert invoke(args, {"POLEX_LANG": "en"}).output == before
    assert not HANGUL.search(before)
    page = flat(before)
    command, _ = COMMANDS[path]
    assert flat(inspect.cleandoc(command.help or "").split("\n\n")[0]) in page
    for param in documented(path):
        assert flat(param.help) in page, param.help


def test_korean_group_lists_commands_in_korean():
    out = invoke(["--help"], {"POLEX_LANG": "ko"}).output
    listing = out.split("\n명령:\n", 1)[1]
    for name in main.list_commands(click.Context(main)):
        assert re.search(rf"^  {name} +{re.escape(HELP_KO[name]['short'][:10])}", listing, re.M), name


def test_korean_lines_wrap_by_their_width_on_screen():
    """A Hangul syllable takes two columns: a Korean page fits the width an English one does."""
    import unicodedata

    def width(line):
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)

    for path in ("rank", "portfolio", "report", "weights ahp"):
        out = CliRunner().invoke(main, path.split() + ["--help"], env={"POLEX_LANG": "ko"}, terminal_width=80).output
        wide = [line for line in out.splitlines() if width(line) > 80 and not line.strip().startswith("polex ")]
        assert wide == [], wide


def test_the_korean_table_is_imported_only_for_a_korean_help():
    code = ("import sys; from polex.cli import main\n"
            "try:\n    main(['score', '--help'], prog_name='polex')\nexcept SystemExit:\n    pass\n"
            "print('polex.views.labels_help' in sys.modules, 'pandas' in sys.modules, 'sklearn' in sys.modules)")

    def run(lang):
        env = {"POLEX_LANG": lang, "PATH": "/usr/bin:/bin"}
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        return done.stdout.split("\n")[-2]

    assert run("en") == "False False False"
    assert run("ko") == "True False False"
