"""Issue 10, item 10: every command honours --lang ko: its headings, table columns, notes and
messages are Korean, with no English left where a Korean label exists."""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import polex
from polex.cli import main

ROOT = Path(polex.__file__).resolve().parent
FX = ROOT / "fixtures"
PIPELINE, OUTCOMES, PAIRWISE = FX / "pipeline.csv", FX / "outcomes.csv", FX / "pairwise.yaml"
HANGUL = re.compile("[\uac00-\ud7a3]")

# English wordings that have a Korean label: none may appear in a Korean run.
ENGLISH = (
    "rows rejected", "written to", "records from", "records with outcome", "weight draws", "Family weights",
    "Out-of-sample", "by project archetype", "calibrated profile", "expert (", "baseline:", "difference",
    "enters the top K", "leaves the top K", "median rank", "uncertain weights", "One family at a time",
    "stay in the top", "change top-", "provenance", "validation", "unknown conditions count",
    "an unknown condition counts", "base rates", "true / known", "stratified cross-validation", "ROC AUC of each",
    "AHP weights", "profile written", "acceptable", "most inconsistent", "report of", "ranked by",
    "no such file", "the file is empty", "the candidate has problems", "got '", "expected one of",
    "give --assume-cost", "total budget_usd_m", "candidates left out", "rows:", "ranked,", "(ineligible)",
    "more rows", "use it with", "family", "weight ", "records", "warning:", "note:",
)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args] + ["--lang", "ko"], catch_exceptions=False)


def text_of(result) -> str:
    try:
        return result.stdout + "\n" + result.stderr
    except ValueError:  # stderr mixed into output
        return result.output


def english_left(text: str) -> list[str]:
    return [w for w in ENGLISH if w in text]


COMMANDS = {
    "demo": lambda tmp: ("demo",),
    "rank": lambda tmp: ("rank", PIPELINE, "--top", 3),
    "rank-out": lambda tmp: ("rank", PIPELINE, "--out", tmp / "r.csv", "--rejects", tmp / "rej.csv"),
    "explain": lambda tmp: ("explain", PIPELINE, "--id", "002-CLARK"),
    "score": lambda tmp: ("score", "--set", "id=x", "--set", "partner_city=Hanoi", "--set", "country=VNM"),
    "rules": lambda tmp: ("rules", "list"),
    "template": lambda tmp: ("template", "--out", tmp / "t.csv"),
    "diff": lambda tmp: ("diff", PIPELINE, PIPELINE),
    "portfolio": lambda tmp: ("portfolio", PIPELINE, "--budget", 100, "--draws", 10),
    "report": lambda tmp: ("report", PIPELINE, "-o", tmp / "r.html", "--top", 5),
    "sensitivity": lambda tmp: ("sensitivity", PIPELINE, "--draws", 20, "--show", 3, "--out", tmp / "s.csv"),
    "calibrate": lambda tmp: ("calibrate", OUTCOMES, "--out", tmp / "c.yaml", "--repeats", 1, "--bootstrap", 100,
                              "--no-search"),
    "weights-show": lambda tmp: ("weights", "show"),
    "weights-show-learned": lambda tmp: ("weights", "show", "--weights", tmp / "c.yaml"),
    "weights-ahp": lambda tmp: ("weights", "ahp", PAIRWISE, "--out", tmp / "a.yaml"),
    "weights-base-rates": lambda tmp: ("weights", "base-rates", OUTCOMES, "--out", tmp / "b.yaml"),
}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("ko")


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_speaks_korean(name, workdir):
    if name == "weights-show-learned" and not (workdir / "c.yaml").exists():
        run(*COMMANDS["calibrate"](workdir))
    result = run(*COMMANDS[name](workdir))
    text = text_of(result)
    assert result.exit_code == 0, text
    assert HANGUL.search(text), text
    if name == "weights-show-learned":  # the provenance block is the profile file's YAML, printed as it is stored
        text = re.sub(r"\n출처 정보\n.*?\n(?=검증)", "\n", text, flags=re.S)
    # the profile's justifications (`why`) and the documents' case names are data, not labels
    assert english_left(text) == [], text


@pytest.mark.parametrize("args, korean", [
    (("rank", "/no/such/file.csv"), "파일이 없음"),
    (("score", "/no/such/file.yaml"), "파일이 없음"),
    (("score", "--set", "id=x", "--set", "partner_city=Hanoi", "--set", "country=VNM", "--set", "stage=bogus",
      "--set", "payback_years=4,5"), "후보에 문제가 있음"),
    (("calibrate", PIPELINE, "--out", "/tmp/polex-never.yaml"), "사례가 없음"),
])
def test_errors_a_user_meets_are_korean(args, korean):
    result = run(*args)
    text = text_of(result)
    assert result.exit_code == 1, text
    assert korean in text
    assert english_left(text) == [], text
    assert "Traceback" not in text


