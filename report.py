"""The reviewer's report: one self-contained HTML file built from a Ranking (the edge, not engine/).

`build_context(ranking, ...)` turns a Ranking (and, optionally, a fitted sensitivity analysis)
into plain data; `render_html(context)` renders it with jinja2 (autoescape on). The page has
no external resource: CSS, JavaScript and the SVG charts are inline, and a Content-Security-
Policy forbids every fetch, so the file works offline and cannot call out even if some data
were malicious. Per-candidate data travels as JSON in a `<script type="application/json">`
block with `<`, `>` and `&` escaped; the page script builds drill-downs with DOM APIs and
textContent only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .engine.scorer import weighted_sum
from .models.rules import FAMILIES, FAMILY_KO
from .models.vocabulary import BOOL, FIELD_BY_NAME, FIELDS, FLOAT, LIST

TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_TOP = 1000
OUTCOME_CODE = {"true": "t", "false": "f", "unknown": "u"}

# The quadrant map (after the World Bank's Infrastructure Prioritization Framework, which
# plots a social-environmental index against a financial-economic one): two composite
# indices, each the weighted mean of its families' scores under the profile's weights.
AXES = (
    ("readiness", ("readiness", "funding", "scale", "site", "delivery")),
    ("partnership", ("demand", "network", "fit", "context")),
)

UI: dict[str, dict[str, str]] = {
    "en": {
        "title": "polex report", "subtitle": "Ranked policy-export opportunities",
        "input": "Input", "rows": "rows", "ranked": "ranked", "rejected": "rejected", "shown": "shown",
        "profile": "Weights profile", "prior": "unknown conditions counted at", "rank_by": "ranked by",
        "rank_by_point": "the point score", "rank_by_low": "the low end of the range",
        "rank_by_high": "the high end of the range",
        "rules_count": "rules", "sha": "SHA-256 of the input",
        "top_note": "Only the top {shown} of {total} ranked candidates are in this report (--top).",
        "contents": "Contents", "map": "Quadrant map", "table": "Ranking", "sens": "Rank intervals",
        "appendix": "Appendix: rules and weights", "rejects": "Rejected rows",
        "rank": "Rank", "id": "ID", "name": "Name", "partner_city": "Partner city", "country": "Country",
        "region": "Region", "field": "Field", "stage": "Stage", "score": "Score", "score_lo": "Low",
        "score_hi": "High", "eligibility": "Eligibility", "completeness": "Known", "quadrant": "Quadrant",
        "median_rank": "Median rank", "rank_interval": "Rank interval", "p_top": "P(top {k})",
        "eligible": "eligible", "ineligible": "ineligible", "possibly": "possibly ineligible",
        "possibly_long": "Possibly ineligible: a gate condition is still unknown.",
        "all": "all", "search": "Search", "search_ph": "id, name or city", "showing": "showing",
        "of": "of", "reset": "Reset filters", "sort_hint": "Click a column header to sort; click a row for "
        "its drill-down.", "open": "Open the drill-down of",
        "close": "Close", "range": "range", "gates": "Gate reasons (why ineligible)", "no_gates": "No gate is true.",
        "families": "Families", "family": "Family", "weight": "Weight", "rules": "Rules", "rule": "Rule",
        "outcome": "Outcome", "contribution": "Points", "reason": "Reason", "source": "Source",
        "condition": "Condition", "kind": "Kind", "points": "Points",
        "improve": "What would raise the score most", "unknowns": "Unknowns worth finding out",
        "gate_first": "gate: resolve first", "swing": "could move the score by", "can_gate": "can decide eligibility",
        "read_by": "read by", "none": "(none)", "true": "true", "false": "false", "unknown": "unknown",
        "facts": "What is known about the candidate", "show_outcomes": "Show", "expand": "Click to show it all",
        "k_gate": "gate", "k_factor": "factor", "k_penalty": "penalty", "k_derive": "derived fact",
        "sens_note": "Rank intervals from {draws} draws of the family weights around the profile "
        "(Dirichlet, concentration {conc:g}, seed {seed}); the bar spans the {lo}th to {hi}th percentile "
        "of each candidate's rank, the dot is the median and the tick the rank in this report. P(top {k}) "
        "is the share of draws in which the candidate ranks in the top {k}.",
        "sens_chart_note": "The {n} best-ranked candidates.",
        "sens_missing": "Sensitivity analysis was not run (use --sensitivity N).",
        "map_note": "Each dot is a candidate (hover for its name, click for its drill-down). The x axis is the "
        "{x} and the y axis the {y}: each the weighted mean, under the profile's weights, of the family "
        "scores named below. Dashed lines mark the medians of the plotted candidates, so the quadrants "
        "compare candidates with each other, as the Infrastructure Prioritization Framework does.",
        "axis_readiness": "readiness and funding index", "axis_partnership": "partnership and fit index",
        "axis_readiness_short": "Readiness & funding", "axis_partnership_short": "Partnership & fit",
        "q_advance": "Advance", "q_prepare": "Prepare the project", "q_partner": "Build the partnership",
        "q_reconsider": "Reconsider",
        "q_advance_long": "ready and wanted: take forward",
        "q_prepare_long": "wanted, not yet ready: plan, fund and prepare the site",
        "q_partner_long": "ready, but weak demand, network or fit: build the partnership first",
        "q_reconsider_long": "neither ready nor wanted: reconsider or wait",
        "legend_eligible": "eligible", "legend_possibly": "possibly ineligible", "legend_ineligible": "ineligible",
        "index_of": "index of", "median": "median",
        "profile_desc": "Description", "justification": "Justification", "provenance": "Provenance",
        "no_provenance": "No provenance recorded (a hand-set profile; each weight carries its justification).",
        "rules_note": "Every rule, in family order, with its condition and the document and lines it comes from.",
        "row": "Row", "value": "Value", "expected": "Expected", "rejects_note": "Rows that could not be read; "
        "rows in = rows ranked + rows rejected.", "more_rejects": "and {n} more rejected rows",
        "footer": "Generated by polex {version}. Works offline; no data leaves this file.",
        "quadrant_of": "Quadrant", "sens_of": "Sensitivity",
    },
    "ko": {
        "title": "polex 보고서", "subtitle": "정책수출 기회 순위",
        "input": "입력", "rows": "행", "ranked": "순위 산정", "rejected": "제외", "shown": "표시",
        "profile": "가중치 프로파일", "prior": "미확인 조건 반영 비율", "rank_by": "순위 기준",
        "rank_by_point": "점수", "rank_by_low": "점수 범위의 하한", "rank_by_high": "점수 범위의 상한",
        "rules_count": "개 규칙", "sha": "입력 파일 SHA-256",
        "top_note": "순위 산정된 {total}건 중 상위 {shown}건만 이 보고서에 포함됨(--top).",
        "contents": "목차", "map": "사분면 지도", "table": "순위표", "sens": "순위 구간",
        "appendix": "부록: 규칙과 가중치", "rejects": "제외된 행",
        "rank": "순위", "id": "ID", "name": "사업명", "partner_city": "협력 도시", "country": "국가",
        "region": "권역", "field": "분야", "stage": "단계", "score": "점수", "score_lo": "하한",
        "score_hi": "상한", "eligibility": "적격 여부", "completeness": "정보 완결성", "quadrant": "사분면",
        "median_rank": "중앙 순위", "rank_interval": "순위 구간", "p_top": "상위 {k} 확률",
        "eligible": "적격", "ineligible": "부적격", "possibly": "부적격 가능",
        "possibly_long": "부적격 가능: 확인되지 않은 관문 조건이 있음.",
        "all": "전체", "search": "검색", "search_ph": "ID, 사업명, 도시", "showing": "표시",
        "of": "/", "reset": "필터 초기화", "sort_hint": "열 제목을 누르면 정렬되고, 행을 누르면 상세 내용이 열림.",
        "open": "상세 보기:",
        "close": "닫기", "range": "범위", "gates": "관문 사유(부적격 이유)", "no_gates": "해당하는 관문 조건 없음.",
        "families": "요인군", "family": "요인군", "weight": "가중치", "rules": "규칙", "rule": "규칙",
        "outcome": "결과", "contribution": "점수", "reason": "사유", "source": "근거",
        "condition": "조건", "kind": "유형", "points": "배점",
        "improve": "점수를 가장 크게 올릴 개선 사항", "unknowns": "확인하면 좋을 미확인 항목",
        "gate_first": "관문: 먼저 해소", "swing": "점수 변동 폭", "can_gate": "적격 여부를 가를 수 있음",
        "read_by": "관련 규칙", "none": "(없음)", "true": "충족", "false": "미충족", "unknown": "미확인",
        "facts": "후보에 대해 알려진 정보", "show_outcomes": "보기", "expand": "누르면 전체 표시",
        "k_gate": "관문", "k_factor": "가점", "k_penalty": "감점", "k_derive": "파생 사실",
        "sens_note": "프로파일 가중치를 중심으로 요인군 가중치를 {draws}회 추출(디리클레 분포, 집중도 {conc:g}, "
        "시드 {seed})하여 얻은 순위 구간. 막대는 각 후보 순위의 {lo}~{hi} 백분위, 점은 중앙값, 눈금은 이 보고서의 "
        "순위. 상위 {k} 확률은 추출 중 상위 {k}위 안에 든 비율.",
        "sens_chart_note": "상위 {n}건.",
        "sens_missing": "민감도 분석을 실행하지 않음(--sensitivity N 사용).",
        "map_note": "점 하나가 후보 하나임(마우스를 올리면 이름, 누르면 상세 내용). 가로축은 {x}, 세로축은 {y}이며, "
        "각각 아래 요인군 점수를 프로파일 가중치로 가중평균한 값임. 점선은 표시된 후보들의 중앙값으로, "
        "인프라 우선순위 프레임워크(IPF)처럼 후보를 서로 비교함.",
        "axis_readiness": "실행 준비·재원 지수", "axis_partnership": "협력·적합성 지수",
        "axis_readiness_short": "실행 준비·재원", "axis_partnership_short": "협력·적합성",
        "q_advance": "추진", "q_prepare": "사업 준비 지원", "q_partner": "협력 기반 강화", "q_reconsider": "재검토",
        "q_advance_long": "준비와 수요 모두 양호: 추진",
        "q_prepare_long": "수요는 있으나 준비 부족: 계획·재원·부지 준비",
        "q_partner_long": "준비는 되었으나 수요·네트워크·적합성 약함: 협력 기반부터 강화",
        "q_reconsider_long": "준비와 수요 모두 부족: 재검토 또는 보류",
        "legend_eligible": "적격", "legend_possibly": "부적격 가능", "legend_ineligible": "부적격",
        "index_of": "구성 요인군", "median": "중앙값",
        "profile_desc": "설명", "justification": "근거", "provenance": "산출 이력",
        "no_provenance": "산출 이력 없음(직접 설정한 프로파일이며, 각 가중치에 근거가 있음).",
        "rules_note": "모든 규칙을 요인군 순서로, 조건과 근거 문헌·행 번호와 함께 수록함.",
        "row": "행", "value": "값", "expected": "허용 값", "rejects_note": "읽을 수 없었던 행. 입력 행 수 = 순위 "
        "산정 행 수 + 제외 행 수.", "more_rejects": "외 {n}개 제외 행",
        "footer": "polex {version}으로 생성. 오프라인에서 동작하며 어떤 데이터도 이 파일 밖으로 나가지 않음.",
        "quadrant_of": "사분면", "sens_of": "민감도",
    },
}

FAMILY_LABELS = {"en": {f: f.capitalize() for f in FAMILIES}, "ko": FAMILY_KO}

# Korean display labels of the values the table shows (the codes stay the file format).
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
QUADRANTS = ("advance", "prepare", "partner", "reconsider")


def ui(lang: str) -> dict[str, str]:
    return UI.get(lang, UI["en"])


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


def json_for_script(data: Any) -> str:
    """JSON safe inside a <script type="application/json"> element: no `<`, `>`, `&` (so no
    `</script>` or `<!--`), no U+2028/2029; NaN refused."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"),
                    ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _num(x: float, nd: int = 2) -> float | None:
    x = float(x)
    return round(x, nd) if math.isfinite(x) else None


