"""`--jobs N`: blocks of rows computed in forked processes that write into shared memory.

A computation that is a function of each block of rows alone (evaluate + score, the summary of
top reasons) runs block by block in N processes: N - 1 forked from this one, which read the
candidates where they lie (no copy, no pickling), and this one. Each writes its blocks' arrays
into memory mapped as shared before the fork. The blocks are those the serial path computes, in
the same way, so the result is the same bit for bit, whatever N. The processes share nothing
but what the fork gives them (the rule set, the scorer and the candidates), and only on systems
that fork; elsewhere, and for one block, the work stays in this process.
"""

from __future__ import annotations

import mmap
import os
from collections.abc import Callable

import numpy as np

Block = Callable[[int, int], dict[str, np.ndarray]]  # rows start..stop -> arrays of stop - start rows


def cores() -> int:
    """The cores this process may run on (its CPU affinity, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def run_blocks(n: int, block: int, fn: Callable[[int, int], None], jobs: int = 1, first: int = 0) -> None:
    """fn(start, stop) for each block of n rows from `first` on (fn stores its own results, in
    memory from `shared` when jobs > 1), the blocks shared out among `jobs` processes."""
    starts = list(range(first, n, block))
    jobs = min(jobs, len(starts)) if hasattr(os, "fork") else 1
    if jobs <= 1:
        for s in starts:
            fn(s, min(s + block, n))
        return

    def work(mine: list[int]) -> None:
        for s in mine:
            fn(s, min(s + block, n))

    children = [_fork(lambda w=w: work(starts[w::jobs])) for w in range(1, jobs)]
    try:
        work(starts[0::jobs])  # this process's share
    finally:
        failures = [why for why in (_join(child) for child in children) if why]
    if failures:
        raise RuntimeError(f"a --jobs worker failed: {failures[0]}")


def map_blocks(n: int, block: int, fn: Block, jobs: int = 1) -> dict[str, np.ndarray]:
    """fn over the blocks of n rows (0..block, block..2*block, ...), its arrays joined in row
    order (each in the layout of fn's first block); each block is written into its place in the
    result, so the rows are never held twice. With jobs > 1, the blocks after the first are
    shared out among `jobs` processes."""
    first = fn(0, min(block, n))
    if n <= block:
        return {key: np.concatenate([a]) for key, a in first.items()}
    alloc = shared if jobs > 1 else np.empty
    # Each array keeps the layout fn gives it: a column-major block (the outcome matrix) copied
    # into a row-major result would be transposed byte by byte (0.24 s for 1M rows x 78 rules).
    out = {key: _empty_like(alloc, n, a) for key, a in first.items()}
    for key, a in first.items():
        out[key][:len(a)] = a
    del first

    def store(start: int, stop: int) -> None:
        for key, a in fn(start, stop).items():
            out[key][start:stop] = a

    run_blocks(n, block, store, jobs, first=block)
    return out


def _empty_like(alloc, n: int, block: np.ndarray) -> np.ndarray:
    """An empty array of n rows shaped as `block`'s rows, in its layout (row- or column-major)."""
    if block.ndim == 2 and block.flags.f_contiguous and not block.flags.c_contiguous:
        return alloc((block.shape[1], n), block.dtype).T
    return alloc((n, *block.shape[1:]), block.dtype)


def shared(shape: tuple[int, ...], dtype) -> np.ndarray:
    """An empty array in anonymous shared memory: what a forked child writes, this process reads."""
    dtype = np.dtype(dtype)
    size = int(np.prod(shape)) * dtype.itemsize
    memory = mmap.mmap(-1, max(size, 1))
    return np.frombuffer(memory, dtype=dtype, count=int(np.prod(shape))).reshape(shape)


def _fork(task: Callable[[], None]) -> tuple[int, int]:
    """Run task in a forked child; (pid, the read end of a pipe carrying its error, if any)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, whose coverage is not collected
        os.close(read)
        code = 0
        try:
            task()
        except BaseException as err:  # noqa: BLE001 - reported to the parent, which raises it
            os.write(write, f"{type(err).__name__}: {err}".encode("utf-8", "replace")[:4000])
            code = 1
        finally:
            os._exit(code)  # never the parent's atexit handlers, flushes or test runner
    os.close(write)
    return pid, read


def _join(child: tuple[int, int]) -> str:
    """Wait for a child; its error ('' when it finished cleanly)."""
    pid, read = child
    chunks = []
    while True:
        data = os.read(read, 65536)
        if not data:
            break
        chunks.append(data)
    os.close(read)
    _, status = os.waitpid(pid, 0)
    why = b"".join(chunks).decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0 and not why:
        why = f"exit status {os.waitstatus_to_exitcode(status)}"
    return why
