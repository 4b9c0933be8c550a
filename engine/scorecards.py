"""Scorecards of many rows in one pass: what `Ranking.scorecard` shows, for a batch of rows.

`card_batch(ranking, rows)` computes for all the rows together what a scorecard computes for
one (explain's contributions, gains and swings, the baseline, the true gates, the improvements,
the unknowns worth checking and the rules that read them): the rule-field incidence once, each
per-rule matrix over the rows at once. `scorecards(ranking, rows, lang)` turns a batch into
the Scorecard models `Ranking.scorecard` gives, value for value (the report reads the arrays).

Bit for bit the values of one row alone: elementwise steps and per-row reductions give a row
the same values in any matrix; two matrix products could add in another order for many rows
than for one (numpy hands a one-row product to BLAS's matrix-vector kernel). The scorer's
per-family point sums (its frame: the units and the baseline) are exact, so free of order,
when every rule's points are multiples of 2**-20 with a modest total (the shipped rules'
integers are); otherwise they are taken row by row. The swings (unknown terms x incidence)
are taken row by row, one small product each.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..models.results import FamilyResult, GateResult, Improvement, RuleResult, Scorecard, UnknownField
from .explain import incidence, known_fields, rule_values, top_k
from .outcomes import NAMES, TRUE, UNKNOWN

IMPROVEMENTS = 3  # gains listed after the true gates
UNKNOWNS = 5  # fields listed by swing (then any field an unknown gate reads)
EXACT_SCALE = 2.0 ** 20


@dataclass
class CardBatch:
    """Per row asked (in the order asked), the scorecard's values, unrounded."""

    rows: np.ndarray  # the ranking's rows
    outcomes: np.ndarray  # n x rules, int8 codes (engine.outcomes)
    contributions: np.ndarray  # n x rules: signed points on the 0-100 scale; baseline + their sum = score
    gains: np.ndarray  # n x rules
    swings: np.ndarray  # n x used fields (0 where the field is known)
    fields: tuple[str, ...]  # the used fields, the swings' columns
    completeness: np.ndarray  # n
    baseline: np.ndarray  # n
    score: np.ndarray
    score_lo: np.ndarray
    score_hi: np.ndarray
    family: np.ndarray  # n x families, 0..1
    eligible: np.ndarray  # n bool
    possibly_ineligible: np.ndarray  # n bool: eligible, with a gate unknown
    ranks: np.ndarray  # n, 1-based
    gates: list[list[int]]  # per row: the true gates' rule columns, in rule order
    best_gains: list[list[int]]  # per row: the rule columns of the largest gains (up to 3), best first
    unknowns: list[list[tuple[int, list[int], bool]]]  # per row: (field column, reader rule columns, can gate)
    records: list[dict[str, Any]]  # per row: its known fields, typed

    def __len__(self) -> int:
        return len(self.rows)


def exact_sums(scorer) -> bool:
    """Whether the scorer's per-family point sums are exact in any order of addition: every
    rule's points a multiple of 2**-20 and their absolute total under 2**32."""
    scaled = np.asarray(scorer.points_, dtype=np.float64) * EXACT_SCALE
    return bool(np.all(scaled == np.round(scaled)) and np.abs(scaled).sum() < 2.0 ** 52)


def _values(scorer, outcomes: np.ndarray, exact: bool) -> tuple[np.ndarray, ...]:
    """unit, baseline, contributions and gains of the rows (rule_values and the scorer's units)."""
    if exact or len(outcomes) <= 1:
        unit, _, contributions, gains = rule_values(scorer, outcomes)
        _, baseline = scorer.units(outcomes)
        return np.asarray(unit), np.asarray(baseline), contributions, gains
    parts = [_values(scorer, outcomes[i:i + 1], True) for i in range(len(outcomes))]
    return tuple(np.concatenate(p) for p in zip(*parts))


