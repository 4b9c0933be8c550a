"""The weights commands end to end: calibrate, sensitivity, weights ahp, weights show."""

import csv
import hashlib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import polex
from polex.cli import main
from polex.rules.loader import load_profile

ROOT = Path(polex.__file__).resolve().parent
OUTCOMES = ROOT / "fixtures" / "outcomes.csv"
PIPELINE = ROOT / "fixtures" / "pipeline.csv"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory):
    out = tmp_path_factory.mktemp("cal") / "calibrated.yaml"
    result = run("calibrate", OUTCOMES, "--out", out, "--repeats", 3, "--bootstrap", 200)
    return result, out


def test_calibrate_the_bundled_outcomes_end_to_end(calibrated):
    result, out = calibrated
    assert result.exit_code == 0, result.output
    text = result.stdout
    # both profiles' metrics, side by side
    assert "calibrated" in text and "expert (default)" in text
    assert "ROC AUC" in text and "Brier" in text and "95% CI" in text
    # 37 records, only 2 with outcome 0: the warning is printed
    assert "only 2 records with outcome 0" not in result.stderr  # the corpus now holds 100 failures

    profile = load_profile(out)  # the loader accepts it: weights >= 0, summing to 1
    assert sum(f.weight for f in profile.families.values()) == pytest.approx(1.0)
    assert all(f.weight >= 0 and f.why for f in profile.families.values())
    prov = profile.provenance
    assert prov.records == 214
    assert prov.data_sha256 == hashlib.sha256(OUTCOMES.read_bytes()).hexdigest()
    assert prov.date and "logistic" in prov.method
    for name in ("calibrated", "expert"):
        m = prov.metrics[name]
        assert 0 <= m["roc_auc"] <= 1 and 0 <= m["brier"] <= 1 and len(m["roc_auc_ci95"]) == 2
    assert prov.model_extra["outcome_counts"] == {"0": 100, "1": 114}
    assert prov.model_extra["prior_profile"] == "default"
    # same YAML shape as the shipped profile
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    default = yaml.safe_load((ROOT / "rules" / "profiles" / "default.yaml").read_text(encoding="utf-8"))
    assert set(default) - {"base_rates", "base_rates_provenance"} <= set(data) and set(data["families"]) == set(default["families"])


def test_calibrated_profile_ranks_and_shows_its_provenance(calibrated):
    _, out = calibrated
    ranked = run("rank", PIPELINE, "--weights", out, "--top", 3)
    assert ranked.exit_code == 0, ranked.output
    shown = run("weights", "show", "--weights", out)
    assert shown.exit_code == 0, shown.output
    assert "provenance" in shown.stdout and "data_sha256" in shown.stdout and "roc_auc" in shown.stdout


def test_calibrate_refuses_outcomes_with_one_class(tmp_path):
    rows = list(csv.DictReader(OUTCOMES.open(encoding="utf-8")))
    ones = tmp_path / "ones.csv"
    with ones.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([r for r in rows if r["outcome"] == "1"])
    result = run("calibrate", ones, "--out", tmp_path / "p.yaml")
    assert result.exit_code == 1
    assert "at least 2 of each" in result.output
    assert not (tmp_path / "p.yaml").exists()
    assert run("calibrate", OUTCOMES, "--out", tmp_path / "p.txt").exit_code == 2


def test_weights_show_prints_the_justifications():
    result = run("weights", "show")
    assert result.exit_code == 0
    default = load_profile()
    for fam, entry in default.families.items():
        assert fam in result.stdout and f"{entry.weight:.3f}" in result.stdout
    assert "expert judgement" in result.stdout
    assert "002 L1427-1431" in result.stdout


