"""rules/profiles.py: the pairwise file read, a profile written (validated, atomically, with its header)."""

import pytest
import yaml

from polex.rules.loader import load_profile
from polex.rules.profiles import ProfileFileError, judgement, read_pairwise, write_profile


def test_judgements_are_positive_numbers_or_fractions():
    assert judgement("1/3", "x") == pytest.approx(1 / 3) and judgement(2, "x") == 2.0
    for bad in (0, -1, True, None, "a"):
        with pytest.raises(ProfileFileError, match=r"^x: got .*, expected a positive number"):
            judgement(bad, "x")


def test_read_pairwise_fills_the_reciprocal_matrix_and_names_families_in_errors(tmp_path):
    src = tmp_path / "pw.yaml"
    src.write_text("families: [demand, readiness]\ncomparisons:\n  - [demand, readiness, 3]\n", encoding="utf-8")
    data, families, matrix = read_pairwise(str(src))
    assert families == ["demand", "readiness"] and matrix[1][0] == pytest.approx(1 / 3)
    src.write_text("families: [demand, readines]\nmatrix: [[1, 2], [1/2, 1]]\n", encoding="utf-8")
    with pytest.raises(ProfileFileError, match="unknown family 'readines' \\(did you mean 'readiness'\\?\\)"):
        read_pairwise(str(src))
    src.write_text("families: [demand, readiness]\nmatrix: [[1, 2], [2, 1]]\n", encoding="utf-8")
    with pytest.raises(ProfileFileError, match=r"\(demand, readiness\) = 2 and \(readiness, demand\) = 2"):
        read_pairwise(str(src))


def test_write_profile_writes_a_loadable_profile_under_its_header(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    default = yaml.safe_load(open(load_profile.__globals__["PROFILES_DIR"] / "default.yaml", encoding="utf-8"))
    out = tmp_path / "p.yaml"
    write_profile(str(out), default, "weights test")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Weights profile written by `polex weights test` (2023-11-14).")
    assert load_profile(out).name == default["name"]
    with pytest.raises(ProfileFileError, match="^cannot write"):
        write_profile(str(tmp_path / "p.yaml" / "x.yaml"), default, "weights test")
