"""Labels of `polex diff` (on two rankings, and its own messages) and of the portfolio section of the report
(`polex report FILE --portfolio SPEC.yaml`), in English and Korean. Kept apart from `labels.py`
(the 600-line limit), with the terminal labels of `polex portfolio` and `polex diff` (DECISION,
`decision`): `diff_text` falls back to `decision` for the keys it shares, and
`portfolio_report_ui` merges the report's labels in only when a portfolio is asked for, so a
report without one carries exactly the labels it always did."""

from __future__ import annotations

from typing import Any

# `polex portfolio` and `polex diff` (issue 13): headings, columns and messages.
DECISION = {
    "en": {
        "pf_title": "Portfolio: {chosen} chosen of {available} available ({left_out} left out, {ineligible} ineligible)",
        "pf_totals": "total score {score:.2f}; total {cost_field} {cost:.2f}{budget}",
        "pf_cost_unknown": " (cost unknown for {n} chosen)",
        "pf_proven": "optimal: proven by HiGHS to within {gap:g} of the best possible, in {seconds:.2f} s",
        "pf_possibly": "Chosen but possibly ineligible ({n}): a gate's fields are unknown. Check them before "
                       "committing, or pass --eligible-only to leave such candidates out:",
        "pf_unproven": "NOT proven optimal: the solver stopped at the time limit; the best found is within "
                       "{gap:.4%} of the optimum (bound {bound:.2f})",
        "pf_constraints": "Constraints",
        "pf_constraint": "constraint", "pf_used": "used", "pf_limit": "limit", "pf_slack": "slack",
        "pf_binding": "binding", "pf_stay": "stays chosen", "pf_cost": "cost", "pf_score": "score",
        "pf_left_out": "{n} candidates left out; the first {shown}:",
        "pf_none": "(no constraint: every eligible candidate is chosen)",
        "pf_draws": "stays chosen = share of {draws} weight draws (Dirichlet around the profile, concentration "
                    "{conc:g}, seed {seed}) in which the candidate is still chosen",
        "pf_infeasible": "no portfolio meets the constraints: {why}",
        "diff_title": "Changes from {old} to {new}",
        "diff_summary": "{added} added, {removed} removed, {changed} changed ({fields} with changed fields), "
                        "{unchanged} unchanged; score up {up}, down {down}; rank up {rank_up}, down {rank_down}; "
                        "became eligible {became_eligible}, became ineligible {became_ineligible}",
        "diff_none": "No change: the same candidates with the same fields, scores and ranks.",
        "diff_status": "change", "diff_fields": "fields changed", "diff_rules": "rules flipped",
        "diff_score": "score", "diff_rank": "rank",
        "diff_more": "{n} more changed candidates: --out writes them all",
    },
    "ko": {
        "pf_title": "포트폴리오: 가능 후보 {available}건 중 {chosen}건 선정 (제외 {left_out}건, 부적격 {ineligible}건)",
        "pf_totals": "총점 {score:.2f}; {cost_field} 합계 {cost:.2f}{budget}",
        "pf_cost_unknown": " (선정 후보 중 {n}건은 비용 미확인)",
        "pf_proven": "최적해: HiGHS가 최선과 {gap:g} 이내임을 증명, {seconds:.2f}초",
        "pf_possibly": "선정 후보 중 {n}건은 부적격일 수 있음(관문 규칙의 항목 미확인): 확정 전에 확인하거나, "
                       "--eligible-only로 이런 후보를 제외하십시오:",
        "pf_unproven": "최적 미증명: 시간 제한에서 멈춤. 찾은 해는 최적값과 {gap:.4%} 이내 (상한 {bound:.2f})",
        "pf_constraints": "제약 조건", "pf_constraint": "제약", "pf_used": "사용", "pf_limit": "한도", "pf_slack": "여유",
        "pf_binding": "구속", "pf_stay": "선정 유지율", "pf_cost": "비용", "pf_score": "점수",
        "pf_left_out": "제외된 후보 {n}건; 처음 {shown}건:",
        "pf_none": "(제약 없음: 적격 후보를 모두 선정)",
        "pf_draws": "선정 유지율 = 가중치 추출 {draws}회(프로파일 중심 디리클레, 집중도 {conc:g}, 시드 {seed}) 중 "
                    "계속 선정된 비율",
        "pf_infeasible": "제약 조건을 모두 만족하는 포트폴리오가 없음: {why}",
        "diff_title": "{old}에서 {new}로의 변화",
        "diff_summary": "추가 {added}, 삭제 {removed}, 변경 {changed}(항목 변경 {fields}), 변동 없음 {unchanged}; "
                        "점수 상승 {up}, 하락 {down}; 순위 상승 {rank_up}, 하락 {rank_down}; "
                        "적격 전환 {became_eligible}, 부적격 전환 {became_ineligible}",
        "diff_none": "변화 없음: 후보, 항목, 점수, 순위가 모두 같음.",
        "diff_status": "변화", "diff_fields": "바뀐 항목", "diff_rules": "결과가 바뀐 규칙", "diff_score": "점수", "diff_rank": "순위",
        "diff_more": "변경된 후보 {n}건 더 있음: --out으로 모두 저장",
    },
}


