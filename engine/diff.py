"""What changed between two snapshots of a pipeline, both ranked by the same assessment.

Candidates are matched by id. Per candidate: added, removed, changed (a field differs), moved
(no field differs, but its score or rank does: the others moved around it) or unchanged; the
score and rank on each side; the fields that differ (old -> new, unknown counts as a value of
its own); and the rules whose outcome flipped (true / false / unknown / n/a), which, with the
same rules and profile on both sides, are exactly the rules the changed fields reach. Fields are
compared as the files give them (before `archetype` is derived), so a one-field change reports
that one field. Pure: no files, no printing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..models.vocabulary import BOOL, ENUM, FIELDS, FLOAT, INT, LIST, ORDINAL
from .outcomes import NAMES

DIFF_COLUMNS = ("id", "status", "old_rank", "new_rank", "rank_change", "old_score", "new_score", "score_change",
                "old_eligible", "new_eligible", "changed_fields", "flipped_rules")
STATUSES = ("added", "removed", "changed", "moved", "unchanged")


@dataclass
class Diff:
    columns: dict[str, np.ndarray]  # DIFF_COLUMNS, one row per id in either snapshot
    summary: dict[str, int]
    # Per matched id with a change: {"fields": [(field, old text, new text)], "rules": [(rule index,
    # old outcome, new outcome)]}, the structured form of changed_fields and flipped_rules.
    details: dict[str, dict[str, list[tuple]]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.columns["id"])


def _text(spec, values, known, i) -> str:
    if not known[i]:
        return "unknown"
    v = values[i]
    if spec.kind in (ENUM, ORDINAL):
        return spec.values[int(v)]
    if spec.kind == LIST:
        return ";".join(spec.values[j] for j in np.flatnonzero(v)) or "(none)"
    if spec.kind == BOOL:
        return "true" if v else "false"
    if spec.kind in (INT, FLOAT):
        return f"{float(v):g}"
    return str(v)


def _differs(spec, a, b, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    ka, kb = a.known[ia], b.known[ib]
    va, vb = a.values[ia], b.values[ib]
    if spec.kind == LIST:
        same_value = (va == vb).all(axis=1)
    else:
        same_value = va == vb
    return (ka != kb) | (ka & kb & ~np.asarray(same_value, dtype=bool))


def compare(old_columns, new_columns, old_ranking, new_ranking) -> Diff:
    """Diff two snapshots: their input columns (as read) and their Rankings (same rules and profile)."""
    old_ids = np.asarray(old_columns.ids).astype(str)
    new_ids = np.asarray(new_columns.ids).astype(str)
    old_pos = {k: i for i, k in reversed(list(enumerate(old_ids.tolist())))}
    new_pos = {k: i for i, k in reversed(list(enumerate(new_ids.tolist())))}
    both = sorted(set(old_pos) & set(new_pos))
    ia = np.array([old_pos[k] for k in both], dtype=np.int64)
    ib = np.array([new_pos[k] for k in both], dtype=np.int64)
    m = len(both)

    changed_fields = [[] for _ in range(m)]
    field_parts = [[] for _ in range(m)]
    for spec in FIELDS:
        if spec.name == "id" or spec.name not in old_columns.data or spec.name not in new_columns.data:
            continue
        a, b = old_columns[spec.name], new_columns[spec.name]
        for k in np.flatnonzero(_differs(spec, a, b, ia, ib)):
            before, after = _text(spec, a.values, a.known, ia[k]), _text(spec, b.values, b.known, ib[k])
            changed_fields[k].append(f"{spec.name}: {before} → {after}")
            field_parts[k].append((spec.name, before, after))
    rules = old_ranking.assessment.ruleset.rules
    oa, ob = old_ranking.result.outcomes[ia], new_ranking.result.outcomes[ib]
    flips = oa != ob
    flipped = [[] for _ in range(m)]
    rule_parts = [[] for _ in range(m)]
    for k, j in zip(*np.nonzero(flips)):
        flipped[k].append(f"{rules[j].id}: {NAMES[int(oa[k, j])]} → {NAMES[int(ob[k, j])]}")
        rule_parts[k].append((int(j), NAMES[int(oa[k, j])], NAMES[int(ob[k, j])]))

    so, sn = old_ranking.result.score, new_ranking.result.score
    ro, rn = old_ranking.ranks, new_ranking.ranks
    eo, en = old_ranking.result.eligible, new_ranking.result.eligible
    added = sorted(set(new_pos) - set(old_pos), key=lambda k: (rn[new_pos[k]], k))
    removed = sorted(set(old_pos) - set(new_pos), key=lambda k: (ro[old_pos[k]], k))

    rows = []
    for k, cid in enumerate(both):
        i, j = ia[k], ib[k]
        d_score = round(float(sn[j] - so[i]), 9)
        d_rank = int(ro[i] - rn[j])
        if changed_fields[k] or flipped[k]:
            status = "changed"
        elif d_score or d_rank or eo[i] != en[j]:
            status = "moved"
        else:
            status = "unchanged"
        rows.append((int(rn[j]), cid, status, int(ro[i]), int(rn[j]), d_rank, float(so[i]), float(sn[j]), d_score,
                     bool(eo[i]), bool(en[j]), "; ".join(changed_fields[k]), "; ".join(flipped[k])))
    rows.sort(key=lambda r: (r[0], r[1]))
    nan = float("nan")
    out = [r[1:] for r in rows]
    out += [(cid, "added", None, int(rn[new_pos[cid]]), None, nan, float(sn[new_pos[cid]]), nan, None,
             bool(en[new_pos[cid]]), "", "") for cid in added]
    out += [(cid, "removed", int(ro[old_pos[cid]]), None, None, float(so[old_pos[cid]]), nan, nan,
             bool(eo[old_pos[cid]]), None, "", "") for cid in removed]
    columns = {name: np.array([r[c] for r in out], dtype=object) for c, name in enumerate(DIFF_COLUMNS)}
    for name in ("old_score", "new_score", "score_change"):
        columns[name] = np.round(np.array([r[DIFF_COLUMNS.index(name)] for r in out], dtype=np.float64), 4)
    for name in ("old_rank", "new_rank", "rank_change"):  # float: a missing rank is an empty cell (NaN)
        columns[name] = np.array([np.nan if r[DIFF_COLUMNS.index(name)] is None else r[DIFF_COLUMNS.index(name)]
                                  for r in out], dtype=np.float64)
    for name in ("old_eligible", "new_eligible"):
        columns[name] = np.array(["" if r[DIFF_COLUMNS.index(name)] is None else
                                  ("true" if r[DIFF_COLUMNS.index(name)] else "false") for r in out], dtype=object)
    status = columns["status"]
    matched = np.isin(status, ("changed", "moved", "unchanged"))
    score_change = np.where(matched, columns["score_change"], 0.0)
    rank_change = np.array([r[DIFF_COLUMNS.index("rank_change")] or 0 for r in out], dtype=np.int64)
    old_e = np.array([bool(r[8]) for r in out])
    new_e = np.array([bool(r[9]) for r in out])
    summary = {
        "added": len(added), "removed": len(removed),
        "changed": int(np.isin(status, ("changed", "moved")).sum()), "fields": int((status == "changed").sum()),
        "unchanged": int((status == "unchanged").sum()),
        "up": int((score_change > 0).sum()), "down": int((score_change < 0).sum()),
        "rank_up": int((rank_change > 0).sum()), "rank_down": int((rank_change < 0).sum()),
        "became_eligible": int((matched & ~old_e & new_e).sum()),
        "became_ineligible": int((matched & old_e & ~new_e).sum()),
    }
    details = {cid: {"fields": field_parts[k], "rules": rule_parts[k]} for k, cid in enumerate(both)
               if field_parts[k] or rule_parts[k]}
    return Diff(columns, summary, details)
