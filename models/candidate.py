"""The candidate: one opportunity (a partner, a policy, what is known of the project).

Every field but id, partner_city and country may be missing, and missing means unknown.
Cells from spreadsheets are accepted as text (`yes`, `oda_grant;mdb`, `unknown`); the
same coercion serves single candidates and whole files, so a value means one thing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
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


class BadCell(ValueError):
    """A cell polex cannot read exactly: `args[0]` is a likely fix (a close name) or None, `reason`
    says why in a few words (added to the expected values in a reject)."""

    def __init__(self, suggestion: str | None = None, reason: str | None = None):
        super().__init__(suggestion)
        self.reason = reason


def expected_with(expected: str, err: BaseException) -> str:
    """A field's expected values, with the reason a cell was refused when there is one."""
    reason = getattr(err, "reason", None)
    return f"{expected} ({reason})" if reason else expected


# --decimal-comma: a comma in a number is the decimal mark (4,5 = 4.5), '.' may group thousands.
DECIMAL_COMMA: ContextVar[bool] = ContextVar("polex_decimal_comma", default=False)


@contextmanager
def decimal_comma(on: bool = True) -> Iterator[None]:
    """Read numbers with a decimal comma inside the block (the --decimal-comma option)."""
    token = DECIMAL_COMMA.set(bool(on))
    try:
        yield
    finally:
        DECIMAL_COMMA.reset(token)


_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_GROUPED_DOTS = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d*)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+|[+-]?\d+,")
_COMMA_REASON = "a comma separates thousands only in groups of three, as in 1,000; for a decimal comma (4,5) " \
                "use --decimal-comma"


def parse_number(text: str) -> float:
    """A number written as text, read exactly or refused (BadCell with the reason): a comma is a
    thousands separator only in valid groups (1,000 and 12,345,678, not 4,5 or 1,0,0) unless
    --decimal-comma is on; '_' (which Python would skip) is refused. The one parser of number
    cells, --set values and prompts."""
    t = text.strip()
    if "_" in t:
        raise BadCell(None, "'_' is not part of a number")
    if "," in t:
        if DECIMAL_COMMA.get():
            if _GROUPED_DOTS.fullmatch(t):
                t = t.replace(".", "").replace(",", ".")
            elif _DECIMAL_COMMA.fullmatch(t):
                t = t.replace(",", ".")
            else:
                raise BadCell(None, "with --decimal-comma, a comma is the decimal mark (4,5) and '.' groups "
                                    "thousands (1.234,5)")
        elif _GROUPED.fullmatch(t):
            t = t.replace(",", "")
        else:
            raise BadCell(None, _COMMA_REASON)
    try:
        return float(t)
    except (TypeError, ValueError, OverflowError):
        raise BadCell(None) from None


def _scalar(raw: Any) -> None:
    """A list or an object (from JSON or YAML) where one value is expected: refused, never turned
    into its Python text."""
    if isinstance(raw, (list, tuple, set, frozenset)):
        raise BadCell(None, "got a list, where one value is expected")
    if isinstance(raw, dict):
        raise BadCell(None, "got an object, where one value is expected")


def _text_of(raw: Any) -> str:
    """A scalar as text: booleans as true/false (JSON's spelling), never Python's True/False."""
    _scalar(raw)
    if isinstance(raw, bool):
        return "true" if raw else "false"
    return str(raw)


def is_unknown(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, float) and math.isnan(raw):
        return True
    return isinstance(raw, str) and raw.strip().lower() in UNKNOWN_TOKENS


def _enum_value(spec: FieldSpec, raw: Any) -> str:
    text = _text_of(raw).strip()
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
        if isinstance(raw, dict):
            raise BadCell(None, "got an object, where a list is expected")
        items = raw if isinstance(raw, (list, tuple, set, frozenset)) else _text_of(raw).split(LIST_SEPARATOR)
        items = [_text_of(i).strip() for i in items if not is_unknown(i) and _text_of(i).strip()]
        return sorted({_enum_value(spec, i) for i in items}, key=spec.values.index)
    if kind == BOOL:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, (int, float)) and raw in (0, 1):
            return bool(raw)
        text = _text_of(raw).strip().lower()
        if text in TRUE_TOKENS:
            return True
        if text in FALSE_TOKENS:
            return False
        raise ValueError(None)
    if kind in (INT, FLOAT):
        if isinstance(raw, bool):
            raise ValueError(None)
        _scalar(raw)
        try:
            number = parse_number(raw) if isinstance(raw, str) else float(raw)
        except (TypeError, OverflowError):
            raise ValueError(None) from None
        if not math.isfinite(number) or (spec.minimum is not None and number < spec.minimum):
            raise ValueError(None)
        if kind == INT:
            if number != int(number):
                raise ValueError(None)
            return int(number)
        return number
    text = _text_of(raw).strip()
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
                try:
                    values[key] = None if is_unknown(raw) else _text_of(raw).strip()  # as the columns path
                except BadCell as err:
                    problems.append(Problem(key, raw, expected_with("text", err)))
            else:
                extra.append(key)
            continue
        try:
            values[key] = coerce_cell(spec, raw)
        except ValueError as err:
            hint = err.args[0] if err.args else None
            problems.append(Problem(key, raw, expected_with(spec.expected, err), hint))
    refused = {p.field for p in problems}
    for key in REQUIRED:
        if values.get(key) is None and key not in refused:
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
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)  # built on first use, not by `polex score`

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
