"""formats.pipeline._codes reads a dictionary column's indices from Arrow's buffers: the same
codes as filling the empty cells with -1, for any index width, offset (a slice) and nulls."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given
from hypothesis import strategies as st

from polex.formats.pipeline import _codes


@given(values=st.lists(st.one_of(st.none(), st.integers(0, 100)), max_size=50), start=st.integers(0, 50),
       width=st.sampled_from([pa.int8(), pa.int16(), pa.int32(), pa.int64()]))
def test_codes_are_the_indices_with_minus_one_where_empty(values, start, width):
    indices = pa.array(values, width).slice(min(start, len(values)))
    got = _codes(indices)
    assert got.dtype.name == "int32" and got.tolist() == pc.fill_null(indices, -1).to_pylist()
