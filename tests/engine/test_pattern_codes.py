"""Pattern codes: the same codes whatever the radices (3 for a rule never n/a, 4 otherwise), in
the order of the outcomes pack by pack, each read from its last rule; each code's row holds that code, and it
is the row `representatives` picks (the last), so the samples summed do not change."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polex.engine.patterns import DENSE, PACK, coded_rows, dense_codes, group_codes, representatives


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 400), rules=st.integers(1, 24),
       sizes=st.lists(st.integers(1, 24), min_size=1, max_size=4), pool=st.integers(1, 30))
def test_codes_do_not_depend_on_the_radices(seed, n, rules, sizes, pool):
    rng = np.random.default_rng(seed)
    scoped = rng.random(rules) < 0.5
    patterns = rng.integers(-1, 2, size=(pool, rules)).astype(np.int8)
    patterns[(rng.random((pool, rules)) < 0.3) & scoped] = 2  # n/a only where a rule has a scope
    outcomes = np.asfortranarray(patterns[rng.integers(0, pool, size=n)])
    groups = [np.sort(rng.choice(rules, size=min(s, rules), replace=False)) for s in sizes]
    radix = np.where(scoped, 4, 3)
    mixed, fours = group_codes(outcomes, groups, radix), group_codes(outcomes, groups)
    for (codes, m, rows), (codes4, m4, rows4), cols in zip(mixed, fours, groups):
        assert m == m4 and np.array_equal(codes, codes4) and np.array_equal(rows, rows4)
        if n:
            assert np.array_equal(rows, representatives(codes, m))
            assert np.array_equal(codes[rows], np.arange(m))
            # rows share a code iff they share the group's outcomes
            first = {}
            for r, key in enumerate(map(bytes, outcomes[:, cols])):
                assert first.setdefault(key, codes[r]) == codes[r]
            assert len(first) == m
            # codes follow the outcomes pack by pack (PACK rules each), each read from its last rule
            order = sorted(range(m), key=lambda c: tuple(x for a in range(0, len(cols), PACK)
                                                         for x in outcomes[rows[c], cols[a:a + PACK][::-1]]))
            assert order == list(range(m))


@given(keys=st.lists(st.integers(0, 99), max_size=60))
def test_coded_rows_is_dense_codes_and_representatives(keys):
    key = np.array(keys, dtype=np.int64)
    for size in (100, DENSE + 1):  # the lookup table and the sort
        codes, m, rows = coded_rows(key, size)
        want, wm = dense_codes(key, size)
        assert m == wm and np.array_equal(codes, want)
        if len(key):
            assert np.array_equal(rows, representatives(codes, m))


def test_an_n_a_outcome_of_a_rule_without_a_scope_gets_its_own_code():
    """The executors make n/a only for rules with a scope, so those without one are coded in radix
    3; a matrix from elsewhere holding n/a there is coded in radix 4 all the same (the scorer
    looks), and no two patterns share a code. The row numbers the codings share are read-only."""
    import polex
    from polex.engine.patterns import Patterns, counting
    from polex.engine.scorer import Scorer

    ruleset = polex.load_rules()
    scorer = Scorer(polex.load_profile()).fit(ruleset)
    plain = int(np.flatnonzero(scorer.radix_ == 3)[0])
    group = next(g for g in scorer.family_rules_ if plain in g)
    nxt = int(group[list(group).index(plain) + 1])  # the next rule of its family (its digit's neighbour)
    out = np.zeros((2, len(ruleset)), dtype=np.int8, order="F")
    out[0, plain], out[0, nxt] = 2, 0  # n/a, false: digits 3, 1 in radix 3 ...
    out[1, plain], out[1, nxt] = -1, 1  # unknown, true: digits 0, 2 ... the same number
    collide = Patterns.of(out, [group], scorer.radix_).codes[:, 0]
    assert scorer.radix_[nxt] == 4 or collide[0] == collide[1]  # what radix 3 alone would do
    assert scorer.radix(out)[plain] == 4
    codes = Patterns.of(out, [group], scorer.radix(out)).codes[:, 0]
    assert codes[0] != codes[1]
    with pytest.raises(ValueError):
        counting(5)[0] = 7
