"""Issue 10, item 10 (Korean everywhere): the messages polex words itself (usage and data errors
of template, rules, score, weights, sensitivity, base-rates; weights-profile, pairwise-file and
rule-file problems; prompts; the last line of defence) speak Korean under --lang ko or
POLEX_LANG=ko, with no English word left beyond names, values and paths, while an English run
shows the same text as before, with the same exit code."""

import errno
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_click_korean import HANGUL, english_words

import polex
from polex.cli import main
from polex.views.labels import MESSAGES, msg
from polex.views.labels_errors import ERROR_MESSAGES, error_text, issue_text, os_text, yaml_text

FX = Path(polex.__file__).resolve().parent / "fixtures"
PIPELINE, OUTCOMES, PAIRWISE = str(FX / "pipeline.csv"), str(FX / "outcomes.csv"), str(FX / "pairwise.yaml")
FAMILIES = ["demand", "readiness", "funding", "network", "scale", "fit", "site", "delivery", "context"]
STAGES = ["discovery", "consulting", "master_plan", "feasibility_study", "pilot", "investment_development",
          "procurement", "construction", "operation"]

RULE_FILE = """family: demand
rules:
  - id: zz_test_rule
    kind: factor
    when: stage == pilot
    points: 1
    title: {en: T, ko: T}
    reason: {en: R, ko: R}
    hint: {en: H, ko: H}
    source:
      - {doc: "000", lines: "47-66"}
    examples:
      - {candidate: {stage: pilot}, expect: false}
      - {candidate: {stage: bogus}, expect: false}
"""

FILES = {
    "exists.csv": "x\n",
    "bad.yaml": "id: [1\n",
    "alias.yaml": "a: &x 1\nid: *x\n",
    "notprof.yaml": "- 1\n- 2\n",
    "badprof.yaml": "name: x\nfamilies: [\n",
    "badprof2.yaml": "name: x\nfamilies:\n  demand:\n    weight: abc\n",
    "rules/x.yaml": RULE_FILE,
    "pw_notmap.yaml": "- a\n",
    "pw_badfam.yaml": "families: [demnd, scale]\nmatrix: [[1, 2], [1/2, 1]]\n",
    "pw_twice.yaml": "families: [demand, demand]\nmatrix: [[1, 2], [1/2, 1]]\n",
    "pw_one.yaml": "families: [demand]\nmatrix: [[1]]\n",
    "pw_neither.yaml": "families: [demand, scale]\n",
    "pw_both.yaml": "families: [demand, scale]\nmatrix: [[1, 2], [1/2, 1]]\ncomparisons: []\n",
    "pw_rows.yaml": "families: [demand, scale]\nmatrix: [[1, 2]]\n",
    "pw_judgement.yaml": "families: [demand, scale]\nmatrix: [[1, x], [1/2, 1]]\n",
    "pw_triple.yaml": "families: [demand, scale]\ncomparisons: [[demand, scale]]\n",
    "pw_notlisted.yaml": "families: [demand, scale]\ncomparisons: [[demand, fit, 3]]\n",
    "pw_yaml.yaml": "families: [\n",
    "pw_reciprocal.yaml": "families: [demand, scale]\nmatrix: [[1, 2], [2, 1]]\n",
    "pw_missing.yaml": "families: [demand, scale, fit]\ncomparisons: [[demand, scale, 3]]\n",
    "pw_why.yaml": "families: [demand, scale]\ncomparisons: [[demand, scale, 3]]\nwhy: [1]\n",
    "pw_inconsistent.yaml": "families: [demand, scale, fit]\n"
                            "comparisons: [[demand, scale, 9], [scale, fit, 9], [fit, demand, 9]]\n",
}


@pytest.fixture(scope="module")
def tmp(tmp_path_factory):
    root = tmp_path_factory.mktemp("kom")
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def invoke(args, lang=None, env=None, input=None):
    line = list(args) + (["--lang", lang] if lang else [])
    return CliRunner().invoke(main, line, env={"POLEX_LANG": None, **(env or {})}, input=input, prog_name="polex")


