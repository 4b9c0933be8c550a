"""Rows in, typed columns and rejects out: every row is either kept or rejected with its
row number, field, value and what was expected. Nothing is dropped silently."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..models.candidate import CandidateError, validate_record
from ..models.results import Reject
from ..models.vocabulary import FIELD_BY_NAME, PASSTHROUGH, REQUIRED, suggest
from .columns import Columns, encode_records

ROW = "__row__"  # a reader may give each row the number the user's file shows


class MissingColumns(ValueError):
    """The file lacks a required column: a usage problem, not a row problem."""

    def __init__(self, missing: list[str], header: list[str]):
        self.missing = missing
        hints = [f"{m} (did you mean {h!r}?)" if (h := suggest(m, header)) and h not in FIELD_BY_NAME else m
                 for m in missing]
        super().__init__("missing required column" + ("s " if len(missing) > 1 else " ") + ", ".join(hints))


@dataclass
class Intake:
    columns: Columns
    rows: list[int]  # the input row number of each kept candidate (1-based, header excluded)
    rejects: list[Reject]
    unknown_columns: dict[str, str | None] = field(default_factory=dict)  # column -> did you mean
    total: int = 0
    extras: dict[str, list[Any]] = field(default_factory=dict)  # passthrough columns (source ...)

    @property
    def rejected_rows(self) -> int:
        return len({r.row for r in self.rejects})


def check_header(header: Iterable[str]) -> dict[str, str | None]:
    """Raise MissingColumns for a missing required column; return unknown columns with a suggestion."""
    header = [str(h) for h in header]
    missing = [r for r in REQUIRED if r not in header]
    if missing:
        raise MissingColumns(missing, header)
    return {h: suggest(h, FIELD_BY_NAME) for h in header if h not in FIELD_BY_NAME and h not in PASSTHROUGH
            and h != ROW}


def validate_rows(rows: Iterable[Mapping[str, Any]], header: Iterable[str] | None = None,
                  first_row: int = 1) -> Intake:
    """Validate raw rows (cells as text or values); unknown columns are ignored (and reported)."""
    header = list(header) if header is not None else None
    unknown = check_header(header) if header is not None else {}
    kept, numbers, rejects, extras = [], [], [], {k: [] for k in PASSTHROUGH}
    seen_ids: dict[str, int] = {}
    total = 0
    for offset, row in enumerate(rows):
        total += 1
        number = row.get(ROW, first_row + offset)
        record = {k: v for k, v in row.items() if k in FIELD_BY_NAME or k in PASSTHROUGH}
        try:
            values = validate_record(record)
        except CandidateError as err:
            rid = row.get("id")
            for p in err.problems:
                rejects.append(Reject(row=number, id=None if rid is None else str(rid), field=p.field,
                                      value=_cell(p.value), expected=p.expected, suggestion=p.suggestion))
            continue
        rid = values["id"]
        if rid in seen_ids:
            rejects.append(Reject(row=number, id=rid, field="id", value=rid,
                                  expected=f"an id not used before (row {seen_ids[rid]} has it)"))
            continue
        seen_ids[rid] = number
        kept.append({k: v for k, v in values.items() if v is not None and k in FIELD_BY_NAME})
        for k in PASSTHROUGH:
            extras[k].append(values.get(k))
        numbers.append(number)
    return Intake(encode_records(kept), numbers, rejects, unknown, total,
                  {k: v for k, v in extras.items() if any(x is not None for x in v)})


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 200 else text[:197] + "..."
