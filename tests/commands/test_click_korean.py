"""Issue 10, item 10 (Korean everywhere): click's own usage errors speak the run's language. A
Korean run (--lang ko, --lang=ko or POLEX_LANG=ko, wherever on the line, even when parsing stops
before --lang is read) shows the usage line, the help hint, 'Error:' and the message in Korean; an
English run is click's own text, byte for byte; exit code 2 either way."""

import ast
import gettext
import importlib
import os
import re
import shutil
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from polex.cli import main
from polex.commands.speech import CLICK_MODULES, click_speaks, usage_lang
from polex.views.labels import msg
from polex.views.labels_commands import CLICK_KO

HANGUL = re.compile("[\uac00-\ud7a3]")
PIPELINE = "fixtures/pipeline.csv"


def invoke(args, env=None):
    env = {"POLEX_LANG": None, **(env or {})}
    return CliRunner().invoke(main, args, env=env, prog_name="polex")


def english_words(text: str, args) -> list[str]:
    """ASCII words left in a Korean message once what is not prose is taken out: quoted values,
    option names, the command path and the user's own arguments, metavars, a range like x>=1,
    file extensions."""
    text = re.sub(r"'[^'\n]*'", " ", text)
    text = re.sub(r"(?<![\w-])--?[A-Za-z][\w-]*(=\S*)?", " ", text)
    for word in ("polex", *args):
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", " ", text)
    text = re.sub(r"\b[A-Z][A-Z_]+\b", " ", text)  # metavars: [OPTIONS] FILE COMMAND [ARGS]...
    text = re.sub(r"[\d.]*[<>]=?x[<>]=?[\d.]*|x[<>]=?[\d.]+", " ", text)
    text = re.sub(r"(?<!\w)\.\w+", " ", text)  # file extensions: .csv .xlsx
    return re.findall(r"[A-Za-z]+", text)


# (arguments, environment, the Korean message, whether click shows the usage frame)
CASES = {
    "no such option, did you mean one of": (
        ["rank", "--lang", "ko", "--bogus"], {}, "없는 옵션: '--bogus'.", True),
    "no such option, did you mean": (
        ["rank", "--lang=ko", "--lnag", "x"], {}, "없는 옵션: '--lnag'. '--lang'을(를) 의미했나요?", True),
    "missing argument": (["rank"], {"POLEX_LANG": "ko"}, "필요한 인자가 없음: 'FILE'.", True),
    "missing option": (["explain", PIPELINE, "--lang", "ko"], {}, "필요한 옵션이 없음: '--id'.", True),
    "invalid choice": (
        ["score", "--lang", "ko", "--format", "nope"], {},
        "'--format'의 값이 잘못됨: 'nope'은(는) 허용되지 않음; 다음 중 하나여야 함: 'table', 'json', 'yaml'.", True),
    "no such command": (["nosuchcommand"], {"POLEX_LANG": "ko"}, "없는 명령: 'nosuchcommand'.", True),
    "no such command, did you mean": (["rnak"], {"POLEX_LANG": "ko"}, "없는 명령: 'rnak'. 'rank'을(를) 의미했나요?", True),
    "no such subcommand": (["rules", "lst", "--lang", "ko"], {}, "없는 명령: 'lst'.", True),
    "not an integer (--lang after the error)": (
        ["rank", "x.csv", "--top", "abc", "--lang", "ko"], {}, "'--top'의 값이 잘못됨: 'abc': 정수가 아님.", True),
    "integer out of range": (["rank", "x.csv", "--top", "0", "--lang", "ko"], {}, "0: 허용 범위 x>=1을(를) 벗어남.", True),
    "not a number": (
        ["calibrate", "x.csv", "--out", "c.yaml", "--C", "abc", "--lang", "ko"], {}, "'--C'의 값이 잘못됨: 'abc': 숫자가 아님.",
        True),
    "no such path": (
        ["rank", "x.csv", "--rules", "/no/such/rules", "--lang", "ko"], {}, "경로 '/no/such/rules'이(가) 없음.", True),
    "option requires an argument": (["rank", "x.csv", "--lang", "ko", "--top"], {}, "옵션 '--top'에는 값이 필요함.", False),
    "flag takes no value": (["rank", "x.csv", "--strict=yes", "--lang", "ko"], {}, "옵션 '--strict'은(는) 값을 받지 않음.",
                            False),
    "unexpected extra argument": (["rank", "a.csv", "b.csv", "--lang", "ko"], {}, "예상하지 못한 추가 인자 (b.csv)", True),
    "unexpected extra arguments": (
        ["rank", "a.csv", "b.csv", "c.csv"], {"POLEX_LANG": "ko"}, "예상하지 못한 추가 인자 (b.csv c.csv)", True),
    "bad --lang itself, POLEX_LANG=ko": (
        ["rank", "x.csv", "--lang", "xx"], {"POLEX_LANG": "ko"}, "'xx'은(는) 허용되지 않음; 다음 중 하나여야 함: 'en', 'ko'.",
        True),
    "unknown output type (polex's own usage error)": (
        ["diff", PIPELINE, PIPELINE, "--out", "x.foo", "--lang", "ko"], {}, "알 수 없는 파일 형식 .foo", True),
}


