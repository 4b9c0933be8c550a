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
    codes = np.array(data.draw(st.lists(st.integers(-1, k - 1), max_size=50)), dtype=np.int16)
    table = np.array([evaluate_test(op, c, operand) for c in range(k)] + [False])
    assert np.array_equal(_enum_test(codes, _runs(spec, op, operand)), table[codes])


@given(rows=st.lists(st.lists(st.booleans(), min_size=7, max_size=7), min_size=1, max_size=40))
def test_members_key_equal_iff_the_same_members(rows):
    members = np.array(rows, dtype=bool)
    keys = members_key(members)
    for i in range(len(rows)):
        assert np.array_equal(keys == keys[i], (members == members[i]).all(axis=1))
