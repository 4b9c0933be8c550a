"""Rows in, typed columns and rejects out: every row is either kept or rejected with its
row number, field, value and what was expected. Nothing is dropped silently."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..models.candidate import (
    CandidateError,
    Problem,
    coerce_cell,
    coerce_texts,
    expected_with,
    is_unknown,
    validate_record,
)
from ..models.errors import PolexError
from ..models.results import Reject
from ..models.vocabulary import (
    BAD_RECORD,
    BAD_ROW,
    BOOL,
    ENUM,
    FIELD_BY_NAME,
    FIELDS,
    FLOAT,
    INT,
    LIST,
    ORDINAL,
    PASSTHROUGH,
    REQUIRED,
    ROW,
    STR,
    FieldSpec,
    suggest,
)
from .columns import (
    ENUM_CODE,
    LAZY_CELLS,
    ArrowTexts,
    Coded,
    Column,
    Columns,
    coerced_texts,
    empty_column,
    encode_records,
    sorted_codes,
)

_FIELD_ORDER = {f.name: i for i, f in enumerate(FIELDS)}


class MissingColumns(PolexError):
    """The file lacks a required column: a usage problem, not a row problem."""

    def __init__(self, missing: list[str], header: list[str]):
        self.missing = missing
        hints = [f"{m} (did you mean {h!r}?)" if (h := suggest(m, header)) and h not in FIELD_BY_NAME else m
                 for m in missing]
        super().__init__("missing required column" + ("s " if len(missing) > 1 else " ") + ", ".join(hints))


@dataclass
class Intake:
    columns: Columns
    rows: np.ndarray  # each kept candidate's row as the file shows it (a spreadsheet's header is row 1), int64
    rejects: list[Reject]
    unknown_columns: dict[str, str | None] = field(default_factory=dict)  # column -> did you mean
    total: int = 0
    extras: dict[str, Any] = field(default_factory=dict)  # passthrough columns (source ...): texts per row
    header: Header | None = None  # how the file's columns were matched (used, renamed, ignored)
    sources: list[str] | None = None  # the files read, when a folder or a glob is one pipeline

    @property
    def rejected_rows(self) -> int:
        return len({(r.file, r.row) for r in self.rejects})  # two files may each reject their row 2


def header_key(name: Any) -> str:
    """A column name as it is matched: case, spaces, hyphens, underscores and dots ignored
    (`Demand Signal`, `demand-signal` and `DEMAND_SIGNAL` are one name); Unicode NFKC, so a
    full-width letter is its letter."""
    import unicodedata

    text = unicodedata.normalize("NFKC", str(name)).casefold()
    return "".join(ch for ch in text if not (ch.isspace() or ch in "-_.\u00b7"))


def _korean_names(spec: FieldSpec) -> list[str]:
    """The Korean labels of a field as the template and the field guide show them: the whole
    label, and its head before a parenthesis or a colon (`국가 (ISO ...)` is also `국가`)."""
    if not spec.ko:
        return []
    head = spec.ko.split("(")[0].split(":")[0].strip()
    return [spec.ko, head] if head and head != spec.ko else [spec.ko]


def _header_keys() -> dict[str, str]:
    """Matching key -> field: the names first, then the Korean labels (a label two fields share
    names neither)."""
    keys = {header_key(name): name for name in [*FIELD_BY_NAME, *PASSTHROUGH]}
    korean: dict[str, set[str]] = {}
    for spec in FIELDS:
        for label in _korean_names(spec):
            korean.setdefault(header_key(label), set()).add(spec.name)
    for k, owners in korean.items():
        if len(owners) == 1 and k not in keys:
            keys[k] = next(iter(owners))
    return keys


_HEADER_KEYS: dict[str, str] | None = None


@dataclass
class Header:
    """How a file's columns were read: `names` maps each column as written to the field or
    passthrough column it is (columns that are neither are absent), `renamed` the columns whose
    name was not the field's own, `ignored` the rest with a did-you-mean (or None)."""

    names: dict[str, str]
    renamed: dict[str, str]
    ignored: dict[str, str | None]

    @property
    def used(self) -> list[str]:
        return list(self.names.values())

    def canonical(self, header: Iterable[str]) -> list[str]:
        return [self.names.get(h, h) for h in header]


