"""The reviewer's report in a real browser: Debian's headless Chromium driven by selenium.

Skips only when Chromium (or its driver) is not installed here; `.ci/run` installs both, so CI
runs it. It checks that the page makes no network request and logs no console error, that a
column header sorts the table, that a drill-down lists every rule with its outcome, and that a
candidate named `<script>alert(1)</script>` stays text; screenshots go to a tmp folder.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_report import ranking_file_quadrant_counts  # noqa: E402  (the same computation as the fast test)
from test_report_baseline import CHANGED_ID, FIELD, one_field_changed  # noqa: E402

from polex.cli import main

CHROMIUM = os.environ.get("POLEX_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("POLEX_CHROMEDRIVER", "/usr/bin/chromedriver")
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
EVIL_NAME = "<script>alert(1)</script>"
pytestmark = pytest.mark.slow  # a real browser: run by .ci/run, or locally with --runslow

if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    pytest.skip(f"Chromium not installed ({CHROMIUM} and {CHROMEDRIVER} are needed; "
                "`apt-get install chromium chromium-driver`, as .ci/run does)", allow_module_level=True)

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is in the `test` extra")
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def _pipeline_with_evil_row(tmp_path: Path) -> Path:
    """The bundled fixtures plus one hostile row (HTML in every text it can reach)."""
    src = FIXTURES / "pipeline.csv"
    with open(src, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    evil = {h: "" for h in header}
    evil.update({"id": "evil-<b>1</b>", "name": EVIL_NAME, "partner_city": "<img src=x onerror=alert(2)>",
                 "country": "PHL", "region": "southeast_asia", "field": "transport", "stage": "pilot",
                 "policy": "</script><script>alert(3)</script>"})
    rows.append(evil)
    out = tmp_path / "pipeline.csv"
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return out


def _report(tmp_path: Path, source: Path, name: str, *args: str) -> Path:
    out = tmp_path / name
    result = CliRunner().invoke(main, ["report", str(source), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    profile = tmp_path_factory.mktemp("chromium-profile")
    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1440,1000", "--force-device-scale-factor=1",
                 f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _load(driver, path: Path, ready: bool = True) -> str:
    driver.get_log("performance")  # drop what came before this page
    driver.get_log("browser")
    url = path.resolve().as_uri()
    driver.get(url)
    if ready:  # the page script sets data-ready when it has run to the end
        WebDriverWait(driver, 30).until(
            lambda d: d.execute_script("return document.documentElement.getAttribute('data-ready')") == "1")
    return url


def _requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] in ("Network.requestWillBeSent", "Network.webSocketCreated"):
            params = message["params"]
            urls.append(params.get("request", {}).get("url") or params.get("url", ""))
    return urls


def _console_errors(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def _visible_rows(driver):
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#ranking-table tbody tr')).filter(r => !r.hidden)")


def _scores(driver) -> list[float]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#ranking-table tbody tr'))"
        ".filter(r => !r.hidden).map(r => parseFloat(r.cells[8].getAttribute('data-v')))")


def _select(driver, element_id: str, value: str) -> None:
    driver.execute_script("const s = document.getElementById(arguments[0]); s.value = arguments[1];"
                          "s.dispatchEvent(new Event('change'));", element_id, value)


def _quadrant_counts(driver) -> list[int]:
    """[advance, prepare, partner, reconsider, on a median line] as the map's legend shows them."""
    got = driver.execute_script("return Array.from(document.querySelectorAll('.quads .qn[data-q]'))"
                                ".map(e => [Number(e.dataset.q), Number(e.textContent)])")
    counts = [0] * 5
    for q, n in got:
        counts[q] = n
    return counts


def _header(driver, index: int):
    return driver.find_elements(By.CSS_SELECTOR, "#ranking-table thead th")[index]


