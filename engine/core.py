"""The assessment: rules + weights profile + executor, applied to candidates.

`Assessment(...).rank(columns)` gives a Ranking that keeps every intermediate value
(outcome matrix, family scores, contributions, gains) so any row can be explained.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any

import numpy as np

from ..models.results import FamilyResult, GateResult, Improvement, RuleResult, Scorecard, UnknownField
from ..models.rules import WeightsProfile
from .batch import BatchExecutor
from .columns import Columns, encode_records, with_archetype
from .compile import condition_text
from .explain import Explanation, Summary, explain, known_fields, summarize, top_k
from .outcomes import NAMES, TRUE, UNKNOWN
from .parallel import map_blocks, run_blocks, shared
from .ruleset import RuleSet
from .scorer import SCORES, Scorer, ScoreResult

ENGINES = ("batch", "durable")
_HELD = ("outcomes", "patterns")  # what Assessment.rank holds for all the rows before it scores a block


class NotFittedError(ValueError, AttributeError):
    """Used before fit(): the same contract as scikit-learn's NotFittedError."""


class Assessment:
    """Parameters are stored as given; `fit` builds the executor and scorer once."""

    # Rows scored at a time by rank: a block's per-family temporaries (a few MB) stay in cache and
    # are reused, where 131,072 rows made 100 MB of fresh pages per block (26,000 page faults at 1M).
    SCORE_CHUNK = 16384

    def __init__(self, ruleset: RuleSet, profile: WeightsProfile, engine: str = "batch", rank_by: str = "point",
                 jobs: int = 1):
        self.ruleset = ruleset
        self.profile = profile
        self.engine = engine
        self.rank_by = rank_by
        self.jobs = jobs  # processes for evaluate + score and the summaries (engine.parallel); batch engine only

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
            raise NotFittedError("this Assessment is not fitted yet: call fit() before evaluate() or rank() "
                                 "(as a scikit-learn estimator would ask)")

    def evaluate(self, columns: Columns, out: np.ndarray | None = None) -> np.ndarray:
        """The outcome matrix (rows x rules, int8); `out`: where to write it (a ranking's rows)."""
        self._check_fitted()
        if self.engine == "batch":
            return self.executor_.evaluate(columns, out)
        got = self.executor_.evaluate(columns.records())
        if out is None:
            return got
        out[...] = got
        return out

    def rank(self, candidates: Columns | Sequence[Mapping[str, Any]], chunk: int = 131072,
             keep: set[str] | None = None) -> Ranking:
        """Rank typed candidates (Columns, or records already validated), a chunk at a time.
        `keep`: the intermediate values (ScoreResult's fields besides the scores) the ranking
        holds, default all; the outcomes and their patterns are held always. A file's table
        reads few (formats.frames.shown_values), and a million rows hold 72 MB of each family
        matrix."""
        self._check_fitted()
        columns = candidates if isinstance(candidates, Columns) else encode_records(candidates)
        columns = with_archetype(columns)  # derived once, so the scorecards show what the rules read
        result = self.scores(columns, chunk, keep)
        return Ranking(self, columns, result, self.scorer_.order(result, columns.id_order()))

    def scores(self, columns: Columns, chunk: int = 131072, keep: set[str] | None = None) -> ScoreResult:
        """What rank does before ordering: the outcomes of every row (evaluated `chunk` rows at a
        time), their patterns coded once, the scores a block of SCORE_CHUNK rows at a time,
        holding the intermediate values `keep` names (default all)."""
        self._check_fitted()
        jobs = self.jobs if self.engine == "batch" else 1  # durable_rules' C engine is not forked
        # Column-major, as evaluate writes each rule's column; each block written where it lies in
        # the whole (no block of 10 MB made and copied), in memory the --jobs processes share.
        outcomes = (shared if jobs > 1 else np.empty)((len(self.ruleset), columns.n), np.int8).T
        run_blocks(columns.n, chunk, lambda start, stop: self.evaluate(columns.take(slice(start, stop)),
                                                                        outcomes[start:stop]), jobs)
        # The outcome patterns of all the rows, coded once: every block reads the same table per
        # pattern, and the ranking's summaries read the same codes (explain.PatternTables).
        patterns = self.scorer_.patterns(outcomes)

        def block(start: int, stop: int) -> dict[str, np.ndarray]:
            rows = slice(start, stop)
            part = self.scorer_.score(outcomes[rows], None if patterns is None else patterns.take(rows), keep)
            return {f.name: getattr(part, f.name) for f in fields(ScoreResult)
                    if f.name not in _HELD and (keep is None or f.name in keep or f.name in SCORES)}

        held = {f.name: None for f in fields(ScoreResult)} | map_blocks(columns.n, self.SCORE_CHUNK, block, jobs)
        return ScoreResult(**held | {"outcomes": outcomes, "patterns": None if patterns is None else patterns.codes})