def test_empty_file_error_is_korean(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = run("rank", empty)
    assert result.exit_code == 1 and "빈 파일임" in text_of(result)


def test_report_rejects_expected_column_is_korean(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,partner_city,country,stage\nA,Hanoi,VNM,bogus\n", encoding="utf-8")
    out = tmp_path / "r.html"
    result = run("report", bad, "-o", out)
    assert result.exit_code == 0, text_of(result)
    html = out.read_text(encoding="utf-8")
    section = html[html.index('id="rejects"'):]
    assert "다음 중 하나: discovery" in section and "one of discovery" not in section


def test_report_validation_and_appendix_are_korean(tmp_path):
    out = tmp_path / "r.html"
    assert run("report", PIPELINE, "-o", out, "--top", 5).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "층화 교차검증" in html and "재원 확보 상태만" in html and "기저율이 없는 규칙" in html
    for english in ("stratified cross-validation", "funding status alone", "count of known fields",
                    "where a rule has none"):
        assert english not in html, english


def test_korean_errors_say_error_in_korean_and_english_ones_stay(tmp_path):
    bad_rules = tmp_path / "r.yaml"
    bad_rules.write_text("x: [\n", encoding="utf-8")
    ko = run("rank", PIPELINE, "--rules", bad_rules)
    assert ko.exit_code == 1 and "오류: 규칙 파일에 문제가 있음" in text_of(ko)
    two = tmp_path / "two.yaml"
    two.write_text("- a: 1\n- b: 2\n", encoding="utf-8")
    assert "후보 하나" in text_of(run("score", two))
    en = CliRunner().invoke(main, ["rank", "/no/such/file.csv"])
    assert en.exit_code == 1 and "Error: /no/such/file.csv: no such file" in text_of(en)


def test_missing_required_column_is_korean(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("id,partner_cty,country\nA,Hanoi,VNM\n", encoding="utf-8")
    result = run("rank", path)
    assert result.exit_code == 2 and "필수 열이 없음: partner_city ('partner_cty'을(를) 의미했나요?)" in text_of(result)


def test_a_whole_row_reject_is_worded_in_korean_in_the_file_and_on_screen(tmp_path):
    """A ragged record's marker `(row)` and its cell count are polex's words, so they follow --lang;
    English stays as it was."""
    src = tmp_path / "ragged.csv"
    src.write_text("id,partner_city,country\nA,Hanoi,VNM,extra\nB,Suwon,KOR\n", encoding="utf-8")
    for lang, field, value in (("en", "(row)", "4 cells"), ("ko", "(행 전체)", "4칸")):
        rej = tmp_path / f"rejects-{lang}.csv"
        res = CliRunner().invoke(main, ["rank", str(src), "--rejects", str(rej), "--lang", lang])
        assert res.exit_code == 0, res.output
        line = rej.read_text(encoding="utf-8-sig").splitlines()[1].split(",")
        assert line[2:4] == [field, value]
        shown = CliRunner().invoke(main, ["rank", str(src), "--lang", lang]).output
        assert f"{field}: " in shown and repr(value) in shown


def test_a_groups_lang_reaches_its_commands_and_is_not_kept(monkeypatch):
    """`polex --lang ko rank`, `polex rules --lang ko list`, `polex weights --lang ko show`: Korean;
    a command's own --lang wins; the run leaves POLEX_LANG as it found it."""
    import os

    monkeypatch.delenv("POLEX_LANG", raising=False)
    runner = CliRunner()
    ko = runner.invoke(main, ["--lang", "ko", "rank", str(PIPELINE), "--top", "2"])
    assert ko.exit_code == 0 and "순위" in ko.output and "rows:" not in ko.output
    assert "POLEX_LANG" not in os.environ
    en = runner.invoke(main, ["--lang", "ko", "rank", str(PIPELINE), "--top", "2", "--lang", "en"])
    assert en.exit_code == 0 and "rows:" in en.output
    listed = runner.invoke(main, ["rules", "--lang", "ko", "list"])
    assert listed.exit_code == 0 and "요인군" in listed.output
    shown = runner.invoke(main, ["weights", "--lang", "ko", "show"])
    assert shown.exit_code == 0 and HANGUL.search(shown.output)
    monkeypatch.setenv("POLEX_LANG", "en")
    assert "순위" in runner.invoke(main, ["--lang", "ko", "rank", str(PIPELINE), "--top", "2"]).output
    assert os.environ["POLEX_LANG"] == "en"
