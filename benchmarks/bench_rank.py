"""Batch ranking benchmark (a script, not a test): prints a table and writes a JSON file.

    python benchmarks/bench_rank.py                 # 1,000,000 candidates
    python benchmarks/bench_rank.py --n 100000 --durable-flat 0
    python benchmarks/bench_rank.py --stages 5 --stages-only   # where the time of `polex rank` goes

Measures: in-memory evaluate+score throughput (numpy executor), end-to-end `polex rank`
CSV->CSV and Parquet->Parquet against the read+write floor of the same files, the
durable_rules executor on a 5,000-row subset, peak RSS, `polex score` cold start, and the
durable executor's RSS after 10k and 100k candidates (facts retracted).

Two file shapes, the same rows: `full`, the benchmark's own file (every vocabulary column),
and `narrow`, its first 30 columns (id .. shared_networks; the other fields are absent, so
unknown). The floor is a fresh process that only reads the same file with pyarrow and writes
it back; it runs paired with each `polex rank` (--repeat times, alternating), and every time
is printed with its ratio to the floor of its own file and format measured in the same run
(the JSON keeps the seconds, the floors and the end-to-end ratios).

With --stages N: the steps of `polex rank` timed one by one, in N fresh processes per input
format (medians): read (file to columns, without validation), validate, evaluate+score,
summarize (top reasons, improvements, unknowns, gates), texts (the four explanation columns),
table (the rest of the table: ids, scores, completeness in rank order), write (the ranking to
a file of the input's format), with each process's peak RSS, for each shape and format.
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


SHAPES = ("full", "narrow")
NARROW = 30  # columns of the narrow file: the first 30 of the vocabulary
FORMATS = ("parquet", "csv")


def narrow_columns() -> list[str]:
    from polex.models.vocabulary import FIELDS

    return [f.name for f in FIELDS if f.name != "outcome"][:NARROW]


def inputs(folder: Path) -> dict[tuple[str, str], Path]:
    """The input file of each (shape, format) in a folder."""
    return {(shape, fmt): folder / f"in{'' if shape == 'full' else NARROW}.{fmt}" for shape in SHAPES
            for fmt in FORMATS}


def write_narrow(src: Path, out: Path, fmt: str) -> None:
    """The narrow file from a full one: its first 30 columns, cells unchanged (CSV read as text)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    cols = narrow_columns()
    if fmt == "csv":
        table = pacsv.read_csv(src, convert_options=pacsv.ConvertOptions(
            include_columns=cols, column_types=dict.fromkeys(cols, pa.string()), strings_can_be_null=False))
        pacsv.write_csv(table, out)
    else:
        pq.write_table(pq.read_table(src, columns=cols), out)