@pytest.mark.parametrize("name", list(CASES))
def test_click_usage_errors_are_korean(name):
    args, env, korean, framed = CASES[name]
    result = invoke(args, env)
    err = result.stderr
    assert result.exit_code == 2, err
    assert korean in err, err
    assert err.startswith("사용법: polex ") == framed, err
    if framed:
        command = " ".join(["polex", *[a for a in args[:2] if a in ("rank", "score", "explain", "rules", "lst",
                                                                     "calibrate", "diff")]])
        command = "polex rules" if name == "no such subcommand" else command
        assert f"\n도움말은 '{command} --help'로 보십시오.\n\n오류: " in err, err
    else:
        assert err.startswith("오류: "), err
    for english in ("Usage", "Try", "Error", "Did you mean", "No such", "Missing", "Invalid", "Got unexpected",
                    "requires", "is not", "does not"):
        assert english not in err, (english, err)
    assert english_words(err, args) == [], err
    assert "Traceback" not in err


def test_did_you_mean_one_of_is_korean():
    @click.command()
    @click.option("--apple")
    @click.option("--apply")
    def tiny(apple, apply):
        pass

    with click_speaks("ko"):
        err = CliRunner().invoke(tiny, ["--appl", "x"], prog_name="tiny").stderr
    assert err == ("사용법: tiny [OPTIONS]\n도움말은 'tiny --help'로 보십시오.\n\n"
                   "오류: 없는 옵션: '--appl'. ('--apple', '--apply' 중 하나를 의미했나요?)\n"), err


# English runs are click's own wording, byte for byte (these do not depend on the commands' options).
ENGLISH = {
    ("rank",): "Usage: polex rank [OPTIONS] FILE\nTry 'polex rank --help' for help.\n\nError: Missing argument 'FILE'.\n",
    ("nosuchcommand",): "Usage: polex [OPTIONS] COMMAND [ARGS]...\nTry 'polex --help' for help.\n\n"
                        "Error: No such command 'nosuchcommand'.\n",
    ("score", "--lang", "en", "--format", "nope"):
        "Usage: polex score [OPTIONS] [FILE]\nTry 'polex score --help' for help.\n\n"
        "Error: Invalid value for '--format': 'nope' is not one of 'table', 'json', 'yaml'.\n",
    ("rank", "x.csv", "--top", "abc"): "Usage: polex rank [OPTIONS] FILE\nTry 'polex rank --help' for help.\n\n"
                                       "Error: Invalid value for '--top': 'abc' is not a valid integer range.\n",
    ("rank", "x.csv", "--top"): "Error: Option '--top' requires an argument.\n",
}


@pytest.mark.parametrize("args", list(ENGLISH))
@pytest.mark.parametrize("how", ["default", "POLEX_LANG=en", "--lang en over POLEX_LANG=ko"])
def test_english_usage_errors_are_clicks_own(args, how):
    env = {"POLEX_LANG": "en"} if how == "POLEX_LANG=en" else {}
    line = list(args)
    if how.startswith("--lang"):
        env = {"POLEX_LANG": "ko"}
        line[1:1] = ["--lang", "en"] if args[0] != "nosuchcommand" else []
        line += ["--lang", "en"] if args[0] == "nosuchcommand" else []
    result = invoke(line, env)
    assert result.exit_code == 2
    assert result.stderr == ENGLISH[args], result.stderr


def test_a_korean_run_leaves_click_as_it_was():
    invoke(["rank", "--lang", "ko", "--bogus"])
    for module in filter(None, map(sys.modules.get, CLICK_MODULES)):
        assert getattr(module, "_", gettext.gettext) is gettext.gettext, module
        assert getattr(module, "ngettext", gettext.ngettext) is gettext.ngettext, module
    assert invoke(["rank"]).stderr == ENGLISH[("rank",)]
    help_text = invoke(["rank", "--help"]).output  # click keeps each command's help option: it stays English
    assert help_text.startswith("Usage: polex rank") and "Show this message and exit." in help_text


