"""formats.writers: a text column written from the reader's codes (engine.columns.Coded, plain)
gives the bytes the same texts give as strings, formula-like cells escaped the same way; the
fast first-byte test sends every cell a formula may start with to the escape."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polex.engine.columns import Coded
from polex.formats.writers import escape_formula, escaped, write_columns

CELLS = st.sampled_from(["Hanoi", "", "=cmd()", "-3", "+1.5", "-x", "@a", "\tt", "\rr", "서울", "a,b", 'q"q', "2e-3"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(CELLS, min_size=1, max_size=6, unique=True), rows=st.lists(st.integers(0, 5), max_size=40),
       fmt=st.sampled_from(["csv", "tsv", "parquet"]))
def test_coded_plain_texts_write_the_bytes_of_the_texts(tmp_path_factory, texts, rows, fmt):
    folder = tmp_path_factory.mktemp("w")
    codes = np.array([r % len(texts) for r in rows], dtype=np.int64)
    table = np.array(texts, dtype=object)
    coded = Coded.of(table, codes, plain=True)
    plain = np.take(table, codes)
    write_columns(folder / f"a.{fmt}", ["name", "n"], {"name": coded, "n": np.arange(len(codes))}, fmt=fmt)
    write_columns(folder / f"b.{fmt}", ["name", "n"], {"name": plain, "n": np.arange(len(codes))}, fmt=fmt)
    assert (folder / f"a.{fmt}").read_bytes() == (folder / f"b.{fmt}").read_bytes()


@given(cells=st.lists(st.one_of(st.none(), st.text(max_size=5), st.sampled_from(["-\u0663", "+\uff11", "-3", "=1", "-1.5"])),
                      max_size=30), cut=st.integers(0, 30))
def test_escaped_text_is_escape_formula_cell_by_cell(cells, cut):
    column = pa.array(cells, pa.string()).slice(min(cut, len(cells)))  # a slice: offsets not from 0
    want = [None if c is None else escape_formula(c) for c in cells[min(cut, len(cells)):]]
    assert escaped(column).to_pylist() == want


def test_ids_written_from_arrow_are_the_ids_written_from_python(tmp_path, monkeypatch):
    """Above ARROW_IDS rows the id column goes from the reader's Arrow ids to the file; every
    format holds what the Python strings gave."""
    import csv

    from click.testing import CliRunner

    import polex
    import polex.engine.table as table
    from polex.cli import main

    with open(Path(polex.__file__).resolve().parent / "fixtures" / "pipeline.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    path = tmp_path / "p.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, list(rows[0]))
        w.writeheader()
        w.writerows([{**r, "id": f"{r['id']}-{k}"} for k in range(4) for r in rows])
    outputs = {}
    for limit in (10**9, 10):
        monkeypatch.setattr(table, "ARROW_IDS", limit)
        for fmt in ("csv", "jsonl", "parquet", "xlsx"):
            out = tmp_path / f"{limit}.{fmt}"
            assert CliRunner().invoke(main, ["rank", str(path), "--out", str(out)]).exit_code == 0
            outputs[limit, fmt] = out.read_bytes()
    assert all(outputs[10**9, fmt] == outputs[10, fmt] for fmt in ("csv", "jsonl", "parquet", "xlsx"))


def test_the_csv_writer_takes_its_temporaries_from_a_pool_that_reuses_them(tmp_path, monkeypatch):
    """CSV and TSV are written with mimalloc for the writer's per-batch temporaries (jemalloc, set
    to hand pages back at once, faulted them in afresh for every batch); the bytes are those the
    default pool writes."""
    import pyarrow.csv as pacsv

    import polex.formats.writers as writers

    data = {"name": np.array(["Hanoi", "=x", "서울", 'q"q'] * 700, dtype=object), "n": np.arange(2800)}
    pools = []
    real = pacsv.CSVWriter

    def spy(*args, memory_pool=None, **kwargs):
        pools.append(memory_pool)
        return real(*args, memory_pool=memory_pool, **kwargs)

    monkeypatch.setattr(pacsv, "CSVWriter", spy)
    for fmt in ("csv", "tsv"):
        write_columns(tmp_path / f"a.{fmt}", ["name", "n"], data, fmt=fmt)
        monkeypatch.setattr(writers, "scratch_pool", lambda: None)
        write_columns(tmp_path / f"b.{fmt}", ["name", "n"], data, fmt=fmt)
        monkeypatch.undo()
        monkeypatch.setattr(pacsv, "CSVWriter", spy)
        assert (tmp_path / f"a.{fmt}").read_bytes() == (tmp_path / f"b.{fmt}").read_bytes()
    assert [p.backend_name if p is not None else None for p in pools] == ["mimalloc", None, "mimalloc", None]
