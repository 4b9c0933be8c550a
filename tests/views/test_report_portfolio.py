"""`polex report FILE --portfolio SPEC.yaml`: the portfolio `polex portfolio` chooses for the same
constraints, shown in a section, ticked in the table and ringed on the map; nothing of it without
the option."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from polex.cli import main
from polex.views.labels_decision import PORTFOLIO_UI

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
PIPELINE = FIXTURES / "pipeline.csv"
DATA_BLOCK = re.compile(r'<script type="application/json" id="report-data">(.*?)</script>', re.S)
SPECS = {
    "count_and_country": "max_count: 6\nmax_per: {country: 1}\n",
    "budget": "budget: 200\nmax_per: {country: 2}\nmax_count: 8\n",
    "assumed_cost_and_exclude": "budget: 12\nassume_cost: 2\nexclude: [000-C11]\n",
    "field_and_count": "max_per: {field: 1}\nmax_count: 5\n",
    "region_and_include": "max_per: {region: 1}\ninclude: [000-C24]\n",
}


def _run(*args) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


def _spec(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _report(tmp_path: Path, *args, name: str = "r.html") -> str:
    out = tmp_path / name
    result = _run("report", PIPELINE, "-o", out, *args)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def _data(html: str) -> dict:
    return json.loads(DATA_BLOCK.search(html).group(1))


def portfolio_ids(tmp_path: Path, spec: Path) -> list[str]:
    """The ids `polex portfolio --constraints SPEC` chooses, from its --out file."""
    out = tmp_path / "portfolio.csv"
    result = _run("portfolio", PIPELINE, "--constraints", spec, "--draws", "0", "--out", out)
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8-sig", newline="") as handle:
        return [r["id"] for r in csv.DictReader(handle) if r["status"] == "chosen"]


def section_ids(html: str) -> list[str]:
    table = re.search(r'<table id="pf-chosen".*?</table>', html, re.S).group(0)
    return re.findall(r'<tr data-id="([^"]*)"', table)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_the_section_lists_exactly_what_polex_portfolio_chooses(tmp_path, name):
    spec = _spec(tmp_path, SPECS[name])
    want = portfolio_ids(tmp_path, spec)
    assert want, "the spec chooses nothing: the test proves little"
    html = _report(tmp_path, "--portfolio", spec)
    assert sorted(section_ids(html)) == sorted(want)
    data = _data(html)
    assert sorted(data["portfolio"]["ids"]) == sorted(want)
    assert int(re.search(r'<strong id="pf-count" data-n="(\d+)"', html).group(1)) == len(want)
    # Every chosen shown candidate is ticked in the table and ringed on the map; no other is.
    ticked = {c["id"] for c in data["candidates"] if c.get("pf")}
    assert ticked == set(want) & {c["id"] for c in data["candidates"]}
    rows = re.findall(r'<tr data-i="(\d+)"[^>]*data-pf="([01])"', html)
    assert len(rows) == len(data["candidates"])
    assert {data["candidates"][int(i)]["id"] for i, pf in rows if pf == "1"} == ticked
    assert html.count('<span class="pf-tick"') == len(ticked)
    rings = {data["candidates"][int(i)]["id"] for i in re.findall(r'<circle class="pf-ring" data-i="(\d+)"', html)}
    assert rings == ticked


def test_totals_binding_constraints_and_unknown_costs(tmp_path):
    spec = _spec(tmp_path, SPECS["budget"])
    out = tmp_path / "p.csv"
    cons = tmp_path / "c.json"
    result = _run("portfolio", PIPELINE, "--constraints", spec, "--draws", "0", "--out", out, "--constraints-out", cons)
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    chosen = [r for r in rows if r["status"] == "chosen"]
    html = _report(tmp_path, "--portfolio", spec)
    total = sum(float(r["score"]) for r in chosen)  # each rounded to 2 decimals in the file
    shown = float(re.search(r'<strong id="pf-total-score">([\d.]+)</strong>', html).group(1))
    assert abs(shown - total) <= 0.005 * (len(chosen) + 1)
    cost = sum(float(r["cost"]) for r in chosen)
    assert re.search(r'<strong id="pf-total-cost">([\d.]+)</strong> / 200 ', html).group(1) == f"{cost:g}"
    binding = [c["constraint"] for c in json.loads(cons.read_text()) if c["binding"]]
    shown = re.findall(r"<li>(.*?)(?: \(.*?\))?: [\d.]+ / [\d.]+</li>",
                       re.search(r'<ul id="pf-binding">.*?</ul>', html, re.S).group(0))
    assert shown == binding and binding
    unknown = [r["id"] for r in rows if r["status"] == "left_out" and r["reason"].startswith("budget_usd_m unknown")]
    listed = re.findall(r"<code>([^<]*)</code>", re.search(r'<p id="pf-unknown-cost">.*?</p>', html, re.S).group(0))
    assert listed == unknown[:len(listed)] and len(unknown) > 100
    assert f"Left out for an unknown budget_usd_m ({len(unknown)})" in html


def test_without_the_option_nothing_of_it_is_in_the_page(tmp_path):
    html = _report(tmp_path)
    data = _data(html)
    assert "portfolio" not in data and all("pf" not in c for c in data["candidates"])
    assert 'id="portfolio"' not in html and "pf-ring" not in html and "data-pf" not in html
    assert not set(PORTFOLIO_UI["en"]) & set(data["ui"])
    assert len(re.findall(r"<script\b", html)) == 2


def test_one_offline_file_with_its_scripts_allowed_by_hash(tmp_path):
    spec = _spec(tmp_path, SPECS["count_and_country"])
    html = _report(tmp_path, "--portfolio", spec, "--lang", "ko")
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    csp = re.search(r"script-src ([^;]*)", html).group(1).split()
    assert len(scripts) == 2 and len(csp) == 2 and "'unsafe-inline'" not in csp  # page + CSV export
    assert all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', html))
    assert "포트폴리오" in html and "최대 6건" in html  # the section and its constraints in Korean


def test_infeasible_constraints_exit_1_naming_them(tmp_path):
    spec = _spec(tmp_path, "min_strategic: 3\n")
    result = _run("report", PIPELINE, "-o", tmp_path / "r.html", "--portfolio", spec)
    assert result.exit_code == 1
    assert "at least 3 strategic-country projects cannot be met" in result.output
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("text", ["max_per: {budget_usd_m: 2}\n", "nonsense: 1\n", "- a list\n"])
def test_a_bad_spec_is_a_usage_error_naming_the_option(tmp_path, text):
    spec = _spec(tmp_path, text)
    result = _run("report", PIPELINE, "-o", tmp_path / "r.html", "--portfolio", spec)
    assert result.exit_code == 2 and "--portfolio" in result.output


def test_labels_have_both_languages():
    assert set(PORTFOLIO_UI["en"]) == set(PORTFOLIO_UI["ko"])
    assert all(v.strip() for lang in PORTFOLIO_UI.values() for v in lang.values())