def _enum_codes(ranking, name: str, rows: np.ndarray) -> list[str]:
    spec = FIELD_BY_NAME[name]
    col = ranking.columns[name]
    vals, known = col.values[rows], col.known[rows]
    return [spec.values[int(v)] if k else "" for v, k in zip(vals, known)]


def _fact_text(name: str, value: Any) -> str:
    spec = FIELD_BY_NAME.get(name)
    if spec is None:
        return str(value)
    if spec.kind == LIST:
        return "; ".join(map(str, value))
    if spec.kind == BOOL:
        return "true" if value else "false"
    if spec.kind == FLOAT:
        return f"{value:g}"
    return str(value)


def _composite(family: np.ndarray, weights: np.ndarray, families: Sequence[str], members: Sequence[str]) -> np.ndarray:
    """A 0-100 index over some families: the scorer's weighted sum with their weights renormalised."""
    idx = [i for i, f in enumerate(families) if f in members and weights[i] > 0]
    if not idx:
        return np.zeros(family.shape[0])
    w = weights[idx]
    return weighted_sum(family[:, idx], w / w.sum())


def _quadrant(x: float, y: float, mx: float, my: float) -> int:
    hi_x, hi_y = x >= mx, y >= my
    if hi_x and hi_y:
        return 0  # advance
    if hi_y:
        return 1  # prepare the project
    if hi_x:
        return 2  # build the partnership
    return 3  # reconsider


