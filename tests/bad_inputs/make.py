"""The bad inputs of issue 10, one file each, and what polex must say about each.

`python tests/bad_inputs/make.py` (re)writes the files beside this script; the test
(tests/bad_inputs/test_bad_inputs.py) writes them again into a temporary folder, so the
binary ones (xlsx, parquet) always match this script. Each case: file name, content, the exit
code, a piece of the message, and (rows in, ranked, rejected) when the file is read at all.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

H = "id,partner_city,country,stage,payback_years,partner_priority"
OK = "A,Hanoi,VNM,pilot,4,yes"
OK2 = "B,Seoul,KOR,construction,2,no"


def csv(*lines: str, sep: str = ",") -> bytes:
    return ("\n".join(line.replace(",", sep) for line in lines) + "\n").encode("utf-8")


def rows(*lines: str) -> list[dict]:
    keys = H.split(",")
    return [dict(zip(keys, line.split(","))) for line in lines]


def jsonl(items) -> bytes:
    return "".join((i if isinstance(i, str) else json.dumps(i, ensure_ascii=False)) + "\n" for i in items).encode()


def xlsx(table: list[list]) -> bytes:
    import openpyxl

    from polex.formats.writers import save_workbook

    book = openpyxl.Workbook()
    for r in table:
        book.active.append(r)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.xlsx"
        save_workbook(book, path)
        return path.read_bytes()


def parquet(columns: dict) -> bytes:
    import tempfile

    import pyarrow as pa
    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.parquet"
        pq.write_table(pa.table(columns), path)
        return path.read_bytes()


BOMB = ("a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
        "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n")


def cases():
    """(file, bytes, exit, message piece, (rows, ranked, rejected) or None, extra args)."""
    return [
        # 1 headers
        ("h01_case.csv", csv("ID,Partner_City,COUNTRY,Stage", "A,Hanoi,VNM,pilot"), 0, "'Stage' -> stage", (1, 1, 0), []),
        ("h02_spaces.csv", csv("id,partner city,country,Demand Signal", "A,Hanoi,VNM,official_request"), 0,
         "'Demand Signal' -> demand_signal", (1, 1, 0), []),
        ("h03_hyphen.tsv", csv("id,partner-city,country,demand-signal", "A,Hanoi,VNM,official_request", sep="\t"), 0,
         "'demand-signal' -> demand_signal", (1, 1, 0), []),
        ("h04_korean.csv", csv("id,협력 도시(기관),국가,사업 진행 단계", "A,Hanoi,VNM,pilot"), 0, "'국가' -> country",
         (1, 1, 0), []),
        ("h05_typo.csv", csv("id,partner_city,country,stge", "A,Hanoi,VNM,pilot"), 0,
         "unknown column 'stge' ignored (did you mean 'stage'?)", (1, 1, 0), []),
        ("h06_typo_strict.csv", csv("id,partner_city,country,stge", "A,Hanoi,VNM,pilot"), 1,
         "--strict: column 'stge' matches no field (did you mean 'stage'?)", None, ["--strict"]),
        ("h07_missing.csv", csv("id,city,country", "A,Hanoi,VNM"), 2, "missing required column partner_city", None, []),
        ("h08_header.xlsx", xlsx([["Id", "Partner City", "Country", "Stage"], ["A", "Hanoi", "VNM", "pilot"]]), 0,
         "'Stage' -> stage", (1, 1, 0), []),
        ("h09_header.parquet", parquet({"ID": ["A"], "Partner-City": ["Hanoi"], "country": ["VNM"]}), 0,
         "'Partner-City' -> partner_city", (1, 1, 0), []),
        ("h10_header.json", json.dumps([{"Id": "A", "Partner City": "Hanoi", "Country": "VNM"}]).encode(), 0,
         "'Partner City' -> partner_city", (1, 1, 0), []),
        # 2 numbers
        ("n01_decimal_comma.csv", csv(H, 'A,Hanoi,VNM,pilot,"4,5",yes'), 0, "a comma separates thousands only",
         (1, 0, 1), []),
        ("n02_thousands.csv", csv(H, 'A,Hanoi,VNM,pilot,"1,000",yes'), 0, "1 rows: 1 ranked, 0 rejected", (1, 1, 0), []),
        ("n03_bad_groups.csv", csv(H, 'A,Hanoi,VNM,pilot,"1,0,0",yes'), 0, "got '1,0,0'", (1, 0, 1), []),
        ("n04_decimal_comma_ok.csv", csv(H, 'A,Hanoi,VNM,pilot,"4,5",yes'), 0, "1 rows: 1 ranked, 0 rejected",
         (1, 1, 0), ["--decimal-comma"]),
        ("n05_underscore.csv", csv(H, "A,Hanoi,VNM,pilot,1_000,yes"), 0, "'_' is not part of a number", (1, 0, 1), []),
        ("n06_nan.csv", csv(H, "A,Hanoi,VNM,pilot,NaN,yes"), 0, "got 'NaN'", (1, 0, 1), []),
        ("n07_negative.tsv", csv(H, "A,Hanoi,VNM,pilot,-3,yes", sep="\t"), 0, "expected a number >= 0", (1, 0, 1), []),
        ("n08_comma.jsonl", jsonl([{"id": "A", "partner_city": "H", "country": "VNM", "payback_years": "4,5"}]), 0,
         "a comma separates thousands only", (1, 0, 1), []),
        ("n09_comma.xlsx", xlsx([H.split(","), ["A", "Hanoi", "VNM", "pilot", "4,5", "yes"]]), 0,
         "a comma separates thousands only", (1, 0, 1), []),
        ("n10_comma.yaml", b"- id: A\n  partner_city: Hanoi\n  country: VNM\n  payback_years: 4,5\n", 0,
         "a comma separates thousands only", (1, 0, 1), []),
        # 3 yaml
        ("y01_norway.yaml", b"- id: A\n  partner_city: Oslo\n  country: NO\n", 0, "1 rows: 1 ranked", (1, 1, 0), []),
        ("y02_octal_id.yaml", b"- id: 0012\n  partner_city: Oslo\n  country: NOR\n- id: 0x1F\n  partner_city: B\n"
                              b"  country: NOR\n", 0, "2 rows: 2 ranked", (2, 2, 0), []),
        ("y03_alias.yaml", b"- &x\n  id: A\n  partner_city: Oslo\n  country: NOR\n- *x\n", 1,
         "YAML aliases (*x) are not accepted", None, []),
        ("y04_bomb.yaml", BOMB.encode(), 1, "aliases (*a) are not accepted", None, []),
        ("y05_bad_bool.yaml", b"- id: A\n  partner_city: Oslo\n  country: NOR\n  phased: maybe\n", 0,
         "got 'maybe'", (1, 0, 1), []),
        ("y06_list_in_scalar.yaml", b"- id: A\n  partner_city: [Oslo, Bergen]\n  country: NOR\n", 0,
         "got a list, where one value is expected", (1, 0, 1), []),
        ("y07_not_yaml.yaml", b"- id: A\n  partner_city: 'Oslo\n", 1, "not valid YAML", None, []),
        ("y08_korean_bool.yaml", "- id: A\n  partner_city: 서울\n  country: KOR\n  phased: 예\n".encode(), 0,
         "1 rows: 1 ranked", (1, 1, 0), []),
        # 4 encodings
        ("e01_utf16.txt", "id\tpartner_city\tcountry\nA\tHà Nội\tVNM\n".encode("utf-16"), 0, "1 rows: 1 ranked",
         (1, 1, 0), []),
        ("e02_utf16.csv", "id,partner_city,country\nA,서울,KOR\n".encode("utf-16"), 0, "1 rows: 1 ranked", (1, 1, 0), []),
        ("e03_tab.txt", csv(H, OK, sep="\t"), 0, "1 rows: 1 ranked", (1, 1, 0), []),
        ("e04_cp949.csv", "id,partner_city,country\nA,서울,KOR\n".encode("cp949"), 0, "1 rows: 1 ranked", (1, 1, 0), []),
        ("e05_bad_byte.csv", b"id,partner_city,country\nA,Seoul,KOR\nB,\xff\xff\xff,KOR\n", 1,
         "line 3: cannot decode the text", None, []),
        ("e06_bom.csv", b"\xef\xbb\xbf" + csv(H, OK), 0, "1 rows: 1 ranked", (1, 1, 0), []),
        ("e07_binary.csv", b"PK\x03\x04\x00\x00\x00binary", 1, "looks like a binary file", None, []),
        ("e08_empty.csv", b"", 1, "the file is empty", None, []),
        # 5 row numbers, repeated headers
        ("r01_blank_lines.csv", csv(H, "", OK, "", 'B,Seoul,KOR,pilott,2,no'), 0, "row 5: stage: got 'pilott'",
         (2, 1, 1), []),
        ("r02_repeated_header.csv", csv(H, OK, H, OK2), 0, "row 3: (row): got 'id', expected a candidate, not a repeated "
                                                          "header row", (3, 2, 1), []),
        ("r03_repeated_header.xlsx", xlsx([H.split(","), OK.split(","), H.split(","), OK2.split(",")]), 0,
         "row 3: (row): got 'id'", (3, 2, 1), []),
        ("r04_multiline_cell.csv", csv(H, 'A,"Ha\nnoi",VNM,pilot,4,yes', "B,Seoul,KOR,pilott,2,no"), 0,
         "row 4: stage: got 'pilott'", (2, 1, 1), []),
        ("r05_ragged.csv", csv(H, OK, "B,Seoul,KOR"), 0, "row 3: (row): got '3 cells', expected 6 cells", (2, 1, 1), []),
        ("r06_duplicate_id.tsv", csv(H, OK, "A,Seoul,KOR,pilot,2,no", sep="\t"), 0, "an id not used before (row 2 has it)",
         (2, 1, 1), []),
        ("r07_repeated_header.jsonl", jsonl([{"id": "A", "partner_city": "H", "country": "VNM"},
                                             {"id": "id", "partner_city": "partner_city", "country": "country"}]), 0,
         "row 2: (row): got 'id'", (2, 1, 1), []),
        ("r08_yaml_lines.yaml", b"- id: A\n  partner_city: Oslo\n  country: NOR\n\n- id: B\n  partner_city: Oslo\n"
                                b"  country: NOR\n  stage: pilott\n", 0, "row 5: stage: got 'pilott'", (2, 1, 1), []),
        ("r09_parquet_rows.parquet", parquet({"id": ["A", "B"], "partner_city": ["H", "S"], "country": ["VNM", None]}),
         0, "row 3: country", (2, 1, 1), []),
        # 6 json and jsonl
        ("j01_not_object.json", json.dumps([{"id": "A", "partner_city": "H", "country": "VNM"}, 5, "x"]).encode(), 0,
         "row 2: (row): got '5', expected a candidate (a mapping of field to value)", (3, 1, 2), []),
        ("j02_nan.json", b'[{"id": "A", "partner_city": "H", "country": "VNM", "budget_usd_m": NaN}]', 0,
         "got 'NaN'", (1, 0, 1), []),
        ("j03_list.json", json.dumps([{"id": "A", "partner_city": ["x"], "country": "VNM"}]).encode(), 0,
         "got a list, where one value is expected", (1, 0, 1), []),
        ("j04_object.json", json.dumps([{"id": "A", "partner_city": "H", "country": {"a": 1}}]).encode(), 0,
         "got an object, where one value is expected", (1, 0, 1), []),
        ("j05_bad_line.jsonl", jsonl([{"id": "A", "partner_city": "H", "country": "VNM"}, '{"id": "B",',
                                      {"id": "C", "partner_city": "H", "country": "VNM"}]), 0,
         "row 2: (row): got '{\"id\": \"B\",', expected a JSON object (this line is not JSON", (3, 2, 1), []),
        ("j06_array_line.jsonl", jsonl([{"id": "A", "partner_city": "H", "country": "VNM"}, [1, 2]]), 0,
         "expected a candidate (a JSON object)", (2, 1, 1), []),
        ("j07_infinity.jsonl", b'{"id": "A", "partner_city": "H", "country": "VNM", "area_ha": Infinity}\n', 0,
         "got 'Infinity'", (1, 0, 1), []),
        ("j08_not_json.json", b'[{"id": "A",', 1, "not valid JSON (line 1)", None, []),
        ("j09_no_object.jsonl", b"[1]\n[2]\n", 1, "line 1: a JSON object; no item is a candidate", None, []),
        ("j10_list_in_list_field.json", json.dumps([{"id": "A", "partner_city": "H", "country": "VNM",
                                                     "funding_sources": ["mdb", "oda_loan"]}]).encode(), 0,
         "1 rows: 1 ranked", (1, 1, 0), []),
        # 7 quotes
        ("q01_unclosed.csv", csv(H, OK, 'B,"Seoul,KOR,pilot,2,no', "C,Busan,KOR,pilot,2,no"), 1,
         "line 3: a quote opened in this record is never closed", None, []),
        ("q02_unclosed.tsv", csv(H, 'A,"Hanoi,VNM,pilot,4,yes', sep="\t"), 1, "line 2: a quote opened", None, []),
        ("q03_stray_quote.csv", csv(H, 'A,"Ha"noi,VNM,pilot,4,yes'), 1, "line 2: not readable CSV", None, []),
        ("q04_quoted_ok.csv", csv(H, 'A,"Hanoi, ""old quarter""",VNM,pilot,4,yes'), 0, "1 rows: 1 ranked", (1, 1, 0),
         []),
        # 9 control characters, 10 Korean booleans
        ("c01_escape.csv", csv(H, "A\x1b[2J,Hanoi,VNM,pilot,4,yes"), 0, "1 rows: 1 ranked", (1, 1, 0), []),
        ("k01_korean_bool.csv", csv(H, "A,서울,KOR,pilot,4,예", "B,부산,KOR,pilot,4,아니요", "C,대구,KOR,pilot,4,참"), 0,
         "3 rows: 3 ranked", (3, 3, 0), []),
        ("k02_bad_bool.xlsx", xlsx([H.split(","), ["A", "H", "VNM", "pilot", 4, "maybe"]]), 0, "got 'maybe'", (1, 0, 1),
         []),
        ("k03_bool.parquet", parquet({"id": ["A"], "partner_city": ["H"], "country": ["VNM"], "phased": ["아니오"]}), 0,
         "1 rows: 1 ranked", (1, 1, 0), []),
        # misc formats
        ("m01_parquet_nan.parquet", parquet({"id": ["A"], "partner_city": ["H"], "country": ["VNM"],
                                              "budget_usd_m": [float("nan")]}), 0, "budget_usd_m", (1, 0, 1), []),
        ("m02_not_parquet.parquet", b"PAR1 not really", 1, "not a readable Parquet file", None, []),
        ("m03_not_xlsx.xlsx", b"PK\x03\x04 broken", 1, "not a readable Excel workbook", None, []),
        ("m04_header_only.csv", csv(H), 1, "no candidate rows", None, []),
        ("m05_enum_typo.xlsx", xlsx([H.split(","), ["A", "H", "VNM", "pilott", 4, "yes"]]), 0,
         "(did you mean 'pilot'?)", (1, 0, 1), []),
    ]


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data, *_ in cases():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    return paths


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    sys.exit(0 if write(here / "files") else 1)
