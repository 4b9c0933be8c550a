"""Every label polex shows people, in English and Korean: one table.

`UI` holds interface words, column and heading labels; a key ending in `@report` is the
wording the HTML report uses where its context (a heading, a legend) needs a longer or
capitalised form of the same label. `MESSAGES` holds the commands' messages with their
placeholders; `FAMILY_LABELS` and `VALUE_LABELS_KO` name families and enum values.
"""

from __future__ import annotations

import re
from typing import Any

from ..models.rules import FAMILIES, FAMILY_KO
from ..models.vocabulary import FIELD_BY_NAME, did_you_mean
from .labels_commands import COMMAND_MESSAGES
from .labels_decision import DECISION, decision  # noqa: F401 - `polex portfolio` / `diff` labels, kept there (size)

__all__ = ["UI", "MESSAGES", "FAMILY_LABELS", "VALUE_LABELS_KO", "ui", "report_ui", "msg", "family_label",
           "value_label", "field_label", "did_you_mean"]

UI: dict[str, dict[str, str]] = {
    "en": {
        "title": "title",
        "title@report": "polex report",
        "subtitle": "Ranked policy-export opportunities",
        "input": "Input",
        "rows": "rows",
        "ranked": "ranked",
        "rejected": "rejected",
        "shown": "shown",
        "profile": "profile",
        "profile@report": "Weights profile",
        "prior": "unknown counted at",
        "prior_rates": "unknowns counted at their rules' base rates",
        "prior@report": "unknown conditions counted at",
        "rank_by": "ranked by",
        "rank_by_point": "the point score",
        "rank_by_low": "the low end of the range",
        "rank_by_high": "the high end of the range",
        "rules_count": "rules",
        "sha": "SHA-256 of the input",
        "top_note": "Only the top {shown} of {total} ranked candidates are in this report (--top).",
        "contents": "Contents",
        "map": "Quadrant map",
        "table": "Ranking",
        "sens": "Rank intervals",
        "appendix": "Appendix: rules and weights",
        "rejects": "Rejected rows",
        "rank": "rank",
        "rank@report": "Rank",
        "id": "id",
        "id@report": "ID",
        "name": "Name",
        "partner_city": "Partner city",
        "country": "Country",
        "region": "Region",
        "field": "Field",
        "stage": "Stage",
        "score": "Score",
        "score_lo": "Low",
        "score_hi": "High",
        "eligibility": "Eligibility",
        "completeness": "completeness",
        "completeness@report": "Known",
        "quadrant": "Quadrant",
        "median_rank": "Median rank",
        "rank_interval": "Rank interval",
        "p_top": "P(top {k})",
        "eligible": "eligible",
        "ineligible": "INELIGIBLE",
        "ineligible@report": "ineligible",
        "possibly": "possibly ineligible: a gate is still unknown",
        "possibly@report": "possibly ineligible",
        "possibly_long": "Possibly ineligible: a gate condition is still unknown.",
        "all": "all",
        "search": "Search",
        "search_ph": "id, name or city",
        "showing": "showing",
        "of": "of",
        "reset": "Reset filters",
        "sort_hint": "Click a column header to sort; click a row for its drill-down.",
        "open": "Open the drill-down of",
        "close": "Close",
        "range": "range",
        "gates": "Gate reasons (why ineligible)",
        "no_gates": "No gate is true.",
        "families": "Families",
        "family": "family",
        "family@report": "Family",
        "weight": "weight",
        "weight@report": "Weight",
        "rules": "Rules",
        "rule": "rule",
        "rule@report": "Rule",
        "outcome": "outcome",
        "outcome@report": "Outcome",
        "contribution": "Points",
        "reason": "reason",
        "reason@report": "Reason",
        "source": "source",
        "source@report": "Source",
        "condition": "Condition",
        "kind": "kind",
        "kind@report": "Kind",
        "points": "points",
        "points@report": "Points",
        "improve": "What would raise the score most",
        "unknowns": "Unknowns worth finding out",
        "gate_first": "gate: resolve first",
        "swing": "could move",
        "swing@report": "could move the score by",
        "can_gate": "can decide eligibility",
        "read_by": "read by",
        "none": "(none)",
        "true": "true",
        "false": "false",
        "unknown": "unknown",
        "n/a": "n/a",
        "facts": "What is known about the candidate",
        "show_outcomes": "Show",
        "expand": "Click to show it all",
        "k_gate": "gate",
        "k_factor": "factor",
        "k_penalty": "penalty",
        "k_derive": "derived fact",
        "sens_note": "Rank intervals from {draws} draws of the family weights around the profile (Dirichlet, concentration {conc:g}, seed {seed}); the bar spans the {lo}th to {hi}th percentile of each candidate's rank, the dot is the median and the tick the rank in this report. P(top {k}) is the share of draws in which the candidate ranks in the top {k}.",
        "sens_chart_note": "The {n} best-ranked candidates.",
        "sens_missing": "Sensitivity analysis was not run (use --sensitivity N).",
        "map_note": "Each dot is a candidate (hover for its name, click for its drill-down). The x axis is the {x} and the y axis the {y}: each the weighted mean, under the profile's weights, of the family scores named below. The quadrants compare candidates with each other, as the Infrastructure Prioritization Framework does.",
        "axis_readiness": "readiness and funding index",
        "axis_partnership": "partnership and fit index",
        "axis_readiness_short": "Readiness & funding",
        "axis_partnership_short": "Partnership & fit",
        "q_advance": "Advance",
        "q_prepare": "Prepare the project",
        "q_partner": "Build the partnership",
        "q_reconsider": "Reconsider",
        "q_advance_long": "ready and wanted: take forward",
        "q_prepare_long": "wanted, not yet ready: plan, fund and prepare the site",
        "q_partner_long": "ready, but weak demand, network or fit: build the partnership first",
        "q_reconsider_long": "neither ready nor wanted: reconsider or wait",
        "legend_eligible": "eligible",
        "legend_possibly": "possibly ineligible",
        "legend_ineligible": "ineligible",
        "index_of": "index of",
        "median": "median",
        "profile_desc": "Description",
        "justification": "Justification",
        "provenance": "Provenance",
        "no_provenance": "No provenance recorded (a hand-set profile; each weight carries its justification).",
        "rules_note": "Every rule, in family order, with its condition and the document and lines it comes from.",
        "row": "Row",
        "value": "Value",
        "expected": "Expected",
        "rejects_note": "Rows that could not be read; rows in = rows ranked + rows rejected.",
        "more_rejects": "and {n} more rejected rows",
        "footer": "Generated by polex {version}. Works offline; no data leaves this file.",
        "quadrant_of": "Quadrant",
        "sens_of": "Sensitivity",
        "gain": "gain",
        "gate": "gate: resolve first",
        "reasons": "reasons",
        "why": "Why (the documents' reasons)",
        "when": "when",
        "hint": "hint",
        "file": "file",
        "example": "example",
        "gates_title": "Gates (make a candidate ineligible)",
        "col_rank": "#",
        "col_id": "id",
        "col_name": "name",
        "col_partner_city": "city",
        "col_country": "country",
        "col_score": "score",
        "col_range": "range",
        "col_eligible": "eligible",
        "col_top_reason": "top reason",
        "elig_yes": "yes",
        "elig_no": "NO",
        "elig_maybe": "yes?",
        # report v2 (issue 13): summary, quadrant rules, waterfall, heatmap, columns, export, font
        "summary": "Summary",
        "sum_counts": "{eligible} eligible, {possibly} possibly ineligible (a gate still unknown), {ineligible} ineligible, of {n} ranked",
        "sum_completeness": "median completeness",
        "sum_profile": "Active profile",
        "validation": "How well it predicted real outcomes",
        "not_validated": "not validated: this profile carries no out-of-sample figures against real outcomes (polex calibrate writes them), so its scores order candidates but have not been shown to predict success",
        "ci95": "95% CI",
        "baselines": "naive baselines",
        "records": "records",
        "q_none": "not counted",
        "q_on_median": "on a median line",
        "map_more": "(and {n} more at this point)",
        "map_rules": "Only eligible candidates (filled marks) count toward the quadrants; possibly ineligible ones are drawn hollow and ineligible ones as grey crosses, and count nowhere. The dashed lines are the medians of the eligible candidates ({mx} and {my}) and stay put when filters change; a candidate exactly on a median line goes to neither side and is counted apart. Candidates at one point share a mark whose area grows with their number (drawn once, no jitter); its colour is their completeness. Counts and marks follow the table's filters.",
        "on_median": "On a median line",
        "counted": "counted",
        "budget_line": "Budget line",
        "budget_note": "Budget line (dotted), as the Infrastructure Prioritization Framework draws it: the eligible candidates shown with a known cost (budget_usd_m), taken in order of the combined index (x + y), fit {budget} million USD up to the line: {n} candidates, {spent} million USD; {m} eligible candidates without a known cost are left out.",
        "budget_none": "No budget line: give --budget (million USD, on budget_usd_m) to draw one; {n} of the {e} eligible candidates shown have a known cost.",
        "waterfall": "How the score adds up",
        "wf_baseline": "Baseline (no factor and no penalty true)",
        "wf_total": "Score",
        "wf_note": "Each step is one rule's contribution in points (an unknown condition counts at its base rate); the baseline plus every step equals the score exactly (steps rounded to hundredths so that they add up to the score as shown).",
        "heatmap": "Top {n} by family",
        "heatmap_note": "Each cell is a family's score (0–100 %), darker is higher; an empty cell is a family with no rule in scope. Click a row for its drill-down.",
        "columns": "Columns",
        "export_csv": "Export the shown rows (CSV)",
        "font_missing": "Korean text may show as empty boxes on a machine without a Korean font: no CJK font file was found when this report was made (install fonts-nanum or fonts-noto-cjk, or set POLEX_CJK_FONT to a .ttf/.otf), so none is embedded.",
        "font_embedded": "Korean glyphs embedded: a subset of {name} ({glyphs} glyphs, {kib} KiB; SIL Open Font License).",
    },
    "ko": {
        "title": "제목",
        "title@report": "polex 보고서",
        "subtitle": "정책수출 기회 순위",
        "input": "입력",
        "rows": "행",
        "ranked": "순위 산정",
        "rejected": "제외",
        "shown": "표시",
        "profile": "가중치 프로파일",
        "prior": "미확인 반영 비율",
        "prior_rates": "미확인 조건은 규칙별 기저율로 반영",
        "prior@report": "미확인 조건 반영 비율",
        "rank_by": "순위 기준",
        "rank_by_point": "점수",
        "rank_by_low": "점수 범위의 하한",
        "rank_by_high": "점수 범위의 상한",
        "rules_count": "개 규칙",
        "sha": "입력 파일 SHA-256",
        "top_note": "순위 산정된 {total}건 중 상위 {shown}건만 이 보고서에 포함됨(--top).",
        "contents": "목차",
        "map": "사분면 지도",
        "table": "순위표",
        "sens": "순위 구간",
        "appendix": "부록: 규칙과 가중치",
        "rejects": "제외된 행",
        "rank": "순위",
        "id": "ID",
        "name": "사업명",
        "partner_city": "협력 도시",
        "country": "국가",
        "region": "권역",
        "field": "분야",
        "stage": "단계",
        "score": "점수",
        "score_lo": "하한",
        "score_hi": "상한",
        "eligibility": "적격 여부",
        "completeness": "정보 완결성",
        "quadrant": "사분면",
        "median_rank": "중앙 순위",
        "rank_interval": "순위 구간",
        "p_top": "상위 {k} 확률",
        "eligible": "적격",
        "ineligible": "부적격",
        "possibly": "부적격 가능: 확인되지 않은 관문 조건이 있음",
        "possibly@report": "부적격 가능",
        "possibly_long": "부적격 가능: 확인되지 않은 관문 조건이 있음.",
        "all": "전체",
        "search": "검색",
        "search_ph": "ID, 사업명, 도시",
        "showing": "표시",
        "of": "중",
        "of@report": "/",
        "reset": "필터 초기화",
        "sort_hint": "열 제목을 누르면 정렬되고, 행을 누르면 상세 내용이 열림.",
        "open": "상세 보기:",
        "close": "닫기",
        "range": "범위",
        "gates": "관문 사유(부적격 이유)",
        "no_gates": "해당하는 관문 조건 없음.",
        "families": "요인군",
        "family": "요인군",
        "weight": "가중치",
        "rules": "규칙",
        "rule": "규칙",
        "outcome": "결과",
        "contribution": "점수",
        "reason": "사유",
        "source": "근거",
        "condition": "조건",
        "kind": "유형",
        "points": "배점",
        "improve": "점수를 가장 크게 올릴 개선 사항",
        "unknowns": "확인하면 좋을 미확인 항목",
        "gate_first": "관문: 먼저 해소",
        "swing": "변동 폭",
        "swing@report": "점수 변동 폭",
        "can_gate": "적격 여부를 가를 수 있음",
        "read_by": "관련 규칙",
        "none": "(없음)",
        "true": "충족",
        "false": "미충족",
        "unknown": "미확인",
        "n/a": "해당 없음",
        "facts": "후보에 대해 알려진 정보",
        "show_outcomes": "보기",
        "expand": "누르면 전체 표시",
        "k_gate": "관문",
        "k_factor": "가점",
        "k_penalty": "감점",
        "k_derive": "파생 사실",
        "sens_note": "프로파일 가중치를 중심으로 요인군 가중치를 {draws}회 추출(디리클레 분포, 집중도 {conc:g}, 시드 {seed})하여 얻은 순위 구간. 막대는 각 후보 순위의 {lo}~{hi} 백분위, 점은 중앙값, 눈금은 이 보고서의 순위. 상위 {k} 확률은 추출 중 상위 {k}위 안에 든 비율.",
        "sens_chart_note": "상위 {n}건.",
        "sens_missing": "민감도 분석을 실행하지 않음(--sensitivity N 사용).",
        "map_note": "점 하나가 후보 하나임(마우스를 올리면 이름, 누르면 상세 내용). 가로축은 {x}, 세로축은 {y}이며, 각각 아래 요인군 점수를 프로파일 가중치로 가중평균한 값임. 사분면은 인프라 우선순위 프레임워크(IPF)처럼 후보를 서로 비교함.",
        "axis_readiness": "실행 준비·재원 지수",
        "axis_partnership": "협력·적합성 지수",
        "axis_readiness_short": "실행 준비·재원",
        "axis_partnership_short": "협력·적합성",
        "q_advance": "추진",
        "q_prepare": "사업 준비 지원",
        "q_partner": "협력 기반 강화",
        "q_reconsider": "재검토",
        "q_advance_long": "준비와 수요 모두 양호: 추진",
        "q_prepare_long": "수요는 있으나 준비 부족: 계획·재원·부지 준비",
        "q_partner_long": "준비는 되었으나 수요·네트워크·적합성 약함: 협력 기반부터 강화",
        "q_reconsider_long": "준비와 수요 모두 부족: 재검토 또는 보류",
        "legend_eligible": "적격",
        "legend_possibly": "부적격 가능",
        "legend_ineligible": "부적격",
        "index_of": "구성 요인군",
        "median": "중앙값",
        "profile_desc": "설명",
        "justification": "판단 근거",
        "provenance": "산출 이력",
        "no_provenance": "산출 이력 없음(직접 설정한 프로파일이며, 각 가중치에 근거가 있음).",
        "rules_note": "모든 규칙을 요인군 순서로, 조건과 근거 문헌·행 번호와 함께 수록함.",
        "row": "행",
        "value": "값",
        "expected": "허용 값",
        "rejects_note": "읽을 수 없었던 행. 입력 행 수 = 순위 산정 행 수 + 제외 행 수.",
        "more_rejects": "외 {n}개 제외 행",
        "footer": "polex {version}으로 생성. 오프라인에서 동작하며 어떤 데이터도 이 파일 밖으로 나가지 않음.",
        "quadrant_of": "사분면",
        "sens_of": "민감도",
        "gain": "상승",
        "gate": "관문: 먼저 해소",
        "reasons": "사유",
        "why": "근거 (문헌이 제시한 이유)",
        "when": "조건",
        "hint": "개선 방안",
        "file": "파일",
        "example": "예시",
        "gates_title": "관문 (부적격 사유)",
        "col_rank": "순위",
        "col_id": "ID",
        "col_name": "사업명",
        "col_partner_city": "협력 도시",
        "col_country": "국가",
        "col_score": "점수",
        "col_range": "범위",
        "col_eligible": "적격",
        "col_top_reason": "주요 사유",
        "elig_yes": "적격",
        "elig_no": "부적격",
        "elig_maybe": "적격?",
        # report v2 (issue 13): summary, quadrant rules, waterfall, heatmap, columns, export, font
        "summary": "요약",
        "sum_counts": "순위 산정 {n}건 중 적격 {eligible}건, 부적격 가능 {possibly}건(미확인 관문 조건), 부적격 {ineligible}건",
        "sum_completeness": "완성도 중앙값",
        "sum_profile": "적용 프로파일",
        "validation": "실제 결과 예측력",
        "not_validated": "검증되지 않음: 이 프로파일에는 실제 결과에 대한 표본 외 검증 수치가 없음(polex calibrate가 기록). 점수는 후보의 순서를 정할 뿐 성공을 예측한다고 입증되지 않았음",
        "ci95": "95% 신뢰구간",
        "baselines": "단순 기준 모형",
        "records": "건",
        "q_none": "집계 제외",
        "q_on_median": "중앙값 선 위",
        "map_more": "(같은 위치에 {n}건 더 있음)",
        "map_rules": "사분면 집계에는 적격 후보(채운 표시)만 들어감. 부적격 가능 후보는 속이 빈 원, 부적격 후보는 회색 ×로 그리며 어디에도 집계하지 않음. 점선은 적격 후보의 중앙값({mx}, {my})이며 필터를 바꿔도 움직이지 않음. 중앙값 선 위에 정확히 놓인 후보는 어느 쪽에도 넣지 않고 따로 셈. 같은 위치의 후보는 하나의 표시로 묶고 그 면적을 건수에 비례시킴(흩뜨리지 않음). 색은 완성도를 나타냄. 집계와 표시는 순위표의 필터를 따름.",
        "on_median": "중앙값 선 위",
        "counted": "집계 대상",
        "budget_line": "예산선",
        "budget_note": "예산선(점선)은 인프라 우선순위 프레임워크(IPF)의 방식대로 그림: 사업비(budget_usd_m)가 알려진 적격 후보를 종합지수(x + y) 순으로 담아 {budget}백만 달러 안에 드는 데까지가 선 위쪽임: {n}건, {spent}백만 달러. 사업비를 모르는 적격 후보 {m}건은 제외함.",
        "budget_none": "예산선 없음: --budget(백만 달러, budget_usd_m 기준)을 주면 그림. 표시된 적격 후보 {e}건 중 {n}건의 사업비가 알려져 있음.",
        "waterfall": "점수 구성",
        "wf_baseline": "기준점(요인·감점 모두 미충족)",
        "wf_total": "점수",
        "wf_note": "각 단계는 규칙 하나가 더하거나 뺀 점수임(미확인 조건은 기저율로 반영). 기준점과 모든 단계를 더하면 점수와 정확히 같음(표시된 점수와 합이 맞도록 0.01점 단위로 반올림).",
        "heatmap": "상위 {n}건의 요인군별 점수",
        "heatmap_note": "칸마다 요인군 점수(0–100%)이며 진할수록 높음. 빈칸은 적용 범위 안의 규칙이 없는 요인군임. 행을 누르면 상세 내용이 열림.",
        "columns": "열 선택",
        "export_csv": "표시된 행 내보내기(CSV)",
        "font_missing": "한글 글꼴이 없는 컴퓨터에서는 한글이 빈 네모로 보일 수 있음: 이 보고서를 만들 때 CJK 글꼴 파일을 찾지 못해 글꼴을 넣지 못함(fonts-nanum 또는 fonts-noto-cjk를 설치하거나 POLEX_CJK_FONT에 .ttf/.otf 경로를 지정).",
        "font_embedded": "한글 글꼴 포함: {name}의 일부({glyphs}자, {kib} KiB, SIL Open Font License).",
    },
}

