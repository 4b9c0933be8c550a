"""Empty pipeline files with every field, for planners to fill in (the edge).

- xlsx: one header row of field names on the `candidates` sheet, a dropdown (data validation)
  for every enum, ordinal and yes/no field, number checks for counts and amounts, a note on
  each column; the `fields` sheet documents every field in English and Korean; a hidden
  `lists` sheet holds the dropdown values.
- csv: the header row only.
- yaml: one commented, empty candidate under `candidates` (an all-empty item is a blank row,
  not a candidate, so an unfilled template ranks nothing).

Everything comes from models.vocabulary.FIELDS, so a new field appears in every template.
"""

from __future__ import annotations

from pathlib import Path

from ..models.vocabulary import BOOL, ENUM, FIELD_BY_NAME, FIELDS, FLOAT, INT, LIST, ORDINAL, PASSTHROUGH, FieldSpec
from .files import atomic_path, file_format

TEMPLATE_FORMATS = ("xlsx", "csv", "yaml")
EXTRA_COLUMNS = tuple(p for p in ("source", "notes") if p in PASSTHROUGH)  # provenance, carried through
_KIND = {
    "en": {"str": "text", ENUM: "one of", ORDINAL: "one of, in order (lowest first)", BOOL: "yes/no",
           INT: "whole number", FLOAT: "number", LIST: "list, values separated by ;"},
    "ko": {"str": "텍스트", ENUM: "다음 중 하나", ORDINAL: "다음 중 하나 (낮은 것부터 순서대로)", BOOL: "예/아니오",
           INT: "정수", FLOAT: "숫자", LIST: "목록, 값을 ;로 구분"},
}
_EXTRA_TEXT = {
    "source": ("Where the record comes from (document, page); carried through, never scored",
               "자료 출처 (문헌, 쪽); 결과에 그대로 전달되며 점수에는 반영되지 않음"),
    "notes": ("Free notes; carried through, never scored", "자유 메모; 결과에 그대로 전달되며 점수에는 반영되지 않음"),
}
_NOTES = {
    "en": ["One row per candidate (an opportunity: a partner, a policy, what is known of the project).",
           "Required: id, partner_city, country. Every other field may be left empty.",
           "Empty or 'unknown' means unknown, never false: the score shows what unknowns could do.",
           "Yes/no fields accept true/false, yes/no or 1/0. List fields take values separated by ';'.",
           "Rank the filled file with: polex rank FILE --out ranking.xlsx"],
    "ko": ["한 행에 후보 하나 (협력 대상, 정책, 사업에 대해 알려진 정보).",
           "필수: id, partner_city, country. 나머지 항목은 비워 둘 수 있습니다.",
           "빈 칸 또는 'unknown'은 '아니오'가 아니라 '미확인'입니다. 점수 범위가 미확인 항목의 영향을 보여 줍니다.",
           "예/아니오 항목은 true/false, yes/no, 1/0을 받습니다. 목록 항목은 값을 ';'로 구분합니다.",
           "작성한 파일의 순위는: polex rank FILE --out ranking.xlsx --lang ko"],
}


def columns() -> list[str]:
    """The template's columns: every vocabulary field, then the provenance columns."""
    return [f.name for f in FIELDS] + list(EXTRA_COLUMNS)


def describe(spec: FieldSpec, lang: str) -> str:
    return spec.ko if lang == "ko" and spec.ko else spec.en


def allowed(spec: FieldSpec, lang: str = "en") -> str:
    """What a cell of the field may hold, in a few words."""
    kind = _KIND.get(lang, _KIND["en"])
    if spec.kind in (ENUM, ORDINAL, LIST):
        sep = " < " if spec.kind == ORDINAL else ", "
        return f"{kind[spec.kind]}: {sep.join(spec.values)}"
    text = kind.get(spec.kind, kind["str"])
    if spec.minimum is not None:
        text += f" >= {spec.minimum:g}"
    return text


def write_template(path: str | Path, lang: str = "en") -> str:
    """Write an empty pipeline file (format by extension); returns the format written."""
    fmt = file_format(path, TEMPLATE_FORMATS)
    with atomic_path(path) as tmp:
        if fmt == "xlsx":
            _write_xlsx(tmp, lang)
        elif fmt == "csv":
            tmp.write_text(",".join(columns()) + "\n", encoding="utf-8")
        else:
            tmp.write_text(yaml_template(lang), encoding="utf-8")
    return fmt


_YAML_FRAME = {
    "en": ("# polex pipeline template (`polex template`).",
           "# One item per candidate under `candidates`; copy the block below for each candidate."),
    "ko": ("# polex 후보 목록 서식 (`polex template`).",
           "# `candidates` 아래에 후보 하나당 항목 하나; 후보마다 아래 블록을 복사해 쓰십시오."),
}
# The field sheet's headers and its 'required' mark, in the template's language (the two
# description columns are both languages on purpose).
_FIELDS_HEAD = {"en": (["field", "required", "type", "allowed values"], "yes"),
                "ko": (["항목", "필수", "형식", "허용 값"], "예")}


