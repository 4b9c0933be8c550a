"""Labels of `polex diff` (on two rankings, and its own messages) and of the portfolio section of the report
(`polex report FILE --portfolio SPEC.yaml`), in English and Korean. Kept apart from `labels.py`
(the 600-line limit): `diff_text` falls back to `labels.decision` for the keys it shares, and
`portfolio_report_ui` merges the report's labels in only when a portfolio is asked for, so a
report without one carries exactly the labels it always did."""

from __future__ import annotations

from typing import Any

from .labels import decision

DIFF_RANKINGS: dict[str, dict[str, str]] = {
    "en": {
        "dr_kind": "Compared as two rankings written by `polex rank`: ranks, scores and eligibility as the files "
                   "give them.",
        "dr_fields": "Fields compared: {names}.",
        "dr_no_fields": "Fields compared: {names} only; the other fields are not available (the rankings carry no "
                        "input columns: `polex rank --columns FIELDS` adds them).",
        "dr_rules": "Rules checked for flips: {checked} of {total} ({by_fields} whose every input field both files "
                    "carry, evaluated on them; {by_reasons} gates through gate_reasons); the others cannot be "
                    "established from the files.",
        "dr_none": "No change: the same candidates with the same scores, ranks and eligibility, and the same "
                   "compared fields.",
        "dr_summary": "{added} added, {removed} removed, {changed} changed ({fields} in their own score, eligibility "
                      "or fields, the others in rank only), {unchanged} unchanged; score up {up}, down {down}; rank "
                      "up {rank_up}, down {rank_down}; became eligible {became_eligible}, became ineligible "
                      "{became_ineligible}",
        "dr_mixed": "{ranking} is a ranking (written by `polex rank`: it has the columns rank, score and eligible) "
                    "but {pipeline} is a pipeline; compare two pipelines or two rankings.",
        "dr_baseline_ranking": "{path} is a ranking (written by `polex rank`); --baseline takes the older pipeline "
                               "(compare two rankings with `polex diff OLD NEW`).",
        # engine/diff.NOT_AVAILABLE: the changed_fields note of a diff of rankings without input columns
        "dr_not_available": "other fields not available (rank with --columns FIELDS)",
        "diff_written": "written: {out}",
        "st_added": "added", "st_removed": "removed", "st_changed": "changed", "st_moved": "moved",
        "st_unchanged": "unchanged",
    },
    "ko": {
        "dr_kind": "`polex rank`가 쓴 두 순위표로 비교함: 순위, 점수, 적격 여부는 파일에 적힌 그대로.",
        "dr_fields": "비교한 항목: {names}.",
        "dr_no_fields": "비교한 항목: {names}뿐이며, 다른 항목은 알 수 없음 (순위표에 입력 항목 열이 없음: "
                        "`polex rank --columns 항목`으로 추가).",
        "dr_rules": "결과가 바뀌었는지 확인한 규칙: 전체 {total}개 중 {checked}개 (두 파일 모두 입력 항목을 모두 담은 "
                    "규칙 {by_fields}개는 그 항목으로 평가, 관문 {by_reasons}개는 gate_reasons로 확인); 나머지는 파일로 "
                    "확인할 수 없음.",
        "dr_none": "변화 없음: 후보, 점수, 순위, 적격 여부, 비교한 항목이 모두 같음.",
        "dr_summary": "추가 {added}, 삭제 {removed}, 변경 {changed}(점수·적격 여부·항목 변경 {fields}, 나머지는 순위만), "
                      "변동 없음 {unchanged}; 점수 상승 {up}, 하락 {down}; 순위 상승 {rank_up}, 하락 {rank_down}; "
                      "적격 전환 {became_eligible}, 부적격 전환 {became_ineligible}",
        "dr_mixed": "{ranking}은(는) 순위표(`polex rank`의 결과: rank, score, eligible 열이 있음)이지만 {pipeline}은(는) "
                    "후보 파일임; 후보 파일 둘 또는 순위표 둘을 비교할 것.",
        "dr_baseline_ranking": "{path}은(는) 순위표(`polex rank`의 결과)임; --baseline에는 이전 후보 파일을 줄 것 "
                               "(순위표 둘은 `polex diff OLD NEW`로 비교).",
        "dr_not_available": "다른 항목은 알 수 없음 (`polex rank --columns 항목`으로 추가)",
        "diff_written": "{out}에 저장함",
        "st_added": "추가", "st_removed": "삭제", "st_changed": "변경", "st_moved": "순위만 변동",
        "st_unchanged": "변동 없음",
    },
}