def text_of(result) -> str:
    return result.stdout + result.stderr


def leftover_english(text: str, args, names=()) -> list[str]:
    """English words left in a Korean run's output once paths, `code`, dotted and snake_case names
    (fields, rules, locations), the names and values the case allows are taken out."""
    text = re.sub(r"(?:/[\w.\-]+)+/?", " ", text)  # paths
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\b\w+(?:\.\w+)+\b|\b\w*_\w*\b|\S+=\S*", " ", text)  # locations, ids, field=value
    text = re.sub(r"[A-Z][A-Z_]+(?=[\uac00-\ud7a3])", " ", text)  # a metavar or format with its particle: FILE의
    return english_words(text, [*args, *names])


# name: (arguments ({t} is the temp folder), exit code, the Korean message, the English message, names and values)
CASES = {
    "template: the target exists": (
        ["template", "--out", "{t}/exists.csv"], 2, "{t}/exists.csv이(가) 이미 있음; 덮어쓰려면 --force",
        "Error: Invalid value for --out: {t}/exists.csv exists; use --force to overwrite it\n", []),
    "template: an unknown suffix": (
        ["template", "--out", "{t}/t.txt"], 2, "{t}/t.txt: .xlsx, .csv, .yaml 파일이어야 함",
        "Error: Invalid value for --out: {t}/t.txt: expected a .xlsx, .csv, .yaml file\n", []),
    "template: cannot write": (
        ["template", "--out", "{t}/exists.csv/t.csv"], 1, "오류: {t}/exists.csv/t.csv에 저장할 수 없음: ",
        "Error: cannot write {t}/exists.csv/t.csv: ", []),
    "rules list: no such family": (
        ["rules", "list", "--family", "demnd"], 2,
        "없는 요인군 'demnd' ('demand'을(를) 의미했나요?); 요인군: demand, readiness",
        "Error: Invalid value for --family: no family 'demnd' (did you mean 'demand'?); families: demand, "
        "readiness, funding, network, scale, fit, site, delivery, context\n", FAMILIES),
    "rules list: no such family, no hint": (
        ["rules", "list", "--family", "zzzzzz"], 2, "없는 요인군 'zzzzzz'; 요인군: demand",
        "Error: Invalid value for --family: no family 'zzzzzz'; families: demand,", FAMILIES),
    "rules show: no such rule": (
        ["rules", "show", "zzzzzzzzzz"], 1, "오류: 없는 규칙 'zzzzzzzzzz'; 전체 목록은 `polex rules list`",
        "Error: no rule 'zzzzzzzzzz'; `polex rules list` shows them all\n", []),
    "rules show: no such rule, did you mean": (
        ["rules", "show", "partner_request_documentd"], 1,
        "없는 규칙 'partner_request_documentd'; 'partner_request_documented'을(를) 의미했나요?",
        "Error: no rule 'partner_request_documentd'; did you mean 'partner_request_documented'?; `polex rules list` "
        "shows them all\n", []),
    "rules test: failed examples": (
        ["rules", "test", "{t}/rules"], 1, "실패 [batch] zz_test_rule 예제 1: 기대 미충족, 결과 충족  ({t}/rules/x.yaml:3)",
        "FAIL [batch] zz_test_rule example 1: expected false, got true  ({t}/rules/x.yaml:3)\n",
        ["batch", "durable", "stage", *STAGES]),
    "rules test: an invalid example": (
        ["rules", "test", "{t}/rules"], 1, "예제 2: 기대 미충족, 결과 잘못된 예제: stage: 값 'bogus', 허용 값 다음 중 하나: discovery",
        "example 2: expected false, got an invalid example: stage: got 'bogus', expected one of discovery",
        ["batch", "durable", "stage", *STAGES]),
    "rules check: lint problems": (
        ["rules", "check", "{t}/rules"], 1, "{t}/rules/x.yaml:3: 오류 [zz_test_rule]: `expect: true`인 예제가 하나 이상 필요함",
        "{t}/rules/x.yaml:3: error [zz_test_rule]: needs at least one example expecting true\n", ["stage", *STAGES]),
    "rank --rules: examples that fail": (
        ["rank", PIPELINE, "--rules", "{t}/rules"], 1, "오류: 규칙 파일에 문제가 있음:\n{t}/rules/x.yaml:3: [zz_test_rule] 예제 2",
        "Error: the rule files have problems:\n{t}/rules/x.yaml:3: [zz_test_rule] example 2: expected false, got an "
        "invalid example: stage: got 'bogus'", ["stage", *STAGES]),
    "weights ahp: not a .yaml target": (
        ["weights", "ahp", PAIRWISE, "--out", "{t}/a.txt"], 2, "받은 값 '{t}/a.txt'; 가중치 프로파일은 .yaml 파일이어야 함",
        "Error: Invalid value for --out: got '{t}/a.txt'; a weights profile is a .yaml file\n", []),
    "calibrate: not a .yaml target": (
        ["calibrate", OUTCOMES, "--out", "{t}/c.txt"], 2, "받은 값 '{t}/c.txt'; 가중치 프로파일은 .yaml 파일이어야 함",
        "Error: Invalid value for --out: got '{t}/c.txt'; a weights profile is a .yaml file\n", []),
    "weights ahp: cannot write": (
        ["weights", "ahp", PAIRWISE, "--out", "{t}/exists.csv/a.yaml"], 1, "오류: {t}/exists.csv/a.yaml에 저장할 수 없음: ",
        "Error: cannot write {t}/exists.csv/a.yaml: ", []),
    "weights base-rates: cannot write": (
        ["weights", "base-rates", OUTCOMES, "--out", "{t}/exists.csv/b.yaml"], 1,
        "오류: {t}/exists.csv/b.yaml에 저장할 수 없음: ", "Error: cannot write {t}/exists.csv/b.yaml: ", []),
    "sensitivity: cannot write": (
        ["sensitivity", PIPELINE, "--draws", "3", "--show", "0", "--out", "{t}/exists.csv/s.csv"], 1,
        "오류: 저장할 수 없음: {t}/exists.csv/s.csv: ", "Error: cannot write: [Errno ", []),
    "weights show: no such profile": (
        ["weights", "show", "--weights", "defualt"], 2,
        "defualt.yaml: 오류: 없는 가중치 프로파일 ('default'을(를) 의미했나요?); 제공되는 프로파일: default",
        "defualt.yaml: error: no such weights profile (did you mean 'default'?); shipped profiles: default\n",
        ["default"]),
    "rank: no such profile": (
        ["rank", PIPELINE, "--weights", "zzzzzz"], 2, "zzzzzz.yaml: 오류: 없는 가중치 프로파일; 제공되는 프로파일: default",
        "zzzzzz.yaml: error: no such weights profile; shipped profiles: default\n", ["default"]),
    "weights base-rates: no such profile": (
        ["weights", "base-rates", OUTCOMES, "--out", "{t}/b.yaml", "--weights", "zzzzzz"], 2,
        "오류: 없는 가중치 프로파일; 제공되는 프로파일: default", "error: no such weights profile; shipped profiles:",
        ["default"]),
    "weights show: a profile that is not YAML": (
        ["weights", "show", "--weights", "{t}/badprof.yaml"], 1, "{t}/badprof.yaml:3: 오류: 올바른 YAML이 아님: ",
        "Error: {t}/badprof.yaml:3: error: not valid YAML: ", []),
    "weights show: a broken profile": (
        ["weights", "show", "--weights", "{t}/badprof2.yaml"], 1,
        "오류: {t}/badprof2.yaml:4: 오류: families.demand.weight: 숫자여야 함 (받은 값 'abc')\n"
        "{t}/badprof2.yaml:4: 오류: 값이 없음: families.demand.why",
        "Error: {t}/badprof2.yaml:4: error: families.demand.weight: Input should be a valid number, unable to parse "
        "string as a number (got 'abc')\n{t}/badprof2.yaml:4: error: missing families.demand.why\n", []),
    "rules check: a broken profile": (
        ["rules", "check", "--weights", "{t}/badprof2.yaml"], 1, "families.demand.weight: 숫자여야 함 (받은 값 'abc')",
        "families.demand.weight: Input should be a valid number", []),
    "weights show: not a profile": (
        ["weights", "show", "--weights", "{t}/notprof.yaml"], 1, "{t}/notprof.yaml:1: 오류: : 매핑(이름: 값)이어야 함 (받은 값 [1, 2])",
        "Error: {t}/notprof.yaml:1: error: : Input should be a valid dictionary or instance of WeightsProfile "
        "(got [1, 2])\n", []),
    "score: --set without =": (
        ["score", "--set", "foo"], 2, "받은 값 'foo'; 항목=값 형식이어야 함 (예: stage=pilot)",
        "Error: Invalid value for --set: got 'foo', expected field=value (e.g. stage=pilot)\n", []),
    "score: --set an unknown field": (
        ["score", "--set", "stge=pilot"], 2, "알 수 없는 항목 'stge' ('stage'을(를) 의미했나요?); 전체 항목은 `polex schema`",
        "Error: Invalid value for --set: unknown field 'stge' (did you mean 'stage'?); `polex schema` lists every "
        "field\n", []),
    "score: a pipeline file": (
        ["score", "x.csv"], 2, "x.csv: `polex score`는 YAML 또는 JSON 파일에서 후보 하나를 읽음",
        "Error: Invalid value for FILE: x.csv: `polex score` reads one candidate from YAML or JSON; for a pipeline "
        "file use `polex rank FILE` or `polex explain FILE --id ID`\n", ["YAML", "JSON"]),
    "score: no candidate given": (
        ["score"], 2, "후보 FILE(YAML 또는 JSON, 표준 입력은 -), --set 항목=값 옵션, --interactive 중 하나를 주십시오",
        "Error: give a candidate FILE (YAML or JSON, - for stdin), --set field=value options, or --interactive\n",
        ["YAML", "JSON"]),
    "score: stdin twice": (
        ["score", "-", "-i"], 2, "--interactive는 답을 표준 입력에서 읽으므로 후보를 -(표준 입력)에서 읽을 수 없음",
        "Error: --interactive reads answers from stdin, so the candidate cannot come from - too; give a FILE or "
        "--set options\n", []),
    "score: a candidate file that is not YAML": (
        ["score", "{t}/bad.yaml"], 1, "(2행): ',' 또는 ']'이(가) 와야 하는데 '<stream end>'이(가) 옴",
        "Error: {t}/bad.yaml: not a readable YAML or JSON candidate (line 2): expected ',' or ']', but got "
        "'<stream end>'\n", ["YAML", "JSON"]),
    "score: an alias in a candidate file": (
        ["score", "{t}/alias.yaml"], 1, "(2행): 후보 파일에는 YAML 별칭(*x)을 쓸 수 없음; 값을 직접 쓰십시오",
        "Error: {t}/alias.yaml: not a readable YAML or JSON candidate (line 2): YAML aliases (*x) are not accepted "
        "in candidate files; write the value out\n", ["YAML", "JSON", "x"]),
}

