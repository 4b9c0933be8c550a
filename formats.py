"""Files in and out (the edge; engine/ never touches a file).

Readers return (header, rows) with cells as text or plain values; writers take a header and
rows, write to a temporary file beside the target and rename it (an interrupted run leaves
no half-written file), and escape cells that a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

READ_FORMATS = ("csv", "tsv", "xlsx", "json", "jsonl", "yaml", "parquet")
WRITE_FORMATS = ("csv", "xlsx", "json", "jsonl", "parquet", "md")
_ALIASES = {"yml": "yaml", "ndjson": "jsonl", "txt": "csv", "xlsm": "xlsx"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ROW = "__row__"  # the row's number as the user's spreadsheet shows it (header = 1)


class DataFileError(ValueError):
    """A file polex cannot read: one line that says which file and why."""


def file_format(path: str | Path, allowed: tuple[str, ...]) -> str:
    suffix = Path(str(path)).suffix.lower().lstrip(".")
    fmt = _ALIASES.get(suffix, suffix)
    if fmt not in allowed:
        raise DataFileError(f"{path}: unknown file type {('.' + suffix) if suffix else '(no extension)'}; "
                            f"expected one of {', '.join('.' + a for a in allowed)}")
    return fmt


def decode(data: bytes, name: str) -> str:
    """Text from bytes: UTF-8 (with or without BOM), else CP949 (Korean Excel's CSV)."""
    if not data.strip():
        raise DataFileError(f"{name}: the file is empty")
    if b"\x00" in data[:8192]:
        raise DataFileError(f"{name}: looks like a binary file, not text (use .xlsx or .parquet for those)")
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataFileError(f"{name}: cannot decode the text: expected UTF-8 or CP949 (EUC-KR)")


def _read_bytes(path: str | Path) -> bytes:
    if str(path) == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise DataFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DataFileError(f"{path}: is a folder, expected a file") from None
    except OSError as err:
        raise DataFileError(f"{path}: cannot read: {err.strerror}") from None


def _records(data: Any, name: str) -> tuple[list[str], list[dict]]:
    if isinstance(data, dict) and isinstance(data.get("candidates"), list):
        data = data["candidates"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise DataFileError(f"{name}: expected a list of candidates (mappings of field to value)")
    header: dict[str, None] = {}
    for r in data:
        header.update(dict.fromkeys(map(str, r)))
    return list(header), [{str(k): v for k, v in r.items()} for r in data]


def read_table(path: str | Path, fmt: str | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """(header, rows) of a candidate file; DataFileError with one clear line on any problem."""
    name = "<stdin>" if str(path) == "-" else str(path)
    fmt = fmt or file_format(path, READ_FORMATS)
    if fmt == "parquet":
        return _read_parquet(path)
    if fmt == "xlsx":
        return _read_xlsx(path)
    text = decode(_read_bytes(path), name)
    if fmt in ("csv", "tsv"):
        delimiter = "\t" if fmt == "tsv" else ","
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            rows = list(reader)
        except csv.Error as err:
            raise DataFileError(f"{name}: not a readable CSV: {err}") from None
        if not rows:
            raise DataFileError(f"{name}: the file is empty")
        header = [h.strip() for h in rows[0]]
        out = []
        for number, cells in enumerate(rows[1:], start=2):
            if not any(c.strip() for c in cells):
                continue  # blank spreadsheet rows are not candidates
            row = dict(zip(header, cells))
            if len(cells) > len(header):
                row["(extra cells)"] = ";".join(cells[len(header):])
            row[ROW] = number
            out.append(row)
        return header, out
    if fmt == "jsonl":
        rows = []
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as err:
                    raise DataFileError(f"{name}: line {n} is not JSON: {err.msg}") from None
        return _records(rows, name)
    if fmt == "json":
        try:
            return _records(json.loads(text), name)
        except json.JSONDecodeError as err:
            raise DataFileError(f"{name}: not valid JSON (line {err.lineno}): {err.msg}") from None
    import yaml

    try:
        return _records(yaml.safe_load(text), name)
    except yaml.YAMLError as err:
        raise DataFileError(f"{name}: not valid YAML: {getattr(err, 'problem', err)}") from None


def _read_parquet(path) -> tuple[list[str], list[dict]]:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as err:  # pyarrow raises several types for a bad file
        raise DataFileError(f"{path}: not a readable Parquet file: {str(err).splitlines()[0]}") from None
    return table.column_names, table.to_pylist()


def _read_xlsx(path) -> tuple[list[str], list[dict]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise DataFileError(f"{path}: no such file") from None
    except Exception as err:
        raise DataFileError(f"{path}: not a readable Excel workbook: {str(err).splitlines()[0]}") from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header_row = next(rows, None)
    if not header_row or not any(h is not None for h in header_row):
        raise DataFileError(f"{path}: the first sheet is empty")
    header = [str(h).strip() if h is not None else "" for h in header_row]
    out = []
    for number, cells in enumerate(rows, start=2):
        if cells is None or all(c is None for c in cells):
            continue
        out.append({h: ("" if c is None else c) for h, c in zip(header, cells) if h} | {ROW: number})
    book.close()
    return [h for h in header if h], out


# ---- writing -----------------------------------------------------------------------------------

def escape_formula(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading quote (OWASP advice)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """A temporary path beside the target; renamed onto it only if the block succeeds."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_table(path: str | Path, header: list[str], rows: Iterable[list[Any]], fmt: str | None = None) -> None:
    fmt = fmt or file_format(path, WRITE_FORMATS)
    rows = list(rows)
    with atomic_path(path) as tmp:
        if fmt == "csv":
            with open(tmp, "w", encoding="utf-8-sig" if _has_korean(rows) else "utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(header)
                writer.writerows([[escape_formula(c) for c in r] for r in rows])
        elif fmt == "xlsx":
            import openpyxl

            book = openpyxl.Workbook(write_only=True)
            sheet = book.create_sheet("ranking")
            sheet.append(header)
            for r in rows:
                sheet.append([escape_formula(c) for c in r])
            book.save(tmp)
        elif fmt == "json":
            tmp.write_text(json.dumps([dict(zip(header, r)) for r in rows], ensure_ascii=False, indent=1) + "\n",
                           encoding="utf-8")
        elif fmt == "jsonl":
            with open(tmp, "w", encoding="utf-8") as handle:
                for r in rows:
                    handle.write(json.dumps(dict(zip(header, r)), ensure_ascii=False) + "\n")
        elif fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.table({h: [r[i] for r in rows] for i, h in enumerate(header)})
            pq.write_table(table, tmp)
        elif fmt == "md":
            tmp.write_text(markdown_table(header, rows), encoding="utf-8")


def _has_korean(rows: list[list[Any]]) -> bool:
    # Excel opens UTF-8 CSV as the local code page unless it starts with a BOM.
    return any(isinstance(c, str) and any("\uac00" <= ch <= "\ud7a3" for ch in c) for r in rows[:200] for c in r)


def markdown_table(header: list[str], rows: list[list[Any]]) -> str:
    def cell(v: Any) -> str:
        return ("" if v is None else str(v)).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"
