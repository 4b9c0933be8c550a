"""The candidate vocabulary of DESIGN.md as data: one table, read by the pydantic model,
the column encoder, the rule linter, the JSON schema and the spreadsheet template.

Field names and values are a public file format: add, never rename.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import did_you_mean, suggest  # noqa: F401 - re-exported; their home is models/errors.py

STR, ENUM, ORDINAL, BOOL, INT, FLOAT, LIST = "str", "enum", "ordinal", "bool", "int", "float", "list"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str
    values: tuple[str, ...] = ()
    en: str = ""
    ko: str = ""
    required: bool = False
    minimum: float | None = None

    @property
    def ordered(self) -> bool:
        return self.kind in (ORDINAL, INT, FLOAT)

    @property
    def expected(self) -> str:
        """What a cell of this field may hold, for error messages."""
        if self.kind in (ENUM, ORDINAL):
            return "one of " + ", ".join(self.values)
        if self.kind == LIST:
            return "a ';'-separated list of " + ", ".join(self.values)
        if self.kind == BOOL:
            return "true/false, yes/no or 1/0"
        if self.kind == INT:
            return "a whole number" + (f" >= {self.minimum:g}" if self.minimum is not None else "")
        if self.kind == FLOAT:
            return "a number" + (f" >= {self.minimum:g}" if self.minimum is not None else "")
        return "text"


def _f(name, kind, values="", en="", ko="", required=False, minimum=None):
    return FieldSpec(name, kind, tuple(values.split()), en, ko, required, minimum)


FIELDS: tuple[FieldSpec, ...] = (
    _f("id", STR, en="Unique identifier of the opportunity", ko="기회(사업) 고유 식별자", required=True),
    _f("name", STR, en="Name of the project or opportunity", ko="사업명"),
    _f("partner_city", STR, en="Partner city (or body)", ko="협력 도시(기관)", required=True),
    _f("country", STR, en="Country, ISO 3166 alpha-3 or English name", ko="국가 (ISO 3166 alpha-3 또는 영문명)", required=True),
    _f("region", ENUM, "east_asia southeast_asia south_asia central_asia middle_east africa europe "
       "latin_america north_america oceania korea", "World region of the partner", "협력 도시의 권역"),
    _f("partner_kind", ENUM, "foreign_city foreign_national_body foreign_state_corporation "
       "domestic_local_gov dprk_city", "Kind of partner body", "협력 주체의 유형"),
    _f("income_group", ENUM, "LIC LMIC UMIC HIC", "World Bank income group of the partner country",
       "협력국의 세계은행 소득 그룹"),
    _f("field", ENUM, "transport fare_collection traffic_management urban_rail water sewerage waste "
       "e_government urban_planning urban_regeneration housing smart_city_development environment "
       "energy safety health culture_sports forestry_agriculture governance other",
       "Policy field", "정책 분야"),
    _f("policy", STR, en="The Seoul policy or solution offered (e.g. TOPIS)", ko="제공하는 서울 정책·솔루션 (예: TOPIS)"),
    _f("track", ENUM, "sharing export", "sharing (non-profit, ODA) or export (for-profit contract)",
       "공유(비영리·ODA) 또는 수출(영리 계약)"),
    _f("engagement", ENUM, "training policy_consulting master_plan feasibility_study pilot design "
       "system_build infrastructure_build operation", "Kind of engagement", "협력 방식"),
    _f("stage", ORDINAL, "discovery consulting master_plan feasibility_study pilot "
       "investment_development procurement construction operation", "Stage the project has reached",
       "사업 진행 단계"),
    _f("year", INT, en="Year of the record", ko="연도"),
    _f("demand_signal", ORDINAL, "none benchmarking_visit training_participation official_request "
       "head_of_city_request", "Strongest demand signal from the partner", "협력 도시의 수요 신호"),
    _f("demand_origin", ENUM, "partner_led supply_push", "Who started it: the partner or the supplier",
       "수요 주도(협력 도시) 또는 공급 주도"),
    _f("partner_priority", BOOL, en="The project is a stated priority of the partner", ko="협력 도시의 우선 과제 여부"),
    _f("partner_budget_allocated", BOOL, en="The partner has allocated budget", ko="협력 도시 예산 배정 여부"),
    _f("partner_authority", ORDINAL, "weak moderate strong", "Decision-making authority of the partner body",
       "협력 기관의 의사결정 권한"),
    _f("willing_to_pay", ORDINAL, "none cofinance full", "Partner's willingness to pay", "협력 도시의 비용 부담 의사"),
    _f("problem_fit", ORDINAL, "none partial strong", "The partner has the problem this policy solved in Seoul",
       "서울이 해결한 문제를 협력 도시도 겪고 있는가"),
    _f("policy_evidence", ORDINAL, "none domestic international", "Evidence of the policy's results",
       "정책 성과의 근거 (수상·평가·측정 결과)"),
    _f("tech_match", ENUM, "matched over_specified under_specified", "Technology level against local needs",
       "현지 여건 대비 기술 수준"),
    _f("upper_plan", ORDINAL, "none regional_only site_master_plan master_and_detailed_plan",
       "Upper-level plan covering the site", "상위계획(마스터플랜) 수립 여부"),
    _f("readiness", ORDINAL, "idea concept pilot_designed ready_to_execute", "Readiness of the proposal",
       "사업 준비 수준"),
    _f("feasibility_done", BOOL, en="A feasibility study has been done", ko="타당성 조사 완료 여부"),
    _f("funding_sources", LIST, "partner_budget oda_grant oda_loan mdb national_fund seoul_budget "
       "inter_korean_fund network_programme private ppp", "Funding sources", "재원"),
    _f("funding_status", ORDINAL, "none idea identified applied committed", "Status of the funding",
       "재원 확보 단계"),
    _f("relation", ORDINAL, "none friendship sister_city", "Formal relation between the cities",
       "도시 간 공식 관계 (우호·자매)"),
    _f("relation_active", BOOL, en="Substantive exchange, not only ceremony", ko="형식적이지 않은 실질적 교류 여부"),
    _f("shared_networks", LIST, "WeGO CityNet Metropolis UCLG C40 ICLEI UITP GCoM OGP other",
       "City networks both belong to", "함께 가입한 도시 네트워크"),
    _f("korean_engagement", BOOL, en="Korean public bodies or firms engaged this partner before",
       ko="한국 공공기관·기업의 사전 네트워킹 여부"),
    _f("korean_firms_present", ORDINAL, "none some many", "Korean firms present locally", "현지 진출 한국 기업"),
    _f("trained_officials", INT, en="Partner officials trained in Seoul", ko="서울에서 연수받은 협력 도시 공무원 수",
       minimum=0),
    _f("scale_class", ORDINAL, "pilot complex district citywide national", "Scale of the project", "사업 규모"),
    _f("area_ha", FLOAT, en="Site area (ha)", ko="사업 면적 (ha)", minimum=0),
    _f("requested_area_ha", FLOAT, en="Area first requested (ha)", ko="최초 요청 면적 (ha)", minimum=0),
    _f("budget_usd_m", FLOAT, en="Budget (million USD)", ko="사업비 (백만 달러)", minimum=0),
    _f("payback_years", FLOAT, en="Expected payback period (years)", ko="예상 투자 회수 기간 (년)", minimum=0),
    _f("phased", BOOL, en="Starts small and expands in phases", ko="단계적 확장 여부"),
    _f("scale_negotiated_down", BOOL, en="The agreed area is smaller than the area the partner first requested",
       ko="상대 정부의 요청 규모를 현실적 규모로 하향 조정했는지 여부"),
    _f("site_connectivity", ORDINAL, "poor moderate good",
       "Location and connectivity of the site (airport, rail or trunk road to the primary city)",
       "부지의 입지 및 연결성 (국제공항, 주요 도시와의 철도·간선도로 연결)"),
    _f("site_type", ENUM, "brownfield greenfield not_applicable", "Site type", "부지 유형"),
    _f("land_tenure", ORDINAL, "unrecognized partial secured", "Land ownership and tenure", "토지 소유권 확보"),
    _f("resettlement", ORDINAL, "none low medium high", "Resettlement needed", "이주·보상 부담"),
    _f("basic_infra", ORDINAL, "absent partial connected", "Basic infrastructure at the site", "기반시설 연결 수준"),
    _f("lead_vehicle", ENUM, "city_government public_corporation research_institute private_consortium "
       "national_agency city_enterprise", "Who leads on the Korean side (city_enterprise: a city-run enterprise such as "
       "the Seoul Waterworks Headquarters)", "한국 측 추진 주체 (city_enterprise: 상수도사업본부 등 시 직영 사업기관)"),
    _f("for_profit", BOOL, en="The engagement is for profit", ko="영리 목적 여부"),
    _f("consortium", BOOL, en="Delivered by a consortium", ko="컨소시엄 구성 여부"),
    _f("follow_up_identified", BOOL, en="A follow-up project is identified", ko="후속 사업 발굴 여부"),
    _f("continuity", ORDINAL, "one_off recurring institutionalised", "Continuity of the cooperation",
       "협력의 지속성"),
    _f("benefit_direction", ENUM, "one_way two_way", "One-way help or mutual benefit", "일방향 지원 또는 상호 호혜"),
    _f("sanctions_regime", ENUM, "none un_dprk other", "Sanctions regime that applies", "적용되는 제재"),
    _f("sanctions_category", ENUM, "culture_sports humanitarian forestry_agriculture nonprofit_public_infra "
       "academic tourism economic_commercial technology", "Category under the sanctions regime",
       "제재상 사업 분류"),
    _f("sanctions_exemption", ENUM, "not_needed approved pending not_sought", "Sanctions exemption status",
       "제재 면제 상태"),
    _f("political_climate", ORDINAL, "deterioration stalemate dialogue breakthrough", "Political climate",
       "정치 환경"),
    _f("political_sensitivity", BOOL, en="Politically sensitive", ko="정치적 민감성"),
    _f("legal_channel", ENUM, "explicit via_intermediary pending none", "Legal channel for the cooperation",
       "협력의 법적 통로"),
    _f("smart_city_prize", ORDINAL, "none applicant finalist winner",
       "The project's standing in the Seoul Smart City Prize (Seoul-WeGO)", "서울 스마트도시 상 참여·수상 여부"),
    _f("archetype", ENUM, "knowledge_sharing solution city_development infrastructure",
       "Project archetype (derived from field and engagement when not given; 002 L264-293, 000 L60-66)",
       "사업 유형 (비워 두면 분야와 참여 방식에서 도출; 002 L264-293, 000 L60-66)"),
    _f("partner_capacity", ORDINAL, "weak moderate strong",
       "The partner's administrative and technical capacity to run what it receives",
       "협력 기관이 이전받은 것을 운영할 행정·기술 역량"),
    _f("capacity_component", BOOL, en="The project builds the partner's capacity (training, staff exchange, operation support)",
       ko="사업에 상대 기관 역량강화(교육, 인력교류, 운영 지원) 요소가 포함됨"),
    _f("central_alignment", ENUM, "conflicting none consulted endorsed co_funded",
       "Korean central government and agencies (MOLIT/KCN, KIND, LH, KOICA, EDCF): alignment with the project",
       "중앙정부·공공기관(국토부/KCN, KIND, LH, KOICA, EDCF)과의 연계 수준"),
    _f("strategic_country", BOOL, en="A Korean ODA priority country (CPS) or a strategic base named by national policy",
       ko="한국의 ODA 중점협력국(CPS) 또는 국가 정책상 전략 거점 국가"),
    _f("active_conflict", BOOL, en="Armed conflict or insecurity where the project would be delivered",
       ko="사업 지역의 무력 분쟁 또는 치안 불안"),
    _f("partner_election_due", BOOL, en="The partner's head changes or faces election before the contract is signed",
       ko="계약 전에 상대측 단체장·정부가 바뀌거나 선거를 앞둠"),
    _f("competing_offer", BOOL, en="Another country, donor or firm offers or finances the same project",
       ko="다른 국가·공여기관·기업이 같은 사업을 제안하거나 재원을 제공함"),
    _f("operating_revenue", ORDINAL, "none partial secured",
       "A revenue model that pays for operation after handover", "이양 후 운영비를 충당할 수익 모델"),
    _f("outcome", INT, en="Historical records only: 1 = reached implementation or a funded next stage",
       ko="과거 사례만: 1 = 실행 또는 재원 확보된 다음 단계 도달", minimum=0),
)

FIELD_BY_NAME: dict[str, FieldSpec] = {f.name: f for f in FIELDS}
REQUIRED = tuple(f.name for f in FIELDS if f.required)
# Fields a rule may test; `outcome` is history, never an input to a score.
RULE_FIELDS = tuple(f.name for f in FIELDS if f.name != "outcome")
# Accepted in files (provenance), carried through, never scored.
PASSTHROUGH = ("source", "outcome_evidence", "notes", "label_confidence", "label_reason", "exporter", "comparator",
               "snapshot_note")

UNKNOWN_TOKENS = frozenset({"", "unknown", "n/a", "?"})
# The Korean template's answers are booleans too: 예/아니오, 네/아니요, 참/거짓 (and 아니오's
# common spelling 아니요 / 아니).
TRUE_TOKENS = frozenset({"true", "yes", "y", "1", "t", "예", "네", "참"})
FALSE_TOKENS = frozenset({"false", "no", "n", "0", "f", "아니오", "아니요", "아니", "거짓"})
LIST_SEPARATOR = ";"
# Keys a reader may add to a row: the row's number as the user's file shows it (a
# spreadsheet's header is row 1), or the cell count of a CSV record ragged against its header.
ROW = "__row__"
BAD_ROW = "__cells__"
# A record a reader could not take as a candidate at all (a JSON item that is not an object, a
# JSONL line that is not JSON): (value as shown, what was expected); rejected as one row.
BAD_RECORD = "__bad__"

