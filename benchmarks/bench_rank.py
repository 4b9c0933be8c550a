"""Batch ranking benchmark (a script, not a test): prints a table and writes a JSON file.

    python benchmarks/bench_rank.py                 # 1,000,000 candidates
    python benchmarks/bench_rank.py --n 100000 --durable-flat 0

Measures: in-memory evaluate+score throughput (numpy executor), end-to-end `polex rank`
CSV->CSV and Parquet->Parquet against the pyarrow read+write floor of the same files,
the durable_rules executor on a 5,000-row subset, peak RSS, `polex score` cold start,
and the durable executor's RSS after 10k and 100k candidates (facts retracted).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

import polex  # noqa: E402
from polex.formats.pipeline import read_pipeline  # noqa: E402


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - t0, out


def child(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) and exit code of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        sys.stderr.write(proc.stderr.read().decode(errors="replace"))
    return wall, usage.ru_maxrss / 1024, proc.returncode


def io_floor(src: Path, fmt: str, out: Path) -> float:
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    t0 = time.perf_counter()
    if fmt == "csv":
        table = pacsv.read_csv(src)
        pacsv.write_csv(table, out)
    else:
        table = pq.read_table(src)
        pq.write_table(table, out)
    return time.perf_counter() - t0


def evaluate_and_score(assessment, columns, chunk: int = 65536):
    """What `rank` does before ordering: outcomes and scores, a chunk of rows at a time."""
    return [assessment.scorer_.score(assessment.evaluate(columns.take(slice(a, a + chunk))))
            for a in range(0, columns.n, chunk)]


def durable_flat(n: int) -> None:
    """Child process: RSS after 10k and n candidates through the durable executor."""
    from polex.engine.intake import validate_rows

    cols = synth.synthetic_columns(n, 7)
    rows = [dict(zip(cols, vals)) for vals in zip(*cols.values())]
    records = validate_rows(rows).columns.records()
    del rows, cols
    executor = polex.assess(engine="durable").executor_
    rss = {}
    for i, record in enumerate(records, 1):
        executor.evaluate_one(record)
        if i in (10_000, n):
            rss[i] = resident_mb()
    print(rss[10_000], rss[n], executor.facts_held())


def resident_mb() -> float:
    """Resident memory now (not the peak), from /proc."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def polex_bin() -> str:
    exe = shutil.which("polex") or str(Path(sys.executable).parent / "polex")
    return exe


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000, help="candidates to generate")
    ap.add_argument("--seed", type=int, default=20261121)
    ap.add_argument("--durable-n", type=int, default=5000, help="subset for the durable executor")
    ap.add_argument("--durable-flat", type=int, default=100_000,
                    help="candidates for the durable memory check (0: skip)")
    ap.add_argument("--out", type=Path, default=HERE / "out", help="folder for data and results")
    ap.add_argument("--durable-flat-child", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--generate-child", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.durable_flat_child:
        return durable_flat(args.durable_flat_child)
    if args.generate_child:
        cols = synth.synthetic_columns(args.generate_child, args.seed)
        synth.write_csv(cols, args.out / "in.csv")
        synth.write_parquet(cols, args.out / "in.parquet")
        return None
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="polex-bench-", dir=args.out))
    figures: dict[str, object] = {"n": args.n, "machine": {
        "cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
        "processor": platform.processor() or platform.machine()}}

    # The data is made in a child process, and every child is started while this process is
    # still small: Linux counts the parent's resident memory at fork in a child's peak RSS.
    csv_in, pq_in = work / "in.csv", work / "in.parquet"
    gen_s, _ = timed(subprocess.run, [sys.executable, __file__, "--generate-child", str(args.n), "--seed",
                                      str(args.seed), "--out", str(work)], check=True)
    figures["generate_s"] = round(gen_s, 2)
    figures["csv_mb"] = round(csv_in.stat().st_size / 2**20, 1)
    figures["parquet_mb"] = round(pq_in.stat().st_size / 2**20, 1)

    # End to end through the installed console script.
    exe = polex_bin()
    for fmt, src in (("csv", csv_in), ("parquet", pq_in)):
        out = work / f"ranked.{fmt}"
        wall, rss, code = child([exe, "rank", str(src), "--out", str(out)])
        floor = min(io_floor(src, fmt, work / f"floor.{fmt}") for _ in range(2))
        figures[f"e2e_{fmt}_s"] = round(wall, 2)
        figures[f"e2e_{fmt}_peak_rss_mb"] = round(rss)
        figures[f"floor_{fmt}_s"] = round(floor, 2)
        figures[f"e2e_{fmt}_over_floor"] = round(wall / floor, 2)
        figures[f"e2e_{fmt}_exit"] = code

    # Cold start of `polex score` on one YAML candidate.
    cand = work / "one.yaml"
    cand.write_text("id: x\npartner_city: Hanoi\ncountry: VNM\nstage: pilot\nupper_plan: site_master_plan\n",
                    encoding="utf-8")
    child([exe, "score", str(cand)])  # warm the file cache once
    starts = [child([exe, "score", str(cand)])[0] for _ in range(5)]
    figures["score_cold_start_median_s"] = round(statistics.median(starts), 3)

    # Durable memory stays flat: resident memory after 10k and after n candidates.
    if args.durable_flat:
        res = subprocess.run([sys.executable, __file__, "--durable-flat-child", str(args.durable_flat)],
                             capture_output=True, text=True, check=True)
        at10k, atn, held = res.stdout.split()
        figures["durable_rss_mb_at_10k"] = round(float(at10k))
        figures[f"durable_rss_mb_at_{args.durable_flat // 1000}k"] = round(float(atn))
        figures["durable_facts_held_after"] = int(held)

    # In memory: evaluate + score, the numpy executor, full shipped rule set.
    intake_s, intake = timed(read_pipeline, pq_in)
    figures["intake_parquet_s"] = round(intake_s, 2)
    assessment = polex.assess()
    columns = intake.columns
    assessment.rank(columns.take(slice(0, 1000)))  # warm up
    best = min(timed(assessment.rank, columns)[0] for _ in range(3))
    figures["evaluate_score_rank_per_s"] = round(columns.n / best)
    ev_s = min(timed(evaluate_and_score, assessment, columns)[0] for _ in range(3))
    figures["evaluate_score_per_s"] = round(columns.n / ev_s)

    # The reference executor on a subset, and the ratio.
    sub = columns.take(slice(0, args.durable_n))
    durable = polex.assess(engine="durable")
    records = sub.records()
    durable.executor_.evaluate(records[:50])
    dur_s, dur_out = timed(durable.executor_.evaluate, records)
    bat_out = assessment.executor_.evaluate(sub)
    assert (dur_out == bat_out).all(), "executors disagree on the subset"
    batch_sub_s = min(timed(assessment.executor_.evaluate, sub)[0] for _ in range(5))
    figures["durable_per_s"] = round(args.durable_n / dur_s)
    figures["batch_over_durable_same_rows"] = round(dur_s / batch_sub_s)
    figures["evaluate_score_over_durable"] = round(figures["evaluate_score_per_s"] / figures["durable_per_s"])
    del intake, columns, sub, records

    figures["own_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    shutil.rmtree(work, ignore_errors=True)
    (args.out / "bench_rank.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    width = max(map(len, figures))
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    print(f"\nwritten to {args.out / 'bench_rank.json'}")


if __name__ == "__main__":
    main()
