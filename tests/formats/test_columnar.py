"""One reader per format, and they agree cell for cell: CSV tokenized by pyarrow or by Python's
csv module, Parquet, and the row validator (engine.intake.validate_rows, which XLSX, JSON,
JSONL and YAML take) give the same candidates, rejects and row numbers."""

import csv

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polex.engine.intake import validate_rows
from polex.formats.pipeline import read_pipeline
from polex.formats.rows import read_table
from polex.models.vocabulary import FIELDS, LIST

NOISE = ["", " ", "unknown", "UNKNOWN", "n/a", "?", "nan", "inf", "-1", "1e-7", "1e400", "1,234", "1_000",
         " 3 ", "0", "1", "yes", "No", "true", "x", "한국어", "=cmd()", "@SUM(A1)", "a;b"]
FIELDS_USED = ["stage", "demand_signal", "funding_sources", "partner_priority", "area_ha", "trained_officials",
               "region", "sanctions_category", "year", "shared_networks", "income_group"]


def _cells(name):
    spec = next(f for f in FIELDS if f.name == name)
    good = list(spec.values) + [v.upper() for v in spec.values[:2]] + [f" {v} " for v in spec.values[:1]]
    if spec.kind == LIST:
        good += [";".join(spec.values[:2]), f"{spec.values[0]} ; {spec.values[-1]}"]
    return st.sampled_from(good + NOISE) if good else st.sampled_from(NOISE + ["5", "12.5", "2021"])


row = st.fixed_dictionaries({
    "id": st.sampled_from(["a", "b", " b", "c", "d", "e", "f", "", "unknown", "g", "h"]),
    "partner_city": st.sampled_from(["Hanoi", "", " Hue ", "서울"]),
    "country": st.sampled_from(["VNM", "PHL", ""]),
    **{f: _cells(f) for f in FIELDS_USED},
    "stray": st.sampled_from(["", "x"]),
})


def _summary(intake):
    cols = intake.columns
    values = {}
    for name, col in cols.data.items():
        v = col.values[col.known]
        values[name] = (col.known.tolist(), v.tolist() if v.dtype != object else [str(x) for x in v])
    return (intake.total, cols.n, intake.rows.tolist(), sorted((r.row, r.field, r.value, r.expected) for r in intake.rejects),
            sorted(intake.unknown_columns), values)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(row, min_size=1, max_size=25))
def test_every_reader_and_both_validators_agree(tmp_path, rows):
    header = list(rows[0])
    path = tmp_path / "p.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([[r[h] for h in header] for r in rows])
    pq.write_table(pa.table({h: [r[h] or None for r in rows] for h in header}), tmp_path / "p.parquet")
    header_rows = read_table(path)
    by_rows = _summary(validate_rows(header_rows[1], header_rows[0]))
    assert _summary(read_pipeline(path, arrow=False)) == by_rows
    assert _summary(read_pipeline(path, arrow=True)) == by_rows
    # Parquet holds None for an empty cell, as a spreadsheet export would.
    assert _summary(read_pipeline(tmp_path / "p.parquet")) == by_rows


def test_ids_that_differ_only_by_spaces_are_one_id(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("id,partner_city,country\na,x,K\n a ,y,K\n", encoding="utf-8")
    for arrow in (True, False):
        intake = read_pipeline(path, arrow=arrow)
        assert intake.columns.n == 1 and [r.row for r in intake.rejects] == [3]
        assert "row 2 has it" in intake.rejects[0].expected


def test_numbers_typed_in_parquet_are_checked_like_text(tmp_path):
    table = pa.table({"id": ["a", "b", "c"], "partner_city": ["x"] * 3, "country": ["K"] * 3,
                      "area_ha": [1.5, float("nan"), -2.0], "trained_officials": [3.0, 2.5, None]})
    pq.write_table(table, tmp_path / "t.parquet")
    intake = read_pipeline(tmp_path / "t.parquet")
    assert list(intake.columns.ids) == ["a"]
    assert sorted((r.row, r.field) for r in intake.rejects) == [(3, "area_ha"), (3, "trained_officials"),
                                                                  (4, "area_ha")]
    assert np.isclose(intake.columns["area_ha"].values[0], 1.5)


def test_a_ragged_record_with_a_bad_byte_is_one_clean_error(tmp_path, monkeypatch):
    # pyarrow decodes a ragged record before calling the row handler and reports a bad byte as an
    # "Exception ignored" traceback on stderr; the reader keeps that from the user.
    import sys

    import pytest

    from polex.formats import DataFileError

    path = tmp_path / "p.csv"
    path.write_bytes(b"id,partner_city,country\na,Hanoi,VNM\nb,H\xffx\n")
    leaked = []
    monkeypatch.setattr(sys, "unraisablehook", leaked.append)
    with pytest.raises(DataFileError, match="line 3: cannot decode"):
        read_pipeline(path)
    assert leaked == []
