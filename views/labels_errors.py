"""The errors a user meets, in English and Korean: the messages the commands word themselves
(`ERROR_MESSAGES`, merged through views/labels_commands.py into the one `MESSAGES` table, so
`msg(lang, key)` is the one lookup), and the Korean wording of texts worded in English below the
commands: rule and weights-profile files' problems (rules/loader.py, rules/lint.py,
rules/profiles.py and pydantic's checks), rule conditions' errors and derive cycles
(engine/compile.py, engine/ruleset.py), a ranking `polex diff` cannot read (engine/diff.py), the
scorer's, the AHP's errors (engine/ahp.py, engine/weights.py), the file readers' problems with a
line, byte or item (`file_text`: formats/files.py, formats/rows.py), the JSON, CSV and YAML
parsers' and the operating system's reasons. Those are translated phrase by phrase where the
command shows them (`error_text`), as `translate_error` does for the file readers' texts, so the
rules and the engine stay free of language concerns. A text no pattern knows stays as it is.

This module imports no other polex module (views/labels.py imports it through labels_commands);
a caller that wants a candidate's problems ('field: got X, expected Y') in Korean passes
`problem`, which words one of them."""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable

ERROR_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        # polex template
        "exists_force": "{out} exists; use --force to overwrite it",
        "expected_suffix": "{out}: expected a {suffixes} file",
        # polex rules
        "no_family": "no family {family!r}{hint}; families: {families}",
        "no_rule": "no rule {rule_id!r}{hint}; `polex rules list` shows them all",
        "no_rule_hint": "; did you mean {hint!r}?",
        "example_failure": "example {n}: expected {expected}, got {got}",
        "invalid_example": "an invalid example: {error}",
        "example_fail": "FAIL [{executor}] {rule} {failure}  ({where})",
        "sev_error": "error",
        "sev_warning": "warning",
        # polex score
        "set_not_pair": "got {item!r}, expected field=value (e.g. stage=pilot)",
        "set_unknown": "unknown field {field!r}{hint}; `polex schema` lists every field",
        "score_pipeline": "{file}: `polex score` reads one candidate from YAML or JSON; for a pipeline file use "
                          "`polex rank FILE` or `polex explain FILE --id ID`",
        "score_nothing": "give a candidate FILE (YAML or JSON, - for stdin), --set field=value options, or "
                         "--interactive",
        "score_stdin_twice": "--interactive reads answers from stdin, so the candidate cannot come from - too; give "
                             "a FILE or --set options",
        "ask_several": "several: separate with ; (e.g. 1;3)",
        "ask_required": "required: give a value",
        # any command: the last line of defence
        "unexpected": "Error: unexpected {kind}: {text}. This is a bug in polex; please report it with the command "
                      "you ran (POLEX_DEBUG=1 shows the traceback).",
    },
    "ko": {
        "exists_force": "{out}이(가) 이미 있음; 덮어쓰려면 --force",
        "expected_suffix": "{out}: {suffixes} 파일이어야 함",
        "no_family": "없는 요인군 {family!r}{hint}; 요인군: {families}",
        "no_rule": "없는 규칙 {rule_id!r}{hint}; 전체 목록은 `polex rules list`",
        "no_rule_hint": "; {hint!r}을(를) 의미했나요?",
        "example_failure": "예제 {n}: 기대 {expected}, 결과 {got}",
        "invalid_example": "잘못된 예제: {error}",
        "example_fail": "실패 [{executor}] {rule} {failure}  ({where})",
        "sev_error": "오류",
        "sev_warning": "경고",
        "set_not_pair": "받은 값 {item!r}; 항목=값 형식이어야 함 (예: stage=pilot)",
        "set_unknown": "알 수 없는 항목 {field!r}{hint}; 전체 항목은 `polex schema`",
        "score_pipeline": "{file}: `polex score`는 YAML 또는 JSON 파일에서 후보 하나를 읽음; 파이프라인 파일은 "
                          "`polex rank FILE` 또는 `polex explain FILE --id ID`",
        "score_nothing": "후보 FILE(YAML 또는 JSON, 표준 입력은 -), --set 항목=값 옵션, --interactive 중 하나를 "
                         "주십시오",
        "score_stdin_twice": "--interactive는 답을 표준 입력에서 읽으므로 후보를 -(표준 입력)에서 읽을 수 없음; FILE "
                             "또는 --set 옵션을 주십시오",
        "ask_several": "여러 개는 ;로 구분 (예: 1;3)",
        "ask_required": "필수 항목입니다",
        "unexpected": "오류: 예기치 않은 {kind}: {text}. polex의 버그입니다; 실행한 명령과 함께 알려 주십시오 "
                      "(POLEX_DEBUG=1이면 트레이스백을 보여 줌).",
    },
}


