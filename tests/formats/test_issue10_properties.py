"""Issue 10's property tests: header spellings, ids and passthrough text surviving a rank round trip
byte for byte in every output format, files cut at a random byte, and identical bytes run to run."""

from __future__ import annotations

import csv
import io
import json
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polex.cli import main
from polex.engine.intake import resolve_header
from polex.models.vocabulary import FIELDS

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = [f.name for f in FIELDS]


@st.composite
def spelling(draw):
    name = draw(st.sampled_from(NAMES))
    words = name.split("_")
    sep = draw(st.sampled_from(["_", " ", "-", "", "  ", " - "]))
    cased = [draw(st.sampled_from([w, w.upper(), w.capitalize(), w.lower()])) for w in words]
    pad = draw(st.sampled_from(["", " "]))
    return name, pad + sep.join(cased) + pad


@SETTINGS
@given(spelling())
def test_any_header_spelling_reads_as_its_field(case):
    name, written = case
    header = resolve_header(["id", "partner_city", "country", written] if name not in
                            ("id", "partner_city", "country") else [written])
    assert header.names.get(written) == name or written == name


# ids and passthrough text: anything a cell can hold, minus what a CSV row or the trimming changes
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"),
               min_size=1, max_size=12).map(str.strip).filter(lambda t: t and t.lower() not in
                                                               ("unknown", "n/a", "?") and t[0] not in "=+-@")


def _read_out(path: Path, fmt: str) -> list[dict]:
    if fmt in ("csv", "tsv"):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle, delimiter="\t" if fmt == "tsv" else ","))
    if fmt == "json":
        return json.loads(path.read_text(encoding="utf-8"))
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]
    if fmt == "parquet":
        return pq.read_table(path).to_pylist()
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=4, unique_by=lambda t: t[0]))
def test_ids_and_passthrough_survive_every_output_format(items):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        src = folder / "in.json"
        src.write_text(json.dumps([{"id": i, "partner_city": "H", "country": "VNM", "notes": n} for i, n in items],
                                  ensure_ascii=False), encoding="utf-8")
        for fmt in ("csv", "tsv", "json", "jsonl", "parquet", "xlsx"):
            out = folder / f"out.{fmt}"
            res = CliRunner().invoke(main, ["rank", str(src), "--out", str(out)])
            assert res.exit_code == 0, res.output
            got = {str(r["id"]): r["notes"] for r in _read_out(out, fmt)}
            assert got == dict(items), fmt


@SETTINGS
@given(st.data())
def test_a_file_cut_at_any_byte_is_a_clean_error_or_a_consistent_read(data):
    fmt = data.draw(st.sampled_from(["csv", "tsv", "json", "jsonl", "yaml", "xlsx", "parquet"]))
    rows = [{"id": f"c{i}", "partner_city": "서울" if i % 2 else "Hà Nội", "country": "KOR", "stage": "pilot",
             "notes": 'a "quoted", text'} for i in range(6)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        whole = folder / f"whole.{fmt}"
        if fmt == "json":
            whole.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        elif fmt == "jsonl":
            whole.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        elif fmt == "yaml":
            import yaml

            whole.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
        else:
            from polex.formats import write_table

            write_table(whole, list(rows[0]), [list(r.values()) for r in rows], fmt=fmt)
        blob = whole.read_bytes()
        cut = data.draw(st.integers(min_value=0, max_value=len(blob)))
        path = folder / f"cut.{fmt}"
        path.write_bytes(blob[:cut])
        out, rejects = folder / "o.jsonl", folder / "r.jsonl"
        res = CliRunner().invoke(main, ["rank", str(path), "--out", str(out), "--rejects", str(rejects)])
        text = res.output + res.stderr
        assert "Traceback" not in text and "This is a bug" not in text, text
        assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
        assert res.exit_code in (0, 1, 2), text
        if res.exit_code == 0:
            import re

            total, ranked, rejected = map(int, re.search(r"(\d+) rows: (\d+) ranked, (\d+) rejected", text).groups())
            assert ranked + rejected == total <= len(rows) + 1
            assert len([x for x in out.read_text(encoding="utf-8").split("\n") if x]) == ranked


def test_two_runs_of_every_output_format_give_identical_bytes(tmp_path):
    fixture = Path(__file__).resolve().parents[2] / "fixtures" / "pipeline.csv"
    for fmt in ("csv", "tsv", "xlsx", "json", "jsonl", "parquet", "md"):
        blobs = []
        for run in (1, 2):
            out, rejects = tmp_path / f"{run}.{fmt}", tmp_path / f"{run}.rejects.{fmt}"
            res = CliRunner().invoke(main, ["rank", str(fixture), "--out", str(out), "--rejects", str(rejects),
                                            "--columns", "families,stage"])
            assert res.exit_code == 0, res.output
            blobs.append((out.read_bytes(), rejects.read_bytes()))
        assert blobs[0] == blobs[1], fmt
        if fmt == "xlsx":
            with zipfile.ZipFile(io.BytesIO(blobs[0][0])) as z:
                assert "2000-01-01T00:00:00Z" in z.read("docProps/core.xml").decode()
    res1 = CliRunner().invoke(main, ["rank", str(fixture), "--out", "-", "--format", "jsonl", "--quiet"])
    res2 = CliRunner().invoke(main, ["rank", str(fixture), "--out", "-", "--format", "jsonl", "--quiet"])
    assert res1.exit_code == 0 and res1.stdout_bytes == res2.stdout_bytes and res1.stderr == ""
    assert len(res1.stdout.splitlines()) == 155
