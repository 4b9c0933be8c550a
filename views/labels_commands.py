"""The messages of `polex calibrate`, `sensitivity`, `weights show|ahp|base-rates`, the rank
progress steps, the errors a user meets (files, candidates, rule files) and click's own usage
errors (`click:` keys), in English and Korean. Kept apart from `labels.py` (the 600-line limit)
and merged into its one `MESSAGES` table, so `msg(lang, key)` is the one lookup. The errors the
commands word themselves (template, rules, score, weights profiles) and the Korean wording of the
rule, profile, YAML and OS texts are in `labels_errors.py`, merged here."""

from __future__ import annotations

import re

COMMAND_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        # calibrate
        "cal_rejected": "warning: {n} rows rejected (not used); check them with `polex rank {file} --rejects FILE`",
        "cal_no_outcome": "{file}: no record has an `outcome` (0 or 1); calibration needs historical outcomes",
        "cal_bad_outcome": "{file}: `outcome` must be 0 or 1; got {bad}",
        "cal_left_out": "note: {n} records without an outcome are left out",
        "cal_too_few": "{file}: {n0} records with outcome 0 and {n1} with outcome 1; calibration needs at least 2 of "
                       "each",
        "warning": "warning: {text}",
        "cal_intro": "[bold]polex calibrate[/bold]: {n} records from {file} ({n1} with outcome 1, {n0} with outcome 0); "
                     "rules' family scores as features.",
        "cal_weights": "Family weights",
        "cal_perf": "Out-of-sample performance ({scheme})",
        "c_family": "family",
        "c_calibrated": "calibrated",
        "c_change": "change",
        "c_profile": "profile",
        "c_ci": "95% CI",
        "c_calibrated_named": "calibrated ({name})",
        "c_expert_named": "expert ({name})",
        "c_baseline": "baseline: {name}",
        "c_difference": "difference",
        "m_calibrated": "calibrated",
        "m_expert": "expert",
        "m_funding status alone": "funding status alone",
        "m_count of known fields": "count of known fields",
        "cal_by_archetype": "ROC AUC by project archetype (out-of-fold scores; 95% CI: stratified bootstrap)",
        "c_archetype": "archetype",
        "c_records": "records",
        "c_records_ones": "{records} ({ones} ones)",
        "a_knowledge_sharing": "knowledge_sharing",
        "a_solution": "solution",
        "a_city_development": "city_development",
        "a_infrastructure": "infrastructure",
        "a_unknown": "unknown",
        "cal_explain": "ROC AUC of each profile's score: the chance that a record that reached implementation "
                       "scores above one that did not (0.5 = chance, 1 = perfect). Brier: mean squared error of the "
                       "probability of outcome 1, the score turned into a probability by a logistic fit on the "
                       "training folds, the same fit for both profiles (lower is better).",
        "cal_written": "calibrated profile written to {out}; use it with --weights {out}",
        "cal_mapping": "probability of success, stored in the profile for `polex portfolio` (objective successes): "
                       "P = 1 / (1 + exp(-({a:.4f} + {b:.6f} x score))), fitted on the {n} records; a score of 40 "
                       "gives {p40:.0%}, 60 gives {p60:.0%}, 80 gives {p80:.0%}",
        # sensitivity
        "sens_rejected": "warning: {n} rows rejected (not ranked); list them with `polex rank {file} --rejects FILE`",
        "no_candidates": "{file}: no candidates to rank",
        "cannot_write": "cannot write: {err}",
        "sens_intro": "[bold]polex sensitivity[/bold]: {n} candidates, {draws} weight draws from a Dirichlet with "
                      "concentration {c:g} around profile '{profile}' (seed {seed}); top K = {k}; ranked by {rank_by}.",
        "rank_by_point": "point",
        "rank_by_low": "low",
        "rank_by_high": "high",
        "sens_table": "Rank under uncertain weights (best first)",
        "c_id": "id",
        "c_name": "name",
        "c_country": "country",
        "c_score": "score",
        "c_median_rank": "median rank",
        "c_p_top": "P(top {k})",
        "sens_ineligible": " (ineligible)",
        "more_rows": "... {n} more rows",
        "more_rows_out": "; write them all with --out FILE",
        "sens_stable": "{stable} of the top {shown} stay in the top {k} in at least 90 % of draws.",
        "sens_oat": "One family at a time (weight x (1 +/- {delta:g}), others rescaled): top-{k} changes",
        "c_weight": "weight",
        "c_enters": "enters the top K",
        "c_leaves": "leaves the top K",
        "sens_flips": "{n} candidates change top-{k} membership under some +/-{delta:.0%} change",
        "sens_written": "figures for {n} candidates written to {out}",
        "more_ids": " (+{n} more)",
        # weights show
        "ws_base_rates": "an unknown condition counts at its rule's base rate ({n} rules, below); a rule without one "
                         "at {prior:g}",
        "ws_prior": "unknown conditions count at {prior:g} of their points in the point score",
        "c_why": "why",
        "c_source": "source",
        "ws_provenance": "provenance",
        "ws_expert": "provenance: expert judgement (each weight's justification is above)",
        "ws_validation": "validation ({scheme}), {records} records of {file}:",
        "ws_this": "  this profile: ROC AUC {auc} {auc_ci}, Brier {brier} {brier_ci}",
        "ws_baseline": "  baseline, {name}: ROC AUC {auc} {auc_ci}",
        "ws_no_validation": "validation: none (run `polex calibrate OUTCOMES` to measure how well the scores predict)",
        "ws_rates": "base rates: what an unknown condition counts for (share of records where it holds)",
        "c_rule": "rule",
        "c_rate": "rate",
        "c_true_known": "true / known",
        "ws_rates_method": "base rates: {method}",
        # weights ahp
        "ahp_title": "AHP weights from {file}",
        "ahp_ok": " (acceptable: <= 0.1)",
        "ahp_above": " (ABOVE 0.1: written with --force)",
        "ahp_worst": "most inconsistent pair: {pair}",
        "ahp_missing": "warning: families not compared get weight 0: {names}",
        "ahp_forced": "warning: consistency ratio {cr:.3f} > {limit}; profile written because of --force",
        "ahp_written": "profile written to {out}; use it with --weights {out}",
        # weights base-rates
        "br_not_yaml": "got {out!r}; a weights profile is a .yaml file",
        "br_not_profile": "{path}: not a weights profile",
        "br_written": "base rates of {n} rules from {m} records written to {out}",
        # report
        "prior_where_none": "where a rule has none",
        "report_not_html": "got {out!r}, expected a file name ending in .html",
        "cannot_write_to": "cannot write {out}: {err}",
        "rank_stdout_formats": "--out - writes {formats}; got --format {fmt}",
        "rank_target_is_input": "{target} is the input file; choose another name",
        "rank_rejects_stdout": "--rejects writes a file; the ranking alone goes to stdout (--out -)",
        "rank_same_targets": "--out and --rejects name the same file",
        "explain_rejected": " (row {row} was rejected: {field}: got {value}, expected {expected})",
        "explain_no_id": "no candidate with id {id} in {file}{why}",
        "explain_did_you_mean": "; did you mean {hint}?",
        "report_written": "{total} rows: {ranked} ranked, {rejected} rejected; report of {shown} candidates written "
                          "to {out} ({kib:.0f} KiB)",
        "no_cjk_font": "note: no CJK font file found (install fonts-nanum or fonts-noto-cjk, or set POLEX_CJK_FONT); "
                       "Korean text may show as boxes on a machine without a Korean font",
        "report_no_sensitivity": "--sensitivity: the sensitivity analysis is not available in this installation "
                                 "(polex.engine.sensitivity is missing)",
        # rank's progress steps
        "step_read": "reading {name}",
        "step_part": "ranking part {k} ({name}; at most {n} parts)",
        "step_merge": "merging the parts' rankings",
        "step_score": "scoring {n:,} candidates",
        "step_table": "building the ranking table",
        "step_write": "writing {target}",
        "step_the_table": "the table",
        # errors
        "candidate_problems": "the candidate has problems:\n  ",
        "not_candidate": "{name}: not a readable YAML or JSON candidate{where}: {problem}",
        "at_line": " (line {n})",
        "one_candidate": "{name}: expected one candidate (a mapping of field to value); to rank several, use "
                         "`polex rank`",
        "rule_problems": "the rule files have problems:\n",
        "no_rows": "{name}: no candidate rows (a header, but no rows under it)",
        "missing_required": "{field}: missing; it is required (e.g. --set {field}=...)",
        "problem": "{field}: got {value}, expected {expected}",
        "e_no_such_file": "no such file",
        "e_empty": "the file is empty",
        "e_decode": "cannot decode the text: expected UTF-8 or CP949 (EUC-KR)",
        "e_binary": "looks like a binary file, not text (use .xlsx or .parquet for those)",
        "e_not_readable": "not a readable ",
        "e_cannot_read": "cannot read: ",
        "e_unknown_type": "unknown file type ",
        "e_expected_one_of": "; expected one of ",
        "e_no_extension": "(no extension)",
        "yes": "yes",
    },
    "ko": {
        "cal_rejected": "경고: {n}행 제외 (사용하지 않음); `polex rank {file} --rejects FILE --lang ko`로 확인하십시오",
        "cal_no_outcome": "{file}: `outcome`(0 또는 1)이 있는 사례가 없음; 보정에는 과거 결과가 필요함",
        "cal_bad_outcome": "{file}: `outcome`은 0 또는 1이어야 함; 받은 값 {bad}",
        "cal_left_out": "참고: 결과가 없는 사례 {n}건은 제외함",
        "cal_too_few": "{file}: 결과 0인 사례 {n0}건, 결과 1인 사례 {n1}건; 보정에는 각각 2건 이상 필요함",
        "warning": "경고: {text}",
        "cal_intro": "[bold]polex 가중치 보정[/bold]: {file}의 사례 {n}건 (결과 1: {n1}건, 결과 0: {n0}건); "
                     "규칙의 요인군 점수를 특성으로 사용.",
        "cal_weights": "요인군 가중치",
        "cal_perf": "표본 외 성능 ({scheme})",
        "c_family": "요인군",
        "c_calibrated": "보정",
        "c_change": "변화",
        "c_profile": "프로파일",
        "c_ci": "95% 신뢰구간",
        "c_calibrated_named": "보정 ({name})",
        "c_expert_named": "전문가 ({name})",
        "c_baseline": "기준 모형: {name}",
        "c_difference": "차이",
        "m_calibrated": "보정",
        "m_expert": "전문가",
        "m_funding status alone": "재원 확보 상태만",
        "m_count of known fields": "확인된 항목 수",
        "cal_by_archetype": "사업 유형별 ROC AUC (교차검증 밖 점수; 95% 신뢰구간: 층화 부트스트랩)",
        "c_archetype": "사업 유형",
        "c_records": "사례 수",
        "c_records_ones": "{records} (결과 1: {ones}건)",
        "a_knowledge_sharing": "지식공유",
        "a_solution": "솔루션",
        "a_city_development": "도시개발",
        "a_infrastructure": "인프라",
        "a_unknown": "미확인",
        "cal_explain": "ROC AUC: 실행에 도달한 사례가 도달하지 못한 사례보다 높은 점수를 받을 확률 (0.5 = 우연, "
                       "1 = 완벽). Brier: 결과 1의 확률의 평균제곱오차. 점수는 학습 폴드에서 적합한 로지스틱 "
                       "모형으로 확률로 바꾸며, 두 프로파일에 같은 방식을 씀 (낮을수록 좋음).",
        "cal_written": "보정된 프로파일을 {out}에 저장함; --weights {out}로 사용하십시오",
        "cal_mapping": "성공 확률 (프로파일에 저장, `polex portfolio`의 기대 성공 건수 목적함수에 쓰임): "
                       "P = 1 / (1 + exp(-({a:.4f} + {b:.6f} x 점수))), 사례 {n}건으로 적합; 점수 40이면 {p40:.0%}, "
                       "60이면 {p60:.0%}, 80이면 {p80:.0%}",
        "sens_rejected": "경고: {n}행 제외 (순위에서 빠짐); `polex rank {file} --rejects FILE --lang ko`로 "
                         "확인하십시오",
        "no_candidates": "{file}: 순위를 매길 후보가 없음",
        "cannot_write": "저장할 수 없음: {err}",
        "sens_intro": "[bold]polex 민감도 분석[/bold]: 후보 {n}건, 프로파일 '{profile}' 주변 디리클레 분포(집중도 "
                      "{c:g})에서 가중치 {draws}회 추출 (시드 {seed}); 상위 K = {k}; 순위 기준: {rank_by}.",
        "rank_by_point": "점수",
        "rank_by_low": "범위 하단",
        "rank_by_high": "범위 상단",
        "sens_table": "가중치가 불확실할 때의 순위 (높은 순)",
        "c_id": "id",
        "c_name": "이름",
        "c_country": "국가",
        "c_score": "점수",
        "c_median_rank": "순위 중앙값",
        "c_p_top": "상위 {k} 확률",
        "sens_ineligible": " (부적격)",
        "more_rows": "... 외 {n}행",
        "more_rows_out": "; 전부 저장하려면 --out FILE",
        "sens_stable": "상위 {shown}건 중 {stable}건이 추출의 90 % 이상에서 상위 {k}에 남음.",
        "sens_oat": "요인군 하나씩 변경 (가중치 x (1 +/- {delta:g}), 나머지는 재조정): 상위 {k} 변화",
        "c_weight": "가중치",
        "c_enters": "상위 K에 진입",
        "c_leaves": "상위 K에서 이탈",
        "sens_flips": "어떤 +/-{delta:.0%} 변경에서 상위 {k} 포함 여부가 바뀌는 후보 {n}건",
        "sens_written": "후보 {n}건의 수치를 {out}에 저장함",
        "more_ids": " (외 {n}건)",
        "ws_base_rates": "미확인 조건은 규칙의 기저율로 계산됨 (규칙 {n}개, 아래); 기저율이 없는 규칙은 {prior:g}",
        "ws_prior": "미확인 조건은 점수에서 배점의 {prior:g}로 계산됨",
        "c_why": "근거",
        "c_source": "출처",
        "ws_provenance": "출처 정보",
        "ws_expert": "출처 정보: 전문가 판단 (각 가중치의 근거는 위에 있음)",
        "ws_validation": "검증 ({scheme}), {file}의 사례 {records}건:",
        "ws_this": "  이 프로파일: ROC AUC {auc} {auc_ci}, Brier {brier} {brier_ci}",
        "ws_baseline": "  기준 모형, {name}: ROC AUC {auc} {auc_ci}",
        "ws_no_validation": "검증: 없음 (점수의 예측력을 측정하려면 `polex calibrate OUTCOMES`를 실행하십시오)",
        "ws_rates": "기저율: 미확인 조건이 계산되는 값 (조건이 성립하는 사례의 비율)",
        "c_rule": "규칙",
        "c_rate": "기저율",
        "c_true_known": "참 / 확인",
        "ws_rates_method": "기저율: {method}",
        "ahp_title": "{file}에서 구한 AHP 가중치",
        "ahp_ok": " (허용: <= 0.1)",
        "ahp_above": " (0.1 초과: --force로 저장함)",
        "ahp_worst": "가장 일관성이 낮은 쌍: {pair}",
        "ahp_missing": "경고: 비교되지 않은 요인군의 가중치는 0: {names}",
        "ahp_forced": "경고: 일관성 비율 {cr:.3f} > {limit}; --force로 프로파일을 저장함",
        "ahp_written": "프로파일을 {out}에 저장함; --weights {out}로 사용하십시오",
        "br_not_yaml": "받은 값 {out!r}; 가중치 프로파일은 .yaml 파일이어야 함",
        "br_not_profile": "{path}: 가중치 프로파일이 아님",
        "br_written": "사례 {m}건에서 구한 규칙 {n}개의 기저율을 {out}에 저장함",
        "prior_where_none": "(기저율이 없는 규칙)",
        "report_not_html": "받은 값 {out!r}; .html로 끝나는 파일 이름이어야 함",
        "cannot_write_to": "{out}에 저장할 수 없음: {err}",
        "rank_stdout_formats": "--out -는 {formats} 형식만 씀; 받은 --format {fmt}",
        "rank_target_is_input": "{target}은(는) 입력 파일임; 다른 이름을 쓸 것",
        "rank_rejects_stdout": "--rejects는 파일로 씀; 표준 출력(--out -)에는 순위표만 나감",
        "rank_same_targets": "--out과 --rejects가 같은 파일을 가리킴",
        "explain_rejected": " ({row}행은 제외됨: {field}: 받은 값 {value}, 기대 {expected})",
        "explain_no_id": "{file}에 id가 {id}인 후보가 없음{why}",
        "explain_did_you_mean": "; {hint}을(를) 의미했나요?",
        "report_written": "{total}행: 순위 {ranked}건, 제외 {rejected}건; 후보 {shown}건의 보고서를 {out}에 저장함 "
                          "({kib:.0f} KiB)",
        "no_cjk_font": "참고: 한글 글꼴 파일을 찾지 못함 (fonts-nanum 또는 fonts-noto-cjk를 설치하거나 POLEX_CJK_FONT를 "
                       "지정하십시오); 한글 글꼴이 없는 컴퓨터에서는 한글이 네모로 보일 수 있음",
        "report_no_sensitivity": "--sensitivity: 이 설치본에서는 민감도 분석을 쓸 수 없음 "
                                 "(polex.engine.sensitivity 모듈이 없음)",
        "step_read": "{name} 읽는 중",
        "step_part": "{k}번째 부분 순위 매기는 중 ({name}; 최대 {n}개 부분)",
        "step_merge": "부분별 순위 합치는 중",
        "step_score": "후보 {n:,}건 평가 중",
        "step_table": "순위표 만드는 중",
        "step_write": "{target} 저장 중",
        "step_the_table": "표",
        "candidate_problems": "후보에 문제가 있음:\n  ",
        "not_candidate": "{name}: 읽을 수 없는 YAML 또는 JSON 후보{where}: {problem}",
        "at_line": " ({n}행)",
        "one_candidate": "{name}: 후보 하나(항목: 값의 묶음)여야 함; 여러 후보의 순위는 `polex rank`",
        "rule_problems": "규칙 파일에 문제가 있음:\n",
        "no_rows": "{name}: 후보 행이 없음 (머리글만 있고 그 아래 행이 없음)",
        "missing_required": "{field}: 값이 없음; 필수 항목임 (예: --set {field}=...)",
        "problem": "{field}: 값 {value}, 허용 값 {expected}",
        "e_no_such_file": "파일이 없음",
        "e_empty": "빈 파일임",
        "e_decode": "텍스트를 해독할 수 없음: UTF-8 또는 CP949(EUC-KR)이어야 함",
        "e_binary": "텍스트가 아닌 이진 파일로 보임 (그런 파일은 .xlsx 또는 .parquet 사용)",
        "e_not_readable": "읽을 수 없는 ",
        "e_cannot_read": "읽을 수 없음: ",
        "e_unknown_type": "알 수 없는 파일 형식 ",
        "e_expected_one_of": "; 다음 중 하나여야 함: ",
        "e_no_extension": "(확장자 없음)",
        "yes": "예",
    },
}