@pytest.mark.parametrize("lang,extra", [("en", ()), ("ko", ("--sensitivity", "100"))])
def test_report_in_chromium(browser, tmp_path, lang, extra):
    import polex

    source = _pipeline_with_evil_row(tmp_path)
    path = _report(tmp_path, source, f"report-{lang}.html", "--lang", lang, *extra)
    url = _load(browser, path)

    # Offline: the only request is the file itself; nothing in the console.
    requests = _requests(browser)
    # (data: URLs are the embedded font, decoded in place: no network)
    assert requests and all(u.split("#")[0] == url or u.startswith("data:font/woff;") for u in requests), requests
    assert _console_errors(browser) == []

    # Escaping: the hostile name is text, not markup, and nothing ran.
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018
    names = browser.execute_script("return Array.from(document.querySelectorAll('#ranking-table td.name'))"
                                   ".map(td => td.textContent)")
    assert EVIL_NAME in names
    assert browser.find_elements(By.CSS_SELECTOR, "#ranking-table img") == []

    n_rows = len(_visible_rows(browser))
    assert n_rows == 156

    # Sorting: the score header, once ascending, twice descending; the table keeps every row.
    score_th = _header(browser, 8)
    score_th.find_element(By.TAG_NAME, "button").click()
    assert score_th.get_attribute("aria-sort") == "ascending"
    scores = _scores(browser)
    assert len(scores) == n_rows and scores == sorted(scores)
    score_th.find_element(By.TAG_NAME, "button").click()
    assert score_th.get_attribute("aria-sort") == "descending"
    scores = _scores(browser)
    assert scores == sorted(scores, reverse=True)
    # and back by rank
    rank_th = _header(browser, 0)
    rank_th.find_element(By.TAG_NAME, "button").click()
    ranks = browser.execute_script("return Array.from(document.querySelectorAll('#ranking-table tbody tr'))"
                                   ".map(r => parseInt(r.cells[0].textContent, 10))")
    assert ranks == list(range(1, n_rows + 1))

    if extra:  # rank intervals: the sensitivity columns sort too, and the chart is drawn
        p_th = _header(browser, 16)
        p_th.find_element(By.TAG_NAME, "button").click()
        p_th.find_element(By.TAG_NAME, "button").click()
        p = browser.execute_script(
            "return Array.from(document.querySelectorAll('#ranking-table tbody tr'))"
            ".map(r => parseFloat(r.cells[16].getAttribute('data-v')))")
        assert p == sorted(p, reverse=True) and p[0] > 0
        assert len(browser.find_elements(By.CSS_SELECTOR, "#sens-chart .sens-row")) == 40
        rank_th.find_element(By.TAG_NAME, "button").click()
        if rank_th.get_attribute("aria-sort") != "ascending":
            rank_th.find_element(By.TAG_NAME, "button").click()

    # Filtering: a stage filter keeps only that stage, and the count says so.
    browser.execute_script("const s = document.getElementById('f-stage'); s.value = 'pilot';"
                           "s.dispatchEvent(new Event('change'));")
    stages = set(browser.execute_script("return Array.from(document.querySelectorAll('#ranking-table tbody tr'))"
                                        ".filter(r => !r.hidden).map(r => r.dataset.stage)"))
    assert stages == {"pilot"}
    browser.find_element(By.ID, "f-reset").click()
    assert len(_visible_rows(browser)) == n_rows

    # Quadrant counts follow the filters, and equal those computed from the ranking file.
    all_counts = _quadrant_counts(browser)
    assert all_counts == ranking_file_quadrant_counts(tmp_path, source)
    _select(browser, "f-region", "southeast_asia")
    sea_counts = _quadrant_counts(browser)
    assert sea_counts == ranking_file_quadrant_counts(tmp_path, source, region="southeast_asia")
    assert sea_counts != all_counts
    shown_marks = browser.execute_script(
        "return Array.from(document.querySelectorAll('#map-points [data-members]'))"
        ".filter(p => !p.classList.contains('dim')).reduce((a, p) => a + Number(p.dataset.shown), 0)")
    assert shown_marks == len(_visible_rows(browser))  # the marks stand for exactly the shown rows

    # CSV export: the file holds the filtered rows, in the table's order.
    _select(browser, "f-stage", "pilot")
    want = [r.find_element(By.CSS_SELECTOR, "td.id").get_attribute("textContent") for r in _visible_rows(browser)]
    downloads = tmp_path / f"downloads-{lang}"
    downloads.mkdir()
    browser.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    browser.find_element(By.ID, "export-csv").click()
    WebDriverWait(browser, 20).until(lambda d: (downloads / "polex-report-rows.csv").exists()
                                     and not list(downloads.glob("*.crdownload")))
    with open(downloads / "polex-report-rows.csv", encoding="utf-8-sig", newline="") as handle:
        exported = list(csv.DictReader(handle))
    assert [r["id"] for r in exported] == want and want
    assert {r["stage"] for r in exported} == {"pilot"} and {r["region"] for r in exported} == {"southeast_asia"}
    browser.find_element(By.ID, "f-reset").click()
    assert _quadrant_counts(browser) == all_counts

    # The table fits a 1440-pixel window with the default columns; the chooser hides and shows one.
    assert browser.execute_script("const w = document.querySelector('.table-wrap'); return w.scrollWidth <= w.clientWidth")
    browser.find_element(By.CSS_SELECTOR, "#col-chooser summary").click()
    box = browser.find_element(By.CSS_SELECTOR, "#col-chooser input[data-col='region']")
    assert not box.is_selected() and not browser.find_element(By.CSS_SELECTOR, "th.col-region").is_displayed()
    box.click()
    assert browser.find_element(By.CSS_SELECTOR, "th.col-region").is_displayed()
    box.click()
    browser.find_element(By.CSS_SELECTOR, "#col-chooser summary").click()

    # Drill-down: the first row (rank 1) lists every rule with the outcome the engine gave.
    ranking = polex.assess().rank(_validated_rows(source))
    best = ranking.scorecard(int(ranking.order[0]), lang)
    first = _visible_rows(browser)[0]
    assert first.find_element(By.CSS_SELECTOR, "td.id").text == best.id
    first.click()
    drill = browser.find_element(By.ID, "drill")
    WebDriverWait(browser, 10).until(lambda d: drill.is_displayed())
    rule_rows = browser.find_elements(By.CSS_SELECTOR, "#drill-rules tbody tr.rule-row")
    assert len(rule_rows) == len(best.rules)
    got = dict(browser.execute_script("return Array.from(document.querySelectorAll('#drill-rules tr.rule-row'))"
                                      ".map(r => [r.dataset.rule, r.dataset.outcome])"))
    assert got == {r.rule_id: r.outcome for r in best.rules}
    first_rule = rule_rows[0].find_elements(By.TAG_NAME, "td")
    assert first_rule[-1].text == best.rules[0].source  # the source document and lines
    assert best.rules[0].title in first_rule[0].text
    outcome_label = {"en": best.rules[0].outcome, "ko": {"true": "충족", "false": "미충족", "unknown": "미확인"}[
        best.rules[0].outcome]}[lang]
    assert first_rule[1].text == outcome_label
    families = browser.find_elements(By.CSS_SELECTOR, "#drill-body .fam-row")
    assert len(families) == len(best.families)
    # The waterfall: baseline plus every step is the score, exactly (hundredths of a point).
    steps = browser.execute_script("return Array.from(document.querySelectorAll('#drill-waterfall .wf-row'))"
                                   ".map(r => [r.className, Number(r.dataset.step), r.dataset.rule || null])")
    assert steps[0][0].endswith("base") and steps[-1][0].endswith("total")
    assert sum(st for _, st, _ in steps[:-1]) == steps[-1][1] == round(100 * best.score)
    assert {rule for _, _, rule in steps[1:-1]} == {r.rule_id for r in best.rules if r.contribution}
    total_text = browser.find_element(By.CSS_SELECTOR, "#drill-waterfall .wf-row.total .v").text
    assert total_text == f"{round(100 * best.score) / 100:.2f}"
    browser.find_element(By.ID, "drill-title")
    browser.save_screenshot(str(tmp_path / f"drill-{lang}.png"))

    # The hostile candidate's drill-down: its name is the title's text.
    browser.find_element(By.ID, "drill-close").click()
    browser.execute_script("const s = document.getElementById('f-search'); s.value = 'evil';"
                           "s.dispatchEvent(new Event('input'));")
    rows = _visible_rows(browser)
    assert len(rows) == 1
    rows[0].click()
    title = browser.find_element(By.ID, "drill-title").text
    assert EVIL_NAME in title and "<b>1</b>" in title
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018

    # A map point opens its candidate too.
    browser.find_element(By.ID, "drill-close").click()
    browser.find_element(By.ID, "f-reset").click()
    browser.execute_script("window.scrollTo(0, 0)")
    point = browser.find_element(By.CSS_SELECTOR, "#map-points circle[data-i='0']")
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", point)
    assert browser.find_element(By.ID, "drill-title").text.startswith("1.")
    browser.find_element(By.ID, "drill-close").click()
    browser.save_screenshot(str(tmp_path / f"top-{lang}.png"))

    assert [u for u in _requests(browser) if not u.startswith("data:font/woff;")] == []
    assert _console_errors(browser) == []
    keep = os.environ.get("POLEX_SCREENSHOTS")
    if keep:
        for png in tmp_path.glob("*.png"):
            shutil.copy(png, Path(keep) / png.name)