# Messages the commands print (counts, warnings, hints), in both languages.
MESSAGES = {
    "en": {
        "counts": "{total} rows: {ranked} ranked, {rejected} rejected",
        "written": "ranking written to {path}",
        "rejects_written": "rejected rows written to {path}",
        "unknown_column": "warning: unknown column {col!r} ignored",
        "did_you_mean": " (did you mean {hint!r}?)",
        "reject_line": "  row {row}: {field}: got {value!r}, expected {expected}",
        "reject_file": "file",
        "more_rejects": "  ... {n} more; write them all with --rejects FILE",
        "showing": "showing the top {shown} of {total}; --top N to show more, --out FILE to write all",
        "demo_intro": "polex demo: {total} cases from the source documents ({file}); {ranked} ranked, "
                      "{rejected} rejected. The best one, rule by rule:",
        "demo_next": "Next: polex explain {file} --id {id}  ·  polex template --out pipeline.xlsx  ·  "
                     "polex rank pipeline.xlsx --out ranking.xlsx",
        "template_written": "template written to {path}: {n} fields{extra}",
        "template_xlsx": "; dropdowns for every enum, field notes on the second sheet",
        "interactive_intro": "Enter each field. Enter alone = unknown; '.' = stop here (the rest stay unknown).",
        "interactive_again": "polex score {args}",
        "interactive_repeat": "to score it again without prompts:",
        "rules_count": "{n} rules in {f} families",
        "checked": "{n} rules checked: {errors} errors, {warnings} warnings",
        "tested": "{passed} passed, {failed} failed",
        "strict": "--strict: {n} rows rejected",
        "strict_column": "--strict: column {col!r} matches no field",
        "columns_used": "columns: {n} used",
        "columns_renamed": "read as fields: {names}",
        "columns_ignored": "ignored: {names}",
        "reject_columns": "row,id,field,value,expected,suggestion",
        "repeated_header": "a candidate, not a repeated header row",
    },
    "ko": {
        "counts": "{total}행: 순위 {ranked}건, 제외 {rejected}건",
        "written": "순위표를 {path}에 저장함",
        "rejects_written": "제외된 행을 {path}에 저장함",
        "unknown_column": "경고: 알 수 없는 열 {col!r}은(는) 무시됨",
        "did_you_mean": " ({hint!r}을(를) 의미했나요?)",
        "reject_line": "  {row}행: {field}: 값 {value!r}, 허용 값 {expected}",
        "reject_file": "파일",
        "more_rejects": "  ... 외 {n}건; 모두 보려면 --rejects FILE",
        "showing": "전체 {total}건 중 상위 {shown}건 표시; 더 보려면 --top N, 전부 저장하려면 --out FILE",
        "demo_intro": "polex 데모: 문헌 사례 {total}건 ({file}); 순위 {ranked}건, 제외 {rejected}건. "
                      "1위 사례의 규칙별 설명:",
        "demo_next": "다음: polex explain {file} --id {id} --lang ko  ·  polex template --out pipeline.xlsx  ·  "
                     "polex rank pipeline.xlsx --out ranking.xlsx --lang ko",
        "template_written": "{path}에 양식 저장: 항목 {n}개{extra}",
        "template_xlsx": "; 모든 선택형 항목에 드롭다운, 두 번째 시트에 항목 설명",
        "interactive_intro": "항목을 차례로 입력하십시오. 그냥 Enter = 미확인, '.' = 여기서 끝냄 (나머지는 미확인).",
        "interactive_again": "polex score {args}",
        "interactive_repeat": "같은 후보를 다시 평가하려면:",
        "rules_count": "요인군 {f}개, 규칙 {n}개",
        "checked": "규칙 {n}개 검사: 오류 {errors}건, 경고 {warnings}건",
        "tested": "통과 {passed}건, 실패 {failed}건",
        "strict": "--strict: 제외된 행 {n}건",
        "strict_column": "--strict: 열 {col!r}은(는) 어떤 항목과도 맞지 않음",
        "columns_used": "열: {n}개 사용",
        "columns_renamed": "항목으로 읽음: {names}",
        "columns_ignored": "무시함: {names}",
        "reject_columns": "행,id,항목,값,허용 값,제안",
        "repeated_header": "후보 행 (반복된 머리글 행이 아님)",
    },
}
for _lang, _table in COMMAND_MESSAGES.items():  # calibrate, sensitivity, weights, errors: views/labels_commands.py
    MESSAGES[_lang].update(_table)