# The errors the commands word themselves (files, rules, score, weights profiles): views/labels_errors.py.
from .labels_errors import ERROR_MESSAGES, file_text  # noqa: E402 - kept apart for the 600-line limit

for _lang, _table in ERROR_MESSAGES.items():
    COMMAND_MESSAGES[_lang].update(_table)

# click's own texts (usage errors, the prompts' errors, the help's scaffolding), by click's msgid
# (click 8.x wraps them in gettext): what `commands/speech.click_speaks` shows in a Korean run.
# Merged below as `click:<msgid>` keys (English: the msgid itself); a msgid not here stays English.
# The help option's "Show this message and exit." is not here: click builds that option once per
# command and keeps it, so views/labels_help.py swaps it in only while a Korean help page is built.
CLICK_KO: dict[str, str] = {
    # the frame of every usage error
    "Usage:": "사용법:",
    "Try '{command} {option}' for help.": "도움말은 '{command} {option}'로 보십시오.",
    "Error: {message}": "오류: {message}",
    # unknown options and commands, with click's did-you-mean
    "No such option {name!r}.": "없는 옵션: {name!r}.",
    "No such command {name!r}.": "없는 명령: {name!r}.",
    "Did you mean {possibility}?": "{possibility}을(를) 의미했나요?",
    "(Did you mean one of: {possibilities}?)": "({possibilities} 중 하나를 의미했나요?)",
    "Missing command.": "명령이 없음.",
    # missing and extra arguments and options
    "Missing argument": "필요한 인자가 없음:",
    "Missing option": "필요한 옵션이 없음:",
    "Missing parameter": "필요한 매개변수가 없음:",
    "Missing {param_type}": "필요한 {param_type}이(가) 없음:",
    "Missing parameter: {param_name}": "필요한 매개변수가 없음: {param_name}",
    "Got unexpected extra argument ({args})": "예상하지 못한 추가 인자 ({args})",
    "Got unexpected extra arguments ({args})": "예상하지 못한 추가 인자 ({args})",
    "Option {name!r} requires an argument.": "옵션 {name!r}에는 값이 필요함.",
    "Option {name!r} requires {nargs} arguments.": "옵션 {name!r}에는 값 {nargs}개가 필요함.",
    "Option {name!r} does not take a value.": "옵션 {name!r}은(는) 값을 받지 않음.",
    "Argument {name!r} takes {nargs} values.": "인자 {name!r}에는 값 {nargs}개가 필요함.",
    "Takes {nargs} values but 1 was given.": "값 {nargs}개가 필요한데 1개가 주어짐.",
    "Takes {nargs} values but {len} were given.": "값 {nargs}개가 필요한데 {len}개가 주어짐.",
    "{len_type} values are required, but {len_value} was given.": "값 {len_type}개가 필요한데 {len_value}개가 주어짐.",
    "{len_type} values are required, but {len_value} were given.": "값 {len_type}개가 필요한데 {len_value}개가 주어짐.",
    "Value must be an iterable.": "값은 여러 개여야 함.",
    # invalid values: choices, numbers and ranges, paths
    "Invalid value: {message}": "잘못된 값: {message}",
    "Invalid value for {param_hint}: {message}": "{param_hint}의 값이 잘못됨: {message}",
    "Choose from:\n\t{choices}": "다음 중에서 고르십시오:\n\t{choices}",
    "{value!r} is not {choice}.": "{value!r}은(는) 허용되지 않음; {choice}이어야 함.",
    "{value!r} is not one of {choices}.": "{value!r}은(는) 허용되지 않음; 다음 중 하나여야 함: {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r}: {number_type}가 아님.",
    "{value} is not in the range {range}.": "{value}: 허용 범위 {range}을(를) 벗어남.",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r}: 참/거짓 값이 아님. 허용 값: {states}",
    "{value!r} is not a valid UUID.": "{value!r}: 올바른 UUID가 아님.",
    "{value!r} does not match the format {format}.": "{value!r}: 형식 {format}에 맞지 않음.",
    "{value!r} does not match the formats {formats}.": "{value!r}: 형식 {formats} 중 어느 것에도 맞지 않음.",
    "{name} {filename!r} does not exist.": "{name} {filename!r}이(가) 없음.",
    "{name} {filename!r} is a file.": "{name} {filename!r}: 파일임 (폴더여야 함).",
    "{name} {filename!r} is a directory.": "{name} {filename!r}: 폴더임 (파일이어야 함).",
    "{name} {filename!r} is not readable.": "{name} {filename!r}: 읽을 수 없음.",
    "{name} {filename!r} is not writable.": "{name} {filename!r}: 쓸 수 없음.",
    "{name} {filename!r} is not executable.": "{name} {filename!r}: 실행할 수 없음.",
    "Could not open file {filename!r}: {message}": "파일 {filename!r}을(를) 열 수 없음: {message}",
    "unknown error": "알 수 없는 오류",
    # the words click puts into the texts above ({number_type}; a path's {name}, title-cased)
    "integer": "정수", "integer range": "정수", "float": "숫자", "float range": "숫자",
    "File": "파일", "Directory": "폴더", "Path": "경로",
    # prompts and interruptions
    "Aborted!": "중단됨!",
    "Repeat for confirmation": "확인을 위해 다시 입력",
    "Error: The two entered values do not match.": "오류: 두 입력 값이 다름.",
    "Error: invalid input": "오류: 잘못된 입력",
    "Press any key to continue...": "계속하려면 아무 키나 누르십시오...",
    # the help's scaffolding (its texts stay English)
    "Options": "옵션",
    "Commands": "명령",
    "Positional arguments": "위치 인자",
    "default: {default}": "기본값: {default}",
    "env var: {var}": "환경 변수: {var}",
    "required": "필수",
    "(dynamic)": "(동적)",
    "deprecated": "폐지 예정",
}
for _msgid, _ko in CLICK_KO.items():
    COMMAND_MESSAGES["en"]["click:" + _msgid] = _msgid
    COMMAND_MESSAGES["ko"]["click:" + _msgid] = _ko