PAIRWISE_CASES = {  # file: (the Korean message, the English one)
    "pw_notmap": ("`families`(행렬 순서의 목록)와, `matrix`(판단값의 행) 또는 `comparisons`",
                  "expected a mapping with `families` (a list, the matrix order)"),
    "pw_badfam": ("알 수 없는 요인군 'demnd' ('demand'을(를) 의미했나요?); 허용 요인군: demand",
                  "unknown family 'demnd' (did you mean 'demand'?); expected some of demand"),
    "pw_twice": ("`families`에 같은 요인군이 두 번 있음", "a family is listed twice in `families`"),
    "pw_one": ("요인군을 2개 이상 비교해야 함", "compare at least 2 families"),
    "pw_neither": ("`matrix`와 `comparisons` 중 하나를 주십시오 (둘 다 없음)", "give either `matrix` or `comparisons`, not neither"),
    "pw_both": ("`matrix`와 `comparisons` 중 하나만 주십시오 (둘 다 있음)", "give either `matrix` or `comparisons`, not both"),
    "pw_rows": ("`matrix`는 판단값 2개씩 2행이어야 함 (요인군마다 하나)", "`matrix` must have 2 rows of 2 judgements (one per family)"),
    "pw_judgement": ("matrix 1행 (demand), 2열 (scale): 받은 값 'x'; 3 또는 1/3 같은 양수여야 함",
                     "matrix row 1 (demand), column 2 (scale): got 'x', expected a positive number such as 3 or 1/3"),
    "pw_triple": ("comparisons[0]: [요인군, 요인군, 판단값]이어야 함; 받은 값 ['demand', 'scale']",
                  "comparisons[0]: expected [family, family, judgement], got ['demand', 'scale']"),
    "pw_notlisted": ("comparisons[0]: 'fit'은(는) `families`에 없음", "comparisons[0]: 'fit' is not in `families`"),
    "pw_yaml": ("올바른 YAML이 아님: ", "not valid YAML: while parsing a flow node"),
    "pw_reciprocal": ("항목 (demand, scale) = 2과(와) (scale, demand) = 2이(가) 서로 역수가 아님",
                      "entries (demand, scale) = 2 and (scale, demand) = 2 are not reciprocal"),
    "pw_missing": ("판단값이 없는 쌍: ", "missing judgements for pairs "),
    "pw_why": ("`why`는 요인군마다 그 근거를 적은 매핑이어야 함", "`why` must map a family to its justification"),
    "pw_inconsistent": ("일관성 비율 6.130이(가) 0.1을(를) 넘음 (lambda_max 10.1111, CI 3.5556, RI 0.58, CR 6.1303): 판단들이 "
                        "서로 모순됨. 가장 일관성이 낮은 쌍: demand 대 scale: 판단 9, 다른 판단들로 보면 약 1/1. 그 판단을 "
                        "고치거나, --force로 프로파일을 그대로 저장하십시오.",
                        "consistency ratio 6.130 is above 0.1 (lambda_max 10.1111, CI 3.5556, RI 0.58, CR 6.1303): the "
                        "judgements contradict each other. Most inconsistent pair: demand vs scale: judged 9, the other "
                        "judgements imply about 1/1. Revise that judgement, or write the profile anyway with --force."),
}
for _name, (_ko, _en) in PAIRWISE_CASES.items():
    CASES[f"weights ahp: {_name}"] = (["weights", "ahp", f"{{t}}/{_name}.yaml", "--out", "{t}/a.yaml"], 1,
                                      f"오류: {{t}}/{_name}.yaml: {_ko}", f"Error: {{t}}/{_name}.yaml: {_en}",
                                      [*FAMILIES, "matrix", "comparisons"])  # the pairwise file's keys


