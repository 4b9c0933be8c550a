"""The candidate: one opportunity (a partner, a policy, what is known of the project).

Every field but id, partner_city and country may be missing, and missing means unknown.
Cells from spreadsheets are accepted as text (`yes`, `oda_grant;mdb`, `unknown`); the
same coercion serves single candidates and whole files, so a value means one thing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from .errors import PolexError
from .vocabulary import (
    BOOL,
    ENUM,
    FALSE_TOKENS,
    FIELD_BY_NAME,
    FIELDS,
    FLOAT,
    INT,
    LIST,
    LIST_SEPARATOR,
    ORDINAL,
    PASSTHROUGH,
    REQUIRED,
    TRUE_TOKENS,
    UNKNOWN_TOKENS,
    FieldSpec,
    did_you_mean,
    suggest,
)


@dataclass(frozen=True)
class Problem:
    """One bad value: the field, what was received, what was expected, a likely fix."""

    field: str
    value: Any
    expected: str
    suggestion: str | None = None

    def __str__(self) -> str:
        got = repr(self.value) if not isinstance(self.value, str) or len(self.value) <= 60 else repr(self.value[:57] + "...")
        text = f"{self.field}: got {got}, expected {self.expected}"
        return text + did_you_mean(self.suggestion)


class CandidateError(PolexError):
    """A candidate that cannot be read; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        one = problems[0] if len(problems) == 1 else Problem("", None, "")  # one problem: its attributes
        super().__init__("; ".join(map(str, problems)), field=one.field or None, value=one.value,
                         expected=one.expected or None, suggestion=one.suggestion)


def is_unknown(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, float) and math.isnan(raw):
        return True
    return isinstance(raw, str) and raw.strip().lower() in UNKNOWN_TOKENS


def _enum_value(spec: FieldSpec, raw: Any) -> str:
    text = str(raw).strip()
    for value in spec.values:  # case forgiven: LMIC, lmic and Lmic are one value
        if value.lower() == text.lower():
            return value
    raise ValueError(suggest(text, spec.values))


def coerce_cell(spec: FieldSpec, raw: Any) -> Any:
    """One raw cell to its typed value (None = unknown); ValueError carries a suggestion or None."""
    if is_unknown(raw):
        return None
    kind = spec.kind
    if kind in (ENUM, ORDINAL):
        return _enum_value(spec, raw)
    if kind == LIST:
        items = raw if isinstance(raw, (list, tuple, set, frozenset)) else str(raw).split(LIST_SEPARATOR)
        items = [str(i).strip() for i in items if str(i).strip()]
        return sorted({_enum_value(spec, i) for i in items}, key=spec.values.index)
    if kind == BOOL:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, (int, float)) and raw in (0, 1):
            return bool(raw)
        text = str(raw).strip().lower()
        if text in TRUE_TOKENS:
            return True
        if text in FALSE_TOKENS:
            return False
        raise ValueError(None)
    if kind in (INT, FLOAT):
        if isinstance(raw, bool):
            raise ValueError(None)
        try:
            number = float(str(raw).strip().replace(",", "")) if isinstance(raw, str) else float(raw)
        except (TypeError, ValueError, OverflowError):
            raise ValueError(None) from None
        if not math.isfinite(number) or (spec.minimum is not None and number < spec.minimum):
            raise ValueError(None)
        if kind == INT:
            if number != int(number):
                raise ValueError(None)
            return int(number)
        return number
    text = str(raw).strip()
    return text or None


def coerce_texts(cells: list[Any]) -> list[str | None]:
    """coerce_cell for a free-text field, over many cells at once (a file's distinct ids):
    the same rule, written as one comprehension because it runs a million times."""
    tokens = UNKNOWN_TOKENS
    return [(None if (t := c.strip()).lower() in tokens else t) if isinstance(c, str)
            else coerce_cell(FieldSpec("text", "str"), c) for c in cells]


def coerce_record(record: dict[str, Any]) -> tuple[dict[str, Any], list[Problem], list[str]]:
    """A raw record to typed values. Returns (values, problems, unknown keys)."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    extra: list[str] = []
    for key, raw in record.items():
        spec = FIELD_BY_NAME.get(key)
        if spec is None:
            if key in PASSTHROUGH:
                values[key] = None if is_unknown(raw) else str(raw)
            else:
                extra.append(key)
            continue
        try:
            values[key] = coerce_cell(spec, raw)
        except ValueError as err:
            hint = err.args[0] if err.args else None
            problems.append(Problem(key, raw, spec.expected, hint))
    for key in REQUIRED:
        if values.get(key) is None:
            problems.append(Problem(key, record.get(key), "a value (this field is required)"))
    return values, problems, extra


def _annotation(spec: FieldSpec):
    if spec.kind in (ENUM, ORDINAL):
        base = Literal[spec.values]  # type: ignore[valid-type]
    elif spec.kind == LIST:
        base = list[Literal[spec.values]]  # type: ignore[valid-type]
    else:
        base = {BOOL: bool, INT: int, FLOAT: float}.get(spec.kind, str)
    return base if spec.required else Optional[base]


def _field(spec: FieldSpec):
    extra = {"ge": spec.minimum} if spec.minimum is not None else {}
    default = ... if spec.required else None
    return (_annotation(spec), Field(default, description=spec.en, title=spec.name, **extra))


def validate_record(record: dict[str, Any]) -> dict[str, Any]:
    """Typed values of a record, or CandidateError listing every problem (not just the first)."""
    if not isinstance(record, dict):
        raise CandidateError([Problem("(candidate)", type(record).__name__, "a mapping of field to value")])
    values, problems, extra = coerce_record(record)
    problems += [Problem(k, record[k], "no such field: a field of the candidate vocabulary", suggest(k, FIELD_BY_NAME))
                 for k in extra]
    if problems:
        raise CandidateError(problems)
    return values


class _CandidateBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _from_cells(cls, data: Any) -> Any:
        return validate_record(data)

    def known(self) -> dict[str, Any]:
        """Only the fields that carry a value: what the rules see."""
        return {k: v for k, v in self.model_dump().items() if v is not None}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> _CandidateBase:
        """Validate a record; raises CandidateError (not pydantic's wrapper) naming each bad field."""
        return cls.model_construct(**validate_record(record))


def _build_candidate():
    return create_model(
        "Candidate",
        __base__=_CandidateBase,
        __doc__="One policy-export opportunity; see DESIGN.md for the vocabulary.",
        **{spec.name: _field(spec) for spec in FIELDS},
        **{name: (Optional[str], None) for name in PASSTHROUGH},
    )


def __getattr__(name: str):
    # Built on first use: validating a candidate needs only coerce_record, and building a
    # 60-field pydantic model would cost `polex score` a noticeable part of its start-up.
    if name == "Candidate":
        model = _build_candidate()
        globals()["Candidate"] = model
        return model
    raise AttributeError(name)
