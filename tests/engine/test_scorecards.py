"""Scorecards in one batch (engine/scorecards.py) are the scorecards of one row at a time, to the bit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import polex
import polex.engine.scorecards as batch_cards
from polex.engine.scorecards import card_batch, exact_sums, scorecards
from polex.formats.pipeline import read_pipeline

PIPELINE = Path(__file__).resolve().parents[2] / "fixtures" / "pipeline.csv"


@pytest.fixture(scope="module")
def ranking():
    return polex.assess().rank(read_pipeline(PIPELINE).columns)


def _same_as_one_row(ranking, rows, lang="en"):
    b = card_batch(ranking, rows)
    for i, row in enumerate(rows):
        ex = ranking.explanation([int(row)])
        for name in ("contributions", "gains", "swings"):
            assert np.array_equal(getattr(ex, name)[0], getattr(b, name)[i]), (name, int(row))
        assert ex.completeness[0] == b.completeness[i]
    assert scorecards(ranking, rows, lang, b) == [ranking.scorecard(int(row), lang) for row in rows]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_fixture_row_in_rank_order(ranking, lang):
    _same_as_one_row(ranking, ranking.order, lang)


def test_any_rows_in_any_order(ranking):
    rows = ranking.order[::-7][:20]
    _same_as_one_row(ranking, rows)
    _same_as_one_row(ranking, rows[:1])


def test_row_by_row_where_the_point_sums_are_not_exact(ranking, monkeypatch):
    # Points that are not multiples of 2**-20 could add in another order for many rows than for
    # one: the batch then takes the scorer's sums row by row, with the same result.
    assert exact_sums(ranking.assessment.scorer_)
    monkeypatch.setattr(batch_cards, "exact_sums", lambda scorer: False)
    _same_as_one_row(ranking, ranking.order[:30])


def test_exact_sums_refuses_points_that_do_not_add_exactly():
    class Points:
        points_ = np.array([[0.1, 0.0], [0.0, 2.0]])

    assert not exact_sums(Points())
    Points.points_ = np.array([[2.5, 0.0], [0.0, -3.0]])
    assert exact_sums(Points())


def test_no_rows(ranking):
    b = card_batch(ranking, np.array([], dtype=np.int64))
    assert len(b) == 0 and b.records == [] and b.unknowns == []
    assert scorecards(ranking, [], "en", b) == []


def test_ranking_scorecards_are_the_one_at_a_time_cards_in_rank_order():
    from pathlib import Path

    import polex
    from polex.formats.pipeline import read_pipeline

    ranking = polex.assess().rank(read_pipeline(Path(polex.__file__).resolve().parent / "fixtures" / "pipeline.csv").columns)
    assert ranking.scorecards("ko") == [ranking.scorecard(int(i), "ko") for i in ranking.order]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_cards_built_without_validation_are_what_validation_makes(ranking, lang):
    """Scorecards are built from the engine's values with model_construct (no schema compiled:
    20-30 ms of `polex score`'s start); validating the same values gives the same card, the same
    JSON byte for byte, and the same types field by field (an int where a float is due would
    print otherwise)."""
    from pydantic import BaseModel

    from polex.models.results import Scorecard

    cards = scorecards(ranking, ranking.order, lang) + [ranking.scorecard(int(r), lang) for r in ranking.order[:5]]
    for card in cards:
        checked = Scorecard.model_validate(card.model_dump())
        assert checked == card
        assert checked.model_dump_json() == card.model_dump_json()

        def types(model):
            return [(name, type(value).__name__, [types(v) if isinstance(v, BaseModel) else type(v).__name__
                                                  for v in value] if isinstance(value, list) else None)
                    for name, value in model]
        assert types(checked) == types(card)