def card_batch(ranking, rows) -> CardBatch:
    """The scorecard values of `rows` (indices into the ranking's input rows), in one pass."""
    a = ranking.assessment
    rs, sc = a.ruleset, a.scorer_
    rows = np.asarray(rows, dtype=np.int64).reshape(-1)
    res = ranking.result.take(rows)
    out = res.outcomes
    n = len(out)
    known = known_fields(rs, ranking.columns, rows)
    unit, baseline, contributions, gains = _values(sc, out, exact_sums(sc))
    fields = rs.used_fields
    inc = incidence(rs)
    unknown = out == UNKNOWN
    if fields and n:
        terms = unknown.astype(np.float64) * np.abs(unit)  # explain's left side, row by row as it takes it
        swings = np.concatenate([terms[i:i + 1] @ inc for i in range(n)])
    else:
        swings = np.zeros((n, len(fields)))
    swings = np.where(known, 0.0, swings)  # a filled-in field is not worth finding out
    completeness = known.mean(axis=1) if fields else np.ones(n)

    gate_cols = np.flatnonzero(sc.gate_mask_)
    fired = out[:, gate_cols] == TRUE
    gates = [gate_cols[f].tolist() for f in fired]
    best_gains = [[j for j in row if j >= 0] for row in top_k(gains, IMPROVEMENTS).index.tolist()]

    # Fields an unknown gate reads and the row has not filled in: they could make it ineligible.
    reads = inc.astype(bool)
    gate_reads = (unknown[:, gate_cols].astype(np.int64) @ reads[gate_cols].astype(np.int64)) > 0
    can_gate = gate_reads & ~known
    readable = unknown & np.array([r.kind != "derive" for r in rs.rules], dtype=bool)  # a reader: unknown, not derived
    unknowns = []
    for i, picked in enumerate(top_k(swings, UNKNOWNS).index.tolist()):
        ks = [k for k in picked if k >= 0]
        ks += [int(k) for k in np.flatnonzero(can_gate[i]) if swings[i, k] <= 1e-9]
        unknowns.append([(k, np.flatnonzero(readable[i] & reads[:, k]).tolist(), bool(can_gate[i, k])) for k in ks])

    return CardBatch(
        rows=rows, outcomes=out, contributions=contributions, gains=gains, swings=swings, fields=tuple(fields),
        completeness=completeness, baseline=baseline, score=res.score, score_lo=res.score_lo,
        score_hi=res.score_hi, family=res.family, eligible=res.eligible,
        possibly_ineligible=res.gate_unknown & res.eligible, ranks=ranking.ranks[rows], gates=gates,
        best_gains=best_gains, unknowns=unknowns, records=ranking.columns.take(rows).records())


def scorecards(ranking, rows, lang: str = "en", batch: CardBatch | None = None) -> list[Scorecard]:
    """The Scorecard of each row, as `Ranking.scorecard(row, lang)` gives it, from one batch."""
    a = ranking.assessment
    rs, sc = a.ruleset, a.scorer_
    b = batch if batch is not None else card_batch(ranking, rows)
    res_raw = ranking.result.family_raw[b.rows]
    if exact_sums(sc) or len(b) <= 1:
        worst, span, weights = sc.frame(b.outcomes)
    else:
        worst, span, weights = (np.concatenate(p) for p in zip(*(sc.frame(b.outcomes[i:i + 1])
                                                                  for i in range(len(b)))))
    texts = ranking.rule_texts(lang)
    cards = []
    for i in range(len(b)):
        outcomes, contributions, gains, swings = b.outcomes[i], b.contributions[i], b.gains[i], b.swings[i]
        rules = [RuleResult.model_construct(rule_id=r.id, family=r.family, kind=r.kind, outcome=NAMES[int(outcomes[j])],
                                            points=r.points, contribution=round(float(contributions[j]), 4),
                                            title=title, reason=reason, hint=hint, source=cites, condition=condition)
                 for j, (r, (title, reason, hint, cites, condition)) in enumerate(zip(rs.rules, texts))]
        fired = [rs.rules[j] for j in b.gates[i]]
        gates = [GateResult.model_construct(rule_id=r.id, title=r.title(lang), reason=r.reason(lang), source=r.cites)
                 for r in fired]
        improvements = [Improvement.model_construct(rule_id=r.id, kind=r.kind, gain=None, title=r.title(lang),
                                                    hint=r.hint(lang), source=r.cites) for r in fired]
        for j in b.best_gains[i]:
            r = rs.rules[j]
            improvements.append(Improvement.model_construct(rule_id=r.id, kind=r.kind, gain=round(float(gains[j]), 4),
                                                            title=r.title(lang), hint=r.hint(lang), source=r.cites))
        unknowns = [UnknownField.model_construct(field=b.fields[k], swing=round(float(swings[k]), 4),
                                                 rules=[rs.rules[j].id for j in readers], can_gate=gate)
                    for k, readers, gate in b.unknowns[i]]
        families = [FamilyResult.model_construct(family=f, weight=round(float(weights[i, m]), 6),
                                                 score=round(float(b.family[i, m]), 6),
                                                 points_net=round(float(res_raw[i, m]), 6),
                                                 points_possible=float(worst[i, m] + span[i, m]),
                                                 points_worst=float(worst[i, m]), in_scope=bool(span[i, m] > 1e-9))
                    for m, f in enumerate(sc.families_)]
        record = b.records[i]
        cards.append(Scorecard.model_construct(
            id=str(record.get("id")), name=record.get("name"), partner_city=record.get("partner_city"),
            country=record.get("country"), score=round(float(b.score[i]), 4),
            score_lo=round(float(b.score_lo[i]), 4), score_hi=round(float(b.score_hi[i]), 4),
            baseline=round(float(b.baseline[i]), 4), eligible=bool(b.eligible[i]),
            possibly_ineligible=bool(b.possibly_ineligible[i]), gates=gates, families=families, rules=rules,
            improvements=improvements, unknowns=unknowns, completeness=round(float(b.completeness[i]), 4),
            rank=int(b.ranks[i]), of=len(ranking), profile=a.profile.name, unknown_prior=a.profile.unknown_prior,
            base_rates=bool(a.profile.base_rates), lang=lang, candidate=record))
    return cards
