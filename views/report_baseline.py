"""The report's movement since a baseline (`polex report NEW --baseline OLD`): built from the
`engine.diff.compare` of the two snapshots, added to the report's data only when a baseline is
given (a report without one is byte for byte what it was).

Each shown candidate gains `d`: its change status, baseline rank and score, rank and score
change, eligibility on both sides, the fields that changed (old -> new) and the rules that
flipped (by index). The table gains two sortable columns (rank change, score change; a new
candidate is marked new), the summary the movement counts, the drill-down a section "Since the
baseline" (drawn by report_baseline.js)."""

from __future__ import annotations

import math
from typing import Any

# Columns the ranking table gains (key, label key, sort type, shown at 1440 px, on a narrow screen).
BASELINE_COLUMNS = (("drank", "d_rank", "num", True, False), ("dscore", "d_score", "num", True, False))
HIDDEN_WITH_BASELINE = ("country", "comp")
REMOVED_SHOWN = 200


def _finite(x: Any, nd: int | None = None) -> float | int | None:
    if x is None:
        return None
    x = float(x)
    if not math.isfinite(x):
        return None
    return round(x, nd) if nd is not None else int(round(x))


def _bool(text: str) -> bool | None:
    return {"true": True, "false": False}.get(str(text))


def attach_movement(diff, candidates: list[dict[str, Any]]) -> None:
    """Give each shown candidate its movement since the baseline (`d`), from the diff's row for its id."""
    cols = diff.columns
    row_of = {str(cid): k for k, cid in enumerate(cols["id"].tolist()) if cols["status"][k] != "removed"}
    for c in candidates:
        k = row_of.get(c["id"])
        if k is None:  # not in the diff (cannot happen for a ranked id): say nothing rather than guess
            continue
        detail = diff.details.get(c["id"], {})
        c["d"] = {
            "s": str(cols["status"][k]),
            "or": _finite(cols["old_rank"][k]), "dr": _finite(cols["rank_change"][k]),
            "os": _finite(cols["old_score"][k], 2), "ds": _finite(cols["score_change"][k], 2),
            "oe": _bool(cols["old_eligible"][k]), "ne": _bool(cols["new_eligible"][k]),
            "f": [list(f) for f in detail.get("fields", [])],
            "r": [list(r) for r in detail.get("rules", [])],
        }


def _cells(c: dict[str, Any], t: dict[str, str]) -> dict[str, Any]:
    """The two table cells of one candidate: sort value, text and direction class."""
    d = c.get("d")
    if d is None or d["s"] == "added":
        return {"new": d is not None, "dr": "", "ds": "", "dr_text": t["d_new"] if d else "", "ds_text": "",
                "dr_cls": "new", "ds_cls": "new"}
    dr, ds = d["dr"] or 0, d["ds"] or 0.0

    def cls(v: float) -> str:
        return "up" if v > 0 else ("down" if v < 0 else "same")

    return {"new": False, "dr": dr, "ds": ds, "dr_cls": cls(dr), "ds_cls": cls(ds),
            "dr_text": f"▲{dr}" if dr > 0 else (f"▼{-dr}" if dr < 0 else "–"),
            "ds_text": f"+{ds:.2f}" if ds > 0 else (f"−{-ds:.2f}" if ds < 0 else "0.00")}


def baseline_section(diff, candidates: list[dict[str, Any]], t: dict[str, str], source: str,
                     source_sha256: str = "") -> dict[str, Any]:
    """The template's `baseline`: the baseline file, the movement counts, the removed ids and the
    table cells (in the shown candidates' order). Call after `attach_movement`."""
    s = dict(diff.summary)
    s["moved"] = s["changed"] - s["fields"]
    cols = diff.columns
    removed = [str(cid) for cid, st in zip(cols["id"].tolist(), cols["status"].tolist()) if st == "removed"]
    counts = [(key, s[key]) for key in ("added", "removed", "fields", "moved", "up", "down", "became_eligible",
                                        "became_ineligible")]
    return {
        "source": source, "sha": source_sha256, "summary": s,
        "none": not (s["added"] or s["removed"] or s["changed"]),
        "text": t["d_summary"].format(**s),
        "counts": [{"key": k, "n": n, "label": t["d_changed" if k == "fields" else f"d_{k}"]} for k, n in counts],
        "removed": removed[:REMOVED_SHOWN], "n_removed": len(removed),
        "cells": [_cells(c, t) for c in candidates],
    }


def baseline_columns(t: dict[str, str], columns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The table's columns with the two movement columns last; to keep the default set within
    1440 pixels (with --sensitivity too), country and completeness start hidden (the chooser
    shows them; the drill-down has both)."""
    out = [dict(c, wide=c["wide"] and c["key"] not in HIDDEN_WITH_BASELINE) for c in columns]
    return out + [{"key": k, "label": t[lab], "type": typ, "wide": wide, "narrow": narrow}
                  for k, lab, typ, wide, narrow in BASELINE_COLUMNS]
