"""One pass over a delimited file's bytes before arrow parses it: whether its quotes read as the
row path reads them, and its line breaks, from which each record's line number follows.

The file is mapped, not copied, and read by numpy a window at a time (each window with a byte of
its neighbours, so a quote or a CR at a window's edge is judged as in the whole file).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

WINDOW = 1 << 20  # bytes read at a time: its masks stay in cache


@dataclass
class Scan:
    plain_quotes: bool  # quotes as arrow reads them and the row path does (see scan)
    lines: int = 0  # line feeds
    lone_cr: bool = False  # a CR not followed by a line feed: a line break to an editor and the row path
    last: int = -1  # the last byte (-1: an empty file)


def scan(path: Path, delimiter: str) -> Scan:
    """Quotes arrow reads as the row path does: an even number of them (each quoted cell opens and
    closes; a quote inside one is doubled) and none inside a cell's text (`"Ha"noi`, which arrow
    would read as Hanoi and the row path refuses, naming its line): a quote with neither a
    separator, a line end nor another quote on either side. The line breaks are counted in the same
    pass; a file whose quotes are not plain is not read further (the row path reads it)."""
    import mmap

    import numpy as np

    size = path.stat().st_size
    if size == 0:
        return Scan(True)
    quotes, lines, lone_cr, step, sep = 0, 0, False, WINDOW, ord(delimiter)
    mask = [np.empty(step + 2, dtype=bool) for _ in range(4)]  # buffers made once: no page faults
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
        buf = np.frombuffer(mapped, dtype=np.uint8)
        n = len(buf)
        try:
            for start in range(0, n, step):
                lo, hi = max(start - 1, 0), min(n, start + step + 1)
                window = buf[lo:hi]
                own = slice(start - lo, start - lo + min(step, n - start))  # this window's bytes
                lines += int(np.count_nonzero(np.equal(window[own], 10, out=mask[0][:own.stop - own.start])))
                cr = np.equal(window[own], 13, out=mask[0][:own.stop - own.start])
                if not lone_cr and cr.any():
                    after = window[own.start + 1:own.stop + 1]  # the byte after each (none after the file's last)
                    paired = np.equal(after, 10, out=mask[1][:len(after)])
                    lone_cr = int(np.count_nonzero(cr)) != int(np.count_nonzero(cr[:len(after)] & paired))
                q = np.equal(window, 34, out=mask[0][:len(window)])
                found = int(np.count_nonzero(q[own]))
                quotes += found
                if not found or len(window) < 3:
                    continue
                m = len(window) - 2
                stray = np.greater(q[1:-1], q[:-2], out=mask[1][:m])  # a quote, no quote on its left
                np.greater(stray, q[2:], out=stray)  # nor on its right
                for beside in (window[:-2], window[2:]):  # and plain text on both sides
                    text = np.not_equal(beside, sep, out=mask[2][:m])
                    text &= np.not_equal(beside, 10, out=mask[3][:m])
                    text &= np.not_equal(beside, 13, out=mask[3][:m])
                    stray &= text
                if stray.any():
                    return Scan(False)
            last = int(buf[-1])
        finally:
            del buf  # the map cannot close while numpy still points into it
            window = q = cr = stray = beside = text = paired = after = None
    return Scan(quotes % 2 == 0, lines, lone_cr, last)


def record_lines(found: Scan, path: Path, n: int):
    """Each record's line as an editor shows it (header = line 1), for a file whose records are one
    line each: 2..n+1 when no line is empty, else counted past the empty lines (which arrow skips);
    None if the lines and the records do not agree (the row path then decides)."""
    import numpy as np

    if found.lone_cr:
        return None  # a lone CR is a line break to an editor and to the row path's numbering
    lines = found.lines + (found.last not in (-1, 10))  # a last line without its line feed
    if lines == n + 1:
        return np.arange(2, n + 2)
    numbers = []
    with open(path, "rb") as handle:
        for i, line in enumerate(handle, 1):
            if line.strip(b"\r\n"):
                numbers.append(i)
    numbers = numbers[1:]  # the header
    return np.asarray(numbers) if len(numbers) == n else None
