"""`polex rank` of a folder or a glob into a CSV, TSV or Parquet file, a part at a time.

Each part (at most PART_ROWS rows: a Parquet file cut, small files read together) is read, validated,
ranked and its ranking table put on disk (formats.spill) before the next is read; what stays in
memory between parts is each ranked row's id, number, eligibility and score. The ranking is
then written a stretch at a time from the parts' tables (engine.merge). The file holds what
ranking the pipeline whole writes: the same bytes for CSV and TSV, the same values for
Parquet (whose row groups are cut where the stretches are).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import numpy as np

from .common import DataError, file_error_text, message

STRETCH_ROWS = 1 << 18  # rows written at a time (a row group of a Parquet ranking)


@dataclass
class HeldIds:
    """The ids the parts read so far kept, and the numbers (file << ROW_BITS | row) of their rows."""

    ids: list[Any] = field(default_factory=list)  # Arrow string arrays, one per part
    numbers: list[np.ndarray] = field(default_factory=list)

    def taken(self, keys) -> np.ndarray:
        """For each distinct id of a part, the number of the earlier row that holds it, or -1.
        The part's few ids are hashed and every held id probed (not the other way round: a
        hash of ten million held ids per part would cost seconds)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        out = np.full(len(keys), -1, dtype=np.int64)
        if not self.ids or not len(keys):
            return out
        keys = keys if isinstance(keys, pa.Array) else pa.array(keys, pa.string())
        at = pc.index_in(pa.chunked_array(self.ids, pa.string()), value_set=keys)
        hit = np.flatnonzero(at.is_valid().to_numpy(zero_copy_only=False))
        if len(hit):
            where = at.to_numpy(zero_copy_only=False)[hit].astype(np.int64)
            out[where] = np.concatenate(self.numbers)[hit]
        return out

    def add(self, ids, numbers: np.ndarray) -> None:
        self.ids.append(ids)
        self.numbers.append(numbers)


@dataclass
class RankedParts:
    """A pipeline ranked in parts: its tally (an Intake without columns: counts, rejects,
    columns), how many rows were ranked (--top or not), and `write(target, fmt, bom)`, which
    writes the ranking."""

    intake: Any
    ranked: int
    write: Callable[[str | Path, str, bool], None]


def rank_in_parts(name: str, files: list[Path], parts: int, assessment, lang: str, wanted: list[str],
                  top: int | None, strict: bool, decimal_comma: bool, quiet: bool, folder: str, step) -> RankedParts:
    """Rank the files (of the folder or glob `name`) in their `parts` parts
    (formats.pipeline.read_parts) one by one, their tables kept in `folder` (a temporary folder
    the caller removes once the ranking is written)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..engine.intake import Header, Intake
    from ..engine.scorer import rank_key, ranking_order
    from ..formats import DataFileError, write_tables
    from ..formats.folder import file_row, split_rows
    from ..formats.frames import add_columns, carried_columns, keep_shown, shown_values
    from ..formats.pipeline import pipeline_headers, read_parts, unknown_columns, validate_table
    from ..formats.spill import Spill
    from ..models.candidate import decimal_comma as comma

    try:
        headers = pipeline_headers(files)  # read once: the unknown columns, and the columns typed two ways
        unknown = unknown_columns(headers)
    except DataFileError as err:
        raise DataError(file_error_text(err, lang)) from None
    resembling = {c: h for c, h in unknown.items() if h}
    if strict and resembling:  # as read_intake: before any work, every such column named
        raise DataError("; ".join(f"{name}: " + message(lang, "strict_column", col=c) + message(lang, "did_you_mean", hint=h)
                                  for c, h in resembling.items()))
    if not quiet:
        for col, hint in unknown.items():
            click.echo(message(lang, "unknown_column", col=col) + (message(lang, "did_you_mean", hint=hint) if hint else ""),
                       err=True)
    held, spill = HeldIds(), Spill(folder)
    keys, eligible, starts = [], [], [0]
    tally = Intake(None, np.zeros(0, dtype=np.int64), [], {}, 0, {}, Header({}, {}, {}), [str(f) for f in files])
    where = file_row(files)
    try:
        for k, (part, table, numbers, ragged, renamed) in enumerate(read_parts(files, headers=headers), start=1):
            step(message(lang, "step_part", k=k, n=parts, name=part.path.name))
            with comma(decimal_comma):
                intake = validate_table(table, numbers, ragged, where=where, taken=held.taken)
            del table
            coded = np.asarray(intake.rows, dtype=np.int64)
            split_rows(intake, files)
            _tally(tally, intake, renamed)
            ranking = assessment.rank(intake.columns, keep=shown_values(wanted))
            keep_shown(ranking, wanted)
            header, data = ranking.table(lang)
            header = carried_columns(ranking, intake, header, data, None)
            header = add_columns(ranking, header, data, wanted, ranking.order)
            spill.add(header[1:], data)  # `rank` is numbered once the parts are merged
            order = ranking.order
            keys.append(rank_key(ranking.result, assessment.rank_by)[order])
            eligible.append(ranking.result.eligible[order])
            held.add(_ids(ranking.columns, order), coded[order])
            starts.append(starts[-1] + len(order))
            del ranking, intake, data
    except DataFileError as err:
        raise DataError(file_error_text(err, lang)) from None
    if tally.total == 0:
        raise DataError(message(lang, "no_rows", name=name))
    step(message(lang, "step_merge"))
    ids = pa.chunked_array(held.ids, pa.string())
    held.ids = held.numbers = []  # the ids are only ranked now: let go of what the parts held
    id_order = pc.rank(ids, tiebreaker="first").to_numpy().view(np.int64) if len(ids) else np.zeros(0, np.int64)
    del ids
    order = ranking_order(_joined(eligible), _joined(keys), id_order)  # the whole ranking's order (engine.merge)
    del id_order
    order = order[:top] if top else order
    starts_ = np.asarray(starts, dtype=np.int64)

    def write(target: str | Path, fmt: str, bom: bool) -> None:
        write_tables(target, fmt, spill.stretches(order, starts_, STRETCH_ROWS), bom)

    return RankedParts(tally, starts[-1], write)


def _ids(columns, order: np.ndarray):
    """The ids of the rows in `order`, as Arrow text: from the reader's sorted ids where it has them."""
    import pyarrow as pa

    ids = columns.arrow_ids(order)
    return ids.to_arrow() if ids is not None else pa.array(np.asarray(columns.ids, dtype=object)[order], pa.string())


def _joined(arrays: list[np.ndarray]) -> np.ndarray:
    """The parts' arrays as one, the parts' own let go as they are copied."""
    joined = np.concatenate(arrays)
    arrays.clear()
    return joined


def _tally(tally, intake, renamed: dict) -> None:
    """Add a part's counts, rejects and column findings to the pipeline's."""
    tally.total += intake.total
    tally.rejects += intake.rejects
    tally.header.renamed.update(renamed)
    if intake.header is not None:
        tally.header.names.update(intake.header.names)
    for col, hint in intake.unknown_columns.items():
        tally.unknown_columns.setdefault(col, hint)
        tally.header.ignored.setdefault(col, hint)