def _fill(value, t):
    return [v.replace("{t}", str(t)) for v in value] if isinstance(value, list) else value.replace("{t}", str(t))


@pytest.mark.parametrize("name", list(CASES))
def test_korean_run_speaks_korean_and_english_run_is_unchanged(name, tmp):
    args, code, korean, english, names = CASES[name]
    args, korean, english = _fill(args, tmp), _fill(korean, tmp), _fill(english, tmp)
    ko = invoke(args, "ko")
    assert ko.exit_code == code, text_of(ko)
    assert korean in text_of(ko), text_of(ko)
    assert HANGUL.search(text_of(ko)), text_of(ko)
    assert leftover_english(text_of(ko), args, names) == [], text_of(ko)
    assert "Traceback" not in text_of(ko)
    en = invoke(args)
    assert en.exit_code == code, text_of(en)
    assert english in text_of(en), text_of(en)
    assert not HANGUL.search(text_of(en)), text_of(en)


@pytest.mark.parametrize("args, korean", [
    (["score", "--set", "foo"], "받은 값 'foo'; 항목=값 형식이어야 함"),
    (["rules", "show", "zzzzzzzzzz"], "오류: 없는 규칙 'zzzzzzzzzz'"),
    (["weights", "show", "--weights", "defualt"], "없는 가중치 프로파일"),
])
def test_polex_lang_env_speaks_korean_too(args, korean):
    result = invoke(args, env={"POLEX_LANG": "ko"})
    assert korean in result.stderr, result.stderr
    assert invoke(args, "en", env={"POLEX_LANG": "ko"}).stderr == invoke(args).stderr


