"""The planner-facing CLI, as a new user meets it: every command and option, in English and
Korean, with exit codes (0 ok, 1 data or check failure, 2 usage), row counts and file contents
checked, and never a traceback."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from click.testing import CliRunner

import polex
from polex.cli import main
from polex.commands import common
from polex.commands import rank as rank_cmd
from polex.formats import ROW, read_table
from polex.formats.template import columns
from polex.models.vocabulary import FIELD_BY_NAME, FIELDS, REQUIRED

PIPELINE = Path(polex.__file__).resolve().parent / "fixtures" / "pipeline.csv"
RULES_DIR = Path(polex.__file__).resolve().parent / "rules"
HANGUL = re.compile("[\uac00-\ud7a3]")
FILE_COLUMNS = ["rank", "id", "name", "partner_city", "country", "score", "score_lo", "score_hi", "eligible",
                "gate_reasons", "top_reasons", "top_improvements", "completeness"]
HANOI = ["--set", "partner_city=Hanoi", "--set", "country=VNM"]


def run(*args, input=None, env=None, expect=0):
    """Invoke the CLI; check the exit code and that no traceback reached the user."""
    result = CliRunner().invoke(main, [str(a) for a in args], input=input, env={"POLEX_DEBUG": "1", **(env or {})},
                                prog_name="polex")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a crash: show it (POLEX_DEBUG=1 lets it through)
    assert "Traceback" not in result.output
    assert result.exit_code == expect, f"exit {result.exit_code}, expected {expect}:\n{result.output}"
    return result


def counts(stderr: str) -> tuple[int, int, int]:
    m = re.search(r"(\d+) rows: (\d+) ranked, (\d+) rejected", stderr) or \
        re.search(r"(\d+)행: 순위 (\d+)건, 제외 (\d+)건", stderr)
    assert m, stderr
    return tuple(int(x) for x in m.groups())


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> list[dict[str, str]]:
    """The fixture pipeline ranked once, as CSV: the reference every other format must match."""
    out = tmp_path_factory.mktemp("ref") / "ranking.csv"
    run("rank", PIPELINE, "--out", out)
    return read_csv(out)


def write_rows(path: Path, header: list[str], rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def fixture_rows() -> tuple[list[str], list[dict]]:
    header, rows = read_table(PIPELINE, "csv")
    return header, [{k: v for k, v in r.items() if k != ROW} for r in rows]


# ---- help --------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [[], ["demo"], ["score"], ["rank"], ["explain"], ["rules"], ["rules", "list"],
                                     ["rules", "show"], ["rules", "check"], ["rules", "test"], ["template"],
                                     ["schema"]])
def test_every_command_explains_itself(command):
    out = run(*command, "--help").output
    assert "Usage: polex" in out
    if command in (["score"], ["rank"], ["explain"], ["demo"]):
        assert "--lang [en|ko]" in out


def test_top_level_help_lists_the_planner_commands():
    out = run("--help").output
    for name in ("demo", "score", "rank", "explain", "rules", "template", "schema"):
        assert re.search(rf"^  {name}\s+\S", out, re.M), name
    assert "Exit codes: 0 ok, 1 data or check failure, 2 usage." in out
    assert run("-h").output == out
    assert run("--version").output.strip() == f"polex, version {polex.__version__}"


def test_unknown_command_and_option_are_usage_errors():
    assert "No such command 'rnak'" in run("rnak", expect=2).output
    assert "No such option" in run("rank", PIPELINE, "--tpo", "3", expect=2).output


# ---- demo --------------------------------------------------------------------------------------

def test_demo_ranks_the_fixtures_and_explains_the_best(reference):
    res = run("demo")
    best = reference[0]["id"]
    assert f"{len(reference)} cases from the source documents" in res.stdout
    assert res.stdout.count("\n") > 40
    assert f"rank 1 of {len(reference)}" in res.stdout
    assert "What would raise the score most" in res.stdout and "Unknowns worth finding out" in res.stdout
    assert f"polex explain {PIPELINE} --id {best}" in res.stdout
    table = res.stdout.split("\n\n")[0]
    assert [line.split()[1] for line in table.splitlines()[3:6]] == [r["id"] for r in reference[:3]]
    assert max(len(line) for line in table.splitlines()) <= 160  # the compact view fits the width


def test_demo_in_korean():
    res = run("demo", "--lang", "ko", "--top", "3")
    assert "polex 데모" in res.stdout and "1위 사례의 규칙별 설명" in res.stdout
    assert "점수를 가장 크게 올릴 개선 사항" in res.stdout and "순위 1 중" in res.stdout
    assert "주요 사유" in res.stdout and "요인군" in res.stdout
    assert res.stdout.count("\n") > 30
    res_full = run("demo", "--top", "1", "--full")
    assert "Why (the documents' reasons)" in res_full.stdout


def test_demo_language_from_the_environment():
    assert "polex 데모" in run("demo", "--top", "1", env={"POLEX_LANG": "ko"}).stdout


# ---- score -------------------------------------------------------------------------------------

def score_json(*args, **kw) -> dict:
    return json.loads(run("score", *args, "--format", "json", **kw).stdout)


def test_score_from_set_options_prints_the_whole_scorecard():
    out = run("score", *HANOI, "--set", "stage=pilot", "--set", "funding_sources=oda_loan;mdb").stdout
    for part in ("candidate  (Hanoi, VNM)", "Score ", "range ", "Families", "Rules", "What would raise the score most",
                 "Unknowns worth finding out", "000 L"):
        assert part in out
    card = score_json(*HANOI, "--set", "stage=pilot", "--set", "funding_sources=oda_loan;mdb")
    assert card["candidate"]["funding_sources"] == ["oda_loan", "mdb"]
    assert card["score_lo"] <= card["score"] <= card["score_hi"]
    assert card["rules"] and all(r["source"] for r in card["rules"])
    assert card["improvements"] and card["unknowns"]


def test_score_from_yaml_json_and_stdin_agree(tmp_path):
    cand = {"id": "h1", "partner_city": "Hanoi", "country": "VNM", "stage": "pilot", "phased": "yes",
            "demand_signal": "official_request", "funding_sources": ["oda_grant"]}
    (tmp_path / "c.yaml").write_text(yaml.safe_dump(cand), encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps([cand]), encoding="utf-8")
    a = score_json(tmp_path / "c.yaml")
    b = score_json(tmp_path / "c.json")
    c = score_json("-", input=json.dumps(cand))
    d = score_json(*[x for k, v in cand.items() if k != "funding_sources" for x in ("--set", f"{k}={v}")],
                   "--set", "funding_sources=oda_grant")
    assert a == b == c == d
    assert a["id"] == "h1" and a["candidate"]["phased"] is True
    # --set overrides the file
    e = score_json(tmp_path / "c.yaml", "--set", "stage=operation")
    assert e["candidate"]["stage"] == "operation"


def test_score_yaml_format_and_engines_agree():
    yaml_card = yaml.safe_load(run("score", *HANOI, "--set", "stage=pilot", "--format", "yaml").stdout)
    durable = score_json(*HANOI, "--set", "stage=pilot")
    batch = score_json(*HANOI, "--set", "stage=pilot", "--engine", "batch")
    assert yaml_card == durable
    assert durable["score"] == batch["score"] and durable["rules"] == batch["rules"]


def test_score_in_korean_has_korean_titles_and_reasons():
    card = score_json(*HANOI, "--lang", "ko")
    assert card["lang"] == "ko"
    assert all(HANGUL.search(r["title"]) and HANGUL.search(r["reason"]) for r in card["rules"])
    out = run("score", *HANOI, "--lang", "ko").stdout
    assert "점수" in out and "확인하면 좋을 미확인 항목" in out and "수요" in out


def test_score_full_prints_reasons():
    out = run("score", *HANOI, "--set", "demand_signal=official_request", "--full").stdout
    assert "Why (the documents' reasons)" in out and "(000 L47-66" in out


def test_score_gate_reasons_show_when_ineligible():
    card = score_json(*HANOI, "--set", "country=PRK", "--set", "partner_kind=dprk_city", "--set", "sanctions_regime=un_dprk",
                      "--set", "sanctions_category=economic_commercial")
    assert card["eligible"] is False and card["gates"]
    out = run("score", *HANOI, "--set", "country=PRK", "--set", "partner_kind=dprk_city", "--set", "sanctions_regime=un_dprk",
              "--set", "sanctions_category=economic_commercial").stdout
    assert "INELIGIBLE" in out and "✗ " + card["gates"][0]["title"] in out


def test_score_interactive_lists_values_and_accepts_numbers_and_unknown():
    # id, partner_city, country, then the others in vocabulary order; '.' stops
    answers = "x1\nHanoi\nVNM\n\nasia\n2\n.\n"
    res = run("score", "--interactive", "--format", "json", input=answers)
    card = json.loads(res.stdout)
    assert card["id"] == "x1" and card["candidate"]["region"] == "southeast_asia"
    assert "name" not in card["candidate"]  # Enter = unknown
    assert "1=east_asia  2=southeast_asia" in res.stderr
    assert "did you mean 'east_asia'?" in res.stderr  # a wrong value is asked again
    assert "polex score --set id=x1 --set partner_city=Hanoi --set country=VNM --set region=southeast_asia" \
        in res.stderr


def test_score_interactive_in_korean_with_set_values_kept():
    res = run("score", "-i", "--lang", "ko", "--format", "json", *HANOI, input="\n\nunknown\n3\n.\n")
    card = json.loads(res.stdout)
    assert card["id"] == "candidate" and card["candidate"]["partner_city"] == "Hanoi"
    assert card["candidate"]["partner_kind"] == "foreign_state_corporation"
    assert "협력 도시의 권역" in res.stderr and "항목을 차례로 입력하십시오" in res.stderr
    assert "partner_city *" not in res.stderr  # given already: not asked


def test_score_interactive_requires_the_required_fields():
    res = run("score", "-i", "--format", "json", input="x\n\nHanoi\nVNM\n.\n")
    assert "required: give a value" in res.stderr
    assert json.loads(res.stdout)["partner_city"] == "Hanoi"
    assert "Aborted" in run("score", "-i", input="x\n", expect=1).output  # input ends: no traceback


@pytest.mark.parametrize("args, code, message", [
    ([], 2, "give a candidate FILE"),
    (["--set", "stage"], 2, "expected field=value"),
    (["--set", "stag=pilot", *HANOI], 2, "unknown field 'stag' (did you mean 'stage'?)"),
    (["--set", "partner_city=Hanoi"], 1, "country: missing; it is required"),
    ([*HANOI, "--set", "stage=pilott"], 1, "stage: got 'pilott', expected one of discovery"),
    ([*HANOI, "--weights", "defualt"], 2, "did you mean 'default'?"),
    ([*HANOI, "--format", "xml"], 2, "Invalid value for '--format'"),
    ([*HANOI, "--lang", "fr"], 2, "Invalid value for '--lang'"),
    (["-", "--interactive"], 2, "cannot come from - too"),
])
def test_score_bad_input_gets_a_clear_answer(args, code, message):
    assert message in run("score", *args, expect=code).output


def test_score_bad_files(tmp_path):
    (tmp_path / "list.yaml").write_text("- {id: a}\n- {id: b}\n", encoding="utf-8")
    assert "expected one candidate" in run("score", tmp_path / "list.yaml", expect=1).output
    (tmp_path / "bad.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    assert "not a readable YAML or JSON candidate" in run("score", tmp_path / "bad.yaml", expect=1).output
    (tmp_path / "bin.yaml").write_bytes(b"\x00\x01\x02")
    assert "binary" in run("score", tmp_path / "bin.yaml", expect=1).output
    assert "no such file" in run("score", tmp_path / "nope.yaml", expect=1).output
    assert "polex rank FILE" in run("score", PIPELINE, expect=2).output
    (tmp_path / "big.yaml").write_text(f"{{id: a, partner_city: b, country: c, trained_officials: {'9' * 400}}}",
                                       encoding="utf-8")
    assert "trained_officials: got" in run("score", tmp_path / "big.yaml", expect=1).output


def test_score_with_extra_rules_and_weights_file(tmp_path):
    rules = _replacement_rules(tmp_path, points=40)
    base = score_json(*HANOI, "--set", "demand_signal=official_request")
    more = score_json(*HANOI, "--set", "demand_signal=official_request", "--rules", rules)
    assert more["score"] > base["score"]
    profile = yaml.safe_load((RULES_DIR / "profiles" / "default.yaml").read_text(encoding="utf-8"))
    profile["unknown_prior"] = 0.0
    profile.pop("base_rates", None)  # every unknown at the prior, so the prior is what moves
    profile.pop("base_rates_provenance", None)
    (tmp_path / "zero.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    zero = score_json(*HANOI, "--weights", tmp_path / "zero.yaml")
    default = score_json(*HANOI)
    assert zero["unknown_prior"] == 0.0 and default["unknown_prior"] == 0.5
    assert zero["score"] != default["score"] and (zero["score_lo"], zero["score_hi"]) == (
        default["score_lo"], default["score_hi"])  # the prior moves the point, not the range


# ---- rank: formats in and out ------------------------------------------------------------------

def _as(fmt: str, folder: Path) -> Path:
    header, rows = fixture_rows()
    path = folder / f"pipeline.{fmt}"
    if fmt in ("csv", "tsv"):
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, delimiter="\t" if fmt == "tsv" else ",")
            writer.writeheader()
            writer.writerows(rows)
    elif fmt == "xlsx":
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(header)
        for r in rows:
            sheet.append([r.get(h) or None for h in header])
        book.save(path)
    elif fmt == "json":
        path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    elif fmt == "jsonl":
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    elif fmt == "yaml":
        path.write_text(yaml.safe_dump({"candidates": rows}, allow_unicode=True), encoding="utf-8")
    elif fmt == "parquet":
        pq.write_table(pa.table({h: [r.get(h) or None for r in rows] for h in header}), path)
    return path


@pytest.mark.parametrize("fmt", ["csv", "tsv", "xlsx", "json", "jsonl", "yaml", "parquet"])
def test_rank_reads_every_input_format_to_the_same_ranking(tmp_path, fmt, reference):
    res = run("rank", _as(fmt, tmp_path), "--out", tmp_path / "out.csv")
    assert counts(res.stderr) == (len(reference), len(reference), 0)
    got = read_csv(tmp_path / "out.csv")
    assert [(r["id"], r["score"]) for r in got] == [(r["id"], r["score"]) for r in reference]


def _read_output(path: Path) -> list[dict]:
    fmt = path.suffix[1:]
    if fmt == "csv":
        return read_csv(path)
    if fmt == "xlsx":
        rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
        return [dict(zip(rows[0], r)) for r in rows[1:]]
    if fmt == "json":
        return json.loads(path.read_text(encoding="utf-8"))
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if fmt == "parquet":
        return pq.read_table(path).to_pylist()
    lines = path.read_text(encoding="utf-8").splitlines()
    head = [c.strip() for c in lines[0].strip("|").split("|")]
    return [dict(zip(head, (c.strip() for c in line.strip("|").split(" | ")))) for line in lines[2:]]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "jsonl", "parquet", "md"])
def test_rank_writes_every_output_format_with_full_columns(tmp_path, fmt, reference):
    out = tmp_path / f"ranking.{fmt}"
    res = run("rank", PIPELINE, "--out", out, "--top", 25)
    assert f"ranking written to {out}" in res.stderr
    assert res.stdout == ""  # the file has the ranking; the terminal only the counts
    rows = _read_output(out)
    assert len(rows) == 25
    assert list(rows[0])[:15] == FILE_COLUMNS[:9] + ["possibly_ineligible"] + FILE_COLUMNS[9:12] \
        + ["unknowns_to_check", "completeness"]
    assert "source" in rows[0]  # carried through from the input
    assert [str(r["id"]) for r in rows] == [r["id"] for r in reference[:25]]
    assert [int(r["rank"]) for r in rows] == list(range(1, 26))
    # the content, not just the shape: each row's score and reasons are the reference's, in rank order
    assert [float(r["score"]) for r in rows] == [float(r["score"]) for r in reference[:25]]
    assert [str(r["top_reasons"] or "") for r in rows] == [r["top_reasons"] for r in reference[:25]]
    assert all(len(str(r["top_reasons"]).split("; ")) == 3 for r in rows[:5])


def test_rank_terminal_view_is_compact(reference):
    res = run("rank", PIPELINE)
    lines = res.stdout.splitlines()
    assert max(len(line) for line in lines) <= 160
    body = [line for line in lines[2:] if re.match(r"\s*\d+\s", line)]
    assert len(body) == rank_cmd.TERMINAL_ROWS  # one line per candidate, the top 20 only
    assert [line.split()[1] for line in body] == [r["id"] for r in reference[:rank_cmd.TERMINAL_ROWS]]
    assert "…" in res.stdout  # long names are cut, not wrapped
    assert "; " not in "".join(body)  # the single top reason, not three
    assert f"showing the top 20 of {len(reference)}" in res.stderr
    assert len([ln for ln in run("rank", PIPELINE, "--top", 3).stdout.splitlines() if re.match(r"\s*\d+\s", ln)]) == 3


def test_rank_in_korean(tmp_path):
    res = run("rank", PIPELINE, "--lang", "ko", "--top", 5, "--out", tmp_path / "ko.csv")
    assert "행: 순위" in res.stderr
    rows = read_csv(tmp_path / "ko.csv")
    assert list(rows[0])[:3] == ["rank", "id", "name"]  # column names stay the public format
    assert all(HANGUL.search(r["top_reasons"]) for r in rows if r["top_reasons"])
    assert (tmp_path / "ko.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    term = run("rank", PIPELINE, "--lang", "ko", "--top", 3).stdout
    assert "주요 사유" in term and "협력 도시" in term


def test_rank_weights_rank_by_and_engines(tmp_path, reference):
    low = tmp_path / "low.csv"
    run("rank", PIPELINE, "--rank-by", "low", "--out", low)
    lows = [float(r["score_lo"]) for r in read_csv(low) if r["eligible"] == "true"]
    assert lows == sorted(lows, reverse=True)
    run("rank", PIPELINE, "--weights", "default", "--out", tmp_path / "w.csv")
    assert read_csv(tmp_path / "w.csv") == reference
    run("rank", PIPELINE, "--engine", "durable", "--top", 30, "--out", tmp_path / "d.csv")
    assert read_csv(tmp_path / "d.csv") == reference[:30]
    assert "did you mean 'default'" in run("rank", PIPELINE, "--weights", "defalt", expect=2).output


def _replacement_rules(tmp_path: Path, points: float = 40, break_example: bool = False) -> Path:
    data = yaml.safe_load((RULES_DIR / "demand.yaml").read_text(encoding="utf-8"))
    rule = next(r for r in data["rules"] if r["id"] == "partner_request_documented")
    rule["points"] = points
    if break_example:
        rule["examples"][0]["expect"] = False
    folder = tmp_path / ("broken" if break_example else "extra")
    folder.mkdir(exist_ok=True)
    (folder / "demand.yaml").write_text(yaml.safe_dump({"family": "demand", "rules": [rule]}, allow_unicode=True),
                                        encoding="utf-8")
    return folder


def test_rank_with_extra_rules_linted_before_use(tmp_path, reference):
    run("rank", PIPELINE, "--rules", _replacement_rules(tmp_path), "--out", tmp_path / "r.csv")
    changed = {r["id"]: float(r["score"]) for r in read_csv(tmp_path / "r.csv")}
    before = {r["id"]: float(r["score"]) for r in reference}
    assert changed != before and set(changed) == set(before)
    res = run("rank", PIPELINE, "--rules", _replacement_rules(tmp_path, break_example=True), expect=1)
    assert "partner_request_documented] example 1: expected false, got true" in res.output
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.yaml").write_text("family: demnd\nrules: []\n", encoding="utf-8")
    assert "did you mean 'demand'" in run("rank", PIPELINE, "--rules", bad, expect=1).output
    assert "does not exist" in run("rank", PIPELINE, "--rules", tmp_path / "none", expect=2).output


# ---- rank: bad input gets a clear answer, and nothing is lost ----------------------------------

def _mixed(tmp_path: Path) -> tuple[Path, int, int]:
    header, rows = fixture_rows()
    rows = rows[:40]
    rows[3]["stage"] = "pilott"  # a typo: rejected with a suggestion
    rows[7]["trained_officials"] = "-4"
    rows[7]["phased"] = "maybe"  # two problems, one row
    rows[11]["id"] = rows[10]["id"]  # a duplicate id
    rows[15]["country"] = ""  # a required value missing
    path = write_rows(tmp_path / "mixed.csv", header + ["stge"], [{**r, "stge": ""} for r in rows])
    return path, len(rows), 4


def test_rejects_file_and_counts(tmp_path):
    path, n, bad = _mixed(tmp_path)
    res = run("rank", path, "--out", tmp_path / "out.csv", "--rejects", tmp_path / "rejects.csv")
    assert counts(res.stderr) == (n, n - bad, bad)
    assert "unknown column 'stge' ignored (did you mean 'stage'?)" in res.stderr
    assert len(read_csv(tmp_path / "out.csv")) == n - bad
    rejects = read_csv(tmp_path / "rejects.csv")
    assert list(rejects[0]) == ["row", "id", "field", "value", "expected", "suggestion"]
    by_row = {}
    for r in rejects:
        by_row.setdefault(int(r["row"]), []).append(r)
    assert sorted(by_row) == [5, 9, 13, 17]  # spreadsheet row numbers (header = row 1)
    typo = by_row[5][0]
    assert (typo["field"], typo["value"], typo["suggestion"]) == ("stage", "pilott", "pilot")
    assert typo["expected"].startswith("one of discovery, consulting")
    assert {r["field"] for r in by_row[9]} == {"trained_officials", "phased"}
    assert by_row[9][0]["value"] in ("-4", "maybe")  # the value as given (-4 is a number: not escaped)
    assert by_row[13][0]["field"] == "id" and "used before" in by_row[13][0]["expected"]
    assert by_row[17][0]["field"] == "country"


def test_rejects_listed_on_stderr_without_a_file_and_strict(tmp_path):
    path, n, bad = _mixed(tmp_path)
    res = run("rank", path, "--top", 3)
    assert "row 5: stage: got 'pilott', expected one of discovery" in res.stderr
    assert "(did you mean 'pilot'?)" in res.stderr
    # the 'stge' column resembles a field: under --strict that alone is an error (issue 10)
    res = run("rank", path, "--strict", "--out", tmp_path / "o.csv", expect=1)
    assert "--strict: column 'stge' matches no field (did you mean 'stage'?)" in res.stderr
    header, rows = fixture_rows()
    rows = rows[:40]
    rows[3]["stage"] = "pilott"
    path = write_rows(tmp_path / "typo.csv", header, rows)
    res = run("rank", path, "--strict", "--out", tmp_path / "o.csv", expect=1)
    assert "--strict: 1 rows rejected" in res.stderr
    assert len(read_csv(tmp_path / "o.csv")) == n - 1  # still written, for the record
    path, n, bad = _mixed(tmp_path)
    run("rank", PIPELINE, "--strict", "--top", 1)  # no rejects: exit 0
    res = run("rank", path, "--lang", "ko", "--top", 1)
    assert "5행: stage: 값 'pilott'" in res.stderr


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "jsonl", "parquet", "md"])
def test_rejects_in_every_format(tmp_path, fmt):
    path, _, bad = _mixed(tmp_path)
    target = tmp_path / f"rejects.{fmt}"
    run("rank", path, "--rejects", target, "--top", 1)
    rows = _read_output(target)
    assert len({int(r["row"]) for r in rows}) == bad


def test_missing_required_column_is_a_usage_error(tmp_path):
    header, rows = fixture_rows()
    for column in REQUIRED:
        path = write_rows(tmp_path / "m.csv", [h for h in header if h != column],
                          [{k: v for k, v in r.items() if k != column} for r in rows[:3]])
        res = run("rank", path, expect=2)
        assert f"missing required column {column}" in res.output
    path = write_rows(tmp_path / "c.csv", ["id", "city", "country"], [{"id": 1, "city": 2, "country": 3}])
    assert "missing required column partner_city" in run("rank", path, expect=2).output


@pytest.mark.parametrize("name, data, code, message", [
    ("empty.csv", b"", 1, "the file is empty"),
    ("blank.csv", b"\n\n  \n", 1, "the file is empty"),
    ("header.csv", b"id,partner_city,country\n", 1, "no candidate rows"),
    ("binary.csv", bytes(range(256)) * 4, 1, "looks like a binary file"),
    ("latin.csv", "id,partner_city,country\né,\x81\x8d,ø\n".encode("latin-1"), 1, "cannot decode the text"),
    ("fake.xlsx", b"id,partner_city,country\n", 1, "not a readable Excel workbook"),
    ("fake.parquet", b"PAR1....", 1, "not a readable Parquet file"),
    ("broken.json", b'[{"id": 1', 1, "not valid JSON"),
    ("empty.json", b"[]", 1, "holds no candidates"),
    ("scalar.yaml", b"just text", 1, "expected a list of candidates"),
    ("bad.yaml", b"- {id: [\n", 1, "not valid YAML"),
    ("pipeline.pdf", b"%PDF", 1, "unknown file type .pdf"),
])
def test_unreadable_files_get_one_line_and_no_traceback(tmp_path, name, data, code, message):
    path = tmp_path / name
    path.write_bytes(data)
    res = run("rank", path, expect=code)
    assert message in res.output
    assert len(res.output.strip().splitlines()) == 1


def test_missing_file_and_folder(tmp_path):
    assert "no such file" in run("rank", tmp_path / "nope.csv", expect=1).output
    # A folder is a pipeline of its .csv, .tsv and .parquet files (tests/formats/test_folder.py); an empty one is not.
    assert "holds no .csv, .tsv or .parquet file" in run("rank", tmp_path, expect=1).output


def test_korean_encodings_are_read(tmp_path):
    text = "id,name,partner_city,country,stage\nk1,스마트 교통 사업,서울특별시,KOR,pilot\n"
    for encoding, name in (("utf-8", "u.csv"), ("utf-8-sig", "bom.csv"), ("cp949", "cp.csv")):
        (tmp_path / name).write_bytes(text.encode(encoding))
        run("rank", tmp_path / name, "--out", tmp_path / "o.json")
        out = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
        assert out[0]["name"] == "스마트 교통 사업" and out[0]["partner_city"] == "서울특별시"


def test_stdin_input(tmp_path, reference):
    res = run("rank", "-", "--out", tmp_path / "o.csv", input=PIPELINE.read_bytes())
    assert counts(res.stderr)[0] == len(reference)
    assert [r["id"] for r in read_csv(tmp_path / "o.csv")] == [r["id"] for r in reference]
    _, rows = fixture_rows()
    res = run("rank", "-", "--input-format", "jsonl", "--top", 2,
              input="".join(json.dumps(r) + "\n" for r in rows[:10]))
    assert counts(res.stderr) == (10, 10, 0)
    assert "<stdin>: line 1: this line is not JSON" in run("rank", "-", "--input-format", "jsonl", input="{", expect=1).output


def test_output_targets_are_checked_before_any_work(tmp_path):
    assert "is the input file" in run("rank", PIPELINE, "--out", PIPELINE, expect=2).output
    assert "unknown file type .txt2" in run("rank", PIPELINE, "--out", tmp_path / "r.txt2", expect=2).output
    assert "same file" in run("rank", PIPELINE, "--out", tmp_path / "a.csv", "--rejects", tmp_path / "a.csv",
                              expect=2).output
    assert not (tmp_path / "a.csv").exists()


def test_unwritable_output_is_a_data_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    res = run("rank", PIPELINE, "--out", blocker / "sub" / "r.csv", expect=1)
    # the data-error message, not the last-line-of-defence "unexpected ... bug in polex" one
    assert res.output.startswith(f"Error: cannot write {blocker / 'sub'}")
    assert "unexpected" not in res.output


# ---- formula injection and atomic writes, end to end -------------------------------------------

def test_formula_cells_are_escaped_in_csv_and_xlsx_output(tmp_path):
    rows = [{"id": "=HYPERLINK(\"http://evil\",\"x\")", "name": "@SUM(1+1)*cmd|' /C calc'!A0",
             "partner_city": "+Hanoi", "country": "-VNM", "stage": "pilot"},
            {"id": "-5", "name": "plain", "partner_city": "Hue", "country": "VNM"}]
    path = write_rows(tmp_path / "evil.csv", list(rows[0]), rows)
    run("rank", path, "--out", tmp_path / "o.csv", "--rejects", tmp_path / "rej.csv")
    out = {r["name"]: r for r in read_csv(tmp_path / "o.csv")}
    evil = out["'@SUM(1+1)*cmd|' /C calc'!A0"]
    assert evil["id"].startswith("'=HYPERLINK") and evil["partner_city"] == "'+Hanoi" and evil["country"] == "'-VNM"
    assert out["plain"]["id"] == "-5"  # a number-like id is not a formula
    assert all(not c.startswith(("=", "+", "@")) for r in out.values() for c in r.values())
    float(out["plain"]["score"])  # numbers stay numbers

    run("rank", path, "--out", tmp_path / "o.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "o.xlsx").active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert all(c.data_type != "f" for c in cells)
    formula_like = [c for c in cells if isinstance(c.value, str) and c.value[:1] in "=+@"]
    assert len(formula_like) >= 3 and all(c.quotePrefix and c.data_type == "s" for c in formula_like)


def test_interrupted_rank_keeps_the_previous_output(tmp_path, monkeypatch):
    out = tmp_path / "ranking.csv"
    out.write_text("previous\n", encoding="utf-8")
    import polex.formats.writers as formats

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(formats, "write_tables", interrupted)  # called once the temp file is open
    res = run("rank", PIPELINE, "--out", out, expect=1)
    assert "Aborted" in res.output
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["ranking.csv"]


# ---- progress, safety net, start-up ------------------------------------------------------------

def test_progress_bar_only_when_large_and_on_a_terminal(tmp_path, monkeypatch, reference):
    calls = []
    import polex.views.progress as render

    real = render.progress

    def spy(enabled, steps):
        calls.append(enabled)
        return real(enabled, steps)

    monkeypatch.setattr(render, "progress", spy)
    run("rank", PIPELINE, "--top", 1)
    assert calls == [False]  # not a terminal
    monkeypatch.setattr(common, "stderr_is_tty", lambda: True)
    run("rank", PIPELINE, "--top", 1)
    assert calls[-1] is False  # a terminal, but only 155 rows
    import polex.formats.stdin as stdin

    monkeypatch.setattr(stdin, "PROGRESS_ROWS", 100)
    run("rank", PIPELINE, "--out", tmp_path / "o.csv")
    assert calls[-1] is True
    assert [r["id"] for r in read_csv(tmp_path / "o.csv")] == [r["id"] for r in reference]


def test_an_unexpected_error_is_one_line_not_a_traceback(monkeypatch):
    import polex.formats.pipeline as pipeline

    def broken(path):
        raise RuntimeError("something odd\nsecond line")

    monkeypatch.setattr(pipeline, "read_pipeline", broken)
    result = CliRunner().invoke(main, ["rank", str(PIPELINE)], env={"POLEX_DEBUG": ""})
    assert result.exit_code == 1
    assert "Error: unexpected RuntimeError: something odd. This is a bug in polex" in result.output
    assert "Traceback" not in result.output and "second line" not in result.output
    result = CliRunner().invoke(main, ["rank", str(PIPELINE)], env={"POLEX_DEBUG": "1"})
    assert isinstance(result.exception, RuntimeError)


def test_cli_import_stays_light():
    code = ("import sys, polex.cli; print(sorted(m for m in ('pandas', 'pyarrow', 'openpyxl', 'sklearn', 'rich') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_installed_console_script(tmp_path):
    exe = shutil.which("polex", path=str(Path(sys.executable).parent)) or shutil.which("polex")
    assert exe, "the polex console script is not installed"
    env = {**os.environ, "POLEX_DEBUG": ""}
    done = subprocess.run([exe, "rank", str(PIPELINE), "--top", "5", "--out", str(tmp_path / "r.json")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))) == 5
    assert re.search(r"\d+ rows: \d+ ranked, 0 rejected", done.stderr)
    bad = subprocess.run([exe, "rank", str(tmp_path / "missing.csv")], capture_output=True, text=True, env=env,
                         timeout=60)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr and "no such file" in bad.stderr
    script = subprocess.run([exe], capture_output=True, text=True, env={**env, "_POLEX_COMPLETE": "bash_source"},
                            timeout=60)
    assert "_polex_completion" in script.stdout and "complete " in script.stdout


# ---- explain -----------------------------------------------------------------------------------

def test_explain_one_candidate_in_context(reference):
    target = reference[4]
    res = run("explain", PIPELINE, "--id", target["id"])
    assert f"rank 5 of {len(reference)}" in res.stdout and target["id"] in res.stdout
    card = json.loads(run("explain", PIPELINE, "--id", target["id"], "--format", "json").stdout)
    assert (card["rank"], card["of"], card["id"]) == (5, len(reference), target["id"])
    assert f"{card['score']:.2f}" == f"{float(target['score']):.2f}"
    ko = run("explain", PIPELINE, "--id", target["id"], "--lang", "ko", "--full").stdout
    assert f"순위 5 중 {len(reference)}" in ko and "근거 (문헌이 제시한 이유)" in ko
    assert yaml.safe_load(run("explain", PIPELINE, "--id", target["id"], "--format", "yaml").stdout)["rank"] == 5


def test_explain_unknown_or_rejected_id(tmp_path, reference):
    res = run("explain", PIPELINE, "--id", reference[0]["id"].lower() + "x", expect=1)
    assert "no candidate with id" in res.output and f"did you mean {reference[0]['id']!r}" in res.output
    path, _, _ = _mixed(tmp_path)
    header, rows = fixture_rows()
    res = run("explain", path, "--id", rows[3]["id"], expect=1)
    assert "row 5 was rejected: stage: got 'pilott'" in res.output
    assert "Missing option '--id'" in run("explain", PIPELINE, expect=2).output


# ---- rules -------------------------------------------------------------------------------------

def test_rules_list_show_in_both_languages():
    ruleset = polex.load_rules()
    out = run("rules", "list").stdout
    assert f"{len(ruleset)} rules in {len(ruleset.families)} families" in out
    assert all(r.id in out for r in ruleset.rules)
    listed = json.loads(run("rules", "list", "--format", "json", "--family", "demand", "--lang", "ko").stdout)
    assert listed and all(r["family"] == "demand" and HANGUL.search(r["title"]) for r in listed)
    assert "요인군" in run("rules", "list", "--lang", "ko").stdout
    assert "did you mean 'demand'" in run("rules", "list", "--family", "demnd", expect=2).output
    rule = ruleset.rules[0]
    shown = run("rules", "show", rule.id).stdout
    assert rule.title("en") in shown and "when:" in shown and "example:" in shown and rule.cites[:10] in shown
    ko = run("rules", "show", rule.id, "--lang", "ko").stdout
    assert rule.title("ko") in ko and "조건:" in ko
    assert f"did you mean {rule.id!r}" in run("rules", "show", rule.id[:-2], expect=1).output


def test_rules_check_and_test(tmp_path):
    assert re.search(r"\d+ rules checked: 0 errors", run("rules", "check").stdout)
    assert "오류 0건" in run("rules", "check", "--lang", "ko").stdout
    good = _replacement_rules(tmp_path)
    assert "1 rules checked: 0 errors" in run("rules", "check", good).stdout
    broken = _replacement_rules(tmp_path, break_example=True)
    res = run("rules", "test", broken, expect=1)
    assert "2 failed" in res.stdout  # one example, through both executors
    assert "FAIL [batch] partner_request_documented example 1: expected false, got true" in res.stdout
    assert "1 failed" in run("rules", "test", broken, "--engine", "durable", expect=1).stdout
    res = run("rules", "test", "--engine", "batch")
    assert re.search(r"\d+ passed, 0 failed", res.stdout)
    assert "실패 0건" in run("rules", "test", good, "--lang", "ko").stdout
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "demand.yaml").write_text("family: demand\nrules:\n  - id: Bad Id\n    kind: factor\n", encoding="utf-8")
    res = run("rules", "check", bad, expect=1)
    assert "error" in res.stdout and "demand.yaml:3" in res.stdout


# ---- template and schema -----------------------------------------------------------------------

def test_template_round_trip_xlsx(tmp_path, reference):
    path = tmp_path / "pipeline.xlsx"
    res = run("template", "--out", path)
    assert "dropdowns for every enum" in res.stderr
    assert "no candidate rows" in run("rank", path, expect=1).output  # empty: nothing to rank
    header, rows = fixture_rows()
    book = openpyxl.load_workbook(path)
    sheet = book["candidates"]
    names = [c.value for c in sheet[1]]
    for r in rows[:30]:
        sheet.append([r.get(n) or None for n in names])
    book.save(path)
    res = run("rank", path, "--out", tmp_path / "r.csv")
    assert counts(res.stderr) == (30, 30, 0)
    assert "unknown column" not in res.stderr
    ranked = {r["id"]: r["score"] for r in read_csv(tmp_path / "r.csv")}
    full = {r["id"]: r["score"] for r in reference}
    assert ranked.keys() == {r["id"] for r in rows[:30]}
    assert all(ranked[i] == full[i] for i in ranked)  # same scores as from the CSV


def test_template_round_trip_csv_and_yaml(tmp_path):
    run("template", "--out", tmp_path / "p.csv")
    with open(tmp_path / "p.csv", encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == columns()
    write_rows(tmp_path / "p.csv", header, [{"id": f"c{i}", "partner_city": "Hue", "country": "VNM",
                                             "stage": "pilot", "phased": "yes"} for i in range(5)])
    assert counts(run("rank", tmp_path / "p.csv", "--top", 1).stderr) == (5, 5, 0)

    run("template", "--out", tmp_path / "p.yaml", "--lang", "ko")
    data = yaml.safe_load((tmp_path / "p.yaml").read_text(encoding="utf-8"))
    blank = data["candidates"][0]
    data["candidates"] = [{**blank, "id": f"y{i}", "partner_city": "Hue", "country": "VNM"} for i in range(3)]
    (tmp_path / "p.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    assert counts(run("rank", tmp_path / "p.yaml", "--top", 1).stderr) == (3, 3, 0)
    data["candidates"] = data["candidates"][:1]  # one filled template item is one candidate for `score`
    (tmp_path / "one.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    assert json.loads(run("score", tmp_path / "one.yaml", "--format", "json").stdout)["id"] == "y0"


def test_template_refuses_to_overwrite_and_odd_names(tmp_path):
    path = tmp_path / "p.xlsx"
    path.write_text("a planner's filled pipeline", encoding="utf-8")
    assert "exists; use --force" in run("template", "--out", path, expect=2).output
    assert path.read_text(encoding="utf-8") == "a planner's filled pipeline"
    run("template", "--out", path, "--force")
    assert openpyxl.load_workbook(path).sheetnames[0] == "candidates"
    assert "expected a .xlsx, .csv, .yaml file" in run("template", "--out", tmp_path / "p.docx", expect=2).output
    assert "Missing option '--out'" in run("template", expect=2).output
    assert "양식 저장" in run("template", "--out", tmp_path / "k.csv", "--lang", "ko").stderr


def test_schema_describes_every_field():
    schema = json.loads(run("schema").stdout)
    assert schema["$schema"].endswith("2020-12/schema")
    assert schema["required"] == list(REQUIRED)
    props = schema["properties"]
    assert {f.name for f in FIELDS} <= set(props)
    for spec in FIELDS:
        prop = props[spec.name]
        assert prop["description"] == spec.en and prop["x-description-ko"] == spec.ko
        if spec.values and spec.kind != "list":
            options = prop.get("anyOf", [prop])
            assert any(o.get("enum") == list(spec.values) for o in options), spec.name
    assert props["stage"]["x-ordered"][0] == "discovery"
    ko = json.loads(run("schema", "--lang", "ko").stdout)
    assert ko["properties"]["stage"]["description"] == FIELD_BY_NAME["stage"].ko
    assert HANGUL.search(ko["description"])


def test_schema_accepts_the_fixture_candidates():
    """Every validated fixture candidate fits the schema's types and enums (a small checker:
    jsonschema is not a dependency)."""
    schema = json.loads(run("schema").stdout)
    types = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "array": list}

    def fits(value, prop) -> bool:
        options = prop.get("anyOf", [prop])
        for o in options:
            if o.get("type") == "null" and value is None:
                return True
            t = o.get("type")
            if t and isinstance(value, types[t]) and (t != "integer" or not isinstance(value, bool)):
                if "enum" in o and value not in o["enum"]:
                    continue
                if t == "array" and not all(v in o["items"].get("enum", [v]) for v in value):
                    continue
                return True
        return False

    ranking = polex.rank([{k: v for k, v in r.items() if k in FIELD_BY_NAME or k == "source"}
                          for r in fixture_rows()[1]])
    for record in ranking.columns.records():
        assert all(fits(v, schema["properties"][k]) for k, v in record.items()), record["id"]
        assert set(record) <= set(schema["properties"])


# ---- shell completion --------------------------------------------------------------------------

def test_shell_completion_through_click():
    res = CliRunner().invoke(main, [], prog_name="polex", env={"_POLEX_COMPLETE": "bash_source"})
    assert res.exit_code == 0 and "_polex_completion" in res.output
    for shell in ("zsh_source", "fish_source"):
        res = CliRunner().invoke(main, [], prog_name="polex", env={"_POLEX_COMPLETE": shell})
        assert res.exit_code == 0 and "polex" in res.output

    def complete(words: str) -> list[str]:
        env = {"_POLEX_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}
        out = CliRunner().invoke(main, [], prog_name="polex", env=env).output
        return [line.split(",", 1)[1] for line in out.splitlines() if "," in line]

    assert "template" in complete("polex tem")
    assert complete("polex score --set stag") == ["stage="]
    assert "stage=pilot" in complete("polex score --set stage=pi")
    assert complete("polex rank x.csv --weights def") == ["default"]
    assert "partner_request_documented" in complete("polex rules show partner_req")
    assert complete("polex rules list --family dem") == ["demand"]


# ---- repeated columns: no column silently replaces another -------------------------------------

def _repeated(tmp_path: Path, fmt: str) -> Path:
    header = ["id", "partner_city", "country", "stage", "stage"]
    rows = [["a", "Hue", "VNM", "pilot", "operation"], ["b", "Hanoi", "VNM", "discovery", ""]]
    if fmt == "xlsx":
        book = openpyxl.Workbook()
        for r in [header, *rows]:
            book.active.append(r)
        path = tmp_path / "rep.xlsx"
        book.save(path)
        return path
    path = tmp_path / "rep.csv"
    path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return path


def test_repeated_column_in_xlsx_and_stdin_is_reported(tmp_path):
    res = run("rank", _repeated(tmp_path, "xlsx"), "--out", tmp_path / "o.json")
    assert "unknown column 'stage (2)' ignored" in res.stderr
    stages = {r["id"]: r for r in json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))}
    assert set(stages) == {"a", "b"}  # the first 'stage' column counts
    res = run("rank", "-", "--top", 1, input=_repeated(tmp_path, "csv").read_bytes())
    assert "unknown column 'stage (2)' ignored" in res.stderr


def test_repeated_column_in_csv_is_reported(tmp_path):
    res = run("rank", _repeated(tmp_path, "csv"), "--top", 1)
    assert "unknown column 'stage (2)' ignored" in res.stderr


def test_remaining_options_of_explain_rules_and_demo(tmp_path, reference):
    target = reference[0]["id"]
    extra = _replacement_rules(tmp_path, points=40)
    base = json.loads(run("explain", PIPELINE, "--id", target, "--format", "json").stdout)
    more = json.loads(run("explain", PIPELINE, "--id", target, "--format", "json", "--rules", extra,
                          "--weights", "default").stdout)
    assert more["score"] != base["score"]
    low = json.loads(run("explain", PIPELINE, "--id", target, "--format", "json", "--rank-by", "low").stdout)
    assert low["score_lo"] == base["score_lo"] and low["rank"] >= 1
    _, rows = fixture_rows()
    piped = json.loads(run("explain", "-", "--id", rows[2]["id"], "--input-format", "json", "--format", "json",
                           input=json.dumps(rows[:5])).stdout)
    assert piped["id"] == rows[2]["id"] and piped["of"] == 5
    shown = run("rules", "show", "partner_request_documented", "--rules", extra).stdout
    assert "40 points" in shown
    listed = json.loads(run("rules", "list", "--format", "json", "--rules", extra, "--family", "demand").stdout)
    assert next(r for r in listed if r["id"] == "partner_request_documented")["points"] == 40
    assert "0 errors" in run("rules", "check", "--weights", "default").stdout
    assert "did you mean 'default'" in run("rules", "check", "--weights", "defalt", expect=2).output
    assert "rank 1 of" in run("demo", "--top", 2, "--weights", "default").stdout
    assert "Invalid value for '--top'" in run("demo", "--top", 0, expect=2).output


def test_score_imports_only_its_own_command():
    # Commands are registered by place and imported on first use: `polex score` loads neither the
    # other commands nor the file readers, pyarrow or pandas (its start-up is a benchmark figure).
    code = ("import sys\nfrom polex.cli import main\n"
            "try:\n    main(['score', '--set', 'id=x', '--set', 'partner_city=Hanoi', '--set', 'country=VNM'])\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('polex.commands.', 'polex.formats', 'pyarrow', "
            "'pandas'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "['polex.commands.common', 'polex.commands.score', 'polex.commands.speech']"


def test_every_command_is_listed_and_an_unknown_one_gets_a_suggestion():
    result = CliRunner().invoke(main, ["--help"])
    for name in ("calibrate", "demo", "diff", "explain", "portfolio", "rank", "report", "rules", "schema", "score",
                 "sensitivity", "template", "weights"):
        assert f"\n  {name} " in result.output
    assert "base-rates" in CliRunner().invoke(main, ["weights", "--help"]).output
    result = CliRunner().invoke(main, ["portfolo"])
    assert result.exit_code == 2 and "Did you mean 'portfolio'?" in result.output


@pytest.mark.parametrize("fmt", ["csv", "tsv", "parquet", "json", "xlsx"])
def test_number_and_yes_no_input_columns_are_written_in_every_format(tmp_path, fmt):
    src = tmp_path / "p.csv"
    src.write_text("id,partner_city,country,budget_usd_m,feasibility_done\na,Hanoi,VNM,13.5,yes\nb,Hue,VNM,,no\n"
                   "c,Vinh,VNM,2,\n", encoding="utf-8")
    out = tmp_path / f"r.{fmt}"
    result = CliRunner().invoke(main, ["rank", str(src), "--out", str(out), "--columns", "budget_usd_m,feasibility_done"])
    assert result.exit_code == 0, result.output
    if fmt == "parquet":
        rows = {r["id"]: r for r in pq.read_table(out).to_pylist()}
        assert rows["a"]["budget_usd_m"] == 13.5 and rows["b"]["budget_usd_m"] is None
        assert rows["a"]["feasibility_done"] is True and rows["c"]["feasibility_done"] is None
    elif fmt in ("csv", "tsv"):
        rows = {r["id"]: r for r in csv.DictReader(out.open(encoding="utf-8-sig"), delimiter="," if fmt == "csv" else "\t")}
        assert rows["a"]["budget_usd_m"] == "13.5" and rows["b"]["budget_usd_m"] == ""
        assert rows["b"]["feasibility_done"] == "false" and rows["c"]["feasibility_done"] == ""
