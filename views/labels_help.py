"""The Korean `--help` of the main group and of every command (`polex X --help --lang ko`, or
POLEX_LANG=ko): each command's help, the short help the group's list of commands shows, and the
help of each option. Option names, field names, file extensions, example command lines and numbers
are kept as they are. Imported only for a Korean help page (commands/speech.help_speaks); click's
own words around them (headings, `[default: ...]`, `[required]`) are in labels_commands.CLICK_KO.

A command is keyed by its path under `polex` ("" for the group itself, "weights base-rates"); an
option by its longest name ("--out"). The options every command shares (commands/common.py) are
keyed by their English help, so a changed English text finds no stale Korean."""

from __future__ import annotations

import click

# The shared options (commands/common.py) and click's own help and version options, by English help.
SHARED_KO: dict[str, str] = {
    "Language of titles, reasons and messages (env POLEX_LANG).":
        "제목, 사유, 메시지의 언어 (환경 변수 POLEX_LANG).",
    "Weights profile: a shipped name (default) or a YAML file.":
        "가중치 프로파일: 기본 제공 프로파일의 이름(기본값) 또는 YAML 파일.",
    "Extra rule file or folder (adds rules, or replaces a shipped rule with the same id). Linted, and its "
    "examples run, before use. Repeatable.":
        "추가 규칙 파일 또는 폴더 (규칙을 더하거나, 같은 id의 기본 제공 규칙을 대체함). 쓰기 전에 검사하고 "
        "예시를 실행함. 여러 번 지정 가능.",
    "Rank by the point score, or by the low or high end of its range (what unknowns could do).":
        "순위 기준: 점수(point), 또는 점수 범위(미확인 항목에 따라 달라질 수 있는 폭)의 하한(low)이나 상한(high).",
    "Also print the documents' reason for every rule that counts.":
        "점수에 반영되는 모든 규칙에 대해 문헌이 밝힌 사유도 출력함.",
    "Format of FILE when it is - (stdin); default csv.":
        "FILE이 -(표준 입력)일 때의 형식; 기본값 csv.",
    "table for people; json or yaml for other programs.":
        "table은 사람이 읽는 표, json과 yaml은 다른 프로그램이 읽는 형식.",
    "Processes that score, explain and draw in parallel (default: the cores this process may use). The output is "
    "the same, byte for byte, for any number.":
        "점수 계산, 설명, 추출을 나누어 맡는 프로세스 수 (기본값: 이 프로세스가 쓸 수 있는 코어 수). 몇 개로 하든 "
        "결과는 바이트 단위까지 같음.",
    "Language of the commands below, as POLEX_LANG sets it (a command's own --lang wins).":
        "아래 명령들의 언어, POLEX_LANG과 같은 효과 (명령 자체의 --lang이 우선함).",
    "Show this message and exit.": "이 도움말을 보여 주고 끝냄.",
    "Show the version and exit.": "버전을 보여 주고 끝냄.",
}