# The operating system's reasons (strerror), by errno.
OS_KO = {
    "ENOENT": "파일이나 폴더가 없음", "EACCES": "권한이 없음", "EPERM": "허용되지 않는 작업",
    "EEXIST": "이미 있음 (같은 이름의 파일이 있음)", "ENOTDIR": "폴더가 아님", "EISDIR": "폴더임 (파일이어야 함)",
    "EROFS": "읽기 전용 파일 시스템", "ENOSPC": "저장 공간이 부족함", "EDQUOT": "디스크 할당량을 넘음",
    "ENAMETOOLONG": "이름이 너무 김", "EBUSY": "사용 중임", "EMFILE": "열린 파일이 너무 많음", "EIO": "입출력 오류",
    "EINVAL": "잘못된 인자", "ETXTBSY": "사용 중인 파일임", "ELOOP": "심볼릭 링크가 너무 많이 이어짐",
}
_OS_TEXT = {os.strerror(getattr(errno, name)): ko for name, ko in OS_KO.items() if hasattr(errno, name)}


def os_text(reason: str, lang: str) -> str:
    """An OS error's reason ('Permission denied') in `lang`; one it does not know stays as it is."""
    return _OS_TEXT.get(reason, reason) if lang == "ko" else reason


# The YAML parser's texts (PyYAML and libyaml), line by line: what it was reading, the problem, where.
_YAML_WORDS = {
    "flow": "흐름", "block": "블록", "sequence": "목록", "mapping": "매핑", "collection": "모음", "node": "노드",
    "scalar": "값", "quoted": "따옴표", "double-quoted": "큰따옴표", "single-quoted": "작은따옴표", "plain": "일반",
    "simple": "단순", "key": "키", "alias": "별칭", "anchor": "앵커", "directive": "지시문", "tag": "태그",
    "start": "시작", "end": "끝", "stream": "파일", "document": "문서", "entry": "항목", "value": "값",
    "content": "내용", "indicator": "표시", "next": "다음", "token": "토큰", "comment": "주석", "line": "줄",
    "break": "바꿈", "character": "문자", "alphabetic": "영문자", "numeric": "숫자",
}


def _yaml_words(text: str) -> str:
    """What the parser names, in Korean: 'a flow sequence' -> '흐름 목록', <block end> -> '<블록 끝>',
    "',' or ']'" -> "',' 또는 ']'"; quoted parts are kept."""
    text = re.sub(r"^(?:an?|the|for the) ", "", text)

    def words(part: str) -> str:
        return " ".join(_YAML_WORDS.get(w, w) for w in part.split(" ") if w not in ("a", "an", "the"))

    parts = re.split(r"('[^']*')", text)
    for i in range(0, len(parts), 2):
        part = parts[i].replace(" or ", " 또는 ")
        parts[i] = re.sub(r"<([\w -]+)>", lambda m: f"'<{words(m[1])}>'", words(part) if "<" not in part else part)
    return "".join(parts)


_YAML_KO: tuple[tuple[str, str | Callable], ...] = (
    (r'^(\s*)in "<unicode string>", line (\d+), column (\d+):?$', r"\1(\2행 \3열)"),
    (r"^while (?:parsing|scanning|constructing) (.+)$", lambda m: f"{_yaml_words(m[1])} 해석 중"),
    (r"^expected (.+?), but (?:found|got) (.+)$", lambda m: f"{_yaml_words(m[1])}이(가) 와야 하는데 {m[2]}이(가) 옴"),
    (r"^(?:did|could) not find expected (.+)$", lambda m: f"{_yaml_words(m[1])}이(가) 없음"),
    (r"^mapping values are not allowed (?:here|in this context)$",
     "여기에는 'key: value'를 쓸 수 없음 (들여쓰기나 ':' 뒤의 공백을 확인하십시오)"),
    (r"^found character( '.*')? that cannot start any token$", r"토큰을 시작할 수 없는 문자\1"),
    (r"^found undefined alias( '.*')?$", r"정의되지 않은 별칭\1"),
    (r"^found unexpected end of stream$", "파일이 예기치 않게 끝남"),
    (r"^found unknown escape character( '.*')?$", r"알 수 없는 이스케이프 문자\1"),
    (r"^found a tab character (?:that violates indentation|where an indentation space is expected)$",
     "들여쓰기에 탭 문자가 있음"),
    (r"^found unhashable key$", "키로 쓸 수 없는 값"),
    (r"^found duplicate anchor(.*)$", r"중복된 앵커\1"),
    (r"^found unacceptable character (.+?)(?:: special characters are not allowed)?$", r"허용되지 않는 문자 \1"),
    (r"^could not determine a constructor for the tag (.+)$", r"태그 \1은(는) 읽지 않음"),
    # models/yamlsafe.py: what polex itself refuses
    (r"YAML aliases \((\*[^)]*)\) are not accepted in candidate files; write the value out",
     r"후보 파일에는 YAML 별칭(\1)을 쓸 수 없음; 값을 직접 쓰십시오"),
    (r"the document's aliases expand to more than ([\d,]+) values; expand them by hand or split the file",
     r"문서의 별칭이 값 \1개 넘게 펼쳐짐; 직접 펼쳐 쓰거나 파일을 나누십시오"),
    (r"^a key must be a plain name$", "키는 일반 이름이어야 함"),
)


