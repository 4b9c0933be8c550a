"""What changed between two snapshots of a pipeline, both ranked by the same assessment.

Candidates are matched by id. Per candidate: added, removed, changed (a field differs), moved
(no field differs, but its score or rank does: the others moved around it) or unchanged; the
score and rank on each side; the fields that differ (old -> new, unknown counts as a value of
its own); and the rules whose outcome flipped (true / false / unknown / n/a), which, with the
same rules and profile on both sides, are exactly the rules the changed fields reach. Fields are
compared as the files give them (before `archetype` is derived), so a one-field change reports
that one field. Pure: no files, no printing.

Two rankings (files written by `polex rank`, told apart from pipelines by their columns, see
`is_ranking`) are compared by `compare_rankings` with the same columns out: the ranks, scores and
eligibility the files hold; the fields both files carry (`rank --columns`; name, partner_city and
country always), each other field being "not available"; and the rules whose outcome flipped,
for the rules that can be established from the files: a rule whose every input field (through
derived facts and its scope) both files carry, evaluated on those fields, and a gate through the
files' `gate_reasons` (which lists every gate that is true).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..models.errors import PolexError
from ..models.vocabulary import BAD_ROW, BOOL, ENUM, FIELDS, FLOAT, INT, LIST, ORDINAL, ROW
from .outcomes import NAMES

DIFF_COLUMNS = ("id", "status", "old_rank", "new_rank", "rank_change", "old_score", "new_score", "score_change",
                "old_eligible", "new_eligible", "changed_fields", "flipped_rules")
STATUSES = ("added", "removed", "changed", "moved", "unchanged")
# A file with these columns was written by `polex rank` (no candidate field has these names).
RANKING_MARKERS = ("rank", "id", "score", "eligible")
# The fields every ranking carries; others only with `rank --columns`.
RANKING_IDENTITY = ("name", "partner_city", "country")
NOT_AVAILABLE = "other fields not available (rank with --columns FIELDS)"


@dataclass
class Diff:
    columns: dict[str, np.ndarray]  # DIFF_COLUMNS, one row per id in either snapshot
    summary: dict[str, int]
    # Per matched id with a change: {"fields": [(field, old text, new text)], "rules": [(rule index,
    # old outcome, new outcome)]}, the structured form of changed_fields and flipped_rules.
    details: dict[str, dict[str, list[tuple]]] = field(default_factory=dict)
    kind: str = "snapshots"  # or "rankings"
    # Rankings only: fields_compared (names), fields_available (any beyond the identity columns),
    # rules_checked / rules_total (how many rules' flips the files can establish).
    notes: dict = field(default_factory=dict)

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


def _positions(ids) -> dict[str, int]:
    """id -> its first row."""
    return {k: i for i, k in reversed(list(enumerate(np.asarray(ids).astype(str).tolist())))}


def _field_changes(old_columns, new_columns, ia: np.ndarray, ib: np.ndarray, names) -> list[list[tuple]]:
    """Per matched pair (old row ia[k], new row ib[k]): [(field, old text, new text)] over `names`."""
    parts: list[list[tuple]] = [[] for _ in range(len(ia))]
    for spec in FIELDS:
        if spec.name == "id" or spec.name not in names:
            continue
        if spec.name not in old_columns.data or spec.name not in new_columns.data:
            continue
        a, b = old_columns[spec.name], new_columns[spec.name]
        for k in np.flatnonzero(_differs(spec, a, b, ia, ib)):
            parts[k].append((spec.name, _text(spec, a.values, a.known, ia[k]), _text(spec, b.values, b.known, ib[k])))
    return parts


def _rule_flips(rules, oa: np.ndarray, ob: np.ndarray, checked: np.ndarray | None = None) -> list[list[tuple]]:
    """Per matched pair: [(rule index, old outcome, new outcome)] where the outcome codes differ
    (only in the `checked` rule columns when given)."""
    flips = oa != ob
    if checked is not None:
        flips &= checked[None, :]
    parts: list[list[tuple]] = [[] for _ in range(oa.shape[0])]
    for k, j in zip(*np.nonzero(flips)):
        parts[k].append((int(j), NAMES[int(oa[k, j])], NAMES[int(ob[k, j])]))
    return parts


@dataclass
class _Side:
    """One side of a diff, per row: id, rank, score, eligibility (the ranking's or the file's)."""

    ids: np.ndarray
    rank: np.ndarray
    score: np.ndarray
    eligible: np.ndarray


def _assemble(old: _Side, new: _Side, both: list[str], ia: np.ndarray, ib: np.ndarray,
              field_parts: list[list[tuple]], rule_parts: list[list[tuple]], rules,
              own_change: np.ndarray | None = None, field_note: str = "") -> tuple[dict, dict, dict]:
    """The diff's columns, summary and details from the matched pairs and their changes. A matched
    candidate is `changed` when a field or rule changed (or `own_change`: its own record must have),
    `moved` when only its score, rank or eligibility did, else `unchanged`."""
    old_pos, new_pos = _positions(old.ids), _positions(new.ids)
    so, sn, ro, rn, eo, en = old.score, new.score, old.rank, new.rank, old.eligible, new.eligible
    added = sorted(set(new_pos) - set(old_pos), key=lambda k: (rn[new_pos[k]], k))
    removed = sorted(set(old_pos) - set(new_pos), key=lambda k: (ro[old_pos[k]], k))
    rows = []
    for k, cid in enumerate(both):
        i, j = ia[k], ib[k]
        d_score = round(float(sn[j] - so[i]), 9)
        d_rank = int(ro[i] - rn[j])
        fields = [f"{f}: {a} → {b}" for f, a, b in field_parts[k]] + ([field_note] if field_note else [])
        flipped = [f"{rules[r].id}: {a} → {b}" for r, a, b in rule_parts[k]]
        if field_parts[k] or rule_parts[k] or (own_change is not None and own_change[k]):
            status = "changed"
        elif d_score or d_rank or eo[i] != en[j]:
            status = "moved"
        else:
            status = "unchanged"
        rows.append((int(rn[j]), cid, status, int(ro[i]), int(rn[j]), d_rank, float(so[i]), float(sn[j]), d_score,
                     bool(eo[i]), bool(en[j]), "; ".join(fields), "; ".join(flipped)))
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
    return columns, summary, details


def _matched(old_ids, new_ids) -> tuple[list[str], np.ndarray, np.ndarray]:
    old_pos, new_pos = _positions(old_ids), _positions(new_ids)
    both = sorted(set(old_pos) & set(new_pos))
    return (both, np.array([old_pos[k] for k in both], dtype=np.int64),
            np.array([new_pos[k] for k in both], dtype=np.int64))


def compare(old_columns, new_columns, old_ranking, new_ranking) -> Diff:
    """Diff two snapshots: their input columns (as read) and their Rankings (same rules and profile)."""
    both, ia, ib = _matched(old_columns.ids, new_columns.ids)
    field_parts = _field_changes(old_columns, new_columns, ia, ib, set(old_columns.data) & set(new_columns.data))
    rules = old_ranking.assessment.ruleset.rules
    rule_parts = _rule_flips(rules, old_ranking.result.outcomes[ia], new_ranking.result.outcomes[ib])

    def side(columns, ranking):
        return _Side(np.asarray(columns.ids).astype(str), ranking.ranks, ranking.result.score, ranking.result.eligible)

    columns, summary, details = _assemble(side(old_columns, old_ranking), side(new_columns, new_ranking), both, ia,
                                          ib, field_parts, rule_parts, rules)
    return Diff(columns, summary, details)


# ---- two rankings ---------------------------------------------------------------------------


class RankingFileError(PolexError):
    """A ranking file polex cannot read as one (a cell of its own columns that is not what `rank` writes)."""


def is_ranking(column_names) -> bool:
    """Whether a file's columns are those of a ranking written by `polex rank` (any output format)."""
    names = {str(c) for c in column_names}
    return all(m in names for m in RANKING_MARKERS)


