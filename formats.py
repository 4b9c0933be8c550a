"""Files in and out (the edge; engine/ never touches a file).

Readers return (header, rows) with cells as text or plain values; writers take a header and
rows, write to a temporary file beside the target and rename it (an interrupted run leaves
no half-written file), and escape cells that a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .models.vocabulary import BAD_ROW, ROW

READ_FORMATS = ("csv", "tsv", "xlsx", "json", "jsonl", "yaml", "parquet")
WRITE_FORMATS = ("csv", "xlsx", "json", "jsonl", "parquet", "md")
_ALIASES = {"yml": "yaml", "ndjson": "jsonl", "txt": "csv", "xlsm": "xlsx"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CELL_LIMIT = 1 << 26  # 64 MiB: a long text cell is a value, not a broken file


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
    check_text(data, name)
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataFileError(f"{name}: cannot decode the text: expected UTF-8 or CP949 (EUC-KR)")


def _read_bytes(path: str | Path, size: int = -1) -> bytes:
    """The file's bytes (the first `size` of them, if given), with one-line errors."""
    if str(path) == "-":
        return sys.stdin.buffer.read(size)
    try:
        with open(path, "rb") as handle:
            return handle.read(size)
    except FileNotFoundError:
        raise DataFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DataFileError(f"{path}: is a folder, expected a file") from None
    except OSError as err:
        raise DataFileError(f"{path}: cannot read: {err.strerror}") from None


def file_sha256(path: str | Path) -> str:
    """The file's SHA-256, read in 1 MiB pieces (provenance of a profile or a report)."""
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_text(head: bytes, name: str) -> None:
    """Refuse an empty or binary file before any parsing, in one line."""
    if not head.strip():
        raise DataFileError(f"{name}: the file is empty")
    if b"\x00" in head[:8192]:
        raise DataFileError(f"{name}: looks like a binary file, not text (use .xlsx or .parquet for those)")


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


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in ("", "unknown"))


def _records(data: Any, name: str, lines: list[int] | None = None) -> tuple[list[str], list[dict]]:
    """Header and rows of a list of mappings; each row numbered by its place in the list (or the
    line of a JSONL file). An item with every value empty is a blank row, not a candidate."""
    if isinstance(data, dict) and isinstance(data.get("candidates"), list):
        data = data["candidates"]
    if isinstance(data, dict):
        data = [data]
    if data is None:
        raise DataFileError(f"{name}: the file holds no candidates")
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise DataFileError(f"{name}: expected a list of candidates (mappings of field to value)")
    header: dict[str, None] = {}
    rows = []
    for i, r in enumerate(data):
        if all(_blank(v) for v in r.values()):
            continue
        header.update(dict.fromkeys(map(str, r)))
        rows.append({str(k): plain_value(v) for k, v in r.items()} | {ROW: lines[i] if lines else i + 1})
    if not rows:
        raise DataFileError(f"{name}: the file holds no candidates")
    return list(header), rows


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
        if csv.field_size_limit() < _CELL_LIMIT:
            csv.field_size_limit(_CELL_LIMIT)  # a long text cell is a value, not a broken file
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            rows = list(reader)
        except csv.Error as err:
            raise DataFileError(f"{name}: not a readable CSV: {err}") from None
        if not rows:
            raise DataFileError(f"{name}: the file is empty")
        header = csv_header(rows[0])
        out = []
        # Row numbers count records as a spreadsheet shows them (header = 1); empty lines are
        # not records, rows of empty cells are blank rows (numbered, not candidates).
        for number, cells in enumerate((r for r in rows[1:] if r), start=2):
            if not any(c.strip() for c in cells):
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
                    raise DataFileError(f"{name}: line {n} is not JSON: {err.msg}") from None
                except ValueError as err:  # e.g. an integer beyond Python's digit limit
                    raise DataFileError(f"{name}: line {n} is not readable JSON: {err}") from None
                if not isinstance(rows[-1], dict):
                    raise DataFileError(f"{name}: line {n} is not a candidate (a JSON object)")
                lines.append(n)
        return _records(rows, name, lines)
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise DataFileError(f"{name}: not valid JSON (line {err.lineno}): {err.msg}") from None
        except ValueError as err:
            raise DataFileError(f"{name}: not readable JSON: {err}") from None
        return _records(data, name)
    import yaml

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe
    except yaml.YAMLError as err:
        raise DataFileError(f"{name}: not valid YAML: {getattr(err, 'problem', err)}") from None
    except (ValueError, RecursionError) as err:
        raise DataFileError(f"{name}: not readable YAML: {err}") from None
    return _records(data, name)


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
    header = unique_header([str(h).strip() if h is not None else "" for h in header_row])
    out = []
    unnamed: set[int] = set()
    for number, cells in enumerate(rows, start=2):
        if cells is None or all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
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


# ---- writing -----------------------------------------------------------------------------------

