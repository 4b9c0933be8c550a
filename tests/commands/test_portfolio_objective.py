"""`polex portfolio --objective` (issue 13): the expected number of successes with a calibrated
profile, the total score without one; the output says which it used."""

from __future__ import annotations

import csv
import re

import pytest
from click.testing import CliRunner

import polex
from polex.cli import main
from polex.commands.common import FIXTURES
from polex.rules.profiles import write_profile

PIPELINE = str(FIXTURES / "pipeline.csv")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def flat(text: str) -> str:
    """The output with the terminal's line wrapping undone."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def mapped(tmp_path_factory):
    """The shipped profile plus a score-to-probability mapping, as `polex calibrate` writes one."""
    data = polex.load_profile().model_dump(exclude_none=True)
    data["name"] = "mapped"
    data["success_probability"] = {"intercept": -4.6, "slope": 0.084, "method": "a test mapping"}
    path = tmp_path_factory.mktemp("profile") / "mapped.yaml"
    write_profile(str(path), data, "test")
    return path


def test_successes_without_a_calibrated_profile_is_a_usage_error():
    r = run("portfolio", PIPELINE, "--objective", "successes", "--draws", "0")
    assert r.exit_code == 2
    assert "--objective" in r.output and "needs a profile calibrated on outcomes" in flat(r.output)
    assert "'default' has none" in flat(r.output) and "polex calibrate" in flat(r.output)


def test_without_a_mapping_the_objective_is_the_total_score():
    r = run("portfolio", PIPELINE, "--max-count", "4", "--draws", "0")
    assert r.exit_code == 0, r.output
    assert "objective: the total score (the profile 'default' has no calibrated probability of success)" in flat(r.output)
    assert "proven optimal to within 1e-06" in flat(r.output)


def test_a_calibrated_profile_maximises_expected_successes_by_default(mapped, tmp_path):
    out = tmp_path / "p.csv"
    r = run("portfolio", PIPELINE, "--max-count", "4", "--max-per", "country=1", "--draws", "0", "--weights", mapped,
            "--out", out)
    assert r.exit_code == 0, r.output
    assert "objective: the expected number of successes" in flat(r.output)
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    chosen = [x for x in rows if x["status"] == "chosen"]
    assert len(chosen) == 4 and all(x["p_success"] for x in chosen)
    shown = re.search(r"(\d+\.\d\d) expected successes among the 4 chosen", flat(r.output))
    assert shown and float(shown.group(1)) == pytest.approx(sum(float(x["p_success"]) for x in chosen), abs=0.006)


def test_the_score_objective_can_be_asked_with_a_calibrated_profile(mapped, tmp_path):
    out = tmp_path / "p.csv"
    r = run("portfolio", PIPELINE, "--max-count", "4", "--draws", "0", "--weights", mapped, "--objective", "score",
            "--out", out)
    assert r.exit_code == 0, r.output
    assert "objective: the total score;" in flat(r.output)
    assert "p_success" not in out.read_text(encoding="utf-8-sig").splitlines()[0]


def test_korean_objective_line(mapped):
    r = run("portfolio", PIPELINE, "--max-count", "3", "--draws", "0", "--weights", mapped, "--lang", "ko")
    assert r.exit_code == 0, r.output
    assert "목적함수: 기대 성공 건수" in flat(r.output) and "objective" not in r.output


def test_calibrate_prints_the_mapping_it_stores(tmp_path):
    """The probability of success `polex portfolio` will maximise is shown where it is made, with the
    same numbers as the profile holds."""
    import math

    import yaml

    out = tmp_path / "learned.yaml"
    r = CliRunner().invoke(main, ["calibrate", str(FIXTURES / "outcomes.csv"), "--out", str(out), "--folds", "3",
                                  "--lang", "ko"])
    assert r.exit_code == 0, r.output
    m = yaml.safe_load(out.read_text(encoding="utf-8"))["success_probability"]
    p60 = 1 / (1 + math.exp(-(m["intercept"] + m["slope"] * 60)))
    text = flat(r.output)
    assert f"{m['intercept']:.4f} + {m['slope']:.6f} x 점수" in text and f"60이면 {p60:.0%}" in text