@dataclass
class RankingFile:
    """One ranking as read: its own columns per row (file order) and the input fields it carries,
    typed, as the same file read as a pipeline gives them (`columns`, `carried`)."""

    ids: np.ndarray  # str
    rank: np.ndarray  # float
    score: np.ndarray  # float
    eligible: np.ndarray  # bool
    possibly: np.ndarray | None  # bool: eligible with a gate unknown (None: no such column)
    gates: np.ndarray | None  # object: the gate_reasons text (None: no such column)
    columns: Any = None  # engine.columns.Columns of the carried fields (others unknown)
    carried: frozenset[str] = frozenset()  # the input fields the file has a column for


def _number(value, what: str, name: str, row: int) -> float:
    if isinstance(value, bool) or value is None or (isinstance(value, str) and not value.strip()):
        raise RankingFileError(f"{name}: row {row}: {what} is empty; a ranking written by `polex rank` has one "
                               "in every row")
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise RankingFileError(f"{name}: row {row}: {what} {value!r} is not a number") from None
    if not np.isfinite(x):
        raise RankingFileError(f"{name}: row {row}: {what} {value!r} is not a number")
    return x


def _flag(value, what: str, name: str, row: int) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    raise RankingFileError(f"{name}: row {row}: {what} {value!r} is not true or false")