# File-error texts (formats/files.py words them once, in English): the phrases translated, in order.
FILE_ERROR_KEYS = ("e_decode", "e_binary", "e_no_such_file", "e_empty", "e_not_readable", "e_cannot_read",
                   "e_unknown_type", "e_expected_one_of", "e_no_extension")


def translate_error(text: str, lang: str) -> str:
    """An error worded in English by formats/ (a file's problem) or engine/intake.py (a missing
    required column), phrase by phrase in `lang`."""
    import re

    if lang != "ko" or not text:
        return text
    text = file_text(text, lang)  # the readers' sentences with a line, byte or item (labels_errors.py)
    en, ko = COMMAND_MESSAGES["en"], COMMAND_MESSAGES["ko"]
    for key in FILE_ERROR_KEYS:
        text = text.replace(en[key], ko[key])
    text = re.sub(r"^missing required columns? ", "필수 열이 없음: ", text)
    return re.sub(r" \(did you mean ('[^']*')\?\)", r" (\1을(를) 의미했나요?)", text)


# The shipped default profile's `why` of each family (rules/profiles/default.yaml words them in English).
PROFILE_WHY_KO = (
    ("Demand-side sharing is essential (000: 수요자 입장의 정책 공유), and trust and willingness to cooperate is one of "
     "002's three preconditions for strategic regions.",
     "수요자 입장의 정책 공유가 핵심이며(000), 신뢰와 협업 의지는 002가 꼽는 전략 지역의 세 가지 전제 조건 중 하나임."),
    ("The partner's upper development plan is the first precondition 002 lists; without it execution is "
     "'realistically impossible'.",
     "상대국의 상위 개발계획은 002가 꼽는 첫째 전제 조건이며, 그것 없이는 실행이 '현실적으로 불가능'함."),
    ("Link to central ODA and World Bank/ADB money to minimise fiscal risk; consulting, F/S and main-project budgets "
     "come from MDB and KOICA funds.",
     "재정 위험을 줄이려면 중앙정부 ODA와 세계은행·ADB 자금에 연계함; 컨설팅, 타당성조사(F/S), 본 사업 예산은 MDB와 "
     "KOICA 재원에서 나옴."),
    ("The network base of Korean firms is one of 002's three preconditions; prior networking by LH and firms was an "
     "important driving force at Clark.",
     "우리 기업의 네트워크 기반은 002가 꼽는 세 가지 전제 조건 중 하나이며, LH와 기업들의 사전 네트워킹이 클라크 사업의 "
     "중요한 추진력이었음."),
    ("Partner cities face the problems Seoul already solved; drop 'smart = high ICT' and focus on the city's own "
     "problems.",
     "협력 도시는 서울이 이미 해결한 문제를 겪고 있음; '스마트 = 첨단 ICT'라는 생각을 버리고 그 도시 자체의 문제에 집중함."),
    ("Setting a site size with payback in about 5 years and starting small is one of the FGI's three considerations "
     "for better results.",
     "약 5년 안에 회수할 수 있는 부지 규모를 정하고 작게 시작하는 것은 FGI가 꼽은, 더 나은 성과를 위한 세 가지 고려사항 중 "
     "하나임."),
    ("A brownfield site in the existing urban area made Clark's profitability relatively easy to forecast; New Clark "
     "lost on location.",
     "기존 시가지의 브라운필드 부지라서 클라크의 수익성은 비교적 예측하기 쉬웠음; 뉴클라크는 입지에서 불리했음."),
    ("The Local Autonomy Act gives no basis for for-profit overseas work by the city; bids go through public-private "
     "consortia.",
     "지방자치법에는 시가 해외에서 영리 사업을 할 근거가 없음; 입찰은 민관 컨소시엄을 통해 이루어짐."),
    ("Under UN sanctions only some categories of inter-Korean cooperation can proceed, and politically sensitive "
     "projects are to be avoided.",
     "유엔 제재 하에서는 일부 유형의 남북 협력만 추진할 수 있으며, 정치적으로 민감한 사업은 피해야 함."),
)

