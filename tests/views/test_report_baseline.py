"""`polex report NEW --baseline OLD`: the movement since an older snapshot, in the table, the
summary and the drill-down data; nothing of it without --baseline."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from click.testing import CliRunner

import polex
from polex.cli import main
from polex.formats.pipeline import read_pipeline
from polex.views.labels_baseline import BASELINE_UI

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
PIPELINE = FIXTURES / "pipeline.csv"
DATA_BLOCK = re.compile(r'<script type="application/json" id="report-data">(.*?)</script>', re.S)
# An eligible candidate of the fixtures (rank 105) whose feasibility study is unknown; saying it
# was done flips a rule and moves it up 24 places.
CHANGED_ID = "000-C24"
FIELD = "feasibility_done"


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _report(tmp_path: Path, new: Path, *args: str, name: str = "r.html") -> str:
    out = tmp_path / name
    result = CliRunner().invoke(main, ["report", str(new), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def _data(html: str) -> dict:
    return json.loads(DATA_BLOCK.search(html).group(1))


def _moves(html: str) -> dict[str, int]:
    block = re.search(r'<div id="sum-baseline".*?</ul>', html, re.S).group(0)
    return {k: int(n) for k, n in re.findall(r'<li class="move-(\w+)"><strong data-n="(\d+)">', block)}


def _cells(html: str) -> dict[str, tuple[str, str]]:
    """id -> (rank change data-v, score change data-v) from the server-rendered table."""
    out = {}
    for tr in re.findall(r"<tr data-i=.*?</tr>", html, re.S):
        cid = re.search(r'<td class="id col-id"><code>(.*?)</code>', tr).group(1)
        dr = re.search(r'class="num col-drank[^"]*" data-v="([^"]*)"', tr).group(1)
        ds = re.search(r'class="num col-dscore[^"]*" data-v="([^"]*)"', tr).group(1)
        out[cid] = (dr, ds)
    return out


def one_field_changed(tmp_path: Path) -> Path:
    header, rows = _rows(PIPELINE)
    row = next(r for r in rows if r["id"] == CHANGED_ID)
    assert row[FIELD] == "", "the fixture changed: pick another candidate with an unknown feasibility_done"
    row[FIELD] = "true"
    return _write(tmp_path / "new.csv", header, rows)


def test_without_a_baseline_nothing_of_it_is_in_the_page(tmp_path):
    html = _report(tmp_path, PIPELINE)
    data = _data(html)
    assert "baseline" not in data and all("d" not in c for c in data["candidates"])
    assert "sum-baseline" not in html and "col-drank" not in html and "drill-since" not in html
    assert not set(BASELINE_UI["en"]) & set(data["ui"])
    assert len(re.findall(r"<script\b", html)) == 2


def test_a_baseline_of_the_same_file_shows_no_movement(tmp_path):
    html = _report(tmp_path, PIPELINE, "--baseline", str(PIPELINE))
    data = _data(html)
    assert data["baseline"] == {"source": "pipeline.csv"}
    assert {c["d"]["s"] for c in data["candidates"]} == {"unchanged"}
    assert all(c["d"]["dr"] == 0 and c["d"]["ds"] == 0 and not c["d"]["f"] and not c["d"]["r"]
               for c in data["candidates"])
    assert all(c["d"]["or"] == c["rank"] and c["d"]["os"] == c["score"] for c in data["candidates"])
    assert set(_moves(html).values()) == {0}
    assert 'data-none="1"' in html and "No movement" in html
    assert set(_cells(html).values()) == {("0", "0.0")}
    # The page script plus the baseline's and the CSV export's, each allowed by its hash and nothing else.
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    csp = re.search(r"script-src ([^;]*)", html).group(1).split()
    assert len(scripts) == 3 and len(csp) == 3 and "'unsafe-inline'" not in csp
    assert any('"previous_rank"' in js for js in scripts)  # the export's baseline columns


def test_one_changed_field_shows_exactly_that_row_field_and_its_flipped_rules(tmp_path):
    new = one_field_changed(tmp_path)
    html = _report(tmp_path, new, "--baseline", str(PIPELINE))
    data = _data(html)
    changed = [c for c in data["candidates"] if c["d"]["s"] == "changed"]
    assert [c["id"] for c in changed] == [CHANGED_ID]
    d = changed[0]["d"]
    assert d["f"] == [[FIELD, "unknown", "true"]]

    # The flipped rules, computed apart: the two snapshots' scorecards of that candidate.
    rankings = [polex.assess().rank(read_pipeline(p).columns) for p in (PIPELINE, new)]
    ids = [str(x) for x in read_pipeline(new).columns.ids]
    row = ids.index(CHANGED_ID)
    old_card, new_card = (r.scorecard(row) for r in rankings)
    want = [[j, a.outcome, b.outcome] for j, (a, b) in enumerate(zip(old_card.rules, new_card.rules))
            if a.outcome != b.outcome]
    assert want and d["r"] == want
    assert {data["rules"][j]["id"] for j, _, _ in d["r"]} <= {r.rule_id for r in new_card.rules}
    assert d["ds"] == round(new_card.score - old_card.score, 2) and d["os"] == round(old_card.score, 2)
    assert d["dr"] == old_card.rank - new_card.rank > 0 and d["or"] == old_card.rank

    # Everyone else: no field, no rule; at most moved around it.
    others = [c for c in data["candidates"] if c["id"] != CHANGED_ID]
    assert all(c["d"]["s"] in ("moved", "unchanged") and not c["d"]["f"] and not c["d"]["r"] for c in others)
    moves = _moves(html)
    assert moves["fields"] == 1 and moves["added"] == 0 and moves["removed"] == 0
    assert moves["moved"] == sum(1 for c in others if c["d"]["s"] == "moved")
    assert moves["up"] + moves["down"] == sum(1 for c in data["candidates"] if c["d"]["ds"])
    cells = _cells(html)
    assert cells[CHANGED_ID] == (str(d["dr"]), str(d["ds"]))
    assert 'data-none="0"' in html


def test_added_and_removed_candidates(tmp_path):
    header, rows = _rows(PIPELINE)
    old = _write(tmp_path / "old.csv", header, rows[1:])  # rows[0] is new since the baseline
    new = _write(tmp_path / "new.csv", header, rows[:-1])  # rows[-1] was removed
    html = _report(tmp_path, new, "--baseline", str(old), "--lang", "ko")
    data = _data(html)
    by_id = {c["id"]: c for c in data["candidates"]}
    assert by_id[rows[0]["id"]]["d"]["s"] == "added"
    assert rows[-1]["id"] not in by_id
    assert [c["id"] for c in data["candidates"] if c["d"]["s"] == "added"] == [rows[0]["id"]]
    moves = _moves(html)
    assert moves["added"] == 1 and moves["removed"] == 1 and moves["fields"] == 0
    assert f"<code>{rows[-1]['id']}</code>" in re.search(r'<p id="removed-ids">.*?</p>', html, re.S).group(0)
    tr = next(t for t in re.findall(r"<tr data-i=.*?</tr>", html, re.S) if f"<code>{rows[0]['id']}</code>" in t)
    assert '<span class="badge new">신규</span>' in tr and 'col-drank delta new" data-v=""' in tr
    assert "기준 시점 이후 변화" in html and data["ui"]["since_baseline"] == "기준 시점 이후 변화"


def test_labels_have_both_languages():
    assert set(BASELINE_UI["en"]) == set(BASELINE_UI["ko"])
    assert all(v.strip() for lang in BASELINE_UI.values() for v in lang.values())


def test_a_missing_baseline_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["report", str(PIPELINE), "-o", str(tmp_path / "r.html"),
                                       "--baseline", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2 and "--baseline" in result.output


def test_a_ranking_as_the_baseline_is_a_usage_error(tmp_path):
    ranking = tmp_path / "ranking.csv"
    assert CliRunner().invoke(main, ["rank", str(PIPELINE), "--out", str(ranking), "-q"]).exit_code == 0
    result = CliRunner().invoke(main, ["report", str(PIPELINE), "-o", str(tmp_path / "r.html"),
                                       "--baseline", str(ranking)])
    assert result.exit_code == 2 and "--baseline" in result.output and "is a ranking" in result.output
