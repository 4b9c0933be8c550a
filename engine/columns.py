"""Typed candidate columns: the one encoding both executors read.

Enums become their order index (so ordinal comparisons are integer comparisons), lists a
boolean matrix of members, numbers float64; every column carries a `known` mask, since
unknown is a value of its own and never false.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from ..models.vocabulary import BOOL, ENUM, FIELDS, FLOAT, INT, LIST, ORDINAL, UNKNOWN_TOKENS, FieldSpec

# An enum or ordinal field's codes (-1: unknown): one byte, as every vocabulary enum has fewer than
# 128 values (a test holds it); the executor's comparisons read half the memory of int16.
ENUM_CODE = np.int8


class Column(NamedTuple):
    values: np.ndarray
    known: np.ndarray
    # A text column as the reader coded it: values == texts[codes]. Tests on the text read the few
    # distinct texts once and spread the verdicts by code (engine.batch), not a million strings.
    texts: np.ndarray | None = None
    codes: np.ndarray | None = None

    def take(self, rows) -> Column:
        codes = None if self.codes is None else self.codes[rows]
        v = self.values
        if not (isinstance(rows, np.ndarray) and rows.dtype.kind in "iu" and getattr(v, "ndim", 1) == 2
                and v.strides[0] == v.itemsize):
            return Column(v[rows], self.known[rows], self.texts, codes)
        # A column-major member matrix stays column-major (each member's rows contiguous; v[rows] would be row-major).
        return Column(np.take(v.T, rows, axis=1).T, self.known[rows], self.texts, codes)


def text_ends(texts) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Of an Arrow text array (type string): each text's length in bytes, and the first and the
    last byte of each non-empty one, read from its buffers (no string is made)."""
    offsets = np.frombuffer(texts.buffers()[1], dtype=np.int32)[texts.offset:texts.offset + len(texts) + 1]
    lengths = np.diff(offsets)
    data = texts.buffers()[2]
    if data is None:  # every text empty
        return lengths, np.zeros(0, dtype=np.uint8), np.zeros(0, dtype=np.uint8)
    data, full = np.frombuffer(data, dtype=np.uint8), lengths > 0
    return lengths, data[offsets[:-1][full]], data[offsets[1:][full] - 1]


class Coded(np.ndarray):
    """An object array of texts that also keeps its distinct values and codes, so writers
    can store a million rows of a few hundred distinct texts as a dictionary column."""

    @classmethod
    def of(cls, texts: np.ndarray, codes: np.ndarray, plain: bool = False) -> Coded:
        """`plain`: written as a text column all the same (an input column such as `name`, whose
        codes only save converting and escaping the same text a million times)."""
        out = np.take(texts, codes).view(cls)
        out.texts, out.codes, out.plain = texts, codes, plain
        return out

    def __array_finalize__(self, obj):
        # A slice or a copy is a plain array again: its codes would no longer match.
        self.texts = self.codes = None
        self.plain = False


class ArrowTexts:
    """Texts picked by code from an Arrow text array, made Python strings only when asked: a
    million ids go from the reader to the writer in Arrow (formats.writers), not as a million
    str. Rows taken (a slice, an index array, a mask) are codes taken: still no string made;
    one row is its str; anything else sees an object array (np.asarray)."""

    plain = True
    dtype = np.dtype(object)
    ndim = 1

    def __init__(self, texts, codes: np.ndarray):
        self.texts, self.codes = texts, codes

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def shape(self) -> tuple[int]:
        return (len(self.codes),)

    def to_arrow(self):
        import pyarrow as pa

        return self.texts.take(pa.array(self.codes))

    def tolist(self) -> list:
        return self.to_arrow().to_pylist()

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        return np.array(self.tolist(), dtype=object if dtype is None else dtype)

    def __iter__(self):
        return iter(self.tolist())

    def astype(self, dtype) -> np.ndarray:
        return np.asarray(self).astype(dtype)

    def isin(self, values) -> np.ndarray:
        """Which rows' texts are among `values` (str): each distinct text tested once, in Arrow,
        then spread by code. A str UTF-8 cannot hold (a lone surrogate) matches no text."""
        import pyarrow as pa
        import pyarrow.compute as pc

        wanted = pa.array(sorted(v for v in values if utf8(v)), self.texts.type)
        return pc.is_in(self.texts, value_set=wanted).to_numpy(zero_copy_only=False)[self.codes]

    def __eq__(self, other) -> np.ndarray:
        """Row by row, as an object array compares (a rule `id == X` reads this)."""
        return self.isin((other,)) if isinstance(other, str) else np.asarray(self) == other

    def __ne__(self, other) -> np.ndarray:
        return ~(self == other) if isinstance(other, str) else np.asarray(self) != other

    __hash__ = None  # compared row by row, like an array: not a dictionary key

    def __getitem__(self, rows):
        if isinstance(rows, (int, np.integer)):
            return self.texts[int(self.codes[rows])].as_py()
        return ArrowTexts(self.texts, self.codes[rows])


