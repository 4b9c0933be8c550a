"""`polex diff OLD NEW` on two rankings written by `polex rank` (issue 13): a ranking against itself
reports no change in every format; a one-field change reports the score and rank change and the
rules it flipped; fields are compared only where both rankings carry them; a ranking and a
pipeline together are a usage error."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from polex.cli import main
from polex.commands.common import FIXTURES, assessment_for

PIPELINE = FIXTURES / "pipeline.csv"
RANK_FORMATS = ("csv", "tsv", "xlsx", "json", "jsonl", "parquet")
DIFF_FORMATS = ("csv", "tsv", "xlsx", "json", "jsonl", "parquet", "md")
# An eligible candidate of the fixtures whose funding status is unknown; "committed" flips three
# funding rules and moves it up (a field `rank --columns` writes in every format).
CHANGED_ID = "001-E01"
FIELD, VALUE = "funding_status", "committed"
GATE_ID = "002-HANOI"  # a city development at construction stage, upper plan unknown: possibly ineligible


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def rank(source: Path, out: Path, *columns: str) -> Path:
    args = ["rank", source, "--out", out, "-q"] + (["--columns", ",".join(columns)] if columns else [])
    result = run(*args)
    assert result.exit_code == 0, result.output
    return out


def changed_pipeline(tmp_path: Path, field: str = FIELD, value: str = VALUE, cid: str = CHANGED_ID) -> Path:
    with open(PIPELINE, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = list(reader.fieldnames or []), list(reader)
    if field not in header:
        header.append(field)
    row = next(r for r in rows if r["id"] == cid)
    assert not row.get(field), "the fixture changed: pick another candidate"
    row[field] = value
    path = tmp_path / "changed-pipeline.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def diff_rows(*args) -> tuple[object, dict[str, dict]]:
    """Run diff with --out CSV; the result and its rows by id."""
    out = Path(args[-1])
    result = run("diff", *args[:-1], "--out", out)
    with open(out, encoding="utf-8-sig", newline="") as handle:
        return result, {r["id"]: r for r in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def rankings(tmp_path_factory):
    """The fixtures ranked in every format, plain and with the changed field's column."""
    root = tmp_path_factory.mktemp("rankings")
    new = changed_pipeline(root)
    out = {}
    for ext in RANK_FORMATS:
        out[("old", ext)] = rank(PIPELINE, root / f"old.{ext}", "stage", FIELD)
        out[("new", ext)] = rank(new, root / f"new.{ext}", "stage", FIELD)
        out[("plain", ext)] = rank(new, root / f"plain.{ext}")
    out["new_pipeline"] = new
    return out


@pytest.mark.parametrize("ext", RANK_FORMATS)
def test_a_ranking_against_itself_reports_no_change(rankings, ext):
    r = run("diff", rankings[("old", ext)], rankings[("old", ext)], "--exit-code")
    assert r.exit_code == 0, r.output
    assert "two rankings" in r.output and "No change" in r.output
    assert "Fields compared: name, partner_city, country, stage, funding_status." in r.output


def test_the_same_ranking_in_two_formats_reports_no_change(rankings, tmp_path):
    result, rows = diff_rows(rankings[("old", "xlsx")], rankings[("old", "parquet")], tmp_path / "d.csv")
    assert result.exit_code == 0, result.output
    assert {r["status"] for r in rows.values()} == {"unchanged"}
    assert not any(r["changed_fields"] or r["flipped_rules"] for r in rows.values())


@pytest.mark.parametrize("ext", RANK_FORMATS)
def test_one_changed_field_reports_score_rank_and_the_flipped_rules(rankings, tmp_path, ext):
    result, rows = diff_rows(rankings[("old", ext)], rankings[("new", "csv")], "--exit-code", tmp_path / "d.csv")
    assert result.exit_code == 1, result.output  # something changed
    row = rows[CHANGED_ID]
    assert row["status"] == "changed"
    assert row["changed_fields"] == f"{FIELD}: unknown → {VALUE}"
    # The score and rank change are the two rankings' own.
    old, new = (_ranking_row(rankings[(side, "csv")], CHANGED_ID) for side in ("old", "new"))
    assert float(row["old_score"]) == float(old["score"]) and float(row["new_score"]) == float(new["score"])
    assert float(row["score_change"]) == pytest.approx(float(new["score"]) - float(old["score"]), abs=1e-9)
    assert float(row["score_change"]) > 0
    assert int(float(row["rank_change"])) == int(old["rank"]) - int(new["rank"]) > 0
    # The flipped rules are those the pipeline diff reports for the same change.
    _, pipe = diff_rows(PIPELINE, rankings["new_pipeline"], tmp_path / "p.csv")
    assert row["flipped_rules"] == pipe[CHANGED_ID]["flipped_rules"] and row["flipped_rules"]
    for other, r in rows.items():
        if other != CHANGED_ID:
            assert not r["changed_fields"] and not r["flipped_rules"] and r["status"] in ("moved", "unchanged")