def yaml_template(lang: str = "en") -> str:
    head, tail = _YAML_FRAME.get(lang, _YAML_FRAME["en"])
    lines = [head, *(f"# {n}" for n in _NOTES.get(lang, _NOTES["en"])), tail, "candidates:"]
    names = columns()
    width = max(map(len, names)) + 2
    for i, name in enumerate(names):
        spec = FIELD_BY_NAME.get(name)
        if spec is None:
            en, ko = _EXTRA_TEXT.get(name, ("", ""))
            comment = ko if lang == "ko" else en
        else:
            comment = describe(spec, lang)
            if spec.required:
                comment = ("필수. " if lang == "ko" else "required. ") + comment
            if spec.kind != "str":
                comment += f" [{allowed(spec, lang)}]"
        key = f"{'  - ' if i == 0 else '    '}{name}:"
        lines.append(f"{key.ljust(width + 4)} # {comment}")
    return "\n".join(lines) + "\n"


def _write_xlsx(path: Path, lang: str) -> None:
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "candidates"
    fields_sheet = book.create_sheet("fields")
    lists = book.create_sheet("lists")
    lists.sheet_state = "hidden"

    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FFF2CC")
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    names = columns()
    from .writers import XLSX_MAX_ROWS

    last_row = XLSX_MAX_ROWS
    list_col = 0
    for i, name in enumerate(names, start=1):
        letter = get_column_letter(i)
        cell = sheet.cell(row=1, column=i, value=name)
        cell.font = bold
        spec = FIELD_BY_NAME.get(name)
        cell.fill = required_fill if spec is not None and spec.required else header_fill
        text = describe(spec, lang) if spec else _EXTRA_TEXT[name][1 if lang == "ko" else 0]
        if spec is not None and spec.kind != "str":
            text += "\n" + allowed(spec, lang)
        cell.comment = Comment(text, "polex", width=320, height=120)
        sheet.column_dimensions[letter].width = max(12, min(28, len(name) + 4))
        if spec is None:
            continue
        target = f"{letter}2:{letter}{last_row}"
        prompt = describe(spec, lang)[:250]
        if spec.kind in (ENUM, ORDINAL, BOOL):
            values = list(spec.values) if spec.kind != BOOL else ["true", "false"]
            list_col += 1
            lcol = get_column_letter(list_col)
            lists.cell(row=1, column=list_col, value=name)
            for j, v in enumerate([*values, "unknown"], start=2):
                lists.cell(row=j, column=list_col, value=v)
            dv = DataValidation(type="list", formula1=f"lists!${lcol}$2:${lcol}${len(values) + 2}",
                                allow_blank=True, showDropDown=False)
            dv.error = (("다음 중 하나: " if lang == "ko" else "Expected one of: ") + ", ".join(values))[:250]
        elif spec.kind in (INT, FLOAT):
            dv = DataValidation(type="whole" if spec.kind == INT else "decimal", operator="greaterThanOrEqual",
                                formula1=f"{spec.minimum if spec.minimum is not None else -1e9:.0f}",
                                allow_blank=True)
            dv.error = allowed(spec, lang)[:250]
        else:
            dv = DataValidation(allow_blank=True)  # text and lists: a note only, any value
        dv.showErrorMessage = spec.kind not in ("str", LIST)
        dv.errorTitle = name[:32]
        dv.showInputMessage = True
        dv.promptTitle = name[:32]
        dv.prompt = prompt if spec.kind in ("str",) else f"{prompt}\n{allowed(spec, lang)}"[:250]
        dv.add(target)
        sheet.add_data_validation(dv)
    sheet.freeze_panes = "B2"

    words, required = _FIELDS_HEAD.get(lang, _FIELDS_HEAD["en"])
    head = [*words, "description (English)", "설명 (한국어)"]
    fields_sheet.append(head)
    for c in fields_sheet[1]:
        c.font = bold
        c.fill = header_fill
    for name in names:
        spec = FIELD_BY_NAME.get(name)
        if spec is None:
            en, ko = _EXTRA_TEXT[name]
            fields_sheet.append([name, "", "text", "", en, ko])
            continue
        values = (" < " if spec.kind == ORDINAL else ", ").join(spec.values)
        fields_sheet.append([name, required if spec.required else "", spec.kind, values, spec.en, spec.ko])
    fields_sheet.append([])
    for en, ko in zip(_NOTES["en"], _NOTES["ko"]):
        fields_sheet.append(["", "", "", "", en, ko])
    for letter, width in zip("ABCDEF", (24, 9, 9, 48, 60, 50)):
        fields_sheet.column_dimensions[letter].width = width
    for row in fields_sheet.iter_rows(min_row=2):
        for c in row:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    fields_sheet.freeze_panes = "B2"
    from .writers import save_workbook

    save_workbook(book, path)
