"""Scores from an outcome matrix: a pure numpy kernel beside a validating Scorer.

Per family, a candidate's net points (factor points earned minus penalty points lost) are
placed between the worst the family allows (every penalty, no factor) and the best (every
factor, no penalty): family score = (net - worst) / (best - worst), in 0..1 without any
clipping, so every rule moves the score by a fixed amount and the contributions add up
exactly (score = baseline + sum of contributions, the baseline being what a candidate with
no factor and no penalty scores). Overall = 100 x sum(family weight x family score).

An unknown outcome counts at its rule's base rate in the point score (how often the
condition holds among the outcome corpus's cases where it is known, stored in the profile;
the profile's `unknown_prior` where it gives none), and at its worst and best in the range
(score_lo, score_hi). A rule out of its scope (n/a) counts in neither the points earned nor
the points possible. Any true gate: ineligible.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from ..models.rules import WeightsProfile
from .outcomes import NA, TRUE, UNKNOWN
from .patterns import Patterns
from .ruleset import RuleSet

RANK_BY = ("point", "low", "high")
SCORE_DECIMALS = 9  # scores are compared at this precision, so float noise cannot reorder ties


def family_scores(net: np.ndarray, worst: np.ndarray, span: np.ndarray) -> np.ndarray:
    """Kernel: net family points (n x f) placed between the worst (f) and worst + span (f)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(span > 0, (net - worst) / np.where(span > 0, span, 1), 0.0)
    return np.clip(share, 0.0, 1.0)  # exact in theory; the clip only absorbs float noise


def rank_key(result: ScoreResult, rank_by: str = "point") -> np.ndarray:
    """The score a ranking compares, at SCORE_DECIMALS (so float noise cannot reorder ties)."""
    return np.round(result.key(rank_by), SCORE_DECIMALS)


def ranking_order(eligible: np.ndarray, key: np.ndarray, id_order: np.ndarray) -> np.ndarray:
    """Kernel: row order of a ranking, eligible first, then higher key, then id (`id_order`: each
    row's place among the ids). A total order on distinct ids, so the rows of any part of a
    pipeline come out in the order the whole pipeline gives them (engine.merge).

    When id_order is a permutation of the rows (distinct ids), the rows in id order are one
    scatter, and two stable sorts (by key, then eligibility) finish the order: np.lexsort's
    answer in half its time."""
    n = len(key)
    seen = np.zeros(n + 1, dtype=bool)
    seen[np.clip(id_order, -1, n)] = True  # -1 and n mark values outside 0..n-1
    if n and seen[:n].all():
        by_id = np.empty(n, dtype=np.int64)
        by_id[id_order] = np.arange(n)
        by_key = by_id[np.argsort(-key[by_id], kind="stable")]
        return by_key[np.argsort(~eligible[by_key], kind="stable")]
    return np.lexsort((id_order, -key, ~eligible))


def place_out_of_scope(family: np.ndarray, weights: np.ndarray, active: np.ndarray, somewhere: np.ndarray,
                       everywhere: np.ndarray) -> np.ndarray:
    """Kernel: family scores (n x f, written in place) where a family with nothing in scope
    (`active` false) takes the row's weighted mean of the others, so weighted_sum under the
    profile's weights equals the renormalised score. Only the columns of families not in scope
    `everywhere` are written; those in scope `somewhere` row by row, the others whole."""
    if everywhere.all():
        return family
    mean = row_sum(family * weights)
    for f in np.flatnonzero(~everywhere):
        family[:, f] = mean if not somewhere[f] else np.where(active[:, f], family[:, f], mean)
    return family


def row_sum(matrix: np.ndarray) -> np.ndarray:
    """Kernel: each row's sum (n x k -> n), added in the order numpy's `sum(axis=1)` adds a row
    whose items lie side by side (pairwise: eight running sums, then the sums in pairs; 0.0 for a
    row of zeros), so the scores keep their bits; but a column at a time, which vectorises across
    rows where numpy reduces a short row in a call of its own (9 columns: 1.8x faster on rows,
    5x on columns). Written out, the order is this module's, not an internal of numpy's. (Where
    NaNs of both signs meet, the sign kept may differ; a score has no NaN.)"""
    n, k = matrix.shape
    return _pairwise([matrix[:, j] for j in range(k)]) if k else np.zeros(n, dtype=matrix.dtype)