# The rejects' `expected` texts (FieldSpec.expected, the readers' reasons) in Korean, phrase by phrase in this order.
EXPECTED_KO = (
    ("a candidate, not a repeated header row", "후보 행 (반복된 머리글 행이 아님)"),
    ("a candidate (a mapping of field to value)", "후보 (항목: 값의 묶음)"), ("a candidate (a JSON object)", "후보 (JSON 객체)"),
    ("a JSON object (this line is not JSON: ", "JSON 객체 (이 줄은 JSON이 아님: "), ("a value (this field is required)", "값 (필수 항목)"),
    ("a JSON object (this line is not readable JSON: ", "JSON 객체 (이 줄은 읽을 수 없는 JSON: "),
    ("true/false, yes/no or 1/0", "true/false, yes/no, 1/0 또는 예/아니오"), ("a ';'-separated list of ", "';'로 구분한 목록: "),
    ("a comma separates thousands only in groups of three, as in 1,000; for a decimal comma (4,5) use --decimal-comma",
     "쉼표는 1,000처럼 세 자리 단위 구분에만 씀; 소수점 쉼표(4,5)는 --decimal-comma"),
    ("with --decimal-comma, a comma is the decimal mark (4,5) and '.' groups thousands (1.234,5)",
     "--decimal-comma에서는 쉼표가 소수점(4,5), '.'이 천 단위 구분(1.234,5)"), ("'_' is not part of a number", "'_'는 숫자에 쓸 수 없음"),
    ("got a list, where one value is expected", "값 하나가 와야 할 곳에 목록이 옴"),
    ("got an object, where one value is expected", "값 하나가 와야 할 곳에 객체가 옴"),
    ("got an object, where a list is expected", "목록이 와야 할 곳에 객체가 옴"),
    ("no such field: a field of the candidate vocabulary", "없는 항목: 후보 어휘의 항목이어야 함"),
    (" cells, as in the header", "개 칸 (머리글과 같게)"), ("an id not used before (row ", "앞에서 쓰이지 않은 id ("),
    (" has it)", "행에 이미 있음)"), ("one of ", "다음 중 하나: "), ("a whole number", "정수"), ("a number", "숫자"), ("text", "텍스트"),
)