def test_rules_show_names_kinds_and_outcomes_in_korean():
    ko = invoke(["rules", "show", "partner_request_documented"], "ko").stdout
    assert ko.startswith("partner_request_documented  (수요, 가점, 4 배점)\n"), ko
    assert "-> 충족\n" in ko and "-> 미충족\n" in ko and "{} -> 미확인\n" in ko
    en = invoke(["rules", "show", "partner_request_documented"]).stdout
    assert en.startswith("partner_request_documented  (demand, factor, 4 points)\n"), en
    assert en.endswith("  example: {} -> unknown\n"), en
    assert invoke(["rules", "show", "bankable"]).stdout.startswith("bankable  (funding, derive)\n")
    assert invoke(["rules", "show", "bankable"], "ko").stdout.startswith("bankable  (재원, 파생 사실)\n")


@pytest.mark.parametrize("answers, lang, shown", [
    ("\n\n.", "ko", "    필수 항목입니다\n"),
    ("\n\n.", None, "    required: give a value\n"),
])
def test_prompt_for_a_required_field(answers, lang, shown):
    result = invoke(["score", "-i"], lang, input=answers)
    assert result.exit_code == 1 and shown in result.stderr, result.stderr


@pytest.mark.parametrize("lang, shown", [("ko", "    여러 개는 ;로 구분 (예: 1;3)\n"),
                                         (None, "    several: separate with ; (e.g. 1;3)\n")])