def resolve_header(header: Iterable[Any]) -> Header:
    """Match column names to the vocabulary ignoring case, spaces, hyphens, underscores and dots,
    and accept the Korean labels of the template. A field's own name wins over a variant of it;
    a second column for a field already matched is ignored (it would replace the first)."""
    global _HEADER_KEYS
    if _HEADER_KEYS is None:
        _HEADER_KEYS = _header_keys()
    header = [str(h) for h in header if str(h) not in (ROW, BAD_ROW)]
    names: dict[str, str] = {}
    taken: set[str] = set()
    for h in header:  # exact names first
        if (h in FIELD_BY_NAME or h in PASSTHROUGH) and h not in taken:
            names[h] = h
            taken.add(h)
    renamed: dict[str, str] = {}
    ignored: dict[str, str | None] = {}
    for h in header:
        if h in names:
            continue
        target = _HEADER_KEYS.get(header_key(h))
        if target is not None and target not in taken:
            names[h] = renamed[h] = target
            taken.add(target)
        else:
            ignored[h] = target or suggest(h, FIELD_BY_NAME)
    return Header(names, renamed, ignored)


REPEATED_HEADER = "a candidate, not a repeated header row"


def is_header_cell(cell: Any, name: str) -> bool:
    """A cell that is the column name of `name` (as resolve_header would read it)."""
    global _HEADER_KEYS
    if _HEADER_KEYS is None:
        _HEADER_KEYS = _header_keys()
    return isinstance(cell, str) and _HEADER_KEYS.get(header_key(cell)) == name


def is_header_row(record: Mapping[str, Any]) -> bool:
    """A row that repeats the header (two files pasted together): its id, partner_city and
    country cells are those columns' names."""
    return all(is_header_cell(record.get(k), k) for k in REQUIRED)


def check_header(header: Iterable[str]) -> dict[str, str | None]:
    """Raise MissingColumns for a missing required column; return unknown columns with a suggestion.
    `header` holds the names as resolve_header maps them."""
    header = [str(h) for h in header]
    missing = [r for r in REQUIRED if r not in header]
    if missing:
        raise MissingColumns(missing, header)
    return {h: suggest(h, FIELD_BY_NAME) for h in header if h not in FIELD_BY_NAME and h not in PASSTHROUGH
            and h not in (ROW, BAD_ROW)}


def validate_rows(rows: Iterable[Mapping[str, Any]], header: Iterable[str] | None = None,
                  first_row: int = 1) -> Intake:
    """Validate raw rows (cells as text or values); unknown columns are ignored (and reported)."""
    header = list(header) if header is not None else None
    names = resolve_header(header) if header is not None else None
    if names is not None:
        header = names.canonical(header)
        if names.renamed or names.ignored:
            rows = ({names.names.get(k, k) if k not in names.ignored else k: v for k, v in row.items()}
                    for row in rows)
    unknown = check_header(header) if header is not None else {}
    if names is not None:
        unknown = dict(names.ignored)
    kept, numbers, rejects, extras = [], [], [], {k: [] for k in PASSTHROUGH}
    seen_ids: dict[str, int] = {}
    total = 0
    for offset, row in enumerate(rows):
        total += 1
        number = row.get(ROW, first_row + offset)
        if BAD_ROW in row:
            rejects.append(ragged_row(number, row[BAD_ROW], len(header or [])))
            continue
        if BAD_RECORD in row:
            value, expected = row[BAD_RECORD]
            rejects.append(Reject(row=number, id=None, field="(row)", value=_cell(value), expected=expected))
            continue
        record = {k: v for k, v in row.items() if k in FIELD_BY_NAME or k in PASSTHROUGH}
        if is_header_row(record):
            rejects.append(Reject(row=number, id=None, field="(row)", value=_cell(record.get("id")),
                                  expected=REPEATED_HEADER))
            continue
        try:
            values = validate_record(record)
        except CandidateError as err:
            rid = row.get("id")
            rid = None if is_unknown(rid) else str(rid).strip()
            for p in sorted(err.problems, key=lambda p: _FIELD_ORDER.get(p.field, len(_FIELD_ORDER))):
                rejects.append(Reject(row=number, id=rid, field=p.field,
                                      value=_cell(p.value), expected=p.expected, suggestion=p.suggestion))
            continue
        rid = values["id"]
        if rid in seen_ids:
            rejects.append(Reject(row=number, id=rid, field="id", value=rid,
                                  expected=f"an id not used before (row {seen_ids[rid]} has it)"))
            continue
        seen_ids[rid] = number
        kept.append({k: v for k, v in values.items() if v is not None and k in FIELD_BY_NAME})
        for k in PASSTHROUGH:
            extras[k].append(values.get(k))
        numbers.append(number)
    return Intake(encode_records(kept), np.array(numbers, dtype=np.int64), rejects, unknown, total,
                  {k: v for k, v in extras.items() if any(x is not None for x in v)}, names)


