"""One ranking from the rankings of a pipeline's parts.

The ranking order is total on (eligible, rounded score, id) and ids are unique across the
parts (scorer.ranking_order), so each part, ranked alone, lists its rows in the order the whole
pipeline would: the whole ranking is a merge of the parts' rankings, and any stretch of it
takes one contiguous run of each part's ranking. A part is then written and read back a run at
a time, and only the keys of every row (eligible, score, id rank) are held at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Stretch:
    """A stretch of the merged ranking: the run [lo, hi) of each part's ranking it takes (parts
    in order, those it does not touch left out), and where each of its rows sits among those
    runs laid end to end."""

    runs: list[tuple[int, int, int]]  # (part, lo, hi)
    rows: np.ndarray  # int64, one per row of the stretch


def stretch(order: np.ndarray, starts: np.ndarray) -> Stretch:
    """`order`: a stretch of the parts' rows (laid end to end) in scorer.ranking_order; `starts`: where each part begins among the
    rows laid end to end (len parts + 1, the last the total)."""
    order = np.asarray(order, dtype=np.int64)
    part = np.searchsorted(starts, order, side="right") - 1
    place = order - starts[part]
    parts = np.unique(part)
    lo = np.full(len(starts), 0, dtype=np.int64)
    offset = np.zeros(len(starts), dtype=np.int64)
    runs, total = [], 0
    for p in parts.tolist():
        own = place[part == p]
        first, last = int(own.min()), int(own.max()) + 1
        if last - first != len(own):  # the parts were not ranked in the merged order
            raise ValueError(f"part {p}: rows {first}..{last - 1} are not one run of its ranking")
        runs.append((p, first, last))
        lo[p], offset[p] = first, total
        total += last - first
    return Stretch(runs, offset[part] + place - lo[part])