def _no_page_overflow(driver) -> bool:
    """Nothing makes the page wider than the window (a table may scroll inside its own box)."""
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("kind", ["plain", "everything"])
def test_usable_at_390_pixels(browser, tmp_path, kind):
    """A phone-sized window starts with the narrow set of columns, the table fits it, and no part
    of the page (appendix tables, the portfolio, the drill-down) is wider than the window."""
    args: list[str] = []
    source = FIXTURES / "pipeline.csv"
    if kind == "everything":  # Korean, rank intervals, a baseline and a portfolio at once
        plan = tmp_path / "plan.yaml"
        plan.write_text("budget: 200\nmax_per: {country: 2}\nmax_count: 8\n", encoding="utf-8")
        source = one_field_changed(tmp_path)
        args = ["--lang", "ko", "--sensitivity", "50", "--baseline", str(FIXTURES / "pipeline.csv"),
                "--portfolio", str(plan)]
    path = _report(tmp_path, source, "report.html", *args)
    browser.set_window_size(390, 844)
    try:
        _load(browser, path)
        assert browser.execute_script("return window.innerWidth") == 390
        checked = browser.execute_script("return Array.from(document.querySelectorAll('#col-chooser input'))"
                                         ".filter(b => b.checked).map(b => b.dataset.col)")
        assert checked == ["rank", "id", "score", "status"]
        assert browser.execute_script(
            "const w = document.querySelector('.table-wrap'); return w.scrollWidth <= w.clientWidth")
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
        assert _no_page_overflow(browser)
        browser.save_screenshot(str(tmp_path / f"narrow-{kind}.png"))
        _visible_rows(browser)[0].click()  # the drill-down covers the screen, no wider
        WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, "drill").is_displayed())
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
        assert browser.execute_script("const d = document.getElementById('drill'); "
                                      "return d.getBoundingClientRect().right <= window.innerWidth + 0.5")
        browser.find_element(By.ID, "drill-close").click()
        assert _console_errors(browser) == []
    finally:
        browser.set_window_size(1440, 1000)