def yaml_text(text: str, lang: str) -> str:
    """A YAML error (one or several lines) in `lang`."""
    if lang != "ko" or not text:
        return text
    out = []
    for line in str(text).split("\n"):
        line = reworded(line, _YAML_KO)
        out.append(line)
    return "\n".join(out)


def reworded(text: str, table) -> str:
    """`text` with each (pattern, Korean) of `table` applied in order: the one way a phrase table is read."""
    for pattern, ko in table:
        text = re.sub(pattern, ko, text)
    return text


# pydantic's messages about a rule or profile file (rules/loader.py words them '{where}: {msg} (got X)').
_PYDANTIC_KO: tuple[tuple[str, str | Callable], ...] = (
    (r"^Input should be a valid number(?:, unable to parse string as a number)?$", "숫자여야 함"),
    (r"^Input should be a valid integer(?:, .*)?$", "정수여야 함"),
    (r"^Input should be a finite number$", "유한한 숫자여야 함"),
    (r"^Input should be a valid string$", "텍스트여야 함"),
    (r"^Input should be a valid list$", "목록이어야 함"),
    (r"^Input should be a valid dictionary(?: or instance of \w+)?$", "매핑(이름: 값)이어야 함"),
    (r"^Input should be a valid boolean(?:, .*)?$", "참/거짓이어야 함"),
    (r"^Input should be greater than or equal to (\S+)$", r"\1 이상이어야 함"),
    (r"^Input should be less than or equal to (\S+)$", r"\1 이하여야 함"),
    (r"^Input should be greater than (\S+)$", r"\1보다 커야 함"),
    (r"^Input should be less than (\S+)$", r"\1보다 작아야 함"),
    (r"^String should have at least (\d+) characters?$", r"\1자 이상이어야 함"),
    (r"^Input should be ((?:'[^']*'(?:, | or )?)+)$", lambda m: "다음 중 하나여야 함: " + m[1].replace(" or ", ", ")),
    (r"^unknown families (\[.*\]); expected some of (.+)$", r"알 수 없는 요인군 \1; 허용 요인군: \2"),
    (r"^family weights sum to (\S+), expected 1$", r"요인군 가중치의 합이 \1임; 1이어야 함"),
    (r"^got (.+), expected line numbers such as (.+) or (.+)$", r"받은 값 \1; \2 또는 \3 같은 줄 번호여야 함"),
    (r"^got (.+), expected one of (.+)$", r"받은 값 \1; 다음 중 하나여야 함: \2"),
)


def _pydantic(text: str) -> str:
    text = reworded(text, _PYDANTIC_KO)
    return text


