"""`polex report` without a browser: size, escaping, offline-ness, determinism, content."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import polex
from polex.cli import main
from polex.views.fonts import find_cjk_font
from polex.views.report import AXES, ON_MEDIAN, QUADRANTS, build_context, json_for_script

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
PIPELINE = FIXTURES / "pipeline.csv"
EVIL = "<script>alert(1)</script>"
DATA_BLOCK = re.compile(r'<script type="application/json" id="report-data">(.*?)</script>', re.S)


def _run(*args: str):
    return CliRunner().invoke(main, ["report", *map(str, args)])


def _report(tmp_path: Path, *args: str, source: Path = PIPELINE, name: str = "report.html") -> str:
    out = tmp_path / name
    result = _run(source, "-o", out, *args)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def _data(html: str) -> dict:
    return json.loads(DATA_BLOCK.search(html).group(1))


def _csv(tmp_path: Path, rows: list[dict], name: str = "pipeline.csv") -> Path:
    header = sorted({k for r in rows for k in r}, key=lambda k: (k != "id", k))
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_fixture_report_is_small_and_self_contained(tmp_path):
    html = _report(tmp_path)
    size = (tmp_path / "report.html").stat().st_size
    assert size < 5 * 1024 * 1024
    assert html.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in html
    # Nothing to fetch: no src/href to another resource, no stylesheet links, no URLs at all.
    markup = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    assert not re.search(r"\s(src|srcset|action|formaction|poster|data|xlink:href)\s*=", markup)
    assert all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', html))
    assert "<link" not in html and "@import" not in html
    # The one url() is the embedded font, a data: URL the CSP allows (font-src data:).
    assert re.findall(r"url\(([a-z]+:[a-z/]+)", html) == ["data:font/woff"]
    assert "http://" not in html and "https://" not in html
    # The CSP forbids any fetch and allows exactly the inline script it hashes.
    assert "default-src 'none'" in html and "connect-src 'none'" in html
    assert "'unsafe-inline'" not in re.search(r"script-src [^;]*", html).group(0)
    data = _data(html)
    with open(PIPELINE, encoding="utf-8-sig", newline="") as handle:
        n = sum(1 for _ in csv.DictReader(handle))
    assert len(data["candidates"]) == n
    assert len(re.findall(r"<tr data-i=", html)) == n


def test_candidate_data_matches_the_scorecards(tmp_path):
    html = _report(tmp_path)
    data = _data(html)
    ranking = polex.assess().rank(_columns(PIPELINE))
    assert [r["id"] for r in data["rules"]] == [r.id for r in ranking.assessment.ruleset.rules]
    for k, row in enumerate(ranking.order[:5]):
        card = ranking.scorecard(int(row))
        c = data["candidates"][k]
        assert (c["id"], c["rank"]) == (card.id, card.rank) == (c["id"], k + 1)
        assert c["o"] == "".join({"true": "t", "false": "f", "unknown": "u", "n/a": "n"}[r.outcome] for r in card.rules)
        assert c["c"] == pytest.approx([r.contribution for r in card.rules], abs=0.006)
        assert c["score"] == pytest.approx(card.score, abs=0.006)
        assert [data["rules"][m[0]]["id"] for m in c["imp"]] == [m.rule_id for m in card.improvements]
        assert [u[0] for u in c["unk"]] == [u.field for u in card.unknowns]
        # The composite indices are the profile-weighted means of their families' scores.
        fam = {f.family: f for f in card.families}
        profile_w = dict(zip(ranking.assessment.scorer_.families_, ranking.assessment.scorer_.weights_))
        for axis, (_, members) in zip(("x", "y"), AXES):
            w = np.array([profile_w[f] for f in members])
            s = np.array([fam[f].score for f in members])
            assert c[axis] == pytest.approx(100 * (w @ s) / w.sum(), abs=0.006)


def _columns(path: Path):
    from polex.formats.pipeline import read_pipeline

    return read_pipeline(path).columns


def test_hostile_text_is_escaped(tmp_path):
    rows = [{"id": "evil-1", "name": EVIL, "partner_city": "<img src=x onerror=alert(2)>", "country": "PHL",
             "policy": "</script><script>alert(3)</script>", "stage": "pilot"},
            {"id": "ok-&-<2>", "name": "A & B", "partner_city": "Hanoi", "country": "VNM"}]
    html = _report(tmp_path, source=_csv(tmp_path, rows))
    assert EVIL not in html and "<img" not in html and "alert(3)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the table cell shows it as text
    # Exactly two script elements: the JSON data (not executed) and the page script.
    assert len(re.findall(r"<script\b", html)) == 2
    block = DATA_BLOCK.search(html).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    by_id = {c["id"]: c for c in data["candidates"]}
    assert by_id["evil-1"]["name"] == EVIL  # the data survives the escaping intact
    assert ["policy", "</script><script>alert(3)</script>"] in by_id["evil-1"]["facts"]
    assert by_id["ok-&-<2>"]["name"] == "A & B"


def test_json_for_script():
    value = {"a": "</script><!-- & \u2028 \u2029 >", "b": [1, 2.5, None, True], "한": "한국어"}
    text = json_for_script(value)
    assert json.loads(text) == value
    assert not set("<>&\u2028\u2029") & set(text)
    assert "한국어" in text
    with pytest.raises(ValueError):
        json_for_script({"x": float("nan")})


def test_same_input_same_bytes(tmp_path):
    a = _report(tmp_path, "--sensitivity", "50", name="a.html")
    b = _report(tmp_path, "--sensitivity", "50", name="b.html")
    assert a == b


def test_korean_report(tmp_path):
    html = _report(tmp_path, "--lang", "ko")
    assert '<html lang="ko">' in html
    assert "Noto Sans KR" in html and "Malgun Gothic" in html
    assert "순위표" in html and "사분면 지도" in html
    data = _data(html)
    assert data["ui"]["true"] == "충족"
    ranking = polex.assess().rank(_columns(PIPELINE))
    best = ranking.scorecard(int(ranking.order[0]), "ko")
    titles = {r["id"]: r["title"] for r in data["rules"]}
    assert titles[best.rules[0].rule_id] == best.rules[0].title


def test_sensitivity_columns_and_chart(tmp_path):
    html = _report(tmp_path, "--sensitivity", "100")
    data = _data(html)
    assert data["sens"] == {"k": 10}
    assert all(len(c["s"]) == 4 for c in data["candidates"])
    first = data["candidates"][0]
    assert first["s"][1] <= first["s"][0] <= first["s"][2]
    assert 0 <= first["s"][3] <= 1
    assert 'id="sens-chart"' in html and "P(top 10)" in html
    plain = _report(tmp_path, name="plain.html")
    assert 'id="sens-chart"' not in plain and "--sensitivity N" in plain


def test_sensitivity_context_from_any_fitted_object():
    """build_context reads only the documented attributes (aligned to the input rows)."""
    ranking = polex.assess().rank(_columns(PIPELINE))
    n = len(ranking)

    class Fake:
        draws, concentration, seed, top_k = 7, 50.0, 0, 3
        median_rank_ = np.arange(1, n + 1, dtype=float)
        rank_lo_ = np.maximum(1, median_rank_ - 2)
        rank_hi_ = median_rank_ + 2
        p_top_ = np.linspace(1, 0, n)

    ctx = build_context(ranking, sensitivity=Fake())
    row = int(ranking.order[0])
    assert ctx["data"]["candidates"][0]["s"] == [row + 1.0, max(1.0, row - 1.0), row + 3.0,
                                                 pytest.approx(Fake.p_top_[row], abs=1e-3)]
    assert "P(top 3)" == ctx["t"]["p_top"]
    assert len(ctx["sens"]["chart"]["rows"]) == min(40, n)


def test_top_rejects_and_appendix(tmp_path):
    rows = [{"id": f"c{i}", "partner_city": "Hanoi", "country": "VNM", "stage": "pilot", "region": "southeast_asia"}
            for i in range(6)]
    rows.append({"id": "bad", "partner_city": "Hanoi", "country": "VNM", "stage": "pilott"})
    html = _report(tmp_path, "--top", "4", source=_csv(tmp_path, rows))
    data = _data(html)
    assert len(data["candidates"]) == 4
    assert "Only the top 4 of 6 ranked candidates" in html
    assert 'id="rejects"' in html and "pilott" in html
    # The appendix lists every rule with its source, and the profile with its justifications.
    ruleset = polex.load_rules()
    for r in ruleset.rules:
        assert f'id="rule-{r.id}"' in html
    assert html.count('<tr id="rule-') == len(ruleset)
    profile = polex.load_profile()
    for fw in profile.families.values():
        assert fw.why.replace("'", "&#39;") in html


def test_filters_list_the_values_present(tmp_path):
    html = _report(tmp_path)
    regions = set(re.findall(r'data-region="([a-z_]*)"', html)) - {""}
    options = re.search(r'<select id="f-region".*?</select>', html, re.S).group(0)
    assert set(re.findall(r'<option value="([a-z_]+)"', options)) == regions


def test_usage_errors(tmp_path):
    result = _run(PIPELINE, "-o", tmp_path / "report.txt")
    assert result.exit_code == 2 and ".html" in result.output
    result = _run(PIPELINE)
    assert result.exit_code == 2
    result = _run(PIPELINE, "-o", tmp_path / "r.html", "--sensitivity", "0")
    assert result.exit_code == 2
    result = _run(tmp_path / "missing.csv", "-o", tmp_path / "r.html")
    assert result.exit_code == 1
    assert not (tmp_path / "r.html").exists()


def test_a_learned_profile_shows_its_provenance(tmp_path):
    import yaml

    from polex.rules.loader import profile_path

    profile = yaml.safe_load(profile_path(None).read_text(encoding="utf-8"))
    profile.update(name="learned", provenance={"method": "logistic <regression>", "records": 37,
                                               "metrics": {"auc": 0.81}})
    path = tmp_path / "learned.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    html = _report(tmp_path, "--weights", str(path))
    block = re.search(r'<dl class="provenance">.*?</dl>', html, re.S).group(0)
    assert "logistic &lt;regression&gt;" in block and "auc: 0.81" in block and "37" in block
    assert "<code>learned</code>" in html


# ---- report v2 (issue 13) ----------------------------------------------------------------------


def ranking_file_quadrant_counts(tmp_path: Path, source: Path = PIPELINE, **filters: str) -> list[int]:
    """Quadrant counts computed apart from the report: eligibility from the ranking file that
    `polex rank --out` writes, region/field/stage from the input, each candidate's two indices
    from its family scores under the profile's weights (the ranking file does not carry family
    scores); only eligible candidates count, medians over the eligible, ties on a median apart.
    Returns [advance, prepare, partner, reconsider, on a median line]."""
    out = tmp_path / "ranking.csv"
    result = CliRunner().invoke(main, ["rank", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8-sig", newline="") as handle:
        ranked = {r["id"]: r for r in csv.DictReader(handle)}
    with open(source, encoding="utf-8-sig", newline="") as handle:
        inputs = {r["id"]: r for r in csv.DictReader(handle)}
    ranking = polex.assess().rank(_columns(source))
    families = list(ranking.assessment.scorer_.families_)
    weights = np.asarray(ranking.assessment.scorer_.weights_, dtype=float)
    ids = [str(x) for x in ranking.columns["id"].values]
    coords = {}
    for row, cid in enumerate(ids):
        xy = []
        for _, members in AXES:
            idx = [families.index(f) for f in members if f in families and weights[families.index(f)] > 0]
            w = weights[idx] / weights[idx].sum()
            xy.append(round(float(100 * (ranking.result.family[row, idx] @ w)), 2))
        coords[cid] = xy
    eligible = [cid for cid, r in ranked.items() if r["eligible"] == "true" and r["possibly_ineligible"] == "false"]
    mx = round(float(np.median([coords[c][0] for c in eligible])), 2)
    my = round(float(np.median([coords[c][1] for c in eligible])), 2)
    counts = [0, 0, 0, 0, 0]
    for cid in eligible:
        if any(inputs[cid].get(k, "") != v for k, v in filters.items()):
            continue
        x, y = coords[cid]
        if x == mx or y == my:
            counts[ON_MEDIAN] += 1
        else:
            counts[(0 if x > mx else 1) if y > my else (2 if x > mx else 3)] += 1
    return counts


def report_quadrant_counts(data: dict, **filters: str) -> list[int]:
    counts = [0, 0, 0, 0, 0]
    for c in data["candidates"]:
        if c["q"] is not None and all(c[k] == v for k, v in filters.items()):
            counts[c["q"]] += 1
    return counts


@pytest.mark.parametrize("filters", [{}, {"region": "southeast_asia"}, {"stage": "pilot"}, {"field": "transport"},
                                     {"region": "east_asia", "field": "transport"}])
def test_quadrant_counts_equal_the_ranking_files(tmp_path, filters):
    html = _report(tmp_path)
    data = _data(html)
    expected = ranking_file_quadrant_counts(tmp_path, **filters)
    assert report_quadrant_counts(data, **filters) == expected
    if not filters:  # the page as served (no filter) prints the same counts
        for k, n in enumerate(expected[:4]):
            assert re.search(rf'<span class="qn" data-q="{k}">{n}</span>', html)
        assert f'id="q-on-median">{expected[ON_MEDIAN]}<' in html


def test_only_eligible_candidates_have_a_quadrant(tmp_path):
    data = _data(_report(tmp_path))
    statuses = {c["status"] for c in data["candidates"]}
    assert {"eligible", "possibly", "ineligible"} <= statuses
    for c in data["candidates"]:
        assert (c["q"] is None) == (c["status"] != "eligible")
    mx, my = data["medians"]
    on_line = [c for c in data["candidates"] if c["q"] == ON_MEDIAN]
    assert on_line and all(c["x"] == mx or c["y"] == my for c in on_line)
    for c in data["candidates"]:
        if c["q"] is not None and c["q"] < len(QUADRANTS):
            assert c["x"] != mx and c["y"] != my


def test_coincident_points_share_one_mark(tmp_path):
    html = _report(tmp_path)
    data = _data(html)
    marks = re.findall(r'data-members="([0-9,]+)" data-n="(\d+)"', html)
    members = [int(i) for m, _ in marks for i in m.split(",")]
    assert sorted(members) == list(range(len(data["candidates"])))  # each candidate in one mark
    assert all(len(m.split(",")) == int(n) for m, n in marks)
    assert max(int(n) for _, n in marks) > 1


def test_waterfall_adds_up_to_the_score(tmp_path):
    data = _data(_report(tmp_path))
    for c in data["candidates"]:
        base, steps, total = c["wf"]
        assert base + sum(s for _, s in steps) == total == round(100 * c["score"])
        assert all(data["rules"][j]["kind"] in ("factor", "penalty") for j, _ in steps)


def test_summary_counts_and_not_validated(tmp_path):
    html = _report(tmp_path)
    with open(PIPELINE, encoding="utf-8-sig", newline="") as handle:
        n = sum(1 for _ in csv.DictReader(handle))
    data = _data(html)
    by = {s: sum(1 for c in data["candidates"] if c["status"] == s) for s in ("eligible", "possibly", "ineligible")}
    assert sum(by.values()) == n
    assert f"{by['eligible']} eligible, {by['possibly']} possibly ineligible" in html
    comps = sorted(c["comp"] for c in data["candidates"])
    shown = int(re.search(r'<li class="sum-comp"><strong>(\d+)%</strong>', html).group(1))
    assert abs(shown - 100 * float(np.median(comps))) <= 0.6  # the data's completeness has 3 decimals
    # The active profile's own validation figures, as the profile file holds them.
    validation = polex.load_profile().validation
    line = re.search(r'<p class="sum-line" id="sum-validation">.*?</p>', html, re.S).group(0)
    if validation is None:
        assert "not validated" in line
    else:
        assert f"ROC AUC {validation.metrics['roc_auc']:.3f}" in line and "not validated" not in line


def test_a_profile_without_validation_says_not_validated(tmp_path):
    import yaml

    from polex.rules.loader import profile_path

    profile = yaml.safe_load(profile_path(None).read_text(encoding="utf-8"))
    profile.pop("validation", None)
    profile["name"] = "unvalidated"
    path = tmp_path / "unvalidated.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    html = _report(tmp_path, "--weights", str(path))
    line = re.search(r'<p class="sum-line" id="sum-validation">.*?</p>', html, re.S).group(0)
    assert "not validated" in line and "ROC AUC" not in line


def test_summary_shows_the_profiles_validation(tmp_path):
    import yaml

    from polex.rules.loader import profile_path

    profile = yaml.safe_load(profile_path(None).read_text(encoding="utf-8"))
    profile.update(name="validated", validation={
        "method": "repeated stratified CV", "metrics": {
            "scheme": "5-fold x 10", "roc_auc": 0.8123, "roc_auc_ci95": [0.74, 0.88], "brier": 0.1911,
            "brier_ci95": [0.17, 0.21], "records": 214, "data_file": "fixtures/outcomes.csv",
            "baselines": {"funding_status": {"roc_auc": 0.7, "roc_auc_ci95": [0.62, 0.78]}}}})
    path = tmp_path / "validated.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    html = _report(tmp_path, "--weights", str(path))
    line = re.search(r'<p class="sum-line" id="sum-validation">.*?</p>', html, re.S).group(0)
    assert "ROC AUC 0.812 (95% CI 0.740–0.880)" in line and "Brier 0.191 (95% CI 0.170–0.210)" in line
    assert "214 records" in line and "5-fold x 10" in line and "fixtures/outcomes.csv" in line
    assert "funding_status: ROC AUC 0.700 (95% CI 0.620–0.780)" in line
    assert "not validated" not in line


def test_table_columns_and_chooser(tmp_path):
    html = _report(tmp_path, "--sensitivity", "20")
    heads = re.findall(r'<th class="col-([a-z]+)" data-col', html)
    boxes = re.findall(r'<input type="checkbox" data-col="([a-z]+)" data-wide="(\d)" data-narrow="(\d)"', html)
    assert heads == [b[0] for b in boxes] and len(heads) == 17
    assert sum(int(w) for _, w, _ in boxes) <= 13 and sum(int(n) for _, _, n in boxes) <= 5
    first_row = re.search(r"<tr data-i=.*?</tr>", html, re.S).group(0)
    assert re.findall(r'class="[^"]*\bcol-([a-z]+)\b', first_row) == heads


def test_budget_line_data(tmp_path):
    rows = [{"id": f"c{i}", "partner_city": "Hanoi", "country": "VNM", "stage": "pilot",
             "budget_usd_m": str(10 + i)} for i in range(4)]
    html = _report(tmp_path, "--budget", "25", source=_csv(tmp_path, rows))
    data = _data(html)
    assert data["budget"] == 25 and [c["cost"] for c in data["candidates"]] != [None] * 4
    assert 'id="budget-line"' in html
    assert "give --budget" in _report(tmp_path, source=_csv(tmp_path, rows), name="plain.html")


def test_heatmap_of_the_top_50(tmp_path):
    html = _report(tmp_path)
    data = _data(html)
    rows = re.findall(r'<g class="heat-row" data-i="(\d+)"', html)
    assert rows == [str(i) for i in range(50)]
    block = re.search(r'<g class="heat-row" data-i="0".*?</g>', html, re.S).group(0)
    assert len(re.findall(r'<rect class="hc ', block)) == len(data["families"])


@pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font here (fonts-nanum, which .ci/run installs)")
def test_korean_glyphs_are_embedded_as_a_subset(tmp_path):
    import base64
    import io

    from fontTools.ttLib import TTFont

    html = _report(tmp_path, "--lang", "ko")
    assert "font-src data:" in html
    b64 = re.search(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", html).group(1)
    font = TTFont(io.BytesIO(base64.b64decode(b64)))
    covered = set(font.getBestCmap())
    used = {ord(ch) for ch in html if 0xAC00 <= ord(ch) <= 0xD7AF}
    assert used and used <= covered  # every Hangul syllable the page uses
    assert len([cp for cp in covered if 0xAC00 <= cp <= 0xD7AF]) == len(used)  # and no other
    assert (tmp_path / "report.html").stat().st_size < 5 * 1024 * 1024
    assert 'id="font-credit"' in html


def test_no_font_found_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("POLEX_CJK_FONT", str(tmp_path / "missing.ttf"))
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", str(PIPELINE), "-o", str(out), "--lang", "ko"])
    assert result.exit_code == 0 and "한글 글꼴 파일을 찾지 못함" in result.output  # --lang ko: the note in Korean
    html = out.read_text(encoding="utf-8")
    assert "font-src 'none'" in html and "@font-face" not in html
    assert 'id="font-note"' in html and "fonts-nanum" in html