def _png_pixels(png: bytes) -> tuple[int, int, bytes]:
    """Width, height and the raw RGB(A) rows of a non-interlaced 8-bit PNG (as Chromium writes)."""
    import struct
    import zlib

    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        chunk = png[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and color in (2, 6)
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride, out, prev = zlib.decompress(idat), width * channels, bytearray(), bytearray(width * channels)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b, c = prev[x], prev[x - channels] if x >= channels else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line
        prev = line
    return width, height, bytes(out)


def _hangul_probe(driver, tmp_path: Path, name: str) -> tuple[bytes, bytes]:
    """Two different runs of Hangul from the page itself, drawn large in the page's own fonts;
    the screenshots' pixels of each. Boxes (tofu) look alike whatever the letters."""
    texts = driver.execute_script("""
        const h = Array.from(document.body.innerText).filter(ch => ch >= '\uac00' && ch <= '\ud7af');
        const uniq = Array.from(new Set(h));
        return [uniq.slice(0, 6).join(''), uniq.slice(6, 12).join('')];""")
    assert all(len(t) == 6 for t in texts) and texts[0] != texts[1]
    shots = []
    for k, text in enumerate(texts):
        driver.execute_script("""
            let p = document.getElementById('probe');
            if (!p) { p = document.createElement('div'); p.id = 'probe'; document.body.prepend(p); }
            p.style.cssText = 'font-size: 48px; line-height: 1.2; padding: 8px; display: inline-block; background: #fff; color: #000';
            p.textContent = arguments[0]; window.scrollTo(0, 0);""", text)
        png = driver.find_element(By.ID, "probe").screenshot_as_png
        (tmp_path / f"{name}-{k}.png").write_bytes(png)
        shots.append(_png_pixels(png))
    return shots[0][2], shots[1][2]


@pytest.fixture(scope="module")
def bare_browser(tmp_path_factory):
    """Chromium on a 'bare machine': fontconfig sees DejaVu only, so no system font has Hangul."""
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    root = tmp_path_factory.mktemp("bare-fonts")
    conf = root / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    f'<dir>{BARE_FONT_DIR}</dir><cachedir>{root / "cache"}</cachedir></fontconfig>', encoding="utf-8")
    profile = root / "profile"
    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
                 "--window-size=1440,1000", "--force-device-scale-factor=1", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER, env=env))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(root, ignore_errors=True)