# Texts worded in English by rules/ and engine/ (a rule or profile file's problem, the AHP's errors).
_ERRORS_KO: tuple[tuple[str, str | Callable], ...] = (
    # rank --columns (formats/frames.py)
    (r"^unknown column ('[^']*')", r"없는 열 \1"),
    (r"; give '(\w+)' or field names, separated by commas$", r"; '\1' 또는 항목 이름을 쉼표로 구분해 줄 것"),
    # weights profiles (rules/loader.py)
    (r"no such weights profile", "없는 가중치 프로파일"),
    (r"; shipped profiles: ", "; 제공되는 프로파일: "),
    # rule files (rules/loader.py)
    (r"^a rule file is a mapping with `family` and `rules`$", "규칙 파일은 `family`와 `rules`가 있는 매핑이어야 함"),
    (r"^no rule files \(\*\.yaml\) found$", "규칙 파일(*.yaml)이 없음"),
    (r"^file (\S+) holds family ('[^']*'); name it (\S+)$", r"파일 \1에 요인군 \2이(가) 있음; 파일 이름을 \3(으)로 하십시오"),
    (r"^unknown key ('[^']*')", r"알 수 없는 키 \1"),
    (r"^missing translation (\S+)$", r"번역이 없음: \1"),
    (r"^missing (\S+)$", r"값이 없음: \1"),
    (r"^duplicate id; first defined at (\S+)$", r"중복된 id; 처음 정의된 곳: \1"),
    (r"^a rule id may not reuse a candidate field name$", "규칙 id로 후보 항목 이름을 쓸 수 없음"),
    (r"^a (\w+) needs points > 0, got (.+)$", r"\1 규칙에는 0보다 큰 points가 필요함; 받은 값 \2"),
    (r"^points are ignored on a (\w+)$", r"\1 규칙의 points는 무시됨"),
    (r"^a derive rule cannot have a scope \(`applies`\): scope the rules that read it$",
     "derive 규칙에는 적용 범위(`applies`)를 둘 수 없음: 그 값을 읽는 규칙에 범위를 두십시오"),
    (r"^a rule with `applies` needs `scope` \{en, ko\}: why it applies only there, from the source lines$",
     "`applies`가 있는 규칙에는 `scope` {en, ko}가 필요함: 그 범위에만 적용되는 이유 (출처의 줄에서)"),
    # rule files (rules/lint.py)
    (r"^reads (\w+), which every candidate has: it scores no difference between candidates$",
     r"모든 후보에 있는 \1을(를) 읽음: 후보 간 차이를 만들지 않음"),
    (r"^needs at least one example expecting (\w+)(?: and (\w+))?$",
     lambda m: f"`expect: {m[1]}`인 예제가 하나 이상 필요함" if not m[2]
     else f"`expect: {m[1]}`인 예제와 `expect: {m[2]}`인 예제가 각각 하나 이상 필요함"),
    (r"^the condition can never be true$", "조건이 참이 될 수 없음"),
    (r"^the durable_rules reference executor cannot hold it: ", "기준 실행기 durable_rules로 처리할 수 없음: "),
    (r"^derived fact read by no rule$", "어떤 규칙도 읽지 않는 파생 사실"),
    (r"^family (\w+) has rules but no weight$", r"요인군 \1에 규칙은 있으나 가중치가 없음"),
    (r"^family (\w+) has a weight but no rules$", r"요인군 \1에 가중치는 있으나 규칙이 없음"),
    # pairwise files and written profiles (rules/profiles.py)
    (r"expected a mapping with `families` \(a list, the matrix order\) and `matrix` \(rows of judgements\) or "
     r"`comparisons` \(a list of \[family, family, judgement\]\)",
     "`families`(행렬 순서의 목록)와, `matrix`(판단값의 행) 또는 `comparisons`([요인군, 요인군, 판단값]의 목록)가 "
     "있는 매핑이어야 함"),
    (r"unknown family ('[^']*')", r"알 수 없는 요인군 \1"),
    (r"; expected some of ", "; 허용 요인군: "),
    (r"a family is listed twice in `families`", "`families`에 같은 요인군이 두 번 있음"),
    (r"compare at least 2 families", "요인군을 2개 이상 비교해야 함"),
    (r"give either `matrix` or `comparisons`, not both", "`matrix`와 `comparisons` 중 하나만 주십시오 (둘 다 있음)"),
    (r"give either `matrix` or `comparisons`, not neither", "`matrix`와 `comparisons` 중 하나를 주십시오 (둘 다 없음)"),
    (r"`matrix` must have (\d+) rows of (\d+) judgements \(one per family\)",
     r"`matrix`는 판단값 \2개씩 \1행이어야 함 (요인군마다 하나)"),
    (r"matrix row (\d+) \((\w+)\), column (\d+) \((\w+)\)", r"matrix \1행 (\2), \3열 (\4)"),
    (r": got (.+), expected a positive number such as 3 or 1/3$", r": 받은 값 \1; 3 또는 1/3 같은 양수여야 함"),
    (r"comparisons\[(\d+)\]: expected \[family, family, judgement\], got (.+)$",
     r"comparisons[\1]: [요인군, 요인군, 판단값]이어야 함; 받은 값 \2"),
    (r"comparisons\[(\d+)\]: ('[^']*') is not in `families`", r"comparisons[\1]: \2은(는) `families`에 없음"),
    (r"the profile to write is not valid: ", "저장할 프로파일이 올바르지 않음: "),
    # the AHP (engine/ahp.py, engine/weights.py)
    (r"entries \((\S+), (\S+)\) = (\S+) and \((\S+), (\S+)\) = (\S+) are not reciprocal",
     r"항목 (\1, \2) = \3과(와) (\4, \5) = \6이(가) 서로 역수가 아님"),
    (r"diagonal entry \((\S+), (\S+)\) is (.+); an element compared with itself is 1",
     r"대각 항목 (\1, \2)의 값이 \3임; 자기 자신과의 비교는 1이어야 함"),
    (r"entry \((\S+), (\S+)\) is (.+); judgements are positive numbers", r"항목 (\1, \2)의 값이 \3임; 판단값은 양수여야 함"),
    (r"a pairwise matrix is square; got shape (.+)$", r"쌍대비교 행렬은 정방행렬이어야 함; 받은 모양 \1"),
    (r"no elements to compare", "비교할 요소가 없음"),
    (r"Saaty's random index is tabulated up to n = (\d+); got n = (\d+)", r"Saaty의 무작위 지수는 n = \1까지만 있음; 받은 n = \2"),
    (r"element (\S+) compared with itself", r"요소 \1을(를) 자기 자신과 비교함"),
    (r"pair (.+) is judged twice", r"쌍 \1을(를) 두 번 판단함"),
    (r"pair \((\S+), (\S+)\): judgement (.+) is not a positive number", r"쌍 (\1, \2): 판단값 \3이(가) 양수가 아님"),
    (r"missing judgements for pairs (.+)$", r"판단값이 없는 쌍: \1"),
    (r"consistency ratio (\S+) is above (\S+) \((.+)\): the judgements contradict each other\. Most inconsistent "
     r"pair: (\S+) vs (\S+): judged (\S+), the other judgements imply about (\S+)\. Revise that judgement, or write "
     r"the profile anyway with --force\.",
     r"일관성 비율 \1이(가) \2을(를) 넘음 (\3): 판단들이 서로 모순됨. 가장 일관성이 낮은 쌍: \4 대 \5: 판단 \6, "
     r"다른 판단들로 보면 약 \7. 그 판단을 고치거나, --force로 프로파일을 그대로 저장하십시오."),
    (r"`why` must map a family to its justification", "`why`는 요인군마다 그 근거를 적은 매핑이어야 함"),
    (r"`description` needs both `en` and `ko` texts", "`description`에는 `en`과 `ko` 문구가 모두 있어야 함"),
    # rule conditions (engine/compile.py, shown as '<where>: <problem>') and derive cycles (engine/ruleset.py)
    (r"cannot read the value (.+?): (.+)$", lambda m: f"값 {m[1]}을(를) 읽을 수 없음: {yaml_text(m[2], 'ko')}"),
    (r"unknown field ('[^']*')(.*); expected a candidate field of DESIGN\.md or a derived rule id$",
     r"알 수 없는 항목 \1\2; DESIGN.md의 후보 항목이나 파생 규칙 id여야 함"),
    (r"(\w+): unknown value (.+?)((?: \(did you mean '[^']*'\?\))?); expected one of (.+)$",
     r"\1: 알 수 없는 값 \2\3; 다음 중 하나여야 함: \4"),
    (r"(\w+): got (.+), expected true or false$", r"\1: 받은 값 \2; true 또는 false여야 함"),
    (r"(\w+): got (.+), expected a number$", r"\1: 받은 값 \2; 숫자여야 함"),
    (r"(\w+): cannot compare$", r"\1: 비교할 수 없음"),
    (r"cannot read condition (.+): expected 'field op value' with op one of (.+?)((?: \(did you mean '[^']*'\?\))?)$",
     r"조건 \1을(를) 읽을 수 없음: 'field op value'(항목 연산자 값) 형식이어야 함; 연산자: \2\3"),
    (r"(\w+) takes no value, got (.+)$", r"\1에는 값을 쓰지 않음; 받은 값 \2"),
    (r"(\w+) has no order \((\w+)\); (\S+) needs an ordinal enum or a number$",
     lambda m: f"{m[1]}에는 순서가 없음 ({kind_text(m[2])}); {m[3]}에는 순서형 열거 항목이나 숫자 항목이 필요함"),
    (r"contains needs a list field; (\w+) is (\w+)$",
     lambda m: f"contains에는 목록 항목이 필요함; {m[1]}은(는) {kind_text(m[2])} 항목임"),
    (r"(\S+) compares one value; (\w+) is a list \(use contains\)$",
     r"\1은(는) 값 하나와 비교함; \2은(는) 목록 항목임 (contains를 쓰십시오)"),
    (r"(\S+) needs a non-empty list such as \[a, b\], got (.+)$",
     r"\1에는 [a, b] 같은 비어 있지 않은 목록이 필요함; 받은 값 \2"),
    (r"(\w+) is a list: compare it with a list such as \[a, b\], or use contains$",
     r"\1은(는) 목록 항목임: [a, b] 같은 목록과 비교하거나 contains를 쓰십시오"),
    (r"(\S+) compares one value, got a list (.+) \(use in / not_in\)$",
     r"\1은(는) 값 하나와 비교함; 받은 값이 목록 \2임 (in 또는 not_in을 쓰십시오)"),
    (r"a condition mapping has exactly one key of all, any, not; got (\[.*?\])",
     r"조건 매핑에는 all, any, not 중 키가 하나만 있어야 함; 받은 키 \1"),
    (r"(\w+) needs a non-empty list of conditions$", r"\1에는 비어 있지 않은 조건 목록이 필요함"),
    (r"a condition is 'field op value' or a mapping of all/any/not, got (.+)$",
     r"조건은 'field op value'(항목 연산자 값) 형식이거나 all/any/not 매핑이어야 함; 받은 값 \1"),
    (r"^derived rules depend on each other in a cycle: (.+)$", r"파생 규칙이 서로를 읽는 순환이 있음: \1"),
    # the scorer (engine/scorer.py)
    (r"^the profile gives no weight to any family that has points$", "프로파일이 배점 있는 요인군 어디에도 가중치를 주지 않음"),
    # a ranking given to `polex diff` (engine/diff.py): '<file>: row N: <problem>'
    (r": row (\d+): (\w+) is empty; a ranking written by `polex rank` has one in every row$",
     r": \1행: \2 값이 비어 있음; `polex rank`가 쓴 순위표에는 모든 행에 값이 있음"),
    (r": row (\d+): (\w+) (.+) is not a number$", r": \1행: \2 값 \3이(가) 숫자가 아님"),
    (r": row (\d+): (\w+) (.+) is not true or false$", r": \1행: \2 값 \3이(가) true 또는 false가 아님"),
    (r": row (\d+): (\d+) cells where the header has (\d+)$", r": \1행: 칸이 \2개임 (머리글에는 \3개)"),
    (r": row (\d+): no id$", r": \1행: id가 없음"),
    # files: reading and writing
    (r"^cannot write (.+): ([^:]+)$", lambda m: f"{m[1]}에 저장할 수 없음: {os_text(m[2], 'ko')}"),
    (r"cannot read: ([^:]+)$", lambda m: f"읽을 수 없음: {os_text(m[1], 'ko')}"),
    (r"not valid YAML( \(line (\d+)\))?: (.*)$",
     lambda m: "올바른 YAML이 아님" + (f" ({m[2]}행)" if m[1] else "") + ": " + yaml_text(m[3], "ko")),
    (r"not readable YAML: ", "읽을 수 없는 YAML: "),
)

