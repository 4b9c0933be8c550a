"""Issue 10, item 10 (Korean everywhere), second pass: the texts worded in English below the
commands (the file readers' problems with a line, byte or item; rule conditions' errors and derive
cycles; a ranking file `polex diff` cannot read; the scorer's) and the messages of `polex diff` and
`polex report` speak Korean under --lang ko or POLEX_LANG=ko, with no English word left beyond
names, values, paths and a library's own detail, while an English run shows the same text as
before, with the same exit code. engine/ and formats/ keep wording them in English: the English
text is the key the command translates."""

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_click_korean import HANGUL
from test_korean_messages import invoke, text_of
from test_korean_messages import leftover_english as _leftover

import polex
from polex.cli import main
from polex.views.labels_errors import error_text, file_text, json_text

FX = Path(polex.__file__).resolve().parent / "fixtures"
PIPELINE = str(FX / "pipeline.csv")
STAGES = ["discovery", "consulting", "master_plan", "feasibility_study", "pilot", "investment_development",
          "procurement", "construction", "operation"]
OPS = ["in", "not_in", "contains", "is_known", "is_unknown", "field", "op", "value", "all", "any", "not"]

H = "id,partner_city,country\n"


def _xlsx_empty() -> bytes:
    import io

    import openpyxl

    data = io.BytesIO()
    openpyxl.Workbook().save(data)
    return data.getvalue()


# Candidate files that provoke each reader's problem.
FILES = {
    "bad_byte.csv": (H + "A,H,VNM\nB,H,").encode() + b"\xff\n",
    "bad_utf16.csv": b"\xff\xfe" + (H + "A,H,VNM\n").encode("utf-16-le") + b"\x00\xd8a\x00",
    "not.parquet": b"PAR1 not really",
    "not.xlsx": b"not a zip",
    "empty_sheet.xlsx": None,  # written by the fixture
    "none.json": b"[]",
    "scalar.json": b"3",
    "scalars.json": b"[1, 2]",
    "arrays.jsonl": b"[1]\n[2]\n",
    "notjson.jsonl": b"{x\n{y\n",
    "bad.json": b'[{"id": "A",}]',
    "value.json": b'[{"id": "A"}, ]',
    "bigint.json": ('[{"id": ' + "1" * 5000 + "}]").encode(),
    "unclosed.csv": (H + 'A,"Hanoi,VNM\nB,H,VNM\n').encode(),
    "stray.csv": (H + 'A,"Ha"noi,VNM\n').encode(),
}

RULES = {  # rule id: its condition (YAML), each one error of engine/compile.py
    "c_unknown_field": '"stge == pilot"',
    "c_unknown_value": '"stage == pilott"',
    "c_bool": '"partner_priority == 3"',
    "c_number": '"payback_years < abc"',
    "c_no_value": '"stage is_known pilot"',
    "c_no_order": '"country > KOR"',
    "c_contains": '"stage contains pilot"',
    "c_in_list": '"funding_sources in [odb]"',
    "c_in_empty": '"stage in pilot"',
    "c_list_cmp": '"funding_sources == koica"',
    "c_one_value": '"stage == [pilot, construction]"',
    "c_bad_cond": '"stage ~= pilot"',
    "c_op_hint": '"stage =< pilot"',
    "c_mapping": '{alll: ["stage == pilot"]}',
    "c_empty_all": "{all: []}",
    "c_not_cond": "3",
    "c_bad_value": '"stage == [pilot"',
    "c_cycle_a": '"c_cycle_b == true"',
    "c_cycle_b": '"c_cycle_a == true"',
}


def _rule_file() -> str:
    out = ["family: demand", "rules:"]
    for rid, when in RULES.items():
        derive = rid.startswith("c_cycle")
        out += [f"  - id: {rid}", f"    kind: {'derive' if derive else 'factor'}", f"    when: {when}",
                *([] if derive else ["    points: 1"]), "    title: {en: T, ko: T}", "    reason: {en: R, ko: R}",
                "    hint: {en: H, ko: H}", "    source:", '      - {doc: "000", lines: "47-66"}', "    examples:",
                "      - {candidate: {}, expect: false}"]
    return "\n".join(out) + "\n"


def _scale_gates() -> str:
    """The scale family's five scored rules replaced by gates: no family the profile weighs has points."""
    ids = ["payback_within_five_years", "starts_at_complex_scale", "city_scale_development",
           "realistic_scale_negotiated", "phased_expansion"]
    out = ["family: scale", "rules:"]
    for rid in ids:
        out += [f"  - id: {rid}", "    kind: gate", "    when: stage is_known", "    title: {en: T, ko: T}",
                "    reason: {en: R, ko: R}", "    hint: {en: H, ko: H}", "    source:", '      - {doc: "000", lines: "47-66"}',
                "    examples:", "      - {candidate: {stage: pilot}, expect: true}", "      - {candidate: {}, expect: false}"]
    return "\n".join(out) + "\n"


