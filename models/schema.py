"""The JSON Schema of one candidate, built from the vocabulary (`polex schema`)."""

from __future__ import annotations

from typing import Any


def candidate_schema(lang: str = "en") -> dict[str, Any]:
    """JSON Schema (2020-12) of one candidate, from the vocabulary."""
    from .candidate import Candidate
    from .vocabulary import FIELD_BY_NAME, LIST, ORDINAL

    schema = Candidate.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://polex/candidate.schema.json",
              **schema, "title": "polex candidate",
              "description": ("정책 수출 기회 하나 (협력 대상, 정책, 사업에 대해 알려진 정보). id, partner_city, country 외의 "
                              "항목은 비워 둘 수 있고, 빈 값은 '미확인'임." if lang == "ko" else
                              "One policy-export opportunity (a partner, a policy, what is known of the project). "
                              "Every field but id, partner_city and country may be missing or null: missing means "
                              "unknown, never false. Spreadsheet cells may also hold text forms: yes/no, "
                              "'unknown', lists separated by ';'.")}
    for name, prop in schema.get("properties", {}).items():
        spec = FIELD_BY_NAME.get(name)
        if spec is None:
            prop["description"] = "Carried through to outputs, never scored" if lang == "en" else \
                "결과에 그대로 전달되며 점수에는 반영되지 않음"
            continue
        prop["description"] = spec.ko if lang == "ko" and spec.ko else spec.en
        prop["x-description-ko" if lang == "en" else "x-description-en"] = spec.ko if lang == "en" else spec.en
        if spec.kind == ORDINAL:
            prop["x-ordered"] = list(spec.values)  # lowest first: rules compare by this order
        if spec.kind == LIST:
            prop["x-cell-separator"] = ";"
    return schema