# The kinds of the candidate vocabulary (models/vocabulary.py), as a rule condition's error names them.
KINDS_KO = {"str": "텍스트", "enum": "열거", "ordinal": "순서형 열거", "bool": "참/거짓", "int": "정수", "float": "숫자",
            "list": "목록"}


def kind_text(kind: str) -> str:
    return KINDS_KO.get(kind, kind)


# Python's json module's texts (JSONDecodeError.msg).
_JSON_KO: tuple[tuple[str, str], ...] = (
    (r"^Expecting value$", "값이 와야 함"),
    (r"^Expecting property name enclosed in double quotes$", "큰따옴표로 감싼 키가 와야 함"),
    (r"^Expecting '(.)' delimiter$", r"구분자 '\1'이(가) 와야 함"),
    (r"^Unterminated string starting at$", "닫히지 않은 문자열"),
    (r"^Invalid control character (.*?) ?at$", r"잘못된 제어 문자 \1"),
    (r"^Invalid \\uXXXX escape$", r"잘못된 \\uXXXX 이스케이프"),
    (r"^Invalid \\escape(: .*)?$", r"잘못된 이스케이프\1"),
    (r"^Extra data$", "JSON 값 뒤에 다른 내용이 있음"),
    (r"^Illegal trailing comma before end of (?:object|array)$", "닫는 괄호 앞에 쉼표가 있음"),
)


