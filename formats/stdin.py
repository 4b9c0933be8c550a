"""A pipeline read from standard input, and a cheap estimate of a file's row count (for
deciding on a progress bar before reading it)."""

from __future__ import annotations

import sys
from pathlib import Path

PROGRESS_ROWS = 5_000  # a progress bar for inputs larger than this (and only on a terminal)


def read_stdin_as(fmt: str):
    """A pipeline from stdin in a format other than CSV: spooled to a temporary file."""
    import tempfile

    from .pipeline import read_pipeline

    data = sys.stdin.buffer.read()
    with tempfile.TemporaryDirectory(prefix="polex-") as tmp:
        path = Path(tmp) / f"stdin.{fmt}"
        path.write_bytes(data)
        try:
            return read_pipeline(path)
        except ValueError as err:
            err.args = tuple(str(a).replace(str(path), "<stdin>") for a in err.args)
            raise


def estimate_rows(path: str) -> int:
    """About how many rows a file holds, cheaply (only asked when stderr is a terminal)."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError:
        return 0
    suffix = p.suffix.lower()
    if suffix == ".parquet":
        try:
            import pyarrow.parquet as pq

            return pq.ParquetFile(p).metadata.num_rows
        except Exception:  # noqa: BLE001 - a guess only; the reader reports a bad file
            return size // 50
    if suffix in (".csv", ".tsv", ".txt", ".jsonl", ".ndjson") and size < 64 << 20:
        lines = 0
        with open(p, "rb") as handle:
            while chunk := handle.read(1 << 20):
                lines += chunk.count(b"\n")
                if lines > PROGRESS_ROWS:  # enough to decide on a progress bar
                    break
        return lines
    return size // 150