def test_sensitivity_reports_ranks_and_is_reproducible(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    first = run("sensitivity", PIPELINE, "--draws", 300, "--top", 5, "--seed", 7, "--out", a)
    assert first.exit_code == 0, first.output
    assert "median rank" in first.stdout and "P(top 5)" in first.stdout and "One family at a time" in first.stdout
    run("sensitivity", PIPELINE, "--draws", 300, "--top", 5, "--seed", 7, "--out", b)
    assert a.read_bytes() == b.read_bytes()
    rows = list(csv.DictReader(a.open(encoding="utf-8-sig")))
    assert len(rows) == 155
    assert [int(r["rank"]) for r in rows] == list(range(1, 156))
    assert sum(float(r["p_top_5"]) for r in rows) == pytest.approx(5.0, abs=1e-3)
    for r in rows:
        assert int(r["rank_p05"]) <= int(r["median_rank"]) <= int(r["rank_p95"])


def test_sensitivity_accepts_weights(tmp_path, calibrated):
    _, out = calibrated
    result = run("sensitivity", PIPELINE, "--draws", 50, "--weights", out, "--show", 3)
    assert result.exit_code == 0, result.output
    assert "'calibrated'" in result.stdout


PAIRWISE = """\
name: panel-test
families: [demand, readiness, funding, network, fit]
comparisons:
  - [demand, readiness, 1]
  - [demand, funding, 2]
  - [demand, network, 2]
  - [demand, fit, 3]
  - [readiness, funding, 2]
  - [readiness, network, 2]
  - [readiness, fit, 3]
  - [funding, network, 1]
  - [funding, fit, 3/2]
  - [network, fit, {nf}]
why:
  demand: "Trust and willingness to cooperate (002 L1427-1431)"
"""


def test_weights_ahp_writes_a_profile(tmp_path):
    src, out = tmp_path / "pw.yaml", tmp_path / "ahp.yaml"
    src.write_text(PAIRWISE.format(nf="3/2"), encoding="utf-8")
    result = run("weights", "ahp", src, "--out", out)
    assert result.exit_code == 0, result.output
    profile = load_profile(out)
    w = {f: e.weight for f, e in profile.families.items()}
    assert w["demand"] == pytest.approx(0.3) and w["fit"] == pytest.approx(0.1) and w["scale"] == 0
    assert profile.provenance.metrics["cr"] == pytest.approx(0.0, abs=1e-6)
    assert "002 L1427-1431" in profile.families["demand"].why
    assert "not compared" in result.stderr
    assert run("rank", PIPELINE, "--weights", out, "--top", 2).exit_code == 0


def test_weights_ahp_refuses_inconsistent_judgements_unless_forced(tmp_path):
    src, out = tmp_path / "bad.yaml", tmp_path / "bad-profile.yaml"
    src.write_text(PAIRWISE.format(nf="1/9"), encoding="utf-8")
    refused = run("weights", "ahp", src, "--out", out)
    assert refused.exit_code == 1
    assert "consistency ratio" in refused.output and "network vs fit" in refused.output
    assert not out.exists()
    forced = run("weights", "ahp", src, "--out", out, "--force")
    assert forced.exit_code == 0, forced.output
    prov = load_profile(out).provenance
    assert prov.metrics["cr"] > 0.1 and prov.model_extra["forced"] is True
    assert prov.model_extra["most_inconsistent_pair"]["pair"] == ["network", "fit"]


def test_weights_ahp_matrix_form_and_errors(tmp_path):
    src = tmp_path / "m.yaml"
    src.write_text("families: [demand, readiness, funding]\n"
                   "matrix:\n  - [1, 2, 4]\n  - [1/2, 1, 2]\n  - [1/4, 1/2, 1]\n", encoding="utf-8")
    result = run("weights", "ahp", src, "--out", tmp_path / "m-out.yaml")
    assert result.exit_code == 0, result.output
    w = load_profile(tmp_path / "m-out.yaml").families
    assert [w[f].weight for f in ("demand", "readiness", "funding")] == pytest.approx([4 / 7, 2 / 7, 1 / 7], abs=1e-4)

    src.write_text("families: [demand, readines]\nmatrix: [[1, 2], [1/2, 1]]\n", encoding="utf-8")
    bad = run("weights", "ahp", src, "--out", tmp_path / "x.yaml")
    assert bad.exit_code == 1 and "did you mean 'readiness'" in bad.output
    src.write_text("families: [demand, readiness]\nmatrix: [[1, 2], [2, 1]]\n", encoding="utf-8")
    bad = run("weights", "ahp", src, "--out", tmp_path / "x.yaml")
    assert bad.exit_code == 1 and "not reciprocal" in bad.output and "(demand, readiness)" in bad.output
    src.write_text("families: [demand, readiness, fit]\ncomparisons:\n  - [demand, readiness, 2]\n", encoding="utf-8")
    bad = run("weights", "ahp", src, "--out", tmp_path / "x.yaml")
    assert bad.exit_code == 1 and "missing" in bad.output