def io_floor(src: Path, fmt: str, out: Path) -> None:
    """Child process: read the file with pyarrow and write it back (nothing else)."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    if fmt == "csv":
        pacsv.write_csv(pacsv.read_csv(src), out)
    else:
        pq.write_table(pq.read_table(src), out)


def floor_cmd(src: Path, fmt: str, out: Path) -> list[str]:
    return [sys.executable, __file__, "--floor-child", str(src), "--floor-format", fmt, "--out", str(out)]


def evaluate_and_score(assessment, columns):
    """What `rank --out` does before ordering (Assessment.scores), keeping what the output file's
    table reads (no family points)."""
    from polex.formats.frames import shown_values

    return assessment.scores(columns, keep=shown_values([]))


STAGES = ("read", "validate", "evaluate_score", "summarize", "texts", "table", "write")


def stages_child(src: Path, fmt: str, out: Path) -> None:
    """Child process: one `polex rank`, step by step (a JSON line of seconds and peak RSS)."""
    import polex.engine.core as core
    import polex.engine.table as table
    import polex.formats.pipeline as pipeline
    from polex.formats import write_columns
    from polex.formats.frames import keep_shown, shown_values

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
    from polex.commands.speech import without_pandas

    with without_pandas():  # as every command runs: pyarrow would import pandas (0.25 s) on its first array
        read_s, intake = timed(read_pipeline, src)
    spent["read"] = read_s - spent["validate"]
    assessment = polex.assess()
    # As `polex rank --out` does: the ranking holds what its table reads, and lets the rest go.
    spent["evaluate_score"], ranking = timed(assessment.rank, intake.columns, keep=shown_values([]))
    intake.columns = None
    keep_shown(ranking, [])
    table_s, (header, data) = timed(ranking.table, "en", None)
    spent["table"] = table_s - spent["summarize"] - spent["texts"]
    spent["write"], _ = timed(write_columns, out, header, data, fmt)
    figures = {k: round(v, 3) for k, v in spent.items()}
    figures["total"] = round(sum(spent.values()), 3)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(figures))


def stage_figures(src: Path, shape: str, fmt: str, work: Path, runs: int) -> dict[str, object]:
    """Medians over `runs` fresh processes of stages_child (other processes share the machine),
    each paired with a floor process on the same file (their median is the stages' floor)."""
    results, floors = [], []
    for _ in range(runs):
        floors.append(child(floor_cmd(src, fmt, work / f"floor.{fmt}"))[0])
        # as `polex rank` sets it before numpy loads (commands/rank.py): no huge-page advice
        res = subprocess.run([sys.executable, __file__, "--stages-child", str(src), "--stages-format", fmt,
                              "--out", str(work / f"staged.{fmt}")], capture_output=True, text=True, check=True,
                             env={**os.environ, "NUMPY_MADVISE_HUGEPAGE": os.environ.get("NUMPY_MADVISE_HUGEPAGE", "0")})
        results.append(json.loads(res.stdout.strip().splitlines()[-1]))
    keys = [*STAGES, "total", "peak_rss_mb"]
    name = f"stage_{shape}_{fmt}"
    return ({f"{name}_{k}{'' if k == 'peak_rss_mb' else '_s'}": round(statistics.median(r[k] for r in results), 2)
             for k in keys} | {f"{name}_floor_s": round(statistics.median(floors), 2), f"{name}_runs": results})


def end_to_end(exe: str, src: Path, shape: str, fmt: str, work: Path, repeat: int,
               jobs: int | None = None) -> dict[str, object]:
    """`polex rank` on one file, each run paired with a floor process on the same file (the
    order alternating): medians of the times, and the median and range of the pairs' ratios."""
    walls, floors, ratios, rss, codes = [], [], [], [], []
    for k in range(repeat):
        pair = [("floor", floor_cmd(src, fmt, work / f"floor.{fmt}")),
                ("rank", [exe, "rank", str(src), "--out", str(work / f"ranked.{fmt}"),
                          *(["--jobs", str(jobs)] if jobs else [])])]
        got = {}
        for what, cmd in pair if k % 2 == 0 else pair[::-1]:
            got[what] = child(cmd)
        walls.append(got["rank"][0])
        floors.append(got["floor"][0])
        ratios.append(got["rank"][0] / got["floor"][0])
        rss.append(got["rank"][1])
        codes.append(got["rank"][2] or got["floor"][2])
    name = f"{shape}_{fmt}"
    if max(codes):  # a failed run's time says nothing: no figure but its exit code
        print(f"{name}: a run failed (exit {max(codes)}); no time is given for it", file=sys.stderr)
        return {f"e2e_{name}_exit": max(codes)}
    return {f"e2e_{name}_s": round(statistics.median(walls), 2), f"floor_{name}_s": round(statistics.median(floors), 2),
            f"e2e_{name}_over_floor": round(statistics.median(ratios), 2),
            f"e2e_{name}_over_floor_range": [round(min(ratios), 2), round(max(ratios), 2)],
            f"e2e_{name}_peak_rss_mb": round(max(rss)), f"e2e_{name}_exit": 0}


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
                    help="take in.csv and in.parquet (and in30.csv, in30.parquet if there; else made from them) "
                         "from DIR (an earlier run's --keep folder) instead of generating them")
    ap.add_argument("--repeat", type=int, default=3, metavar="R",
                    help="end-to-end runs per shape and format, each paired with a floor run (medians)")
    ap.add_argument("--shapes", default=",".join(SHAPES), help="file shapes to time: full, narrow or both")
    ap.add_argument("--jobs", type=int, default=None, help="`polex rank --jobs` of the end-to-end runs (default: its own)")
    ap.add_argument("--keep", action="store_true", help="keep the generated files (in the run's folder under --out)")
    ap.add_argument("--stages-child", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--stages-format", default="parquet", help=argparse.SUPPRESS)
    ap.add_argument("--floor-child", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--floor-format", default="parquet", help=argparse.SUPPRESS)
    ap.add_argument("--durable-flat-child", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--generate-child", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if 0 < args.durable_flat < 10_000:
        ap.error(f"--durable-flat: got {args.durable_flat}, expected 0 (skip) or at least 10000 "
                 "(the memory is read after 10,000 candidates and after all of them)")
    if args.durable_flat_child:
        return durable_flat(args.durable_flat_child)
    if args.stages_child:
        return stages_child(args.stages_child, args.stages_format, args.out)
    if args.floor_child:
        return io_floor(args.floor_child, args.floor_format, args.out)
    if args.generate_child:
        cols = synth.synthetic_columns(args.generate_child, args.seed)
        narrow = {k: cols[k] for k in narrow_columns()}
        files = inputs(args.out)
        for shape, data in (("full", cols), ("narrow", narrow)):
            synth.write_csv(data, files[shape, "csv"])
            synth.write_parquet(data, files[shape, "parquet"])
        return None
    shapes = [s for s in args.shapes.split(",") if s]
    if not set(shapes) <= set(SHAPES):
        ap.error(f"--shapes: expected some of {', '.join(SHAPES)}")
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="polex-bench-", dir=args.out))
    figures: dict[str, object] = {"n": args.n, "machine": {
        "cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
        "processor": platform.processor() or platform.machine()}}

    # The data is made in a child process, and every child is started while this process is
    # still small: Linux counts the parent's resident memory at fork in a child's peak RSS.
    if args.data:
        files = inputs(args.data)
        for fmt in FORMATS:
            if not files["narrow", fmt].exists():
                files["narrow", fmt] = inputs(work)["narrow", fmt]
                write_narrow(files["full", fmt], files["narrow", fmt], fmt)
    else:
        files = inputs(work)
        gen_s, _ = timed(subprocess.run, [sys.executable, __file__, "--generate-child", str(args.n), "--seed",
                                          str(args.seed), "--out", str(work)], check=True)
        figures["generate_s"] = round(gen_s, 2)
    figures["narrow_columns"] = f"{NARROW}: {', '.join(narrow_columns())}"
    for (shape, fmt), path in files.items():
        figures[f"{shape}_{fmt}_mb"] = round(path.stat().st_size / 2**20, 1)
    pq_in = files["full", "parquet"]

    for shape in shapes if args.stages else ():
        for fmt in FORMATS:
            figures |= stage_figures(files[shape, fmt], shape, fmt, work, args.stages)
    if args.stages_only:
        return report(figures, args.out, work, args.keep)

    # End to end through the installed console script, each run paired with a floor run.
    exe = polex_bin()
    figures["repeat"], figures["jobs"] = args.repeat, args.jobs or "default"
    for shape in shapes:
        for fmt in FORMATS:
            figures |= end_to_end(exe, files[shape, fmt], shape, fmt, work, args.repeat, args.jobs)

    # Cold start of `polex score` on one YAML candidate.
    cand = work / "one.yaml"
    cand.write_text("id: x\npartner_city: Hanoi\ncountry: VNM\nstage: pilot\nupper_plan: site_master_plan\n",
                    encoding="utf-8")
    # "installed package, byte-compiled" (the target's terms): a wheel install compiles it, an
    # editable one may hold stale .pyc files (and PYTHONDONTWRITEBYTECODE keeps them stale)
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-x", r"[/\\]\.venv[/\\]", str(Path(polex.__file__).parent)],
                   check=False, capture_output=True)
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
    return report(figures, args.out, work, args.keep)