@dataclass
class Ranking:
    assessment: Assessment
    columns: Columns
    result: ScoreResult
    order: np.ndarray  # row indices, best first
    _texts: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __len__(self) -> int:
        return self.columns.n

    @cached_property
    def ranks(self) -> np.ndarray:
        """1-based rank of each input row (the order never changes, so it is computed once)."""
        ranks = np.empty(len(self.order), dtype=np.int64)
        ranks[self.order] = np.arange(1, len(self.order) + 1)
        return ranks

    def row_of(self, candidate_id: str) -> int:
        hits = np.flatnonzero(self.columns.ids.astype(str) == str(candidate_id))
        if not len(hits):
            raise KeyError(candidate_id)
        return int(hits[0])

    def rule_texts(self, lang: str) -> list[tuple[str, str, str, str, str]]:
        """Each rule's title, reason, hint, sources and condition, built once per language:
        a report of a thousand scorecards shares them."""
        if lang not in self._texts:
            self._texts[lang] = [(r.title(lang), r.reason(lang), r.hint(lang), r.cites, condition_text(r.node))
                                 for r in self.assessment.ruleset.rules]
        return self._texts[lang]

    def explanation(self, rows) -> Explanation:
        """Full per-rule matrices (contributions, gains, swings) for the given rows."""
        a = self.assessment
        return explain(a.ruleset, a.scorer_, self.result.take(rows), known_fields(a.ruleset, self.columns, rows))

    def summary(self, rows=None, k: int = 3) -> Summary:
        """Top-k reasons, improvements, unknowns and gates for the given rows (default: all)."""
        a = self.assessment
        rows = slice(None) if rows is None else rows  # all rows: views, not a copy of every array
        return summarize(a.ruleset, a.scorer_, self.result.take(rows), known_fields(a.ruleset, self.columns, rows), k,
                         jobs=a.jobs)

    def table(self, lang: str = "en", top_n: int | None = None) -> tuple[list[str], dict[str, np.ndarray]]:
        """The ranking as columns in rank order (the shape every output file takes)."""
        from .table import ranking_table

        return ranking_table(self, lang, top_n)

    def scorecards(self, lang: str = "en") -> list[Scorecard]:
        """Every candidate's scorecard in rank order, built in one batch (engine.scorecards): the
        same cards as scorecard(row) one at a time."""
        from .scorecards import scorecards

        return scorecards(self, self.order, lang)

    def scorecard(self, row: int, lang: str = "en") -> Scorecard:
        a = self.assessment
        rs, sc = a.ruleset, a.scorer_
        res = self.result.take([row])
        ex = self.explanation([row])
        outcomes = res.outcomes[0]
        rules = [
            RuleResult.model_construct(rule_id=r.id, family=r.family, kind=r.kind, outcome=NAMES[int(outcomes[j])],
                                       points=r.points, contribution=round(float(ex.contributions[0, j]), 4),
                                       title=title, reason=reason, hint=hint, source=cites, condition=condition)
            for j, (r, (title, reason, hint, cites, condition)) in enumerate(zip(rs.rules, self.rule_texts(lang)))
        ]
        fired = [r for j, r in enumerate(rs.rules) if r.kind == "gate" and outcomes[j] == TRUE]
        gates = [GateResult.model_construct(rule_id=r.id, title=r.title(lang), reason=r.reason(lang), source=r.cites)
                 for r in fired]
        improvements = [Improvement.model_construct(rule_id=r.id, kind=r.kind, gain=None, title=r.title(lang),
                                                    hint=r.hint(lang), source=r.cites) for r in fired]
        for j in _best(ex.gains, 3):
            r = rs.rules[j]
            improvements.append(Improvement.model_construct(rule_id=r.id, kind=r.kind,
                                                            gain=round(float(ex.gains[0, j]), 4), title=r.title(lang),
                                                            hint=r.hint(lang), source=r.cites))
        unknown_gates = [r for j, r in enumerate(rs.rules) if r.kind == "gate" and outcomes[j] == UNKNOWN]
        gate_fields = set().union(*(rs.base_fields[r.id] for r in unknown_gates)) if unknown_gates else set()
        gate_fields = {f for f in gate_fields if not self.columns[f].known[row]}  # only what is still unknown
        unknowns = []
        for k in _best(ex.swings, 5) + [
                k for k, f in enumerate(ex.fields) if f in gate_fields and ex.swings[0, k] <= 1e-9]:
            f = ex.fields[k]
            readers = [r.id for j, r in enumerate(rs.rules) if outcomes[j] == UNKNOWN and f in rs.base_fields[r.id]
                       and r.kind != "derive"]
            unknowns.append(UnknownField.model_construct(field=f, swing=round(float(ex.swings[0, k]), 4),
                                                         rules=readers, can_gate=f in gate_fields))
        worst, span, weights = sc.frame(res.outcomes)
        _, baseline = sc.units(res.outcomes)
        families = [FamilyResult.model_construct(family=f, weight=round(float(weights[0, i]), 6),
                                                 score=round(float(res.family[0, i]), 6),
                                                 points_net=round(float(res.family_raw[0, i]), 6),
                                                 points_possible=float(worst[0, i] + span[0, i]),
                                                 points_worst=float(worst[0, i]), in_scope=bool(span[0, i] > 1e-9))
                    for i, f in enumerate(sc.families_)]
        record = self.columns.take(np.array([row])).records()[0]
        return Scorecard.model_construct(
            id=str(record.get("id")), name=record.get("name"), partner_city=record.get("partner_city"),
            country=record.get("country"), score=round(float(res.score[0]), 4),
            score_lo=round(float(res.score_lo[0]), 4), score_hi=round(float(res.score_hi[0]), 4),
            baseline=round(float(baseline[0]), 4),
            eligible=bool(res.eligible[0]), possibly_ineligible=bool(res.gate_unknown[0] and res.eligible[0]),
            gates=gates, families=families, rules=rules, improvements=improvements, unknowns=unknowns,
            completeness=round(float(ex.completeness[0]), 4), rank=int(self.ranks[row]), of=len(self),
            profile=a.profile.name, unknown_prior=a.profile.unknown_prior, base_rates=bool(a.profile.base_rates), lang=lang, candidate=record)


def _best(one_row: np.ndarray, k: int) -> list[int]:
    """Columns of the k largest positive values of a one-row matrix, best first."""
    return [int(j) for j in top_k(one_row, k).index[0] if j >= 0]