def json_text(text: str, lang: str) -> str:
    """A JSON parser's reason ('Expecting value') in `lang`; one it does not know stays as it is."""
    if lang != "ko":
        return text
    text = reworded(text, _JSON_KO)
    return text


# Python's csv module's texts (csv.Error), the ones a candidate file can provoke.
_CSV_KO: tuple[tuple[str, str], ...] = (
    (r"^'(.)' expected after '(.)'$", r"'\2' 뒤에는 '\1'이(가) 와야 함"),
    (r"^line contains NUL$", "줄에 NUL 문자가 있음"),
    (r"^field larger than field limit \((\d+)\)$", r"칸이 최대 크기(\1자)를 넘음"),
    (r"^new-line character seen in unquoted field.*$", "따옴표로 감싸지 않은 칸에 줄바꿈 문자가 있음"),
)

# What a reader says it could not read (formats/files.not_readable).
_WHAT_KO = {"Parquet file": "Parquet 파일", "Excel workbook": "Excel 통합 문서"}

# The readers' and writers' texts (formats/files.py, formats/rows.py, formats/writers.py), worded
# '<file>: <problem>'; a parser's own detail (pyarrow's, openpyxl's) is kept as it is.
_REASONS_KO: tuple[tuple[str, str | Callable], ...] = (
    (r"^a mapping of field to value$", "후보(항목: 값의 묶음)여야 함"),
    (r"^a JSON object$", "JSON 객체여야 함"),
    (r"^this line is not JSON: (.*)$", lambda m: "이 줄은 JSON이 아님: " + json_text(m[1], "ko")),
    (r"^this line is not readable JSON: ", "이 줄은 읽을 수 없는 JSON임: "),
)


