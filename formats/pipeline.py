"""Reading a pipeline file into validated candidates: the one entry point the commands use.

One reader per format. CSV and TSV: `delimited_table` tokenizes with pyarrow (multi-threaded, in
C) when the file is plain, else with Python's csv module (quoted line breaks, ragged records,
UTF-16, CP949, stdin), and either way builds the same dictionary-encoded columns for one
validator (engine.intake.validate_columns, one verdict per distinct cell). Parquet:
`rows.read_parquet`, into the same columns. XLSX, JSON, JSONL and YAML hold typed values and
nested items: read row by row (formats.rows.read_table) and validated by
engine.intake.validate_rows, which gives the same verdicts cell for cell.
"""

from __future__ import annotations

import csv
import io
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..engine.columns import LAZY_CELLS, ArrowCells, sorted_codes
from ..engine.intake import (
    Cells,
    Intake,
    MissingColumns,
    Numbers,
    check_header,
    ragged_row,
    resolve_header,
    validate_columns,
    validate_rows,
)
from ..models.vocabulary import BAD_ROW, FIELD_BY_NAME, FLOAT, INT, ROW
from .csv_scan import record_lines, scan
from .files import (
    READ_FORMATS,
    UTF16_BOMS,
    DataFileError,
    check_text,
    file_format,
    not_readable,
    read_bytes,
    release_memory,
    use_jemalloc,
)
from .folder import ROW_BITS, file_row, pipeline_files, split_rows
from .rows import csv_header, parquet_parts, read_parquet, read_table

DELIMITED = ("csv", "tsv")


def read_pipeline(path: str | Path, arrow: bool = True) -> Intake:
    """Validated candidates of a pipeline file, with rejects and unknown columns.

    `arrow=False` makes CSV take Python's tokenizer even for a plain file (the two must agree;
    the tests hold them to it). Raises formats.DataFileError (unreadable file) or
    engine.intake.MissingColumns.
    """
    use_jemalloc()  # Arrow's jemalloc pool hands freed pages back: a lower peak and less held after reading
    files = pipeline_files(path)
    if files is not None:  # a folder or a glob: its CSV, TSV and Parquet files as one pipeline
        return read_files(files, arrow)
    fmt = file_format(path, READ_FORMATS) if str(path) != "-" else "csv"
    if fmt == "parquet" or fmt in DELIMITED:
        return validate_table(*arrow_table(path, fmt, arrow))
    header, rows = read_table(path, fmt)
    return validate_rows(rows, header)


def arrow_table(path: str | Path, fmt: str, arrow: bool = True):
    """A Parquet, CSV or TSV file as (table, each record's row number as the file shows it,
    ragged records as rejects): what validate_table reads."""
    if fmt == "parquet":
        import numpy as np

        table = read_parquet(Path(path))
        # numbered as a spreadsheet of the table would show its rows (the header is row 1)
        return table, np.arange(2, table.num_rows + 2), []
    return delimited_table(path, fmt, arrow)


def read_files(files: list[Path], arrow: bool = True) -> Intake:
    """The files' candidates validated as one pipeline; each reject names its file."""
    import numpy as np

    tables, numbers, malformed, renamed = [], [], [], {}
    for k, path in enumerate(files):
        fmt = file_format(path, (*DELIMITED, "parquet"))
        table, rows, ragged, names = _matched(k, path, *arrow_table(path, fmt, arrow))
        renamed.update(names)
        tables.append(table)
        numbers.append(rows)
        malformed += ragged
    intake = validate_table(_concat(tables), np.concatenate(numbers), malformed, where=file_row(files))
    split_rows(intake, files)
    if intake.header is not None:
        intake.header.renamed = renamed
    return intake


@dataclass(frozen=True)
class Part:
    """A part of a pipeline spread over files: file number `file` of the pipeline, whole (CSV,
    TSV) or (Parquet) `rows` of its rows after the first `skip`."""

    file: int
    path: Path
    skip: int = 0
    rows: int | None = None


PART_ROWS = 1 << 19  # a Parquet file is read this many rows at a time


