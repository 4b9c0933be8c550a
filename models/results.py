"""Result objects: a scorecard carries every intermediate value a reviewer may ask for."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

Outcome = Literal["true", "false", "unknown", "n/a"]  # n/a: out of the rule's scope


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)  # built on first use: `polex score` needs only a few


class RuleResult(_Result):
    rule_id: str
    family: str
    kind: str
    outcome: Outcome
    points: float
    contribution: float  # signed, on the 0-100 scale; baseline + all contributions = score
    title: str
    reason: str
    hint: str
    source: str
    condition: str


class FamilyResult(_Result):
    family: str
    weight: float
    score: float  # 0..1: (points_net - points_worst) / (points_possible - points_worst)
    points_net: float  # factor points earned minus penalty points lost (unknowns at the prior)
    points_possible: float  # every factor, no penalty
    points_worst: float  # every penalty, no factor
    in_scope: bool = True  # False: no rule of the family applies to this candidate (its weight went to the others)


class Improvement(_Result):
    rule_id: str
    kind: str
    gain: float | None  # score points; None for a gate (it decides eligibility, not points)
    title: str
    hint: str
    source: str


class UnknownField(_Result):
    field: str
    swing: float  # how far the score could move once the field is known
    rules: list[str]
    can_gate: bool  # an unknown gate reads it: it could make the candidate ineligible


class GateResult(_Result):
    rule_id: str
    title: str
    reason: str
    source: str


class Scorecard(_Result):
    id: str
    name: str | None = None
    partner_city: str | None = None
    country: str | None = None
    score: float
    score_lo: float
    score_hi: float
    baseline: float  # the score with no factor and no penalty true
    eligible: bool
    possibly_ineligible: bool
    gates: list[GateResult]
    families: list[FamilyResult]
    rules: list[RuleResult]
    improvements: list[Improvement]
    unknowns: list[UnknownField]
    completeness: float
    rank: int | None = None
    of: int | None = None
    profile: str
    unknown_prior: float
    base_rates: bool = False  # unknowns count at their rules' base rates (the profile has them)
    lang: str = "en"
    candidate: dict[str, Any]


class Reject(_Result):
    row: int  # the row as the file shows it (a spreadsheet's header is row 1)
    id: str | None
    field: str
    value: str
    expected: str
    suggestion: str | None = None
    file: str | None = None  # the file the row is in, when a folder or a glob is read as one pipeline
