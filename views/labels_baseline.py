"""The report's labels for `polex report NEW --baseline OLD` (the movement since an older snapshot),
in English and Korean, kept apart from `labels.py` (the 600-line limit) and merged into the
report's table by `baseline_report_ui` only when a baseline is given, so a report without one
carries exactly the labels it always did."""

from __future__ import annotations

from .labels import report_ui

BASELINE_UI: dict[str, dict[str, str]] = {
    "en": {
        "baseline": "Baseline",
        "since_baseline": "Since the baseline",
        "d_rank": "Δ rank",
        "d_score": "Δ score",
        "d_new": "new",
        "d_added": "new",
        "d_changed": "changed",
        "d_moved": "moved",
        "d_unchanged": "unchanged",
        "d_removed": "removed",
        "d_up": "score up",
        "d_down": "score down",
        "d_rank_up": "rank up",
        "d_rank_down": "rank down",
        "d_became_eligible": "became eligible",
        "d_became_ineligible": "became ineligible",
        "d_status": "Change",
        "d_then": "baseline",
        "d_now": "now",
        "d_eligibility": "Passes the gates",
        "d_yes": "yes",
        "d_no": "no",
        "d_fields": "Fields changed (baseline → now)",
        "d_rules": "Rules that flipped (baseline → now)",
        "d_no_fields": "No field of this candidate changed.",
        "d_no_rules": "No rule changed its outcome.",
        "d_moved_long": "Its own fields are as they were; its score or rank moved with the others.",
        "d_added_long": "Not in the baseline: a new candidate.",
        "d_unchanged_long": "No change since the baseline.",
        "d_removed_list": "Removed since the baseline ({n})",
        "d_summary": "{added} new, {removed} removed, {fields} changed, {moved} moved only, {unchanged} unchanged; "
                     "score up {up}, down {down}; rank up {rank_up}, down {rank_down}; became eligible "
                     "{became_eligible}, became ineligible {became_ineligible}",
        "d_none": "No movement: the same candidates with the same fields, scores and ranks",
        "d_rank_title": "Rank change since the baseline (positive: moved up)",
    },
    "ko": {
        "baseline": "기준 시점",
        "since_baseline": "기준 시점 이후 변화",
        "d_rank": "순위 변화",
        "d_score": "점수 변화",
        "d_new": "신규",
        "d_added": "신규",
        "d_changed": "변경",
        "d_moved": "이동",
        "d_unchanged": "변동 없음",
        "d_removed": "삭제",
        "d_up": "점수 상승",
        "d_down": "점수 하락",
        "d_rank_up": "순위 상승",
        "d_rank_down": "순위 하락",
        "d_became_eligible": "적격 전환",
        "d_became_ineligible": "부적격 전환",
        "d_status": "변화",
        "d_then": "기준 시점",
        "d_now": "현재",
        "d_eligibility": "관문 통과",
        "d_yes": "예",
        "d_no": "아니오",
        "d_fields": "바뀐 항목 (기준 시점 → 현재)",
        "d_rules": "결과가 바뀐 규칙 (기준 시점 → 현재)",
        "d_no_fields": "이 후보의 항목은 바뀌지 않음.",
        "d_no_rules": "결과가 바뀐 규칙 없음.",
        "d_moved_long": "항목은 그대로이며, 다른 후보의 변화로 점수나 순위가 움직임.",
        "d_added_long": "기준 시점에 없던 신규 후보.",
        "d_unchanged_long": "기준 시점 이후 변화 없음.",
        "d_removed_list": "기준 시점 이후 삭제된 후보 ({n}건)",
        "d_summary": "신규 {added}, 삭제 {removed}, 변경 {fields}, 이동만 {moved}, 변동 없음 {unchanged}; "
                     "점수 상승 {up}, 하락 {down}; 순위 상승 {rank_up}, 하락 {rank_down}; "
                     "적격 전환 {became_eligible}, 부적격 전환 {became_ineligible}",
        "d_none": "변화 없음: 후보, 항목, 점수, 순위가 모두 같음",
        "d_rank_title": "기준 시점 대비 순위 변화 (양수: 상승)",
    },
}


def baseline_report_ui(lang: str) -> dict[str, str]:
    """The report's table (`report_ui`) with the baseline labels merged in."""
    out = report_ui(lang)
    out.update(BASELINE_UI.get(lang, BASELINE_UI["en"]))
    return out
