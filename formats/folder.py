"""A pipeline spread over files: a folder, or a glob (`'pipeline/*.parquet'`), of CSV, TSV and
Parquet files read as one pipeline.

The files are read in sorted order (formats.pipeline.read_files), each as its own reader reads
it (the same tokenizer, the same row numbers), their columns matched to the vocabulary file by
file (one file may write `Stage`, another `stage`), and validated together, so every rule of a single file holds across them:
an id is unique across the files (its first row keeps it), a repeated header row is rejected. A
reject names its file and its row there. Candidates are ranked as one pipeline.

Row numbers carry their file while the rows are validated together: file k's row r is numbered
k << ROW_BITS | r, and split back into (file, row) once validation is done.
"""

from __future__ import annotations

import glob
import re
from pathlib import Path

from ..engine.intake import Intake
from .files import file_error, no_such_file

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


def file_row(files: list[Path]):
    """How a reject names another row of the pipeline: its file and its row there."""
    mask = (1 << ROW_BITS) - 1
    return lambda number: f"{files[number >> ROW_BITS]} row {number & mask}"


def split_rows(intake: Intake, files: list[Path]) -> None:
    """Back from k << ROW_BITS | row to the row, with the file named on each reject."""
    mask = (1 << ROW_BITS) - 1
    intake.rows = intake.rows & mask
    intake.sources = [str(f) for f in files]
    intake.rejects = [r.model_copy(update={"file": str(files[r.row >> ROW_BITS]), "row": r.row & mask})
                      for r in intake.rejects]
