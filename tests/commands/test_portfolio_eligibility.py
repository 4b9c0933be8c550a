"""`polex portfolio` never presents a possibly ineligible candidate as cleared: it may be chosen
(marked, with the gates to check) or, with --eligible-only, left out with that reason; its own
option errors and the report's portfolio section speak the user's language and say what was
maximised."""

from __future__ import annotations

import csv
import re

import pytest
from click.testing import CliRunner

from polex.cli import main
from polex.commands.common import FIXTURES

PIPELINE = FIXTURES / "pipeline.csv"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return {r["id"]: r for r in csv.DictReader(fh)}


def test_a_chosen_possibly_ineligible_candidate_is_marked_with_the_gate_to_check(tmp_path):
    out = tmp_path / "p.csv"
    res = run("portfolio", PIPELINE, "--max-count", 5, "--draws", 0, "--include", "002-HANOI", "--out", out)
    assert res.exit_code == 0, res.output
    hanoi = rows(out)["002-HANOI"]
    assert hanoi["status"] == "chosen" and hanoi["eligibility"] == "possibly_ineligible"
    assert hanoi["reason"].startswith("possibly ineligible, check: ") and "upper-level plan" in hanoi["reason"]
    assert "Chosen but possibly ineligible (1)" in res.output and "002-HANOI: possibly ineligible" in res.output
    cleared = [r for r in rows(out).values() if r["eligibility"] == "eligible"]
    assert cleared and all(r["reason"] == "" for r in cleared if r["status"] != "left_out")


@pytest.mark.parametrize("how", ["option", "file"])
def test_eligible_only_leaves_possibly_ineligible_candidates_out(tmp_path, how):
    out = tmp_path / "p.csv"
    args = ["--eligible-only"] if how == "option" else ["--constraints", tmp_path / "c.yaml"]
    (tmp_path / "c.yaml").write_text("eligible_only: true\n", encoding="utf-8")
    res = run("portfolio", PIPELINE, "--max-count", 40, "--draws", 0, "--out", out, *args)
    assert res.exit_code == 0, res.output
    table = rows(out).values()
    unsure = [r for r in table if r["eligibility"] == "possibly_ineligible"]
    assert unsure and all(r["status"] == "left_out" and r["reason"].startswith("possibly ineligible") for r in unsure)
    assert all(r["eligibility"] == "eligible" for r in table if r["status"] == "chosen")
    assert "Chosen but possibly ineligible" not in res.output


def test_eligible_only_with_a_must_include_that_is_unsure_names_the_conflict():
    res = run("portfolio", PIPELINE, "--eligible-only", "--include", "002-HANOI", "--draws", 0)
    assert res.exit_code == 1
    assert "must include 002-HANOI cannot be met" in res.output and "possibly ineligible" in res.output


def test_a_bad_eligible_only_value_in_the_file_is_a_usage_error(tmp_path):
    (tmp_path / "c.yaml").write_text("eligible_only: maybe\n", encoding="utf-8")
    res = run("portfolio", PIPELINE, "--constraints", tmp_path / "c.yaml")
    assert res.exit_code == 2 and "eligible_only: expected true or false, got 'maybe'" in res.output


@pytest.mark.parametrize("args, english", [
    (["--capacity", "trained_officials"], "expected FIELD=VALUE"),
    (["--capacity", "trained_officials=x"], "is not a number"),
    (["--max-per", "country=1.5"], "is not a whole number"),
    (["--capacity", "trained_officials=-1"], "must be >= 0"),
    (["--cost-field", "budgt_usd_m"], "no field"),
    (["--cost-field", "country"], "is not a numeric field"),
    (["--max-per", "budget_usd_m=2"], "cannot group candidates"),
    (["--include", "A", "--exclude", "A"], "both included and excluded"),
])
def test_portfolio_option_errors_in_korean(args, english):
    en = run("portfolio", PIPELINE, *args)
    ko = run("portfolio", PIPELINE, "--lang", "ko", *args)
    assert en.exit_code == ko.exit_code == 2
    assert english in en.output and english not in ko.output
    last = ko.output.strip().splitlines()[-1]
    assert HANGUL.search(last), last


@pytest.mark.parametrize("text, english", [
    ("nonsense: 1\n", "unknown key"),
    ("- a list\n", "expected a mapping"),
    ("budget: -3\n", "expected a number >= 0"),
    ("max_count: 2.5\n", "expected a whole number"),
    ("capacity: 3\n", "expected a mapping of field: limit"),
    ("include: A\n", "expected a list of ids"),
    ("budget: [\n", "cannot read"),
])
def test_constraints_file_errors_in_korean(tmp_path, text, english):
    spec = tmp_path / "c.yaml"
    spec.write_text(text, encoding="utf-8")
    en = run("portfolio", PIPELINE, "--constraints", spec)
    ko = run("portfolio", PIPELINE, "--constraints", spec, "--lang", "ko")
    assert en.exit_code == ko.exit_code == 2
    assert english in en.output and english not in ko.output and HANGUL.search(ko.output)


def test_infeasible_and_written_lines_in_korean(tmp_path):
    ko = run("portfolio", PIPELINE, "--lang", "ko", "--min-strategic", 500, "--draws", 0)
    assert ko.exit_code == 1 and "cannot be met" not in ko.output and "만족할 수 없음" in ko.output
    out = tmp_path / "p.csv"
    ko = run("portfolio", PIPELINE, "--lang", "ko", "--max-count", 3, "--draws", 0, "--out", out)
    assert ko.exit_code == 0 and f"저장함: {out}" in ko.output and "written:" not in ko.output
    assert "최선과 1e-06 이내" in ko.output


def test_the_report_says_what_was_maximised_and_marks_unsure_choices(tmp_path):
    spec = tmp_path / "plan.yaml"
    spec.write_text("max_count: 5\ninclude: [002-HANOI]\n", encoding="utf-8")
    for lang, objective, unsure in (("en", "Maximised: the total score.", "Chosen but possibly ineligible (1)"),
                                    ("ko", "최대화한 값: 총점.", "선정 후보 중 1건은 부적격일 수 있음")):
        html = tmp_path / f"r-{lang}.html"
        res = run("report", PIPELINE, "-o", html, "--portfolio", spec, "--lang", lang)
        assert res.exit_code == 0, res.output
        page = html.read_text(encoding="utf-8")
        assert f'<p class="note" id="pf-objective">{objective}</p>' in page
        assert unsure in page and 'class="pf-unsure"' in page
