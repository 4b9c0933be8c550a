"""Summaries are computed a chunk of rows at a time; the chunk size must never change them
(a chunk once reused the previous chunk's matrix, and only files over 65,536 rows showed it)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

import polex
from polex.engine.core import Assessment
from polex.engine.explain import known_fields, summarize
from polex.formats.pipeline import read_pipeline

PIPELINE = Path(polex.__file__).resolve().parent / "fixtures" / "pipeline.csv"


def test_the_summary_does_not_depend_on_the_chunk_size():
    a = Assessment(polex.load_rules(), polex.load_profile()).fit()
    ranking = a.rank(read_pipeline(PIPELINE).columns)
    known = known_fields(a.ruleset, ranking.columns)
    whole = summarize(a.ruleset, a.scorer_, ranking.result, known, chunk=1 << 16)
    for chunk in (1, 7, 50):
        part = summarize(a.ruleset, a.scorer_, ranking.result, known, chunk=chunk)
        for name in ("reasons", "improvements", "unknowns", "gates"):
            np.testing.assert_array_equal(getattr(whole, name).index, getattr(part, name).index, err_msg=name)
            np.testing.assert_allclose(getattr(whole, name).value, getattr(part, name).value, err_msg=name)
        np.testing.assert_allclose(whole.completeness, part.completeness)
