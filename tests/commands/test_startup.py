"""What `polex` imports to start: `score` through a pipe neither imports nor lays out rich, and no
command lets pyarrow import pandas (0.2-0.4 s when installed), while pandas still works in the
same process afterwards. Start-up time itself is a benchmark figure (benchmarks/bench_rank.py),
not a timed test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polex


def test_the_installed_command_does_not_import_rich_when_piped():
    code = ("import sys; from polex.cli import main\n"
            "sys.argv = ['polex', 'score', '--set', 'id=x', '--set', 'partner_city=Hanoi', '--set', 'country=VNM']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write('RICH=%s' % any(m == 'rich' or m.startswith('rich.') for m in sys.modules))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "RICH=False" in proc.stderr and proc.stdout.startswith("x  (Hanoi, VNM)")


def test_rank_does_not_import_pandas_and_pandas_still_works_after(tmp_path):
    """pyarrow would import pandas (when installed) on its first array; a command never needs it.
    In the same process, pandas and pyarrow's pandas conversions still work afterwards."""
    pipeline = Path(polex.__file__).resolve().parent / "fixtures" / "pipeline.csv"
    code = ("import sys; from polex.cli import main\n"
            f"sys.argv = ['polex', 'rank', {str(pipeline)!r}, '--out', {str(tmp_path / 'r.parquet')!r}]\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "sys.stderr.write('PANDAS=%s' % ('pandas' in sys.modules))\n"
            "import pandas, pyarrow.parquet as pq\n"
            "frame = pq.read_table(sys.argv[4]).to_pandas()\n"
            "sys.stderr.write(' ROWS=%d' % len(frame))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "PANDAS=False" in proc.stderr and "ROWS=155" in proc.stderr, proc.stderr


def test_rank_turns_off_numpys_huge_page_advice_before_numpy_loads():
    """`polex rank` (explain, demo) sets NumPy's documented NUMPY_MADVISE_HUGEPAGE=0 (measured: a
    1M-row ranking's rank step 20% faster) before anything imports numpy; the other commands keep
    NumPy's default (sensitivity is faster with huge pages); a value the user set is kept."""
    probe = ("import os, sys, polex.cli; assert 'numpy' not in sys.modules; import polex.commands.{0}; "
             "import numpy._core.multiarray as m; print(m._get_madvise_hugepage(), os.environ.get('NUMPY_MADVISE_HUGEPAGE'))")
    env = {k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"}

    def advice(module: str, extra: dict | None = None) -> str:
        out = subprocess.run([sys.executable, "-c", probe.format(module)], env=env | (extra or {}),
                             capture_output=True, text=True, check=True)
        return out.stdout.strip()

    assert advice("rank") == "False 0"
    assert advice("rank", {"NUMPY_MADVISE_HUGEPAGE": "1"}) == "True 1"
    assert advice("weights").endswith(" None")  # sensitivity's module leaves NumPy's default alone


def test_sensitivity_asks_malloc_to_keep_freed_blocks_unless_the_user_set_malloc(monkeypatch):
    """`sensitivity` raises glibc's mmap and trim thresholds (mallopt: its draws' temporaries are
    reused, not mapped afresh: 10k x 10k 13.5 -> 11.3 s); a user's GLIBC_TUNABLES malloc settings or
    MALLOC_* variables win; elsewhere than glibc nothing is set."""
    import platform

    from click.testing import CliRunner

    import polex.commands.weights as weights
    from polex.cli import main

    probe = "from polex.formats.files import keep_freed_blocks as k; print(k())"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_") and k != "GLIBC_TUNABLES"}

    def kept(extra: dict | None = None) -> str:
        return subprocess.run([sys.executable, "-c", probe], env=env | (extra or {}), capture_output=True, text=True,
                              check=True).stdout.strip()

    assert kept() == str(platform.libc_ver()[0] == "glibc")
    assert kept({"GLIBC_TUNABLES": "glibc.malloc.mmap_threshold=1048576"}) == "False"
    assert kept({"MALLOC_ARENA_MAX": "2"}) == "False"
    calls = []
    monkeypatch.setattr(weights, "keep_freed_blocks", lambda: calls.append(1))
    pipeline = Path(polex.__file__).resolve().parent / "fixtures" / "pipeline.csv"
    result = CliRunner().invoke(main, ["sensitivity", str(pipeline), "--draws", "20", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert calls == [1]