# What the libraries that read the files (openpyxl, pyarrow) say most often, in Korean; any other
# detail is quoted as the library wrote it, marked as its own words.
_LIBRARY_KO: dict[str, str] = {
    "File is not a zip file": "zip 형식이 아님 (.xlsx 통합 문서는 zip으로 묶인 파일임)",
    "Parquet magic bytes not found in footer. Either the file is corrupted or this is not a parquet file.":
        "Parquet 파일 끝의 표식이 없음: 파일이 손상되었거나 Parquet 파일이 아님",
    "Parquet file size is 0 bytes": "Parquet 파일의 크기가 0바이트임",
}


def _library_ko(detail: str) -> str:
    known = _LIBRARY_KO.get(detail.strip())
    return known if known else f"(라이브러리 원문) {detail}"


def _reason_ko(text: str) -> str:
    text = reworded(text, _REASONS_KO)
    return text


_FILES_KO: tuple[tuple[str, str | Callable], ...] = (
    (r"(^|: )line (\d+): cannot decode the text as UTF-16 \(byte (\d+) of the file\)$",
     r"\1\2행: 텍스트를 UTF-16으로 해독할 수 없음 (파일의 \3번째 바이트)"),
    (r"(^|: )line (\d+): cannot decode the text: expected UTF-8, UTF-16 with a BOM, or CP949 \(EUC-KR\); "
     r"byte (\d+) of the file is (0x[0-9A-F]{2})$",
     r"\1\2행: 텍스트를 해독할 수 없음: UTF-8, BOM이 있는 UTF-16 또는 CP949(EUC-KR)이어야 함; 파일의 \3번째 "
     r"바이트가 \4임"),
    (r"(^|: )not a readable ([^:]+): (.*)$",
     lambda m: f"{m[1]}읽을 수 없는 {_WHAT_KO.get(m[2], m[2])}: {_library_ko(m[3])}"),
    (r"(^|: )is a folder, expected a file$", r"\1폴더임 (파일이어야 함)"),
    (r"(^|: )the file holds no candidates$", r"\1파일에 후보가 없음"),
    (r"(^|: )the folder holds no \.csv, \.tsv or \.parquet file$", r"\1폴더에 .csv, .tsv, .parquet 파일이 없음"),
    (r"(^|: )a folder or a glob reads \.csv, \.tsv and \.parquet files only$",
     r"\1폴더나 glob 패턴은 .csv, .tsv, .parquet 파일만 읽음"),
    (r"(^|: )expected a list of candidates \(mappings of field to value\)$", r"\1후보(항목: 값의 묶음)의 목록이어야 함"),
    (r"(^|: )(line|item) (\d+): (.+); no item is a candidate$",
     lambda m: f"{m[1]}{m[3]}{'행' if m[2] == 'line' else '번째 요소'}: {_reason_ko(m[4])}; 후보인 요소가 하나도 없음"),
    (r'(^|: )line (\d+): a quote opened in this record is never closed \(a cell that starts with " must end with "\)$',
     r'\1\2행: 이 레코드에서 연 따옴표가 닫히지 않음 ("로 시작하는 칸은 "로 끝나야 함)'),
    (r'(^|: )line (\d+): not readable CSV: (.+) \(a quote inside a quoted cell is written twice: ""\)$',
     lambda m: f'{m[1]}{m[2]}행: 읽을 수 없는 CSV: {_csv_ko(m[3])} (따옴표로 감싼 칸 안의 따옴표는 두 번 씀: "")'),
    (r"(^|: )not valid JSON \(line (\d+)\): (.*)$", lambda m: f"{m[1]}올바른 JSON이 아님 ({m[2]}행): {json_text(m[3], 'ko')}"),
    (r"(^|: )not readable JSON: ", r"\1읽을 수 없는 JSON: "),
    (r"(^|: )the first sheet is empty$", r"\1첫 번째 시트가 비어 있음"),
    (r"(^|: )(\d+) rows do not fit in an Excel sheet \(([\d,]+) at most\); write \.csv or \.parquet instead$",
     r"\1\2행은 Excel 시트 하나에 들어가지 않음 (최대 \3행); .csv 또는 .parquet으로 저장하십시오"),
)


