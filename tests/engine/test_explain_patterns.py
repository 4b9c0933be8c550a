"""Summaries from pattern tables (engine.explain.PatternTables) equal the direct computation row
by row: each row's full per-rule matrices and k passes of argmax, as polex computed them before
(copied here, so a change to the shared helpers cannot move both sides at once). Random outcome
matrices are drawn from small pools of family patterns, so rows share patterns and rules and
fields tie; values and indices are compared bit for bit, dtypes and shapes too. The ranking
table's texts are checked against the previous join_labels the same way."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import polex
from polex.engine.explain import KnownFields, PatternTables, Summary, Top, known_fields, summarize, top_k
from polex.engine.outcomes import NA, TRUE, UNKNOWN
from polex.engine.patterns import Patterns
from polex.engine.ruleset import RuleSet
from polex.engine.scorer import Scorer
from polex.engine.table import Coded, join_labels

PIPELINE = Path(polex.__file__).resolve().parent / "fixtures" / "pipeline.csv"
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = polex.load_profile()
SHIPPED = polex.load_rules()
UNSCOPED = RuleSet(tuple(r for r in SHIPPED.rules if r.out_of_scope is None))  # no rule is ever n/a
SCORERS = {"shipped": (SHIPPED, Scorer(PROFILE).fit(SHIPPED)), "unscoped": (UNSCOPED, Scorer(PROFILE).fit(UNSCOPED))}


# ---- the direct computation, as it was -----------------------------------------------------------

def direct_summary(ruleset: RuleSet, scorer: Scorer, outcomes: np.ndarray, known: np.ndarray, k: int,
                   chunk: int = 65536) -> Summary:
    """A chunk of rows at a time, as summarize did (a one-row chunk takes another matrix product)."""
    parts = [_direct(ruleset, scorer, outcomes[a:a + chunk], known[a:a + chunk], k)
             for a in range(0, max(len(outcomes), 1), chunk)]
    cat = np.concatenate
    return Summary(*(Top(cat([getattr(p, a).index for p in parts]), cat([getattr(p, a).value for p in parts]))
                     for a in ("reasons", "improvements", "unknowns", "gates")),
                   cat([p.completeness for p in parts]))


def _direct(ruleset: RuleSet, scorer: Scorer, outcomes: np.ndarray, known: np.ndarray, k: int) -> Summary:
    dtype = np.float32
    out = outcomes
    unit, _ = scorer.units(out, dtype)
    chance = np.where(out == TRUE, 1.0, np.where(out == UNKNOWN, scorer.rates_.astype(dtype), 0.0)).astype(dtype)
    contributions = chance * unit + 0.0
    gains = np.where(unit > 0, unit * (1 - chance), -unit * chance) if len(unit) else chance
    fields = ruleset.used_fields
    base = ruleset.base_fields
    incidence = np.array([[f in base[r.id] for f in fields] for r in ruleset.rules], dtype=dtype)
    unknown = (out == UNKNOWN).astype(dtype)
    swings = (unknown * np.abs(unit)) @ incidence if fields else np.zeros((len(out), 0), dtype=dtype)
    swings = np.where(known, 0.0, swings)
    filled = known.mean(axis=1) if fields else np.ones(len(out))
    gate_cols = np.flatnonzero(scorer.gate_mask_)
    gated = (out[:, gate_cols] == TRUE).astype(np.float32)  # as the other tops: int32 columns, float32 values
    gates = top_k(gated, len(gate_cols))
    gates.index = np.where(gates.index >= 0, gate_cols[np.maximum(gates.index, 0)], -1).astype(np.int32)
    reasons = contributions * (out == TRUE).astype(contributions.dtype)
    return Summary(top_k(np.abs(reasons), k, reasons), top_k(gains, k), top_k(swings, k), gates, filled)


def assert_same(a: Summary, b: Summary):
    for name in ("reasons", "improvements", "unknowns", "gates"):
        x, y = getattr(a, name), getattr(b, name)
        for part in ("index", "value"):
            u, v = getattr(x, part), getattr(y, part)
            assert u.dtype == v.dtype and u.shape == v.shape, (name, part, u.dtype, v.dtype, u.shape, v.shape)
            assert u.tobytes() == v.tobytes(), (name, part, np.argwhere(u != v)[:5])
    assert a.completeness.dtype == b.completeness.dtype
    assert a.completeness.tobytes() == b.completeness.tobytes()


# ---- random outcome matrices with shared patterns and ties -------------------------------------

def outcome_matrix(ruleset: RuleSet, scorer: Scorer, rng: np.random.Generator, n: int, pool: int,
                   na_share: float, unknown_share: float) -> np.ndarray:
    """n rows; each family's outcomes drawn from a pool of `pool` patterns (so rows repeat them),
    n/a only where a rule has a scope."""
    r = len(ruleset.rules)
    scoped = np.array([rule.out_of_scope is not None for rule in ruleset.rules])
    out = np.empty((n, r), dtype=np.int8)
    for f in range(len(scorer.families_)):
        cols = np.flatnonzero(scorer.rule_family_ == f)
        draw = rng.random((pool, len(cols)))
        patterns = np.where(draw < unknown_share, UNKNOWN, rng.integers(0, 2, (pool, len(cols)))).astype(np.int8)
        patterns[(rng.random((pool, len(cols))) < na_share) & scoped[cols]] = NA
        out[:, cols] = patterns[rng.integers(0, pool, n)]
    return out


@settings(max_examples=120, **SETTINGS)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 150), pool=st.integers(1, 12),
       na_share=st.sampled_from([0.0, 0.1, 0.5, 1.0]), unknown_share=st.sampled_from([0.0, 0.2, 0.6, 1.0]),
       known_share=st.sampled_from([0.0, 0.3, 0.9, 1.0]), k=st.integers(1, 5), chunk=st.sampled_from([1, 7, 64, 65536]),
       which=st.sampled_from(sorted(SCORERS)))
def test_pattern_tables_equal_the_direct_summary(seed, n, pool, na_share, unknown_share, known_share, k, chunk, which):
    ruleset, scorer = SCORERS[which]
    rng = np.random.default_rng(seed)
    out = outcome_matrix(ruleset, scorer, rng, n, pool, na_share, unknown_share)
    known = rng.random((n, len(ruleset.used_fields))) < known_share
    result = scorer.score(out)
    assert PatternTables.build(ruleset, scorer, out, k) is not None  # the tables apply: no fallback
    got = summarize(ruleset, scorer, result, known, k, chunk)
    assert_same(got, direct_summary(ruleset, scorer, out, known, k, chunk))
    # With the ranking's pattern codes (Assessment.rank codes its rows once), for all the rows and
    # for some of them in another order (a table of the top rows): the same summaries.
    coded = dataclasses.replace(result, patterns=Patterns.of(out, [g for g in scorer.family_rules_ if len(g)]).codes)
    assert_same(summarize(ruleset, scorer, coded, known, k, chunk), got)
    rows = rng.permutation(n)[:max(1, n // 2)]
    assert_same(summarize(ruleset, scorer, coded.take(rows), known[rows], k, chunk),
                direct_summary(ruleset, scorer, out[rows], known[rows], k, chunk))


def test_ties_go_to_the_first_rule_and_the_first_field():
    """Every factor true: many rules of a family are worth the same; one unknown rule reading
    several fields: they swing the same. The first in rule (field) order wins each tie, as argmax did."""
    ruleset, scorer = SCORERS["shipped"]
    # one unknown rule that reads several fields (the rest false): those fields swing the same
    wide = next(j for j, r in enumerate(ruleset.rules) if len(ruleset.base_fields[r.id]) > 2 and r.points)
    one_unknown = np.full(len(ruleset.rules), 0)
    one_unknown[wide] = UNKNOWN
    rows = [np.where(scorer.points_.sum(axis=1) > 0, TRUE, UNKNOWN), one_unknown,
            np.where(scorer.points_.sum(axis=1) < 0, TRUE, UNKNOWN), np.full(len(ruleset.rules), TRUE),
            np.full(len(ruleset.rules), UNKNOWN)]
    out = np.array(rows * 3, dtype=np.int8)
    known = np.zeros((len(out), len(ruleset.used_fields)), dtype=bool)
    got = summarize(ruleset, scorer, scorer.score(out), known, 6)
    want = direct_summary(ruleset, scorer, out, known, 6)
    assert_same(got, want)
    # the tie is there to be broken: equal values in one row's top reasons and unknowns
    assert (np.diff(np.abs(want.reasons.value[0])) == 0).any()
    assert (np.diff(want.unknowns.value[1]) == 0).any()


@pytest.mark.parametrize("which", sorted(SCORERS))
def test_no_rows_and_k_beyond_the_rules(which):
    ruleset, scorer = SCORERS[which]
    for n, k in ((0, 3), (3, 200)):
        out = np.full((n, len(ruleset.rules)), TRUE, dtype=np.int8)
        known = np.ones((n, len(ruleset.used_fields)), dtype=bool)
        assert_same(summarize(ruleset, scorer, scorer.score(out), known, k),
                    direct_summary(ruleset, scorer, out, known, k))


def test_the_fixture_pipeline_and_known_fields_read_by_block():
    """The shipped pipeline through Ranking: summaries from the known-fields matrix and from the
    columns a block at a time are the direct summary."""
    from polex.formats.pipeline import read_pipeline

    a = polex.assess()
    ranking = a.rank(read_pipeline(PIPELINE).columns)
    known = known_fields(a.ruleset, ranking.columns)
    assert_same(summarize(a.ruleset, a.scorer_, ranking.result, known),
                direct_summary(a.ruleset, a.scorer_, ranking.result.outcomes, known, 3))
    assert_same(summarize(a.ruleset, a.scorer_, ranking.result, KnownFields(a.ruleset, ranking.columns), chunk=40),
                direct_summary(a.ruleset, a.scorer_, ranking.result.outcomes, known, 3, chunk=40))


# ---- the texts: as the previous join_labels made them (a zero's sign now per row) --------------------------------------------

def previous_join_labels(labels, top_, fmt):
    n, k = top_.index.shape
    if n == 0 or k == 0:
        return np.full(n, "", dtype=object), None, None
    shown = np.round(top_.value, 1) if fmt else np.zeros_like(top_.value)
    cell_codes, cells = [], []
    for c in range(k):
        tenths = np.round(shown[:, c] * 10).astype(np.int64)
        negative_zero = np.signbit(shown[:, c]) & (tenths == 0)  # each row shows its own sign of zero
        key = (top_.index[:, c].astype(np.int64) * (1 << 32) + tenths) * 2 + negative_zero
        distinct, inverse = np.unique(key, return_inverse=True)
        first = np.zeros(len(distinct), dtype=np.int64)
        first[inverse.reshape(-1)[::-1]] = np.arange(n)[::-1]
        cells.append([(int(top_.index[r, c]), float(shown[r, c])) for r in first])
        cell_codes.append(inverse.reshape(-1).astype(np.int64))
    row_key = np.zeros(n, dtype=np.int64)
    for c in range(k):
        row_key = row_key * (len(cells[c]) + 1) + cell_codes[c]
    distinct, inverse = np.unique(row_key, return_inverse=True)
    first = np.zeros(len(distinct), dtype=np.int64)
    first[inverse.reshape(-1)[::-1]] = np.arange(n)[::-1]
    texts = np.empty(len(distinct), dtype=object)
    for i, r in enumerate(first):
        parts = []
        for c in range(k):
            idx, value = cells[c][cell_codes[c][r]]
            if idx >= 0:
                parts.append(f"{labels[idx]} ({fmt % value})" if fmt else str(labels[idx]))
        texts[i] = "; ".join(parts)
    return texts[inverse.reshape(-1)], texts, inverse.reshape(-1)


@settings(max_examples=60, **SETTINGS)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 120), k=st.integers(0, 4), labels=st.integers(1, 30),
       spread=st.sampled_from([0.04, 1.0, 30.0, 400.0]), signed=st.booleans(), fmt=st.sampled_from([None, "%+.1f"]),
       ordered=st.sampled_from(["no", "permutation", "some rows"]), blank=st.sets(st.integers(0, 3), max_size=2))
def test_texts_are_the_previous_join_labels(seed, n, k, labels, spread, signed, fmt, ordered, blank):
    rng = np.random.default_rng(seed)
    names = np.array([f"rule {i}" for i in range(labels)], dtype=object)
    index = np.where(rng.random((n, k)) < 0.2, -1, rng.integers(0, labels, (n, k))).astype(np.int32)
    index[:, [c for c in blank if c < k]] = -1  # columns empty in every row (no gate at all), skipped
    value = (rng.random((n, k)) * spread * (np.where(rng.random((n, k)) < 0.5, -1, 1) if signed else 1))
    value = np.where(index >= 0, np.round(value, int(rng.integers(0, 3))), 0).astype(np.float32)
    top = Top(index, value)
    order = {"no": None, "permutation": rng.permutation(n), "some rows": rng.integers(0, max(n, 1), n // 2)}[ordered]
    want, texts, codes = previous_join_labels(names, top if order is None else top.take(order), fmt)
    got = join_labels(names, top, fmt, order)
    assert got.dtype == want.dtype and list(got) == list(want)
    if codes is None:
        assert not isinstance(got, Coded) or got.codes is None
    else:
        assert list(got.texts) == list(texts) and got.codes.tolist() == codes.tolist()


def test_a_row_shows_its_own_sign_of_a_value_that_rounds_to_zero():
    """A row's texts depend on the row alone, so a pipeline ranked in parts writes the same texts."""
    names = np.array(["rule 0"], dtype=object)
    top = Top(np.zeros((3, 1), dtype=np.int32), np.array([[0.03], [-0.04], [0.02]], dtype=np.float32))
    assert list(join_labels(names, top, "%+.1f")) == ["rule 0 (+0.0)", "rule 0 (-0.0)", "rule 0 (+0.0)"]
    assert list(join_labels(names, top, "%+.1f", np.array([1, 0, 2]))) == [
        "rule 0 (-0.0)", "rule 0 (+0.0)", "rule 0 (+0.0)"]


