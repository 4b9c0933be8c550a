"""Reading a pipeline file into validated columns: the one entry point the commands use.

Small files of any format go through formats.read_table and row validation; the batch
path for large CSV and Parquet files (columnar, chunked) plugs in here, so commands never
care which path ran.
"""

from __future__ import annotations

from pathlib import Path

from .engine.intake import Intake, validate_rows
from .formats import read_table


def read_pipeline(path: str | Path) -> Intake:
    """Validated candidates of a pipeline file, with rejects and unknown columns.

    Raises formats.DataFileError (unreadable file) or engine.intake.MissingColumns.
    """
    header, rows = read_table(path)
    return validate_rows(rows, header)