def test_without_input_columns_fields_are_not_available(rankings, tmp_path):
    plain_old = rank(PIPELINE, tmp_path / "plain-old.json")
    result, rows = diff_rows(plain_old, rankings[("plain", "parquet")], tmp_path / "d.csv")
    assert result.exit_code == 0, result.output
    assert "the other fields are not available" in " ".join(result.output.split())
    row = rows[CHANGED_ID]
    assert row["status"] == "changed" and float(row["score_change"]) > 0 and float(row["rank_change"]) > 0
    assert row["changed_fields"] == "other fields not available (rank with --columns FIELDS)"
    assert row["flipped_rules"] == ""  # the funding rules read fields the rankings do not carry


def test_with_every_field_carried_the_ranking_diff_is_the_pipeline_diff(rankings, tmp_path):
    used = ",".join(assessment_for(None, None).ruleset.used_fields)
    old = rank(PIPELINE, tmp_path / "all-old.json", *used.split(","))
    new = rank(rankings["new_pipeline"], tmp_path / "all-new.jsonl", *used.split(","))
    _, by_rankings = diff_rows(old, new, tmp_path / "r.csv")
    _, by_pipelines = diff_rows(PIPELINE, rankings["new_pipeline"], tmp_path / "p.csv")
    assert by_rankings.keys() == by_pipelines.keys()
    for cid, row in by_pipelines.items():
        for col in ("status", "old_rank", "new_rank", "rank_change", "old_eligible", "new_eligible",
                    "changed_fields", "flipped_rules"):
            assert by_rankings[cid][col] == row[col], (cid, col)


def test_a_gate_flip_is_read_from_gate_reasons(tmp_path):
    """No input column: a gate that became true is still reported, from the rankings' gate_reasons."""
    new = changed_pipeline(tmp_path, "upper_plan", "none", GATE_ID)  # a city development at construction: a gate
    old_rank, new_rank = rank(PIPELINE, tmp_path / "o.csv"), rank(new, tmp_path / "n.xlsx")
    result, rows = diff_rows(old_rank, new_rank, tmp_path / "d.csv")
    assert result.exit_code == 0, result.output
    row = rows[GATE_ID]
    _, pipe = diff_rows(PIPELINE, new, tmp_path / "p.csv")
    a = assessment_for(None, None)
    gates = {r.id for r in a.ruleset.rules if r.kind == "gate"}
    flipped_gates = [t.split(":")[0] for t in pipe[GATE_ID]["flipped_rules"].split("; ") if t.split(":")[0] in gates]
    assert flipped_gates, "the change should trip a gate"
    assert row["flipped_rules"] == "; ".join(f"{g}: not true → true" for g in flipped_gates)
    assert row["old_eligible"] == "true" and row["new_eligible"] == "false" and row["status"] == "changed"


@pytest.mark.parametrize("ext", DIFF_FORMATS)
def test_every_output_format(rankings, tmp_path, ext):
    out = tmp_path / f"d.{ext}"
    r = run("diff", rankings[("old", "csv")], rankings[("new", "json")], "--out", out)
    assert r.exit_code == 0, r.output
    assert out.stat().st_size
    if ext == "json":
        rows = {r["id"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
        assert rows[CHANGED_ID]["changed_fields"] == f"{FIELD}: unknown → {VALUE}"


@pytest.mark.parametrize("order", ["ranking_first", "pipeline_first"])
def test_a_ranking_and_a_pipeline_together_is_a_usage_error(rankings, order):
    ranking = rankings[("old", "csv")]
    args = (ranking, PIPELINE) if order == "ranking_first" else (PIPELINE, ranking)
    r = run("diff", *args)
    assert r.exit_code == 2
    text = " ".join(r.output.split())
    assert f"{ranking} is a ranking" in text and f"{PIPELINE} is a pipeline" in text
    assert "compare two pipelines or two rankings" in text


def test_a_broken_ranking_is_a_data_error(rankings, tmp_path):
    text = Path(rankings[("old", "csv")]).read_text(encoding="utf-8-sig").splitlines()
    header = next(csv.reader([text[0]]))
    cells = next(csv.reader([text[1]]))
    cells[header.index("score")] = "high"
    broken = tmp_path / "broken.csv"
    with open(broken, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerow(cells)
        handle.write("\n".join(text[2:]) + "\n")
    r = run("diff", broken, rankings[("old", "csv")])
    assert r.exit_code == 1 and "score 'high' is not a number" in r.output


def test_korean_notes(rankings):
    r = run("diff", rankings[("old", "csv")], rankings[("new", "csv")], "--lang", "ko")
    assert r.exit_code == 0, r.output
    assert "두 순위표로 비교함" in r.output and "비교한 항목" in r.output


def _ranking_row(path: Path, cid: str) -> dict:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return next(r for r in csv.DictReader(handle) if r["id"] == cid)
