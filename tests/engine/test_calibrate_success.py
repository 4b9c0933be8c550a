"""The score's mapping to a probability of success (issue 13: with a calibrated profile, the
portfolio maximises the expected number of successes): calibrate fits it, the profile stores it,
the profile reader loads it back."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner
from scipy.special import expit

import polex
from polex.cli import main
from polex.commands.common import FIXTURES
from polex.engine.calibrate import fit_success_mapping
from polex.rules.loader import RuleFileError, load_profile
from polex.rules.profiles import write_profile

OUTCOMES = str(FIXTURES / "outcomes.csv")


def test_the_fit_recovers_a_known_logistic_mapping():
    rng = np.random.default_rng(0)
    score = rng.uniform(20, 90, 20_000)
    y = (rng.random(len(score)) < expit(-3.0 + 0.05 * score)).astype(int)
    a, b, C = fit_success_mapping(score, y)
    assert a == pytest.approx(-3.0, abs=0.15)
    assert b == pytest.approx(0.05, abs=0.003)
    assert C > 0


def test_the_fit_keeps_the_slope_finite_when_the_score_separates_the_outcomes():
    score = np.array([10.0, 20, 30, 40, 60, 70, 80, 90])
    y = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    a, b, _ = fit_success_mapping(score, y, folds=2)
    assert np.isfinite(a) and np.isfinite(b) and b > 0


def profile_with_mapping(tmp_path, intercept=-4.25, slope=0.0825):
    data = polex.load_profile().model_dump(exclude_none=True)
    data["name"] = "mapped"
    data["success_probability"] = {"intercept": intercept, "slope": slope, "method": "a test mapping",
                                   "records": 10, "data_file": "x.csv"}
    path = tmp_path / "mapped.yaml"
    write_profile(str(path), data, "test")
    return path


def test_a_profile_round_trips_its_mapping(tmp_path):
    loaded = load_profile(profile_with_mapping(tmp_path))
    m = loaded.success_probability
    assert (m.intercept, m.slope, m.method, m.records, m.data_file) == (-4.25, 0.0825, "a test mapping", 10, "x.csv")
    assert m.probability(np.array([0.0, 50.0])) == pytest.approx(expit(np.array([-4.25, -4.25 + 0.0825 * 50])))
    assert load_profile().success_probability is None  # the shipped profile has none


def test_a_mapping_with_a_negative_slope_is_refused(tmp_path):
    path = profile_with_mapping(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("slope: 0.0825", "slope: -0.1"), encoding="utf-8")
    with pytest.raises(RuleFileError, match="slope"):
        load_profile(path)


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory):
    out = tmp_path_factory.mktemp("cal") / "learned.yaml"
    result = CliRunner().invoke(main, ["calibrate", OUTCOMES, "--out", str(out), "--repeats", "2", "--bootstrap", "100"])
    assert result.exit_code == 0, result.output
    return out


def test_calibrate_writes_the_mapping_of_the_profile_it_writes(calibrated):
    from polex.commands.common import read_intake
    from polex.engine.columns import with_archetype

    profile = load_profile(calibrated)
    m = profile.success_probability
    assert m is not None and m.slope > 0 and m.records == 214 and m.data_file == "outcomes.csv"
    assert m.data_sha256 == profile.provenance.data_sha256
    # Fitted on this profile's own score: with a free intercept the mean probability over the
    # records is their share of successes (the logistic fit's first-order condition).
    intake = read_intake(OUTCOMES, "en")
    known = intake.columns["outcome"].known
    y = intake.columns["outcome"].values[known].astype(int)
    columns = with_archetype(intake.columns.take(np.flatnonzero(known)))
    score = polex.assess(weights=profile).rank(columns).result.key("point")
    assert float(np.mean(m.probability(score))) == pytest.approx(y.mean(), abs=2e-3)
    # and it separates the outcomes as the score does
    p = m.probability(score)
    assert p[y == 1].mean() > p[y == 0].mean()