def expected_text(text: str, lang: str) -> str:
    if lang != "ko" or not text:  # the readers word it in English
        return text
    held = re.fullmatch(r"an id not used before \((.+) row (\d+) has it\)", text)  # in another file of a folder
    if held:
        return f"앞에서 쓰이지 않은 id ({held[1]} {held[2]}행에 이미 있음)"
    for en, ko in EXPECTED_KO:
        text = text.replace(en, ko)
    from .labels_errors import json_text  # the JSON parser's own reason, where polex knows it

    return re.sub(r"(이 줄은 JSON이 아님: )(.*)\)$", lambda m: f"{m[1]}{json_text(m[2], lang)})", text)


def reject_cells(field: str, value: str, lang: str) -> tuple[str, str]:
    """A reject's field and value as shown: a whole-row problem's marker `(row)` and its cell count
    (`3 cells`) are polex's own words, so they follow the language; a field name or a cell never does."""
    if lang != "ko" or field != "(row)":
        return field, value
    cells = re.fullmatch(r"(\d+) cells", value or "")
    return "(행 전체)", (f"{cells[1]}칸" if cells else value)


FAMILY_LABELS = {"en": {f: f.capitalize() for f in FAMILIES}, "ko": FAMILY_KO}

# Korean labels of enum values shown in the report (English shows the codes).
VALUE_LABELS_KO = {
    "region": {"east_asia": "동아시아", "southeast_asia": "동남아시아", "south_asia": "남아시아",
               "central_asia": "중앙아시아", "middle_east": "중동", "africa": "아프리카", "europe": "유럽",
               "latin_america": "중남미", "north_america": "북미", "oceania": "오세아니아", "korea": "국내"},
    "field": {"transport": "교통", "fare_collection": "요금징수", "traffic_management": "교통관리",
              "urban_rail": "도시철도", "water": "상수도", "sewerage": "하수도", "waste": "폐기물",
              "e_government": "전자정부", "urban_planning": "도시계획", "urban_regeneration": "도시재생",
              "housing": "주택", "smart_city_development": "스마트도시 개발", "environment": "환경",
              "energy": "에너지", "safety": "안전", "health": "보건", "culture_sports": "문화·체육",
              "forestry_agriculture": "산림·농업", "governance": "거버넌스", "other": "기타"},
    "stage": {"discovery": "발굴", "consulting": "컨설팅", "master_plan": "마스터플랜",
              "feasibility_study": "타당성조사", "pilot": "시범사업", "investment_development": "투자개발",
              "procurement": "조달", "construction": "시공", "operation": "운영"},
}