def decision(lang: str, key: str, **values: Any) -> str:
    """A `polex portfolio` / `polex diff` label or message."""
    text = DECISION.get(lang, DECISION["en"]).get(key) or DECISION["en"][key]
    return text.format(**values) if values else text


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
        "pf_solver": "exact: a 0-1 programme solved by HiGHS (relative gap 0, absolute gap 1e-6), as `polex "
                     "portfolio` solves it",
        "pf_objective_score": "Maximised: the total score.",
        "pf_objective_successes": "Maximised: the expected number of successes, {total:.2f} among the chosen (the sum "
                                  "of each one's probability of success as calibrated in the profile '{profile}').",
        "pf_possibly": "Chosen but possibly ineligible ({n}): a gate's fields are unknown. Check them before "
                       "committing (`polex portfolio --eligible-only` leaves such candidates out).",
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
        "pf_solver": "정확해: HiGHS로 푼 0-1 정수계획(상대 격차 0, 절대 격차 1e-6), `polex portfolio`와 같은 방식",
        "pf_objective_score": "최대화한 값: 총점.",
        "pf_objective_successes": "최대화한 값: 기대 성공 건수, 선정 후보에서 {total:.2f}건 (프로파일 '{profile}'에서 보정한 "
                                  "후보별 성공 확률의 합).",
        "pf_possibly": "선정 후보 중 {n}건은 부적격일 수 있음: 관문 규칙의 항목이 미확인. 확정 전에 확인하십시오 "
                       "(`polex portfolio --eligible-only`는 이런 후보를 제외함).",
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


# `polex portfolio`'s own option and constraints-file errors (commands/portfolio.py).
PORTFOLIO_OPTIONS: dict[str, dict[str, str]] = {
    "en": {
        "pair": "expected FIELD=VALUE, got {text!r}",
        "not_number": "{text!r}: {value!r} is not a number",
        "not_whole": "{text!r}: {value!r} is not a whole number",
        "negative": "{text!r}: the limit must be >= 0",
        "no_field": "no field {name!r}{hint}",
        "not_numeric": "{name} is not a numeric field",
        "cannot_group": "{name} cannot group candidates (a {kind} field); use a text or enum field such as country, "
                        "region or field",
        "cannot_read": "cannot read {path}: {why}",
        "not_mapping": "{path}: expected a mapping of {keys}",
        "unknown_key": "{path}: unknown key {key!r}; expected some of {keys}",
        "bad_number": "{key}: expected a number >= {minimum}, got {value!r}",
        "bad_whole": "{key}: expected a whole number >= {minimum}, got {value!r}",
        "bad_limits": "{key}: expected a mapping of field: limit",
        "bad_ids": "{key}: expected a list of ids",
        "bad_flag": "{key}: expected true or false, got {value!r}",
        "both": "{id} is both included and excluded",
        "written": "written: {path}",
    },
    "ko": {
        "pair": "FIELD=VALUE 꼴이어야 함, 받은 값 {text!r}",
        "not_number": "{text!r}: {value!r}은(는) 숫자가 아님",
        "not_whole": "{text!r}: {value!r}은(는) 정수가 아님",
        "negative": "{text!r}: 한도는 0 이상이어야 함",
        "no_field": "{name!r} 항목이 없음{hint}",
        "not_numeric": "{name}은(는) 숫자 항목이 아님",
        "cannot_group": "{name}(으)로는 후보를 묶을 수 없음 ({kind} 항목); country, region, field 같은 텍스트나 "
                        "선택형 항목을 쓰십시오",
        "cannot_read": "{path}을(를) 읽을 수 없음: {why}",
        "not_mapping": "{path}: {keys} 키의 매핑이어야 함",
        "unknown_key": "{path}: 알 수 없는 키 {key!r}; 다음 중에서 쓰십시오: {keys}",
        "bad_number": "{key}: {minimum} 이상의 숫자여야 함, 받은 값 {value!r}",
        "bad_whole": "{key}: {minimum} 이상의 정수여야 함, 받은 값 {value!r}",
        "bad_limits": "{key}: 항목: 한도 꼴의 매핑이어야 함",
        "bad_ids": "{key}: id 목록이어야 함",
        "bad_flag": "{key}: true 또는 false여야 함, 받은 값 {value!r}",
        "both": "{id}이(가) 포함과 제외에 모두 있음",
        "written": "저장함: {path}",
    },
}


def portfolio_option_text(lang: str, what: str, /, **values: Any) -> str:
    """A `polex portfolio` option or constraints-file error (or its 'written' line) in `lang`."""
    return PORTFOLIO_OPTIONS.get(lang, PORTFOLIO_OPTIONS["en"])[what].format(**values)
