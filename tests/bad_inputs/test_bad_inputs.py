"""Issue 10's must-hold: every bad input gives its exit code and message, every row is ranked or
rejected (rows in = ranked + rejected, checked against the written files), and no traceback."""

from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from polex.cli import main

_spec = importlib.util.spec_from_file_location("bad_inputs_make", Path(__file__).with_name("make.py"))
make = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make)
CASES = make.cases()
FORMATS = {Path(c[0]).suffix for c in CASES}


def test_there_are_at_least_60_files_in_every_format():
    assert len(CASES) >= 60
    assert FORMATS >= {".csv", ".tsv", ".xlsx", ".json", ".jsonl", ".yaml", ".parquet"}
    assert len({c[0] for c in CASES}) == len(CASES)


def test_the_committed_files_match_the_script():
    here = Path(__file__).resolve().parent / "files"
    for name, data, *_ in CASES:
        assert (here / name).read_bytes() == data, name


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_input(tmp_path, case):
    name, data, code, piece, counts, args = case
    path = tmp_path / name
    path.write_bytes(data)
    out, rejects = tmp_path / "out.csv", tmp_path / "rejects.csv"
    result = CliRunner().invoke(main, ["rank", str(path), "--lang", "en", *args])
    text = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "Traceback" not in text and (result.exception is None or isinstance(result.exception, SystemExit)), text
    assert result.exit_code == code, text
    assert piece in text, text
    if counts is None:
        return
    m = re.search(r"(\d+) rows: (\d+) ranked, (\d+) rejected", text)
    assert m and tuple(map(int, m.groups())) == counts, text
    total, ranked, rejected = counts
    assert ranked + rejected == total
    # the same again into files: the files hold exactly those rows
    result = CliRunner().invoke(main, ["rank", str(path), "--out", str(out), "--rejects", str(rejects), *args])
    assert result.exit_code == code, result.output
    with open(out, encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == ranked
    with open(rejects, encoding="utf-8-sig", newline="") as handle:
        assert len({r["row"] for r in csv.DictReader(handle)}) == rejected
