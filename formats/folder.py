"""A pipeline spread over files: a folder, or a glob (`'pipeline/*.parquet'`), of CSV, TSV and
Parquet files read as one pipeline.

The files are read in sorted order, each as its own reader reads it (the same tokenizer, the same
row numbers), their columns matched to the vocabulary file by file (one file may write `Stage`,
another `stage`), and validated together, so every rule of a single file holds across them:
an id is unique across the files (its first row keeps it), a repeated header row is rejected. A
reject names its file and its row there. Candidates are ranked as one pipeline.

Row numbers carry their file while the rows are validated together: file k's row r is numbered
k << ROW_BITS | r, and split back into (file, row) once validation is done.
"""

from __future__ import annotations

import glob
import re
from pathlib import Path

from ..engine.intake import Intake, MissingColumns, check_header, resolve_header
from .files import DataFileError, file_error, file_format, no_such_file

SUFFIXES = (".csv", ".tsv", ".parquet")
ROW_BITS = 40  # a file's rows are numbered below 2**40; the file's index sits above
_GLOB = re.compile(r"[*?[]")


def pipeline_files(path) -> list[Path] | None:
    """The files of a folder (its .csv, .tsv and .parquet files, not its subfolders) or of a glob
    (`**` reaches subfolders), sorted by path; None when `path` names one file (or stdin)."""
    text = str(path)
    if text == "-":
        return None
    where = Path(text)
    if where.is_dir():
        files = sorted(f for f in where.iterdir() if f.is_file() and f.suffix.lower() in SUFFIXES
                       and not f.name.startswith((".", "~$")))
        if not files:
            raise file_error(text, "the folder holds no .csv, .tsv or .parquet file")
        return files
    if where.exists() or not _GLOB.search(text):
        return None
    files = sorted(Path(f) for f in glob.glob(text, recursive=True) if Path(f).is_file())
    if not files:
        raise no_such_file(text)
    other = [f for f in files if f.suffix.lower() not in SUFFIXES]
    if other:
        raise file_error(str(other[0]), "a folder or a glob reads .csv, .tsv and .parquet files only")
    return files


def read_files(files: list[Path], arrow: bool = True) -> Intake:
    """The files' candidates validated as one pipeline; each reject names its file."""
    import numpy as np
    import pyarrow as pa

    from .pipeline import delimited_table, validate_table
    from .rows import read_parquet

    tables, numbers, malformed, renamed = [], [], [], {}
    for k, path in enumerate(files):
        fmt = file_format(path, ("csv", "tsv", "parquet"))
        if fmt == "parquet":
            table, rows, ragged = read_parquet(path), None, []
            rows = np.arange(2, table.num_rows + 2)
        else:
            table, rows, ragged = delimited_table(path, fmt, arrow)
        header = resolve_header(table.column_names)
        try:
            check_header(header.canonical(table.column_names))
        except MissingColumns as err:
            raise DataFileError(f"{path}: {err}") from None
        renamed.update(header.renamed)
        tables.append(table.rename_columns(header.canonical(table.column_names)))
        numbers.append((np.int64(k) << ROW_BITS) | np.asarray(rows, dtype=np.int64))
        malformed += [r.model_copy(update={"row": (k << ROW_BITS) | r.row}) for r in ragged]
    intake = validate_table(_concat(tables, pa), np.concatenate(numbers), malformed)
    _split_rows(intake, files)
    if intake.header is not None:
        intake.header.renamed = renamed
    return intake


def _concat(tables, pa):
    """One table of the files' columns (a column a file lacks is empty there); a column typed
    differently in two files (numbers in one, text in another) is read as text in all."""
    import pyarrow.compute as pc

    kinds: dict[str, set] = {}
    for t in tables:
        for field in t.schema:
            kinds.setdefault(field.name, set()).add(_kind(field.type, pa))
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


def _kind(kind, pa) -> str:
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return "text" if pa.types.is_string(kind) or pa.types.is_large_string(kind) else str(kind)


def _split_rows(intake: Intake, files: list[Path]) -> None:
    """Back from k << ROW_BITS | row to the row, with the file named on each reject."""
    mask = (1 << ROW_BITS) - 1
    intake.rows = [r & mask for r in intake.rows]
    intake.sources = [str(f) for f in files]

    def where(number: int) -> str:
        return f"{files[number >> ROW_BITS]} row {number & mask}"

    intake.rejects = [r.model_copy(update={
        "file": str(files[r.row >> ROW_BITS]), "row": r.row & mask,
        "expected": re.sub(r"\(row (\d+) has it\)", lambda m: f"({where(int(m[1]))} has it)", r.expected),
    }) for r in intake.rejects]