def _joined(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, np.ndarray)):
        return "; ".join(map(str, value))
    return str(value)


def ranking_file(header, rows: list[dict], name: str, columns=None, carried=()) -> RankingFile:
    """A RankingFile from a table's header and rows (dicts, as formats.rows.read_table gives them)
    and, optionally, the same file read as a pipeline (its Columns and the fields it carried)."""
    header = [str(h) for h in header]
    ids, rank, score, eligible = [], [], [], []
    possibly = [] if "possibly_ineligible" in header else None
    gates = [] if "gate_reasons" in header else None
    for k, r in enumerate(rows, start=1):
        row = r.get(ROW, k + 1)
        if BAD_ROW in r:
            raise RankingFileError(f"{name}: row {row}: {r[BAD_ROW]} cells where the header has {len(header)}")
        cid = r.get("id")
        if cid is None or (isinstance(cid, str) and not cid.strip()):
            raise RankingFileError(f"{name}: row {row}: no id")
        ids.append(str(cid))
        rank.append(_number(r.get("rank"), "rank", name, row))
        score.append(_number(r.get("score"), "score", name, row))
        eligible.append(_flag(r.get("eligible"), "eligible", name, row))
        if possibly is not None:
            possibly.append(_flag(r.get("possibly_ineligible"), "possibly_ineligible", name, row))
        if gates is not None:
            gates.append(_joined(r.get("gate_reasons")))
    return RankingFile(np.array(ids, dtype=object).astype(str), np.array(rank, dtype=np.float64),
                       np.array(score, dtype=np.float64), np.array(eligible, dtype=bool),
                       None if possibly is None else np.array(possibly, dtype=bool),
                       None if gates is None else np.array(gates, dtype=object), columns, frozenset(carried))


def rule_inputs(ruleset) -> dict[str, frozenset[str]]:
    """For each rule, every candidate field its outcome depends on: its condition's and its scope's
    fields, through derived facts (theirs too)."""
    from .compile import node_fields

    derived = {r.id: r for r in ruleset.rules if r.kind == "derive"}
    memo: dict[str, frozenset[str]] = {}

    def inputs(rule) -> frozenset[str]:
        if rule.id not in memo:
            direct = set(rule.fields) | (set(node_fields(rule.applies)) if rule.applies is not None else set())
            out: set[str] = set()
            for f in direct:
                out |= inputs(derived[f]) if f in derived else {f}
            memo[rule.id] = frozenset(out)
        return memo[rule.id]

    return {r.id: inputs(r) for r in ruleset.rules}


def _gates_true(ruleset, texts: np.ndarray) -> np.ndarray:
    """rows x rules: the gate is listed in the row's gate_reasons (in English or Korean)."""
    rules = ruleset.rules
    out = np.zeros((len(texts), len(rules)), dtype=bool)
    for j, r in enumerate(rules):
        if r.kind != "gate":
            continue
        marks = {f"{r.title(lang)} [{r.cites}]" for lang in ("en", "ko")}
        out[:, j] = [any(m in str(t) for m in marks) for t in texts]
    return out


