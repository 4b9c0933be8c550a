"""engine.intake.validate_columns keeps its errors sparse, tests repeated headers and blank rows
only where it must, and hands over the validated arrays themselves when no row is rejected; its
verdicts stay validate_rows' row for row (blank lines, repeated header rows in any spelling, bad
cells in text and number columns, duplicate ids, many distinct ids)."""

from __future__ import annotations

import csv

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import polex.engine.intake as intake_module
from polex.engine.intake import Cells, Numbers, validate_columns, validate_rows
from polex.formats.pipeline import read_pipeline
from polex.formats.rows import read_table

HEADER = ["id", "partner_city", "country", "stage", "area_ha", "income_group", "notes"]
GOOD = {"stage": ["pilot", "concept", ""], "area_ha": ["12", "3.5", ""], "income_group": ["lower_middle", ""],
        "notes": ["", "x"]}
BAD = {"stage": ["pilt", "=1"], "area_ha": ["-3", "lots", "1,5"], "income_group": ["rich"], "notes": []}
HEADER_LIKE = {"id": ["id", "ID", " Id "], "partner_city": ["partner_city", "Partner City", "partner-city"],
               "country": ["country", "COUNTRY"]}


def _row(draw_index: int, ids: str, bad: set, header_like: dict, blank: bool) -> dict:
    if blank:
        return dict.fromkeys(HEADER, "")
    row = {"id": ids, "partner_city": "Hanoi", "country": "VNM"}
    for name in ("id", "partner_city", "country"):
        if header_like.get(name) is not None:
            row[name] = HEADER_LIKE[name][header_like[name] % len(HEADER_LIKE[name])]
    for name in ("stage", "area_ha", "income_group", "notes"):
        pool = BAD[name] if name in bad and BAD[name] else GOOD[name]
        row[name] = pool[draw_index % len(pool)]
    return row


row = st.builds(_row, st.integers(0, 5), st.sampled_from([f"c{i}" for i in range(40)] + ["", "c1 "]),
                st.sets(st.sampled_from(["stage", "area_ha", "income_group"]), max_size=2),
                st.dictionaries(st.sampled_from(["id", "partner_city", "country"]), st.integers(0, 2), max_size=3),
                st.integers(0, 9).map(lambda i: i == 0))  # a blank line now and then


def _summary(result):
    cols = result.columns
    values = {}
    for name, col in cols.data.items():
        v = col.values[col.known]
        values[name] = (col.known.tolist(), v.tolist() if v.dtype != object else [str(x) for x in v])
    return (result.total, cols.n, result.rows.tolist(), [(r.row, r.id, r.field, r.value, r.expected) for r in result.rejects],
            values, {k: list(v) for k, v in result.extras.items() if any(x is not None for x in v)})


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(row, min_size=1, max_size=40))
def test_columns_and_rows_give_the_same_verdicts(tmp_path, rows):
    path = tmp_path / "p.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows([[r[h] for h in HEADER] for r in rows])
    pq.write_table(pa.table({h: [r[h] or None for r in rows] for h in HEADER}), tmp_path / "p.parquet")
    header, records = read_table(path)
    by_rows = _summary(validate_rows(records, header))
    assert _summary(read_pipeline(path, arrow=True)) == by_rows
    assert _summary(read_pipeline(path, arrow=False)) == by_rows
    assert _summary(read_pipeline(tmp_path / "p.parquet")) == by_rows


def _cells(values):
    uniques = sorted({v for v in values if v is not None})
    at = {u: i for i, u in enumerate(uniques)}
    return Cells(uniques, np.array([at[v] if v is not None else -1 for v in values], dtype=np.int32))


def test_a_repeated_header_among_a_thousand_distinct_ids():
    n = 1000
    ids = [f"id-{i}" for i in range(n)]
    ids[500] = "ID"
    cities = ["Hanoi"] * n
    cities[500] = "Partner City"
    countries = ["VNM"] * n
    countries[500] = "country"
    cities[700] = "partner_city"  # header-like in one column only: a candidate like any other
    result = validate_columns({"id": _cells(ids), "partner_city": _cells(cities), "country": _cells(countries)}, n)
    assert [(r.row, r.field, r.expected) for r in result.rejects] == [(501, "(row)", intake_module.REPEATED_HEADER)]
    assert result.columns.n == n - 1 and result.total == n


