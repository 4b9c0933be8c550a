"""engine/weights.py: AHP profile building without files (the command only parses, calls, shows)."""

import numpy as np
import pytest

from polex.engine.weights import ProfileError, ahp_profile, ratio, round_weights, rounded
from polex.models.errors import PolexError

FAMS = ["demand", "readiness", "funding"]
CONSISTENT = np.array([[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]])
INCONSISTENT = np.array([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])


def _build(matrix, data=None, **kw):
    args = dict(where="pw.yaml", file_name="pw.yaml", sha256="0" * 64, date="2026-01-01", name=None,
                default_name="out", default_prior=lambda: 0.5)
    return ahp_profile(data or {}, FAMS, matrix, **(args | kw))


def test_round_weights_sum_to_one_and_rounded_is_plain():
    w = round_weights([1, 1, 1])
    assert sum(w) == pytest.approx(1.0, abs=0) and w == [0.3334, 0.3333, 0.3333]
    assert rounded({"a": np.float64(1 / 3), "b": np.array([0.123456789])}, 3) == {"a": 0.333, "b": [0.123]}
    assert ratio(3) == "3" and ratio(1 / 3) == "1/3"


def test_a_consistent_matrix_gives_a_profile_with_provenance():
    made = _build(CONSISTENT)
    assert made.weights == {"demand": 0.5714, "readiness": 0.2857, "funding": 0.1429}
    p = made.profile
    assert p["name"] == "out" and p["unknown_prior"] == 0.5 and p["provenance"]["date"] == "2026-01-01"
    assert p["families"]["network"] == {"weight": 0.0, "why": "Not compared in pw.yaml: weight 0"}
    assert "network" in made.missing and made.result.consistent


def test_an_inconsistent_matrix_is_refused_unless_forced():
    with pytest.raises(ProfileError, match=r"^pw.yaml: consistency ratio .* Most inconsistent pair") as info:
        _build(INCONSISTENT)
    assert isinstance(info.value, PolexError)
    assert _build(INCONSISTENT, force=True).profile["provenance"]["forced"] is True
    with pytest.raises(ProfileError, match="`why` must map"):
        _build(CONSISTENT, {"why": ["x"]})