def test_prompt_for_a_list_field(lang, shown):
    given = ["--set", "id=x", "--set", "partner_city=H", "--set", "country=VNM"]
    result = invoke(["score", "-i", *given], lang, input="\n" * 200)
    assert result.exit_code == 0 and shown in result.stderr, result.stderr


def test_an_unexpected_error_says_so_in_korean(monkeypatch):
    import polex.commands.files as files

    def boom(lang):
        raise RuntimeError("boom")

    monkeypatch.delenv("POLEX_DEBUG", raising=False)
    monkeypatch.setattr(files, "candidate_schema", boom)
    ko = invoke(["schema"], "ko")
    assert ko.exit_code == 1
    assert ko.stderr == ("오류: 예기치 않은 RuntimeError: boom. polex의 버그입니다; 실행한 명령과 함께 알려 주십시오 "
                         "(POLEX_DEBUG=1이면 트레이스백을 보여 줌).\n"), ko.stderr
    en = invoke(["schema"])
    assert en.exit_code == 1
    assert en.stderr == ("Error: unexpected RuntimeError: boom. This is a bug in polex; please report it with the "
                         "command you ran (POLEX_DEBUG=1 shows the traceback).\n"), en.stderr


# ---- the one table and the translations themselves ------------------------------------------------


def test_the_messages_are_in_the_one_table_in_both_languages():
    assert set(ERROR_MESSAGES["en"]) == set(ERROR_MESSAGES["ko"])
    for key, english in ERROR_MESSAGES["en"].items():
        korean = ERROR_MESSAGES["ko"][key]
        assert MESSAGES["en"][key] == english and MESSAGES["ko"][key] == korean, key
        assert set(re.findall(r"\{(\w+)", english)) == set(re.findall(r"\{(\w+)", korean)), key
        assert HANGUL.search(korean), key
    assert msg("ko", "exists_force", out="x.csv") == "x.csv이(가) 이미 있음; 덮어쓰려면 --force"


# The parser's texts (PyYAML's and libyaml's) a user may meet in a rule, profile or candidate file.
YAML_TEXTS = ["a: [1\n", "a: b: c\n", "a:\n  - 1\n - 2\n", "a: 'x\n", "\ta: 1\n", "a: *x\n", 'a: "\\q"\n', "{a: 1\n",
              "- a\nb: 1\n", "a: @x\n", "a: !!python/name:os.system x\n"]


