"""The assessment: rules + weights profile + executor, applied to candidates.

`Assessment(...).rank(columns)` gives a Ranking that keeps every intermediate value
(outcome matrix, family scores, contributions, gains) so any row can be explained.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..models.results import FamilyResult, GateResult, Improvement, RuleResult, Scorecard, UnknownField
from ..models.rules import WeightsProfile
from .batch import UNKNOWN, BatchExecutor
from .columns import Columns, encode_records
from .explain import Explanation, explain, top
from .ruleset import RuleSet
from .scorer import Scorer, ScoreResult

ENGINES = ("batch", "durable")
_OUTCOME = {1: "true", 0: "false", -1: "unknown"}


class Assessment:
    """Parameters are stored as given; `fit` builds the executor and scorer once."""

    def __init__(self, ruleset: RuleSet, profile: WeightsProfile, engine: str = "batch", rank_by: str = "point"):
        self.ruleset = ruleset
        self.profile = profile
        self.engine = engine
        self.rank_by = rank_by

    def fit(self) -> Assessment:
        if self.engine not in ENGINES:
            raise ValueError(f"engine: got {self.engine!r}, expected one of {', '.join(ENGINES)}")
        if self.engine == "durable":
            from .durable import DurableExecutor

            self.executor_ = DurableExecutor(self.ruleset)
        else:
            self.executor_ = BatchExecutor(self.ruleset)
        self.scorer_ = Scorer(self.profile, self.rank_by).fit(self.ruleset)
        return self

    def _check_fitted(self):
        if not hasattr(self, "scorer_"):
            self.fit()

    def evaluate(self, columns: Columns) -> np.ndarray:
        self._check_fitted()
        if self.engine == "durable":
            return self.executor_.evaluate(columns.records())
        return self.executor_.evaluate(columns)

    def rank(self, candidates: Columns | Sequence[Mapping[str, Any]]) -> Ranking:
        """Rank typed candidates (Columns, or records already validated)."""
        self._check_fitted()
        columns = candidates if isinstance(candidates, Columns) else encode_records(candidates)
        result = self.scorer_.score(self.evaluate(columns))
        order = self.scorer_.order(result, columns.id_order())
        return Ranking(self, columns, result, explain(self.ruleset, self.scorer_, result, columns), order)


@dataclass
class Ranking:
    assessment: Assessment
    columns: Columns
    result: ScoreResult
    explanation: Explanation
    order: np.ndarray  # row indices, best first

    def __len__(self) -> int:
        return self.columns.n

    @property
    def ranks(self) -> np.ndarray:
        """1-based rank of each input row."""
        ranks = np.empty(len(self.order), dtype=np.int64)
        ranks[self.order] = np.arange(1, len(self.order) + 1)
        return ranks

    def row_of(self, candidate_id: str) -> int:
        hits = np.flatnonzero(self.columns.ids.astype(str) == str(candidate_id))
        if not len(hits):
            raise KeyError(candidate_id)
        return int(hits[0])

    def table(self, lang: str = "en", top_n: int | None = None) -> tuple[list[str], dict[str, np.ndarray]]:
        """The ranking as columns in rank order (the shape every output file takes)."""
        a, res, ex = self.assessment, self.result, self.explanation
        rules = a.ruleset.rules
        order = self.order[:top_n] if top_n else self.order
        titles = np.array([r.title(lang) for r in rules], dtype=object)
        hints = np.array([r.hint(lang) for r in rules], dtype=object)
        gate_text = np.array([f"{r.title(lang)} [{r.cites}]" for r in rules], dtype=object)
        cols = self.columns.take(order)
        contrib = ex.contributions[order]
        data = {
            "rank": np.arange(1, len(order) + 1),
            "id": cols["id"].values,
            "name": np.where(cols["name"].known, cols["name"].values, ""),
            "partner_city": cols["partner_city"].values,
            "country": cols["country"].values,
            "score": np.round(res.score[order], 2),
            "score_lo": np.round(res.score_lo[order], 2),
            "score_hi": np.round(res.score_hi[order], 2),
            "eligible": res.eligible[order],
            "possibly_ineligible": res.gate_unknown[order] & res.eligible[order],
            "gate_reasons": _join_top(gate_text, res.gated[order].astype(float), len(rules), None),
            "top_reasons": _join_top(titles, np.abs(contrib), 3, "%+.1f", shown=contrib),
            "top_improvements": _join_top(hints, ex.gains[order], 3, "+%.1f"),
            "unknowns_to_check": _join_top(np.array(ex.fields, dtype=object), ex.swings[order], 3, "±%.1f"),
            "completeness": np.round(ex.completeness[order], 3),
        }
        return list(TABLE_COLUMNS), data

    def scorecards(self, lang: str = "en") -> list[Scorecard]:
        return [self.scorecard(int(i), lang) for i in self.order]

    def scorecard(self, row: int, lang: str = "en") -> Scorecard:
        a = self.assessment
        rs, sc, res, ex = a.ruleset, a.scorer_, self.result, self.explanation
        outcomes = res.outcomes[row]
        rules = [
            RuleResult(rule_id=r.id, family=r.family, kind=r.kind, outcome=_OUTCOME[int(outcomes[j])],
                       points=r.points, contribution=round(float(ex.contributions[row, j]), 4),
                       title=r.title(lang), reason=r.reason(lang), hint=r.hint(lang), source=r.cites,
                       condition=_condition_text(r.node))
            for j, r in enumerate(rs.rules)
        ]
        gates = [GateResult(rule_id=r.id, title=r.title(lang), reason=r.reason(lang), source=r.cites)
                 for j, r in enumerate(rs.rules) if res.gated[row, j]]
        improvements = [Improvement(rule_id=r.id, kind=r.kind, gain=None, title=r.title(lang), hint=r.hint(lang),
                                    source=r.cites) for j, r in enumerate(rs.rules) if res.gated[row, j]]
        for j in top(ex.gains[row:row + 1], 3)[0]:
            r = rs.rules[j]
            improvements.append(Improvement(rule_id=r.id, kind=r.kind, gain=round(float(ex.gains[row, j]), 4),
                                            title=r.title(lang), hint=r.hint(lang), source=r.cites))
        unknown_gates = [r for j, r in enumerate(rs.rules) if r.kind == "gate" and outcomes[j] == UNKNOWN]
        gate_fields = set().union(*(rs.base_fields[r.id] for r in unknown_gates)) if unknown_gates else set()
        unknowns = []
        for k in top(ex.swings[row:row + 1], 5)[0] + [
                k for k, f in enumerate(ex.fields) if f in gate_fields and ex.swings[row, k] <= 1e-9]:
            f = ex.fields[k]
            readers = [r.id for j, r in enumerate(rs.rules) if outcomes[j] == UNKNOWN and f in rs.base_fields[r.id]
                       and r.kind != "derive"]
            unknowns.append(UnknownField(field=f, swing=round(float(ex.swings[row, k]), 4), rules=readers,
                                         can_gate=f in gate_fields))
        families = [FamilyResult(family=f, weight=round(float(sc.weights_[i]), 6),
                                 score=round(float(res.family[row, i]), 6),
                                 points_earned=round(float(res.family_raw[row, i]), 6),
                                 points_possible=float(sc.possible_[i]))
                    for i, f in enumerate(sc.families_)]
        record = self.columns.take(np.array([row])).records()[0]
        return Scorecard(
            id=str(record.get("id")), name=record.get("name"), partner_city=record.get("partner_city"),
            country=record.get("country"), score=round(float(res.score[row]), 4),
            score_lo=round(float(res.score_lo[row]), 4), score_hi=round(float(res.score_hi[row]), 4),
            eligible=bool(res.eligible[row]), possibly_ineligible=bool(res.gate_unknown[row] and res.eligible[row]),
            gates=gates, families=families, rules=rules, improvements=improvements, unknowns=unknowns,
            completeness=round(float(ex.completeness[row]), 4), rank=int(self.ranks[row]), of=len(self),
            profile=a.profile.name, unknown_prior=a.profile.unknown_prior, lang=lang, candidate=record)


TABLE_COLUMNS = ("rank", "id", "name", "partner_city", "country", "score", "score_lo", "score_hi", "eligible",
                 "possibly_ineligible", "gate_reasons", "top_reasons", "top_improvements", "unknowns_to_check",
                 "completeness")


def _join_top(labels: np.ndarray, values: np.ndarray, k: int, fmt: str | None, shown: np.ndarray | None = None,
              minimum: float = 1e-9) -> np.ndarray:
    """Per row, the labels of the k largest values joined with '; ', each with its shown value
    formatted by fmt (array ops, no Python loop per row)."""
    n = values.shape[0]
    out = np.full(n, "", dtype=object)
    if values.shape[1] == 0 or n == 0:
        return out
    shown = values if shown is None else shown
    idx = np.argsort(-values, axis=1, kind="stable")[:, :min(k, values.shape[1])]
    for c in range(idx.shape[1]):
        col = idx[:, c:c + 1]
        valid = np.take_along_axis(values, col, axis=1)[:, 0] > minimum
        text = labels[idx[:, c]].astype(object)
        if fmt:
            text = text + " (" + np.char.mod(fmt, np.take_along_axis(shown, col, axis=1)[:, 0]).astype(object) + ")"
        out = np.where(valid, out + np.where(out != "", "; ", "") + text, out)
    return out


def _condition_text(node) -> str:
    from .compile import All, AnyOf, Cmp, Not

    if isinstance(node, Cmp):
        return node.text
    if isinstance(node, Not):
        return f"not ({_condition_text(node.part)})"
    joiner = " and " if isinstance(node, All) else " or "
    assert isinstance(node, (All, AnyOf))
    return "(" + joiner.join(_condition_text(p) for p in node.parts) + ")"