BARE_FONT_DIR = "/usr/share/fonts/truetype/dejavu"


@pytest.mark.skipif(not Path(BARE_FONT_DIR).is_dir(), reason="needs DejaVu (Chromium's own dependency) for the bare setup")
def test_korean_renders_on_a_bare_machine(bare_browser, tmp_path, monkeypatch):
    from polex.views.fonts import find_cjk_font

    if find_cjk_font() is None:
        pytest.skip("no CJK font file to embed here (.ci/run installs fonts-nanum)")
    with_font = _report(tmp_path, FIXTURES / "pipeline.csv", "ko.html", "--lang", "ko")
    _load(bare_browser, with_font)
    assert bare_browser.execute_script("return document.fonts.check('48px polex-cjk', '\ud55c')")
    a, b = _hangul_probe(bare_browser, tmp_path, "hangul")
    assert a != b, "two different Hangul runs drew the same pixels: boxes, not letters"
    ink = sum(1 for px in a[::3] if px < 128)
    assert ink > 50
    bare_browser.save_screenshot(str(tmp_path / "korean-bare.png"))

    # Negative control: the same report without the embedded font draws boxes on this machine.
    monkeypatch.setenv("POLEX_CJK_FONT", str(tmp_path / "missing.ttf"))
    without = _report(tmp_path, FIXTURES / "pipeline.csv", "ko-nofont.html", "--lang", "ko")
    _load(bare_browser, without)
    assert bare_browser.find_element(By.ID, "font-note").is_displayed()
    a, b = _hangul_probe(bare_browser, tmp_path, "tofu")
    assert a == b, "the bare setup still finds a Hangul font: the check above proves nothing"
    keep = os.environ.get("POLEX_SCREENSHOTS")
    if keep:
        for png in tmp_path.glob("*.png"):
            shutil.copy(png, Path(keep) / png.name)


