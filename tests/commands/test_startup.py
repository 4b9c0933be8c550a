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