def test_sparse_errors_name_every_bad_cell_in_field_order():
    n = 6
    raw = {"id": _cells(["a", "b", "c", "d", "e", "f"]), "partner_city": _cells(["x"] * n),
           "country": _cells(["VNM"] * n), "stage": _cells(["pilot", "bogus", None, "pilt", "pilot", None]),
           "area_ha": Numbers(np.array([1.0, np.nan, -2.0, 3.0, np.inf, np.nan]),
                              np.array([False, True, False, False, False, True]))}
    result = validate_columns(raw, n)
    assert [(r.row, r.field) for r in result.rejects] == [(2, "stage"), (3, "area_ha"), (4, "stage"), (5, "area_ha")]
    assert result.rows.tolist() == [1, 6]


def test_nothing_rejected_keeps_the_validated_arrays(monkeypatch):
    """No row rejected: the columns are the arrays validation built, not a copy of them."""
    built = {}
    original = intake_module._column_from_cells

    def recording(spec, cells, values, problems):
        col, errors = original(spec, cells, values, problems)
        built[spec.name] = col
        return col, errors

    monkeypatch.setattr(intake_module, "_column_from_cells", recording)
    n = 50
    raw = {"id": _cells([f"c{i}" for i in range(n)]), "partner_city": _cells(["Hue"] * n),
           "country": _cells(["VNM"] * n), "stage": _cells(["pilot", None] * (n // 2))}
    result = validate_columns(raw, n)
    assert not result.rejects and result.columns.n == n
    for name, col in built.items():
        assert result.columns[name].values is col.values and result.columns[name].known is col.known, name
    # and with a rejected row, the kept rows are copied out
    raw = {"id": _cells([f"c{i}" for i in range(n)]), "partner_city": _cells(["Hue"] * n),
           "country": _cells(["VNM"] * (n - 1) + [None])}
    result = validate_columns(raw, n)
    assert result.columns.n == n - 1 and result.columns["id"].values is not built["id"].values


def test_text_tests_read_the_readers_codes_as_they_read_the_texts(tmp_path):
    """A text column keeps the reader's codes (values == texts[codes]), through a row selection;
    the batch executor's `in` tests on them give the outcomes the texts themselves give."""
    from pathlib import Path

    import polex
    from polex.commands.common import assessment_for
    from polex.engine.columns import Column, Columns

    columns = read_pipeline(Path(polex.__file__).resolve().parent / "fixtures" / "pipeline.csv").columns
    country = columns["country"]
    assert country.codes is not None and (country.texts[country.codes] == country.values).all()
    rows = np.arange(columns.n)[::3]
    part = columns.take(rows)
    assert (part["country"].texts[part["country"].codes] == part["country"].values).all()
    plain = Columns(part.n, {k: Column(c.values, c.known) for k, c in part.data.items()}, part.tiebreak)
    a = assessment_for(None, None)
    assert (a.evaluate(part) == a.evaluate(plain)).all()


@settings(deadline=None)  # a first call loads Arrow's sort kernels
@given(texts=st.lists(st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
                              max_size=6), max_size=40))
def test_sorted_codes_are_np_uniques(texts):
    """The ids' tie-break and duplicate codes come from Arrow; they are np.unique's (code point
    order, as Python sorts str), for any text but a trailing NUL, which numpy drops."""
    from polex.engine.columns import sorted_codes

    keys, canon = sorted_codes(texts)
    want_keys, want_canon = np.unique(np.array(texts, dtype=str), return_inverse=True)
    assert keys.to_pylist() == want_keys.tolist() and canon.tolist() == want_canon.reshape(-1).tolist()
    ordered = sorted(set(texts))  # already distinct and sorted (a column the reader coded so): as they are
    keys, canon = sorted_codes(ordered)
    assert keys.to_pylist() == ordered and canon.tolist() == list(range(len(ordered)))


@settings(deadline=None)
@given(texts=st.lists(st.one_of(st.none(), st.sampled_from(["b", "a", "c", "ab", "\u00e9", "Z"])), max_size=30))
def test_sorted_codes_of_cells_with_empty_ones(texts):
    """A column coded by sorting (many distinct ids): an empty cell (null) has code -1 and is no key."""
    from polex.engine.columns import sorted_codes

    keys, codes = sorted_codes(pa.array(texts, pa.string()))
    assert keys.to_pylist() == sorted({t for t in texts if t is not None})
    assert [keys[c].as_py() if c >= 0 else None for c in codes.tolist()] == texts


@given(texts=st.lists(st.one_of(st.none(), st.text(max_size=6), st.sampled_from(
    ["UNKNOWN", "N/A", "?", " a", "a\x1f", "UN\u212aNOWN", "x y", "\u00a0b", " n/a\u3000", "\u0130", "서울 ", "\u200b"])),
    max_size=30))
def test_texts_coerced_in_arrow_are_what_coerce_texts_gives(texts):
    """Many distinct texts (ids, names, notes) are coerced in Arrow: text for text, what
    coerce_texts gives (stripped, None where empty or an unknown token)."""
    from polex.engine.columns import coerced_texts
    from polex.models.candidate import coerce_texts

    arrow = pa.array(texts, pa.string())
    got = coerced_texts(arrow)
    assert got.to_pylist() == coerce_texts(list(texts))
    if got is arrow:  # taken as they are: nothing to change
        assert coerce_texts(list(texts)) == list(texts)


def test_arrow_trims_and_lowers_as_python_does_for_every_code_point():
    """What coerced_texts rests on: WHITE_SPACE is every character str.isspace() holds for, and
    where Python lowers a character to ASCII (what the ASCII unknown tokens are made of), Arrow
    lowers it alike."""
    import pyarrow.compute as pc

    from polex.engine.columns import WHITE_SPACE
    from polex.models.vocabulary import UNKNOWN_TOKENS

    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    assert set(WHITE_SPACE) == {c for c in chars if c.isspace()}
    assert all(t.isascii() for t in UNKNOWN_TOKENS)
    to_ascii = [c for c in chars if c.lower().isascii()]
    assert pc.utf8_lower(pa.array(to_ascii)).to_pylist() == [c.lower() for c in to_ascii]


def test_many_distinct_ids_are_read_as_written_or_coerced_alike(tmp_path):
    """5,000 distinct ids (the fast path) and the same with one padded id (the slow path) give
    the same candidates, duplicates and tie-break."""
    ids = [f"S{i:05d}" for i in range(5000)]
    for variant in (ids, [*ids[:-1], " S00001 "]):
        pq.write_table(pa.table({"id": variant, "partner_city": ["Lima"] * 5000, "country": ["PER"] * 5000}),
                       tmp_path / "p.parquet")
        got = read_pipeline(tmp_path / "p.parquet")
        want = validate_rows([{"id": i, "partner_city": "Lima", "country": "PER"} for i in variant],
                             ["id", "partner_city", "country"])
        a, b = _summary(got), _summary(want)
        assert a[:2] == b[:2] and a[4:] == b[4:]  # the same candidates (row numbers aside: 2.. vs 1..)
        assert [(r[1], r[2]) for r in a[3]] == [(r[1], r[2]) for r in b[3]]  # "row N has it": numbered alike
        assert got.columns.id_order().tolist() == np.argsort(np.argsort(np.array(got.columns.ids, dtype=str),
                                                                         kind="stable"), kind="stable").tolist()


def test_keeping_lets_values_go_and_keeps_every_known_mask():
    from pathlib import Path

    import polex

    columns = read_pipeline(Path(polex.__file__).resolve().parent / "fixtures" / "pipeline.csv").columns
    kept = columns.keeping({"id", "stage"})
    assert len(kept["stage"].values) == columns.n and len(kept["budget_usd_m"].values) == 0
    assert all((kept[k].known == c.known).all() for k, c in columns.data.items())
    assert kept.tiebreak is columns.tiebreak and kept.id_texts is columns.id_texts