def test_baseline_movement_in_chromium(browser, tmp_path):
    """--baseline: the rank and score change columns sort, fit 1440 pixels, and the changed
    candidate's drill-down has a section "Since the baseline" with its field and flipped rules."""
    import polex

    new = one_field_changed(tmp_path)
    path = _report(tmp_path, new, "report-baseline.html", "--baseline", str(FIXTURES / "pipeline.csv"))
    url = _load(browser, path)
    assert all(u.split("#")[0] == url or u.startswith("data:font/woff;") for u in _requests(browser))
    assert _console_errors(browser) == []
    assert browser.execute_script("const w = document.querySelector('.table-wrap'); return w.scrollWidth <= w.clientWidth")
    assert browser.find_element(By.CSS_SELECTOR, "th.col-drank").is_displayed()

    # The rank change column sorts, descending first on the second click; unknown (new) rows last.
    th = browser.find_element(By.CSS_SELECTOR, "th.col-drank")
    th.find_element(By.TAG_NAME, "button").click()
    th.find_element(By.TAG_NAME, "button").click()
    assert th.get_attribute("aria-sort") == "descending"
    got = browser.execute_script("return Array.from(document.querySelectorAll('#ranking-table tbody tr'))"
                                 ".map(r => parseFloat(r.querySelector('td.col-drank').dataset.v))")
    assert got == sorted(got, reverse=True) and got[0] > 0
    score_th = browser.find_element(By.CSS_SELECTOR, "th.col-dscore")
    score_th.find_element(By.TAG_NAME, "button").click()
    got = browser.execute_script("return Array.from(document.querySelectorAll('#ranking-table tbody tr'))"
                                 ".map(r => parseFloat(r.querySelector('td.col-dscore').dataset.v))")
    assert got == sorted(got)

    # The changed candidate's drill-down: the section, its field (old -> new) and the flipped rules.
    rankings = [polex.assess().rank(_validated_rows(p)) for p in (FIXTURES / "pipeline.csv", new)]
    row = [str(x) for x in _validated_rows(new).ids].index(CHANGED_ID)
    old_card, new_card = (r.scorecard(row) for r in rankings)
    flipped = [b.rule_id for a, b in zip(old_card.rules, new_card.rules) if a.outcome != b.outcome]
    for _ in range(2):  # opening it again draws the section once more, not twice
        browser.execute_script("const s = document.getElementById('f-search'); s.value = arguments[0];"
                               "s.dispatchEvent(new Event('input'));", CHANGED_ID)
        rows = _visible_rows(browser)
        assert len(rows) == 1
        rows[0].click()
        WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.ID, "drill-since"))
        assert len(browser.find_elements(By.ID, "drill-since")) == 1
        since = browser.find_element(By.ID, "drill-since")
        assert since.get_attribute("data-status") == "changed" and since.is_displayed()
        assert browser.find_element(By.ID, "drill-baseline").text == "Since the baseline"
        fields = browser.find_elements(By.CSS_SELECTOR, "#drill-changed-fields li")
        assert [f.get_attribute("data-field") for f in fields] == [FIELD]
        assert "unknown" in fields[0].text and "true" in fields[0].text
        rules = browser.find_elements(By.CSS_SELECTOR, "#drill-flipped-rules li")
        assert flipped and [r.get_attribute("data-rule") for r in rules] == flipped
        cells = since.find_elements(By.CSS_SELECTOR, "tbody tr")
        assert cells[0].find_elements(By.TAG_NAME, "td")[1].text == f"{new_card.score:.2f}"
        browser.save_screenshot(str(tmp_path / "drill-baseline.png"))
        browser.find_element(By.ID, "drill-close").click()

    # CSV export: the filtered rows with the movement since the baseline (change, previous rank and
    # score, rank and score change), as the table shows them.
    browser.find_element(By.ID, "f-reset").click()
    _select(browser, "f-region", "southeast_asia")
    data = json.loads(browser.execute_script("return document.getElementById('report-data').textContent"))
    by_id = {c["id"]: c for c in data["candidates"]}
    want = [r.find_element(By.CSS_SELECTOR, "td.id").get_attribute("textContent") for r in _visible_rows(browser)]
    exported = _export(browser, tmp_path / "downloads-baseline")
    assert [r["id"] for r in exported] == want and want
    assert list(exported[0])[-5:] == ["change", "previous_rank", "previous_score", "rank_change", "score_change"]
    for r in exported:
        d = by_id[r["id"]]["d"]
        assert r["change"] == d["s"] and r["previous_rank"] == str(d["or"]) and r["rank_change"] == str(d["dr"])
        assert float(r["previous_score"]) == d["os"] and float(r["score_change"]) == d["ds"]
        assert int(r["previous_rank"]) - int(r["rank"]) == int(r["rank_change"])
    _select(browser, "f-region", "")
    browser.execute_script("const s = document.getElementById('f-search'); s.value = arguments[0];"
                           "s.dispatchEvent(new Event('input'));", CHANGED_ID)
    (changed,) = _export(browser, tmp_path / "downloads-baseline-2")
    assert changed["id"] == CHANGED_ID and changed["change"] == "changed" and int(changed["rank_change"]) > 0
    assert _console_errors(browser) == []

    # An unchanged or moved candidate's section says no field changed.
    browser.find_element(By.ID, "f-reset").click()
    other = next(r for r in _visible_rows(browser) if r.find_element(By.CSS_SELECTOR, "td.id").text != CHANGED_ID)
    other.click()
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.ID, "drill-since"))
    assert browser.find_element(By.ID, "drill-since").get_attribute("data-status") in ("moved", "unchanged")
    assert browser.find_elements(By.CSS_SELECTOR, "#drill-changed-fields li") == []
    browser.find_element(By.ID, "drill-close").click()
    assert _console_errors(browser) == []


