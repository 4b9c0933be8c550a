"""Schema of rule files and weights profiles (what a YAML file may say, checked by pydantic)."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

FAMILIES = ("demand", "readiness", "funding", "network", "scale", "fit", "site", "delivery", "context")
FAMILY_KO = {
    "demand": "수요", "readiness": "준비도", "funding": "재원", "network": "네트워크", "scale": "규모",
    "fit": "적합성", "site": "부지", "delivery": "추진체계", "context": "정세·여건",
}
KINDS = ("gate", "factor", "penalty", "derive")
DOCUMENTS = ("000", "001", "002", "003", "004")
_LINES = re.compile(r"^L?\d+(\s*-\s*L?\d+)?(\s*,\s*L?\d+(\s*-\s*L?\d+)?)*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)  # built on first use: `polex score` needs only a few


class Text(_Strict):
    """A text in English and Korean; both are required (reviewers read either)."""

    en: str = Field(min_length=1)
    ko: str = Field(min_length=1)

    def __call__(self, lang: str = "en") -> str:
        return self.ko if lang == "ko" else self.en


class SourceRef(_Strict):
    doc: str
    lines: str

    @field_validator("doc", mode="before")
    @classmethod
    def _doc(cls, v: Any) -> str:
        text = f"{v:03d}" if isinstance(v, int) else str(v).strip()
        if text not in DOCUMENTS:
            raise ValueError(f"got {v!r}, expected one of {', '.join(DOCUMENTS)}")
        return text

    @field_validator("lines", mode="before")
    @classmethod
    def _lines(cls, v: Any) -> str:
        text = str(v).strip()
        if not _LINES.match(text):
            raise ValueError(f"got {v!r}, expected line numbers such as '844-848' or 'L552-560, L703-704'")
        return text.replace("L", "")

    def __str__(self) -> str:
        ranges = ", ".join("L" + part.strip().replace("-", "-") for part in self.lines.split(","))
        return f"{self.doc} {ranges}"


class Example(_Strict):
    candidate: dict[str, Any]
    expect: Literal[True, False, "unknown", "n/a"]

    @field_validator("expect", mode="before")
    @classmethod
    def _expect(cls, v: Any) -> Any:
        return v.lower() if isinstance(v, str) else v


class RuleSpec(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Literal["gate", "factor", "penalty", "derive"]
    when: Any
    # Scope: where the rule applies at all (same condition language as `when`). Out of scope
    # the rule is n/a: it leaves its family's points earned and possible alike.
    applies: Any = None
    scope: Text | None = None  # why the scope is what it is, from the source lines
    points: float | None = None
    title: Text
    reason: Text
    hint: Text
    source: list[SourceRef] = Field(min_length=1)
    examples: list[Example] = Field(default_factory=list)


class RuleFile(_Strict):
    family: Literal[FAMILIES]  # type: ignore[valid-type]
    rules: list[dict[str, Any]]  # validated one by one, so one bad rule does not hide the others


class FamilyWeight(_Strict):
    weight: float = Field(ge=0, le=1)
    why: str = Field(min_length=1)
    source: str | None = None


class Provenance(BaseModel):
    """Where a learned profile came from (calibration writes it)."""

    model_config = ConfigDict(extra="allow", defer_build=True)  # built on first use, as _Strict
    method: str
    data_sha256: str | None = None
    records: int | None = None
    date: str | None = None
    metrics: dict[str, Any] = Field(default_factory=dict)


class BaseRate(_Strict):
    """How often a rule's condition holds among the outcome corpus's cases where it is known."""

    rate: float = Field(ge=0, le=1)  # smoothed: (true + prior x m) / (known + m)
    true: int = Field(0, ge=0)
    known: int = Field(0, ge=0)
    # Set by judgement where the corpus cannot be read as it is (a field noted only where the
    # condition held): why, and what `known` then counts. `polex weights base-rates` keeps it.
    why: str | None = None


class SuccessMapping(_Strict):
    """How the profile's score maps to a probability of success (written by `polex calibrate`):

        P(success) = 1 / (1 + exp(-(intercept + slope * score)))

    `score` the profile's 0-100 score (per point: slope is per score point). Fitted on the outcome
    corpus by the logistic model calibrate uses, on the score of this very profile."""

    intercept: float
    slope: float = Field(ge=0)  # per score point; >= 0: a higher score never means a lower probability
    method: str = Field(min_length=1)
    data_file: str | None = None
    data_sha256: str | None = None
    records: int | None = Field(None, ge=0)
    date: str | None = None

    def probability(self, score):
        """P(success) at each score (a number or a numpy array)."""
        import numpy as np

        z = self.intercept + self.slope * np.asarray(score, dtype=np.float64)
        return 0.5 * (1.0 + np.tanh(0.5 * z))  # the logistic function, without overflow


class WeightsProfile(_Strict):
    name: str
    description: Text | None = None
    unknown_prior: float = Field(0.0, ge=0, le=1)
    families: dict[str, FamilyWeight]
    provenance: Provenance | None = None
    # Per rule, what an unknown condition counts for in the point score; a rule not listed
    # counts at `unknown_prior`. `base_rates_provenance` says how they were estimated.
    base_rates: dict[str, BaseRate] = Field(default_factory=dict)
    base_rates_provenance: Provenance | None = None
    # How well this profile's scores predicted the outcome corpus out of sample (written by
    # `polex calibrate`; metrics: scheme, roc_auc, roc_auc_ci95, brier, brier_ci95, baselines).
    validation: Provenance | None = None
    # The score's fitted mapping to a probability of success (written by `polex calibrate`); with
    # it `polex portfolio` maximises the expected number of successes.
    success_probability: SuccessMapping | None = None

    @field_validator("families")
    @classmethod
    def _families(cls, v: dict[str, FamilyWeight]) -> dict[str, FamilyWeight]:
        unknown = sorted(set(v) - set(FAMILIES))
        if unknown:
            raise ValueError(f"unknown families {unknown}; expected some of {', '.join(FAMILIES)}")
        total = sum(f.weight for f in v.values())
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"family weights sum to {total:.6g}, expected 1")
        return v

    def rate(self, rule_id: str) -> float:
        """What an unknown outcome of this rule counts for: its base rate, else the prior."""
        found = self.base_rates.get(rule_id)
        return self.unknown_prior if found is None else found.rate

    def weight(self, family: str) -> float:
        entry = self.families.get(family)
        return entry.weight if entry else 0.0