def test_a_table_from_kept_scores_is_the_full_rankings_table():
    """keep_shown lets go of each family's points and of the fields a file does not show: the table
    (all rows, and the top rows, which take rows of every kept score) is the same, and what was let
    go reads None rather than a wrong number."""
    from polex.formats.frames import keep_shown
    from polex.formats.pipeline import read_pipeline

    a = polex.assess()
    full = a.rank(read_pipeline(PIPELINE).columns)
    kept = a.rank(read_pipeline(PIPELINE).columns)
    keep_shown(kept, [])
    assert kept.result.family is None and kept.result.family_raw is None
    assert kept.result.outcomes is full.result.outcomes or np.array_equal(kept.result.outcomes, full.result.outcomes)
    for top in (None, 3):
        header, want = full.table("en", top)
        _, got = kept.table("en", top)
        for h in header:
            assert np.array_equal(np.asarray(got[h]), np.asarray(want[h])), h
    assert kept.result.take([0, 2]).family is None
    with_families = a.rank(read_pipeline(PIPELINE).columns)
    keep_shown(with_families, ["families"])
    assert np.array_equal(with_families.result.family, full.result.family)
    assert with_families.result.family_raw is None


def test_a_ranking_that_keeps_what_its_table_reads_gives_the_same_table():
    """Assessment.rank(keep=shown_values(...)) never holds the family matrices; from PATTERN_ROWS
    rows on it codes the rows' patterns once, and its table (summaries from those codes) is the
    table of the rows summarised without them."""
    from polex.formats.frames import shown_values
    from polex.formats.pipeline import read_pipeline

    a = polex.assess()
    columns = read_pipeline(PIPELINE).columns
    columns = columns.take(np.arange(a.scorer_.PATTERN_ROWS + 3000) % columns.n)
    full = a.rank(columns, chunk=7000)
    kept = a.rank(columns, chunk=7000, keep=shown_values([]))
    assert kept.result.family is None and kept.result.family_raw is None and full.result.family is not None
    assert kept.result.patterns is not None and np.array_equal(kept.order, full.order)
    uncoded = a.rank(columns, chunk=7000)
    uncoded.result.patterns = None  # the summaries code the rows themselves
    for top in (None, 50):
        header, want = uncoded.table("en", top)
        _, got = kept.table("en", top)
        for h in header:
            assert np.array_equal(np.asarray(got[h]), np.asarray(want[h])), h