def ui(lang: str) -> dict[str, str]:
    return UI.get(lang, UI["en"])


# Labels only the terminal shows; the report's page does not carry them.
TERMINAL_ONLY = frozenset({"example", "why", "hint", "file", "gate", "gain", "gates_title", "when", "reasons",
                           "elig_yes", "elig_no", "elig_maybe"})


def report_ui(lang: str) -> dict[str, str]:
    """The table with the report's contextual wordings (`key@report`) in place of the plain ones."""
    table = ui(lang)
    out = {k: v for k, v in table.items()
           if not k.endswith("@report") and k not in TERMINAL_ONLY and not k.startswith("col_")}
    out.update({k.removesuffix("@report"): v for k, v in table.items() if k.endswith("@report")})
    return out


def msg(lang: str, key: str, **values: Any) -> str:
    return MESSAGES.get(lang, MESSAGES["en"])[key].format(**values)


def family_label(family: str, lang: str) -> str:
    return FAMILY_KO.get(family, family) if lang == "ko" else family


def value_label(field: str, code: str, lang: str) -> str:
    if not code:
        return ""
    if lang == "ko":
        return VALUE_LABELS_KO.get(field, {}).get(code, code)
    return code.replace("_", " ")


def field_label(name: str, lang: str) -> str:
    spec = FIELD_BY_NAME.get(name)
    if spec is None:
        return name
    return (spec.ko if lang == "ko" else name.replace("_", " ")) or name