def build_context(ranking, *, lang: str = "en", source: str = "", source_sha256: str = "", total_rows: int | None = None,
                  rejects: Sequence[Any] = (), top: int | None = DEFAULT_TOP, sensitivity: Any = None,
                  rank_by: str = "point", version: str = "") -> dict[str, Any]:
    """Everything the template needs, as plain data (JSON-able where it goes to the script)."""
    t = ui(lang)
    a = ranking.assessment
    rs, sc, res = a.ruleset, a.scorer_, ranking.result
    n_ranked = len(ranking)
    order = ranking.order[:top] if top else ranking.order
    rows = np.asarray(order, dtype=np.int64)
    families = list(sc.families_)
    weights = np.asarray(sc.weights_, dtype=float)
    fam_labels = FAMILY_LABELS.get(lang, FAMILY_LABELS["en"])

    # Composite indices for the quadrant map.
    fam_scores = res.family[rows] if len(rows) else np.zeros((0, len(families)))
    axes = []
    coords = []
    for key, members in AXES:
        present = [f for f in members if f in families]
        vals = _composite(fam_scores, weights, families, present)
        coords.append(vals)
        axes.append({"key": key, "label": t[f"axis_{key}"], "short": t[f"axis_{key}_short"],
                     "families": [{"id": f, "label": fam_labels.get(f, f),
                                   "weight": round(float(weights[families.index(f)]), 4)} for f in present]})
    xs, ys = coords
    mx = float(np.median(xs)) if len(xs) else 50.0
    my = float(np.median(ys)) if len(ys) else 50.0

    regions = _enum_codes(ranking, "region", rows)
    fields = _enum_codes(ranking, "field", rows)
    stages = _enum_codes(ranking, "stage", rows)
    stage_order = {v: i for i, v in enumerate(FIELD_BY_NAME["stage"].values)}

    sens = None
    if sensitivity is not None:
        sens = {
            "median": np.asarray(sensitivity.median_rank_, dtype=float),
            "lo": np.asarray(sensitivity.rank_lo_, dtype=float),
            "hi": np.asarray(sensitivity.rank_hi_, dtype=float),
            "p": np.asarray(sensitivity.p_top_, dtype=float),
        }

    rule_index = {r.id: j for j, r in enumerate(rs.rules)}
    candidates = []
    for i, row in enumerate(rows.tolist()):
        card = ranking.scorecard(row, lang)
        eligible = card.eligible
        status = "possibly" if card.possibly_ineligible else ("eligible" if eligible else "ineligible")
        facts = [[name, _fact_text(name, card.candidate[name])] for name in (f.name for f in FIELDS)
                 if name in card.candidate and name not in ("id", "name", "partner_city", "country")]
        q = _quadrant(float(xs[i]), float(ys[i]), mx, my)
        c: dict[str, Any] = {
            "id": card.id, "name": card.name or "", "city": card.partner_city or "", "country": card.country or "",
            "region": regions[i], "field": fields[i], "stage": stages[i],
            "rank": card.rank, "score": _num(card.score), "lo": _num(card.score_lo), "hi": _num(card.score_hi),
            "status": status, "comp": _num(card.completeness, 3),
            "o": "".join(OUTCOME_CODE[r.outcome] for r in card.rules),
            "c": [_num(r.contribution) for r in card.rules],
            "fam": [_num(f.score, 4) for f in card.families],
            "gates": [rule_index[g.rule_id] for g in card.gates],
            "imp": [[rule_index[m.rule_id], None if m.gain is None else _num(m.gain)] for m in card.improvements],
            "unk": [[u.field, _num(u.swing), [rule_index[r] for r in u.rules], u.can_gate] for u in card.unknowns],
            "x": _num(xs[i]), "y": _num(ys[i]), "q": q,
            "facts": facts,
        }
        if sens is not None and all(np.isfinite(sens[k][row]) for k in ("median", "lo", "hi", "p")):
            c["s"] = [_num(sens["median"][row], 1), _num(sens["lo"][row], 1), _num(sens["hi"][row], 1),
                      _num(sens["p"][row], 3)]
        candidates.append(c)

    # Display rows for the server-rendered table (Jinja escapes every cell).
    table_rows = []
    for i, c in enumerate(candidates):
        table_rows.append({
            "i": i, "rank": c["rank"], "id": c["id"], "name": c["name"], "city": c["city"], "country": c["country"],
            "region": c["region"], "region_label": value_label("region", c["region"], lang),
            "field": c["field"], "field_label": value_label("field", c["field"], lang),
            "stage": c["stage"], "stage_label": value_label("stage", c["stage"], lang),
            "stage_order": stage_order.get(c["stage"], -1),
            "score": c["score"], "lo": c["lo"], "hi": c["hi"], "status": c["status"], "status_label": t[c["status"]],
            "comp": c["comp"], "q": c["q"], "q_label": t["q_" + QUADRANTS[c["q"]]], "s": c.get("s"),
        })

    def options(field: str, codes: list[str]) -> list[dict[str, str]]:
        spec = FIELD_BY_NAME[field]
        present = set(codes)
        return [{"value": v, "label": value_label(field, v, lang)} for v in spec.values if v in present]

    rules = [{
        "id": r.id, "family": r.family, "family_label": fam_labels.get(r.family, r.family), "kind": r.kind,
        "points": r.points, "title": r.title(lang), "reason": r.reason(lang), "hint": r.hint(lang),
        "source": r.cites, "cond": _condition(r),
    } for r in rs.rules]

    profile = a.profile
    profile_ctx = {
        "name": profile.name,
        "description": profile.description(lang) if profile.description else "",
        "unknown_prior": profile.unknown_prior,
        "families": [{"id": f, "label": fam_labels.get(f, f), "weight": w.weight,
                      "used_weight": round(float(weights[families.index(f)]), 4) if f in families else 0.0,
                      "why": w.why, "source": w.source or ""} for f, w in profile.families.items()],
        "provenance": _provenance(profile.provenance),
    }

    sens_ctx = None
    if sensitivity is not None:
        from .engine.sensitivity import QUANTILES

        lo_q, hi_q = round(100 * QUANTILES[0]), round(100 * QUANTILES[-1])
        k, draws, conc, seed = (int(sensitivity.top_k), int(sensitivity.draws), float(sensitivity.concentration),
                                sensitivity.seed)
        sens_ctx = {
            "draws": draws, "conc": conc, "seed": seed, "k": k, "lo_q": lo_q, "hi_q": hi_q,
            "note": t["sens_note"].format(draws=draws, conc=conc, seed=seed, lo=lo_q, hi=hi_q, k=k),
            "chart": _sensitivity_chart(candidates, t),
        }

    quadrant_counts = [0, 0, 0, 0]
    for c in candidates:
        quadrant_counts[c["q"]] += 1
    labels = dict(t)
    if sens_ctx:
        labels["p_top"] = t["p_top"].format(k=sens_ctx["k"])

    script_data = {
        "lang": lang, "ui": labels,
        "families": [{"id": f, "label": fam_labels.get(f, f), "weight": round(float(weights[i]), 4)}
                     for i, f in enumerate(families)],
        "rules": [{k: r[k] for k in ("id", "family", "kind", "points", "title", "reason", "hint", "source", "cond")}
                  for r in rules],
        "fields": {f.name: field_label(f.name, lang) for f in FIELDS},
        "values": VALUE_LABELS_KO if lang == "ko" else {},
        "quadrants": [t["q_" + q] for q in QUADRANTS],
        "sens": {"k": sens_ctx["k"]} if sens_ctx else None,
        "candidates": candidates,
    }
    return {
        "lang": lang, "t": labels, "version": version,
        "source": source, "source_sha256": source_sha256,
        "total_rows": total_rows if total_rows is not None else n_ranked, "n_ranked": n_ranked,
        "n_rejected_rows": len({r.row for r in rejects}),
        "rejects": [{"row": r.row, "id": r.id or "", "field": r.field, "value": r.value, "expected": r.expected}
                    for r in list(rejects)[:500]],
        "more_rejects": max(0, len(rejects) - 500),
        "n_shown": len(candidates), "top_note": t["top_note"].format(shown=len(candidates), total=n_ranked)
        if len(candidates) < n_ranked else "",
        "n_rules": len(rs), "rank_by": t.get(f"rank_by_{rank_by}", rank_by),
        "table_rows": table_rows,
        "filters": {"region": options("region", regions), "field": options("field", fields),
                    "stage": options("stage", stages)},
        "rules": rules, "profile": profile_ctx,
        "map": _quadrant_map(candidates, axes, mx, my, t, quadrant_counts),
        "axes": axes, "sens": sens_ctx, "data": script_data,
    }