def ragged_row(number: int, cells: int, width: int) -> Reject:
    """The reject of a record whose cell count is not the header's (every reader words it so)."""
    return Reject(row=number, id=None, field="(row)", value=f"{cells} cells", expected=f"{width} cells, as in the header")


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 200 else text[:197] + "..."


# ---- the columnar path: the same meaning, decided once per distinct cell ---------------------

@dataclass
class Cells:
    """One column of raw cells, dictionary-encoded: `uniques[codes[i]]` is row i's cell and
    code -1 is an empty cell. Validation runs coerce_cell once per distinct cell and spreads
    the verdict with numpy, so a million rows cost what their distinct values cost."""

    uniques: Sequence[Any]
    codes: np.ndarray
    arrow: Any = None  # the distinct cells as an Arrow text array, when the reader had one


@dataclass
class Numbers:
    """A numeric column already parsed by the reader: NaN where the cell was empty, and
    `bad` where a cell was present but not a number (e.g. a Parquet float that is NaN/inf)."""

    values: np.ndarray
    empty: np.ndarray
    bad: np.ndarray | None = None
    text: Sequence[Any] | None = None  # the cells as written, for reject messages


def _verdicts(spec: FieldSpec, uniques: Sequence[Any]) -> tuple[list[Any], list[Problem | None]]:
    if spec.kind == STR:  # free text cannot be wrong, only empty
        return coerce_texts(list(uniques)), [None] * len(uniques)
    values, problems = [], []
    for raw in uniques:
        try:
            values.append(coerce_cell(spec, raw))
            problems.append(None)
        except ValueError as err:
            values.append(None)
            problems.append(Problem(spec.name, raw, expected_with(spec.expected, err),
                                    err.args[0] if err.args else None))
    return values, problems


def _column_from_cells(spec: FieldSpec, cells: Cells, values: list,
                       problems: list) -> tuple[Column, tuple[np.ndarray, np.ndarray] | None]:
    """(column, errors) for one field, from the verdicts on its distinct cells; errors are the
    rows whose cell has a problem and each one's problem index, or None where no cell has one."""
    m = len(values)
    as_objects = np.empty(m + 1, dtype=object)
    if spec.kind == LIST:  # lists must not become a 2-D array
        known_u = np.array([v is not None for v in values] + [False], dtype=bool)
    else:
        as_objects[:m] = values
        known_u = as_objects != None  # noqa: E711 - elementwise test for None
    error_u = np.array([p is not None for p in problems] + [False], dtype=bool) if spec.kind != STR \
        else np.zeros(m + 1, dtype=bool)
    # Each table has the empty cell last, so code -1 reads it as it is (no pass to remap it to m).
    codes = cells.codes
    known = codes >= 0 if known_u[:m].all() else known_u[codes]
    if spec.kind in (ENUM, ORDINAL):
        table = np.array([spec.values.index(v) if v is not None else -1 for v in values] + [-1], dtype=ENUM_CODE)
        col = Column(table[codes], known)
    elif spec.kind == LIST:
        table = np.zeros((m + 1, len(spec.values)), dtype=bool)
        for i, v in enumerate(values):
            for member in v or ():
                table[i, spec.values.index(member)] = True
        col = Column(np.take(table.T, codes, axis=1).T, known)  # column-major: each member's column contiguous
    elif spec.kind == BOOL:
        table = np.array([bool(v) for v in values] + [False], dtype=bool)
        col = Column(table[codes], known)
    elif spec.kind in (INT, FLOAT):
        table = np.array([np.nan if v is None else float(v) for v in values] + [np.nan], dtype=float)
        col = Column(table[codes], known)
    else:
        as_objects[~known_u] = ""
        col = Column(as_objects[codes], known, as_objects, np.where(codes < 0, m, codes).astype(np.int32))
    if not error_u.any():
        return col, None
    hit = np.flatnonzero(error_u[codes])
    return col, (hit, codes[hit])


