"""More than LAZY_CELLS distinct ids are read into Arrow and stay there (engine.columns.ArrowCells,
ArrowTexts): no Python string per id unless a command asks. Every command that reads ids gives
what the same file read row by row gives."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import polex
from polex.cli import main
from polex.engine.columns import ArrowTexts
from polex.formats.pipeline import LAZY_CELLS, read_pipeline

FIXTURE = Path(polex.__file__).resolve().parent / "fixtures" / "pipeline.csv"
N = LAZY_CELLS + 904


@pytest.fixture(scope="module")
def pipelines(tmp_path_factory):
    base = pacsv.read_csv(FIXTURE, convert_options=pacsv.ConvertOptions(
        column_types={name: pa.string() for name in pacsv.read_csv(FIXTURE).column_names}))
    rows = base.take(pa.array(np.arange(N) % base.num_rows))
    ids = [f"X-{(i * 7919) % N:05d}" for i in range(N)]  # distinct, not in sorted order
    table = rows.set_column(rows.column_names.index("id"), "id", pa.array(ids))
    folder = tmp_path_factory.mktemp("ids")
    pq.write_table(table, folder / "big.parquet")
    pacsv.write_csv(table, folder / "big.csv")
    return folder, ids


def test_ids_stay_arrow_and_read_as_the_rows_path(pipelines):
    folder, ids = pipelines
    arrow = read_pipeline(folder / "big.parquet")
    column = arrow.columns["id"].values
    assert isinstance(column, ArrowTexts)
    assert column[3] == ids[3] and isinstance(column[3], str)
    assert isinstance(column[np.array([5, 1])], ArrowTexts) and column[np.array([5, 1])].tolist() == [ids[5], ids[1]]
    assert list(column) == ids and np.asarray(column).tolist() == ids and column.astype(str).tolist() == ids
    rows = read_pipeline(folder / "big.csv", arrow=False)
    assert rows.columns.ids.tolist() == ids
    a = polex.assess()
    got, want = a.rank(arrow.columns).table("en"), a.rank(rows.columns).table("en")
    assert got[0] == want[0]
    for h in got[0]:
        assert np.asarray(got[1][h]).tolist() == np.asarray(want[1][h]).tolist(), h


def test_commands_that_name_ids(pipelines, tmp_path):
    folder, ids = pipelines
    runner = CliRunner()
    late = ids[-1]
    res = runner.invoke(main, ["explain", str(folder / "big.parquet"), "--id", late, "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["id"] == late
    for name in ("big.parquet", "big.csv"):
        res = runner.invoke(main, ["rank", str(folder / name), "--out", str(tmp_path / f"{name}.csv"), "-q"])
        assert res.exit_code == 0, res.output
    assert (tmp_path / "big.parquet.csv").read_bytes() == (tmp_path / "big.csv.csv").read_bytes()
    res = runner.invoke(main, ["sensitivity", str(folder / "big.parquet"), "--draws", "20",
                               "--out", str(tmp_path / "sens.csv")])
    assert res.exit_code == 0, res.output
    assert set(pacsv.read_csv(tmp_path / "sens.csv").column("id").to_pylist()) == set(ids)
    res = runner.invoke(main, ["diff", str(folder / "big.parquet"), str(folder / "big.csv")])
    assert res.exit_code == 0, res.output


def test_a_rule_on_the_id_reads_arrow_ids_as_the_rows_path(pipelines):
    """A rule may test `id == X` or `id != X` (and `in`): the batch executor's literal on Arrow ids
    is the rows path's, row for row (an ArrowTexts compares as an object array does)."""
    from polex.engine.batch import _test

    folder, ids = pipelines
    arrow, rows = read_pipeline(folder / "big.parquet").columns["id"], \
        read_pipeline(folder / "big.csv", arrow=False).columns["id"]
    assert isinstance(arrow.values, ArrowTexts)
    for op, operand in (("==", ids[7]), ("!=", ids[7]), ("==", "nobody"), ("in", frozenset(ids[:3])),
                        ("not_in", frozenset(ids[-2:]))):
        got, want = arrow.known & _test(arrow, op, operand, False), rows.known & _test(rows, op, operand, False)
        assert got.dtype == bool and np.array_equal(got, want), op
    assert np.array_equal(arrow.values == ids[7], np.asarray(arrow.values) == ids[7])
    assert np.array_equal(arrow.values[np.arange(10)] != ids[3], np.asarray(ids[:10], dtype=object) != ids[3])