def test_korean_help_scaffolding():
    out = invoke(["rank", "--help", "--lang", "ko"]).output
    assert out.startswith("사용법: polex rank [OPTIONS] FILE") and "\n옵션:\n" in out and "[기본값: en]" in out
    assert "이 도움말을 보여 주고 끝냄." in out and "Show this message and exit." not in out  # views/labels_help.py
    out = invoke(["--help"], {"POLEX_LANG": "ko"}).output
    assert "\n명령:\n" in out


@pytest.mark.parametrize("args, env, lang", [
    (["rank", "--lang", "ko"], {}, "ko"),
    (["rank", "--lang=ko"], {}, "ko"),
    (["rank"], {"POLEX_LANG": "ko"}, "ko"),
    (["rank", "--lang", "en"], {"POLEX_LANG": "ko"}, "en"),
    (["rank", "--lang", "ko", "--lang", "en"], {}, "en"),
    (["rank", "--lang", "xx"], {"POLEX_LANG": "ko"}, "ko"),
    (["rank", "--lang"], {}, "en"),
    (["rank", "--", "--lang", "ko"], {}, "en"),
    (["rank"], {"POLEX_LANG": "fr"}, "en"),
    ([], {}, "en"),
])
def test_the_language_is_known_before_parsing(args, env, lang, monkeypatch):
    monkeypatch.delenv("POLEX_LANG", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert usage_lang(args) == lang


# click's msgids left English on purpose: a programmer's mistake in a command's definition (never a
# user's), deprecations (polex has none), a Choice's repr, and the path kinds, which click words once
# at import (their title-cased forms shown in messages are translated).
LEFT_ENGLISH = {
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}",
    "Could not determine name for option with declarations {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? Did you mean to "
    "pass '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "Name '{name}' defined twice",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "Invalid start character for option ({option})",
    "Choice({choices})", "file", "directory", "path", "Unknown color {colour!r}",
}


def click_msgids() -> set[str]:
    """Every text click wraps in gettext in the modules a run translates."""
    found = set()
    for name in CLICK_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        with open(module.__file__, encoding="utf-8") as fh:
            tree = ast.parse(fh.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                for arg in node.args[:2 if node.func.id == "ngettext" else 1]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found.add(arg.value)
    return found


def test_every_message_click_shows_a_user_has_korean():
    ids = click_msgids()
    for required in ("Usage:", "Try '{command} {option}' for help.", "Error: {message}", "No such option {name!r}.",
                     "No such command {name!r}.", "Missing argument", "Missing option",
                     "Invalid value for {param_hint}: {message}", "{value!r} is not one of {choices}.",
                     "{value!r} is not a valid {number_type}.", "Option {name!r} requires an argument.",
                     "Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        assert required in ids, f"click no longer words {required!r}"
    assert sorted(ids - set(CLICK_KO) - LEFT_ENGLISH) == []


def test_the_click_texts_are_in_the_one_label_table():
    assert msg("ko", "click:Usage:") == "사용법:"
    assert msg("en", "click:Usage:") == "Usage:"
    for msgid, korean in CLICK_KO.items():
        assert HANGUL.search(korean), msgid
        names = set(re.findall(r"\{(\w+)", msgid)) - {"number_type", "name"}
        assert names <= set(re.findall(r"\{(\w+)", korean)), msgid


@pytest.mark.skipif(shutil.which("polex") is None, reason="the polex console script is not installed")
def test_the_installed_command_speaks_korean():
    env = {k: v for k, v in os.environ.items() if k != "POLEX_LANG"}
    run = subprocess.run(["polex", "rank", "--lang", "ko", "--bogus"], capture_output=True, text=True, env=env,
                         timeout=60)
    assert run.returncode == 2
    assert run.stderr.startswith("사용법: polex rank [OPTIONS] FILE\n도움말은 'polex rank --help'로 보십시오.\n\n"
                                 "오류: 없는 옵션: '--bogus'."), run.stderr
    run = subprocess.run(["polex", "rnak"], capture_output=True, text=True, env={**env, "POLEX_LANG": "ko"}, timeout=60)
    assert run.returncode == 2 and "오류: 없는 명령: 'rnak'. 'rank'을(를) 의미했나요?" in run.stderr, run.stderr
    run = subprocess.run(["polex", "rank"], capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 2 and run.stderr == ENGLISH[("rank",)], run.stderr