@pytest.mark.parametrize("text", YAML_TEXTS)
@pytest.mark.parametrize("loader", ["SafeLoader", "CSafeLoader"])
def test_yaml_errors_in_korean(text, loader):
    import yaml

    cls = getattr(yaml, loader, None)
    if cls is None:
        pytest.skip("libyaml is not available")
    with pytest.raises(yaml.YAMLError) as caught:
        yaml.load(text, Loader=cls)
    english = str(caught.value)
    assert yaml_text(english, "en") == english
    korean = yaml_text(english, "ko")
    context = {line.strip() for line in text.splitlines()}  # the parser quotes the line itself
    left = [line for line in korean.splitlines() if line.strip() not in context and line.strip() != "^"]
    assert HANGUL.search(korean), korean
    assert leftover_english("\n".join(left), []) == [], korean


@pytest.mark.parametrize("name", ["EACCES", "ENOENT", "EEXIST", "ENOTDIR", "EISDIR", "EROFS", "ENOSPC"])
def test_os_reasons_in_korean(name):
    reason = os.strerror(getattr(errno, name))
    assert os_text(reason, "en") == reason
    assert HANGUL.search(os_text(reason, "ko"))
    assert error_text(f"cannot write /x/y.yaml: {reason}", "ko") == f"/x/y.yaml에 저장할 수 없음: {os_text(reason, 'ko')}"


def test_english_texts_pass_through_unchanged():
    from polex.rules.loader import Issue

    for text in ["no such weights profile; shipped profiles: default", "cannot write x: File exists",
                 "stage: got 'x', expected one of a, b", "not valid YAML: while parsing a flow node"]:
        assert error_text(text, "en") == text
    issue = Issue("f.yaml", 3, "derived fact read by no rule", "r", "warning")
    assert issue_text(issue, "en") == str(issue) == "f.yaml:3: warning [r]: derived fact read by no rule"
    assert issue_text(issue, "ko") == "f.yaml:3: 경고 [r]: 어떤 규칙도 읽지 않는 파생 사실"
    lint = Issue("profile default", 0, "family site has rules but no weight", severity="warning")
    assert issue_text(lint, "ko") == "프로파일 default: 경고: 요인군 site에 규칙은 있으나 가중치가 없음"


@pytest.mark.parametrize("english, korean", [
    ("a rule file is a mapping with `family` and `rules`", "규칙 파일은 `family`와 `rules`가 있는 매핑이어야 함"),
    ("no rule files (*.yaml) found", "규칙 파일(*.yaml)이 없음"),
    ("unknown key 'whn' (did you mean 'when'?)", "알 수 없는 키 'whn' ('when'을(를) 의미했나요?)"),
    ("missing translation title.ko", "번역이 없음: title.ko"),
    ("duplicate id; first defined at a.yaml:3", "중복된 id; 처음 정의된 곳: a.yaml:3"),
    ("a factor needs points > 0, got 0", "factor 규칙에는 0보다 큰 points가 필요함; 받은 값 0"),
    ("points are ignored on a gate", "gate 규칙의 points는 무시됨"),
    ("needs at least one example expecting true and false",
     "`expect: true`인 예제와 `expect: false`인 예제가 각각 하나 이상 필요함"),
    ("the condition can never be true", "조건이 참이 될 수 없음"),
    ("reads country, which every candidate has: it scores no difference between candidates",
     "모든 후보에 있는 country을(를) 읽음: 후보 간 차이를 만들지 않음"),
    ("kind: Input should be 'factor', 'penalty', 'gate' or 'derive' (got 'x')",
     "kind: 다음 중 하나여야 함: 'factor', 'penalty', 'gate', 'derive' (받은 값 'x')"),
    ("families: family weights sum to 0.9, expected 1 (got {})", "families: 요인군 가중치의 합이 0.9임; 1이어야 함 (받은 값 {})"),
    ("unknown_prior: Input should be less than or equal to 1 (got 2)", "unknown_prior: 1 이하여야 함 (받은 값 2)"),
])
def test_rule_and_profile_file_problems_in_korean(english, korean):
    assert error_text(english, "ko") == korean