def test_many_distinct_notes_and_a_reject_among_many_ids(tmp_path):
    """A passthrough column of many distinct texts (notes) stays Arrow and is written as the rows
    path writes it; a rejected row among more than LAZY_CELLS ids names its id without a string
    made for every id."""
    from polex.engine.columns import ArrowCells
    from polex.engine.intake import Cells, _cell_texts

    base = pacsv.read_csv(FIXTURE, convert_options=pacsv.ConvertOptions(
        column_types={name: pa.string() for name in pacsv.read_csv(FIXTURE).column_names}))
    rows = base.take(pa.array(np.arange(N) % base.num_rows))
    names = rows.column_names
    rows = rows.set_column(names.index("id"), "id", pa.array([f"N-{i:05d}" for i in range(N)]))
    notes = [f"note {i}" if i % 7 else None for i in range(N)]  # some empty
    if "notes" in names:
        rows = rows.set_column(names.index("notes"), "notes", pa.array(notes, pa.string()))
    else:
        rows = rows.append_column("notes", pa.array(notes, pa.string()))
    stage = rows.column("stage").to_pylist()
    stage[10] = "bogus"  # one rejected row
    rows = rows.set_column(rows.column_names.index("stage"), "stage", pa.array(stage, pa.string()))
    pq.write_table(rows, tmp_path / "notes.parquet")
    pacsv.write_csv(rows, tmp_path / "notes.csv")
    arrow = read_pipeline(tmp_path / "notes.parquet")
    assert isinstance(arrow.extras["notes"], ArrowTexts)
    assert [(r.row, r.id, r.field) for r in arrow.rejects] == [(12, "N-00010", "stage")]
    runner = CliRunner()
    res = runner.invoke(main, ["rank", str(tmp_path / "notes.parquet"), "--out", str(tmp_path / "a.csv"), "-q"])
    assert res.exit_code == 0, res.output
    rows_path = read_pipeline(tmp_path / "notes.csv", arrow=False)
    a = polex.assess()
    ranking = a.rank(rows_path.columns)
    from polex.formats import write_columns
    from polex.formats.frames import carried_columns

    header, data = ranking.table("en")
    header = carried_columns(ranking, rows_path, header, data, None)
    write_columns(tmp_path / "b.csv", header, data)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    ids = pa.array([f"N-{i:05d}" for i in range(N)])
    cells = Cells(ArrowCells(ids), np.arange(N, dtype=np.int32), ids)
    assert _cell_texts(cells, np.array([3, 4999])) == ["N-00003", "N-04999"] and cells.uniques._list is None


def test_a_lone_surrogate_in_a_rule_matches_no_arrow_id(pipelines):
    """A rule's text may hold what UTF-8 cannot (YAML's "\\ud800"): it matches no id, as on the rows
    path, rather than failing; and the distinct cells iterate as one list."""
    from polex.engine.batch import _test
    from polex.engine.columns import ArrowCells

    folder, ids = pipelines
    arrow, rows = read_pipeline(folder / "big.parquet").columns["id"], \
        read_pipeline(folder / "big.csv", arrow=False).columns["id"]
    for op, operand in (("in", frozenset({"\ud800", ids[1]})), ("not_in", frozenset({"\ud800"})), ("==", "\ud800"),
                        ("!=", "\ud800")):
        assert np.array_equal(arrow.known & _test(arrow, op, operand, False),
                              rows.known & _test(rows, op, operand, False)), op
    cells = ArrowCells(pa.array(ids))
    assert list(cells) == ids and cells[2] == ids[2] and cells[-1] == ids[-1] and cells[1:3] == ids[1:3]


