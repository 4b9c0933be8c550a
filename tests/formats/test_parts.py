"""A folder or a glob ranked into CSV, TSV or Parquet a part at a time (commands.rank_parts):
the file holds the ranking the same rows give in one file (CSV and TSV byte for byte, Parquet
value for value), however the pipeline is cut into parts, batches and stretches; an id repeated
in a later part is rejected naming the row that holds it; counts add up."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import polex
from polex.cli import main
from polex.commands import rank_parts
from polex.commands.rank_parts import HeldIds
from polex.engine.merge import stretch
from polex.engine.scorer import ranking_order as merged_order
from polex.formats import csv_scan, pipeline, spill
from polex.formats.pipeline import ROW_BITS, Part, count_parts, read_parts

PIPELINE = Path(polex.__file__).resolve().parent / "fixtures" / "pipeline.csv"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def fixture_rows() -> tuple[list[str], list[dict]]:
    with open(PIPELINE, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return list(rows[0]), rows


def write_part(path: Path, header: list[str], rows: list[dict], row_group: int = 7) -> None:
    if path.suffix == ".parquet":
        pq.write_table(pa.table({h: pa.array([r[h] or None for r in rows], pa.string()) for h in header}), path,
                       row_group_size=row_group)
        return
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, header, delimiter="\t" if path.suffix == ".tsv" else ",")
        w.writeheader()
        w.writerows(rows)


def layout(tmp: Path, seed: int, files: int, repeats: int) -> tuple[Path, Path]:
    """The fixture's rows, some ids repeated, in one CSV file and cut into `files` files of mixed
    formats (the same rows in the same order)."""
    rng = np.random.default_rng(seed)
    header, rows = fixture_rows()
    rows = [dict(r) for r in rows]
    for _ in range(repeats):  # a later row takes an earlier row's id: it is rejected either way
        a, b = sorted(rng.choice(len(rows), 2, replace=False))
        rows[b]["id"] = rows[a]["id"]
    one = tmp / "whole.csv"
    write_part(one, header, rows)
    cuts = np.sort(rng.choice(np.arange(1, len(rows)), files - 1, replace=False)) if files > 1 else []
    folder = tmp / "parts"
    folder.mkdir()
    for k, chunk in enumerate(np.split(np.arange(len(rows)), cuts)):
        write_part(folder / f"p{k:02d}.{('csv', 'parquet', 'tsv')[k % 3]}", header, [rows[i] for i in chunk],
                   row_group=int(rng.integers(1, 40)))
    return one, folder


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), files=st.integers(1, 6), repeats=st.integers(0, 4),
       part_rows=st.sampled_from([9, 50, 1 << 19]), batch=st.sampled_from([5, 64, 1 << 16]),
       stretch_rows=st.sampled_from([13, 200, 1 << 20]), top=st.sampled_from([None, 1, 40]),
       fmt=st.sampled_from(["csv", "tsv"]))
def test_a_folder_ranked_in_parts_writes_the_bytes_of_one_file(tmp_path_factory, monkeypatch, seed, files, repeats,
                                                               part_rows, batch, stretch_rows, top, fmt):
    tmp = tmp_path_factory.mktemp("parts")
    one, folder = layout(tmp, seed, files, repeats)
    monkeypatch.setattr(pipeline, "PART_ROWS", part_rows)
    monkeypatch.setattr(spill, "BATCH_ROWS", batch)
    monkeypatch.setattr(rank_parts, "STRETCH_ROWS", stretch_rows)
    top_args = ["--top", top, "--jobs", 1] if top else ["--jobs", 1]
    a = run("rank", one, "--out", tmp / f"one.{fmt}", "--columns", "families,stage,source", *top_args)
    b = run("rank", folder, "--out", tmp / f"many.{fmt}", "--columns", "families,stage,source", *top_args)
    assert a.exit_code == b.exit_code == 0, b.output
    assert (tmp / f"one.{fmt}").read_bytes() == (tmp / f"many.{fmt}").read_bytes()
    counts = [line for line in a.output.splitlines() if " rows: " in line][0].split(";")[0]
    assert counts == [line for line in b.output.splitlines() if " rows: " in line][0].split(";")[0]


def test_parquet_in_parts_holds_the_values_of_one_file(tmp_path, monkeypatch):
    one, folder = layout(tmp_path, 7, 4, 2)
    monkeypatch.setattr(pipeline, "PART_ROWS", 10)
    monkeypatch.setattr(rank_parts, "STRETCH_ROWS", 33)
    assert run("rank", one, "--out", tmp_path / "one.parquet").exit_code == 0
    res = run("rank", folder, "--out", tmp_path / "many.parquet")
    assert res.exit_code == 0, res.output
    whole, parts = pq.read_table(tmp_path / "one.parquet"), pq.read_table(tmp_path / "many.parquet")
    assert whole.column_names == parts.column_names and whole.to_pylist() == parts.to_pylist()
    assert pq.ParquetFile(tmp_path / "many.parquet").metadata.num_row_groups > 1  # written a stretch at a time


def test_an_id_held_in_an_earlier_part_is_rejected_naming_its_row(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "PART_ROWS", 1)
    pq.write_table(pa.table({"id": ["A", "B", "A"], "partner_city": ["Hanoi", "Lima", "Suwon"],
                             "country": ["VNM", "PER", "KOR"]}), tmp_path / "a.parquet", row_group_size=1)
    (tmp_path / "b.csv").write_text("id,partner_city,country,stage\nB,Lima,PER,pilot\nC,Lima,PER,bogus\nC,Lima,PER,\n",
                                    encoding="utf-8")
    assert count_parts([tmp_path / "a.parquet", tmp_path / "b.csv"]) == 4
    out, rejects = tmp_path / "out.csv", tmp_path / "rejects.csv"
    res = run("rank", tmp_path, "--out", out, "--rejects", rejects)
    assert res.exit_code == 0, res.output
    assert "6 rows: 3 ranked, 3 rejected" in res.output
    with open(out, encoding="utf-8-sig") as fh:
        assert sorted(r["id"] for r in csv.DictReader(fh)) == ["A", "B", "C"]
    with open(rejects, encoding="utf-8-sig") as fh:
        got = [(Path(r["file"]).name, r["row"], r["field"], r["expected"]) for r in csv.DictReader(fh)]
    assert got == [
        ("a.parquet", "4", "id", f"an id not used before ({tmp_path / 'a.parquet'} row 2 has it)"),
        ("b.csv", "2", "id", f"an id not used before ({tmp_path / 'a.parquet'} row 3 has it)"),
        ("b.csv", "3", "stage", got[2][3]),
    ]


def test_held_ids_name_the_earlier_row_or_minus_one():
    held = HeldIds()
    assert held.taken(np.array(["a"])).tolist() == [-1]
    held.add(pa.array(["b", "a"]), np.array([11, 12]))
    held.add(pa.array(["c"]), np.array([20]))
    assert held.taken(np.array(["a", "c", "z"])).tolist() == [12, 20, -1]
    assert held.taken(np.array([], dtype=str)).tolist() == []


def test_a_stretch_takes_one_run_of_each_part():
    # two parts of 3 and 2 rows, each in its own ranking order; scores interleave
    eligible = np.ones(5, dtype=bool)
    key = np.array([9.0, 5.0, 1.0, 7.0, 3.0])
    order = merged_order(eligible, key, np.arange(5))
    assert order.tolist() == [0, 3, 1, 4, 2]
    s = stretch(order[1:4], np.array([0, 3, 5]))
    assert s.runs == [(0, 1, 2), (1, 0, 2)]
    assert s.rows.tolist() == [1, 0, 2]  # part 1's run first, then part 0's
    with pytest.raises(ValueError, match="not one run"):
        stretch(np.array([0, 2]), np.array([0, 3, 5]))


def test_a_parquet_file_is_read_rows_at_a_time_across_its_row_groups(tmp_path):
    pq.write_table(pa.table({"id": [str(i) for i in range(10)], "partner_city": ["Lima"] * 10,
                             "country": ["PER"] * 10}), tmp_path / "a.parquet", row_group_size=3)
    (tmp_path / "b.csv").write_text("id,partner_city,country\nX,Lima,PER\n", encoding="utf-8")
    files = [tmp_path / "a.parquet", tmp_path / "b.csv"]
    got = list(read_parts(files, rows=4))
    assert count_parts(files, rows=4) == 4 and len(got) == 3  # the small CSV joins the last Parquet rows
    assert [g[0] for g in got] == [Part(0, files[0], 0, 4), Part(0, files[0], 4, 4), Part(0, files[0], 8, 2)]
    assert [g[1].column("id").to_pylist() for g in got] == [["0", "1", "2", "3"], ["4", "5", "6", "7"], ["8", "9", "X"]]
    assert (got[1][2] & ((1 << ROW_BITS) - 1)).tolist() == [6, 7, 8, 9]  # rows as a spreadsheet numbers them
    assert (got[2][2] >> ROW_BITS).tolist() == [0, 0, 1] and (got[2][2] & 0xFF).tolist() == [10, 11, 2]


@pytest.mark.parametrize("setup, text", [
    (lambda d: (d / "b.parquet").write_bytes(b"PAR1 not really"), "b.parquet"),
    (lambda d: (d / "b.csv").write_text("id,country\nB,VNM\n", encoding="utf-8"), "missing required column partner_city"),
    (lambda d: (d / "a.csv").write_text("id,partner_city,country\n", encoding="utf-8"), "no rows"),
])
def test_a_part_that_cannot_be_read_is_a_clear_error_and_nothing_is_written(tmp_path, setup, text):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.csv").write_text("id,partner_city,country\nA,Hanoi,VNM\n", encoding="utf-8")
    setup(folder)
    res = run("rank", folder, "--out", tmp_path / "out.csv", "--rejects", tmp_path / "rejects.csv")
    assert res.exit_code == 1 and text in res.output and "Traceback" not in res.output, res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


def test_parts_to_stdout_strict_and_all_rejected(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "PART_ROWS", 1)
    pq.write_table(pa.table({"id": ["A", "B"], "partner_city": ["Hanoi", "Lima"], "country": ["VNM", "PER"],
                             "stge": ["pilot", "pilot"]}), tmp_path / "a.parquet")
    res = run("rank", tmp_path, "--out", "-", "--format", "tsv")
    assert res.exit_code == 0, res.output
    lines = [line for line in res.output.splitlines() if "\t" in line]
    assert lines[0].startswith('"rank"\t"id"') and len(lines) == 3
    assert "did you mean 'stage'" in res.output  # the unknown column is reported once, not per part
    assert res.output.count("unknown column 'stge'") == 1
    strict = run("rank", tmp_path, "--out", tmp_path / "o.csv", "--strict")
    assert strict.exit_code == 1 and "stge" in strict.output
    (tmp_path / "a.parquet").unlink()
    (tmp_path / "b.csv").write_text("id,partner_city,country,stage\nA,Hanoi,VNM,bogus\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    res = run("rank", tmp_path, "--out", out)
    assert res.exit_code == 0 and "0 ranked, 1 rejected" in res.output, res.output
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].startswith('"rank","id","name"')


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet='ab,"\n\r\t', max_size=60), window=st.integers(1, 9), tsv=st.booleans())
def test_the_quote_check_reads_windows_as_the_whole(tmp_path_factory, monkeypatch, text, window, tsv):
    """The CSV quote check (whether arrow may parse the file) judges each quote with its
    neighbours even where a window of the file ends, as a check of the whole text would."""
    import re

    path = tmp_path_factory.mktemp("q") / "f.csv"
    path.write_bytes(text.encode())
    monkeypatch.setattr(csv_scan, "WINDOW", window)
    sep = "\t" if tsv else ","
    stray = re.search(f'[^{re.escape(sep)}\\r\\n"]"[^{re.escape(sep)}\\r\\n"]', text)
    found = csv_scan.scan(path, sep)
    assert found.plain_quotes == (text.count('"') % 2 == 0 and stray is None)
    if found.plain_quotes:  # the line breaks of the same pass, however the windows cut them
        data = text.encode()
        assert found.lines == data.count(b"\n")
        assert found.lone_cr == (data.count(b"\r") != data.count(b"\r\n"))
        assert found.last == (data[-1] if data else -1)


def test_a_field_typed_as_numbers_in_parquet_and_text_in_csv_reads_as_text_in_parts(tmp_path, monkeypatch):
    """As the folder read whole reads it: a Parquet float id 61.0 is the CSV's id 61 (a repeat)."""
    monkeypatch.setattr(pipeline, "PART_ROWS", 1)
    folder = tmp_path / "in"
    folder.mkdir()
    pq.write_table(pa.table({"id": [61.0, 62.0], "partner_city": ["Hanoi", "Lima"], "country": ["VNM", "PER"],
                             "source": [1.0, 2.5]}), folder / "a.parquet")
    (folder / "b.csv").write_text("id,partner_city,country,source\n61,Suwon,KOR,x\n63,Suwon,KOR,3\n",
                                  encoding="utf-8")
    parts = run("rank", folder, "--out", tmp_path / "p.csv", "--rejects", tmp_path / "r.csv")
    whole = run("rank", folder, "--out", tmp_path / "w.json")  # json: the folder read whole
    assert parts.exit_code == whole.exit_code == 0, parts.output
    assert "4 rows: 3 ranked, 1 rejected" in parts.output and "4 rows: 3 ranked, 1 rejected" in whole.output
    with open(tmp_path / "p.csv", encoding="utf-8-sig") as fh:
        got = {r["id"]: r["source"] for r in csv.DictReader(fh)}
    import json

    assert got == {str(r["id"]): str(r["source"]) for r in json.loads((tmp_path / "w.json").read_text())}