FAMILIES = ["demand", "readiness", "funding", "network", "scale", "fit", "site", "delivery", "context"]


@pytest.fixture(scope="module")
def tmp(tmp_path_factory):
    root = tmp_path_factory.mktemp("kom2")
    for name, data in FILES.items():
        (root / name).write_bytes(_xlsx_empty() if data is None else data)
    (root / "rules").mkdir()
    (root / "rules" / "demand.yaml").write_text(_rule_file(), encoding="utf-8")
    (root / "gates").mkdir()
    (root / "gates" / "scale.yaml").write_text(_scale_gates(), encoding="utf-8")
    (root / "onlyscale.yaml").write_text("name: onlyscale\nunknown_prior: 0.5\nfamilies:\n" + "".join(
        f"  {f}: {{weight: {1 if f == 'scale' else 0}, why: x, source: y}}\n" for f in FAMILIES), encoding="utf-8")
    specs = {"strategic": "min_strategic: 200\n", "conflict": "max_count: 1\ninclude: [001-E01, 001-E02]\n",
             "nope": "include: [nope]\n", "ineligible": "include: [003-P08]\n"}
    for name, text in specs.items():
        (root / f"spec_{name}.yaml").write_text(text, encoding="utf-8")
    # two snapshots and their rankings, and rankings broken in one cell each
    lines = Path(PIPELINE).read_text(encoding="utf-8-sig").splitlines()
    (root / "old.csv").write_text("\n".join(lines[:21]) + "\n", encoding="utf-8")
    (root / "new.csv").write_text("\n".join(lines[:6] + lines[7:21]) + "\n", encoding="utf-8")
    for side in ("old", "new"):
        result = invoke(["rank", str(root / f"{side}.csv"), "--out", str(root / f"r_{side}.csv")])
        assert result.exit_code == 0, text_of(result)
    import csv

    with open(root / "r_old.csv", encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    header = table[0]
    broken = {"empty": (2, "rank", ""), "nan": (2, "score", "abc"), "inf": (2, "score", "inf"),
              "flag": (3, "eligible", "maybe"), "noid": (4, "id", ""), "cells": (5, None, None)}
    for name, (row, col, value) in broken.items():
        rows = [list(r) for r in table]
        if col is None:
            rows[row].append("extra")
        else:
            rows[row][header.index(col)] = value
        with open(root / f"rk_{name}.csv", "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    return root


def leftover_english(text: str, args, names=()) -> list[str]:
    """test_korean_messages' checker, the names (fields, codes, values) also taken out where a
    Korean particle follows them (stage은(는), polex의)."""
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", " ", text)
    return _leftover(text, args)


def _fill(value, t):
    return [v.replace("{t}", str(t)) for v in value] if isinstance(value, list) else value.replace("{t}", str(t))


# name: (arguments ({t} is the temp folder), exit code, the Korean message, the English message, names and values)
CASES = {
    # formats/files.py
    "a byte no encoding reads": (
        ["rank", "{t}/bad_byte.csv"], 1,
        "오류: {t}/bad_byte.csv: 3행: 텍스트를 해독할 수 없음: UTF-8, BOM이 있는 UTF-16 또는 CP949(EUC-KR)이어야 함; "
        "파일의 37번째 바이트가 0xFF임\n",
        "Error: {t}/bad_byte.csv: line 3: cannot decode the text: expected UTF-8, UTF-16 with a BOM, or CP949 "
        "(EUC-KR); byte 37 of the file is 0xFF\n", ["CP949", "0xFF"]),
    "UTF-16 that does not decode": (
        ["rank", "{t}/bad_utf16.csv"], 1, "오류: {t}/bad_utf16.csv: 3행: 텍스트를 UTF-16으로 해독할 수 없음 (파일의 67번째 바이트)\n",
        "Error: {t}/bad_utf16.csv: line 3: cannot decode the text as UTF-16 (byte 67 of the file)\n", []),
    "not a readable Parquet file (pyarrow's detail kept)": (
        ["rank", "{t}/not.parquet"], 1, "오류: {t}/not.parquet: 읽을 수 없는 Parquet 파일: ",
        "Error: {t}/not.parquet: not a readable Parquet file: ",
        ["Parquet", "magic", "bytes", "not", "found", "in", "footer", "Either", "the", "file", "is", "corrupted",
         "or", "this", "a", "parquet", "Could", "open", "footer", "File", "size", "too", "small", "to", "be"]),
    "not a readable Excel workbook (openpyxl's detail in Korean)": (
        ["rank", "{t}/not.xlsx"], 1,
        "오류: {t}/not.xlsx: 읽을 수 없는 Excel 통합 문서: zip 형식이 아님 (.xlsx 통합 문서는 zip으로 묶인 파일임)\n",
        "Error: {t}/not.xlsx: not a readable Excel workbook: File is not a zip file\n",
        ["Excel", "File", "is", "not", "a", "zip", "file"]),
    # formats/rows.py
    "an empty first sheet": (
        ["rank", "{t}/empty_sheet.xlsx"], 1, "오류: {t}/empty_sheet.xlsx: 첫 번째 시트가 비어 있음\n",
        "Error: {t}/empty_sheet.xlsx: the first sheet is empty\n", []),
    "a JSON file without candidates": (
        ["rank", "{t}/none.json"], 1, "오류: {t}/none.json: 파일에 후보가 없음\n",
        "Error: {t}/none.json: the file holds no candidates\n", []),
    "a JSON file that is not a list": (
        ["rank", "{t}/scalar.json"], 1, "오류: {t}/scalar.json: 후보(항목: 값의 묶음)의 목록이어야 함\n",
        "Error: {t}/scalar.json: expected a list of candidates (mappings of field to value)\n", []),
    "no JSON item is a candidate": (
        ["rank", "{t}/scalars.json"], 1, "오류: {t}/scalars.json: 1번째 요소: 후보(항목: 값의 묶음)여야 함; 후보인 요소가 하나도 없음\n",
        "Error: {t}/scalars.json: item 1: a mapping of field to value; no item is a candidate\n", []),
    "no JSONL line is an object": (
        ["rank", "{t}/arrays.jsonl"], 1, "오류: {t}/arrays.jsonl: 1행: JSON 객체여야 함; 후보인 요소가 하나도 없음\n",
        "Error: {t}/arrays.jsonl: line 1: a JSON object; no item is a candidate\n", []),
    "no JSONL line is JSON": (
        ["rank", "{t}/notjson.jsonl"], 1,
        "오류: {t}/notjson.jsonl: 1행: 이 줄은 JSON이 아님: 큰따옴표로 감싼 키가 와야 함; 후보인 요소가 하나도 없음\n",
        "Error: {t}/notjson.jsonl: line 1: this line is not JSON: Expecting property name enclosed in double quotes; "
        "no item is a candidate\n", []),
    "not valid JSON": (
        ["rank", "{t}/bad.json"], 1, "오류: {t}/bad.json: 올바른 JSON이 아님 (1행): 큰따옴표로 감싼 키가 와야 함\n",
        "Error: {t}/bad.json: not valid JSON (line 1): Expecting property name enclosed in double quotes\n", []),
    "not valid JSON: a value expected": (
        ["rank", "{t}/value.json"], 1, "오류: {t}/value.json: 올바른 JSON이 아님 (1행): 값이 와야 함\n",
        "Error: {t}/value.json: not valid JSON (line 1): Expecting value\n", []),
    "not readable JSON (Python's detail kept)": (
        ["rank", "{t}/bigint.json"], 1, "오류: {t}/bigint.json: 읽을 수 없는 JSON: Exceeds the limit",
        "Error: {t}/bigint.json: not readable JSON: Exceeds the limit (4300 digits)",
        ["Exceeds", "the", "limit", "digits", "for", "integer", "string", "conversion", "value", "has", "use",
         "sys", "set_int_max_str_digits", "to", "increase"]),
    "an unclosed quote": (
        ["rank", "{t}/unclosed.csv"], 1,
        '오류: {t}/unclosed.csv: 2행: 이 레코드에서 연 따옴표가 닫히지 않음 ("로 시작하는 칸은 "로 끝나야 함)\n',
        'Error: {t}/unclosed.csv: line 2: a quote opened in this record is never closed (a cell that starts with " '
        'must end with ")\n', []),
    "a stray quote": (
        ["rank", "{t}/stray.csv"], 1,
        "오류: {t}/stray.csv: 2행: 읽을 수 없는 CSV: '\"' 뒤에는 ','이(가) 와야 함 (따옴표로 감싼 칸 안의 따옴표는 두 번 씀: \"\")\n",
        "Error: {t}/stray.csv: line 2: not readable CSV: ',' expected after '\"' (a quote inside a quoted cell is "
        "written twice: \"\")\n", []),
    # engine/scorer.py: the user's rules and profile cannot score together (a data error, not a bug)
    "the profile weighs no family with points": (
        ["rank", PIPELINE, "--rules", "{t}/gates/scale.yaml", "--weights", "{t}/onlyscale.yaml"], 1,
        "오류: 프로파일이 배점 있는 요인군 어디에도 가중치를 주지 않음\n",
        "Error: the profile gives no weight to any family that has points\n", []),
    # engine/diff.py: a ranking polex diff cannot read
    "diff: a ranking with an empty rank": (
        ["diff", "{t}/r_old.csv", "{t}/rk_empty.csv"], 1,
        "오류: {t}/rk_empty.csv: 3행: rank 값이 비어 있음; `polex rank`가 쓴 순위표에는 모든 행에 값이 있음\n",
        "Error: {t}/rk_empty.csv: row 3: rank is empty; a ranking written by `polex rank` has one in every row\n",
        ["rank"]),
    "diff: a score that is not a number": (
        ["diff", "{t}/r_old.csv", "{t}/rk_nan.csv"], 1, "오류: {t}/rk_nan.csv: 3행: score 값 'abc'이(가) 숫자가 아님\n",
        "Error: {t}/rk_nan.csv: row 3: score 'abc' is not a number\n", ["score"]),
    "diff: a score that is not finite": (
        ["diff", "{t}/r_old.csv", "{t}/rk_inf.csv"], 1, "오류: {t}/rk_inf.csv: 3행: score 값 'inf'이(가) 숫자가 아님\n",
        "Error: {t}/rk_inf.csv: row 3: score 'inf' is not a number\n", ["score"]),
    "diff: eligible neither true nor false": (
        ["diff", "{t}/r_old.csv", "{t}/rk_flag.csv"], 1,
        "오류: {t}/rk_flag.csv: 4행: eligible 값 'maybe'이(가) true 또는 false가 아님\n",
        "Error: {t}/rk_flag.csv: row 4: eligible 'maybe' is not true or false\n", ["eligible", "true", "false"]),
    "diff: a row without an id": (
        ["diff", "{t}/r_old.csv", "{t}/rk_noid.csv"], 1, "오류: {t}/rk_noid.csv: 5행: id가 없음\n",
        "Error: {t}/rk_noid.csv: row 5: no id\n", ["id"]),
    "diff: a row with more cells than the header": (
        ["diff", "{t}/r_old.csv", "{t}/rk_cells.csv"], 1, "오류: {t}/rk_cells.csv: 6행: 칸이 17개임 (머리글에는 16개)\n",
        "Error: {t}/rk_cells.csv: row 6: 17 cells where the header has 16\n", []),
    # commands/report.py: why no portfolio meets the constraints (engine/portfolio.py words it)
    "report --portfolio: a constraint that cannot be met": (
        ["report", PIPELINE, "-o", "{t}/p.html", "--portfolio", "{t}/spec_strategic.yaml"], 1,
        "오류: 제약 조건을 모두 만족하는 포트폴리오가 없음: 전략 국가 사업 최소 200건을(를) 만족할 수 없음 (적격인 전략 국가 후보가 "
        "0건뿐임)\n",
        "Error: no portfolio meets the constraints: at least 200 strategic-country projects cannot be met (only 0 "
        "eligible strategic-country candidates are available)\n", []),
    "report --portfolio: constraints that conflict": (
        ["report", PIPELINE, "-o", "{t}/p.html", "--portfolio", "{t}/spec_conflict.yaml"], 1,
        "다음 제약을 함께 만족할 수 없음: 최대 1건; 반드시 포함: 001-E01; 반드시 포함: 001-E02 (어느 하나를 빼면 포트폴리오가 "
        "가능함)\n",
        "these constraints cannot all be met together: at most 1 projects; must include 001-E01; must include 001-E02 "
        "(dropping any one of them makes a portfolio possible)\n", ["E01", "E02"]),
    "report --portfolio: no such candidate": (
        ["report", PIPELINE, "-o", "{t}/p.html", "--portfolio", "{t}/spec_nope.yaml"], 1,
        "반드시 포함: nope: 파일에 id가 'nope'인 후보가 없음\n",
        "must include nope: no candidate with id 'nope' in the file\n", ["nope", "id"]),
    "report --portfolio: an ineligible candidate to include": (
        ["report", PIPELINE, "-o", "{t}/p.html", "--portfolio", "{t}/spec_ineligible.yaml"], 1,
        "반드시 포함: 003-P08을(를) 만족할 수 없음: 003-P08은(는) 제외됨 (부적격: ",
        "must include 003-P08 cannot be met: 003-P08 is left out (ineligible: ", ["P08", "DPRK"]),
    # commands/diff.py
    "diff: cannot write": (
        ["diff", "{t}/old.csv", "{t}/new.csv", "--out", "{t}/old.csv/x.csv"], 1,
        "오류: {t}/old.csv/x.csv에 저장할 수 없음: ", "Error: cannot write {t}/old.csv/x.csv: ", []),
    "diff: written": (
        ["diff", "{t}/old.csv", "{t}/new.csv", "--out", "{t}/d.csv"], 0, "{t}/d.csv에 저장함\n", "written: {t}/d.csv\n",
        ["id", "Δ", "demand", *STAGES, "unknown", "true", "false", "added", "removed", "changed", "moved"]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_korean_run_speaks_korean_and_english_run_is_unchanged(name, tmp):
    args, code, korean, english, names = CASES[name]
    args, korean, english = _fill(args, tmp), _fill(korean, tmp), _fill(english, tmp)
    ko = invoke(args, "ko")
    assert ko.exit_code == code, text_of(ko)
    assert korean in text_of(ko), text_of(ko)
    assert HANGUL.search(text_of(ko)), text_of(ko)
    # the messages are on stderr (diff's table on stdout carries ids, values and the rules' names)
    assert leftover_english(ko.stderr, args, names) == [], ko.stderr
    assert "Traceback" not in text_of(ko)
    en = invoke(args)
    assert en.exit_code == code, text_of(en)
    assert english in text_of(en), text_of(en)
    assert not HANGUL.search(en.stderr), en.stderr


@pytest.fixture(scope="module")
def rules_check(tmp):
    return {lang: invoke(["rules", "check", str(tmp / "rules")], lang) for lang in ("ko", None)}


# rule id: (the Korean problem, the English one), as `polex rules check` shows them after '<file>:<line>: error [id]: '
CONDITIONS = {
    "c_unknown_field": ("when: 알 수 없는 항목 'stge' ('stage'을(를) 의미했나요?); DESIGN.md의 후보 항목이나 파생 규칙 id여야 함",
                        "when: unknown field 'stge' (did you mean 'stage'?); expected a candidate field of DESIGN.md or "
                        "a derived rule id"),
    "c_unknown_value": ("when: stage: 알 수 없는 값 'pilott' ('pilot'을(를) 의미했나요?); 다음 중 하나여야 함: discovery, "
                        "consulting,", "when: stage: unknown value 'pilott' (did you mean 'pilot'?); expected one of "
                        "discovery, consulting,"),
    "c_bool": ("when: partner_priority: 받은 값 3; true 또는 false여야 함", "when: partner_priority: got 3, expected true or false"),
    "c_number": ("when: payback_years: 받은 값 'abc'; 숫자여야 함", "when: payback_years: got 'abc', expected a number"),
    "c_no_value": ("when: is_known에는 값을 쓰지 않음; 받은 값 'pilot'", "when: is_known takes no value, got 'pilot'"),
    "c_no_order": ("when: country에는 순서가 없음 (텍스트); >에는 순서형 열거 항목이나 숫자 항목이 필요함",
                   "when: country has no order (str); > needs an ordinal enum or a number"),
    "c_contains": ("when: contains에는 목록 항목이 필요함; stage은(는) 순서형 열거 항목임",
                   "when: contains needs a list field; stage is ordinal"),
    "c_in_list": ("when: in은(는) 값 하나와 비교함; funding_sources은(는) 목록 항목임 (contains를 쓰십시오)",
                  "when: in compares one value; funding_sources is a list (use contains)"),
    "c_in_empty": ("when: in에는 [a, b] 같은 비어 있지 않은 목록이 필요함; 받은 값 'pilot'",
                   "when: in needs a non-empty list such as [a, b], got 'pilot'"),
    "c_list_cmp": ("when: funding_sources은(는) 목록 항목임: [a, b] 같은 목록과 비교하거나 contains를 쓰십시오",
                   "when: funding_sources is a list: compare it with a list such as [a, b], or use contains"),
    "c_one_value": ("when: ==은(는) 값 하나와 비교함; 받은 값이 목록 '[pilot, construction]'임 (in 또는 not_in을 쓰십시오)",
                    "when: == compares one value, got a list '[pilot, construction]' (use in / not_in)"),
    "c_bad_cond": ("when: 조건 'stage ~= pilot'을(를) 읽을 수 없음: 'field op value'(항목 연산자 값) 형식이어야 함; 연산자: == != "
                   "< <= > >= in not_in contains is_known is_unknown\n",
                   "when: cannot read condition 'stage ~= pilot': expected 'field op value' with op one of == != < <= > "
                   ">= in not_in contains is_known is_unknown\n"),
    "c_op_hint": ("연산자: == != < <= > >= in not_in contains is_known is_unknown ('<'을(를) 의미했나요?)\n",
                  "with op one of == != < <= > >= in not_in contains is_known is_unknown (did you mean '<'?)\n"),
    "c_mapping": ("when: 조건 매핑에는 all, any, not 중 키가 하나만 있어야 함; 받은 키 ['alll'] ('all'을(를) 의미했나요?)",
                  "when: a condition mapping has exactly one key of all, any, not; got ['alll'] (did you mean 'all'?)"),
    "c_empty_all": ("when: all에는 비어 있지 않은 조건 목록이 필요함", "when: all needs a non-empty list of conditions"),
    "c_not_cond": ("when: 조건은 'field op value'(항목 연산자 값) 형식이거나 all/any/not 매핑이어야 함; 받은 값 3",
                   "when: a condition is 'field op value' or a mapping of all/any/not, got 3"),
    "c_bad_value": ("when: 값 '[pilot'을(를) 읽을 수 없음: ',' 또는 ']'이(가) 와야 하는데 '<stream end>'이(가) 옴",
                    "when: cannot read the value '[pilot': expected ',' or ']', but got '<stream end>'"),
    "c_cycle_a": ("파생 규칙이 서로를 읽는 순환이 있음: c_cycle_a -> c_cycle_b -> c_cycle_a",
                  "derived rules depend on each other in a cycle: c_cycle_a -> c_cycle_b -> c_cycle_a"),
}


@pytest.mark.parametrize("rule", list(CONDITIONS))
def test_rule_condition_errors_in_korean(rule, rules_check):
    korean, english = CONDITIONS[rule]
    ko, en = rules_check["ko"], rules_check[None]
    assert ko.exit_code == en.exit_code == 1
    line = next(line for line in ko.stdout.splitlines() if f"[{rule}]" in line)
    assert f"오류 [{rule}]: " in line and korean.rstrip("\n") in line, ko.stdout
    names = [*STAGES, *OPS, "when", "id", "stage", "stge", "abc", "pilott", "partner_priority", "country",
             "funding_sources", "true", "false", "a", "b"]
    assert leftover_english(line, [], names) == [], line
    line = next(line for line in en.stdout.splitlines() if f"[{rule}]" in line)
    assert f"error [{rule}]: " in line and english.rstrip("\n") in line, en.stdout
    assert not HANGUL.search(en.stdout), en.stdout


def test_a_condition_error_through_rank_rules(tmp):
    args = ["rank", PIPELINE, "--rules", str(tmp / "rules" / "demand.yaml")]
    ko, en = invoke(args, "ko"), invoke(args)
    assert ko.exit_code == en.exit_code == 1
    assert ko.stderr.startswith("오류: 규칙 파일에 문제가 있음:\n"), ko.stderr
    assert "알 수 없는 항목 'stge' ('stage'을(를) 의미했나요?)" in ko.stderr
    assert en.stderr.startswith("Error: the rule files have problems:\n"), en.stderr
    assert "unknown field 'stge' (did you mean 'stage'?)" in en.stderr


def test_polex_lang_env_speaks_korean_too(tmp):
    result = invoke(["rank", str(tmp / "unclosed.csv")], env={"POLEX_LANG": "ko"})
    assert "2행: 이 레코드에서 연 따옴표가 닫히지 않음" in result.stderr, result.stderr
    assert invoke(["rank", str(tmp / "unclosed.csv"), "--lang", "en"], env={"POLEX_LANG": "ko"}).stderr == \
        invoke(["rank", str(tmp / "unclosed.csv")]).stderr


# ---- polex diff: the note on fields a ranking does not carry ---------------------------------------


@pytest.mark.parametrize("suffix", ["csv", "json"])
def test_diff_of_rankings_notes_the_missing_fields_in_the_run_language(tmp, suffix):
    from polex.engine.diff import NOT_AVAILABLE
    from polex.views.labels_decision import DIFF_RANKINGS

    korean = DIFF_RANKINGS["ko"]["dr_not_available"]
    assert DIFF_RANKINGS["en"]["dr_not_available"] == NOT_AVAILABLE
    out = tmp / f"diff_ko.{suffix}"
    ko = invoke(["diff", str(tmp / "r_old.csv"), str(tmp / "r_new.csv"), "--out", str(out)], "ko")
    assert ko.exit_code == 0, text_of(ko)
    written = out.read_text(encoding="utf-8-sig")
    assert korean in written and NOT_AVAILABLE not in written
    assert "다른 항목은 알 수 없음" in ko.stdout and "not available" not in ko.stdout, ko.stdout
    assert ko.stderr == f"{out}에 저장함\n"
    out_en = tmp / f"diff_en.{suffix}"
    en = invoke(["diff", str(tmp / "r_old.csv"), str(tmp / "r_new.csv"), "--out", str(out_en)])
    assert en.exit_code == 0, text_of(en)
    written = out_en.read_text(encoding="utf-8-sig")
    assert NOT_AVAILABLE in written and not HANGUL.search(written)
    assert en.stderr == f"written: {out_en}\n"
    if suffix == "json":
        rows = json.loads(written)
        assert all(r["changed_fields"].endswith(NOT_AVAILABLE) for r in rows if r["status"] != "removed")


# ---- polex report: no sensitivity module --------------------------------------------------------------


@pytest.mark.parametrize("lang, shown", [
    ("ko", "--sensitivity: 이 설치본에서는 민감도 분석을 쓸 수 없음 (polex.engine.sensitivity 모듈이 없음)"),
    (None, "Error: --sensitivity: the sensitivity analysis is not available in this installation "
           "(polex.engine.sensitivity is missing)\n"),
])
def test_report_without_the_sensitivity_module(tmp, monkeypatch, lang, shown):
    monkeypatch.setitem(sys.modules, "polex.engine.sensitivity", None)  # import fails: ImportError
    result = invoke(["report", PIPELINE, "-o", str(tmp / "r.html"), "--sensitivity", "10"], lang)
    assert result.exit_code == 2, text_of(result)
    assert shown in result.stderr, result.stderr
    if lang == "ko":
        assert leftover_english(result.stderr.split("\n\n", 1)[1], []) == [], result.stderr


# ---- polex rules list: the kinds -------------------------------------------------------------------------


def test_rules_list_names_kinds_with_the_korean_labels():
    ko = invoke(["rules", "list", "--family", "scale"], "ko").stdout
    assert re.search(r"payback_within_five_years\s+규모\s+가점\s+4\s", ko), ko
    assert re.search(r"city_scale_development\s+규모\s+감점\s", ko), ko
    assert not re.search(r"\b(factor|penalty|gate|derive)\b", ko), ko
    assert re.search(r"bankable\s+재원\s+파생 사실\s", invoke(["rules", "list", "--family", "funding"], "ko").stdout)
    en = invoke(["rules", "list", "--family", "scale"]).stdout  # English shows the rule files' codes
    assert re.search(r"payback_within_five_years\s+scale\s+factor\s+4\s", en), en
    assert re.search(r"city_scale_development\s+scale\s+penalty\s", en), en
    assert re.search(r"bankable\s+funding\s+derive\s", invoke(["rules", "list", "--family", "funding"]).stdout)


# ---- the translations themselves --------------------------------------------------------------------------


ENGLISH_TEXTS = [
    "x.csv: line 3: cannot decode the text as UTF-16 (byte 35 of the file)",
    "x.csv: line 3: cannot decode the text: expected UTF-8, UTF-16 with a BOM, or CP949 (EUC-KR); byte 9 of the file "
    "is 0xFF",
    "x.parquet: not a readable Parquet file: boom", "x.csv: is a folder, expected a file",
    "x.xlsx: 1048577 rows do not fit in an Excel sheet (1,048,575 at most); write .csv or .parquet instead",
    "when: unknown field 'x'; expected a candidate field of DESIGN.md or a derived rule id",
    "derived rules depend on each other in a cycle: a -> b -> a",
    "the profile gives no weight to any family that has points", "r.csv: row 2: no id",
]


@pytest.mark.parametrize("text", ENGLISH_TEXTS)
def test_english_texts_pass_through_unchanged(text):
    from polex.views.labels_commands import translate_error

    assert file_text(text, "en") == text
    assert error_text(text, "en") == text
    assert translate_error(text, "en") == text
    korean = error_text(translate_error(text, "ko"), "ko")
    assert HANGUL.search(korean), korean
    names = ["UTF", "CP949", "0xFF", "Parquet", "boom", "Excel", "x", "a", "b", "when", "id"]
    assert leftover_english(korean, [], names) == [], korean


@pytest.mark.parametrize("english, korean", [
    ("x.csv: is a folder, expected a file", "x.csv: 폴더임 (파일이어야 함)"),
    ("x.xlsx: 1048577 rows do not fit in an Excel sheet (1,048,575 at most); write .csv or .parquet instead",
     "x.xlsx: 1048577행은 Excel 시트 하나에 들어가지 않음 (최대 1,048,575행); .csv 또는 .parquet으로 저장하십시오"),
    ("x.jsonl: line 2: this line is not readable JSON: boom; no item is a candidate",
     "x.jsonl: 2행: 이 줄은 읽을 수 없는 JSON임: boom; 후보인 요소가 하나도 없음"),
    ("x.csv: line 4: not readable CSV: line contains NUL (a quote inside a quoted cell is written twice: \"\")",
     "x.csv: 4행: 읽을 수 없는 CSV: 줄에 NUL 문자가 있음 (따옴표로 감싼 칸 안의 따옴표는 두 번 씀: \"\")"),
    # an unknown `what` stays; an unknown library detail is quoted, marked as the library's words
    ("x.unknown: not a readable thing: boom", "x.unknown: 읽을 수 없는 thing: (라이브러리 원문) boom"),
])
def test_file_texts_in_korean(english, korean):
    assert file_text(english, "ko") == korean


@pytest.mark.parametrize("text", ['{"a":1', "{a:1}", '{"a" 1}', '"abc', '"a\x01"', '"\\q"', '"\\u12"', "1 2", "[1,]",
                                  ""])
def test_json_reasons_in_korean(text):
    with pytest.raises(json.JSONDecodeError) as caught:
        json.loads(text)
    english = caught.value.msg
    assert json_text(english, "en") == english
    korean = json_text(english, "ko")
    assert HANGUL.search(korean), korean
    assert leftover_english(korean, [], ["JSON", "uXXXX"]) == [], korean


@pytest.mark.parametrize("english, korean", [
    ("no portfolio is possible", "가능한 포트폴리오가 없음"),
    ("total budget_usd_m <= 5 cannot be met", "budget_usd_m 합계 <= 5을(를) 만족할 수 없음"),
    ("must exclude: no candidate with id 'x' in the file", "반드시 제외: 파일에 id가 'x'인 후보가 없음"),
    ("the solver found no portfolio within the time limit (60 s); raise --time-limit",
     "시간 제한(60초) 안에 포트폴리오를 찾지 못함; --time-limit을 늘리십시오"),
    ("something else entirely", "something else entirely"),  # a text no pattern knows stays as it is
])
def test_portfolio_errors_in_korean(english, korean):
    from polex.views.labels_commands import portfolio_error_text

    assert portfolio_error_text(english, "en") == english
    assert portfolio_error_text(english, "ko") == korean


def test_diff_table_speaks_korean_and_english_keeps_the_codes(tmp_path):
    old, new = tmp_path / "old.csv", tmp_path / "new.csv"
    old.write_text("id,partner_city,country,stage\na,Hanoi,VNM,pilot\nb,Hue,VNM,pilot\n", encoding="utf-8")
    new.write_text("id,partner_city,country,stage\na,Hanoi,VNM,construction\nc,Hue,VNM,pilot\n", encoding="utf-8")
    ko = CliRunner().invoke(main, ["diff", str(old), str(new), "--lang", "ko"]).output
    assert "추가" in ko and "삭제" in ko and "변경" in ko and "시범사업 → 시공" in ko
    assert "미충족 → 미확인" in ko and not re.search(r"\b(added|removed|changed|unknown|false)\b", ko)
    en = CliRunner().invoke(main, ["diff", str(old), str(new)]).output
    assert "added" in en and "stage: pilot → construction" in en and "false → unknown" in en


@pytest.mark.parametrize("args, en, ko", [
    (["rank", PIPELINE, "--out", "-", "--format", "xlsx"], "--out - writes csv, tsv, json, jsonl; got --format xlsx",
     "--out -는 csv, tsv, json, jsonl 형식만 씀; 받은 --format xlsx"),
    (["rank", PIPELINE, "--rejects", "-"], "--rejects writes a file; the ranking alone goes to stdout (--out -)",
     "--rejects는 파일로 씀"),
    (["rank", PIPELINE, "--out", "{t}/a.csv", "--rejects", "{t}/a.csv"], "--out and --rejects name the same file",
     "--out과 --rejects가 같은 파일을 가리킴"),
    (["rank", PIPELINE, "--out", PIPELINE], "is the input file; choose another name", "은(는) 입력 파일임"),
    (["rank", PIPELINE, "--columns", "stge"], "unknown column 'stge' (did you mean 'stage'?)",
     "없는 열 'stge' ('stage'을(를) 의미했나요?)"),
    (["explain", PIPELINE, "--id", "002-CLRK"], "no candidate with id '002-CLRK' in", "id가 '002-CLRK'인 후보가 없음"),
])
def test_rank_and_explain_usage_errors_speak_the_run_language(tmp_path, args, en, ko):
    args = [str(a).replace("{t}", str(tmp_path)) for a in args]
    english = CliRunner().invoke(main, args)
    korean = CliRunner().invoke(main, [*args, "--lang", "ko"])
    assert english.exit_code == korean.exit_code != 0
    assert en in english.output and ko in korean.output and "Error" not in korean.output
