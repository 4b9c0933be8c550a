"""Issue 10, item 10, a sweep of every command under --lang ko: the English that was left over
(a folder's file errors, the shipped profile's justifications, a learned or AHP profile's
provenance, the portfolio's output files) is Korean now, and the English runs are unchanged."""

import csv
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import polex
from polex.cli import main
from polex.views.labels_commands import engine_text

ROOT = Path(polex.__file__).resolve().parent
FX = ROOT / "fixtures"
PIPELINE, OUTCOMES, PAIRWISE = FX / "pipeline.csv", FX / "outcomes.csv", FX / "pairwise.yaml"
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'-]*(?: [A-Za-z][A-Za-z'-]*){2,}")  # three English words in a row


def run(*args, lang="ko"):
    return CliRunner().invoke(main, [str(a) for a in args] + ["--lang", lang], catch_exceptions=False)


def text_of(result) -> str:
    try:
        return result.stdout + "\n" + result.stderr
    except ValueError:  # stderr mixed into output
        return result.output


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_a_folder_with_no_files_is_said_in_korean(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("rank", tmp_path / "empty")
    assert result.exit_code == 1
    assert "폴더에 .csv, .tsv, .parquet 파일이 없음" in text_of(result)
    assert "the folder holds no" not in text_of(result)
    english = run("rank", tmp_path / "empty", lang="en")
    assert "the folder holds no .csv, .tsv or .parquet file" in text_of(english)


def test_a_glob_with_an_unreadable_kind_of_file_is_said_in_korean(tmp_path):
    (tmp_path / "a.csv").write_text("id,partner_city,country\nA,Hanoi,VNM\n", encoding="utf-8")
    (tmp_path / "b.foo").write_text("x", encoding="utf-8")
    result = run("rank", str(tmp_path / "*"))
    assert result.exit_code == 1
    assert "폴더나 glob 패턴은 .csv, .tsv, .parquet 파일만 읽음" in text_of(result)
    assert "reads .csv, .tsv and .parquet files only" not in text_of(result)


def test_every_justification_of_the_shipped_profile_has_its_korean_wording():
    families = yaml.safe_load((ROOT / "rules" / "profiles" / "default.yaml").read_text(encoding="utf-8"))["families"]
    for family, entry in families.items():
        korean = engine_text(entry["why"], "ko")
        assert korean != entry["why"], family
        assert ENGLISH_RUN.findall(korean) == [], (family, korean)
        assert engine_text(entry["why"], "en") == entry["why"]


def test_weights_show_gives_the_shipped_justifications_in_korean():
    text = text_of(run("weights", "show"))
    assert "지방자치법에는 시가 해외에서 영리 사업을 할 근거가 없음" in text
    for english in ("Local Autonomy Act", "Demand-side sharing is essential", "realistically impossible",
                    "New Clark lost on location"):
        assert english not in text, english
    assert "The Local Autonomy Act gives no basis" in text_of(run("weights", "show", lang="en"))


@pytest.fixture(scope="module")
def learned(tmp_path_factory):
    path = tmp_path_factory.mktemp("learned") / "c.yaml"
    result = run("calibrate", OUTCOMES, "--out", path, "--repeats", 1, "--bootstrap", 100, "--no-search")
    assert result.exit_code == 0, text_of(result)
    return path


def test_weights_show_of_a_learned_profile_words_its_provenance_in_korean(learned):
    text = text_of(run("weights", "show", "--weights", learned))
    assert "요인군 점수에 대한 비음수 로지스틱 회귀" in text
    assert "재원 확보 상태만:" in text and "확인된 항목 수:" in text
    for english in ("non-negative logistic regression", "funding status alone", "count of known fields",
                    "bootstrap of the out-of-fold", "Learned weight", "Local Autonomy Act"):
        assert english not in text, english
    english = text_of(run("weights", "show", "--weights", learned, lang="en"))
    assert "non-negative logistic regression on family scores" in english and "funding status alone:" in english


def test_weights_show_of_an_ahp_profile_words_its_method_in_korean(tmp_path):
    out = tmp_path / "ahp.yaml"
    assert run("weights", "ahp", PAIRWISE, "--out", out).exit_code == 0
    text = text_of(run("weights", "show", "--weights", out))
    assert "쌍대비교 행렬의 주고유벡터" in text and "AHP 주고유벡터 가중치, pairwise.yaml에서 (CR" in text
    assert "principal eigenvector" not in text and "principal-eigenvector" not in text
    english = text_of(run("weights", "show", "--weights", out, lang="en"))
    assert "AHP principal-eigenvector weight from pairwise.yaml (CR" in english


def test_the_portfolio_files_give_their_reasons_and_constraints_in_korean(tmp_path):
    out, cons = tmp_path / "pf.csv", tmp_path / "pfc.csv"
    result = run("portfolio", PIPELINE, "--budget", 100, "--max-per", "country=1", "--draws", 0,
                 "--out", out, "--constraints-out", cons)
    assert result.exit_code == 0, text_of(result)
    reasons = {row[-1] for row in read_csv(out)[1:]}
    assert "budget_usd_m 미확인 (포함하려면 --assume-cost)" in reasons
    assert any(r.startswith("부적격일 수 있음, 확인할 것: ") for r in reasons)
    assert not any("give --assume-cost" in r or r.startswith("possibly ineligible") for r in reasons)
    constraints = read_csv(cons)
    assert constraints[0] == ["constraint", "used", "limit", "slack", "binding", "detail"]  # column names are fields
    assert [r[0] for r in constraints[1:]] == ["budget_usd_m 합계 <= 100", "country별 최대 1건"]
    assert constraints[2][-1].startswith("한도에 도달: ")


def test_the_portfolio_files_stay_english_in_an_english_run(tmp_path):
    out, cons = tmp_path / "pf.csv", tmp_path / "pfc.csv"
    result = run("portfolio", PIPELINE, "--budget", 100, "--max-per", "country=1", "--draws", 0,
                 "--out", out, "--constraints-out", cons, lang="en")
    assert result.exit_code == 0, text_of(result)
    assert "budget_usd_m unknown (give --assume-cost to include it)" in {row[-1] for row in read_csv(out)[1:]}
    assert [r[0] for r in read_csv(cons)[1:]] == ["total budget_usd_m <= 100", "at most 1 per country"]


def test_the_reports_weights_table_names_its_two_columns_apart(tmp_path):
    page = tmp_path / "r.html"
    assert run("report", PIPELINE, "-o", page, "--top", 3).exit_code == 0
    assert "<th>판단 근거</th><th>근거</th>" in page.read_text(encoding="utf-8")


def test_template_profile_files_and_report_weights_speak_korean(tmp_path):
    """The yaml template's frame, the xlsx field sheet's headers, a written profile's header
    comment and the report's weight justifications follow --lang ko; English stays as it was."""
    import openpyxl

    runner = CliRunner()
    for ext in ("yaml", "xlsx"):
        assert runner.invoke(main, ["template", "--lang", "ko", "--out", str(tmp_path / f"t.{ext}")]).exit_code == 0
    head = (tmp_path / "t.yaml").read_text(encoding="utf-8").splitlines()
    assert head[0] == "# polex 후보 목록 서식 (`polex template`)." and "후보 하나당" in "\n".join(head[:8])
    fields = list(openpyxl.load_workbook(tmp_path / "t.xlsx")["fields"].iter_rows(values_only=True))
    assert fields[0][:4] == ("항목", "필수", "형식", "허용 값") and any(row[1] == "예" for row in fields[1:])
    pairwise = Path(polex.__file__).resolve().parent / "fixtures" / "pairwise.yaml"
    for lang, start in (("ko", "# `polex weights ahp`가 작성한"), ("en", "# Weights profile written by")):
        out = tmp_path / f"ahp-{lang}.yaml"
        assert runner.invoke(main, ["weights", "ahp", str(pairwise), "--out", str(out), "--lang", lang]).exit_code == 0
        assert out.read_text(encoding="utf-8").startswith(start)
    html = tmp_path / "r.html"
    pipeline = Path(polex.__file__).resolve().parent / "fixtures" / "pipeline.csv"
    assert runner.invoke(main, ["report", str(pipeline), "-o", str(html), "--lang", "ko"]).exit_code == 0
    page = html.read_text(encoding="utf-8")
    assert "수요자 입장의 정책 공유가 핵심이며" in page and "Demand-side sharing is essential" not in page
