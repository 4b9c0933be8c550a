"""A pipeline spread over a folder of Parquet files, ranked a part at a time (a script, not a test).

    python benchmarks/bench_folder.py                     # 10 files x 1,000,000 rows
    python benchmarks/bench_folder.py --files 3 --rows 200000 --format csv

Generates the folder (benchmarks/synth.py's rows, each file with its own seed and ids), then
times `polex rank FOLDER --out ranking.<format>` in a fresh process and prints its wall time,
peak RSS and rows per second, beside the floor: a fresh process that only reads every file
with pyarrow and writes them into one file of the same format. The target of issue 12: peak
RSS under 2 GB for ten million rows.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402
from bench_rank import child, polex_bin  # noqa: E402


def generate(folder: Path, files: int, rows: int, seed: int) -> None:
    """`files` Parquet files of `rows` rows; ids unique across the folder (F<k>-S<row>)."""
    import numpy as np

    folder.mkdir(parents=True, exist_ok=True)
    for k in range(files):
        cols = synth.synthetic_columns(rows, seed + k)
        cols["id"] = np.char.add(f"F{k:03d}-", cols["id"].astype(str)).astype(object)
        synth.write_parquet(cols, folder / f"part{k:03d}.parquet")
        print(f"  generated {folder / f'part{k:03d}.parquet'}", file=sys.stderr)


def floor_child(folder: Path, out: Path, fmt: str) -> None:
    """Child process: read every file of the folder and write them into one file (nothing else)."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    files = sorted(folder.glob("*.parquet"))
    first = pq.read_table(files[0])
    if fmt == "parquet":
        with pq.ParquetWriter(out, first.schema) as writer:
            writer.write_table(first)
            del first
            for f in files[1:]:
                writer.write_table(pq.read_table(f))
        return
    with pacsv.CSVWriter(out, first.schema) as writer:
        writer.write_table(first)
        del first
        for f in files[1:]:
            writer.write_table(pq.read_table(f))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=10)
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows per file")
    ap.add_argument("--seed", type=int, default=20261121)
    ap.add_argument("--format", choices=("parquet", "csv"), default="parquet", help="format of the ranking written")
    ap.add_argument("--jobs", type=int, default=None, help="polex rank --jobs (default: its own)")
    ap.add_argument("--data", type=Path, default=None, help="an existing folder to rank instead of generating one")
    ap.add_argument("--keep", action="store_true", help="keep the generated folder (its path is printed)")
    ap.add_argument("--floor-child", nargs=2, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--generate-child", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.floor_child:
        floor_child(Path(args.floor_child[0]), Path(args.floor_child[1]), args.format)
        return
    if args.generate_child:
        generate(args.generate_child, args.files, args.rows, args.seed)
        return
    work = Path(tempfile.mkdtemp(prefix="polex-bench-folder-"))
    try:
        folder = args.data or work / "pipeline"
        if args.data is None:
            # in a child: a child's peak RSS starts from its parent's at the fork, so the parent stays small
            subprocess.run([sys.executable, __file__, "--files", str(args.files), "--rows", str(args.rows),
                            "--seed", str(args.seed), "--generate-child", str(folder)], check=True)
        total = sum(_rows(f) for f in sorted(folder.glob("*.parquet")))
        out = work / f"ranking.{args.format}"
        cmd = [polex_bin(), "rank", str(folder), "--out", str(out), "--quiet"]
        if args.jobs:
            cmd += ["--jobs", str(args.jobs)]
        wall, rss, code = child(cmd)
        if code:
            raise SystemExit(f"polex rank exited {code}")
        floor_wall, floor_rss, _ = child([sys.executable, __file__, "--format", args.format, "--floor-child",
                                          str(folder), str(work / f"floor.{args.format}")])
        print(f"folder: {len(list(folder.glob('*.parquet')))} Parquet files, {total:,} rows -> {args.format}")
        print(f"polex rank: {wall:.1f} s ({total / wall / 1e6:.2f} M rows/s), peak RSS {rss:,.0f} MB")
        print(f"floor (read every file, write one): {floor_wall:.1f} s, peak RSS {floor_rss:,.0f} MB")
        print(f"ratio to the floor: {wall / floor_wall:.2f}x; target peak RSS < 2,048 MB: "
              f"{'met' if rss < 2048 else 'not met'}")
    finally:
        if args.keep and args.data is None:
            print(f"kept {folder}")
            for written in (work / f"ranking.{args.format}", work / f"floor.{args.format}"):
                written.unlink(missing_ok=True)
        else:
            shutil.rmtree(work, ignore_errors=True)


def _rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.read_metadata(path).num_rows


if __name__ == "__main__":
    main()