HELP_KO: dict[str, dict[str, str]] = {
    "": {
        "help": """서울이 도시 정책을 협력 도시에 전하는 정책수출 기회를, 한국 정책 문헌 다섯 편에서 뽑은 규칙으로
            평가하고 순위를 매김. 규칙마다 근거 문헌과 행 번호를 밝힘.

            \b
            시작하기:
              polex demo                              문헌 사례의 순위와 1위의 설명
              polex score --interactive               후보 하나를 항목별로 물어 평가
              polex template --out pipeline.xlsx      빈 후보 목록(드롭다운 포함), 그다음:
              polex rank pipeline.xlsx --out ranking.xlsx

            종료 코드: 0 정상, 1 데이터 오류 또는 검사 실패, 2 사용법 오류.""",
    },
    "demo": {
        "short": "문헌 사례의 순위를 매기고 1위를 설명함.",
        "help": """원문 문헌에 나오는 사례들의 순위를 매기고, 1위 후보를 규칙별로 설명함.

            README의 첫 단계: polex가 하는 일을 명령 하나로 보여 줌.""",
        "--top": "보여 줄 순위표의 행 수.",
    },
    "score": {
        "short": "후보 하나를 평가함 (YAML/JSON 파일, --set, 또는 묻고 답하기).",
        "help": """YAML 또는 JSON 파일 FILE(-는 표준 입력), --set 옵션, 또는 묻고 답하기로 후보 하나를 평가함.

            점수와 그 범위(미확인 항목에 따라 달라질 수 있는 폭), 적격 여부와 관문 사유, 요인군 막대, 규칙별 결과와
            배점과 근거, 점수를 가장 크게 올릴 변화, 확인하면 좋을 미확인 항목을 출력함. 필수 항목은 id,
            partner_city, country뿐이며, 비어 있는 항목은 거짓이 아니라 미확인으로 봄. 모든 항목은
            `polex schema`로 볼 수 있음.

            \b
            polex score candidate.yaml
            polex score --set partner_city=Hanoi --set country=VNM --set stage=pilot
            polex score -i --lang ko""",
        "--set": "항목 하나의 값을 지정함 (여러 번 지정 가능; FILE의 값보다 우선함), 예: --set stage=pilot --set "
                 "funding_sources='oda_loan;mdb'. 빈 값이나 'unknown' = 미확인.",
        "--interactive": "아직 값이 없는 항목마다 허용 값을 보여 주며 물어봄. Enter = 미확인, '.' = 여기서 끝냄.",
        "--engine": "실행기: durable_rules(기준 실행기) 또는 numpy(결과는 같음).",
        "--decimal-comma": "4,5를 4.5로 읽음. 이 옵션이 없으면 쉼표는 천 단위 구분(1,000)으로만 읽고, 그 밖의 쉼표가 "
                           "든 값은 받지 않음.",
    },
    "rank": {
        "short": "후보 목록 파일의 순위를 매김 (csv tsv xlsx json jsonl yaml parquet).",
        "help": """후보 목록 파일 FILE의 순위를 매김: .csv .tsv .txt .xlsx .json .jsonl .yaml .parquet (-는 표준 입력),
            또는 .csv .tsv .parquet 파일을 담은 폴더나 글롭('parts/*.parquet')을 하나의 후보 목록으로 읽음.

            모든 행은 순위에 오르거나, 행 번호, 항목, 값, 허용 값과 함께 제외됨. 건수를 출력함(입력 행 수 =
            순위 + 제외). 터미널에는 간추린 표를 보여 주고, --out은 모든 열을 저장함: rank, id, name,
            partner_city, country, score, score_lo, score_hi, eligible, possibly_ineligible, gate_reasons,
            top_reasons, top_improvements, unknowns_to_check, completeness, 이어서 입력 파일의 source/notes
            열, 끝으로 --columns의 열.

            폴더나 글롭을 .csv, .tsv, .parquet --out으로 저장하면 약 500,000행씩 부분별로 순위를 매기므로(Parquet
            파일은 나누어 읽고, 작은 파일은 함께 읽으며, CSV·TSV 파일은 나누지 않음), 메모리에는 후보 목록 전체가
            아니라 한 부분만 올라감. 저장되는 파일은 같은 행을 한 파일로 읽었을 때와 같음.

            \b
            polex rank pipeline.xlsx --out ranking.xlsx --rejects rejects.csv
            polex rank pipeline.csv --top 10 --lang ko
            polex rank pipeline.csv --out - --format jsonl --quiet | jq .id""",
        "--out": "전체 순위표를 파일로 저장함. 형식은 확장자로 정함: .csv .tsv .xlsx .json .jsonl .parquet .md "
                 "(원자적으로 저장). -이면 표준 출력으로 씀 (--format csv, tsv, json 또는 jsonl; 요약은 표준 오류로).",
        "--format": "--out의 형식 (기본값: 확장자에 따름; --out -이면 csv).",
        "--top": "상위 N행만 남김.",
        "--rejects": "제외된 행(row, id, field, value, expected, suggestion)을 이 파일에 저장함. 형식은 --out처럼 "
                     "확장자로 정함. `row`는 편집기에서 그 레코드의 첫 줄이 놓인 줄 번호(CSV/TSV/XLSX는 머리글이 "
                     "1행; JSONL과 YAML은 그 줄), JSON은 항목 번호임. --out과 --rejects는 둘 다 저장되거나 둘 다 "
                     "저장되지 않음.",
        "--columns": "--out에 열을 더함: 'families'(요인군별 점수)와 입력 항목을 쉼표로 구분해 씀, 예: --columns "
                     "families,stage,funding_sources.",
        "--strict": "제외된 행이 하나라도 있거나(출력 파일은 그대로 저장함), 어느 항목과도 맞지 않지만 비슷한 "
                    "열이 있으면 종료 코드 1.",
        "--decimal-comma": "4,5를 4.5로(1.234,5는 1234.5로) 읽음. 이 옵션이 없으면 쉼표는 천 단위 구분(1,000)으로만 "
                           "읽고, 그 밖의 쉼표가 든 행은 제외함.",
        "--no-bom": "CSV와 TSV 파일을 UTF-8 BOM 없이 저장함 (기본은 BOM을 붙여 Excel이 UTF-8로 읽게 함).",
        "--quiet": "표준 오류에 요약, 경고, 제외된 행을 출력하지 않음 (오류는 출력함).",
        "--engine": "실행기: numpy(빠름) 또는 durable_rules(기준 실행기; 결과는 같음).",
    },
    "explain": {
        "short": "후보 목록 파일의 후보 하나를 규칙별로 설명함.",
        "help": """후보 목록 파일 FILE의 후보 하나를, 다른 후보들 사이의 순위와 함께 규칙별로 설명함.

            \b
            polex explain pipeline.csv --id 002-CLARK --full""",
        "--id": "설명할 후보의 id.",
    },
    "rules": {
        "short": "규칙을 살펴보고 검사하고 시험함.",
        "help": "규칙을 살펴보고 검사하고 시험함 (list, show ID, check [DIR], test [DIR]).",
    },
    "rules list": {
        "short": "모든 규칙을 나열함: id, 요인군, 유형, 배점, 제목, 근거.",
        "help": "모든 규칙을 나열함: id, 요인군, 유형, 배점, 제목, 근거.",
        "--family": "이 요인군만.",
    },
    "rules show": {
        "short": "규칙 하나를 자세히 보여 줌: 조건, 문구, 근거, 예시.",
        "help": "규칙 하나를 자세히 보여 줌: 조건, 배점, 선택한 언어의 문구, 근거, 예시.",
    },
    "rules check": {
        "short": "규칙 파일을 검사함 (기본값: 기본 제공 규칙).",
        "help": """규칙 파일이나 폴더를 검사함 (기본값: 기본 제공 규칙): 스키마, 항목과 값, 번역, 근거, 중복, 파생
            규칙의 순환, 결코 참이 될 수 없는 조건, 예시. 오류가 하나라도 있으면 종료 코드 1.""",
    },
    "rules test": {
        "short": "모든 규칙의 예시를 두 실행기로 실행함.",
        "help": "모든 규칙의 예시를 실행함 (기본은 두 실행기 모두로). 하나라도 실패하면 종료 코드 1.",
    },
    "template": {
        "short": "빈 후보 목록 파일을 씀 (드롭다운이 있는 xlsx, csv, yaml).",
        "help": """모든 항목이 들어 있는 빈 후보 목록 파일을 씀. 채운 다음 바로 순위를 매길 수 있음.

            .xlsx에는 열거형 항목과 예/아니오 항목마다 드롭다운, 숫자 검사, 열마다 메모가 있고, 두 번째
            시트(`fields`)에 모든 항목을 영어와 한국어로 설명함.

            \b
            polex template --out pipeline.xlsx
            polex rank pipeline.xlsx --out ranking.xlsx""",
        "--out": "저장할 파일: .xlsx(드롭다운 + 항목 안내), .csv(머리글) 또는 .yaml.",
        "--force": "OUT 파일이 이미 있으면 덮어씀.",
    },
    "schema": {
        "short": "후보의 JSON Schema를 출력함.",
        "help": "후보의 JSON Schema를 출력함 (모든 항목과 그 형식, 허용 값, 뜻).",
    },
    "report": {
        "short": "후보 목록 FILE의 검토 보고서를 HTML 파일 하나로 씀.",
        "help": """후보 목록 파일 FILE의 검토 보고서를 씀: 외부 자원이 필요 없는 HTML 파일 하나.

            보고서에는 요약(적격 여부별 건수, 완성도 중앙값, 프로파일과 그 프로파일이 실제 결과를 얼마나 잘
            예측했는지), 두 종합지수의 사분면 지도(적격 후보만 집계; --budget을 주면 예산선), 상위 50건의
            요인군별 히트맵, 순위표(정렬, 필터, 열 선택, 표시된 행의 CSV 내보내기), 후보별 상세(점수와 범위,
            관문, 요인군 막대, 점수 구성 폭포 차트, 규칙마다 결과, 배점, 사유, 근거, 개선 사항, 미확인 항목),
            --sensitivity를 주면 순위 구간, 그리고 모든 규칙과 가중치 프로파일을 담은 부록이 들어감.
            --baseline OLD를 주면 OLD 이후의 변화(표의 열, 요약의 건수, 후보별 상세의 한 절)도 보여 주고,
            --portfolio SPEC.yaml을 주면 `polex portfolio --constraints SPEC.yaml`이 고르는 포트폴리오를
            보여 줌. 페이지에 쓰인 한글(CJK) 글자는 공개 글꼴(NanumGothic 또는 Noto Sans CJK, 또는
            POLEX_CJK_FONT)에서 필요한 글자만 골라 넣으므로, 한글 글꼴이 없는 컴퓨터에서도 한글이 보임.""",
        "--out": "저장할 HTML 파일 (파일 하나; 오프라인에서도 열림).",
        "--sensitivity": "프로파일을 중심으로 요인군 가중치를 N회 무작위 추출해 순위 구간을 더함.",
        "--top": "보고서에 순위 상위 N건의 후보만 넣음 (브라우저에서 페이지가 가볍게 유지됨).",
        "--budget": "사분면 지도에 예산선을 그림: budget_usd_m이 알려진 적격 후보를 종합지수가 높은 순으로 "
                    "담아, 이 금액(백만 달러) 안에 드는 데까지.",
        "--baseline": "같은 규칙과 프로파일로 평가한, 후보 목록의 이전 시점 OLD(입력 형식 무관) 이후의 변화를 "
                      "보여 줌: 표에는 순위와 점수 변화 열(새 후보는 new로 표시), 요약에는 신규, 삭제, 변경, 상승, "
                      "하락, 새로 적격(부적격)이 된 후보의 건수, 후보별 상세에는 바뀐 항목과 결과가 뒤바뀐 규칙을 "
                      "담은 '기준 시점 이후 변화' 절(`polex diff OLD FILE`과 같음).",
        "--portfolio": "SPEC.yaml의 제약 조건(`polex portfolio --constraints`가 읽는 파일: budget, cost_field, "
                       "assume_cost, capacity, max_per, max_count, min_strategic, include, exclude)으로 "
                       "`polex portfolio`와 똑같이 포트폴리오를 계산해 보여 줌: 선택된 후보와 그 합계, 한도에 "
                       "도달한 제약, 사업비가 미확인이라 제외된 후보를 담은 절을 더하고, 선택된 후보는 표에 "
                       "표시하고 지도에 테두리를 두름. 함께 만족할 수 없는 제약이 있으면 그 제약을 밝히고 "
                       "종료 코드 1로 끝냄.",
    },
    "calibrate": {
        "short": "과거 결과 OUTCOMES로 요인군 가중치를 학습함.",
        "help": """과거 결과 파일 OUTCOMES(후보 항목 + `outcome` 0/1)로 요인군 가중치를 학습함.

            규칙으로 계산한 요인군 점수를 특성으로 삼아, 비음수 로지스틱 모형(scikit-learn 추정기
            `WeightCalibrator`)이 0 이상이고 합이 1인 가중치를 구함. 관문 조건은 학습하지 않고 규칙 파일에
            그대로 둠. 보정한 프로파일과 --weights 프로파일의 교차검증 ROC AUC와 Brier 점수(부트스트랩 95%
            구간 포함)를 나란히 출력하고, 산출 이력(데이터 해시, 사례 수, 날짜, 지표)과 함께 프로파일을
            저장함.""",
        "--out": "보정한 프로파일을 저장할 파일(.yaml).",
        "--folds": "교차검증 폴드 수 (결과가 적은 쪽의 사례 수를 넘지 않음).",
        "--repeats": "층화 교차검증의 반복 횟수 (반복마다 폴드를 새로 나눔).",
        "--bootstrap": "95% 신뢰구간을 구할 부트스트랩 재표본 수.",
        "--seed": "폴드 분할과 부트스트랩의 시드.",
        "--C": "릿지 규제 강도의 역수 (scikit-learn LogisticRegression의 C와 같음).",
        "--prior-strength": "학습한 가중치를 --weights 프로파일 쪽으로 끌어당기는 정도 (0 = 끌어당기지 않음).",
        "--search": "--prior-strength를 주어진 값대로 쓰지 않고 내부 교차검증(중첩 교차검증)으로 고름.",
        "--class-weight": "드문 쪽 결과에 가중치를 더 줄지('balanced') 말지를 정함.",
        "--name": "저장할 프로파일의 이름 (기본값: 파일 이름에서 확장자를 뺀 부분).",
    },
    "sensitivity": {
        "short": "후보 목록 FILE의 순위가 가중치에 얼마나 좌우되는지 분석함.",
        "help": """후보 목록 파일 FILE의 순위가 가중치에 얼마나 좌우되는지 분석함.

            현재 프로파일을 중심으로 한 디리클레 분포에서 가중치를 추출해, 후보마다 순위 중앙값, 5-95 % 순위
            구간, 상위 K에 들 확률 P(in top K)를 보고함. 이어서 요인군 가중치를 하나씩 +/- delta만큼 바꿔 상위
            K에 들어오거나 빠지는 후보를 나열함.""",
        "--draws": "몬테카를로 가중치 추출 횟수.",
        "--top": "상위 K에 드는지를 보고할 K.",
        "--concentration": "프로파일 가중치를 중심으로 한 디리클레 집중도 (클수록 프로파일 가중치에 가까움).",
        "--seed": "추출의 시드 (시드가 같으면 결과도 같음).",
        "--delta": "요인군 가중치를 하나씩 바꾸는 폭 (0.2 = +/-20%).",
        "--show": "터미널에 보여 줄 행 수 (높은 순). --out은 모두 저장함.",
        "--out": "후보별 수치를 파일로 저장함 (.csv .xlsx .json .jsonl .parquet .md).",
    },
    "weights": {
        "short": "가중치 프로파일: 현재 프로파일을 보거나 쌍대비교에서 새로 만듦.",
        "help": "가중치 프로파일: 현재 프로파일을 보여 주거나, 쌍대비교 판단(AHP)에서 프로파일을 만듦.",
    },
    "weights show": {
        "short": "현재 프로파일을 출력함: 요인군별 가중치와 근거, 산출 이력.",
        "help": """현재 프로파일을 출력함: 요인군별 가중치와 그 근거, 그리고 학습하거나 만든 프로파일이면 그 산출
            이력.""",
    },
    "weights ahp": {
        "short": "쌍대비교 파일 PAIRWISE에서 AHP로 요인군 가중치를 구함.",
        "help": """쌍대비교 파일 PAIRWISE에서 주고유벡터(AHP)로 요인군 가중치를 구함.

            파일에는 `families`(행렬의 순서)와 함께, 판단값의 전체 `matrix`(i행 j열: 요인군 i가 요인군 j보다
            몇 배 중요한지, 1-9, 역수는 1/3처럼 씀) 또는 쌍마다 [요인군, 요인군, 판단값]을 적은 `comparisons`가
            있어야 함. 선택 항목: `name`, `description` {en, ko}, `unknown_prior`, `why` {요인군: 근거}.
            일관성 비율이 0.1(Saaty)을 넘으면 가장 일관성이 낮은 쌍을 밝히고 저장을 거부함(--force를 주면
            저장함).""",
        "--out": "프로파일을 저장할 파일(.yaml).",
        "--force": "일관성 비율이 0.1을 넘어도 프로파일을 저장함.",
        "--name": "저장할 프로파일의 이름 (기본값: 파일의 `name`, 없으면 출력 파일 이름에서 확장자를 뺀 부분).",
    },
    "weights base-rates": {
        "short": "사례 파일 RECORDS에서 규칙별 기저율을 추정함.",
        "help": """사례 파일 RECORDS(예: fixtures/outcomes.csv)에서 규칙마다 기저율을 추정해 --weights 프로파일에
            넣어 저장함. 그러면 미확인 조건은 점수에서, 그 조건이 확인된 사례 가운데 성립하는 비율만큼
            계산되며, 확인된 사례가 적으면 unknown_prior 쪽으로 평활됨. 결과(outcome) 값은 읽지 않음. 점수
            범위는 바뀌지 않음.""",
        "--out": "기저율을 넣은 프로파일을 저장할 파일(.yaml).",
        "--smoothing": "기저율을 프로파일의 unknown_prior 쪽으로 끌어당기는 가상 사례 수 (확인된 사례가 적으면 "
                       "그 값에 가까워짐).",
    },
    "portfolio": {
        "short": "예산과 한도 안에서 가장 좋은 후보 조합을 고름.",
        "help": """FILE의 적격 후보 가운데, 제약 조건을 지키면서 총점이 가장 높은(보정된 프로파일이면 기대 성공
            건수가 가장 많은) 조합을 고름.

            정확한 최적해: 탐욕적 선택이 아니라 HiGHS(scipy.optimize.milp)로 푸는 0-1 정수계획이며, 상대
            갭 0, 절대 갭 1e-6(이보다 더 나은 포트폴리오는 없음)으로 풂. 부적격 후보와, 제약에 쓰이는 항목이
            미확인인 후보는 제외하고 그 이유와 함께 나열함. 함께 만족할 수 없는 제약이 있으면 종료 코드 1로
            끝내고 서로 충돌하는 제약을 밝힘.

            \b
            polex portfolio pipeline.csv --budget 50 --max-per country=2 --min-strategic 1
            polex portfolio pipeline.xlsx --constraints plan.yaml --out portfolio.xlsx""",
        "--constraints": "제약 조건을 담은 YAML 파일 (키: budget, cost_field, assume_cost, capacity: {field: limit}, "
                         "max_per: {field: N}, max_count, min_strategic, include: [ids], exclude: [ids]). "
                         "명령줄에서 준 옵션은 여기에 더해지거나 이 파일의 값을 덮어씀.",
        "--budget": "총예산: 선택한 후보들의 사업비 항목 합계가 이 값을 넘지 않음.",
        "--cost-field": "후보마다 사업비를 담은 숫자 항목 (기본값 budget_usd_m).",
        "--assume-cost": "사업비가 미확인인 후보에 가정할 사업비. 이 옵션이 없으면, 예산을 줄 때 그런 후보는 "
                         "제외함(이유와 함께 나열).",
        "--capacity": "선택한 후보들의 숫자 항목 FIELD 합계가 LIMIT를 넘지 않음 (예: 인력 항목의 투입 인원). "
                      "FIELD가 미확인인 후보는 제외함. 여러 번 지정 가능.",
        "--max-per": "FIELD(country, region, field 등)의 값마다 최대 N건까지 선택함. FIELD가 미확인인 후보는 "
                     "제외함. 여러 번 지정 가능.",
        "--max-count": "모두 합해 최대 N건까지 선택함.",
        "--min-strategic": "strategic_country = true인 후보를 최소 K건 선택함 (미확인은 세지 않음).",
        "--include": "이 후보는 반드시 선택함. 여러 번 지정 가능.",
        "--exclude": "이 후보는 선택하지 않음. 여러 번 지정 가능.",
        "--eligible-only": "부적격일 수 있는 후보를 제외함 (닫힌 관문은 없지만, 항목이 미확인이라 닫힐 수 있는 관문이 "
                           "있는 후보). 이 옵션이 없으면 그런 후보도 선택될 수 있으며, 확인할 관문과 함께 표시함.",
        "--objective": "최대화할 값: 총점(score), 또는 기대 성공 건수(successes; `polex calibrate`가 프로파일에 "
                       "저장하는 변환식으로 구한 후보별 성공 확률의 합). 기본값: --weights 프로파일에 그 변환식이 "
                       "있으면 successes, 없으면 score.",
        "--draws": "강건성을 보기 위한 가중치 추출 횟수: 추출마다 다시 풀어, 선택된 후보가 얼마나 자주 계속 "
                   "선택되는지 보고함 (0이면 생략).",
        "--concentration": "가중치 추출의 디리클레 집중도 (클수록 프로파일에 가까움).",
        "--seed": "가중치 추출의 시드.",
        "--time-limit": "한 번 풀 때 솔버에 허용하는 시간(초). 이 제한으로 멈춘 풀이는 최적이 증명되지 않았다고 "
                        "갭과 함께 보고함.",
        "--out": "모든 후보를 결정(chosen, not_chosen, left_out과 그 이유)과 함께 파일로 저장함. 형식은 확장자로 "
                 "정함: .csv .tsv .xlsx .json .jsonl .parquet .md (원자적으로 저장).",
        "--constraints-out": "제약 조건마다 사용량(used), 한도(limit), 여유(slack), 한도 도달 여부(binding)를 "
                             "파일로 저장함 (형식은 확장자로 정함).",
    },
    "diff": {
        "short": "후보 목록의 두 시점 사이, 또는 두 순위표 사이에 바뀐 것.",
        "help": """후보 목록의 두 시점 OLD와 NEW(입력 형식 무관)를 같은 규칙과 프로파일로 평가해 비교함: 후보마다
            추가 / 삭제 / 변경 / 순위 이동, 점수와 순위의 변화, 바뀐 항목(이전 → 이후)과 결과가 뒤바뀐 규칙을
            보여 주고, 끝에 요약을 냄.

            OLD와 NEW에는 `polex rank`가 저장한 순위표 두 개를 줄 수도 있음(출력 형식 무관; rank, id, score,
            eligible 열로 알아봄). 이때는 순위표에 담긴 순위, 점수, 적격 여부를 비교하고, 항목은 두 파일 모두에
            있을 때만 비교하며(`rank --columns FIELDS`) 나머지는 확인할 수 없다고 표시하고, 결과가 뒤바뀐
            규칙은 파일로 판단할 수 있을 때만 보여 줌(입력 항목이 모두 두 파일에 있는 규칙은 --rules와 함께
            평가하고, 관문 조건은 gate_reasons로 판단). 순위표와 후보 목록을 섞어 주면 사용법 오류임.

            \b
            polex diff pipeline-2025.csv pipeline-2026.xlsx --out changes.xlsx
            polex diff ranking-2025.xlsx ranking-2026.parquet --out changes.csv""",
        "--out": "후보마다 한 행(id, 상태, 이전/이후 순위와 점수, 변화, 바뀐 항목, 뒤바뀐 규칙)을 파일로 저장함. "
                 "형식은 확장자로 정함: .csv .tsv .xlsx .json .jsonl .parquet .md.",
        "--exit-code": "바뀐 것이 있으면 종료 코드 1 (diff(1)처럼). 이 옵션이 없으면 종료 코드 0.",
    },
}


def command_path(ctx: click.Context) -> str:
    """A command's key: its path under the main group ("" for the group, "weights base-rates")."""
    names = []
    while ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(reversed(names))


def param_help(path: str, param: click.Parameter) -> str | None:
    """The Korean help of one option or argument of the command at `path`; None when none is known."""
    return HELP_KO.get(path, {}).get(max(param.opts, key=len)) or SHARED_KO.get(getattr(param, "help", None) or "")


def help_texts(ctx: click.Context, lang: str) -> list[tuple[object, str, str | None]]:
    """What a help page of ctx's command shows, as (object, attribute, text in `lang`): the command's
    help, each option's help and, for a group, each subcommand's short help."""
    if lang != "ko":
        return []
    path, command = command_path(ctx), ctx.command
    out: list[tuple[object, str, str | None]] = [(command, "help", HELP_KO.get(path, {}).get("help"))]
    out += [(p, "help", param_help(path, p)) for p in command.get_params(ctx) if getattr(p, "help", None)]
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            out.append((sub, "short_help", HELP_KO.get(f"{path} {name}".strip(), {}).get("short")))
    return out
