"""A pipeline's parts, ranked one at a time, kept on disk until the whole ranking is written.

Each part's ranking table (every output column but `rank`, in the part's ranking order) goes to
an Arrow IPC file in a temporary folder, in batches; a stretch of the merged ranking
(engine.merge) reads back only the batches holding its run of each part. Memory holds one part
while it is ranked, then one stretch while it is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from ..engine.merge import stretch
from .writers import arrow_column

BATCH_ROWS = 1 << 16  # rows per IPC batch: a run is read to within this many rows


class Spill:
    """The parts' ranking tables in `folder` (the caller's temporary folder), in part order."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.paths: list[Path] = []
        self.schemas: list[Any] = []
        self.header: list[str] = []  # every part's columns, in the order they first appear

    def add(self, header: list[str], data: dict[str, Any]) -> None:
        """One part's ranking table (columns as engine.table gives them, in its ranking order)."""
        import pyarrow as pa

        columns = [arrow_column(data[h]) for h in header]
        # a text column this part leaves empty (a passthrough column it lacks, an input column of
        # unknowns) takes the type the other parts give it (_schema); scores keep theirs
        columns = [pa.nulls(len(c)) if c.null_count == len(c) and pa.types.is_string(c.type) else c for c in columns]
        table = pa.table(columns, names=list(header)).combine_chunks()
        path = self.folder / f"part{len(self.paths)}.arrow"
        with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table, max_chunksize=BATCH_ROWS)
        self.paths.append(path)
        self.schemas.append(table.schema)
        self.header += [h for h in header if h not in self.header]

    def stretches(self, order: np.ndarray, starts: np.ndarray, rows: int) -> Iterator[Any]:
        """The merged ranking (`order` over the parts' rows laid end to end, `starts` where each
        part begins) as Arrow tables of at most `rows` rows, with `rank` first; at least one
        table, empty when there is no row."""
        import pyarrow as pa

        schema = self._schema()
        if not len(order):
            yield schema.empty_table()
            return
        for at in range(0, len(order), rows):
            s = stretch(order[at:at + rows], starts)
            runs = [self._run(p, lo, hi, schema) for p, lo, hi in s.runs]
            table = pa.concat_tables(runs).take(pa.array(s.rows))
            rank = pa.array(np.arange(at + 1, at + 1 + table.num_rows, dtype=np.int64))
            yield table.add_column(0, schema.field(0), rank)

    def _schema(self):
        """One schema for every stretch: `rank`, then the parts' columns (a column one part
        lacks, or holds only empty cells of, takes the type the others give it)."""
        import pyarrow as pa

        unified = pa.unify_schemas(self.schemas, promote_options="permissive") if self.schemas else pa.schema([])
        fields = [unified.field(h) for h in _ordered(self.header)]
        fields = [f.with_type(pa.string()) if pa.types.is_null(f.type) else f for f in fields]  # empty throughout
        return pa.schema([pa.field("rank", pa.int64()), *fields])

    def _run(self, part: int, lo: int, hi: int, schema):
        """Rows lo..hi-1 of a part's table, in the stretch's schema (less `rank`)."""
        import pyarrow as pa

        with pa.memory_map(str(self.paths[part])) as source:
            reader = pa.ipc.open_file(source)
            first, last = lo // BATCH_ROWS, (hi - 1) // BATCH_ROWS
            batches = [reader.get_batch(b) for b in range(first, last + 1)]
            table = pa.Table.from_batches(batches, reader.schema).slice(lo - first * BATCH_ROWS, hi - lo)
            columns = []
            for name in schema.names[1:]:
                kind = schema.field(name).type
                if name in table.column_names:
                    column = table.column(name)
                    columns.append(column if column.type == kind else column.cast(kind))
                else:
                    columns.append(pa.nulls(table.num_rows, kind))
            return pa.table(columns, schema=pa.schema(list(schema)[1:])).combine_chunks()


def _ordered(header: list[str]) -> list[str]:
    """The columns in the order one file's ranking has them: the table's own, the passthrough
    columns (source, notes) in the vocabulary's order, then --columns (a part without a
    passthrough column would otherwise place it after another part's)."""
    from ..engine.table import TABLE_COLUMNS
    from ..models.vocabulary import PASSTHROUGH

    carried = [k for k in PASSTHROUGH if k in header]
    own = [h for h in header if h in TABLE_COLUMNS]
    return own + carried + [h for h in header if h not in own and h not in carried]
