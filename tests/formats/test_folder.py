"""A folder or a glob of CSV, TSV and Parquet files is one pipeline: ranked exactly as the same
rows in one file, ids unique across the files, each reject naming its file and its row there,
rows in = ranked + rejected; clear errors for a folder or a glob that gives nothing to read."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import polex
from polex.cli import main

PIPELINE = Path(polex.__file__).resolve().parent / "fixtures" / "pipeline.csv"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t" if str(path).endswith(".tsv") else ","))


def split_fixture(folder: Path, parts: int = 3) -> list[dict]:
    """The bundled pipeline cut into CSV, TSV and Parquet parts (in sorted-name order)."""
    rows = read_csv(PIPELINE)
    header = list(rows[0])
    size = -(-len(rows) // parts)
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(parts):
        chunk = rows[k * size:(k + 1) * size]
        if k % 3 == 0:
            with open(folder / f"part{k}.csv", "w", encoding="utf-8", newline="") as fh:
                w = csv.DictWriter(fh, header)
                w.writeheader()
                w.writerows(chunk)
        elif k % 3 == 1:
            with open(folder / f"part{k}.tsv", "w", encoding="utf-8", newline="") as fh:
                w = csv.DictWriter(fh, header, delimiter="\t")
                w.writeheader()
                w.writerows(chunk)
        else:
            pq.write_table(pa.table({h: [r[h] or None for r in chunk] for h in header}), folder / f"part{k}.parquet")
    return rows


def test_a_folder_ranks_as_the_same_rows_in_one_file(tmp_path):
    split_fixture(tmp_path / "parts")
    one, many = tmp_path / "one.csv", tmp_path / "many.csv"
    a = run("rank", PIPELINE, "--out", one)
    b = run("rank", tmp_path / "parts", "--out", many)
    assert a.exit_code == b.exit_code == 0, b.output
    assert one.read_bytes() == many.read_bytes()
    assert a.output.splitlines()[-1].split(";")[0] == b.output.splitlines()[-1].split(";")[0]  # the same counts


def test_a_glob_reads_its_files_and_rejects_name_the_file(tmp_path):
    (tmp_path / "a.csv").write_text("id,partner_city,country,Stage\nA,Hanoi,VNM,pilot\nB,Suwon,KOR,pilot\n",
                                    encoding="utf-8")
    (tmp_path / "b.csv").write_text("id,partner_city,country,stage\nA,Lima,PER,pilot\nC,Lima,PER,bogus\n\nD,Lima,PER,\n",
                                    encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a pipeline", encoding="utf-8")
    rejects, out = tmp_path / "rejects.tsv", tmp_path / "out.tsv"
    refused = run("rank", str(tmp_path / "*.csv"), "--out", tmp_path / "a.csv")
    assert refused.exit_code == 2 and "--out" in refused.output  # an input file is never overwritten
    res = run("rank", str(tmp_path / "*.csv"), "--out", out, "--rejects", rejects)
    assert res.exit_code == 0, res.output
    assert "5 rows: 3 ranked, 2 rejected" in res.output
    assert [r["id"] for r in read_csv(out)] and {r["id"] for r in read_csv(out)} == {"A", "B", "D"}
    got = read_csv(rejects)
    assert list(got[0])[:3] == ["file", "row", "id"]
    assert [(Path(r["file"]).name, r["row"], r["field"]) for r in got] == [("b.csv", "2", "id"), ("b.csv", "3", "stage")]
    assert got[0]["expected"] == f"an id not used before ({tmp_path / 'a.csv'} row 2 has it)"
    ko = run("rank", str(tmp_path / "*.csv"), "--lang", "ko", "--rejects", rejects)
    assert ko.exit_code == 0 and list(read_csv(rejects)[0])[:2] == ["파일", "행"]
    assert f"({tmp_path / 'a.csv'} 2행에 이미 있음)" in read_csv(rejects)[0]["허용 값"]


def test_a_field_typed_as_number_in_one_file_and_text_in_another(tmp_path):
    pq.write_table(pa.table({"id": ["P"], "partner_city": ["Lima"], "country": ["PER"], "budget_usd_m": [3.5]}),
                   tmp_path / "a.parquet")
    (tmp_path / "b.csv").write_text("id,partner_city,country,budget_usd_m\nQ,Lima,PER,12\nR,Lima,PER,lots\n",
                                    encoding="utf-8")
    out = tmp_path / "out.csv"
    res = run("rank", tmp_path, "--out", out, "--columns", "budget_usd_m")
    assert res.exit_code == 0, res.output
    assert {r["id"]: r["budget_usd_m"] for r in read_csv(out)} == {"P": "3.5", "Q": "12"}
    assert "3 rows: 2 ranked, 1 rejected" in res.output and "b.csv, row 3: budget_usd_m" in res.output


@pytest.mark.parametrize("setup, arg, text", [
    (lambda d: (d / "x.md").write_text("x"), "{d}", "holds no .csv, .tsv or .parquet file"),
    (lambda d: None, "{d}/*.csv", "no such file"),
    (lambda d: (d / "a.xlsx").write_bytes(b"x"), "{d}/*", "reads .csv, .tsv and .parquet files only"),
    (lambda d: (d / "a.csv").write_text("id,country\nA,VNM\n"), "{d}", "missing required column partner_city"),
])
def test_a_folder_or_glob_with_nothing_to_read_is_a_clear_error(tmp_path, setup, arg, text):
    setup(tmp_path)
    res = run("rank", arg.format(d=tmp_path))
    assert res.exit_code == 1 and text in res.output and "Traceback" not in res.output, res.output


def test_portfolio_and_explain_read_a_folder(tmp_path):
    split_fixture(tmp_path / "parts")
    assert run("portfolio", tmp_path / "parts", "--max-count", 3, "--draws", 0).exit_code == 0
    res = run("explain", tmp_path / "parts", "--id", "002-HANOI")
    assert res.exit_code == 0 and "002-HANOI" in res.output