def _arrow_column(cells: Cells, texts) -> Column:
    """A text column whose values are `texts` (the cells' distinct texts as coerced_texts makes
    them) picked by the cells' codes: "" where the cell is empty or unknown, as
    _column_from_cells makes it."""
    import pyarrow.compute as pc

    values = _arrow_texts(cells, texts.fill_null(""), "")
    known_u = np.append(pc.is_valid(texts).to_numpy(zero_copy_only=False), False)  # the empty cell last
    return Column(values, known_u[values.codes])


def _arrow_texts(cells: Cells, texts, empty: str | None, rows=slice(None)) -> ArrowTexts:
    """The given rows' cells as `texts` (one per distinct cell, in Arrow), `empty` where the cell is empty."""
    import pyarrow as pa

    m = len(texts)
    texts = pa.concat_arrays([texts, pa.array([empty], texts.type)])
    return ArrowTexts(texts, np.where(cells.codes < 0, m, cells.codes)[rows])


def _many_texts(cells: Cells):
    """Many distinct texts (a million ids, names, free-text notes) as coerce_texts makes them, in
    Arrow (coerced_texts: no string per cell); None for few of them, or cells not read as Arrow
    texts, which coerce_texts decides one by one."""
    if cells.arrow is None or len(cells.uniques) <= LAZY_CELLS:
        return None
    return coerced_texts(cells.arrow)


def _column_from_numbers(spec: FieldSpec, nums: Numbers) -> tuple[Column, np.ndarray]:
    v = np.asarray(nums.values, dtype=float)
    bad = (~nums.empty) & (~np.isfinite(v))
    if nums.bad is not None:
        bad |= nums.bad
    if spec.minimum is not None:
        bad |= (~nums.empty) & np.isfinite(v) & (v < spec.minimum)
    if spec.kind == INT:
        with np.errstate(invalid="ignore"):
            bad |= (~nums.empty) & np.isfinite(v) & (v != np.floor(v))
    known = ~nums.empty & ~bad
    return Column(np.where(known, v, np.nan), known), bad


