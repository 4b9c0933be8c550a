"""The batch executor's literals on enum and list fields: runs of codes and whole-list keys give
the verdict of the plain definitions (a table looked up by code; the member matrix compared value
by value), for every code including -1 (unknown)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from polex.engine.batch import _enum_test, _runs, members_key
from polex.engine.compile import evaluate_test
from polex.models.vocabulary import ENUM, FIELDS, ORDINAL

CODED = [s for s in FIELDS if s.kind in (ENUM, ORDINAL)]


@given(spec=st.sampled_from(CODED), op=st.sampled_from(["==", "!=", "<", "<=", ">", ">=", "in", "not_in"]),
       data=st.data())
def test_runs_of_codes_are_the_lookup_table(spec, op, data):
    k = len(spec.values)
    if op in ("in", "not_in"):
        operand = frozenset(data.draw(st.lists(st.integers(0, k - 1), min_size=1, max_size=k)))
    else:
        operand = data.draw(st.integers(0, k - 1))
    if op in ("<", "<=", ">", ">=") and spec.kind != ORDINAL:
        op = "=="
    dtype = data.draw(st.sampled_from([np.int8, np.int16, np.int32]))  # a run's unsigned test wraps in each width
    codes = np.array(data.draw(st.lists(st.integers(-1, k - 1), max_size=50)), dtype=dtype)
    table = np.array([evaluate_test(op, c, operand) for c in range(k)] + [False])
    assert np.array_equal(_enum_test(codes, _runs(spec, op, operand)), table[codes])


@given(width=st.sampled_from([0, 1, 7, 8, 9, 16, 17, 33, 64, 65, 80]), data=st.data())
def test_members_key_equal_iff_the_same_members(width, data):
    rows = data.draw(st.lists(st.lists(st.booleans(), min_size=width, max_size=width), min_size=1, max_size=40))
    members = np.array(rows, dtype=bool).reshape(len(rows), width)
    if data.draw(st.booleans()):
        members = np.asfortranarray(members)  # as intake makes it
    keys = members_key(members)
    for i in range(len(rows)):
        assert np.array_equal(keys == keys[i], (members == members[i]).all(axis=1))


def test_a_member_matrix_stays_column_major_when_rows_are_taken():
    """Intake makes list fields column-major (each member's rows contiguous, so `contains` reads
    one run); taking rows keeps that layout and the values."""
    from polex.engine.columns import Column

    members = np.asfortranarray(np.random.default_rng(1).random((50, 10)) < 0.3)
    col = Column(members, np.ones(50, dtype=bool))
    rows = np.array([4, 0, 49, 4, 17])
    for taken in (col.take(rows), col.take(slice(3, 20))):
        assert taken.values.strides[0] == 1
    assert np.array_equal(col.take(rows).values, members[rows])
    assert np.array_equal(col.take(np.arange(50) % 2 == 0).values, members[::2])  # a mask still selects


def test_intake_makes_list_fields_column_major():
    from pathlib import Path

    from polex.formats.pipeline import read_pipeline

    columns = read_pipeline(Path(__file__).parents[2] / "fixtures" / "pipeline.csv").columns
    for name in ("funding_sources", "shared_networks"):
        assert columns[name].values.strides[0] == 1, name


def test_enum_codes_fit_one_byte():
    """Enum and ordinal codes are int8 (engine.columns.ENUM_CODE): every vocabulary enum has
    fewer than 128 values, and intake, empty columns and the derived archetype give that type."""
    from polex.engine.columns import ENUM_CODE, empty_column, encode_records, with_archetype

    assert all(len(s.values) <= np.iinfo(ENUM_CODE).max for s in CODED)
    records = [{"id": "a", "field": "transport", "engagement": "policy_consulting"}, {"id": "b"}]
    columns = with_archetype(encode_records(records))
    for spec in CODED:
        assert columns[spec.name].values.dtype == ENUM_CODE, spec.name
        assert empty_column(spec, 3).values.dtype == ENUM_CODE