def test_padded_korean_ids_and_names_are_coerced_in_arrow_as_the_rows_path(tmp_path, monkeypatch):
    """Many distinct ids and names that need trimming, hold Korean text or an unknown token stay
    Arrow texts (coerced there, no string per cell) and give the rows path's candidates, rejects
    (a repeat of a padded id among them) and ranking file, byte for byte."""
    from polex.formats import write_columns
    from polex.formats.frames import carried_columns

    base = pacsv.read_csv(FIXTURE, convert_options=pacsv.ConvertOptions(
        column_types={name: pa.string() for name in pacsv.read_csv(FIXTURE).column_names}))
    rows = base.take(pa.array(np.arange(N) % base.num_rows))
    names = rows.column_names
    ids = [f" 서울-{i:05d}\u3000" if i % 3 else f"K-{i:05d}" for i in range(N)]
    ids[20] = "서울-00001"  # the same id as row 1 once trimmed: a repeat
    label = [f"  사업 {i} " if i % 5 else ("unknown" if i % 2 else f"Project {i}") for i in range(N)]
    rows = rows.set_column(names.index("id"), "id", pa.array(ids))
    rows = rows.set_column(names.index("name"), "name", pa.array(label))
    pq.write_table(rows, tmp_path / "k.parquet")
    pacsv.write_csv(rows, tmp_path / "k.csv")
    arrow = read_pipeline(tmp_path / "k.parquet")
    with monkeypatch.context() as m:  # the reference: every distinct cell through coerce_texts, one by one
        m.setattr("polex.engine.intake.LAZY_CELLS", 10**9)
        by_rows = read_pipeline(tmp_path / "k.csv", arrow=False)
    assert not isinstance(by_rows.columns["name"].values, ArrowTexts)
    assert isinstance(arrow.columns["id"].values, ArrowTexts) and isinstance(arrow.columns["name"].values, ArrowTexts)
    assert np.asarray(arrow.columns.ids).tolist() == by_rows.columns.ids.tolist()
    assert arrow.columns["name"].known.tolist() == by_rows.columns["name"].known.tolist()
    assert [(r.id, r.field, r.expected) for r in arrow.rejects] == [(r.id, r.field, r.expected) for r in by_rows.rejects]
    assert [r.id for r in arrow.rejects] == ["서울-00001"]
    assert arrow.columns.id_order().tolist() == by_rows.columns.id_order().tolist()
    res = CliRunner().invoke(main, ["rank", str(tmp_path / "k.parquet"), "--out", str(tmp_path / "a.csv"), "-q"])
    assert res.exit_code == 0, res.output
    ranking = polex.assess().rank(by_rows.columns)
    header, data = ranking.table("en")
    header = carried_columns(ranking, by_rows, header, data, None)
    write_columns(tmp_path / "b.csv", header, data)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    res = CliRunner().invoke(main, ["rank", str(tmp_path / "k.csv"), "--out", str(tmp_path / "c.csv"), "-q"])
    assert res.exit_code == 0 and (tmp_path / "c.csv").read_bytes() == (tmp_path / "b.csv").read_bytes(), res.output
    res = CliRunner().invoke(main, ["explain", str(tmp_path / "k.parquet"), "--id", "서울-00004", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["id"] == "서울-00004"


def test_a_passthrough_cell_is_trimmed_alike_from_every_format(tmp_path):
    """A carried-through cell (notes) is trimmed whether the file is JSON Lines (read row by
    row), CSV or Parquet (read as columns)."""
    rows = [{"id": "a", "partner_city": "Lima", "country": "PER", "notes": "  note 1\u2003"},
            {"id": "b", "partner_city": "Lima", "country": "PER", "notes": " unknown "}]
    (tmp_path / "p.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    table = pa.Table.from_pylist(rows)
    pacsv.write_csv(table, tmp_path / "p.csv")
    pq.write_table(table, tmp_path / "p.parquet")
    for name in ("p.jsonl", "p.csv", "p.parquet"):
        assert list(read_pipeline(tmp_path / name).extras["notes"]) == ["note 1", None], name
