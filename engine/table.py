"""The ranking table: the columns every output file takes, in rank order.

Explanation texts (top reasons, improvements, unknowns, gate reasons) are joined per distinct
combination and kept as codes (`Coded`), so writers store them as dictionary columns.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .explain import Top


def ranking_table(ranking: Any, lang: str = "en", top_n: int | None = None) -> tuple[list[str], dict[str, np.ndarray]]:
    """The ranking (an engine.core.Ranking) as columns in rank order (the top_n rows when given)."""
    a, res = ranking.assessment, ranking.result
    rules = a.ruleset.rules
    order = ranking.order[:top_n] if top_n else ranking.order
    # Summarise rows where they lie and reorder the small result, not the per-rule matrix.
    s = ranking.summary(order) if top_n and top_n < len(ranking) else ranking.summary().take(order)
    titles = np.array([r.title(lang) for r in rules], dtype=object)
    hints = np.array([r.hint(lang) for r in rules], dtype=object)
    gate_text = np.array([f"{r.title(lang)} [{r.cites}]" for r in rules], dtype=object)
    fields = np.array(a.ruleset.used_fields, dtype=object)
    def text(field: str) -> np.ndarray:
        col = ranking.columns[field]
        return np.where(col.known[order], col.values[order], "")

    data = {
        "rank": np.arange(1, len(order) + 1),
        "id": text("id"),
        "name": text("name"),
        "partner_city": text("partner_city"),
        "country": text("country"),
        "score": np.round(res.score[order], 2),
        "score_lo": np.round(res.score_lo[order], 2),
        "score_hi": np.round(res.score_hi[order], 2),
        "eligible": res.eligible[order],
        "possibly_ineligible": res.gate_unknown[order] & res.eligible[order],
        "gate_reasons": join_labels(gate_text, s.gates, None),
        "top_reasons": join_labels(titles, s.reasons, "%+.1f"),
        "top_improvements": join_labels(hints, s.improvements, "+%.1f"),
        "unknowns_to_check": join_labels(fields, s.unknowns, "±%.1f"),
        "completeness": np.round(s.completeness, 3),
    }
    return list(TABLE_COLUMNS), data


TABLE_COLUMNS = ("rank", "id", "name", "partner_city", "country", "score", "score_lo", "score_hi", "eligible",
                 "possibly_ineligible", "gate_reasons", "top_reasons", "top_improvements", "unknowns_to_check",
                 "completeness")


def join_labels(labels: np.ndarray, top_: Top, fmt: str | None) -> np.ndarray:
    """Per row, the labels of a Top joined with '; ', each with its value formatted by fmt.

    Rows share few distinct (label, value) combinations, so each distinct combination is
    formatted once and spread to its rows with numpy: no Python loop per candidate.
    """
    n, k = top_.index.shape
    if n == 0 or k == 0:
        return np.full(n, "", dtype=object)
    shown = np.round(top_.value, 1) if fmt else np.zeros_like(top_.value)
    # Code each (label, value) cell, then each row's k codes, with 1-D integer np.unique.
    cell_codes, cells = [], []
    for c in range(k):
        key = top_.index[:, c].astype(np.int64) * (1 << 32) + np.round(shown[:, c] * 10).astype(np.int64)
        distinct, inverse = np.unique(key, return_inverse=True)
        first = np.zeros(len(distinct), dtype=np.int64)
        first[inverse.reshape(-1)[::-1]] = np.arange(n)[::-1]  # a row holding each distinct cell
        cells.append([(int(top_.index[r, c]), float(shown[r, c])) for r in first])
        cell_codes.append(inverse.reshape(-1).astype(np.int64))
    row_key = np.zeros(n, dtype=np.int64)
    for c in range(k):
        row_key = row_key * (len(cells[c]) + 1) + cell_codes[c]
    distinct, inverse = np.unique(row_key, return_inverse=True)
    first = np.zeros(len(distinct), dtype=np.int64)
    first[inverse.reshape(-1)[::-1]] = np.arange(n)[::-1]
    texts = np.empty(len(distinct), dtype=object)
    for i, r in enumerate(first):
        parts = []
        for c in range(k):
            idx, value = cells[c][cell_codes[c][r]]
            if idx >= 0:
                parts.append(f"{labels[idx]} ({fmt % value})" if fmt else str(labels[idx]))
        texts[i] = "; ".join(parts)
    return Coded.of(texts, inverse.reshape(-1))


class Coded(np.ndarray):
    """An object array of texts that also keeps its distinct values and codes, so writers
    can store a million rows of a few hundred distinct texts as a dictionary column."""

    @classmethod
    def of(cls, texts: np.ndarray, codes: np.ndarray) -> Coded:
        out = texts[codes].view(cls)
        out.texts, out.codes = texts, codes
        return out

    def __array_finalize__(self, obj):
        # A slice or a copy is a plain array again: its codes would no longer match.
        self.texts = self.codes = None
