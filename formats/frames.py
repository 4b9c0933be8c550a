"""The ranking as typed tables (pandas, Arrow) and pipelines from them: `polex.rank(dataframe)`,
`Ranking.to_pandas()`, `Ranking.to_arrow()`, and the extra columns of `rank --columns`.

pandas and pyarrow are imported here, only when asked for."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..models.vocabulary import BOOL, ENUM, FIELD_BY_NAME, FLOAT, INT, LIST, LIST_SEPARATOR, ORDINAL

LIST_COLUMNS = ("gate_reasons", "top_reasons", "top_improvements", "unknowns_to_check")
FAMILIES = "families"  # the --columns word for every family score


def is_frame(obj: Any) -> bool:
    """A pandas DataFrame or a pyarrow Table / RecordBatch (without importing either)."""
    kind = type(obj)
    return (kind.__module__.startswith("pandas") and kind.__name__ == "DataFrame") or \
        (kind.__module__.startswith("pyarrow") and kind.__name__ in ("Table", "RecordBatch"))


def frame_records(obj: Any) -> list[dict[str, Any]]:
    """The rows of a DataFrame or an Arrow table as mappings, column names matched to the vocabulary
    as a file's header is (case, spaces, hyphens, Korean labels); a missing value is unknown."""
    from ..engine.intake import resolve_header

    if type(obj).__module__.startswith("pandas"):
        columns = [str(c) for c in obj.columns]
        rows = obj.astype(object).where(obj.notna(), None).to_dict("records")
        rows = [{str(k): v for k, v in r.items()} for r in rows]
    else:
        columns = list(obj.column_names)
        rows = obj.to_pylist()
    names = resolve_header(columns)
    return [{names.names.get(k, k): (v.tolist() if hasattr(v, "tolist") else v) for k, v in r.items()
             if k in names.names} for r in rows]


def input_column(ranking, field: str, order: np.ndarray, as_list: bool = False) -> np.ndarray:
    """One input field in rank order, decoded to what the file said (empty where unknown); a list
    field as ';'-joined text, or as lists with `as_list`."""
    spec = FIELD_BY_NAME[field]
    col = ranking.columns[field]
    values, known = col.values[order], col.known[order]
    out = np.empty(len(order), dtype=object)
    if spec.kind in (ENUM, ORDINAL):
        names = np.array(list(spec.values) + [None], dtype=object)
        out[:] = names[np.where(known, values.astype(np.int64), len(spec.values))]
    elif spec.kind == LIST:
        for i in range(len(order)):
            items = [spec.values[j] for j in np.flatnonzero(values[i])] if known[i] else None
            out[i] = items if as_list or items is None else LIST_SEPARATOR.join(items)
    elif spec.kind == BOOL:
        out[:] = [bool(v) if k else None for v, k in zip(values, known)]
    elif spec.kind == INT:
        out[:] = [int(v) if k else None for v, k in zip(values, known)]
    elif spec.kind == FLOAT:
        out[:] = [float(v) if k else None for v, k in zip(values, known)]
    else:
        out[:] = np.where(known, values, None)
    return out


def shown_values(wanted: list[str]) -> set[str]:
    """The intermediate values of a ranking (ScoreResult's, besides the scores) a file's table
    reads: the outcomes and their patterns (the summaries), each family's scores if `wanted`."""
    return {"outcomes", "patterns", *(["family"] if FAMILIES in wanted else [])}


def keep_shown(ranking, wanted: list[str]) -> None:
    """Let go of the ranking's values a file's table does not show (before it is built): the
    candidates' fields other than id, name, partner_city, country and `wanted` (their known masks
    stay, for the summaries), and each family's points (its scores too unless `wanted` asks)."""
    ranking.columns = ranking.columns.keeping({"id", "name", "partner_city", "country", *wanted})
    ranking.result = ranking.result.keeping(shown_values(wanted))


def family_scores(ranking, order: np.ndarray) -> dict[str, np.ndarray]:
    """Each family's score (0..1, as the scorecard shows it) in rank order, as `family_<name>`."""
    families = ranking.assessment.scorer_.families_
    scores = ranking.result.family[order]
    return {f"family_{f}": np.round(scores[:, i], 4) for i, f in enumerate(families)}


