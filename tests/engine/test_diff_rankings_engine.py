"""diff of two rankings, in the engine: which files are rankings, which fields a rule's outcome
depends on (its scope too), reading a ranking's own columns, a ranking against itself."""

from __future__ import annotations

import numpy as np
import pytest

from polex.commands.common import FIXTURES, assessment_for, read_intake
from polex.engine.compile import node_fields
from polex.engine.diff import RankingFileError, compare_rankings, is_ranking, ranking_file, rule_inputs


@pytest.fixture(scope="module")
def ranked():
    intake = read_intake(str(FIXTURES / "pipeline.csv"), echo_warnings=False)
    a = assessment_for(None, None)
    return a, a.rank(intake.columns)


def test_is_ranking_by_its_columns():
    assert is_ranking(["rank", "id", "name", "partner_city", "country", "score", "eligible"])
    assert not is_ranking(["id", "partner_city", "country", "stage"])
    assert not is_ranking(["rank", "id", "score"])  # no eligible: not what `polex rank` writes


def test_rule_inputs_cover_the_scope_and_derived_facts(ranked):
    a, _ = ranked
    inputs = rule_inputs(a.ruleset)
    scoped = [r for r in a.ruleset.rules if r.applies is not None]
    assert scoped
    for r in scoped:
        assert set(node_fields(r.applies)) - {d.id for d in a.ruleset.rules} <= inputs[r.id]
    for r in a.ruleset.rules:
        assert a.ruleset.base_fields[r.id] <= inputs[r.id]


def _rows(ranking):
    header, data = ranking.table()
    return header, [{h: data[h][k] for h in header} for k in range(len(ranking))]


def test_a_ranking_against_itself(ranked):
    a, ranking = ranked
    header, rows = _rows(ranking)
    one = ranking_file(header, rows, "r.csv", ranking.columns.take(ranking.order),
                       {"id", "name", "partner_city", "country"})
    d = compare_rankings(one, one, a)
    assert d.kind == "rankings" and set(d.columns["status"]) == {"unchanged"}
    assert d.notes["fields_available"] is False and d.notes["rules_by_fields"] == 0
    assert d.notes["gates_by_reasons"] == sum(r.kind == "gate" for r in a.ruleset.rules)
    assert not any(d.columns["flipped_rules"])
    np.testing.assert_array_equal(d.columns["old_rank"], d.columns["new_rank"])


@pytest.mark.parametrize("column, value, says", [("score", "high", "score 'high' is not a number"),
                                                 ("rank", "", "rank is empty"),
                                                 ("eligible", "maybe", "eligible 'maybe' is not true or false")])
def test_a_broken_cell_names_its_row(ranked, column, value, says):
    _, ranking = ranked
    header, rows = _rows(ranking)
    rows[3][column] = value
    with pytest.raises(RankingFileError, match=f"r.csv: row 5: {says}"):
        ranking_file(header, rows, "r.csv")
