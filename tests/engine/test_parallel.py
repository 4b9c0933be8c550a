"""`--jobs N` (engine.parallel): blocks of rows computed in forked processes give the same arrays,
bit for bit, as one process; a failing worker is an error naming what failed, not a hang or a
silent gap."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import polex
from polex.cli import main
from polex.engine.core import Assessment
from polex.engine.explain import KnownFields, summarize
from polex.engine.parallel import cores, map_blocks, run_blocks, shared
from polex.engine.sensitivity import Sensitivity
from polex.formats.pipeline import read_pipeline

PIPELINE = Path(polex.__file__).resolve().parent / "fixtures" / "pipeline.csv"


def _square(start: int, stop: int) -> dict[str, np.ndarray]:
    x = np.arange(start, stop, dtype=np.float64)
    return {"x": x * x, "pair": np.stack([x, -x], axis=1).astype(np.int32)}


@pytest.mark.parametrize("jobs", [1, 2, 3, 8])
@pytest.mark.parametrize("n, block", [(0, 4), (1, 4), (10, 4), (100, 7), (12, 4)])
def test_map_blocks_joins_the_blocks_in_row_order(jobs, n, block):
    got = map_blocks(n, block, _square, jobs)
    want = _square(0, n)
    assert got.keys() == want.keys()
    for key in want:
        assert got[key].dtype == want[key].dtype and np.array_equal(got[key], want[key]), key


def test_a_failing_worker_raises_with_its_reason():
    def fail(start: int, stop: int) -> None:
        if start == 8:  # a block a child takes (this process takes the first of every three)
            raise ValueError(f"block at {start} is bad")

    with pytest.raises(RuntimeError, match="ValueError: block at 8 is bad"):
        run_blocks(16, 4, fail, jobs=3)


def test_shared_memory_is_written_by_the_children():
    out = shared((20,), np.int64)
    run_blocks(20, 3, lambda a, b: out.__setitem__(slice(a, b), np.arange(a, b) * 2), jobs=4)
    assert np.array_equal(out, np.arange(20) * 2)
    assert cores() >= 1


def test_rank_and_summaries_are_the_same_for_any_number_of_jobs():
    columns = read_pipeline(PIPELINE).columns
    rankings = {jobs: Assessment(polex.load_rules(), polex.load_profile(), jobs=jobs).fit().rank(columns, chunk=32)
                for jobs in (1, 2, 3)}
    one = rankings[1]
    for jobs, ranking in rankings.items():
        for f in fields(one.result):
            assert np.array_equal(getattr(ranking.result, f.name), getattr(one.result, f.name)), (jobs, f.name)
        assert np.array_equal(ranking.order, one.order)
        a = one.assessment
        s1 = summarize(a.ruleset, a.scorer_, one.result, KnownFields(a.ruleset, one.columns), chunk=16)
        sj = summarize(a.ruleset, a.scorer_, one.result, KnownFields(a.ruleset, one.columns), chunk=16, jobs=jobs)
        for part in ("reasons", "improvements", "unknowns", "gates"):
            for attr in ("index", "value"):
                assert np.array_equal(getattr(getattr(sj, part), attr), getattr(getattr(s1, part), attr)), part
        assert np.array_equal(sj.completeness, s1.completeness)


def test_sensitivity_is_the_same_for_any_number_of_jobs():
    rng = np.random.default_rng(3)
    n = 2000  # the kernel's block is 500 draws: 1,700 draws give four blocks to share out
    family, eligible = rng.random((n, 9)), rng.random(n) > 0.1
    ids, weights = np.array([f"c{i:05d}" for i in range(n)]), rng.random(9)
    fits = [Sensitivity(draws=1700, seed=5, jobs=jobs).fit_arrays(family, eligible, ids, weights) for jobs in (1, 2, 3)]
    for fit in fits[1:]:
        for name in ("rank_lo_", "median_rank_", "rank_hi_", "p_top_", "base_ranks_"):
            assert np.array_equal(getattr(fit, name), getattr(fits[0], name)), name


@pytest.mark.parametrize("command, ext", [(["rank"], "csv"), (["sensitivity", "--draws", "300"], "csv"),
                                          (["report", "--sensitivity", "100"], "html"),
                                          (["portfolio", "--max-count", "10", "--max-per", "country=2", "--draws", "24"],
                                           "csv")])
def test_the_jobs_option_gives_the_same_file(tmp_path, command, ext):
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"{jobs}.{ext}"
        res = CliRunner().invoke(main, [*command, str(PIPELINE), "--out", str(out), "--jobs", jobs])
        assert res.exit_code == 0, res.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    bad = CliRunner().invoke(main, [*command, str(PIPELINE), "--jobs", "0"])
    assert bad.exit_code == 2 and "--jobs" in bad.output