def parse_columns(spec: str | None) -> list[str]:
    """--columns 'families,stage,funding_sources' -> the names; ValueError names an unknown one."""
    from ..models.vocabulary import PASSTHROUGH, did_you_mean, suggest

    names = [c.strip() for c in (spec or "").split(",") if c.strip()]
    for name in names:
        if name != FAMILIES and name not in FIELD_BY_NAME and name not in PASSTHROUGH:
            raise ValueError(f"unknown column {name!r}" + did_you_mean(suggest(name, [*FIELD_BY_NAME, FAMILIES]))
                             + f"; give '{FAMILIES}' or field names, separated by commas")
    return names


def carried_columns(ranking, intake, header: list[str], data: dict, top: int | None) -> list[str]:
    """Add each candidate's carried-through columns (source, notes) to a file. (Not its input row
    number: the same rows in another order must give the same file, byte for byte.)"""
    from ..engine.columns import ArrowTexts, Coded

    order = ranking.order[:top] if top else ranking.order
    header = list(header)
    for key, values in (intake.extras or {}).items():
        if len(values) == len(ranking) and key not in header:
            codes = getattr(values, "codes", None)  # as the reader coded them: one text per distinct cell
            if isinstance(values, ArrowTexts):  # many distinct texts, kept in Arrow
                data[key] = values[order]
            elif codes is not None:
                data[key] = Coded.of(values.texts, codes[order], plain=True)
            else:
                data[key] = np.take(np.asarray(values, dtype=object), order)
            header.append(key)
    return header


def add_columns(ranking, header: list[str], data: dict[str, Any], names: list[str], order: np.ndarray,
                as_list: bool = False) -> list[str]:
    """Add the --columns to a ranking table (after its own columns)."""
    header = list(header)
    for name in names:
        if name == FAMILIES:
            for key, values in family_scores(ranking, order).items():
                if key not in header:
                    data[key] = values
                    header.append(key)
        elif name in FIELD_BY_NAME and name not in header:
            data[name] = input_column(ranking, name, order, as_list)
            header.append(name)
    return header


def to_arrow(ranking, lang: str = "en", columns: list[str] | None = None):
    """The output table as a pyarrow Table with typed columns: rank int64, scores float64,
    eligibility bool, the reason columns as lists of text, --columns as their field's type."""
    import pyarrow as pa

    header, data = ranking.table(lang)
    order = ranking.order
    header = add_columns(ranking, header, data, list(columns or []), order, as_list=True)
    lists = _reason_lists(ranking, lang, order)
    arrays = {}
    for name in header:
        values = data[name]
        dense = np.asarray(values.tolist() if hasattr(values, "tolist") and not isinstance(values, np.ndarray)
                           else values, dtype=object if not isinstance(values, np.ndarray) else None)
        if name in LIST_COLUMNS:
            arrays[name] = pa.array(lists[name], type=pa.list_(pa.string()))
        elif name in FIELD_BY_NAME and FIELD_BY_NAME[name].kind == LIST:
            arrays[name] = pa.array(list(dense), type=pa.list_(pa.string()))
        elif dense.dtype == object:
            arrays[name] = pa.array([None if v is None else v for v in dense])
        else:
            arrays[name] = pa.array(dense)
    return pa.table(arrays)


def _reason_lists(ranking, lang: str, order: np.ndarray) -> dict[str, list[list[str]]]:
    """The reason columns as lists, item for item what the files join with '; ' (a hint may hold
    '; ' itself, so the joined text is never split)."""
    a = ranking.assessment
    rules = a.ruleset.rules
    s = ranking.summary().take(order)
    labels = {
        "gate_reasons": ([f"{r.title(lang)} [{r.cites}]" for r in rules], s.gates, None),
        "top_reasons": ([r.title(lang) for r in rules], s.reasons, "%+.1f"),
        "top_improvements": ([r.hint(lang) for r in rules], s.improvements, "+%.1f"),
        "unknowns_to_check": (list(a.ruleset.used_fields), s.unknowns, "±%.1f"),
    }
    out = {}
    for name, (texts, top, fmt) in labels.items():
        index, value = top.index, np.round(top.value, 1)
        out[name] = [[f"{texts[j]} ({fmt % value[i, c]})" if fmt else texts[j]
                      for c, j in enumerate(index[i]) if j >= 0] for i in range(len(order))]
    return out


def to_pandas(ranking, lang: str = "en", columns: list[str] | None = None):
    """The output table as a pandas DataFrame (typed as to_arrow; lists as Python lists)."""
    return to_arrow(ranking, lang, columns).to_pandas()