def _pairwise(cols: list[np.ndarray]) -> np.ndarray:
    k = len(cols)
    first = cols[0] + 0.0  # a copy, and +0.0 where a row's first item is -0.0: numpy adds to +0.0
    if k < 8:
        for c in cols[1:]:
            first += c
        return first
    if k > 128:  # numpy's block: halves cut at a multiple of 8
        half = k // 2 - (k // 2) % 8
        return _pairwise(cols[:half]) + _pairwise(cols[half:])
    acc = [first] + [c.copy() for c in cols[1:8]]
    tail = k - k % 8
    for i in range(8, tail, 8):
        for j in range(8):
            acc[j] += cols[i + j]
    out = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))
    for c in cols[tail:]:
        out += c
    return out


def weighted_sum(family: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Kernel: 0-100 scores from family scores (n x f) and family weights (f) summing to 1."""
    return 100.0 * (family @ weights)


@dataclass
class ScoreResult:
    """Scores of n candidates with their intermediate values."""

    outcomes: np.ndarray  # n x r int8
    family: np.ndarray  # n x f, point, 0..1
    family_raw: np.ndarray  # n x f, net points (factors earned - penalties lost)
    score: np.ndarray  # n
    score_lo: np.ndarray
    score_hi: np.ndarray
    eligible: np.ndarray  # n bool
    gate_unknown: np.ndarray  # n bool: some gate could still close
    patterns: np.ndarray | None = None  # n x families with rules: each row's outcome pattern code (Patterns.codes)

    def take(self, rows) -> ScoreResult:
        return ScoreResult(*(None if (v := getattr(self, f.name)) is None else v[rows] for f in fields(self)))

    def keeping(self, names) -> ScoreResult:
        """The same scores with the intermediate values of `names` only (the others None): a
        ranking table reads the outcomes and scores, not each family's points (a million rows
        hold 72 MB of each)."""
        return ScoreResult(*(v if f.name in names or f.name in SCORES else None
                             for f in fields(self) for v in (getattr(self, f.name),)))

    def key(self, rank_by: str = "point") -> np.ndarray:
        return {"point": self.score, "low": self.score_lo, "high": self.score_hi}[rank_by]


SCORES = ("score", "score_lo", "score_hi", "eligible", "gate_unknown")  # what ScoreResult.keeping always keeps


class Scorer:
    """Fit on a RuleSet and a profile, then score outcome matrices.

    Parameters are stored as given; `fit` checks them against the rules once. A rule that is
    n/a for a candidate (out of its scope) leaves that candidate's family points earned and
    possible alike; a family with nothing in scope gives its weight to the candidate's other
    families (its family score is shown as the mean of the others, so the weighted sum of
    family scores under the profile's weights is still the score).
    """

    def __init__(self, profile: WeightsProfile, rank_by: str = "point"):
        self.profile = profile
        self.rank_by = rank_by

    def fit(self, ruleset: RuleSet) -> Scorer:
        if self.rank_by not in RANK_BY:
            raise ValueError(f"rank_by: got {self.rank_by!r}, expected one of {', '.join(RANK_BY)}")
        families = ruleset.families
        fam_index = {f: i for i, f in enumerate(families)}
        r, nf = len(ruleset), len(families)
        points = np.zeros((r, nf))
        for j, rule in enumerate(ruleset.rules):
            points[j, fam_index[rule.family]] = rule.signed_points
        possible = np.clip(points, 0, None).sum(axis=0)  # every factor
        worst = np.clip(points, None, 0).sum(axis=0)  # every penalty
        span = possible - worst
        weights = np.array([self.profile.weight(f) for f in families])
        # A family whose rules carry no points cannot score; its weight goes to the others.
        weights = np.where(span > 0, weights, 0.0)
        if weights.sum() <= 0:
            raise ValueError("the profile gives no weight to any family that has points")
        self.families_ = families
        self.points_ = points
        self.possible_ = possible
        self.worst_ = worst
        self.span_ = span
        self.weights_ = weights / weights.sum()
        self.prior_ = float(self.profile.unknown_prior)
        # What an unknown condition counts for in the point score: the rule's base rate.
        self.rates_ = np.array([self.profile.rate(rule.id) for rule in ruleset.rules], dtype=np.float64)
        self.scoped_ = any(rule.out_of_scope is not None for rule in ruleset.rules)
        self.gate_mask_ = np.array([rule.kind == "gate" for rule in ruleset.rules], dtype=bool)
        # Each rule's outcomes as digits of a pattern code: n/a only where the rule has a scope.
        self.radix_ = np.array([3 if rule.out_of_scope is None else 4 for rule in ruleset.rules], dtype=np.int64)
        self.rule_family_ = np.array([fam_index[rule.family] for rule in ruleset.rules])
        self.family_rules_ = [np.flatnonzero(self.rule_family_ == f) for f in range(nf)]  # each family's rule columns
        # A rule's signed worth on the 0-100 scale when true (all rules in scope); the
        # baseline is the score of a candidate with no factor and no penalty true.
        with np.errstate(divide="ignore", invalid="ignore"):
            per_point = np.where(span > 0, 100.0 * self.weights_ / np.where(span > 0, span, 1), 0.0)
        self.unit_ = points.sum(axis=1) * per_point[self.rule_family_]
        self.baseline_ = float(-(worst * per_point).sum())
        self.pos_ = np.clip(points, 0, None)
        self.neg_ = np.clip(points, None, 0)
        self.rated_ = points * self.rates_[:, None]
        for cached in ("_known_stack", "_unknown_stack", "_scope_stack"):
            self.__dict__.pop(cached, None)  # a refit builds them again from the new points
        return self

    # -- per-row sums: per family, once per outcome pattern of its rules, then gathered --
    BLOCK = 8192  # rows per block of the product: its 0/1 matrices stay in cache
    PATTERN_ROWS = 2 * BLOCK  # from this many rows, sums go by pattern (below, the product itself is cheaper)

    def _product(self, outcomes: np.ndarray) -> dict[str, np.ndarray]:
        """The sums of `_sums` by (rows x rules) @ (rules x families) products, a block of rows
        at a time. float64, in C order (BLAS sums a layout in its own order); never one row
        alone, which numpy hands to the matrix-vector kernel (another order of addition)."""
        nf = self.points_.shape[1]
        n = len(outcomes)
        if not hasattr(self, "_known_stack"):
            self._known_stack = np.ascontiguousarray(self.points_)
            self._unknown_stack = np.ascontiguousarray(np.concatenate([self.neg_, self.pos_, self.rated_], axis=1))
            self._scope_stack = np.ascontiguousarray(np.concatenate([self.neg_, self.pos_], axis=1))
        true_sum = np.empty((n, nf))
        unknown = np.empty((n, 3 * nf))
        scope = np.empty((n, 2 * nf)) if self.scoped_ else None
        for start in range(0, n, self.BLOCK):
            block = np.ascontiguousarray(outcomes[start:start + self.BLOCK])
            if len(block) == 1:
                block = np.repeat(block, 2, axis=0)
            rows = slice(start, start + min(len(block), n - start))
            true_sum[rows] = ((block == TRUE).astype(np.float64) @ self._known_stack)[:rows.stop - rows.start]
            unknown[rows] = ((block == UNKNOWN).astype(np.float64) @ self._unknown_stack)[:rows.stop - rows.start]
            if scope is not None:
                scope[rows] = ((block != NA).astype(np.float64) @ self._scope_stack)[:rows.stop - rows.start]
        out = {"true": true_sum, "neg": unknown[:, :nf], "pos": unknown[:, nf:2 * nf],
               "rated": unknown[:, 2 * nf:]}
        if scope is not None:
            out["worst"] = scope[:, :nf]
            out["span"] = scope[:, nf:] - scope[:, :nf]
        return out

    def _sums(self, outcomes: np.ndarray) -> dict[str, np.ndarray]:
        """Per row and family: points of true rules; what unknown rules could take away (neg),
        add (pos) or count at their base rates (rated); and, with scopes, the worst and the
        best the rules in scope allow."""
        return self._by_pattern(outcomes, lambda sums: sums)

    def radix(self, outcomes: np.ndarray) -> np.ndarray:
        """Each rule's radix as a digit of a pattern code (patterns.group_codes): 3 for a rule
        without a scope, whose outcomes the executors never make n/a; 4 where it has one, or where
        these outcomes (a matrix may come from elsewhere) hold an n/a all the same."""
        radix = self.radix_.copy()
        for c in np.flatnonzero(radix == 3):
            if outcomes[:, c].max(initial=TRUE) > TRUE:  # one pass over a contiguous column
                radix[c] = 4
        return radix

    def patterns(self, outcomes: np.ndarray) -> Patterns | None:
        """The rows' outcome patterns per family (the families with rules), their samples summed
        once, for `score` to read a block at a time (Patterns.take); None below PATTERN_ROWS rows,
        where a product is cheaper."""
        groups = [g for g in self.family_rules_ if len(g)]
        if len(outcomes) < self.PATTERN_ROWS or not groups:
            return None
        patterns = Patterns.of(outcomes, groups, self.radix(outcomes))
        patterns.sums = self._product(patterns.samples)  # summed once, not once per block
        return patterns

    def _by_pattern(self, outcomes: np.ndarray, derive, patterns: Patterns | None = None,
                    name: str | None = None, by_family: bool = False) -> dict[str, np.ndarray]:
        """`derive` (per-family sums -> arrays of the same shape, each cell read from its own
        family's sums only) applied to every row. A family's sums depend only on its own rules'
        outcomes (a rule's points lie in its family's column), so from PATTERN_ROWS rows on they
        are computed by `_product` on one row per distinct pattern of those outcomes, derived,
        and gathered. Sums of points are whole numbers, exact in any order; base-rate sums can
        differ from a product over every row in the last bit only where BLAS would have summed
        a row in another order (a short last block takes another kernel), and a row's values no
        longer depend on where it lies in the file. `patterns` (Scorer.patterns of all the rows,
        taken to these): the codes and samples to read instead of coding these rows; `name`: what
        `derive` makes, its tables kept with the patterns, so the blocks of a ranking derive them once;
        `by_family`: gathered a family at a time (n x f in Fortran order, each family's column
        contiguous: codes read and values written in runs), where the caller works column by column."""
        n, nf = len(outcomes), self.points_.shape[1]
        groups = self.family_rules_
        present = [f for f in range(nf) if len(groups[f])]
        if patterns is None:
            if n < self.PATTERN_ROWS or not present:
                return derive(self._product(outcomes))
            patterns = Patterns.of(outcomes, [groups[f] for f in present], self.radix(outcomes))
        # Each row's place in a flat table per key (a family's patterns one after another, then a
        # zero for a family without rules: what a zero row derives), so each key is one gather
        # that writes its rows x families in order.
        count = len(patterns.samples)
        place = np.full((nf, n), count, dtype=np.intp).T if by_family else np.full((n, nf), count, dtype=np.intp)
        family_of, at = np.empty(count, dtype=np.intp), 0
        for g, (f, m) in enumerate(zip(present, patterns.counts)):
            np.add(patterns.codes[:, g], at, out=place[:, f], dtype=np.intp)  # in intp: int16 codes + `at` would wrap
            family_of[at:at + m] = f
            at += m
        flat = patterns.tables.get(name) if name else None
        if flat is None:
            table = derive(self._product(patterns.samples) if patterns.sums is None else patterns.sums)
            every = np.arange(count)
            flat = {key: np.append(values[every, family_of], np.zeros(1, dtype=values.dtype)) for key, values in table.items()}
            if name:
                patterns.tables[name] = flat
        if by_family:  # np.take writes in its index's C order: gather the transposed place and transpose back
            return {key: np.take(values, place.T).T for key, values in flat.items()}
        return {key: np.take(values, place) for key, values in flat.items()}

    def _frame(self, sums: dict[str, np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if not self.scoped_:
            nf = len(self.worst_)
            return (np.broadcast_to(self.worst_, (n, nf)), np.broadcast_to(self.span_, (n, nf)),
                    np.broadcast_to(self.weights_, (n, nf)))
        worst, span = sums["worst"], sums["span"]
        return worst, span, self._weights_in_scope(span > 1e-9)

    def _weights_in_scope(self, active: np.ndarray) -> np.ndarray:
        """Per row, the family weights renormalised over the families with anything in scope
        (`active`, n x f)."""
        w = np.where(active, self.weights_, 0.0)
        total = row_sum(w)[:, None]  # in a row's order, whatever the layout of `active`
        return w / np.where(total > 0, total, 1.0)

    def _row_weights(self, active: np.ndarray, varying: np.ndarray) -> np.ndarray:
        """_weights_in_scope of every row, computed once per set of families in scope and gathered
        (a row's weights depend on nothing else): the same values, row by row. `varying`: the
        families in scope in some rows only; every other column of `active` is the same in all
        rows, so the sets are the 2**len(varying) ways of the varying ones, each row's read off
        its varying columns. Returned family-major (a family's weights contiguous)."""
        n, v = len(active), len(varying)
        if n < self.PATTERN_ROWS or v > 8 or not n:
            return self._weights_in_scope(active)
        key = np.zeros(n, dtype=np.uint8)
        for i, f in enumerate(varying):
            key |= active[:, f].view(np.uint8) << np.uint8(i)
        sets = np.repeat(active[:1], 1 << v, axis=0)  # the other families as in every row
        for i, f in enumerate(varying):
            sets[:, f] = (np.arange(1 << v) >> i) & 1
        return np.take(self._weights_in_scope(sets).T, key, axis=1).T

    def _states(self, patterns: Patterns, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Per family, whether any of the patterns has anything in scope, and whether all have, from
        the table `name` of score's derived values (made once per ranking). A family without rules
        has nothing in scope."""
        if name + ":states" not in patterns.tables:
            active = patterns.tables[name]["active"]
            nf = self.points_.shape[1]
            somewhere, everywhere, at = np.zeros(nf, dtype=bool), np.zeros(nf, dtype=bool), 0
            for f, m in zip([f for f in range(nf) if len(self.family_rules_[f])], patterns.counts):
                somewhere[f], everywhere[f] = active[at:at + m].any(), active[at:at + m].all()
                at += m
            patterns.tables[name + ":states"] = (somewhere, everywhere)
        return patterns.tables[name + ":states"]

    def frame(self, outcomes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per row: the worst (n x f) and span (n x f) of the rules in scope, and the family
        weights (n x f) renormalised over the families that have anything in scope."""
        return self._frame(self._sums(outcomes) if self.scoped_ else {}, len(outcomes))

    @staticmethod
    def _nets(sums: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Net family points (n x f): true rules, plus unknown rules at their base rate
        (point), at their worst (low) or at their best (high). n/a rules count nowhere."""
        return {"point": sums["true"] + sums["rated"], "low": sums["true"] + sums["neg"],
                "high": sums["true"] + sums["pos"]}

    @staticmethod
    def _place(net: np.ndarray, worst: np.ndarray, span: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Family scores; a family with nothing in scope takes the row's weighted mean of the
        others, so weighted_sum under the profile's weights equals the renormalised score."""
        active = span > 1e-9
        return place_out_of_scope(family_scores(net, worst, span), weights, active, active.any(axis=0),
                                  active.all(axis=0))

    def family_at(self, outcomes: np.ndarray, rank_by: str = "point") -> np.ndarray:
        """Family scores (n x f) at the point value, or with every unknown at its worst
        (low) or best (high): what the ranking key of `rank_by` is made of."""
        sums = self._sums(outcomes)
        worst, span, w = self._frame(sums, len(outcomes))
        return self._place(self._nets(sums)[rank_by], worst, span, w)

    def score(self, outcomes: np.ndarray, patterns: Patterns | None = None, keep=None) -> ScoreResult:
        """Scores of the rows' outcomes; `patterns`: Scorer.patterns of a ranking's rows taken to
        these (a block), so every block reads one table per pattern; `keep`: as ScoreResult.keeping,
        the intermediate values wanted (default all): family_raw is gathered only if wanted."""

        def families(sums: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            # Each family's scores from its own sums alone, so they are computed once per pattern.
            worst, span = (sums["worst"], sums["span"]) if self.scoped_ else (self.worst_, self.span_)
            nets = self._nets(sums)
            out = {key: family_scores(net, worst, span) for key, net in nets.items()}
            if keep is None or "family_raw" in keep:
                out["raw"] = nets["point"]
            out["active"] = np.broadcast_to(span > 1e-9, nets["point"].shape)
            return out

        name = "score" if keep is None or "family_raw" in keep else "scores"
        fam = self._by_pattern(outcomes, families, patterns, name, by_family=True)
        active = fam["active"]
        # per family: in scope in some rows, in all (for a ranking's block, read off all its patterns:
        # a family in scope in some patterns only is handled row by row, which is right for any rows)
        somewhere, everywhere = (active.any(axis=0), active.all(axis=0)) if patterns is None else \
            self._states(patterns, name)
        varying = np.flatnonzero(somewhere & ~everywhere)
        if self.scoped_:
            w = self._row_weights(active, varying)
        else:
            w = np.broadcast_to(self.weights_, active.shape)

        def place(family: np.ndarray) -> np.ndarray:  # `family`: gathered for this call alone
            # placed a family at a time, then in rows: BLAS sums a row in another order than a column
            return np.ascontiguousarray(place_out_of_scope(family, w, active, somewhere, everywhere))

        family = place(fam["point"])
        gates = outcomes[:, self.gate_mask_]  # only the gate columns: a fraction of the matrix
        return ScoreResult(
            outcomes=outcomes,
            family=family,
            family_raw=None if fam.get("raw") is None else np.ascontiguousarray(fam["raw"]),
            score=weighted_sum(family, self.weights_),
            score_lo=weighted_sum(place(fam["low"]), self.weights_),
            score_hi=weighted_sum(place(fam["high"]), self.weights_),
            eligible=~(gates == TRUE).any(axis=1),
            gate_unknown=(gates == UNKNOWN).any(axis=1),
        )

    def units(self, outcomes: np.ndarray, dtype=np.float64) -> tuple[np.ndarray, np.ndarray]:
        """Each rule's signed worth when true (n x r, 0 where n/a) and the baseline (n), in
        each row's own frame: baseline + sum(chance x unit) = score exactly."""
        n = len(outcomes)
        if not self.scoped_:
            return np.broadcast_to(self.unit_.astype(dtype), (n, len(self.unit_))), np.full(n, self.baseline_, dtype)
        worst, span, w = self.frame(outcomes)
        with np.errstate(divide="ignore", invalid="ignore"):
            per_point = np.where(span > 1e-9, 100.0 * w / np.where(span > 1e-9, span, 1), 0.0)
        unit = self.points_.sum(axis=1)[None, :] * per_point[:, self.rule_family_]
        unit = np.where(outcomes == NA, 0.0, unit).astype(dtype)
        return unit, (-(worst * per_point).sum(axis=1)).astype(dtype)

    def order(self, result: ScoreResult, id_order: np.ndarray) -> np.ndarray:
        """Row order of the ranking: eligible first, higher score first, then id (`id_order`:
        each row's id rank), so the same input always gives the same ranking."""
        return ranking_order(result.eligible, rank_key(result, self.rank_by), id_order)
