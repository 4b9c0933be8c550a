"""Batch ranking benchmark (a script, not a test): prints a table and writes a JSON file.

    python benchmarks/bench_rank.py                 # 1,000,000 candidates
    python benchmarks/bench_rank.py --n 100000 --durable-flat 0
    python benchmarks/bench_rank.py --stages 5 --stages-only   # where the time of `polex rank` goes

Measures: in-memory evaluate+score throughput (numpy executor), end-to-end `polex rank`
CSV->CSV and Parquet->Parquet against the pyarrow read+write floor of the same files,
the durable_rules executor on a 5,000-row subset, peak RSS, `polex score` cold start,
and the durable executor's RSS after 10k and 100k candidates (facts retracted).

With --stages N: the steps of `polex rank` timed one by one, in N fresh processes per input
format (medians): read (file to columns, without validation), validate, evaluate+score,
summarize (top reasons, improvements, unknowns, gates), texts (the four explanation columns),
table (the rest of the table: ids, scores, completeness in rank order), write (the ranking to
a file of the input's format), with each process's peak RSS.
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


STAGES = ("read", "validate", "evaluate_score", "summarize", "texts", "table", "write")


def stages_child(src: Path, fmt: str, out: Path) -> None:
    """Child process: one `polex rank`, step by step (a JSON line of seconds and peak RSS)."""
    import polex.engine.core as core
    import polex.engine.table as table
    import polex.formats.pipeline as pipeline
    from polex.formats import write_columns

    spent = dict.fromkeys(STAGES, 0.0)

    def clocked(module, name: str, stage: str) -> None:
        fn = getattr(module, name, None)
        if fn is None:
            return

        def run(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[stage] += time.perf_counter() - t0
        setattr(module, name, run)

    clocked(pipeline, "validate_columns", "validate")
    clocked(core, "summarize", "summarize")  # Ranking.summary's
    clocked(table, "summarize", "summarize")  # the table's own, where it calls it
    clocked(table, "join_labels", "texts")
    read_s, intake = timed(read_pipeline, src)
    spent["read"] = read_s - spent["validate"]
    assessment = polex.assess()
    spent["evaluate_score"], ranking = timed(assessment.rank, intake.columns)
    table_s, (header, data) = timed(ranking.table, "en", None)
    spent["table"] = table_s - spent["summarize"] - spent["texts"]
    spent["write"], _ = timed(write_columns, out, header, data, fmt)
    figures = {k: round(v, 3) for k, v in spent.items()}
    figures["total"] = round(sum(spent.values()), 3)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(figures))


def stage_figures(src: Path, fmt: str, work: Path, runs: int) -> dict[str, object]:
    """Medians over `runs` fresh processes of stages_child (other processes share the machine)."""
    results = []
    for _ in range(runs):
        res = subprocess.run([sys.executable, __file__, "--stages-child", str(src), "--stages-format", fmt,
                              "--out", str(work / f"staged.{fmt}")], capture_output=True, text=True, check=True)
        results.append(json.loads(res.stdout.strip().splitlines()[-1]))
    keys = [*STAGES, "total", "peak_rss_mb"]
    return {f"stage_{fmt}_{k}{'' if k == 'peak_rss_mb' else '_s'}": round(statistics.median(r[k] for r in results), 2)
            for k in keys} | {f"stage_{fmt}_runs": results}


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
    ap.add_argument("--stages", type=int, default=0, metavar="N",
                    help="time `polex rank` step by step in N fresh processes per format (medians)")
    ap.add_argument("--stages-only", action="store_true", help="only the data and the --stages figures")
    ap.add_argument("--data", type=Path, default=None, metavar="DIR",
                    help="take in.csv and in.parquet from DIR (made by an earlier run) instead of generating them")
    ap.add_argument("--stages-child", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--stages-format", default="parquet", help=argparse.SUPPRESS)
    ap.add_argument("--durable-flat-child", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--generate-child", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.durable_flat_child:
        return durable_flat(args.durable_flat_child)
    if args.stages_child:
        return stages_child(args.stages_child, args.stages_format, args.out)
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
    if args.data:
        csv_in, pq_in = args.data / "in.csv", args.data / "in.parquet"
    else:
        csv_in, pq_in = work / "in.csv", work / "in.parquet"
        gen_s, _ = timed(subprocess.run, [sys.executable, __file__, "--generate-child", str(args.n), "--seed",
                                          str(args.seed), "--out", str(work)], check=True)
        figures["generate_s"] = round(gen_s, 2)
    figures["csv_mb"] = round(csv_in.stat().st_size / 2**20, 1)
    figures["parquet_mb"] = round(pq_in.stat().st_size / 2**20, 1)

    for fmt, src in (("parquet", pq_in), ("csv", csv_in)) if args.stages else ():
        figures |= stage_figures(src, fmt, work, args.stages)
    if args.stages_only:
        return report(figures, args.out, work)

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
    return report(figures, args.out, work)


def report(figures: dict[str, object], out: Path, work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
    (out / "bench_rank.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    shown = {k: v for k, v in figures.items() if not k.endswith("_runs")}
    width = max(map(len, shown))
    for key, value in shown.items():
        print(f"{key:<{width}}  {value}")
    print(f"\nwritten to {out / 'bench_rank.json'}")


if __name__ == "__main__":
    main()