def compare_rankings(old: RankingFile, new: RankingFile, assessment) -> Diff:
    """Diff two rankings written by `polex rank`: ranks, scores and eligibility as the files give
    them; the fields both carry; the rules whose flips the files establish (see the module doc),
    evaluated with `assessment`'s rules, which should be those the rankings were made with."""
    both, ia, ib = _matched(old.ids, new.ids)
    m = len(both)
    compared = {f.name for f in FIELDS if f.name in old.carried and f.name in new.carried} - {"id"}
    available = bool(compared - set(RANKING_IDENTITY))
    ruleset = assessment.ruleset
    rules = ruleset.rules

    # Rows of each file's pipeline reading (its Columns) for the matched ids.
    def rows_in(side: RankingFile, idx: np.ndarray) -> np.ndarray:
        if side.columns is None:
            return np.full(len(idx), -1, dtype=np.int64)
        pos = _positions(side.columns.ids)
        return np.array([pos.get(str(side.ids[i]), -1) for i in idx], dtype=np.int64)

    ca, cb = rows_in(old, ia), rows_in(new, ib)
    readable = (ca >= 0) & (cb >= 0)
    field_parts: list[list[tuple]] = [[] for _ in range(m)]
    if readable.any() and compared:
        keep = np.flatnonzero(readable)
        for k, parts in zip(keep, _field_changes(old.columns, new.columns, ca[keep], cb[keep], compared)):
            field_parts[k] = parts

    # Rules: evaluated on the carried fields where all their inputs are carried by both files.
    inputs = rule_inputs(ruleset)
    covered = np.array([bool(inputs[r.id]) and inputs[r.id] <= compared for r in rules], dtype=bool)
    outcome_a = np.full((m, len(rules)), -9, dtype=np.int8)
    outcome_b = outcome_a.copy()
    if covered.any() and readable.any():
        keep = np.flatnonzero(readable)
        oa = assessment.rank(old.columns.take(ca[keep])).result.outcomes
        ob = assessment.rank(new.columns.take(cb[keep])).result.outcomes
        outcome_a[keep], outcome_b[keep] = oa, ob
    checked = covered.copy()
    # Gates the fields cannot settle: the files' gate_reasons list every gate that is true.
    gate = np.array([r.kind == "gate" for r in rules], dtype=bool)
    by_reasons = gate & ~covered if old.gates is not None and new.gates is not None else np.zeros(len(rules), bool)
    if by_reasons.any():
        ga, gb = _gates_true(ruleset, old.gates[ia]), _gates_true(ruleset, new.gates[ib])
        checked |= by_reasons
    rule_parts: list[list[tuple]] = [[] for _ in range(m)]
    for k in range(m):
        for j in np.flatnonzero(checked):
            if covered[j]:
                if not readable[k] or outcome_a[k, j] == outcome_b[k, j]:
                    continue
                rule_parts[k].append((int(j), NAMES[int(outcome_a[k, j])], NAMES[int(outcome_b[k, j])]))
            elif ga[k, j] != gb[k, j]:
                rule_parts[k].append((int(j), *(("true", "not true") if ga[k, j] else ("not true", "true"))))

    own = (np.round(new.score[ib] - old.score[ia], 9) != 0) | (old.eligible[ia] != new.eligible[ib])
    if old.possibly is not None and new.possibly is not None:
        own |= old.possibly[ia] != new.possibly[ib]
    columns, summary, details = _assemble(
        _Side(old.ids, old.rank, old.score, old.eligible), _Side(new.ids, new.rank, new.score, new.eligible),
        both, ia, ib, field_parts, rule_parts, rules, own_change=own,
        field_note="" if available else NOT_AVAILABLE)
    notes = {"fields_compared": [f.name for f in FIELDS if f.name in compared], "fields_available": available,
             "rules_checked": int(checked.sum()), "rules_total": len(rules),
             "rules_by_fields": int(covered.sum()), "gates_by_reasons": int(by_reasons.sum())}
    return Diff(columns, summary, details, kind="rankings", notes=notes)
