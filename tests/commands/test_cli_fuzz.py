"""Fuzzed pipeline files never crash `polex rank`, and nothing is lost: wrong types, unknown enum
values, empty cells, huge cells, Korean text and stray columns, through the CSV (columnar) and
JSON (row by row) readers. Rows in = rows ranked + rows rejected, every time."""

from __future__ import annotations

import csv
import json
import re
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polex.cli import main
from polex.models.vocabulary import BOOL, ENUM, FIELD_BY_NAME, FIELDS, FLOAT, INT, LIST, ORDINAL, REQUIRED

OPTIONAL = [f.name for f in FIELDS if not f.required]
STRAY = ["stge", "비고", "Partner City", "notes2", "(extra)", "x" * 40, "도시명", "score", "rank"]
KOREAN = st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=12)
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20)
HUGE = st.sampled_from(["x" * 20_000, "가" * 8_000, "=" * 5_000, "9" * 400, "a;" * 3_000])
NUMBERISH = st.sampled_from(["-3", "0", "12", "1e400", "nan", "inf", "-0.5", "1,000", "3.7", " 5 ", "１２"])
EMPTY = st.sampled_from(["", " ", "unknown", "UNKNOWN", "n/a", "?"])
FORMULA = st.sampled_from(["=1+1", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3"])


def valid_cell(name: str):
    spec = FIELD_BY_NAME[name]
    if spec.kind in (ENUM, ORDINAL):
        return st.sampled_from(spec.values + tuple(v.upper() for v in spec.values))
    if spec.kind == LIST:
        return st.lists(st.sampled_from(spec.values), max_size=3).map(";".join)
    if spec.kind == BOOL:
        return st.sampled_from(["true", "False", "yes", "NO", "1", "0", "y", "f"])
    if spec.kind in (INT, FLOAT):
        return st.integers(min_value=0, max_value=10_000).map(str)
    return st.one_of(TEXT.filter(str.strip), KOREAN)


def cell_for(name: str):
    return st.one_of(valid_cell(name) if name in FIELD_BY_NAME else TEXT, valid_cell(name) if name in FIELD_BY_NAME
                     else KOREAN, EMPTY, TEXT, KOREAN, NUMBERISH, FORMULA, HUGE)


@st.composite
def pipelines(draw):
    header = list(REQUIRED) + draw(st.lists(st.sampled_from(OPTIONAL), unique=True, max_size=10)) \
        + draw(st.lists(st.sampled_from(STRAY), unique=True, max_size=3))
    n = draw(st.integers(min_value=1, max_value=12))
    ids = st.one_of(st.sampled_from(["a", "b", "c", "A", " a ", "가"]), TEXT, KOREAN, EMPTY, HUGE)
    rows = []
    for _ in range(n):
        row = {h: draw(cell_for(h)) for h in header}
        row["id"] = draw(ids)
        rows.append(row)
    return header, rows


JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10 ** 30), max_value=10 ** 30),
              st.floats(allow_nan=False, allow_infinity=False), TEXT, KOREAN),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=2)),
    max_leaves=5)


@st.composite
def json_pipelines(draw):
    header, rows = draw(pipelines())
    out = []
    for row in rows:
        record = {}
        for key, value in row.items():
            choice = draw(st.integers(min_value=0, max_value=3))
            if choice == 0 and key not in REQUIRED:
                continue  # a key a row does not have
            record[key] = draw(JSON_VALUE) if choice == 1 else value
        for key in REQUIRED:
            record.setdefault(key, row[key])
        out.append(record)
    return out


def _blank(value) -> bool:
    """formats.rows.is_blank_row's cell: nothing, or only white space (`unknown` is an answer)."""
    return value is None or (isinstance(value, str) and not value.strip())


def _rank(path: Path, folder: Path):
    out, rejects = folder / "out.jsonl", folder / "rejects.jsonl"
    result = CliRunner().invoke(main, ["rank", str(path), "--out", str(out), "--rejects", str(rejects)],
                                env={"POLEX_DEBUG": "1"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert "Traceback" not in result.output
    return result, out, rejects


def _check(result, out: Path, rejects: Path, expected_rows: int, row_numbers: set[int]):
    if expected_rows == 0:
        assert result.exit_code == 1 and ("no candidate" in result.output or "no candidates" in result.output)
        return
    assert result.exit_code == 0, result.output
    m = re.search(r"(\d+) rows: (\d+) ranked, (\d+) rejected", result.stderr)
    assert m, result.stderr
    total, ranked, rejected = map(int, m.groups())
    ranked_rows = [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n") if line]
    reject_rows = [json.loads(line) for line in rejects.read_text(encoding="utf-8").split("\n") if line]
    assert total == expected_rows
    assert ranked + rejected == total  # nothing is lost
    assert len(ranked_rows) == ranked
    assert len({r["row"] for r in reject_rows}) == rejected
    assert {r["row"] for r in reject_rows} <= row_numbers
    assert [r["rank"] for r in ranked_rows] == list(range(1, ranked + 1))
    assert len({r["id"] for r in ranked_rows}) == ranked  # ids are unique among the ranked
    for r in reject_rows:
        assert r["field"] and r["expected"]


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                      HealthCheck.data_too_large])


@FUZZ
@given(pipelines(), st.sampled_from(["utf-8", "utf-8-sig"]))
def test_fuzzed_csv_never_crashes_and_loses_no_row(data, encoding):
    header, rows = data
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "pipeline.csv"
        with open(path, "w", encoding=encoding, newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows)
        # each record is numbered by the line it starts on (a line break in a cell moves the next)
        starts, line = [], 2
        for r in rows:
            starts.append(line)
            line += sum(str(v).count("\n") + str(v).count("\r") - str(v).count("\r\n") for v in r.values()) + 1
        kept = [n for n, r in zip(starts, rows) if any(str(v).strip() for v in r.values())]
        result, out, rejects = _rank(path, folder)
        _check(result, out, rejects, len(kept), set(kept))


@FUZZ
@given(json_pipelines())
def test_fuzzed_json_never_crashes_and_loses_no_row(records):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "pipeline.json"
        path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        kept = [i for i, r in enumerate(records, start=1) if not all(_blank(v) for v in r.values())]
        result, out, rejects = _rank(path, folder)
        _check(result, out, rejects, len(kept), set(kept))