def diff_text(lang: str, key: str, **values: Any) -> str:
    """A label of `polex diff` on rankings (or, for any other key, `labels.decision`'s)."""
    table = DIFF_RANKINGS.get(lang, DIFF_RANKINGS["en"])
    if key not in table and key not in DIFF_RANKINGS["en"]:
        return decision(lang, key, **values)
    text = table.get(key) or DIFF_RANKINGS["en"][key]
    return text.format(**values) if values else text


# The report's portfolio section (`polex report FILE --portfolio SPEC.yaml`).
PORTFOLIO_UI: dict[str, dict[str, str]] = {
    "en": {
        "pf": "Portfolio",
        "pf_spec": "Constraints",
        "pf_chosen_n": "chosen of {available} available",
        "pf_total_score": "total score",
        "pf_total_cost": "total {field}",
        "pf_solver": "exact: a 0-1 programme solved by HiGHS with gap 0, as `polex portfolio` solves it",
        "pf_solver_unproven": "NOT proven optimal: the solver stopped at its time limit (gap {gap:.4%})",
        "pf_chosen": "Chosen",
        "pf_binding_h": "Binding constraints",
        "pf_no_binding": "No constraint binds: each has room left.",
        "pf_all_constraints": "Every constraint",
        "pf_unknown_cost": "Left out for an unknown {field} ({n})",
        "pf_no_unknown_cost": "No candidate is left out for an unknown cost.",
        "pf_other_left_out": "{n} more left out for other reasons (ineligible, or a constrained field unknown).",
        "pf_mark": "chosen",
        "pf_unmarked": "not chosen",
        "pf_not_shown": "{n} chosen candidates rank below the top {top} shown in the table and on the map.",
        "pf_legend": "in the portfolio",
        "pf_none_constraints": "No constraint: every eligible candidate is chosen.",
        "pf_yes": "yes",
        "pf_used": "used", "pf_limit": "limit", "pf_slack": "slack", "pf_binding": "binding",
    },
    "ko": {
        "pf": "포트폴리오",
        "pf_spec": "제약 조건",
        "pf_chosen_n": "건 선정 (가능 후보 {available}건 중)",
        "pf_total_score": "총점",
        "pf_total_cost": "{field} 합계",
        "pf_solver": "정확해: HiGHS로 푼 0-1 정수계획(격차 0), `polex portfolio`와 같은 방식",
        "pf_solver_unproven": "최적 미증명: 시간 제한에서 멈춤 (격차 {gap:.4%})",
        "pf_chosen": "선정",
        "pf_binding_h": "구속력 있는 제약",
        "pf_no_binding": "구속력 있는 제약 없음: 모든 제약에 여유가 있음.",
        "pf_all_constraints": "모든 제약",
        "pf_unknown_cost": "{field} 미확인으로 제외 ({n}건)",
        "pf_no_unknown_cost": "비용 미확인으로 제외된 후보 없음.",
        "pf_other_left_out": "그 밖의 이유(부적격, 제약 항목 미확인)로 제외된 후보 {n}건.",
        "pf_mark": "선정",
        "pf_unmarked": "미선정",
        "pf_not_shown": "선정 후보 중 {n}건은 표와 지도에 보이는 상위 {top}건 밖에 있음.",
        "pf_legend": "포트폴리오에 선정",
        "pf_none_constraints": "제약 없음: 적격 후보를 모두 선정.",
        "pf_yes": "예",
        "pf_used": "사용", "pf_limit": "한도", "pf_slack": "여유", "pf_binding": "구속",
    },
}


def portfolio_report_ui(t: dict[str, str], lang: str) -> dict[str, str]:
    """The report's labels `t` with the portfolio section's merged in."""
    out = dict(t)
    out.update(PORTFOLIO_UI.get(lang, PORTFOLIO_UI["en"]))
    return out