def _condition(rule) -> str:
    from .engine.core import _condition_text

    return _condition_text(rule.node)


def _provenance(prov) -> list[list[str]] | None:
    if prov is None:
        return None
    data = prov.model_dump(mode="json")
    out = []
    for k, v in data.items():
        if v is None or v == {} or v == []:
            continue
        if isinstance(v, dict):
            v = "; ".join(f"{a}: {b}" for a, b in v.items())
        elif isinstance(v, list):
            v = "; ".join(map(str, v))
        out.append([str(k), str(v)])
    return out


# ---- SVG charts (server-side; every text goes through Jinja's escaping) ---------------------------

def _domain(values: Sequence[float]) -> tuple[float, float]:
    """An axis range in tens around the data (at least 20 wide, within 0..100)."""
    vals = [v for v in values if v is not None]
    if not vals:
        return 0.0, 100.0
    lo = max(0.0, math.floor((min(vals) - 2) / 10) * 10)
    hi = min(100.0, math.ceil((max(vals) + 2) / 10) * 10)
    while hi - lo < 20:
        lo, hi = max(0.0, lo - 10), min(100.0, hi + 10)
    return lo, hi


def _quadrant_map(candidates: list[dict], axes: list[dict], mx: float, my: float, t: dict[str, str],
                  counts: list[int]) -> dict[str, Any]:
    W, H, L, R, T, B = 760, 560, 64, 20, 20, 56
    pw, ph = W - L - R, H - T - B
    x0, x1 = _domain([c["x"] for c in candidates] + [mx])
    y0, y1 = _domain([c["y"] for c in candidates] + [my])

    def sx(v: float) -> float:
        return round(L + pw * (max(x0, min(x1, v)) - x0) / (x1 - x0), 1)

    def sy(v: float) -> float:
        return round(T + ph * (1 - (max(y0, min(y1, v)) - y0) / (y1 - y0)), 1)

    points = []
    # Draw the worst first so the best sit on top.
    for i in range(len(candidates) - 1, -1, -1):
        c = candidates[i]
        label = f"{c['rank']}. {c['id']}" + (f" — {c['name']}" if c["name"] else "") + \
            f" ({c['city']}) · {axes[0]['short']} {c['x']:.0f}, {axes[1]['short']} {c['y']:.0f}"
        points.append({"i": i, "cx": sx(c["x"] or 0), "cy": sy(c["y"] or 0), "status": c["status"],
                       "label": label, "rank": c["rank"], "show_rank": i < 10})
    # Rank labels of the top ten: nudge down any that would overlap one already placed.
    placed: list[tuple[float, float]] = []
    for p in sorted((p for p in points if p["show_rank"]), key=lambda p: p["rank"]):
        lx, ly = p["cx"] + 8, p["cy"] - 6
        while any(abs(lx - ax) < 16 and abs(ly - ay) < 11 for ax, ay in placed):
            ly += 11
        placed.append((lx, ly))
        p["lx"], p["ly"] = round(lx, 1), round(ly, 1)
    step = 10 if max(x1 - x0, y1 - y0) <= 60 else 20
    xticks = [{"v": v, "x": sx(v)} for v in range(int(x0), int(x1) + 1, step)]
    yticks = [{"v": v, "y": sy(v)} for v in range(int(y0), int(y1) + 1, step)]
    qx, qy = sx(mx), sy(my)
    quads = [
        {"key": "advance", "x": W - R - 8, "y": T + 16, "anchor": "end", "n": counts[0]},
        {"key": "prepare", "x": L + 8, "y": T + 16, "anchor": "start", "n": counts[1]},
        {"key": "partner", "x": W - R - 8, "y": H - B - 10, "anchor": "end", "n": counts[2]},
        {"key": "reconsider", "x": L + 8, "y": H - B - 10, "anchor": "start", "n": counts[3]},
    ]
    for q in quads:
        q["label"] = t["q_" + q["key"]]
        q["long"] = t["q_" + q["key"] + "_long"]
    return {"w": W, "h": H, "l": L, "r": R, "t": T, "b": B, "pw": pw, "ph": ph, "points": points,
            "xticks": xticks, "yticks": yticks, "mx": qx, "my": qy, "mxv": round(mx, 1), "myv": round(my, 1),
            "quads": quads, "x_label": axes[0]["label"], "y_label": axes[1]["label"]}


