"""Writers: a header and rows (or Arrow columns) to csv, tsv, xlsx, json, jsonl, parquet or
markdown, written atomically, with cells a spreadsheet would run as a formula escaped."""

from __future__ import annotations

import csv
import json
import math
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .files import WRITE_FORMATS, atomic_path, file_error, file_format, scratch_pool, use_jemalloc

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# A cell that is a plain number ("-3", "+1.5", "2e-3") is a number to a spreadsheet, not a formula:
# it stays as it is (a negative score is not an attack). ASCII digits only, as Arrow's regex (RE2)
# reads \d and as a spreadsheet reads a number: "-٣" is escaped by every writer.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


XLSX_MAX_ROWS = 1_048_576  # Excel's limit, the header included


def is_formula_like(value: Any) -> bool:
    """True for a text cell a spreadsheet could run as a formula (= + - @, tab, CR first)."""
    return isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value)


def escape_formula(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading quote (OWASP advice);
    numbers, and text that is a plain number, are left alone."""
    if is_formula_like(value):
        return "'" + value
    return value


_FORMULA_FIRST = frozenset(_FORMULA_START)


def _csv_cell(value: Any) -> Any:
    """One CSV cell: escape_formula and _text in one pass (a million-row file has millions of cells)."""
    kind = type(value)
    if kind is str:
        if value and value[0] in _FORMULA_FIRST and not _NUMBER.fullmatch(value):
            return "'" + value
        return value
    if kind is bool:
        return "true" if value else "false"
    if kind is float and (value != value or value in (math.inf, -math.inf)):
        return ""
    return value


def _text(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def write_table(path: str | Path, header: list[str], rows: Iterable[list[Any]], fmt: str | None = None,
                sheet_name: str = "ranking", bom: bool = True, into: str | Path | None = None) -> None:
    """Write rows atomically in the format of the path's extension (csv tsv xlsx json jsonl parquet md).

    CSV and XLSX cells that a spreadsheet would run as a formula are escaped; CSV and TSV start with a
    UTF-8 BOM unless `bom` is False, so Excel reads them as UTF-8 whatever their first rows hold.
    `into` writes to that path as it is (the caller's temp file: see files.atomic_paths)."""
    fmt = fmt or file_format(path, WRITE_FORMATS)
    rows = list(rows)
    if fmt == "xlsx" and len(rows) + 1 > XLSX_MAX_ROWS:
        raise file_error(path, f"{len(rows)} rows do not fit in an Excel sheet "
                               f"({XLSX_MAX_ROWS - 1:,} at most); write .csv or .parquet instead")
    if into is None:
        with atomic_path(path) as tmp:
            _write_rows(Path(tmp), header, rows, fmt, sheet_name, bom)
    else:
        _write_rows(Path(into), header, rows, fmt, sheet_name, bom)


def _write_rows(tmp: Path, header: list[str], rows: list[list[Any]], fmt: str, sheet_name: str, bom: bool) -> None:
    if fmt in ("csv", "tsv"):
        with open(tmp, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t" if fmt == "tsv" else ",")
            writer.writerow([escape_formula(h) for h in header])
            cell = _csv_cell
            writer.writerows([[cell(c) for c in r] for r in rows])
    elif fmt == "xlsx":
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet(sheet_name)
        sheet.freeze_panes = "A2"
        sheet.append([xlsx_cell(sheet, h) for h in header])
        for r in rows:
            sheet.append([xlsx_cell(sheet, c) for c in r])
        save_workbook(book, tmp)
    elif fmt == "json":
        records = [{h: _json_value(c) for h, c in zip(header, r)} for r in rows]
        tmp.write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    elif fmt == "jsonl":
        with open(tmp, "w", encoding="utf-8") as handle:
            for r in rows:
                handle.write(json.dumps({h: _json_value(c) for h, c in zip(header, r)}, ensure_ascii=False)
                             + "\n")
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table({h: [r[i] for r in rows] for i, h in enumerate(header)})
        pq.write_table(table, tmp)
    elif fmt == "md":
        tmp.write_text(markdown_table(header, rows), encoding="utf-8")


FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # every xlsx part and document property: same input, same bytes
_FIXED_ISO = "2000-01-01T00:00:00Z"


def save_workbook(book, path: str | Path) -> None:
    """Save an openpyxl workbook so that the same content gives the same bytes: fixed document
    properties (created, modified, creator) and fixed zip member times, members in one order."""
    import datetime
    import re
    import zipfile

    fixed = datetime.datetime(*FIXED_TIME)
    book.properties.created = fixed
    book.properties.creator = "polex"
    book.save(path)
    with zipfile.ZipFile(path) as zin:
        members = [(info.filename, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zout:
        for name, data in members:
            if name == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rf"\g<1>{_FIXED_ISO}\g<2>", text)
                data = text.encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zout.writestr(info, data)


def xlsx_cell(sheet, value: Any):
    """One value for a write-only sheet: text never becomes a formula (a formula-like text cell is
    stored as text with Excel's own quote prefix, as Excel does for '=...), control characters that
    XML cannot hold are dropped, and non-finite numbers are left empty."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, float) and not math.isfinite(value):
        return None
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]  # Excel's cell limit
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl would store "=..." as a formula
    if is_formula_like(value):
        cell.quotePrefix = True
    return cell


def markdown_table(header: list[str], rows: list[list[Any]]) -> str:
    def cell(v: Any) -> str:
        return ("" if v is None else str(_text(v))).replace("|", "\\|").replace("\r", " ").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


_FORMULA_PATTERN = "^[=+\\-@\\t\\r]"


_NUMBER_PATTERN = "^" + _NUMBER.pattern + "$"


def arrow_column(values: Any):
    """One output column for arrow: texts of few distinct values (engine.columns.Coded) as a
    dictionary column, NaN and inf as empty cells."""
    import numpy as np
    import pyarrow as pa

    if hasattr(values, "to_arrow"):  # texts kept in Arrow (engine.columns.ArrowTexts)
        return values.to_arrow()
    if getattr(values, "codes", None) is not None:  # few distinct texts: a dictionary column
        column = pa.DictionaryArray.from_arrays(pa.array(values.codes.astype(np.int32)),
                                                arrow_column(np.asarray(values.texts)))
        return column.cast(column.type.value_type) if values.plain else column  # plain: one take
    array = np.asarray(values)
    if array.dtype.kind == "f":
        return pa.array(array, mask=~np.isfinite(array))  # NaN/inf: an empty cell, as _csv_cell
    if array.dtype.kind in "biu":
        return pa.array(array)
    try:
        return pa.array(array, type=pa.string(), from_pandas=True)
    except (pa.ArrowTypeError, pa.ArrowInvalid):  # an input column of numbers or yes/no (rank --columns)
        return pa.array(array, from_pandas=True)


def escaped(column):
    """A text column (plain, dictionary or chunked) with each cell a spreadsheet would run as a
    formula given a leading quote, as _csv_cell does; other columns as they are."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(column, pa.ChunkedArray):
        return pa.chunked_array([escaped(c) for c in column.chunks], column.type)
    if pa.types.is_dictionary(column.type):
        return pa.DictionaryArray.from_arrays(column.indices, escaped(column.dictionary))
    if not pa.types.is_string(column.type) or not _may_be_formula(column):
        return column
    risky = pc.and_(pc.match_substring_regex(column, _FORMULA_PATTERN),
                    pc.invert(pc.match_substring_regex(column, _NUMBER_PATTERN)))
    return pc.if_else(pc.fill_null(risky, False), pc.binary_join_element_wise("'", column, ""), column)


def _may_be_formula(column) -> bool:
    """Whether any cell of a text array starts with a byte a formula may start with: its first
    bytes read straight from the array's buffers (a million ids are not matched by a regex)."""
    import numpy as np

    from ..engine.columns import text_ends

    first = text_ends(column)[1]
    return bool(np.isin(first, np.frombuffer("".join(_FORMULA_START).encode(), dtype=np.uint8)).any())


def write_columns(path: str | Path, header: list[str], data: dict[str, Any], fmt: str | None = None,
                  bom: bool = True, into: str | Path | None = None) -> None:
    """Write columns (numpy arrays, one per header name) atomically with pyarrow: CSV, TSV and
    Parquet at C speed for a million rows; other formats go through write_table. CSV and TSV
    start with a UTF-8 BOM unless `bom` is False. `into`: the caller's temp file (atomic_paths)."""
    fmt = fmt or file_format(path, WRITE_FORMATS)
    if fmt not in ARROW_FORMATS:
        cols = [data[h].tolist() if hasattr(data[h], "tolist") else list(data[h]) for h in header]
        write_table(path, header, [list(r) for r in zip(*cols)], fmt, bom=bom, into=into)
        return
    import pyarrow as pa

    use_jemalloc()
    table = pa.table([arrow_column(data[h]) for h in header], names=list(header))
    if into is None:
        with atomic_path(path) as tmp:
            write_tables(tmp, fmt, [table], bom)
    else:
        write_tables(into, fmt, [table], bom)


ARROW_FORMATS = ("csv", "tsv", "parquet")  # written by pyarrow, and a stretch at a time


def write_tables(into: str | Path, fmt: str, tables: Iterable[Any], bom: bool = True) -> None:
    """Arrow tables with the same columns (one table written a stretch at a time; at least one,
    maybe empty) to one CSV, TSV or Parquet file at `into`, as is (the caller makes it atomic).
    CSV and TSV cells a spreadsheet would run as a formula are escaped, the header's too; the
    bytes do not depend on how the rows are cut into tables."""
    import pyarrow as pa

    text = fmt in ("csv", "tsv")
    writer = None
    with open(into, "wb") as handle:
        if text and bom:
            handle.write(b"\xef\xbb\xbf")  # Excel reads UTF-8 CSV as the local code page without it
        for table in tables:
            if text:
                table = pa.table([escaped(c) for c in table.columns],
                                 names=[escape_formula(h) for h in table.column_names])
            if writer is None:
                writer = _arrow_writer(handle, fmt, table.schema)
            writer.write_table(table)
        writer.close()
        handle.flush()
        os.fsync(handle.fileno())


def _arrow_writer(handle, fmt: str, schema):
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetWriter(handle, schema)
    import pyarrow.csv as pacsv

    return pacsv.CSVWriter(handle, schema, write_options=pacsv.WriteOptions(
        quoting_style="needed", delimiter="\t" if fmt == "tsv" else ","), memory_pool=scratch_pool())