# Texts the engine words in English (the validation scheme, sample-size warnings, the AHP's worst
# pair), as patterns and their Korean wording.
ENGINE_KO = (
    (r"(\d+)-fold stratified cross-validation x (\d+) repeats; 95% CI: bootstrap of the out-of-fold predictions "
     r"\((\d+) resamples; stratified for AUC\)",
     r"\1겹 층화 교차검증 x \2회 반복; 95% 신뢰구간: 교차검증 밖 예측의 부트스트랩 (재표본 \3회; AUC는 층화)"),
    (r"only (\d+) records \(fewer than (\d+)\): the learned weights and the metrics are very uncertain",
     r"사례가 \1건뿐임 (\2건 미만): 학습한 가중치와 지표의 불확실성이 매우 큼"),
    (r"only (\d+) records? with outcome (\d) \(fewer than (\d+)\): cross-validated AUC and Brier rest on very few "
     r"cases, and bootstrap intervals understate their uncertainty",
     r"결과 \2인 사례가 \1건뿐임 (\3건 미만): 교차검증 AUC와 Brier가 매우 적은 사례에 기대며, 부트스트랩 구간은 "
     r"불확실성을 과소평가함"),
    (r"^(\S+) vs (\S+): judged (\S+), the other judgements imply about (\S+)$",
     r"\1 대 \2: 판단 \3, 다른 판단들로 보면 약 \4"),
    (r"share of records where the condition is known and true, smoothed toward unknown_prior (\S+) by (\S+) "
     r"pseudo-records: \(true \+ prior x m\) / \(known \+ m\); n/a and unknown records do not count; outcome labels "
     r"are not read",
     r"조건이 확인되고 참인 사례의 비율, 가상 사례 \2건으로 unknown_prior \1 쪽으로 평활: (참 + prior x m) / "
     r"(확인 + m); 해당 없음·미확인 사례는 세지 않으며 결과 값은 읽지 않음"),
    (r"\. A rate with a `why` is set by judgement \(there `known` counts every record in scope\) and kept when the "
     r"rates are estimated again",
     r". `why`가 있는 비율은 판단으로 정한 것이며(이때 `known`은 적용 범위 안의 모든 사례를 셈), 비율을 다시 추정해도 "
     r"유지됨"),
    (r"^Learned weight \(logistic coefficient (\S+)\); expert weight (\S+?)(?: because: |$)",
     r"학습한 가중치 (로지스틱 계수 \1); 전문가 가중치 \2. 전문가 근거: "),
    (r"^No points in the rules: this family cannot score, so its weight is 0$",
     "규칙에 배점이 없음: 이 요인군은 점수를 낼 수 없으므로 가중치 0"),
    # polex portfolio: constraints and the reasons a candidate is left out (engine/portfolio.py)
    (r"^(\w+) unknown \(give --assume-cost to include it\)$", r"\1 미확인 (포함하려면 --assume-cost)"),
    (r"^(\w+) unknown \(capacity on (\w+)\)$", r"\1 미확인 (\2 용량 제약)"),
    (r"^(\w+) unknown \(at most (\d+) per (\w+)\)$", r"\1 미확인 (\3별 최대 \2건)"),
    (r"^total (\w+) <= (\S+)$", r"\1 합계 <= \2"),
    (r"^at most (\d+) per (\w+)$", r"\2별 최대 \1건"),
    (r"^at most (\d+) projects$", r"최대 \1건"),
    (r"^at least (\d+) strategic-country projects$", r"전략 국가 사업 최소 \1건"),
    (r"^must include (\S+)$", r"반드시 포함: \1"),
    (r"^must exclude (.+)$", r"반드시 제외: \1"),
    (r"^at the cap: ", "한도에 도달: "),
    (r"^ineligible\b", "부적격"),
    (r"^possibly ineligible, check: ", "부적격일 수 있음, 확인할 것: "),
    (r"^known eligible only$", "적격 확인된 후보만"),
    # how a learned or derived profile was made (its provenance's `method`, polex weights show)
    (r"^polex calibrate: non-negative logistic regression on family scores \(scipy L-BFGS-B, scikit-learn estimator "
     r"WeightCalibrator\), weights = coefficients / their sum$",
     "polex calibrate: 요인군 점수에 대한 비음수 로지스틱 회귀 (scipy L-BFGS-B, scikit-learn 추정기 WeightCalibrator), "
     "가중치 = 계수 / 계수의 합"),
    (r"^polex calibrate: logistic regression of the outcome on this profile's score \((P = .+?\)\)\)), slope per score "
     r"point; ridge C (\S+) chosen by stratified cross-validation on the Brier score; no class weights\)$",
     r"polex calibrate: 이 프로파일의 점수에 대한 결과의 로지스틱 회귀 (\1, slope는 점수 1점당 기울기; 릿지 C \2는 "
     r"Brier 점수 기준 층화 교차검증으로 선택; 클래스 가중치 없음)"),
    (r"^polex weights ahp: principal eigenvector of the pairwise comparison matrix \(Saaty's AHP\); consistency ratio "
     r"CR = CI / RI with Saaty's random index$",
     "polex weights ahp: 쌍대비교 행렬의 주고유벡터 (Saaty의 AHP); 일관성 비율 CR = CI / RI (Saaty의 무작위 지수)"),
    (r"AHP principal-eigenvector weight from (.+?) \(CR (\S+)\)$", r"AHP 주고유벡터 가중치, \1에서 (CR \2)"),
    (r"^Not compared in (.+): weight 0$", r"\1에서 비교되지 않음: 가중치 0"),
    *((re.escape(en), ko) for en, ko in PROFILE_WHY_KO),
)


