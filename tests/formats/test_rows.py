"""One blank row for every reader (formats.rows.is_blank_row) and one wording of each file error."""

from __future__ import annotations

import json

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from polex.formats import DataFileError, read_table
from polex.formats.files import no_such_file
from polex.formats.pipeline import read_pipeline
from polex.formats.rows import is_blank_row

HEADER = ["id", "partner_city", "country", "stage"]
ROWS = [["a", "Hanoi", "VNM", "pilot"], ["", " ", None, ""], ["unknown", "unknown", "unknown", "unknown"],
        ["b", "Hue", "VNM", "pilot"]]


def test_a_blank_row_is_every_cell_empty_and_unknown_is_an_answer():
    assert is_blank_row([None, "", "  \t"]) and is_blank_row([])
    assert not is_blank_row(["unknown", None]) and not is_blank_row([0]) and not is_blank_row([float("nan")])


def _write(path, fmt):
    dicts = [dict(zip(HEADER, r)) for r in ROWS]
    if fmt in ("csv", "tsv"):
        sep = "\t" if fmt == "tsv" else ","
        path.write_text("\n".join(sep.join(c or "" for c in r) for r in [HEADER, *ROWS]) + "\n", encoding="utf-8")
    elif fmt == "json":
        path.write_text(json.dumps(dicts), encoding="utf-8")
    elif fmt == "jsonl":
        path.write_text("".join(json.dumps(d) + "\n" for d in dicts), encoding="utf-8")
    elif fmt == "yaml":
        path.write_text(yaml.safe_dump({"candidates": dicts}), encoding="utf-8")
    elif fmt == "xlsx":
        book = openpyxl.Workbook()
        for r in [HEADER, *ROWS]:
            book.active.append([c or None for c in r])
        book.save(path)
    else:
        pq.write_table(pa.table({h: [r[i] or None for r in ROWS] for i, h in enumerate(HEADER)}), path)
    return path


@pytest.mark.parametrize("arrow", [False, True])
@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl", "yaml", "xlsx", "parquet"])
def test_every_reader_skips_the_blank_row_and_rejects_the_unknown_one(tmp_path, fmt, arrow):
    intake = read_pipeline(_write(tmp_path / f"p.{fmt}", fmt), arrow=arrow)
    assert list(intake.columns.ids) == ["a", "b"]
    rejected = {r.row for r in intake.rejects}
    assert len(rejected) == 1 and {r.field for r in intake.rejects} >= {"id", "partner_city", "country"}
    # the unknown row is the third of the file; its number is as the format numbers rows
    assert rejected == ({3} if fmt in ("json", "jsonl") else {10} if fmt == "yaml" else {4})  # yaml: its line


@pytest.mark.parametrize("fmt", ["csv", "json", "yaml", "xlsx", "parquet"])
def test_a_missing_file_is_worded_once(tmp_path, fmt):
    path = tmp_path / f"nope.{fmt}"
    with pytest.raises(DataFileError) as info:
        read_table(path)
    assert str(info.value) == str(no_such_file(path)) == f"{path}: no such file"
    assert info.value.field == str(path)
    with pytest.raises(DataFileError, match="no such file"):
        read_pipeline(path)
