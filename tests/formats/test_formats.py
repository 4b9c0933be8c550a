"""Files in and out: readers (encodings, formats, row numbers), formula escaping, atomic writes,
and the spreadsheet template. Behaviour is tested on real bytes, not assumed."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import zipfile
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from polex.formats import (
    READ_FORMATS,
    ROW,
    WRITE_FORMATS,
    DataFileError,
    atomic_path,
    decode,
    escape_formula,
    file_format,
    is_formula_like,
    read_table,
    write_table,
)
from polex.formats import writers as formats
from polex.formats.template import columns, write_template, yaml_template
from polex.models.vocabulary import BAD_RECORD, BOOL, ENUM, FIELDS, ORDINAL

# ---- file types and decoding -------------------------------------------------------------------


def test_file_format_by_extension_with_aliases():
    assert file_format("a.CSV", READ_FORMATS) == "csv"
    assert file_format("a.yml", READ_FORMATS) == "yaml"
    assert file_format("a.ndjson", READ_FORMATS) == "jsonl"
    with pytest.raises(DataFileError, match=r"unknown file type \.pdf; expected one of \.csv"):
        file_format("a.pdf", READ_FORMATS)
    with pytest.raises(DataFileError, match="no extension"):
        file_format("pipeline", WRITE_FORMATS)


def test_decode_utf8_bom_and_cp949():
    text = "id,partner_city\nk1,서울\n"
    assert decode(text.encode("utf-8"), "f") == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8"), "f") == text  # the BOM is dropped
    assert decode(text.encode("cp949"), "f") == text  # Korean Excel's CSV


@pytest.mark.parametrize("data, message", [
    (b"", "the file is empty"),
    (b"  \n\n", "the file is empty"),
    (b"PK\x03\x04\x00\x00binary", "looks like a binary file"),
    (b"id\n\x80\x80\xff", "line 2: cannot decode the text: expected UTF-8, UTF-16 with a BOM, or CP949"),
])
def test_decode_refuses_with_one_line(data, message):
    with pytest.raises(DataFileError, match=message) as err:
        decode(data, "in.csv")
    assert "\n" not in str(err.value) and str(err.value).startswith("in.csv: ")


# ---- readers -----------------------------------------------------------------------------------


def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("id,partner_city,country\na,b,c\n,,\n\nd,e,f\n", encoding="utf-8")
    header, rows = read_table(path)
    assert header == ["id", "partner_city", "country"]
    # blank rows are not candidates; a record is numbered by the line an editor shows it on
    assert [(r["id"], r[ROW]) for r in rows] == [("a", 2), ("d", 5)]


def test_csv_long_cells_and_repeated_headers(tmp_path):
    path = tmp_path / "p.csv"
    huge = "가" * 300_000  # beyond the csv module's default field limit
    path.write_text(f"id,partner_city,country,name,name\na,b,c,{huge},second\n", encoding="utf-8")
    header, rows = read_table(path)
    assert header == ["id", "partner_city", "country", "name", "name (2)"]  # no column replaces another
    assert rows[0]["name"] == huge and rows[0]["name (2)"] == "second"


def test_tsv(tmp_path):
    path = tmp_path / "p.tsv"
    path.write_text("id\tpartner_city\tcountry\na\tb, with comma\tc\n", encoding="utf-8")
    assert read_table(path)[1][0]["partner_city"] == "b, with comma"


def test_jsonl_rows_are_line_numbers(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text('{"id": "a"}\n\n{"id": "b"}\n', encoding="utf-8")
    assert [(r["id"], r[ROW]) for r in read_table(path)[1]] == [("a", 1), ("b", 3)]
    # a bad line is one rejected row (issue 10), not a refused file
    path.write_text('{"id": "a"}\n[1, 2]\n', encoding="utf-8")
    rows = read_table(path)[1]
    assert rows[1][ROW] == 2 and rows[1][BAD_RECORD][1] == "a candidate (a JSON object)"
    path.write_text('{"id": "a"}\n{"id": \n', encoding="utf-8")
    rows = read_table(path)[1]
    assert rows[1][ROW] == 2 and "this line is not JSON" in rows[1][BAD_RECORD][1]
    path.write_text('{"id": \n', encoding="utf-8")
    with pytest.raises(DataFileError, match="line 1: this line is not JSON"):
        read_table(path)


def test_json_and_yaml_lists_wrappers_and_blank_items(tmp_path):
    data = {"candidates": [{"id": "a", "partner_city": "b", "country": "c"}, {"id": None, "name": ""},
                           {"id": "d", "partner_city": "e", "country": "f"}]}
    for name, text in (("p.json", json.dumps(data)), ("p.yaml", yaml.safe_dump(data))):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        header, rows = read_table(path)
        # JSON numbers items; YAML numbers them by the line each starts on
        expected = [("a", 1), ("d", 3)] if name == "p.json" else [("a", 2), ("d", 7)]
        assert [(r["id"], r[ROW]) for r in rows] == expected
        assert set(header) >= {"id", "partner_city", "country"}


@pytest.mark.parametrize("text, message", [
    ("[]", "holds no candidates"),
    ("[1, 2]", "item 1: a mapping of field to value; no item is a candidate"),
    ('{"id": 1', "not valid JSON"),
    ('[{"trained_officials": ' + "9" * 5000 + "}]", "not readable JSON"),  # beyond Python's digit limit
])
def test_json_problems_are_data_file_errors(tmp_path, text, message):
    path = tmp_path / "p.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=message):
        read_table(path)


def test_huge_integers_become_text_not_overflow(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(f"- {{id: a, trained_officials: {'9' * 400}}}\n", encoding="utf-8")
    rows = read_table(path)[1]
    assert rows[0]["trained_officials"] == "9" * 400


def test_xlsx_reader_reports_cells_under_no_header(tmp_path):
    path = tmp_path / "p.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "partner_city", "country", None, "id"])
    sheet.append(["a", "b", "c", "stray", "dup"])
    sheet.append([None, None, None])
    sheet.append(["d", "e", "f", None, None, "far"])
    book.save(path)
    header, rows = read_table(path)
    assert header == ["id", "partner_city", "country", "id (2)", "(column D)", "(column F)"]
    assert [r[ROW] for r in rows] == [2, 4]
    assert rows[0]["(column D)"] == "stray" and rows[1]["(column F)"] == "far"


def test_parquet_reader(tmp_path):
    path = tmp_path / "p.parquet"
    pq.write_table(pa.table({"id": ["a"], "partner_city": ["b"], "country": ["c"],
                             "funding_sources": [["mdb", "oda_loan"]]}), path)
    header, rows = read_table(path)
    assert rows[0]["funding_sources"] == ["mdb", "oda_loan"]
    path.write_bytes(b"PAR1 not really")
    with pytest.raises(DataFileError, match="not a readable Parquet file"):
        read_table(path)


# ---- formula injection -------------------------------------------------------------------------

@pytest.mark.parametrize("cell, escaped", [
    ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("-3", "-3"),  # a number as text is a number, not a formula
    ("-\u0663", "'-\u0663"),  # an Arabic-Indic three: no number to a spreadsheet (nor to Arrow's writer)
    ("+1.5", "+1.5"),
    ("-2e-3", "-2e-3"),
    ("a=b", "a=b"),
    ("", ""),
    (-3.5, -3.5),
    (7, 7),
    (None, None),
])
def test_escape_formula(cell, escaped):
    assert escape_formula(cell) == escaped


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_no_escaped_text_can_start_a_formula(text):
    out = escape_formula(text)
    assert not is_formula_like(out)
    assert out == text or out == "'" + text


def _csv_cells(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_output_escapes_formulas_but_not_numbers(tmp_path):
    path = tmp_path / "out.csv"
    write_table(path, ["id", "name", "score", "eligible", "delta"],
                [["=1+1", "@evil", 12.5, True, -3.0], ["plain", "-7", -2, False, "-1+1"]])
    rows = _csv_cells(path)
    assert rows[1] == ["'=1+1", "'@evil", "12.5", "true", "-3.0"]
    assert rows[2] == ["plain", "-7", "-2", "false", "'-1+1"]


def test_csv_output_has_a_bom_by_default(tmp_path):
    # issue 10: Hà Nội opens as mojibake in Korean Excel without a BOM, Korean text or not
    write_table(tmp_path / "a.csv", ["name"], [["Hà Nội"]])
    write_table(tmp_path / "b.csv", ["name"], [["서울"]])
    write_table(tmp_path / "c.csv", ["name"], [["Hanoi"]], bom=False)
    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "b.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "c.csv").read_bytes() == b"name\r\nHanoi\r\n"


def test_xlsx_output_never_holds_a_formula(tmp_path):
    path = tmp_path / "out.xlsx"
    write_table(path, ["id", "name", "score"], [["=1+1", "bell\x07 and \x00nul", -3.5], ["@x", "+41", 7]])
    with zipfile.ZipFile(path) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    sheet = openpyxl.load_workbook(path).active
    a2, b2, c2 = sheet["A2"], sheet["B2"], sheet["C2"]
    assert (a2.value, a2.data_type, a2.quotePrefix) == ("=1+1", "s", True)  # text, as Excel stores '=1+1
    assert b2.value == "bell and nul" and not b2.quotePrefix  # XML cannot hold control characters
    assert (c2.value, c2.data_type) == (-3.5, "n")
    assert (sheet["A3"].value, sheet["A3"].quotePrefix) == ("@x", True)
    assert (sheet["B3"].value, sheet["B3"].quotePrefix) == ("+41", False)


def test_xlsx_output_refuses_more_rows_than_excel_holds(tmp_path, monkeypatch):
    monkeypatch.setattr(formats, "XLSX_MAX_ROWS", 3)
    path = tmp_path / "out.xlsx"
    with pytest.raises(DataFileError, match="do not fit in an Excel sheet"):
        write_table(path, ["id"], [["a"], ["b"], ["c"]])
    assert not path.exists()
    write_table(path, ["id"], [["a"], ["b"]])
    assert path.exists()


def test_markdown_and_json_outputs(tmp_path):
    write_table(tmp_path / "o.md", ["a|b", "c"], [["x|y", "line\nbreak"], [True, None]])
    md = (tmp_path / "o.md").read_text(encoding="utf-8").splitlines()
    assert md[0] == "| a\\|b | c |" and md[2] == "| x\\|y | line break |" and md[3] == "| true |  |"
    write_table(tmp_path / "o.json", ["a", "b"], [[float("nan"), "서울"]])
    assert json.loads((tmp_path / "o.json").read_text(encoding="utf-8")) == [{"a": None, "b": "서울"}]
    write_table(tmp_path / "o.jsonl", ["a"], [[1], [2]])
    assert (tmp_path / "o.jsonl").read_text(encoding="utf-8") == '{"a": 1}\n{"a": 2}\n'


# ---- atomic writes -----------------------------------------------------------------------------

def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "jsonl", "parquet", "md"])
def test_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch, fmt):
    target = tmp_path / f"ranking.{fmt}"
    target.write_bytes(b"the previous ranking")

    class Interrupted(KeyboardInterrupt):
        pass

    def boom(*args, **kwargs):
        raise Interrupted

    def rows():
        yield ["a", 1]
        yield ["b", 2]
        raise Interrupted  # Ctrl-C while the rows are produced

    with pytest.raises(Interrupted):
        write_table(target, ["id", "n"], rows())
    assert target.read_bytes() == b"the previous ranking"
    # ... and while the file itself is being written
    monkeypatch.setattr(formats, "_csv_cell", boom)
    monkeypatch.setattr(formats, "xlsx_cell", boom)
    monkeypatch.setattr(formats, "_json_value", boom)
    monkeypatch.setattr(formats, "markdown_table", boom)
    monkeypatch.setattr(pq, "write_table", boom)
    with pytest.raises(Interrupted):
        write_table(target, ["id", "n"], [["a", 1]])
    assert target.read_bytes() == b"the previous ranking"
    assert _leftovers(tmp_path) == []


def test_atomic_path_replaces_only_on_success(tmp_path):
    target = tmp_path / "sub" / "out.txt"
    with atomic_path(target) as tmp:
        assert tmp.parent == target.parent and tmp != target
        tmp.write_text("half", encoding="utf-8")
        assert not target.exists()  # nothing at the target until the block ends
    assert target.read_text(encoding="utf-8") == "half"
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("broken", encoding="utf-8")
        raise RuntimeError
    assert target.read_text(encoding="utf-8") == "half"
    assert _leftovers(target.parent) == []


def test_written_files_get_ordinary_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        write_table(tmp_path / "o.csv", ["a"], [[1]])
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "o.csv").stat().st_mode) == 0o644  # not mkstemp's 0600


# ---- the template ------------------------------------------------------------------------------

def test_xlsx_template_has_a_dropdown_for_every_enum_and_a_bilingual_field_sheet(tmp_path):
    path = tmp_path / "t.xlsx"
    write_template(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["candidates", "fields", "lists"]
    assert book["lists"].sheet_state == "hidden"
    sheet = book["candidates"]
    header = [c.value for c in sheet[1]]
    assert header == columns() and header[:4] == ["id", "name", "partner_city", "country"]
    letter = {name: openpyxl.utils.get_column_letter(i) for i, name in enumerate(header, 1)}
    lists = book["lists"]
    list_values = {col[0].value: [c.value for c in col[1:] if c.value is not None] for col in lists.iter_cols()}
    dropdowns = {}
    for dv in sheet.data_validations.dataValidation:
        if dv.type == "list":
            (cells,) = str(dv.sqref).split()
            dropdowns[cells.split(":")[0].rstrip("0123456789")] = dv
    for spec in FIELDS:
        if spec.kind in (ENUM, ORDINAL, BOOL):
            dv = dropdowns[letter[spec.name]]
            assert dv.allow_blank and dv.showErrorMessage
            expected = list(spec.values) if spec.kind != BOOL else ["true", "false"]
            assert list_values[spec.name] == expected + ["unknown"]
            assert dv.formula1.startswith("lists!$")
    assert set(dropdowns) == {letter[f.name] for f in FIELDS if f.kind in (ENUM, ORDINAL, BOOL)}
    numbers = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv for dv in sheet.data_validations.dataValidation
               if dv.type in ("whole", "decimal")}
    assert numbers[letter["trained_officials"]].type == "whole"
    assert numbers[letter["budget_usd_m"]].formula1 == "0"

    fields = list(book["fields"].iter_rows(values_only=True))
    assert fields[0] == ("field", "required", "type", "allowed values", "description (English)", "설명 (한국어)")
    documented = {row[0]: row for row in fields[1:] if row[0]}
    for spec in FIELDS:
        row = documented[spec.name]
        assert row[4] == spec.en and row[5] == spec.ko and row[4] and row[5]
        assert (row[1] == "yes") == spec.required
    assert documented["stage"][3].startswith("discovery < consulting")


def test_csv_and_yaml_templates(tmp_path):
    write_template(tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_text(encoding="utf-8") == ",".join(columns()) + "\n"
    for lang in ("en", "ko"):
        text = yaml_template(lang)
        data = yaml.safe_load(io.StringIO(text))
        assert list(data["candidates"][0]) == columns()
        assert all(v is None for v in data["candidates"][0].values())
    assert "필수" in yaml_template("ko") and "required" in yaml_template("en")
    with pytest.raises(DataFileError):
        write_template(tmp_path / "t.json")