def utf8(text: str) -> bool:
    """Whether a str can be UTF-8 (an Arrow text): a lone surrogate ("\\ud800" in YAML) cannot."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# What str.strip() takes from either end: every character for which str.isspace() holds (a
# test checks each code point), so Arrow trims a text as coerce_texts does.
WHITE_SPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
               "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def coerced_texts(texts):
    """An Arrow text array as coerce_texts makes each text, in Arrow: stripped of white space, null
    where it is then empty or an unknown token (a null stays null). `texts` itself where that
    changes nothing; None if it is not a text array.

    Arrow lowers case by Unicode's simple mapping, Python by its full one; the two differ only
    where Python's result is not ASCII (a test checks each code point), and the tokens are
    ASCII, so a text Python finds a token Arrow finds too, and a non-ASCII text Arrow finds one
    is asked again in Python."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_string(texts.type):
        return None
    _, first, last = text_ends(texts)
    ends = np.concatenate([first, last])
    trimmed = texts
    if ((ends < 0x21) | (ends > 0x7E)).any():  # some text may start or end with white space
        trimmed = pc.utf8_trim(texts, characters=WHITE_SPACE)
        if text_ends(trimmed)[0].sum() == text_ends(texts)[0].sum():
            trimmed = texts  # nothing trimmed (it only ever shortens a text)
    ascii_only = pc.all(pc.string_is_ascii(trimmed)).as_py() is not False
    lowered = pc.ascii_lower(trimmed) if ascii_only else pc.utf8_lower(trimmed)
    token = pc.fill_null(pc.is_in(lowered, value_set=pa.array(sorted(UNKNOWN_TOKENS))), False).to_numpy(zero_copy_only=False)
    if not ascii_only and token.any():
        asked = np.flatnonzero(token & ~pc.fill_null(pc.string_is_ascii(trimmed), True).to_numpy(zero_copy_only=False))
        token[asked] = [trimmed[int(i)].as_py().lower() in UNKNOWN_TOKENS for i in asked]
    if not token.any():
        return trimmed
    return pc.if_else(pa.array(token), pa.scalar(None, pa.string()), trimmed)


LAZY_CELLS = 4096  # a text column with more distinct cells keeps them in Arrow until asked (ids)


class ArrowCells(Sequence):
    """The distinct cells of an Arrow text array as a sequence whose length costs nothing and
    whose strings are made on first use: a million ids that validation takes as written
    (coerced_texts) are never made Python strings."""

    def __init__(self, arrow):
        self.arrow, self._list = arrow, None

    def __len__(self) -> int:
        return len(self.arrow)

    def __getitem__(self, i):
        if self._list is None and isinstance(i, (int, np.integer)):
            return self.arrow[int(i)].as_py()  # one cell (a reject's): no list of them all
        return self.tolist()[i]

    def __iter__(self):
        return iter(self.tolist())  # every cell: one conversion, not a scalar per cell

    def tolist(self) -> list:
        if self._list is None:
            self._list = self.arrow.to_pylist()
        return self._list