def validate_columns(raw: dict[str, Cells | Numbers], n: int, header: Iterable[str] | None = None,
                     numbers: np.ndarray | None = None, names: Header | None = None,
                     malformed: Sequence[Reject] = (), where: Callable[[int], str] | None = None,
                     taken: Callable[[Any], np.ndarray] | None = None) -> Intake:
    """Validate a whole file's columns at once; same verdicts as validate_rows, row for row.

    `numbers` are the rows' numbers as the user sees them (default 1..n); rows whose every
    cell is empty are dropped as blank lines (they are not candidates). `raw` is consumed:
    each column is let go once validated, so a million rows never sit in memory twice.
    `malformed` are records the reader could not split into the columns (a ragged CSV line),
    already rejected: they count in the total and take their place among the rejects by row.
    `where` words a row's number where a reject points to another row (default 'row N').
    `taken` (a pipeline read in parts): given the distinct ids (sorted, an Arrow array), the number of the row of an
    earlier part that holds each, or -1; a row whose id is held there is rejected as a repeat.
    """
    header = list(header) if header is not None else list(raw)
    if names is None:  # raw is keyed by the columns as written: match them to the fields here
        names = resolve_header(header)
        raw = {names.names.get(k, k) if k not in names.ignored else k: v for k, v in raw.items()}
        header = [names.names.get(h, h) if h not in names.ignored else h for h in header]
    check_header(header)
    unknown = dict(names.ignored)
    numbers = np.arange(1, n + 1) if numbers is None else np.asarray(numbers)
    held = where or (lambda number: f"row {number}")
    data: dict[str, Column] = {}
    # Per field with any bad cell: the rows (ascending), their problem codes (None for numbers), and
    # what explains them. Sparse: a million rows with a few bad cells hold a few indices, not 52 arrays.
    errors: dict[str, tuple[np.ndarray, np.ndarray | None, Any]] = {}
    # A row counts if any cell, known column or not, holds more than white space. Columns with
    # fewer distinct cells first; each later one looks only at the rows still empty, and only at
    # the cells those rows hold (a million distinct ids are not stripped when the rows are filled).
    present = np.zeros(n, dtype=bool)
    empty = np.arange(n)  # the rows no column has filled yet
    for source in sorted(raw.values(), key=lambda c: 0 if isinstance(c, Numbers) else len(c.uniques)):
        if not len(empty):
            break
        if isinstance(source, Numbers):
            filled = ~source.empty[empty]
        else:
            filled = _cell_test(source.uniques, source.codes[empty],
                                lambda u: (u.strip() != "") if isinstance(u, str) else _filled(u))
        present[empty[filled]] = True
        empty = empty[~filled]
    ids = raw.get("id")
    extras = {k: raw[k] for k in PASSTHROUGH if isinstance(raw.get(k), Cells)}
    required = {k: raw.get(k) for k in REQUIRED}  # kept to quote an empty required cell as written
    for spec in FIELDS:
        source = raw.pop(spec.name, None)
        if source is None:
            data[spec.name] = empty_column(spec, n)
            continue
        if isinstance(source, Numbers):
            col, bad = _column_from_numbers(spec, source)
            hit = np.flatnonzero(bad)
            if len(hit):
                errors[spec.name] = (hit, None, source)
        else:
            texts = _many_texts(source) if spec.kind == STR else None
            if texts is not None:  # many distinct texts (ids, names) stay Arrow texts
                values, col, bad_cells = texts, _arrow_column(source, texts), None
            else:
                values, problems = _verdicts(spec, source.uniques)
                col, bad_cells = _column_from_cells(spec, source, values, problems)
            if bad_cells is not None:
                errors[spec.name] = (*bad_cells, problems)
            if spec.name == "id":
                id_values = values  # duplicates are found on the ids as read, not as written
                id_texts = texts  # the same values, in Arrow (or None)
        data[spec.name] = col
        del source
    raw.clear()

    # A row that repeats the header: rejected as such (not as three bad cells). Its every required
    # cell is its column's name: the column with fewest distinct cells is tested first, and each
    # next one only on the rows still alike (so a million distinct ids are rarely tested at all).
    header_rows = np.zeros(n, dtype=bool)
    if all(isinstance(required.get(name), Cells) for name in REQUIRED):
        alike = np.arange(n)
        for name in sorted(REQUIRED, key=lambda k: len(required[k].uniques)):
            cells = required[name]
            alike = alike[_cell_test(cells.uniques, cells.codes[alike], lambda u, name=name: is_header_cell(u, name))]
        header_rows[alike] = True
    rejected = header_rows.copy()
    for hit, _, _ in errors.values():
        rejected[hit] = True
    for name in REQUIRED:
        rejected |= ~data[name].known
    rejected &= present
    # Duplicate ids: the first row keeps the id, later rows are rejected (as validate_rows does).
    held_at = np.full(n, -1, dtype=np.int64)  # the number of the row that holds a repeated id
    if isinstance(ids, Cells):
        # Cells that read as the same id (" a" and "a") are one id: code them by their value.
        # An id coerce_texts left no value (None, or null in Arrow) has code -1.
        remap = np.full(len(id_values) + 1, -1)
        keys, remap[:-1] = sorted_codes(id_texts if id_texts is not None else id_values)
        id_codes = remap[np.where(ids.codes < 0, len(id_values), ids.codes)]
        ok = present & ~rejected & (id_codes >= 0)
        codes = np.where(ok, id_codes, -1)
        if np.bincount(codes[ok], minlength=1).max(initial=0) > 1:  # some id repeats: find each first holder
            order = np.argsort(codes, kind="stable")
            in_order = codes[order]
            same = np.r_[False, in_order[1:] == in_order[:-1]] & (in_order >= 0)
            first = np.maximum.accumulate(np.where(~same, np.arange(n), 0))
            held_at[order[same]] = numbers[order[first[same]]]
            del order, in_order, same, first
        del codes
        if taken is not None:  # an earlier part holds the id: it came first
            earlier = np.asarray(taken(keys), dtype=np.int64)
            earlier = np.where(id_codes >= 0, earlier[np.maximum(id_codes, 0)], -1)
            held_at = np.where(ok & (earlier >= 0), earlier, held_at)
    rejected |= held_at >= 0

    rejects: list[Reject] = []
    bad_rows = np.flatnonzero(rejected)
    if len(bad_rows):
        id_text = _cell_texts(ids, bad_rows) if isinstance(ids, Cells) else [None] * len(bad_rows)
        per_row: dict[int, list[Problem]] = {int(r): [] for r in bad_rows}
        for spec in FIELDS:
            if spec.name not in errors:
                continue
            hit, codes, info = errors[spec.name]
            shown = rejected[hit] & present[hit]
            hit = hit[shown]
            codes = codes[shown] if codes is not None else None
            for i, r in enumerate(hit):
                if isinstance(info, Numbers):
                    value = info.values[r] if info.text is None else info.text[r]
                    problem = Problem(spec.name, value, spec.expected)
                else:
                    problem = info[int(codes[i])]
                per_row[int(r)].append(problem)
        for name in REQUIRED:
            for r in np.flatnonzero(~data[name].known & rejected & present):
                if not any(p.field == name for p in per_row[int(r)]):
                    per_row[int(r)].append(Problem(name, _raw_cell(required[name], r),
                                                   "a value (this field is required)"))
        for k, r in enumerate(bad_rows):
            rid = id_text[k]
            if header_rows[r]:
                rejects.append(Reject(row=int(numbers[r]), id=None, field="(row)",
                                      value=_cell(_raw_cell(required["id"], r)), expected=REPEATED_HEADER))
                continue
            for p in sorted(per_row[int(r)], key=lambda p: _FIELD_ORDER[p.field]):
                rejects.append(Reject(row=int(numbers[r]), id=rid, field=p.field, value=_cell(p.value),
                                      expected=p.expected, suggestion=p.suggestion))
            if held_at[r] >= 0 and not per_row[int(r)]:
                rejects.append(Reject(row=int(numbers[r]), id=rid, field="id", value=rid,
                                      expected=f"an id not used before ({held(int(held_at[r]))} has it)"))
    keep = present & ~rejected
    if keep.all():  # every row kept: the columns as they are, no copy
        rows = slice(None)
        columns = Columns(n, data)
    else:
        rows = np.flatnonzero(keep)
        for name in list(data):  # a column at a time, each let go once taken: never the rows twice
            data[name] = data[name].take(rows)
        columns = Columns(len(rows), data)
    if isinstance(ids, Cells) and columns.n:
        columns.tiebreak = id_codes[rows]  # np.unique's codes follow sorted order: the tie-break
        columns.id_texts = keys  # what the codes index: the ids written from Arrow
    kept_extras = {k: _cell_coded(c, rows) for k, c in extras.items()}
    if malformed:
        rejects = sorted([*malformed, *rejects], key=lambda r: r.row)  # stable: a row's own order kept
    return Intake(columns, numbers[rows].astype(np.int64), rejects, unknown, int(present.sum()) + len(malformed), kept_extras,
                  names)