def floor_key(key: str) -> str | None:
    """The floor a time is shown against: its own file's and format's, from the same run."""
    for shape in SHAPES:
        for fmt in FORMATS:
            name = f"{shape}_{fmt}"
            if key.endswith("_s") and key.startswith((f"e2e_{name}_", f"stage_{name}_")):
                return f"stage_{name}_floor_s" if key.startswith("stage_") else f"floor_{name}_s"
    return None


def report(figures: dict[str, object], out: Path, work: Path, keep: bool = False) -> None:
    if keep:
        print(f"inputs kept in {work} (use --data {work})")
    else:
        shutil.rmtree(work, ignore_errors=True)
    (out / "bench_rank.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    # An end-to-end time shows its pairs' ratios (the median and range) on its own line.
    shown = {k: v for k, v in figures.items() if not k.endswith(("_runs", "_over_floor", "_over_floor_range"))}
    width = max(map(len, shown))
    for key, value in shown.items():
        floor = figures.get(floor_key(key) or "")
        ratio = f"  ({value / floor:.2f}x floor)" if floor and not key.endswith("floor_s") else ""
        if f"{key[:-2]}_over_floor" in figures:
            low, high = figures[f"{key[:-2]}_over_floor_range"]
            ratio = (f"  ({figures[f'{key[:-2]}_over_floor']:.2f}x floor: median of {figures.get('repeat')} "
                     f"paired runs, {low}-{high}x)")
        print(f"{key:<{width}}  {value}{ratio}")
    print(f"\nwritten to {out / 'bench_rank.json'}")


if __name__ == "__main__":
    main()