def engine_text(text: str, lang: str) -> str:
    """A text the engine words in English, in `lang` where its pattern is known."""
    from .labels_errors import reworded

    return reworded(text, ENGINE_KO) if lang == "ko" and text else text


# Why no portfolio meets the constraints (engine/portfolio.PortfolioError), worded in English by the
# engine; the constraints named inside are worded by ENGINE_KO.
PORTFOLIO_ERRORS_KO = (
    (r"^no portfolio is possible$", lambda m: "가능한 포트폴리오가 없음"),
    (r"^these constraints cannot all be met together: (.+) \(dropping any one of them makes a portfolio possible\)$",
     lambda m: "다음 제약을 함께 만족할 수 없음: " + "; ".join(engine_text(c, "ko") for c in m[1].split("; "))
     + " (어느 하나를 빼면 포트폴리오가 가능함)"),
    (r"^(.+) cannot be met \(only (\d+) eligible strategic-country candidates are available\)$",
     lambda m: f"{engine_text(m[1], 'ko')}을(를) 만족할 수 없음 (적격인 전략 국가 후보가 {m[2]}건뿐임)"),
    (r"^must include (\S+) cannot be met: (\S+) is left out \((.+)\)$",
     lambda m: f"반드시 포함: {m[1]}을(를) 만족할 수 없음: {m[2]}은(는) 제외됨 ({engine_text(m[3], 'ko')})"),
    (r"^(.+) cannot be met$", lambda m: f"{engine_text(m[1], 'ko')}을(를) 만족할 수 없음"),
    (r"^must include (\S+): no candidate with id (.+) in the file$",
     lambda m: f"반드시 포함: {m[1]}: 파일에 id가 {m[2]}인 후보가 없음"),
    (r"^must exclude: no candidate with id (.+) in the file$", lambda m: f"반드시 제외: 파일에 id가 {m[1]}인 후보가 없음"),
    (r"^the solver found no portfolio within the time limit \((\S+) s\); raise --time-limit$",
     lambda m: f"시간 제한({m[1]}초) 안에 포트폴리오를 찾지 못함; --time-limit을 늘리십시오"),
    (r"^the solver stopped at a limit before it found a portfolio$", lambda m: "솔버가 포트폴리오를 찾기 전에 한도에서 멈춤"),
    (r"^the solver returned a portfolio that breaks a constraint \(numerical trouble\); please report this with the "
     r"input$", lambda m: "솔버가 제약을 어기는 포트폴리오를 냄 (수치 문제); 입력과 함께 알려 주십시오"),
)


def portfolio_error_text(text: str, lang: str) -> str:
    """Why no portfolio meets the constraints, in `lang` (the first pattern that matches words it)."""
    import re

    if lang != "ko" or not text:
        return text
    for pattern, ko in PORTFOLIO_ERRORS_KO:
        m = re.match(pattern, text)
        if m:
            return ko(m)
    return text