def test_many_small_files_are_read_together(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "PART_ROWS", 5)
    for k in range(7):
        (tmp_path / f"f{k}.csv").write_text(f"id,partner_city,country\nA{k},Lima,PER\nB{k},Lima,PER\n",
                                            encoding="utf-8")
    files = sorted(tmp_path.glob("*.csv"))
    assert [len(g[2]) for g in read_parts(files)] == [4, 4, 4, 2]  # never more than PART_ROWS rows together


def test_columns_one_part_lacks_take_their_place_and_types_as_in_one_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.csv").write_text("id,partner_city,country,notes\nA,Hanoi,VNM,n1\n", encoding="utf-8")
    (folder / "b.csv").write_text("id,partner_city,country,source\nB,Lima,PER,s1\n", encoding="utf-8")
    (tmp_path / "one.csv").write_text("id,partner_city,country,notes,source\nA,Hanoi,VNM,n1,\nB,Lima,PER,,s1\n",
                                      encoding="utf-8")
    for fmt in ("csv", "parquet"):
        assert run("rank", folder, "--out", tmp_path / f"p.{fmt}", "--columns", "stage").exit_code == 0
        assert run("rank", tmp_path / "one.csv", "--out", tmp_path / f"o.{fmt}", "--columns", "stage").exit_code == 0
    assert (tmp_path / "p.csv").read_bytes() == (tmp_path / "o.csv").read_bytes()
    assert pq.read_table(tmp_path / "p.parquet").to_pylist() == pq.read_table(tmp_path / "o.parquet").to_pylist()
    # every row rejected: an empty ranking with the column types of one file's
    (folder / "a.csv").write_text("id,partner_city,country,stage\nA,Hanoi,VNM,bogus\n", encoding="utf-8")
    (folder / "b.csv").unlink()
    (tmp_path / "one.csv").write_text("id,partner_city,country,stage\nA,Hanoi,VNM,bogus\n", encoding="utf-8")
    assert run("rank", folder, "--out", tmp_path / "p.parquet").exit_code == 0
    assert run("rank", tmp_path / "one.csv", "--out", tmp_path / "o.parquet").exit_code == 0
    assert pq.read_schema(tmp_path / "p.parquet").types == pq.read_schema(tmp_path / "o.parquet").types


def test_unknown_columns_are_reported_before_any_part_as_the_folder_read_whole_reports_them(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.csv").write_text("id,partner_city,country,Stge\nA,Hanoi,VNM,pilot\n", encoding="utf-8")
    (folder / "b.csv").write_text("id,partner_city,country,fundng_status\nB,Lima,PER,x\n", encoding="utf-8")
    for strict in ([], ["--strict"]):
        parts = run("rank", folder, "--out", tmp_path / "o.csv", *strict)
        whole = run("rank", folder, "--out", tmp_path / "o.json", *strict)  # json: read whole
        assert parts.exit_code == whole.exit_code == (1 if strict else 0)
        assert parts.output.replace("o.csv", "o.json") == whole.output
