"""Synthetic pipelines for benchmarks: each field drawn from the value distribution of the
documents' own cases (fixtures/pipeline.csv), with about a third of the fields unknown.
Fixed seed, vectorised, so a million rows take seconds."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import numpy as np

from polex.models.vocabulary import FIELDS, FLOAT, INT, LIST

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pipeline.csv"
UNKNOWN_SHARE = 1 / 3


def distributions() -> dict[str, tuple[list[str], np.ndarray]]:
    """Observed non-empty values per field (with their frequencies) in the fixture cases."""
    with open(FIXTURES, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    out = {}
    for spec in FIELDS:
        counts = Counter(r.get(spec.name, "") for r in rows if r.get(spec.name, "").strip())
        if not counts:
            if spec.kind in (INT, FLOAT):
                counts = Counter({"5": 1, "50": 1, "500": 1})
            elif spec.values:
                counts = Counter(dict.fromkeys(spec.values, 1))
            else:
                continue
        values = sorted(counts)
        freq = np.array([counts[v] for v in values], dtype=float)
        out[spec.name] = (values, freq / freq.sum())
    return out


def synthetic_columns(n: int, seed: int = 20261121) -> dict[str, np.ndarray]:
    """n candidates as text cells (CSV-like); '' = unknown."""
    rng = np.random.default_rng(seed)
    dist = distributions()
    cols: dict[str, np.ndarray] = {}
    for spec in FIELDS:
        if spec.name == "outcome":
            continue
        if spec.name == "id":
            cols["id"] = np.char.add("S", np.char.zfill(np.arange(n).astype(str), 7)).astype(object)
            continue
        values, p = dist.get(spec.name, ([""], np.array([1.0])))
        if spec.kind in (INT, FLOAT) and spec.name in dist:
            base = np.array([float(v) for v in values])
            picked = base[rng.choice(len(base), size=n, p=p)] * rng.uniform(0.5, 1.5, size=n)
            text = np.round(picked, 0 if spec.kind == INT else 1).astype(int if spec.kind == INT else float)
            cells = text.astype(str).astype(object)
        elif spec.kind == LIST:
            members = np.array(spec.values, dtype=object)
            k = rng.integers(1, 3, size=n)
            first = members[rng.integers(0, len(members), size=n)]
            second = members[rng.integers(0, len(members), size=n)]
            cells = np.where(k == 1, first, first + ";" + second)
        else:
            cells = np.array(values, dtype=object)[rng.choice(len(values), size=n, p=p)]
        if not spec.required:
            cells = np.where(rng.random(n) < UNKNOWN_SHARE, "", cells)
        cols[spec.name] = cells
    return cols


def write_csv(cols: dict[str, np.ndarray], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    pacsv.write_csv(pa.table({k: pa.array(v.tolist(), pa.string()) for k, v in cols.items()}), path)


def write_parquet(cols: dict[str, np.ndarray], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({k: pa.array(v.tolist(), pa.string()) for k, v in cols.items()}), path)