def _sensitivity_chart(candidates: list[dict], t: dict[str, str], limit: int = 40) -> dict[str, Any]:
    shown = [c for c in candidates if c.get("s")][:limit]
    row_h, L, R, T, B = 18, 270, 24, 34, 30
    W = 820
    H = T + B + row_h * len(shown)
    max_rank = max([c["s"][2] or 0 for c in shown] + [c["rank"] for c in shown] + [1])
    max_rank = max(1.0, float(max_rank))
    pw = W - L - R

    def sx(v: float) -> float:
        return round(L + pw * (max(1.0, min(max_rank, v)) - 1) / max(1.0, max_rank - 1), 1)

    rows = []
    for k, c in enumerate(shown):
        med, lo, hi, p = c["s"]
        y = T + row_h * k + row_h / 2
        label = f"{c['rank']}. {c['id']}" + (f" {c['name']}" if c["name"] else "")
        if len(label) > 40:
            label = label[:39] + "…"
        rows.append({"y": round(y, 1), "x1": sx(lo or 1), "x2": sx(hi or 1), "xm": sx(med or 1),
                     "xr": sx(c["rank"]), "label": label, "status": c["status"],
                     "title": f"{c['rank']}. {c['id']}: {t['median_rank']} {med:g}, {t['rank_interval']} "
                              f"{lo:g}–{hi:g}, P {p:.0%}" if None not in (med, lo, hi, p) else c["id"]})
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 10**9) if max_rank / s <= 10)
    values = [1] + [v for v in range(step, int(max_rank) + 1, step) if v > 1]
    ticks = [{"v": v, "x": sx(v)} for v in values]
    return {"w": W, "h": H, "l": L, "t": T, "b": B, "rows": rows, "ticks": ticks,
            "note": t["sens_chart_note"].format(n=len(shown)), "bottom": H - B}


# ---- rendering --------------------------------------------------------------------------------

def _asset(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def render_html(context: dict[str, Any]) -> str:
    """The page: jinja2 with autoescape on; data JSON escaped for a script element."""
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    script = _asset("report.js")
    if "</" in script:
        raise ValueError("report.js must not contain '</'")
    style = _asset("report.css")
    return env.get_template("report.html.j2").render(
        **context,
        style=Markup(style),
        script=Markup(script),
        script_hash=_csp_hash(script),
        data_json=Markup(json_for_script(context["data"])),
    )


def write_report(path: str | Path, html: str) -> int:
    """Write atomically (temp file + rename); returns the size in bytes."""
    from .formats import atomic_path

    data = html.encode("utf-8")
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return len(data)