def _export(driver, downloads: Path) -> list[dict]:
    """Click the CSV export; the rows of the file it downloads."""
    downloads.mkdir()
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.find_element(By.ID, "export-csv").click()
    WebDriverWait(driver, 20).until(lambda d: (downloads / "polex-report-rows.csv").exists()
                                    and not list(downloads.glob("*.crdownload")))
    with open(downloads / "polex-report-rows.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_portfolio_in_chromium(browser, tmp_path):
    """--portfolio: the section lists what `polex portfolio` chooses; the Portfolio filter shows
    exactly the ticked rows, the map's rings follow it; the CSV export says which rows are in."""
    plan = tmp_path / "plan.yaml"
    plan.write_text("max_count: 6\nmax_per: {country: 1}\n", encoding="utf-8")
    chosen_csv = tmp_path / "chosen.csv"
    result = CliRunner().invoke(main, ["portfolio", str(FIXTURES / "pipeline.csv"), "--constraints", str(plan),
                                       "--draws", "0", "--out", str(chosen_csv)])
    assert result.exit_code == 0, result.output
    with open(chosen_csv, encoding="utf-8-sig", newline="") as handle:
        chosen = {r["id"] for r in csv.DictReader(handle) if r["status"] == "chosen"}
    path = _report(tmp_path, FIXTURES / "pipeline.csv", "report-portfolio.html", "--portfolio", str(plan))
    url = _load(browser, path)
    assert all(u.split("#")[0] == url or u.startswith("data:font/woff;") for u in _requests(browser))
    assert _console_errors(browser) == []
    listed = browser.execute_script("return Array.from(document.querySelectorAll('#pf-chosen tbody tr'))"
                                    ".map(r => r.dataset.id)")
    assert set(listed) == chosen and len(listed) == 6
    assert browser.execute_script("const w = document.querySelector('.table-wrap'); return w.scrollWidth <= w.clientWidth")
    assert _no_page_overflow(browser)

    all_counts = _quadrant_counts(browser)
    _select(browser, "f-pf", "1")
    rows = _visible_rows(browser)
    assert {r.find_element(By.CSS_SELECTOR, "td.id").get_attribute("textContent") for r in rows} == chosen
    assert all(r.find_elements(By.CSS_SELECTOR, "td.col-rank .pf-tick") for r in rows)
    rings = browser.execute_script("return Array.from(document.querySelectorAll('#map-points .pf-ring'))"
                                   ".filter(g => getComputedStyle(g).display !== 'none').length")
    assert rings == len(chosen)
    assert sum(_quadrant_counts(browser)) <= len(chosen) and _quadrant_counts(browser) != all_counts
    exported = _export(browser, tmp_path / "downloads-portfolio")
    assert {r["id"] for r in exported} == chosen and {r["in_portfolio"] for r in exported} == {"true"}
    _select(browser, "f-pf", "0")
    assert not {r.find_element(By.CSS_SELECTOR, "td.id").get_attribute("textContent") for r in _visible_rows(browser)} & chosen
    assert browser.execute_script("return Array.from(document.querySelectorAll('#map-points .pf-ring'))"
                                  ".filter(g => getComputedStyle(g).display !== 'none').length") == 0
    browser.find_element(By.ID, "f-reset").click()
    assert _quadrant_counts(browser) == all_counts

    # A chosen candidate's link in the section opens its drill-down.
    first = browser.find_element(By.CSS_SELECTOR, "#pf-chosen tbody tr a")
    browser.execute_script("arguments[0].click()", first)
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, "drill").is_displayed())
    assert listed[0] in browser.find_element(By.ID, "drill-title").text
    browser.find_element(By.ID, "drill-close").click()
    browser.save_screenshot(str(tmp_path / "portfolio.png"))
    assert _console_errors(browser) == []


def test_the_checks_see_requests_and_errors(browser, tmp_path):
    """Negative control: a page that fetches (a closed loopback port) and throws is caught."""
    page = tmp_path / "control.html"
    page.write_text('<!DOCTYPE html><meta charset="utf-8"><img src="http://127.0.0.1:9/x.png">'
                    '<script>throw new Error("boom")</script>', encoding="utf-8")
    url = _load(browser, page, ready=False)
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    requests = _requests(browser)
    assert url in requests and "http://127.0.0.1:9/x.png" in requests
    errors = " ".join(e["message"] for e in _console_errors(browser))
    assert "boom" in errors


def _validated_rows(source: Path):
    from polex.formats.pipeline import read_pipeline

    return read_pipeline(source).columns
