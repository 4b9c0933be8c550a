"""`polex portfolio` and `polex diff` from the command line (issue 13)."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from polex.cli import main
from polex.commands.common import FIXTURES

PIPELINE = str(FIXTURES / "pipeline.csv")


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_portfolio_writes_every_candidate_with_its_decision(tmp_path):
    out, cons = tmp_path / "p.csv", tmp_path / "c.json"
    r = run("portfolio", PIPELINE, "--max-count", "5", "--max-per", "country=1", "--draws", "5", "--out", str(out),
            "--constraints-out", str(cons))
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert len(rows) == 155
    chosen = [x for x in rows if x["status"] == "chosen"]
    assert len(chosen) == 5 and len({x["country"] for x in chosen}) == 5
    assert all(x["reason"] for x in rows if x["status"] == "left_out")
    constraints = json.loads(cons.read_text())
    assert {c["constraint"] for c in constraints} == {"at most 5 projects", "at most 1 per country"}
    assert "stays chosen" in r.output


@pytest.mark.parametrize("ext", ["xlsx", "json", "jsonl", "parquet", "md", "tsv"])
def test_portfolio_and_diff_write_every_format(tmp_path, ext):
    assert run("portfolio", PIPELINE, "--max-count", "3", "--draws", "0", "--out", str(tmp_path / f"p.{ext}")
               ).exit_code == 0
    assert run("diff", PIPELINE, PIPELINE, "--out", str(tmp_path / f"d.{ext}")).exit_code == 0
    assert (tmp_path / f"p.{ext}").stat().st_size and (tmp_path / f"d.{ext}").stat().st_size


def test_infeasible_constraints_exit_1_naming_the_constraint():
    r = run("portfolio", PIPELINE, "--min-strategic", "3", "--draws", "0")
    assert r.exit_code == 1
    assert "at least 3 strategic-country projects cannot be met" in r.output


def test_constraints_file_and_conflict(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("max_count: 1\ninclude: [000-C11, 000-C01]\n", encoding="utf-8")
    r = run("portfolio", PIPELINE, "--constraints", str(plan), "--draws", "0")
    assert r.exit_code == 1
    assert "at most 1 projects" in r.output and "must include 000-C11" in r.output


def test_unknown_cost_is_left_out_or_assumed():
    r = run("portfolio", PIPELINE, "--budget", "10", "--draws", "0")
    assert r.exit_code == 0 and "budget_usd_m unknown" in r.output
    r = run("portfolio", PIPELINE, "--budget", "10", "--assume-cost", "1", "--draws", "0")
    assert r.exit_code == 0 and "budget_usd_m unknown" not in r.output


@pytest.mark.parametrize("args", [["--max-per", "budget_usd_m=2"], ["--capacity", "country=3"], ["--max-per", "x"],
                                  ["--capacity", "cuontry=1"]])
def test_bad_options_are_usage_errors(args):
    assert run("portfolio", PIPELINE, *args).exit_code == 2


def test_diff_of_a_file_with_itself_reports_no_change():
    r = run("diff", PIPELINE, PIPELINE, "--exit-code")
    assert r.exit_code == 0 and "No change" in r.output


def test_diff_reports_one_changed_field(tmp_path):
    rows = list(csv.reader(open(PIPELINE, encoding="utf-8")))
    i = rows[0].index("funding_status")
    row = next(k for k in range(1, len(rows)) if not rows[k][i])
    rows[row][i] = "committed"
    new = tmp_path / "new.csv"
    with new.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    out = tmp_path / "d.csv"
    r = run("diff", PIPELINE, str(new), "--out", str(out), "--exit-code")
    assert r.exit_code == 1
    changed = [x for x in csv.DictReader(out.open(encoding="utf-8-sig")) if x["changed_fields"]]
    assert len(changed) == 1 and changed[0]["id"] == rows[row][0]
    assert changed[0]["changed_fields"] == "funding_status: unknown → committed"
    assert changed[0]["flipped_rules"]


def test_help_text_on_every_option():
    for name in ("portfolio", "diff"):
        for p in main.get_command(None, name).params:
            if isinstance(p, __import__("click").Option):
                assert p.help, f"{name} {p.name}"


def test_installed_console_script():
    exe = shutil.which("polex", path=str(Path(sys.executable).parent))
    assert exe, "the polex console script is installed next to the interpreter"
    r = subprocess.run([exe, "diff", PIPELINE, PIPELINE], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "No change" in r.stdout
    r = subprocess.run([exe, "portfolio", PIPELINE, "--min-strategic", "2", "--draws", "0"], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 1 and "strategic-country" in r.stderr