def count_parts(files: list[Path], rows: int | None = None) -> int:
    """How many parts read_parts cuts the files into, at most (small files are read together)."""
    import pyarrow.parquet as pq

    rows, count = rows or PART_ROWS, 0
    for path in files:
        if path.suffix.lower() != ".parquet":
            count += 1
            continue
        try:
            count += max(1, -(-pq.read_metadata(path).num_rows // rows))
        except Exception as err:  # pyarrow raises several types for a bad file
            raise not_readable(path, "Parquet file", err) from None
    return count


def read_parts(files: list[Path], arrow: bool = True, rows: int | None = None, headers: list | None = None):
    """The files a part at a time, each as (Part, table with its columns matched to the
    vocabulary, each record's number carrying its file (file << ROW_BITS | row), ragged records
    as rejects, the columns renamed). A part is about `rows` rows (default PART_ROWS): a Parquet
    file is cut, small files are read together (a folder of two thousand small files is not two
    thousand parts). A column typed differently in two files (numbers in one, text in another)
    is read as text in all, as read_files reads it. `headers`: pipeline_headers(files), if read."""
    rows = rows or PART_ROWS
    mixed = _mixed_columns(headers if headers is not None else pipeline_headers(files))
    group, count = [], 0
    for part, table, numbers, ragged, renamed in _file_parts(files, arrow, rows):
        if group and count + table.num_rows > rows:  # a part holds at most `rows` rows (or one piece)
            yield _together(group)
            group, count = [], 0
        group.append((part, _as_text(table, mixed), numbers, ragged, renamed))
        count += table.num_rows
    if group:
        yield _together(group)


def _file_parts(files: list[Path], arrow: bool, rows: int):
    """Each CSV or TSV file whole, each Parquet file `rows` rows at a time."""
    import numpy as np

    for k, path in enumerate(files):
        fmt = file_format(path, (*DELIMITED, "parquet"))
        if fmt != "parquet":
            yield Part(k, path), *_matched(k, path, *arrow_table(path, fmt, arrow))
            continue
        skip = 0
        for table in parquet_parts(path, rows):
            numbers = np.arange(2 + skip, 2 + skip + table.num_rows)  # the header is row 1
            yield Part(k, path, skip, table.num_rows), *_matched(k, path, table, numbers, [])
            skip += table.num_rows


def _together(group: list):
    """Pieces read one after another as one part (named by its first piece)."""
    import numpy as np

    if len(group) == 1:
        return group[0]
    renamed: dict = {}
    for piece in group:
        renamed.update(piece[4])
    return (group[0][0], _concat([p[1] for p in group]), np.concatenate([p[2] for p in group]),
            [r for p in group for r in p[3]], renamed)


def pipeline_headers(files: list[Path]) -> list[tuple[list[str], list[str]]]:
    """Each file's column names as written and their kinds (text, or an Arrow type), from
    Parquet schemas and CSV header lines, without reading the rows."""
    return list(_headers(files))


def _headers(files: list[Path]):
    import pyarrow.parquet as pq

    for path in files:
        if path.suffix.lower() == ".parquet":
            try:
                schema = pq.read_schema(path)
            except Exception as err:  # pyarrow raises several types for a bad file
                raise not_readable(path, "Parquet file", err) from None
            yield schema.names, [_kind(f.type) for f in schema]
        else:
            names = _delimited_names(path, "\t" if path.suffix.lower() == ".tsv" else ",")
            yield names, ["text"] * len(names)


def _mixed_columns(headers: list) -> set[str]:
    """The columns (as matched to the vocabulary) that one file types as numbers and another
    as text, or two files as different numbers."""
    kinds: dict[str, set] = {}
    for names, found in headers:
        for name, kind in zip(resolve_header(names).canonical(names), found):
            kinds.setdefault(name, set()).add(kind)
    return {name for name, k in kinds.items() if len(k) > 1}


def unknown_columns(headers: list) -> dict[str, str | None]:
    """The files' columns (pipeline_headers) that match no field, each with its did-you-mean, in
    the order the files show them: what a folder read whole reports, known before any row is read."""
    unknown: dict[str, str | None] = {}
    for names, _ in headers:
        for name, hint in resolve_header(names).ignored.items():
            unknown.setdefault(name, hint)
    return unknown


def _delimited_names(path: Path, delimiter: str) -> list[str]:
    """A CSV or TSV file's column names as the readers name them (empty if unreadable here: the
    reader reports it)."""
    try:
        head = read_bytes(path, 65536)
    except DataFileError:
        return []
    for encoding in ("utf8", "cp949"):
        text = _decode_head(head, encoding)
        if text is not None:
            return _head_names(text, delimiter)
    return []


def _head_names(text: str, delimiter: str) -> list[str]:
    """The column names of a CSV or TSV file's decoded head, as the row path names them: repeats
    numbered, blanks by position."""
    return csv_header(next(csv.reader(io.StringIO(text), delimiter=delimiter), []))


def _as_text(table, mixed: set[str]):
    """The table with each column of `mixed` read as text (dictionary-encoded), as _concat reads it."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pa.dictionary(pa.int32(), pa.string())
    for i, name in enumerate(table.column_names):
        if name in mixed and table.column(i).type != text:
            col = table.column(i)
            col = pc.cast(col, pa.string()) if _kind(col.type) != "text" else col
            table = table.set_column(i, name, pc.cast(col, text))
    return table


def _matched(k: int, path: Path, table, rows, ragged):
    """File k's table with its columns matched to the vocabulary, its records numbered."""
    import numpy as np

    header = resolve_header(table.column_names)
    try:
        check_header(header.canonical(table.column_names))
    except MissingColumns as err:
        raise DataFileError(f"{path}: {err}") from None
    table = table.rename_columns(header.canonical(table.column_names))
    numbers = (np.int64(k) << ROW_BITS) | np.asarray(rows, dtype=np.int64)
    ragged = [r.model_copy(update={"row": (k << ROW_BITS) | r.row}) for r in ragged]
    return table, numbers, ragged, header.renamed


def _concat(tables):
    """One table of the files' columns (a column a file lacks is empty there); a column typed
    differently in two files (numbers in one, text in another) is read as text in all."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kinds: dict[str, set] = {}
    for t in tables:
        for field in t.schema:
            kinds.setdefault(field.name, set()).add(_kind(field.type))
    text = pa.dictionary(pa.int32(), pa.string())
    fixed = []
    for t in tables:
        columns = []
        for name, col in zip(t.column_names, t.columns):
            if len(kinds[name]) > 1 or pa.types.is_dictionary(col.type) or pa.types.is_string(col.type):
                col = pc.cast(col, pa.string()) if not pa.types.is_string(col.type) else col
                col = pc.cast(col, text)
            columns.append(col)
        fixed.append(pa.table(columns, names=t.column_names))
    return pa.concat_tables(fixed, promote_options="default")


def _kind(kind) -> str:
    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return "text" if pa.types.is_string(kind) or pa.types.is_large_string(kind) else str(kind)


def delimited_table(path: str | Path, fmt: str, arrow: bool = True):
    """A CSV/TSV file as (table of dictionary-encoded text columns, each record's line number,
    ragged records as rejects)."""
    if arrow and str(path) != "-":
        parsed = _arrow_csv(Path(path), fmt)
        numbers = record_lines(parsed[1], Path(path), parsed[0].num_rows) if parsed is not None else None
        if numbers is not None:
            return parsed[0], numbers, []
    header, rows = read_table(path, fmt)  # Python's tokenizer: records with their line numbers
    return _records_table(header, rows)


def _records_table(header: list[str], rows: list[dict]):
    """Tokenized records as the arrow parser gives them: a dictionary-encoded text column per
    header name (an empty cell null), their line numbers, and the ragged records as rejects."""
    import numpy as np
    import pyarrow as pa

    good = [r for r in rows if BAD_ROW not in r]
    malformed = [ragged_row(r[ROW], r[BAD_ROW], len(header)) for r in rows if BAD_ROW in r]
    columns = [pa.array([r[h] or None for r in good], pa.string()).dictionary_encode() for h in header]
    table = pa.table(columns, names=header) if header else pa.table({})
    return table, np.asarray([r[ROW] for r in good], dtype=np.int64), malformed


def validate_table(table, numbers, malformed=(), where=None, taken=None) -> Intake:
    written = table.column_names
    names = resolve_header(written)
    header = [names.names.get(h, h) if h not in names.ignored else h for h in written]
    check_header(header)  # missing id/partner_city/country: a usage error before any work
    n = table.num_rows
    raw = {}
    for field_name in header:  # one column at a time, each let go once encoded
        raw[field_name] = _encode(table.column(0), FIELD_BY_NAME.get(field_name))
        table = table.remove_column(0)
    del table
    intake = validate_columns(raw, n, header, numbers=numbers, names=names, malformed=malformed, where=where,
                              taken=taken)
    release_memory()
    return intake


def _encode(column, spec):
    """An arrow column to Cells (distinct values + codes) or, for numbers, Numbers. Text is
    dictionary-encoded (CSV and Parquet often arrive so already), and numbers written as text
    are parsed once per distinct value."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    many = False  # many distinct texts (ids): coded in sorted order, which validation wants of ids
    if isinstance(column, pa.ChunkedArray):
        if pa.types.is_dictionary(column.type):
            if column.num_chunks > 1 and sum(len(c.dictionary) for c in column.chunks) > 65536:
                # Large per-chunk dictionaries (a Parquet file's ids, one per row group): merging them
                # costs several times encoding the values afresh.
                column, many = pc.cast(column, column.type.value_type), True
            else:
                column = column.unify_dictionaries()
        column = column.combine_chunks()
    if pa.types.is_list(column.type) or pa.types.is_large_list(column.type):
        column = pc.binary_join(pc.cast(column, pa.list_(pa.string())), ";")
    numeric = spec is not None and spec.kind in (INT, FLOAT)
    if numeric and (pa.types.is_integer(column.type) or pa.types.is_floating(column.type)):
        values = column.to_numpy(zero_copy_only=False).astype(float)
        empty = column.is_null().to_numpy(zero_copy_only=False)
        return Numbers(np.where(empty, np.nan, values), empty)
    if many and not numeric and pa.types.is_string(column.type):
        # One sort codes them and orders them (engine.columns.sorted_codes then finds them sorted):
        # a hash encoding and then a sort of its dictionary cost twice as much.
        dictionary, codes = sorted_codes(column)
        return Cells(ArrowCells(dictionary), codes.astype(np.int32), dictionary)
    if not pa.types.is_dictionary(column.type):
        if not _plain(column.type):
            column = pc.cast(column, pa.string())
        column = pc.dictionary_encode(column)
    dictionary = column.dictionary if _plain(column.dictionary.type) else pc.cast(column.dictionary, pa.string())
    codes = _codes(column.indices)
    if numeric and pa.types.is_string(dictionary.type):
        fast = _parse_numbers(dictionary)
        if fast is not None:
            pick = np.where(codes < 0, len(dictionary), codes)
            return Numbers(np.append(fast.values, np.nan)[pick], np.append(fast.empty, True)[pick],
                           text=_Texts(column))
    if pa.types.is_string(dictionary.type) and len(dictionary) > LAZY_CELLS:  # many distinct texts: ids
        return Cells(ArrowCells(dictionary), codes, dictionary)
    return Cells(dictionary.to_pylist(), codes, dictionary if pa.types.is_string(dictionary.type) else None)


def _codes(indices):
    """A dictionary column's indices as int32, -1 where the cell is empty (null), read from the
    Arrow buffers (pc.fill_null and a conversion cost several times as much)."""
    import numpy as np

    n, at = len(indices), indices.offset
    validity, data = indices.buffers()[:2]
    raw = np.frombuffer(data, dtype=indices.type.to_pandas_dtype())[at:at + n]
    if not indices.null_count:
        return raw.astype(np.int32)
    valid = np.unpackbits(np.frombuffer(validity, dtype=np.uint8), bitorder="little")[at:at + n].view(bool)
    return np.where(valid, raw, -1).astype(np.int32)


def _plain(kind) -> bool:
    """Types whose Python values coerce_cell reads as they are."""
    import pyarrow as pa

    return any(test(kind) for test in (pa.types.is_string, pa.types.is_large_string, pa.types.is_boolean,
                                       pa.types.is_integer, pa.types.is_floating))


def _parse_numbers(column):
    """Numbers parsed by arrow when every filled cell is a plain number; else None (the
    per-distinct-cell path then decides, with the same coerce_cell as single candidates)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..models.vocabulary import UNKNOWN_TOKENS

    trimmed = pc.utf8_trim_whitespace(column)
    unknown = pc.or_kleene(pc.is_null(trimmed), pc.is_in(pc.utf8_lower(trimmed), pa.array(sorted(UNKNOWN_TOKENS))))
    unknown = pc.fill_null(unknown, True)
    try:
        parsed = pc.cast(pc.if_else(unknown, pa.scalar(None, pa.string()), trimmed), pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    values = parsed.to_numpy(zero_copy_only=False).astype(float)
    empty = unknown.to_numpy(zero_copy_only=False).astype(bool)
    # Python's float() reads 'nan' and 'inf' too, and the row path rejects them: so does this one.
    return Numbers(np.where(empty, np.nan, values), empty)


class _Texts:
    """Cells of an arrow string column by row, read only for the few rows a reject names."""

    def __init__(self, column):
        self.column = column

    def __getitem__(self, row: int):
        cell = self.column[int(row)]
        return cell.value.as_py() if hasattr(cell, "index") else cell.as_py()  # a dictionary cell


def _arrow_csv(path: Path, fmt: str):
    """The CSV parsed by pyarrow as a table of dictionary-encoded text columns (each distinct cell
    stored once, which is what validation works on), with the scan of its bytes; None where
    Python's tokenizer must read it (ragged records, a broken quote, UTF-16, a byte neither UTF-8
    nor CP949)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    head = read_bytes(path, 65536)
    if head.startswith(UTF16_BOMS):
        return None  # decoded whole by the row path
    check_text(head, str(path))
    found = scan(path, "\t" if fmt == "tsv" else ",")
    if not found.plain_quotes:
        return None  # an unclosed or stray quote: the row path names the line it is on
    delimiter = "\t" if fmt == "tsv" else ","
    ragged: list[int] = []
    text = pa.dictionary(pa.int32(), pa.string())

    def on_bad_row(row):
        ragged.append(row.actual_columns)
        return "skip"

    for encoding in ("utf8", "cp949"):
        text_head = _decode_head(head, encoding)
        if text_head is None:
            continue
        names = _head_names(text_head, delimiter)
        # Parsing is parallel unless quoted cells may hold line breaks; a record broken by one
        # shows up as ragged, and the slower parse that allows them is tried next.
        for multiline in (False, True):
            ragged.clear()
            try:
                with _undecodable_rows() as undecodable:
                    table = pacsv.read_csv(
                    path,
                        read_options=pacsv.ReadOptions(encoding=encoding, column_names=names, skip_rows=1,
                                                       use_threads=True, block_size=1 << 24),
                        parse_options=pacsv.ParseOptions(delimiter=delimiter, invalid_row_handler=on_bad_row,
                                                         newlines_in_values=multiline),
                        convert_options=pacsv.ConvertOptions(column_types={n: text for n in names},
                                                             null_values=[""], strings_can_be_null=True,
                                                             quoted_strings_can_be_null=True),
                    )
                if undecodable:
                    break  # a ragged record with a byte that is not UTF-8: the row path names its line
            except pa.ArrowInvalid as err:
                if "UTF8" in str(err) or "utf-8" in str(err).lower():
                    break
                return None  # the row path reports it with its line
            except (UnicodeDecodeError, LookupError):
                break
            if not ragged:
                # a record spread over lines: the row path numbers records by the line they start on
                return (table, found) if not multiline else None
        else:
            return None  # ragged either way: the row path numbers and rejects record by record
    return None  # neither UTF-8 nor CP949: the row path reports the line of the first bad byte


@contextmanager
def _undecodable_rows():
    """pyarrow decodes a ragged record's text before it calls the row handler, and reports a byte
    it cannot decode as an "Exception ignored" traceback on stderr: such errors are collected here
    instead (the row path then reports the byte with its line)."""
    seen: list = []
    previous = sys.unraisablehook
    sys.unraisablehook = seen.append
    try:
        yield seen
    finally:
        sys.unraisablehook = previous


def _decode_head(head: bytes, encoding: str) -> str | None:
    data = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    first_line = data.split(b"\n", 1)[0]
    try:
        return first_line.decode("utf-8" if encoding == "utf8" else encoding)
    except UnicodeDecodeError:
        return None