def sorted_codes(texts) -> tuple[Any, np.ndarray]:
    """The distinct texts in sorted order (an Arrow array; code point order, as Python compares
    str) and each text's index among them (-1 for a null): np.unique's answer, by Arrow (a
    million ids in a quarter of the time)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    texts = texts if isinstance(texts, pa.Array) else pa.array(texts, pa.string())
    n = len(texts)
    if n > 1 and not texts.null_count and pc.all(pc.less(texts.slice(0, n - 1), texts.slice(1))).as_py():
        return texts, np.arange(n, dtype=np.int64)  # distinct and in order already (formats' ids)
    # One sort: a text's index is the number of distinct texts before it (a null's is -1).
    order = pc.array_sort_indices(texts, null_placement="at_end").to_numpy()
    filled = n - texts.null_count
    ordered = texts.take(pa.array(order[:filled]))
    first = np.ones(filled, dtype=bool)  # the first of each run of equal texts
    if filled > 1:
        first[1:] = pc.not_equal(ordered.slice(1), ordered.slice(0, filled - 1)).to_numpy(zero_copy_only=False)
    codes = np.full(n, -1, dtype=np.int64)
    codes[order[:filled]] = np.cumsum(first) - 1
    return ordered.filter(pa.array(first)), codes


def encode_value(spec: FieldSpec, value: Any) -> Any:
    """A typed value (as a validated Candidate holds it) to its encoded form."""
    if spec.kind in (ENUM, ORDINAL):
        return spec.values.index(value)
    if spec.kind == LIST:
        return frozenset(spec.values.index(v) for v in value)
    if spec.kind in (INT, FLOAT):
        return float(value)
    return value


def empty_column(spec: FieldSpec, n: int) -> Column:
    known = np.zeros(n, dtype=bool)
    if spec.kind in (ENUM, ORDINAL):
        return Column(np.full(n, -1, dtype=ENUM_CODE), known)
    if spec.kind == LIST:
        return Column(np.zeros((n, len(spec.values)), dtype=bool), known)
    if spec.kind == BOOL:
        return Column(np.zeros(n, dtype=bool), known)
    if spec.kind in (INT, FLOAT):
        return Column(np.full(n, np.nan), known)
    return Column(np.full(n, "", dtype=object), known)


def id_order(ids: np.ndarray) -> np.ndarray:
    """The one tie-break of every ranking: 0..n-1 position of each row when rows are sorted by
    id as text (stable, so repeated ids keep input order). A reader that already knows the
    sorted order of distinct ids (intake's dictionary codes) gives the same order."""
    ids = np.asarray(ids).astype(str)
    pos = np.empty(len(ids), dtype=np.int64)
    pos[np.argsort(ids, kind="stable")] = np.arange(len(ids))
    return pos


@dataclass
class Columns:
    """n candidates as typed columns (every vocabulary field present, unknowns masked)."""

    n: int
    data: dict[str, Column]
    tiebreak: np.ndarray | None = None  # rank of each row's id in sorted order, if the reader knows it
    id_texts: Any = None  # the distinct ids in that order (an Arrow text array), if the reader has them
    derived: bool = False  # archetype already derived where it can be (with_archetype): not again per block

    def __getitem__(self, name: str) -> Column:
        return self.data[name]

    @property
    def ids(self) -> np.ndarray:
        return self.data["id"].values

    def id_order(self) -> np.ndarray:
        """Rank of each row's id among the ids (the ranking's stable tie-break)."""
        if self.tiebreak is None:
            self.tiebreak = id_order(self.ids)
        return self.tiebreak

    def arrow_ids(self, order: np.ndarray) -> ArrowTexts | None:
        """The ids of the rows in `order` as the reader's Arrow texts (no string per id), where
        the reader gave them (id_texts and the tie-break codes into them); else None."""
        if self.id_texts is None or self.tiebreak is None:
            return None
        return ArrowTexts(self.id_texts, np.take(self.tiebreak, order))

    def take(self, rows: np.ndarray | slice) -> Columns:
        data = {k: c.take(rows) for k, c in self.data.items()}
        tiebreak = None if self.tiebreak is None else self.tiebreak[rows]
        return Columns(len(data["id"].known), data, tiebreak, self.id_texts if tiebreak is not None else None,
                       self.derived)

    def keeping(self, names) -> Columns:
        """The same candidates with the values of `names` only; every field keeps its known mask
        (what a ranking table reads: the summaries ask which fields are filled in, not their values)."""
        data = {k: c if k in names else Column(np.empty(0, dtype=c.values.dtype), c.known)
                for k, c in self.data.items()}
        return Columns(self.n, data, self.tiebreak, self.id_texts, self.derived)

    def records(self) -> list[dict[str, Any]]:
        """Back to typed records (known fields only); the reference executor reads these."""
        out: list[dict[str, Any]] = [{} for _ in range(self.n)]
        for spec in FIELDS:
            col = self.data.get(spec.name)
            if col is None:
                continue
            for i in np.flatnonzero(col.known):
                v = col.values[i]
                if spec.kind in (ENUM, ORDINAL):
                    v = spec.values[int(v)]
                elif spec.kind == LIST:
                    v = [spec.values[j] for j in np.flatnonzero(v)]
                elif spec.kind == BOOL:
                    v = bool(v)
                elif spec.kind == INT:
                    v = int(v)
                elif spec.kind == FLOAT:
                    v = float(v)
                out[i][spec.name] = v
        return out


def encode_records(records: Sequence[Mapping[str, Any]]) -> Columns:
    """Typed records (None or absent = unknown) to columns."""
    n = len(records)
    data: dict[str, Column] = {}
    for spec in FIELDS:
        col = empty_column(spec, n)
        for i, rec in enumerate(records):
            v = rec.get(spec.name)
            if v is None:
                continue
            col.known[i] = True
            if spec.kind == LIST:
                for code in encode_value(spec, v):
                    col.values[i, code] = True
            else:
                col.values[i] = encode_value(spec, v)
        data[spec.name] = col
    if n and not data["id"].known.all():
        raise ValueError("every candidate needs an id")
    return Columns(n, data)



def _archetype_table() -> np.ndarray:
    """(field code + 1) x (engagement code + 1) -> archetype code, -1 where it stays unknown
    (index 0 = the field or engagement is unknown); built from the one derivation table."""
    from ..models.archetype import derive_archetype
    from ..models.vocabulary import FIELD_BY_NAME

    fields = (None, *FIELD_BY_NAME["field"].values)
    engagements = (None, *FIELD_BY_NAME["engagement"].values)
    kinds = FIELD_BY_NAME["archetype"].values
    table = np.full((len(fields), len(engagements)), -1, dtype=ENUM_CODE)
    for i, f in enumerate(fields):
        for j, e in enumerate(engagements):
            found = derive_archetype(f, e)
            table[i, j] = -1 if found is None else kinds.index(found)
    return table


_ARCHETYPES: np.ndarray | None = None


def with_archetype(columns: Columns) -> Columns:
    """The columns with `archetype` derived from field and engagement where it is unknown."""
    global _ARCHETYPES
    if _ARCHETYPES is None:
        _ARCHETYPES = _archetype_table()
    arch = columns.data.get("archetype")
    if columns.derived or arch is None or arch.known.all() or "field" not in columns.data:
        return columns
    # Integer arithmetic, not np.where (a generic loop on small integers, 6x slower here): code + 1
    # where known, else 0; the place in the flat table; the row's own value where known.
    field, engagement = columns["field"], columns["engagement"]
    f = (field.values + 1) * field.known
    e = (engagement.values + 1) * engagement.known
    derived = np.take(_ARCHETYPES.reshape(-1), f.astype(np.intp) * _ARCHETYPES.shape[1] + e)
    values = (arch.values - derived) * arch.known + derived
    data = dict(columns.data)
    data["archetype"] = Column(values, arch.known | (derived >= 0))
    return Columns(columns.n, data, columns.tiebreak, columns.id_texts, derived=True)


def record_with_archetype(record: Mapping[str, Any]) -> Mapping[str, Any]:
    """One typed record with `archetype` derived where it is missing (the reference executor's view)."""
    from ..models.archetype import derive_archetype

    if record.get("archetype") is not None:
        return record
    found = derive_archetype(record.get("field"), record.get("engagement"))
    return record if found is None else {**record, "archetype": found}
