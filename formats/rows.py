"""Files in and out (the edge; engine/ never touches a file).

Readers return (header, rows) with cells as text or plain values; writers take a header and
rows, write to a temporary file beside the target and rename it (an interrupted run leaves
no half-written file), and escape cells that a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..models.vocabulary import BAD_ROW, ROW
from .files import READ_FORMATS, decode, file_error, file_format, file_is_empty, no_such_file, not_readable, read_bytes

_CELL_LIMIT = 1 << 26  # 64 MiB: a long text cell is a value, not a broken file
NO_CANDIDATES = "the file holds no candidates"


def unique_header(header: list[str]) -> list[str]:
    """Column names made unique: a repeated name gets ' (2)', ' (3)' ..., so no column silently
    replaces another (the copy is then reported as an unknown column)."""
    seen: dict[str, int] = {}
    out = []
    for h in header:
        if not h:  # a cell with no header: the readers report its data, if any
            out.append(h)
            continue
        seen[h] = seen.get(h, 0) + 1
        out.append(h if seen[h] == 1 else f"{h} ({seen[h]})")
    return out


def csv_header(cells: list[str]) -> list[str]:
    """A CSV header row as column names: trimmed, repeats numbered, blanks named by position."""
    return [h or f"(column {_column_letter(i)})" for i, h in enumerate(unique_header([c.strip() for c in cells]))]


def plain_value(value: Any) -> Any:
    # An integer too large for a float (YAML and JSON allow them) is kept as its text, so a
    # number field rejects it instead of overflowing.
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2 ** 63:
        return str(value)
    return value


def is_blank_cell(value: Any) -> bool:
    """An empty cell: nothing (None), or text of nothing but white space."""
    return value is None or (isinstance(value, str) and not value.strip())


def is_blank_row(cells: Iterable[Any]) -> bool:
    """The one definition of a blank row, for every reader (CSV, TSV, xlsx, JSON, JSONL, YAML,
    Parquet): every cell is empty (None, or only white space). A blank row is a gap in the file,
    not a candidate: it is skipped without a reject (its number is still counted). A cell that
    says `unknown` (or any other text, or a number, NaN included) is an answer, not a gap: a row
    of them is read, and rejected if it lacks a required value, so no row is dropped unseen.
    The columnar reader (engine.intake.validate_columns) drops the same rows."""
    return all(is_blank_cell(c) for c in cells)


def _records(data: Any, name: str, lines: list[int] | None = None) -> tuple[list[str], list[dict]]:
    """Header and rows of a list of mappings; each row numbered by its place in the list (or the
    line of a JSONL file). An item with every value empty is a blank row, not a candidate."""
    if isinstance(data, dict) and isinstance(data.get("candidates"), list):
        data = data["candidates"]
    if isinstance(data, dict):
        data = [data]
    if data is None:
        raise file_error(name, NO_CANDIDATES)
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise file_error(name, "expected a list of candidates (mappings of field to value)")
    header: dict[str, None] = {}
    rows = []
    for i, r in enumerate(data):
        if is_blank_row(r.values()):
            continue
        header.update(dict.fromkeys(map(str, r)))
        rows.append({str(k): plain_value(v) for k, v in r.items()} | {ROW: lines[i] if lines else i + 1})
    if not rows:
        raise file_error(name, NO_CANDIDATES)
    return list(header), rows


def read_table(path: str | Path, fmt: str | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """(header, rows) of a candidate file; DataFileError with one clear line on any problem."""
    name = "<stdin>" if str(path) == "-" else str(path)
    fmt = fmt or file_format(path, READ_FORMATS)
    if fmt == "parquet":
        return _read_parquet(path)
    if fmt == "xlsx":
        return _read_xlsx(path)
    text = decode(read_bytes(path), name)
    if fmt in ("csv", "tsv"):
        delimiter = "\t" if fmt == "tsv" else ","
        if csv.field_size_limit() < _CELL_LIMIT:
            csv.field_size_limit(_CELL_LIMIT)  # a long text cell is a value, not a broken file
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            rows = list(reader)
        except csv.Error as err:
            raise not_readable(name, "CSV", err) from None
        if not rows:
            raise file_is_empty(name)
        header = csv_header(rows[0])
        out = []
        # Row numbers count records as a spreadsheet shows them (header = 1); empty lines are
        # not records, rows of empty cells are blank rows (numbered, not candidates).
        for number, cells in enumerate((r for r in rows[1:] if r), start=2):
            if is_blank_row(cells):
                continue
            if len(cells) != len(header):
                out.append({ROW: number, BAD_ROW: len(cells)})
                continue
            row = dict(zip(header, cells))
            row[ROW] = number
            out.append(row)
        return header, out
    if fmt == "jsonl":
        rows, lines = [], []
        for n, line in enumerate(text.split("\n"), 1):  # not splitlines(): U+2028, U+0085 are text
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as err:
                    raise file_error(name, f"line {n} is not JSON: {err.msg}") from None
                except ValueError as err:  # e.g. an integer beyond Python's digit limit
                    raise file_error(name, f"line {n} is not readable JSON: {err}") from None
                if not isinstance(rows[-1], dict):
                    raise file_error(name, f"line {n} is not a candidate (a JSON object)")
                lines.append(n)
        return _records(rows, name, lines)
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise file_error(name, f"not valid JSON (line {err.lineno}): {err.msg}") from None
        except ValueError as err:
            raise file_error(name, f"not readable JSON: {err}") from None
        return _records(data, name)
    import yaml

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe
    except yaml.YAMLError as err:
        raise file_error(name, f"not valid YAML: {getattr(err, 'problem', err)}") from None
    except (ValueError, RecursionError) as err:
        raise file_error(name, f"not readable YAML: {err}") from None
    return _records(data, name)


def _read_parquet(path) -> tuple[list[str], list[dict]]:
    import pyarrow.parquet as pq

    if not Path(path).exists():
        raise no_such_file(path)
    try:
        table = pq.read_table(path)
    except Exception as err:  # pyarrow raises several types for a bad file
        raise not_readable(path, "Parquet file", err) from None
    # numbered as the columnar reader numbers them (as a spreadsheet of the table would show them)
    return table.column_names, [r | {ROW: number} for number, r in enumerate(table.to_pylist(), start=2)
                                if not is_blank_row(r.values())]


def _read_xlsx(path) -> tuple[list[str], list[dict]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise no_such_file(path) from None
    except Exception as err:
        raise not_readable(path, "Excel workbook", err) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header_row = next(rows, None)
    if not header_row or not any(h is not None for h in header_row):
        raise file_error(path, "the first sheet is empty")
    header = unique_header([str(h).strip() if h is not None else "" for h in header_row])
    out = []
    unnamed: set[int] = set()
    for number, cells in enumerate(rows, start=2):
        if cells is None or is_blank_row(cells):
            continue
        row = {h: ("" if c is None else c) for h, c in zip(header, cells) if h}
        # a cell under no header, or beyond the last header, is reported as an unknown column
        for i, c in enumerate(cells):
            if c is not None and (i >= len(header) or not header[i]):
                unnamed.add(i)
                row[f"(column {_column_letter(i)})"] = c
        out.append(row | {ROW: number})
    book.close()
    extra = [f"(column {_column_letter(i)})" for i in sorted(unnamed)]
    return [h for h in header if h] + extra, out


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)