def _cell_test(uniques: Sequence[Any], codes: np.ndarray, test) -> np.ndarray:
    """test(cell) for each of the given rows' cells (codes into uniques; -1, an empty cell, is
    False), run once per distinct cell those rows hold."""
    if len(codes) >= len(uniques):
        verdict = np.array([bool(test(u)) for u in uniques] + [False], dtype=bool)
    else:
        held = np.unique(codes[codes >= 0])
        verdict = np.zeros(len(uniques) + 1, dtype=bool)
        verdict[held] = [bool(test(uniques[int(u)])) for u in held]
    return verdict[np.where(codes < 0, len(uniques), codes)]


def _raw_cell(cells: Cells | Numbers | None, row: int) -> Any:
    """A cell as the file wrote it (None where it was empty)."""
    if cells is None:
        return None
    if isinstance(cells, Numbers):
        return None if cells.empty[row] else cells.values[row]
    code = cells.codes[row]
    return None if code < 0 else cells.uniques[code]


def _filled(cell: Any) -> bool:
    """A cell that holds more than white space (even `unknown`): its row is not blank."""
    if isinstance(cell, str):
        return cell.strip() != ""
    return not is_unknown(cell)


def _cell_coded(cells: Cells, rows) -> Coded | ArrowTexts:
    """The given rows' cells as text, trimmed (None where empty or unknown), decided once per
    distinct cell and kept as codes (a passthrough column is written without a string per row).
    Many distinct cells (free-text notes) stay Arrow, trimmed there: an ArrowTexts."""
    if (texts := _many_texts(cells)) is not None:
        return _arrow_texts(cells, texts, None, rows)
    texts = np.array([_cell_text(u) for u in cells.uniques] + [None], dtype=object)
    return Coded.of(texts, np.where(cells.codes < 0, len(cells.uniques), cells.codes)[rows], plain=True)


def _cell_text(cell: Any) -> str | None:
    return None if is_unknown(cell) else str(cell).strip()


def _cell_texts(cells: Cells, rows: np.ndarray) -> list[str | None]:
    """The given rows' cells as text (None where empty or unknown), as _cell_coded decides them:
    the rows' own cells only (a few rejects of a million distinct ids make a few strings)."""
    return [None if c < 0 else _cell_text(cells.uniques[int(c)]) for c in cells.codes[rows]]