def _csv_ko(text: str) -> str:
    text = reworded(text, _CSV_KO)
    return text


def file_text(text: str, lang: str) -> str:
    """A file reader's or writer's problem (formats/), worded in English, in `lang`: polex's words
    translated, a parser's own detail kept (JSON's and CSV's reasons are translated too)."""
    if lang != "ko" or not text:
        return text
    text = reworded(text, _FILES_KO)
    return text


_DESCRIBED = re.compile(r"^(?P<field>[\w.()\[\]]+): got (?P<value>.+?), expected (?P<expected>.+?)"
                        r"(?: \(did you mean (?P<hint>'[^']*')\?\))?$")
_PYDANTIC = re.compile(r"^(?P<loc>[\w.\[\]]*): (?P<msg>.+) \(got (?P<got>.*)\)$")
_PROBLEMS = re.compile(r"^(example \d+ is not a valid candidate|an invalid example): (.+)$")


def problems_text(text: str, lang: str, problem: Callable[[str, str, str], str] | None = None) -> str:
    """A candidate's problems ('a: got X, expected Y; b: ...') in `lang`, each worded by `problem`
    (field, value, expected) -> text; a part that is not one stays as it is."""
    if lang != "ko" or problem is None:
        return text
    parts = re.split(r"; (?=[\w.()\[\]]+: got )", text)
    out = []
    for part in parts:
        m = _DESCRIBED.match(part)
        out.append(problem(m["field"], m["value"], m["expected"]) + (did_you_mean_ko(m["hint"]) if m["hint"] else "")
                   if m else part)
    return "; ".join(out)


def did_you_mean_ko(hint: str) -> str:
    return f" ({hint}을(를) 의미했나요?)"


def error_text(text: str, lang: str, problem: Callable[[str, str, str], str] | None = None) -> str:
    """A text worded in English by rules/ or engine/ (a rule or profile file's problem, an AHP
    error, a file's OS or YAML reason), phrase by phrase in `lang`."""
    if lang != "ko" or not text:
        return text
    lines = str(text).split("\n")
    first, rest = lines[0], lines[1:]
    m = _PROBLEMS.match(first)
    if m:
        head = re.sub(r"^example (\d+) is not a valid candidate$", r"예제 \1은(는) 올바른 후보가 아님", m[1])
        first = (head if m[1] != "an invalid example" else "잘못된 예제") + ": " + problems_text(m[2], lang, problem)
    elif (p := _PYDANTIC.match(first)) is not None:
        first = f"{p['loc']}: {_pydantic(p['msg'])} (받은 값 {p['got']})"
    elif _DESCRIBED.match(first) and problem is not None:
        first = problems_text(first, lang, problem)
    first = reworded(first, _ERRORS_KO)
    first = re.sub(r" \(did you mean ('[^']*')\?\)", lambda h: did_you_mean_ko(h[1]), first)
    first = re.sub(r"(?<=: )([^:]+)$", lambda r: _OS_TEXT.get(r[1], r[1]), first)  # an OS reason at the end
    return "\n".join([first, *(yaml_text(line, lang) for line in rest)])


def issue_text(issue, lang: str, problem: Callable[[str, str, str], str] | None = None) -> str:
    """One problem of a rule or profile file (rules.loader.Issue), 'file:line: severity [rule]: message'."""
    if lang != "ko":
        return str(issue)
    where = f"{issue.file}:{issue.line}" if issue.line else issue.file
    where = re.sub(r"^profile ", "프로파일 ", where)
    severity = ERROR_MESSAGES["ko"].get("sev_" + issue.severity, issue.severity)
    who = f" [{issue.rule}]" if issue.rule else ""
    return f"{where}: {severity}{who}: {error_text(issue.message, lang, problem)}"