# A cell that is a plain number ("-3", "+1.5", "2e-3") is a number to a spreadsheet, not a formula:
# it stays as it is (a negative score is not an attack).
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """A temporary path beside the target; renamed onto it only if the block succeeds.

    The temporary file is flushed to disk before the rename, so the target is always either
    the old file or the complete new one; on any error (or Ctrl-C) the temporary file is removed
    and the target is untouched. The new file gets the usual permissions (0666 less the umask)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
                sheet_name: str = "ranking") -> None:
    """Write rows atomically in the format of the path's extension (csv xlsx json jsonl parquet md).

    CSV and XLSX cells that a spreadsheet would run as a formula are escaped; CSV with Korean text
    starts with a BOM so Excel reads it as UTF-8."""
    fmt = fmt or file_format(path, WRITE_FORMATS)
    rows = list(rows)
    if fmt == "xlsx" and len(rows) + 1 > XLSX_MAX_ROWS:
        raise DataFileError(f"{path}: {len(rows)} rows do not fit in an Excel sheet "
                            f"({XLSX_MAX_ROWS - 1:,} at most); write .csv or .parquet instead")
    with atomic_path(path) as tmp:
        if fmt == "csv":
            with open(tmp, "w", encoding="utf-8-sig" if _has_korean(rows) else "utf-8", newline="") as handle:
                writer = csv.writer(handle)
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
            book.save(tmp)
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


def _has_korean(rows: list[list[Any]]) -> bool:
    # Excel opens UTF-8 CSV as the local code page unless it starts with a BOM.
    return any(isinstance(c, str) and any("\uac00" <= ch <= "\ud7a3" for ch in c) for r in rows[:200] for c in r)


def markdown_table(header: list[str], rows: list[list[Any]]) -> str:
    def cell(v: Any) -> str:
        return ("" if v is None else str(_text(v))).replace("|", "\\|").replace("\r", " ").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


# ---- columnar writing (large rankings) ---------------------------------------------------------

_FORMULA_PATTERN = "^[=+\\-@\\t\\r]"
_NUMBER_PATTERN = "^" + _NUMBER.pattern + "$"


def _arrow_column(values: Any, escape: bool):
    """One output column for arrow; text columns escaped as _csv_cell escapes them."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if getattr(values, "codes", None) is not None:  # few distinct texts: a dictionary column
        texts = _arrow_column(np.asarray(values.texts), escape)
        return pa.DictionaryArray.from_arrays(pa.array(values.codes.astype(np.int32)), texts)
    array = np.asarray(values)
    if array.dtype.kind == "f":
        column = pa.array(array, mask=~np.isfinite(array))  # NaN/inf: an empty cell, as _csv_cell
    elif array.dtype.kind in "biu":
        column = pa.array(array)
    else:
        column = pa.array(array, type=pa.string(), from_pandas=True)
    if escape and pa.types.is_string(column.type):
        risky = pc.and_(pc.match_substring_regex(column, _FORMULA_PATTERN),
                        pc.invert(pc.match_substring_regex(column, _NUMBER_PATTERN)))
        column = pc.if_else(pc.fill_null(risky, False), pc.binary_join_element_wise("'", column, ""), column)
    return column


def write_columns(path: str | Path, header: list[str], data: dict[str, Any], fmt: str | None = None) -> None:
    """Write columns (numpy arrays, one per header name) atomically with pyarrow: CSV and
    Parquet at C speed for a million rows; other formats go through write_table."""
    fmt = fmt or file_format(path, WRITE_FORMATS)
    if fmt not in ("csv", "parquet"):
        cols = [data[h].tolist() if hasattr(data[h], "tolist") else list(data[h]) for h in header]
        write_table(path, header, [list(r) for r in zip(*cols)], fmt)
        return
    import pyarrow as pa

    use_jemalloc()
    names = [escape_formula(h) for h in header] if fmt == "csv" else header
    table = pa.table({n: _arrow_column(data[h], fmt == "csv") for n, h in zip(names, header)})
    with atomic_path(path) as tmp:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            pq.write_table(table, tmp)
            return
        import pyarrow.csv as pacsv

        with open(tmp, "wb") as handle:
            if _columns_have_korean(table):
                handle.write(b"\xef\xbb\xbf")  # Excel reads UTF-8 CSV as the local code page without it
            pacsv.write_csv(table, handle, pacsv.WriteOptions(quoting_style="needed"))
            handle.flush()
            os.fsync(handle.fileno())


def use_jemalloc() -> None:
    """Arrow's jemalloc pool, returning freed pages at once, hands memory back to the system
    far better than the default for a million-row file (measured: 1.2 GB against 2.4 GB
    resident after reading)."""
    import pyarrow as pa

    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
        pa.jemalloc_set_decay_ms(0)
    except (NotImplementedError, pa.ArrowNotImplementedError):
        pass  # a pyarrow built without jemalloc keeps its default pool


def release_memory() -> None:
    """Give the C heap's freed pages back to the system (glibc keeps them otherwise; after
    validating a million rows that is most of a gigabyte). A no-op off glibc."""
    import ctypes
    import ctypes.util

    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _columns_have_korean(table) -> bool:
    import pyarrow as pa
    import pyarrow.compute as pc

    head = table.slice(0, 200)
    return any(pc.any(pc.match_substring_regex(_dense(c), "[\uac00-\ud7a3]")).as_py()
               for c in head.columns if pa.types.is_string(_dense(c).type))


def _dense(column):
    import pyarrow as pa

    if pa.types.is_dictionary(column.type):
        return column.cast(column.type.value_type)
    return column
