"""Typed candidate columns: the one encoding both executors read.

Enums become their order index (so ordinal comparisons are integer comparisons), lists a
boolean matrix of members, numbers float64; every column carries a `known` mask, since
unknown is a value of its own and never false.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from ..models.vocabulary import BOOL, ENUM, FIELDS, FLOAT, INT, LIST, ORDINAL, FieldSpec


class Column(NamedTuple):
    values: np.ndarray
    known: np.ndarray


def encode_value(spec: FieldSpec, value: Any) -> Any:
    """A typed value (as a validated Candidate holds it) to its encoded form."""
    if spec.kind in (ENUM, ORDINAL):
        return spec.values.index(value)
    if spec.kind == LIST:
        return frozenset(spec.values.index(v) for v in value)
    if spec.kind in (INT, FLOAT):
        return float(value)
    return value


def empty_column(spec: FieldSpec, n: int) -> Column:
    known = np.zeros(n, dtype=bool)
    if spec.kind in (ENUM, ORDINAL):
        return Column(np.full(n, -1, dtype=np.int16), known)
    if spec.kind == LIST:
        return Column(np.zeros((n, len(spec.values)), dtype=bool), known)
    if spec.kind == BOOL:
        return Column(np.zeros(n, dtype=bool), known)
    if spec.kind in (INT, FLOAT):
        return Column(np.full(n, np.nan), known)
    return Column(np.full(n, "", dtype=object), known)


@dataclass
class Columns:
    """n candidates as typed columns (every vocabulary field present, unknowns masked)."""

    n: int
    data: dict[str, Column]
    tiebreak: np.ndarray | None = None  # rank of each row's id in sorted order, if the reader knows it

    def __getitem__(self, name: str) -> Column:
        return self.data[name]

    @property
    def ids(self) -> np.ndarray:
        return self.data["id"].values

    def id_order(self) -> np.ndarray:
        """Rank of each row's id among the ids (the ranking's stable tie-break)."""
        if self.tiebreak is None:
            _, self.tiebreak = np.unique(self.ids.astype(str), return_inverse=True)
        return self.tiebreak

    def take(self, rows: np.ndarray | slice) -> Columns:
        data = {k: Column(c.values[rows], c.known[rows]) for k, c in self.data.items()}
        tiebreak = None if self.tiebreak is None else self.tiebreak[rows]
        return Columns(len(data["id"].known), data, tiebreak)

    def records(self) -> list[dict[str, Any]]:
        """Back to typed records (known fields only); the reference executor reads these."""
        out: list[dict[str, Any]] = [{} for _ in range(self.n)]
        for spec in FIELDS:
            col = self.data.get(spec.name)
            if col is None:
                continue
            for i in np.flatnonzero(col.known):
                v = col.values[i]
                if spec.kind in (ENUM, ORDINAL):
                    v = spec.values[int(v)]
                elif spec.kind == LIST:
                    v = [spec.values[j] for j in np.flatnonzero(v)]
                elif spec.kind == BOOL:
                    v = bool(v)
                elif spec.kind == INT:
                    v = int(v)
                elif spec.kind == FLOAT:
                    v = float(v)
                out[i][spec.name] = v
        return out


def encode_records(records: Sequence[Mapping[str, Any]]) -> Columns:
    """Typed records (None or absent = unknown) to columns."""
    n = len(records)
    data: dict[str, Column] = {}
    for spec in FIELDS:
        col = empty_column(spec, n)
        for i, rec in enumerate(records):
            v = rec.get(spec.name)
            if v is None:
                continue
            col.known[i] = True
            if spec.kind == LIST:
                for code in encode_value(spec, v):
                    col.values[i, code] = True
            else:
                col.values[i] = encode_value(spec, v)
        data[spec.name] = col
    if n and not data["id"].known.all():
        raise ValueError("every candidate needs an id")
    return Columns(n, data)

