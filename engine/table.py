"""The ranking table: the columns every output file takes, in rank order.

Explanation texts (top reasons, improvements, unknowns, gate reasons) are built once per
distinct combination and kept as codes (`Coded`), so writers store them as dictionary columns.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .columns import ArrowTexts, Coded
from .explain import KnownFields, Top, summarize
from .patterns import coded_rows, representatives

ARROW_IDS = 4096  # above this many rows, texts kept in Arrow (ids, names) are written from Arrow


def ranking_table(ranking: Any, lang: str = "en", top_n: int | None = None) -> tuple[list[str], dict[str, np.ndarray]]:
    """The ranking (an engine.core.Ranking) as columns in rank order (the top_n rows when given)."""
    a, res = ranking.assessment, ranking.result
    rules = a.ruleset.rules
    order = ranking.order[:top_n] if top_n else ranking.order
    if top_n and top_n < len(ranking):
        s, by_rank = ranking.summary(order), None  # summarise only the rows shown, already in rank order
    else:
        # Summarise rows where they lie and reorder the codes of the texts, not the summary.
        s, by_rank = summarize(a.ruleset, a.scorer_, res, KnownFields(a.ruleset, ranking.columns), jobs=a.jobs), order
    titles = np.array([r.title(lang) for r in rules], dtype=object)
    hints = np.array([r.hint(lang) for r in rules], dtype=object)
    gate_text = np.array([f"{r.title(lang)} [{r.cites}]" for r in rules], dtype=object)
    fields = np.array(a.ruleset.used_fields, dtype=object)

    def ranked(values: np.ndarray) -> np.ndarray:
        return np.take(values, order)

    def text(field: str) -> np.ndarray:
        col = ranking.columns[field]
        if isinstance(col.values, ArrowTexts):  # many distinct texts (ids, names; "" if unknown)
            shown = col.values[order]
            return shown if len(order) > ARROW_IDS else np.asarray(shown)  # strings for the few rows shown only
        if col.codes is not None and len(col.texts) < len(order):  # as the reader coded it ("" if unknown)
            return Coded.of(col.texts, ranked(col.codes), plain=True)
        if col.known.all():  # a required field: its values as they are
            return ranked(col.values)
        return np.where(ranked(col.known), ranked(col.values), "")

    eligible = ranked(res.eligible)
    data = {
        "rank": np.arange(1, len(order) + 1),
        "id": text("id"),
        "name": text("name"),
        "partner_city": text("partner_city"),
        "country": text("country"),
        "score": np.round(ranked(res.score), 2),
        "score_lo": np.round(ranked(res.score_lo), 2),
        "score_hi": np.round(ranked(res.score_hi), 2),
        "eligible": eligible,
        "possibly_ineligible": ranked(res.gate_unknown) & eligible,
        "gate_reasons": join_labels(gate_text, s.gates, None, by_rank),
        "top_reasons": join_labels(titles, s.reasons, "%+.1f", by_rank),
        "top_improvements": join_labels(hints, s.improvements, "+%.1f", by_rank),
        "unknowns_to_check": join_labels(fields, s.unknowns, "±%.1f", by_rank),
        "completeness": np.round(s.completeness if by_rank is None else ranked(s.completeness), 3),
    }
    return list(TABLE_COLUMNS), data


TABLE_COLUMNS = ("rank", "id", "name", "partner_city", "country", "score", "score_lo", "score_hi", "eligible",
                 "possibly_ineligible", "gate_reasons", "top_reasons", "top_improvements", "unknowns_to_check",
                 "completeness")


def join_labels(labels: np.ndarray, top_: Top, fmt: str | None, order: np.ndarray | None = None) -> np.ndarray:
    """Per row, the labels of a Top joined with '; ', each with its value formatted by fmt; with
    `order` (a permutation of the Top's rows), the rows taken in that order.

    Rows share few distinct (label, value) cells and few combinations of them: each cell is coded
    in sorted order of (label, value) per column, each row by its cells, through lookup tables (no
    sort of a million rows); each distinct row is formatted once and the rows keep its code (a
    dictionary column), reordered by one take. Each row shows its own
    values (one that rounds to zero keeps its sign, -0.0 or +0.0), so a row's texts do not depend on
    the other rows: a pipeline ranked in parts gives the same texts as ranked whole.
    """
    if order is not None and len(order) != len(top_.index):  # some rows only: take them first
        top_, order = top_.take(order), None
    n, k = top_.index.shape
    if n == 0 or k == 0:
        return np.full(n, "", dtype=object)
    code, count, cells = np.zeros(n, dtype=np.int32), 1, []
    for c in range(k):
        index = top_.index[:, c]
        if not (index >= 0).any():  # an empty column in every row (no gate at all): it adds nothing
            continue
        if fmt:
            shown = np.round(top_.value[:, c], 1)
            tenths = np.round(shown * 10).astype(np.int64)  # the cell as it is shown
            low = int(tenths.min())
            width = int(tenths.max()) - low + 1
            size = (len(labels) + 1) * width * 2
            whole = _whole(size)
            negative_zero = np.signbit(shown) & (tenths == 0)  # "-0.0" is not "+0.0"
            key = ((index.astype(whole) + 1) * width + (tenths - low).astype(whole)) * 2 + negative_zero
        else:  # the label alone: codes in the order of the rule (or field) index, as above
            shown, size = None, len(labels) + 1
            key = index.astype(_whole(size)) + 1
        cell, m, holder = coded_rows(key, size)
        cells.append((cell, index[holder].tolist(), shown[holder].tolist() if fmt else [0.0] * m))
        code, count, rows = coded_rows(code.astype(_whole(count * m)) * m + cell, count * m)
    texts = np.empty(count, dtype=object)
    for i, r in enumerate((rows if cells else representatives(code, count)).tolist()):
        parts = []
        for cell, index, shown in cells:
            j = cell[r]
            if index[j] >= 0:
                parts.append(f"{labels[index[j]]} ({fmt % shown[j]})" if fmt else str(labels[index[j]]))
        texts[i] = "; ".join(parts)
    return Coded.of(texts, code if order is None else np.take(code, order))


def _whole(size: int):
    """The integer type for codes below `size`: int32 where they fit (half the memory to pass)."""
    return np.int32 if size < 1 << 31 else np.int64
