"""Row readers (the edge; engine/ never touches a file): (header, rows) with cells as text or
plain values, each row numbered as the file shows it, blank rows skipped by one definition.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..models.vocabulary import BAD_RECORD, BAD_ROW, ROW
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


def _shown(value: Any, limit: int = 80) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _records(data: Any, name: str, lines: list[int] | None = None) -> tuple[list[str], list[dict]]:
    """Header and rows of a list of mappings; each row numbered by its place in the list (or the
    line of a JSONL or YAML item). An item with every value empty is a blank row, not a candidate;
    an item that is not a mapping is one rejected row, not a refused file."""
    if isinstance(data, dict) and isinstance(data.get("candidates"), list):
        data = data["candidates"]
    if isinstance(data, dict):
        data = [data]
    if data is None:
        raise file_error(name, NO_CANDIDATES)
    if not isinstance(data, list):
        raise file_error(name, "expected a list of candidates (mappings of field to value)")
    header: dict[str, None] = {}
    rows = []
    for i, r in enumerate(data):
        number = lines[i] if lines else i + 1
        if isinstance(r, _BadLine):
            rows.append({ROW: number, BAD_RECORD: (r.text, r.expected)})
            continue
        if not isinstance(r, dict):
            if r is None or (isinstance(r, str) and not r.strip()):
                continue  # an empty item is a gap, as a blank row
            rows.append({ROW: number, BAD_RECORD: (_shown(r), "a candidate (a mapping of field to value)")})
            continue
        if is_blank_row(r.values()):
            continue
        header.update(dict.fromkeys(map(str, r)))
        rows.append({str(k): plain_value(v) for k, v in r.items()} | {ROW: number})
    if not rows:
        raise file_error(name, NO_CANDIDATES)
    if not header:  # not one item is a candidate: the file is not a candidate file at all
        first = rows[0]
        where = "line" if lines else "item"
        raise file_error(name, f"{where} {first[ROW]}: {_reason(first[BAD_RECORD][1])}; no item is a candidate")
    return list(header), rows


def _reason(expected: str) -> str:
    """'a JSON object (this line is not JSON: ...)' -> 'this line is not JSON: ...'."""
    if expected.endswith(")") and " (" in expected:
        return expected[expected.index(" (") + 2:-1]
    return expected


class _BadLine:
    """A JSONL line that is not a JSON object: rejected as its row."""

    def __init__(self, text: str, expected: str):
        self.text, self.expected = _shown(text), expected


def _keep_constant(name: str) -> str:
    # JSON's NaN and Infinity stay as written, so a number field rejects them as CSV's 'NaN' is
    # rejected (never read as unknown), and a text field keeps the text.
    return name


def _json(text: str) -> Any:
    return json.loads(text, parse_constant=_keep_constant)


def read_csv_rows(text: str, delimiter: str, name: str) -> tuple[list[str], list[dict]]:
    """(header, rows) of CSV text; each row numbered by the line its record starts on (blank lines
    and line breaks inside quoted cells counted, as an editor shows them). An unclosed quote is an
    error naming the line where its record opens."""
    if csv.field_size_limit() < _CELL_LIMIT:
        csv.field_size_limit(_CELL_LIMIT)  # a long text cell is a value, not a broken file
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as err:
        if "unexpected end of data" in str(err):
            raise file_error(name, f"line {start}: a quote opened in this record is never closed "
                                   "(a cell that starts with \" must end with \")") from None
        raise file_error(name, f"line {reader.line_num}: not readable CSV: {err} (a quote inside a quoted cell "
                               "is written twice: \"\")") from None
    records = [(n, c) for n, c in records if c]
    if not records:
        raise file_is_empty(name)
    header = csv_header(records[0][1])
    out = []
    for number, cells in records[1:]:
        if is_blank_row(cells):
            continue
        if len(cells) != len(header):
            out.append({ROW: number, BAD_ROW: len(cells)})
            continue
        row = dict(zip(header, cells))
        row[ROW] = number
        out.append(row)
    return header, out


def read_table(path: str | Path, fmt: str | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """(header, rows) of a candidate file; DataFileError with one clear line on any problem.

    The pipeline reads XLSX, JSON, JSONL and YAML through this; for CSV and TSV it is Python's
    tokenizer (records numbered by their first line), and Parquet comes from the one Parquet
    reader (read_parquet, which the pipeline reads as columns)."""
    name = "<stdin>" if str(path) == "-" else str(path)
    fmt = fmt or file_format(path, READ_FORMATS)
    if fmt == "parquet":
        return _parquet_rows(path)
    if fmt == "xlsx":
        return _read_xlsx(path)
    text = decode(read_bytes(path), name)
    if fmt in ("csv", "tsv"):
        return read_csv_rows(text, "\t" if fmt == "tsv" else ",", name)
    if fmt == "jsonl":
        rows, lines = [], []
        for n, line in enumerate(text.split("\n"), 1):  # not splitlines(): U+2028, U+0085 are text
            if line.strip():
                try:
                    item = _json(line)
                except json.JSONDecodeError as err:
                    item = _BadLine(line, f"a JSON object (this line is not JSON: {err.msg})")
                except (ValueError, RecursionError) as err:  # e.g. an integer beyond Python's digit limit
                    item = _BadLine(line, f"a JSON object (this line is not readable JSON: {err})")
                if not isinstance(item, (dict, _BadLine)):
                    item = _BadLine(line, "a candidate (a JSON object)")
                rows.append(item)
                lines.append(n)
        return _records(rows, name, lines)
    if fmt == "json":
        try:
            data = _json(text)
        except json.JSONDecodeError as err:
            raise file_error(name, f"not valid JSON (line {err.lineno}): {err.msg}") from None
        except (ValueError, RecursionError) as err:
            raise file_error(name, f"not readable JSON: {err}") from None
        return _records(data, name)
    return read_yaml_rows(text, name)


def read_yaml_rows(text: str, name: str) -> tuple[list[str], list[dict]]:
    """(header, rows) of a YAML candidate file: no implicit typing, aliases refused, each item
    numbered by the line it starts on."""
    import yaml

    from ..models.yamlsafe import load_plain

    try:
        data, lines = load_plain(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None and "line " not in str(getattr(err, "problem", "")) \
            else ""
        raise file_error(name, f"not valid YAML{where}: {getattr(err, 'problem', None) or err}") from None
    except (ValueError, RecursionError) as err:
        raise file_error(name, f"not readable YAML: {err}") from None
    if isinstance(data, dict) and isinstance(data.get("candidates"), list):
        data = data["candidates"]
    if isinstance(data, list):
        return _records(data, name, [lines.get(id(r), i + 1) for i, r in enumerate(data)])
    return _records(data, name, [lines.get(id(data), 1)] if isinstance(data, dict) else None)


def _parquet_rows(path) -> tuple[list[str], list[dict]]:
    table = read_parquet(Path(path))
    # numbered as the pipeline numbers them (as a spreadsheet of the table would show them)
    return table.column_names, [r | {ROW: number} for number, r in enumerate(table.to_pylist(), start=2)
                                if not is_blank_row(r.values())]


def read_parquet(path: Path):
    """The one Parquet reader: the table with text columns dictionary-encoded."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not path.exists():
        raise no_such_file(path)
    try:
        schema = pq.read_schema(path)
        text = [f.name for f in schema if f.type in (pa.string(), pa.large_string())]
        return pq.read_table(path, read_dictionary=text)  # distinct values come encoded already
    except Exception as err:  # pyarrow raises several types for a bad file
        raise not_readable(path, "Parquet file", err) from None


def parquet_parts(path: Path, rows: int):
    """A Parquet file `rows` rows at a time (the last part fewer; an empty file one empty
    table), read through once, text columns dictionary-encoded as read_parquet gives them."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not path.exists():
        raise no_such_file(path)
    try:
        schema = pq.read_schema(path)
        text = [f.name for f in schema if f.type in (pa.string(), pa.large_string())]
        reader = pq.ParquetFile(path, read_dictionary=text)
        batches = reader.iter_batches(batch_size=rows)
        held, count, given = [], 0, False
        for batch in batches:
            held.append(batch)
            count += batch.num_rows
            while count >= rows:
                table = pa.Table.from_batches(held, reader.schema_arrow)
                yield table.slice(0, rows)
                given, rest = True, table.slice(rows)
                held, count = rest.to_batches(), rest.num_rows
        if count or not given:
            yield pa.Table.from_batches(held, reader.schema_arrow)
    except Exception as err:  # pyarrow raises several types for a bad file
        raise not_readable(path, "Parquet file", err) from None


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

