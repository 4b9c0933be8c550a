"""diff (issue 13): a file against itself reports no change; a one-field change reports exactly
that field and the rules it flipped."""

from __future__ import annotations

import numpy as np
import pytest

from polex.commands.common import FIXTURES, assessment_for, read_intake
from polex.engine.columns import Column
from polex.engine.diff import compare


@pytest.fixture(scope="module")
def snapshot():
    intake = read_intake(str(FIXTURES / "pipeline.csv"), echo_warnings=False)
    assessment = assessment_for(None, None)
    return intake.columns, assessment


def test_a_file_against_itself_reports_no_change(snapshot):
    columns, a = snapshot
    d = compare(columns, columns, a.rank(columns), a.rank(columns))
    assert set(d.columns["status"]) == {"unchanged"}
    assert d.summary["added"] == d.summary["removed"] == d.summary["changed"] == 0
    assert not any(d.columns["changed_fields"]) and not any(d.columns["flipped_rules"])


def with_value(columns, field, row, value, known=True):
    col = columns[field]
    values, mask = col.values.copy(), col.known.copy()
    values[row], mask[row] = value, known
    data = dict(columns.data)
    data[field] = Column(values, mask)
    return type(columns)(columns.n, data)


@pytest.mark.parametrize("field, value", [("funding_status", 4), ("partner_priority", True), ("relation", 2),
                                          ("active_conflict", True)])
def test_one_field_change_reports_that_field_and_its_rules(snapshot, field, value):
    columns, a = snapshot
    old = a.rank(columns)
    rows = [i for i in range(columns.n) if not columns[field].known[i]]
    row = rows[0]
    new_columns = with_value(columns, field, row, value)
    new = a.rank(new_columns)
    d = compare(columns, new_columns, old, new)
    cid = str(columns.ids[row])
    k = list(d.columns["id"]).index(cid)
    assert d.columns["status"][k] == "changed"
    assert d.columns["changed_fields"][k].startswith(f"{field}: unknown → ")
    assert ";" not in d.columns["changed_fields"][k]
    # exactly the rules whose outcome differs, and each reads the field
    rules = a.ruleset.rules
    flipped_expected = {rules[j].id for j in np.flatnonzero(old.result.outcomes[row] != new.result.outcomes[row])}
    flipped = {t.split(":")[0] for t in d.columns["flipped_rules"][k].split("; ") if t}
    assert flipped == flipped_expected and flipped
    for rid in flipped:
        assert field in a.ruleset.base_fields[rid]
    others = [i for i in range(len(d)) if d.columns["id"][i] != cid]
    assert not any(d.columns["changed_fields"][i] for i in others)
    assert d.summary["fields"] == 1


def test_added_and_removed(snapshot):
    columns, a = snapshot
    keep = np.arange(1, columns.n)
    smaller = columns.take(keep)
    d = compare(columns, smaller, a.rank(columns), a.rank(smaller))
    assert d.summary["removed"] == 1 and d.summary["added"] == 0
    d = compare(smaller, columns, a.rank(smaller), a.rank(columns))
    assert d.summary["added"] == 1 and list(d.columns["id"][d.columns["status"] == "added"]) == [str(columns.ids[0])]
