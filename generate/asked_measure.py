"""The measure a question asks for, and whether an answer sentence gives a figure of another measure.

When the evidence does not hold what was asked, the 1.5B model still restates the question and plugs in
whatever figure is nearby: "받아쓰기 정확도는 7시간으로 줄었지만…" for an accuracy, "조회수는 2,300명이 이용했으며…"
for a view count, "청년이음센터는 올해 상담 청년 900명…" for a budget. Each figure stands in its passage, so the
citation check passes; but a sentence that answers "얼마였나요?" about an accuracy with hours has not answered.
The model's lead sentence is its answer, so when it names figures and none is of the asked measure, the
model's answer stops there and the evidence is quoted instead — or, when no sentence of that either holds the
asked measure, the service declines (``Answerer``; docs/measurements.md, "Answers").

Deliberately narrow — only questions whose wording fixes one measure: "몇 명" (people), "몇 건"/"몇 번" (a count
of cases or times: 건, 회, 번, 차례), "몇 곳" (places), "몇 가구" (households), "몇 점" (a score),
an accuracy or a rate (a percentage), a budget or a fee "얼마" (won), "며칠"/"몇 시간" (a duration), a view
count. A bare "얼마" or "얼마나" may ask for anything, and questions that ask for several things ("각각", "얼마씩", two
question words) or choose between two ("어디가 더 높았나요?") are left alone. A figure whose unit the reader
does not know ("3.2일", "4.5") is taken to answer, and so is a share or a multiple when the question asks about
a change ("몇 명 늘었어?" — "20% 늘었다").

Two other readers of a question's expected figure exist and stay separate on purpose: the evidence bonus
(``generate.evidence.answer_type_bonus``) is a soft preference and reads "얼마" as 원, and the comparison reader
(``generate.comparison``) picks the operands of a difference question already known to ask one. A refusal needs
the narrowest reading of the three.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.textnorm import (
    DURATION_UNITS,
    VALUED_KINDS,
    Figure,
    compact,
    extract_figures,
    figure_matches,
    value_and_unit,
    valued_figures,
)


@dataclass(frozen=True)
class Measure:
    name: str    # what a refusal calls it (Korean)
    units: frozenset[str]


# Any "…비" of a cost ("설치비", "교육비", "건립비", "국비") asks an amount as well; not "준비", "대비".
# Pay is money too ("아낀 야근 수당은 모두 얼마": fresh-38's rr3-016; "한 달 수입이 얼마쯤").
_MONEY_NOUNS = ("(?<![가-힣])돈|예산|사업비|비용|요금|관람료|금액|지원금|보험금|수강료|이용료|임대료|보증금|운임|활동비|인건비|"
                r"(?:월세|전세)(?!\s?(?:지원|대출|자금))|집세|"  # "청년 월세 지원은 … 얼마": a programme, not the rent
                "(?<![가-힣])수입|월급|급여|임금|수당|(?<![가-힣])보수|연봉|봉급|일당|"
                "사용료|보조금|장학금|[가-힣](?<![준대])비")
_RATE = r"비율|정확도|퍼센트|몇\s*%|몇\s*대\s*1(?!\d)|(?<!법)(?<!규)(?<!자)(?<!환)(?<!선)[률율](은|는|이|가|을|를|도)?(?![가-힣])"
_MEASURES: tuple[tuple[re.Pattern[str], Measure], ...] = (
    (re.compile(r"몇\s*점"), Measure("점수", frozenset({"점"}))),
    # A competition ratio is written "7.7대 1", read as a count of 대: its own measure, not every rate's.
    (re.compile(r"경쟁률|몇\s*대\s*1(?!\d)"), Measure("경쟁률", frozenset({"대", "배", "%"}))),
    # "약사들 대상 만족도 조사 결과는 어떻게 나왔나요": a score or a share, not the quotes beside it (fresh-47's sa1-020).
    (re.compile(r"만족도[은는이가을를]?\s*(?:\S+\s+){0,2}(?:어땠|어떻|어떤|몇|얼마)|만족도\s?조사\s?결과"),
     Measure("만족도", frozenset({"점", "%", "%p"}))),
    (re.compile(_RATE), Measure("비율", frozenset({"%", "%p", "배"}))),
    # "얼마 들어가요", "사업비가 얼마나 드나요": what something costs (not "얼마나 들어왔어", a count coming in).
    # "이용료가 있어요? 한 달에 얼마예요?": a cost word three words before the 얼마 asking it.
    (re.compile(rf"({_MONEY_NOUNS})[은는이가을를]?\s*(\S+\s+){{0,3}}얼마(?!나)|몇\s*원|얼마를\s*(받|지원|내|들)|"
                r"얼마(나)?\s*(들어가|들어갔|드[나는니냐네]|든다|든대|들었|들까|들지|들어요)"),
     Measure("금액", frozenset({"원"}))),
    # "가입한 사람 수", "이용자 수 알려줘", "가입 구직자 수는?": a head count without "몇" (not "수요").
    (re.compile(r"몇\s*명|(사람|인원|가입자|이용자|참가자|참여자|관람객|방문객|이용객|구직자|신청자|수혜자|응답자|방문자)"
                r"\s?수(?:[는가를도]|(?![가-힣]))"),
     Measure("인원", frozenset({"명"}))),
    (re.compile(r"몇\s*(건|회|차례|번(?!\s?째))"), Measure("건수", frozenset({"건", "회", "번", "차례"}))),
    (re.compile(r"몇\s*(곳|군데|개소)"), Measure("곳수", frozenset({"곳", "군데", "개소", "개"}))),
    # "몇 호 규모": homes, not a line ("몇 호선") or a room ("몇 호실").
    (re.compile(r"몇\s*(가구|세대|호(?!\s?(?:선|실|점|차|기|째)))"), Measure("가구 수", frozenset({"가구", "세대", "호"}))),
    # "몇 분이 오셨어" counts people; "몇 분이나 기다려야" is a wait.
    # "전기를 얼마 동안 쓰지 않으면 알림을 보내나요": a span of time, not the households fitted (fresh-47's sa1-007).
    (re.compile(r"몇\s*(시간|개월)|몇\s*분(?![이께])|몇\s*분이나\s*(기다|걸|대기)|며칠|얼마나\s*걸|얼마\s?동안"),
     Measure("기간", DURATION_UNITS)),
    (re.compile(r"조회\s*수"), Measure("조회수", frozenset({"회", "건", "번"}))),
    # A vehicle's speed ("통행속도가 얼마나 올랐어", "차가 얼마나 빨라졌어"): kilometres an hour, or a share of a
    # change — not a count of crossings or the cars counted. A task's "처리 속도" may be answered by a duration.
    (re.compile(r"(통행|주행|운행|차량|차|버스)\s?속도|시속|(차|버스|차량)[가는이]?\s*(\S+\s+){0,2}얼마나\s*빨라"),
     Measure("속도", frozenset({"km"}))),
    # A length or distance ("중앙로 구간은 전체 길이가 몇 km", "운행 거리가 얼마나 줄었어"): kilometres or metres, not
    # the count of crossings beside it (fresh-37's rq3-002). After the speed: "시속 몇 km" is a speed.
    (re.compile(r"몇\s*(?:km|㎞|킬로|미터|m(?![²a-zA-Z]))|(?:길이|거리)[가는은이]?\s*(?:\S+\s+){0,2}(?:얼마|몇)"),
     Measure("길이", frozenset({"km", "m"}))),
)
# "몇 개", "몇 명이", "몇 대 1": the question word with its counter (a ratio's "1" kept).
_HOW_MANY = re.compile(r"몇\s*(?:%|[가-힣]+(?:\s*1(?!\d))?)")
# Questions that ask for several figures or pick one of two: their lead sentence may answer another part.
_SEVERAL = re.compile(r"각각|씩|중\s*(어디|어느|언제|누가|무엇)|(어디|어느\s*쪽|언제)가\s*더|"
                      r"더\s*(높|많|낮|적|크|길|짧)")
_QUESTION_WORDS = re.compile(r"몇|얼마|며칠|언제|어디|무엇|뭐|어떻게|어떤|어땠|누가|누구")
# A question about a change ("얼마나 줄었어?", "몇 명 늘었어?") is answered by a share or a multiple as well.
CHANGE = re.compile(r"늘|줄|증가|감소|단축|절감|오르|올랐|내려|내렸|높아|낮아|많아|적어|빨라|느려")
_SHARES = frozenset({"%", "%p", "배"})
_MARKERS = re.compile(r"\[\d+\]")


# "가입자 수", "이용객 수는": a count; not the bound noun of "될 수 있었던".
_ASKS_A_FIGURE = re.compile(r"몇|얼마|며칠|비율|퍼센트|%|규모|건수|인원|금액|액수|"
                            r"(자|객|원|생|가구|업체|기업|곳|횟|건)\s?수(는|가|를|도|의)?(?![가-힣])")


# "실제로 12만 명을 넘었나요?": whether a figure was reached is a question about the quantity too.
_ASKS_IF_REACHED = re.compile(r"\d[\d,.]*\s?(?:만|천|억)?\s?[가-힣%]{0,3}\s?(?:을|를|이|가|까지)?\s?"
                              r"(?:넘었|넘겼|넘어섰|돌파했|달성했|채웠|웃돌았)")


def asks_a_figure(question: str) -> bool:
    """The question asks for a quantity — a count, an amount, a share, or whether one was reached — not a name,
    a place or a reason.

    >>> asks_a_figure("회의가 2025년 한 해 동안 모두 몇 번 열렸나요?"), asks_a_figure("한빛패스 동림구 주민 가입자 수")
    (True, True)
    >>> asks_a_figure("전지현이 1999년 박신양과 함께 출연한 영화는?")
    False
    >>> asks_a_figure("2026년에 한빛패스 월평균 이용자가 실제로 12만 명을 넘었나요?")
    True
    """
    return bool(_ASKS_A_FIGURE.search(question) or _ASKS_IF_REACHED.search(question))


# What a thing costs or pays, named by its own word: "임대료", "운영비", "참가비", "수수료", "장려금".
_COST_WORD = re.compile(r"(?<![가-힣])([가-힣]{1,4}(?:료|비|금|액))(?:가|이|는|은|도|만|로|으로|을|를|의|랑|이랑|와|과|하고)?(?![가-힣])")
# ... not the words for money in general, nor a fund or an account.
_NOT_A_COST = frozenset({"비용", "금액", "자금", "기금", "현금", "세금", "예금", "상금", "대금", "소요비",
                         "설비", "대비", "준비", "장비", "예비", "정비", "구비", "지금", "방금", "조금",
                         "총액", "전액", "거액", "소액", "고액", "액"})


def asked_cost(question: str) -> str | None:
    """The one word naming the cost or pay an amount question asks for ("임대료가 한 달에 얼마예요?" → 임대료),
    if it names exactly one.

    >>> asked_cost("창업타운에 들어가면 임대료가 한 달에 얼마예요?"), asked_cost("첫해 운영비는 얼마예요?")
    ('임대료', '운영비')
    >>> asked_cost("사업에 들어간 비용은 얼마야?"), asked_cost("임대료랑 관리비는 얼마예요?"), asked_cost("임대료는 누가 내?")
    (None, None, None)
    >>> asked_cost("태양광 발전 설비는 지금 얼마나 돼요?"), asked_cost("2018년 대비 얼마나 줄였어?")
    (None, None)
    """
    if "얼마" not in question:
        return None
    words = {m.group(1) for m in _COST_WORD.finditer(question)} - _NOT_A_COST
    if not words:
        return _named_before_cost(question)
    return next(iter(words)) if len(words) == 1 else None


# "기초 연구용역 비용은 얼마": the cost named by the noun before the word for money in general.
_BEFORE_COST = re.compile(r"(?<![가-힣])([가-힣]{2,8})\s?비용(?![가-힣]{2})")


def _named_before_cost(question: str) -> str | None:
    """The noun a general cost word follows ("연구용역 비용" → 연구용역; not "시에서 비용", "그때 비용" nor "잡은 비용").

    >>> _named_before_cost("한빛연구원에 맡긴 기초 연구용역 비용은 얼마 들었어요?"), _named_before_cost("시에서 비용을 얼마까지 대 주나요?")
    ('연구용역', None)
    >>> _named_before_cost("그때 비용이랑 기간이 얼마나 들었어?"), _named_before_cost("다음 해 예산에 잡은 비용은 각각 얼마?")
    (None, None)
    """
    from core.korean import tagged_morphemes

    m = _BEFORE_COST.search(question)
    if m is None:
        return None
    tags = [tag for _, tag in tagged_morphemes(m.group(1))]
    return m.group(1) if tags and all(tag == "NNG" for tag in tags) and len(tags) <= 3 else None


# "한 대에 얼마짜리", "1개당 얼마", "단가": the price of one of a thing, which no cost word names.
_UNIT_PRICE = re.compile(r"(?:한|1)\s?(?:대|개|장|벌|병|켤레|세트)\s?(?:에|당)\s?얼마|얼마짜리|(?:대|개)당\s?(?:가격|값|얼마)|단가")


def asks_a_unit_price(question: str) -> bool:
    """Whether the question asks what one of a thing costs.

    >>> asks_a_unit_price("고독사 예방용 스마트 플러그는 한 대에 얼마짜리예요?"), asks_a_unit_price("한 대에 몇 명이 타요?")
    (True, False)
    """
    return bool(_UNIT_PRICE.search(question))


# "디지털 매니저는 한 달 보수를 얼마 받나요", "살핌이에게 수당을 얼마씩": what one is paid, which the sentences naming
# the one paid must state (not "기준보수 3등급", an insurance grade).
_PAY_WORDS = r"(?<![가-힣])(?:보수|월급|봉급|연봉|일당|수당)"
_PAY = re.compile(_PAY_WORDS + r"[은는이가을를]?\s*(?:\S+\s+){0,2}얼마")
# "디지털 매니저는 한 달 보수를", "외부 위원에게는 회의당 수당을": the one paid, the noun before the topic or dative.
_PAID = re.compile(r"(?<![가-힣A-Za-z])([가-힣A-Za-z]{2,}?)(?:들)?[’'”\"]?\s?(?:은|는|에게는|에게|한테는|한테)\s+(?:\S+\s+){0,3}?"
                   + _PAY_WORDS)


def paid_one(question: str) -> str | None:
    """The one a pay question asks the pay of, when it names them before the pay.

    >>> paid_one("디지털 매니저는 한 달 보수를 얼마 받나요?"), paid_one("‘이웃 살핌이’ 주민들에게는 한 달에 수당을 얼마씩 주나요?")
    ('매니저', '주민')
    >>> paid_one("사장님들, 실직 수당은 몇 명이 평균 얼마씩 탔대?") is None
    True
    """
    m = _PAID.search(question)
    return m.group(1) if m else None


def asks_a_pay(question: str) -> bool:
    """Whether the question asks what someone is paid.

    >>> asks_a_pay("디지털 매니저는 한 달 보수를 얼마 받나요?"), asks_a_pay("기준보수 3등급이면 한 달에 얼마 내요?")
    (True, False)
    """
    return bool(_PAY.search(question))


# "전화번호가 몇 번이에요?": a number to dial, not a count of times.
_ASKS_A_NUMBER = re.compile(r"번호[은는이가를도]?\s*(\S+\s+){0,2}몇\s*번(?!\s?째)")


def asked_measure(question: str) -> Measure | None:
    """The one measure the question's wording fixes, if it fixes one.

    >>> [m.name if (m := asked_measure(q)) else None for q in (
    ...     "받아쓰기 정확도는 얼마였나요?", "청년이음센터 올해 예산은 얼마로 잡혔어?", "작가가 몇 명 참여해?",
    ...     "시민 만족도는 몇 점이었나요?", "영상 조회수는 얼마였나요?", "2024년 예산은 얼마씩이야?",
    ...     "경쟁률은 2023년과 2024년 중 언제가 더 높았나요?", "몇 곳이고 예산은 얼마인가요?", "얼마나 줄었어?",
    ...     "어떤 법률은 무엇이야?", "한 가구당 설치비는 얼마 들었나요?", "대비는 얼마였나요?",
    ...     "정확도 높이려고 마이크를 몇 개까지 늘렸어?", "남강구 경쟁률은 몇 대 1이었어?")]
    ['비율', '금액', '인원', '점수', '조회수', None, None, None, None, None, '금액', None, None, '경쟁률']
    >>> [m.name if (m := asked_measure(q)) else None for q in (
    ...     "2단지 짓는 데는 총 얼마 들어가요?", "사업비가 얼마나 드는지 알 수 있을까요?", "얼마나 들어왔어?",
    ...     "아이 데려가면 보통 몇 분이나 기다려야 하나요?", "어르신 몇 분이 오셨어?")]
    ['금액', '금액', None, '기간', None]
    >>> asked_measure("스캔하는 데만 들어간 돈은 얼마예요?").name
    '금액'
    >>> asked_measure("북산구에 사는 청년들의 평균 월세는 얼마였나요?").name  # rent is money (fresh-44's rx1-011)
    '금액'
    >>> [m.name if (m := asked_measure(q)) else None for q in (
    ...     "동림대로에 AI 신호 바꾼 뒤로 출퇴근 때 차가 얼마나 빨라졌나요?", "그 구간 통행속도는 얼마나 올랐어?",
    ...     "민원 처리 속도가 얼마나 빨라졌어?", "청년누리 북산구 단지는 몇 호 규모로 지어?", "도시철도 몇 호선이야?",
    ...     "동림구 주민 중 한빛패스 가입한 사람 수 알려줘", "한빛잡 개통 첫해 실제 가입 구직자 수는?", "가입자 수요는?")]
    ['속도', '속도', None, '가구 수', None, '인원', '인원', None]
    >>> asked_measure("약사들을 대상으로 한 만족도 조사 결과는 어떻게 나왔나요?").name
    '만족도'
    >>> asked_measure("스마트 플러그는 전기를 얼마 동안 쓰지 않으면 알림을 보내나요?").name
    '기간'
    >>> [m.name if (m := asked_measure(q)) else None for q in (
    ...     "중앙로 구간은 전체 길이가 몇 km인가요?", "수거 차량 운행 거리가 얼마나 줄었어?", "시속 몇 km까지 올려?")]
    ['길이', '길이', '속도']
    >>> sorted(asked_measure("외국어 상담 중에 베트남어로 들어온 질문은 몇 건이야").units)
    ['건', '번', '차례', '회']
    >>> asked_measure("답변 끝에 붙는 기초생활보장팀 전화번호가 몇 번이에요?") is None
    True
    """
    if not (asks_one_thing(question) or _each_in_one_measure(question)) or _ASKS_A_NUMBER.search(question):
        return None
    measure = next((measure for pattern, measure in _MEASURES if pattern.search(question)), None)
    counted = _HOW_MANY.search(question)
    if measure is not None and counted is not None:
        # The counter asked fixes the measure, not a noun beside it: "정확도 높이려고 … 마이크를 몇 개까지" asks a
        # count of microphones. When the two disagree, the question fixes no one measure.
        # The counter's pattern may read on past it: "몇 분이나 기다려야" is a wait.
        by_counter = next((m for pattern, m in _MEASURES if pattern.search(counted.group(0))
                           or pattern.match(question, counted.start())), None)
        if by_counter is not measure:
            return None
    return measure


# "각각 몇 점씩": several things asked, each in the measure its counter names.
_EACH = re.compile(r"각각|씩")


def _each_in_one_measure(question: str) -> bool:
    """Several things are asked with one question word and its counter, all in that measure ("평가 항목은 각각 몇
    점씩 배점됐나요": fresh-39's rs1-005) — not a choice between two ("어디가 더 높았나요").

    >>> _each_in_one_measure("평가 항목은 각각 몇 점씩 배점됐나요?"), _each_in_one_measure("예산은 각각 얼마야?")
    (True, False)
    >>> _each_in_one_measure("두 구 중 어디가 몇 명 더 많았어?")
    False
    """
    several = {m.group(0) for m in _SEVERAL.finditer(question)}
    return bool(several) and all(_EACH.fullmatch(s) for s in several) and \
        len(_QUESTION_WORDS.findall(question)) == 1 and _HOW_MANY.search(question) is not None


def asks_one_thing(question: str) -> bool:
    """The question asks one thing: not several ("각각", "얼마씩", two question words), nor a choice between two
    ("어디가 더 높았나요?") — either may rightly be answered by a sentence about something else as well.

    >>> asks_one_thing("작가가 몇 명 참여해?"), asks_one_thing("몇 곳이고 예산은 얼마인가요?")
    (True, False)
    """
    return not _SEVERAL.search(question) and len(_QUESTION_WORDS.findall(question)) <= 1


def answers_another_measure(question: str, sentence: str, *, strict: bool = False) -> bool:
    """Whether ``sentence`` names figures and none of them is of the measure ``question`` asks for. A figure
    whose unit the reader does not know may be the answer — unless ``strict``: after the model itself answered
    with another measure, only a figure of the asked one counts.

    >>> answers_another_measure("받아쓰기 정확도는 얼마였나요?", "받아쓰기 정확도는 7시간으로 줄었지만 효과는 작았다.[1]")
    True
    >>> answers_another_measure("받아쓰기 정확도는 얼마였나요?", "받아쓰기 정확도는 94.6%였다.[1]")
    False
    >>> answers_another_measure("평균 처리 기간이 며칠까지 줄었어?", "평균 처리 기간이 3.2일까지 줄었어.[2]")  # unit unread
    False
    >>> answers_another_measure("관람료는 얼마로 정해졌어?", "개관 첫해 관람료는 무료입니다.")  # no figure
    False
    >>> answers_another_measure("상담 인력은 몇 명 늘었어?", "상담 인력은 20% 늘었다.")  # a change, as a share
    False
    >>> answers_another_measure("인건비는 얼마나 절감됐어?", "인건비가 38시간분 줄었다.")  # "얼마나" fixes no measure
    False
    >>> stay = "1박 2일 관광상품은 모두 2,300명이 이용했다."  # "1박": a unit the reader does not know
    >>> views = "홍보 영상의 조회수는 얼마였나요?"
    >>> answers_another_measure(views, stay), answers_another_measure(views, stay, strict=True)
    (False, True)
    >>> answers_another_measure("앱으로 들어온 민원은 몇 건이었나요?", "‘한빛 민원24’ 가입자가 100만 명을 넘어섰다.")
    True
    >>> answers_another_measure("며칠 안에 해야 돼요?", "7일 안에 쓰지 않았다면 환불받는다. 20만 원이 충전된다.")
    False
    >>> answers_another_measure("생성기 2.0으로 만든 설명회에 여행사는 몇 곳 왔어요?", "생성기 2.0으로 24시간에서 9시간으로 줄었다.")
    True
    """
    measure = asked_measure(question)
    if measure is None:
        return False
    answering = measure.units | _SHARES if CHANGE.search(question) else measure.units
    units = []
    named = {f.raw for f in extract_figures(question) if f.kind == "number"}  # bare: a name's part or a version
    text = _MARKERS.sub("", sentence)
    for figure in extract_figures(text):
        if _days_within(text, figure):
            units.append("일")
            continue
        if figure.kind not in VALUED_KINDS or _part_of_a_name(text, figure):  # dates, times, ordinals: no measure
            continue
        if figure.kind == "number" and figure.raw in named:
            continue  # "슬라이드 생성기 2.0": the version the question names, no answer (fresh-35's ro3-016)
        if _starts_a_span_of_years(text, figure):
            continue
        value = value_and_unit(figure)
        if value is None and _degrees(text, figure):
            units.append("도")  # "열이 39도까지": a temperature, no score nor share (fresh-47's sa1-020)
            continue
        if value is None:
            if strict:
                continue
            return False  # a number whose unit the reader does not know: it may be the answer
        units.append(value[1])
    return bool(units) and not any(unit in answering for unit in units)


# "2021~2025년": a bare year before a range mark and the year ending the span.
_YEAR_SPAN_END = re.compile(r"\s?[~∼〜\-–]\s?(?:19|20)\d{2}\s?년")


def _starts_a_span_of_years(text: str, figure: Figure) -> bool:
    """The first year of a span ("2021~2025년 추경예산서"), which the figure reader leaves a bare number: a date, no
    figure of any measure (fresh-53's sg3-020, a 만족도 점수 "answered" with it).

    >>> [_starts_a_span_of_years(t, extract_figures(t)[0]) for t in ("2021~2025년 결산서", "25~29세", "2021 건")]
    [True, False, False]
    """
    return figure.kind == "number" and re.fullmatch(r"(?:19|20)\d{2}", figure.raw) is not None and \
        bool(_YEAR_SPAN_END.match(text, figure.start + len(figure.raw)))


# "39도까지", "33도 이상": degrees of temperature, which the figure reader leaves as a bare number.
_DEGREES = re.compile(r"도(?:까지|를|가|의|로|에|이상|이하|[\s,.)]|$)")


def _degrees(text: str, figure: Figure) -> bool:
    """A bare number that is a temperature ("열이 39도까지 오른 아이").

    >>> [_degrees(t, extract_figures(t)[0]) for t in ("열이 39도까지 올랐다", "낮 기온 33도 이상", "3명도 왔다")]
    [True, True, False]
    """
    return figure.kind == "number" and bool(_DEGREES.match(text, figure.start + len(figure.raw)))


# "7일 안에 환불", "3일 이내", "5일 동안": a number of days, which the figure reader takes for a day of the month.
_WITHIN = re.compile(r"\s?(?:안에|안으로|이내|내에|동안|간|만에)")


def _days_within(text: str, figure: Figure) -> bool:
    """A day of the month by its form ("7일") that counts days ("7일 안에 한 번도 쓰지 않았다면": fresh-30's rj2-009).

    >>> [_days_within(t, extract_figures(t)[0]) for t in ("충전한 뒤 7일 안에 환불", "7일까지 신청", "3월 7일 개관")]
    [True, False, False]
    """
    end = figure.start + len(figure.raw)
    return figure.kind == "date" and re.fullmatch(r"\d{1,3}일", figure.raw) is not None and \
        bool(_WITHIN.match(text, end))


# "112 긴급 신고 버튼", "120 한빛콜센터": a service's telephone number, read before the service's name.
_SERVICE_NUMBER = re.compile(r"\s?(?:긴급|신고|상담|콜센터|한빛콜|안내|전화|민원)")


def _part_of_a_name(text: str, figure: Figure) -> bool:
    """A bare number written onto a word is part of a name ("한빛 민원24", "D-LAB2"), not a figure; so is a service's
    telephone number before its name ("112 긴급 신고 버튼", "120 한빛콜센터").

    >>> [_part_of_a_name(t, extract_figures(t)[0]) for t in ("한빛 민원24 앱", "112 긴급 신고 버튼", "112 가구")]
    [True, True, False]
    """
    if figure.kind != "number":
        return False
    return (figure.start > 0 and text[figure.start - 1].isalpha()) or \
        bool(_SERVICE_NUMBER.match(text, figure.start + len(figure.raw)))


# "몇 명이 신청했어?", "신청한 사람은 몇 명", "지원서를 낸 청년이 몇 명": those who applied, whom releases keep apart
# from those recruited, selected or supported ("1,500명 모집에 4,830명이 신청해"); "지원자" may be either, so it is not read.
# A "지원자" who flocked in ("지원자는 몇 명 몰렸어?"), or one set against those chosen ("뽑힌 인원 말고"), applied.
# "몇 명이 지원했어요? 경쟁률이 궁금해요": asked with the ratio, "지원했" is applying (fresh-31's rk2-013).
_ASKS_APPLICANTS = re.compile(r"신청(한|했|하신|자|인원)|응모(한|했|자)|(지원서|원서|신청서)를?\s*(낸|냈|제출)"
                              r"|지원자\S*\s+(\S+\s+){0,3}몰(렸|린|려)|(뽑힌|뽑은|선발된|선정된|합격한)\s*(\S+\s+)?말고"
                              r"|(지원(한|했)|몰(렸|린|려))(?=.*경쟁률)")
_APPLYING = re.compile(r"신청|응모|지원서|원서|접수")


def asks_applicants(question: str) -> bool:
    """The question asks how many people applied (a head count, "몇 명", of those who 신청 / 응모 / sent a form).

    >>> asks_applicants("작년에 신청한 사람은 전부 몇 명이었어요?"), asks_applicants("2024년에 몇 명을 지원했어?")
    (True, False)
    >>> asks_applicants("모집 때 청년 지원자는 총 몇 명 몰렸어? 뽑힌 인원 말고"), asks_applicants("지원자는 몇 명 뽑혔어?")
    (True, False)
    """
    return applicant_counter(question) is not None


# Applicants counted as teams ("신청서를 낸 팀은 몇 팀") or as firms and shops ("신청한 가게는 몇 곳").
_APPLICANT_COUNTERS = ((re.compile(r"몇\s*팀"), "팀"),
                       (re.compile(r"몇\s*(곳|군데|개\s?(기업|업체|회사|가게|점포|단체|사))"), "곳"))
_FIRM_UNITS = frozenset({"곳", "개", "개소", "개사", "군데"})


def applicant_counter(question: str) -> str | None:
    """What a question about applicants counts them in — people ("명"), teams ("팀"), firms or shops ("곳") —
    or None when it asks no count of applicants.

    >>> [applicant_counter(q) for q in ("2024년 사관학교에 신청서를 낸 팀은 모두 몇 팀이었습니까?",
    ...     "키오스크 지원사업에 신청서 낸 가게가 모두 몇 곳이었어?", "작년에 신청한 사람은 몇 명이었어요?", "60팀 중 몇 팀이 뽑혔어?")]
    ['팀', '곳', '명', None]
    """
    if not _ASKS_APPLICANTS.search(question) or not asks_one_thing(question):
        return None
    measure = asked_measure(question)
    if measure is not None and measure.name == "인원":
        return "명"
    return next((counter for pattern, counter in _APPLICANT_COUNTERS if pattern.search(question)), None)


# "몇 명이 신청했고 경쟁률은 얼마였어?": both parts are read from the applicants — a ratio is applicants over places.
_COUNT_ASKED = re.compile(r"몇\s*(명|팀|곳|개)")
_RATIO_STATED = re.compile(r"경쟁률|\d\s*대\s*1(?!\d)")


def asks_applicants_and_ratio(question: str) -> bool:
    """The question asks how many applied and the competition ratio: a two-part question that
    ``asks_applicants`` (one figure) leaves alone, and that no passage answers without the applicants.

    >>> asks_applicants_and_ratio("2025년 청년 일경험 프로젝트에 신청서를 낸 청년은 몇 명이었고 경쟁률은 얼마였습니까?")
    True
    >>> asks_applicants_and_ratio("2024년 한빛 청년창업 사관학교에는 몇 팀이 응모했고 경쟁률은 얼마였어")
    True
    >>> asks_applicants_and_ratio("청년 월세 지원 경쟁률은 얼마였어?"), asks_applicants_and_ratio("몇 명이 신청했어?")
    (False, False)
    >>> asks_applicants_and_ratio("시민 도슨트 양성 과정에는 몇 명이 지원했어요? 경쟁률이 궁금해요.")
    True
    >>> asks_applicants_and_ratio("청년누리 1단지에 들어가려고 몇 명이나 몰렸고, 경쟁률은 어느 정도였나요?")
    True
    """
    return "경쟁률" in question and bool(_ASKS_APPLICANTS.search(question) and _COUNT_ASKED.search(question))


def states_applying(text: str) -> bool:
    """``text`` counts those who applied (people, teams, firms, in a clause about applying) or states a
    competition ratio.

    >>> states_applying("1,500명 모집에 4,830명이 신청해 경쟁률이 3.2대 1에 이르렀다."), states_applying("60팀을 선발해 지원")
    (True, False)
    >>> states_applying("창업 공모에 212팀이 응모했다.")
    True
    """
    if any(_counter_of(text, f) is not None and _in_applying_clause(text, f) for f in extract_figures(text)):
        return True
    return bool(_RATIO_STATED.search(text))


def _in_applying_clause(text: str, figure: Figure) -> bool:
    """The clause around ``figure`` speaks of applying ("신청", "응모", "지원서" …)."""
    from generate.plan_or_result import clause_around

    start, end = clause_around(text, figure.start, figure.start + len(figure.raw))
    return bool(_APPLYING.search(text[start:end]))


def applicant_counts(text: str, counter: str = "명") -> list[Figure]:
    """The counts (people, or ``counter``) ``text`` states in a clause about applying.

    >>> [f.raw for f in applicant_counts("청년 월세 지원에 4,830명이 신청해 경쟁률이 3.2대 1에 이르렀다. 600명을 모집한다.")]
    ['4,830명']
    >>> [f.raw for f in applicant_counts("창업 공모에 212팀이 응모했다. 60팀을 선발한다.", "팀")]
    ['212']
    """
    return [f for f in _counts(text, counter) if _in_applying_clause(text, f)]


def _counts(text: str, counter: str = "명") -> list[Figure]:
    """The figures of ``text`` that count in ``counter`` (``_counter_of``)."""
    return [f for f in extract_figures(text) if _counter_of(text, f) == counter]


def _counter_of(text: str, figure: Figure) -> str | None:
    """What ``figure`` counts, of what applicants are counted in: people ("명"), teams ("팀": the figure reader
    knows no such counter, so "212팀" is read as 212 followed by it), firms and places ("곳": 곳, 개, 개사 …) or
    cases ("건"); None for anything else."""
    read = value_and_unit(figure)
    unit = read[1] if read is not None else None
    after = text[figure.start + len(figure.raw):]
    if unit in ("명", "건"):
        return unit
    if figure.raw.endswith("팀") or after.startswith("팀"):
        return "팀"
    return "곳" if unit in _FIRM_UNITS or after.startswith(("곳", "개사")) else None


def answers_with_other_people(question: str, sentence: str, sources: list[str]) -> bool:
    """For a question about applicants: the sentence's head counts are stated by no source in a clause about
    applying — "지원서를 낸 청년은 600명입니다" from "참여 청년 600명 모집".

    >>> asked = "2024년 일경험 프로젝트에 지원서를 낸 청년은 몇 명이었어?"
    >>> answers_with_other_people(asked, "지원서를 낸 청년은 600명입니다.", ["참여 청년 600명을 모집한다."])
    True
    >>> answers_with_other_people(asked, "1,680명이 신청했습니다.", ["1,680명이 신청해 700명을 선정했다."])
    False
    """
    counter = applicant_counter(question)
    if counter is None:
        return False
    sentence = _MARKERS.sub("", sentence)
    claims = _counts(sentence, counter)
    stated = [g for source in sources for g in applicant_counts(source, counter)]
    return bool(claims) and not any(figure_matches(c, g) for c in claims for g in stated)


def counts_only_others(texts: list[str], counter: str = "명") -> bool:
    """Of quotes for a question about applicants: they count people (or ``counter``), and none of them applicants.

    >>> counts_only_others(["참여 청년 600명을 모집한다."]), counts_only_others(["1,680명이 신청해 700명을 선정했다."])
    (True, False)
    >>> counts_only_others(["신청은 2월 2일부터 받는다."])  # no head count: nothing to say either way
    False
    >>> counts_only_others(["한빛 청년창업 사관학교: 52팀을 지원해 매출 47억 원"], "팀")
    True
    """
    return any(_counts(text, counter) for text in texts) and not any(applicant_counts(text, counter) for text in texts)


# Deaths asked by a head count: "폭염 때문에 숨진 사람은 몇 명", "목숨을 잃은 사람은", "몇 명이 사망했나요".
_DIED = r"숨진|숨졌|숨지|사망(?!\s?(?:후|뒤))|목숨을\s?잃|돌아가신|돌아가셨"
_ASKS_DEATHS = re.compile(rf"(?:{_DIED})\S*\s+(?:\S+\s+){{0,3}}몇\s*명|몇\s*명(?:이|이나)?\s*(?:{_DIED})")
# A sentence counting deaths writes one of these: "고독사는 112명", "온열질환 사망자 2명", "숨진 채 발견된 112명".
_DEATH_WORDS = re.compile(r"사망|숨지|숨진|숨졌|목숨|고독사|사상자|희생자|변사")


def asks_a_death_count(question: str) -> bool:
    """Whether the question asks how many died.

    >>> asks_a_death_count("2023년 여름 한빛시에서 폭염 때문에 숨진 사람은 몇 명이었나요?")
    True
    >>> asks_a_death_count("혼자 살다 돌아가신 분들은 사망 후 발견되기까지 평균 며칠이나 걸렸습니까?")
    False
    """
    return bool(_ASKS_DEATHS.search(question))


def counts_deaths(text: str) -> bool:
    """Whether ``text`` counts people in words of death ("고독사는 112명"), not others ("취약계층 3만 2천 명").

    >>> counts_deaths("지난해 시내에서 발생한 고독사는 112명으로"), counts_deaths("취약계층 3만 2천 명 집중 관리")
    (True, False)
    """
    return bool(_DEATH_WORDS.search(text)) and bool(valued_figures(text, frozenset({"명"})))


# Overtime is counted for the staff a document names: "담당자 1인당 월 초과근무 | 22시간 | 9시간" is the 감염병관리팀's,
# not the 보건소 staff's who send it data. Every set that asked overtime asked it of staff or in a unit the documents
# do not count it for (eight questions from fresh-34 to fresh-49: fresh-47's sa3-016, fresh-49's sc3-017 …).
_OVERTIME = re.compile(r"초과\s?근무|시간\s?외\s?근무|야근|잔업")
# "줄어든 초과근무를 돈으로 따지면 얼마를 아꼈나요": overtime in money, which hours do not answer.
_IN_MONEY = re.compile(r"돈|수당|비용|금액|(?<![가-힣])원(?![가-힣])")
# "자치구 보건소 직원들의 월 초과근무", "언론협력팀 1인당 월 초과근무": whose, the office named before the staff word
# (not "보고서 담당자", the report's staff, whom a row's "담당자" may well be).
_OVERTIME_OF = re.compile(r"([가-힣A-Za-z]+(?:팀|과|실|소|관|단|국|센터|청|본부))\s?(?:직원|담당자|주무관|공무원|팀원|1인당)들?(?:의|이|은|는)?\s+(?:\S+\s+){0,2}?"
                          r"(?:초과\s?근무|시간\s?외|야근|잔업)")


def asks_overtime(question: str) -> bool:
    """Whether the question asks a figure of overtime (its hours, or what it cost).

    >>> asks_overtime("보건소 담당자들의 월 초과근무는 몇 시간 줄었나요?"), asks_overtime("근무 시간은 몇 시간이에요?")
    (True, False)
    """
    return bool(_OVERTIME.search(question)) and asks_a_figure(question)


def states_overtime(question: str, text: str, heading: str = "") -> bool:
    """Whether ``text`` (a sentence, or a table row read with its header) gives the overtime the question asks: it
    writes overtime, of the staff the question names if it names them (in it or its ``heading``), with a figure of
    the asked kind — hours, or money when asked in money.

    >>> q = "감염병 보고서에 도우미를 쓴 뒤 자치구 보건소 직원들의 월 초과근무는 얼마나 줄었나요?"
    >>> states_overtime(q, "담당자 1인당 월 초과근무: 2024년 22시간, 2025년 9시간")
    False
    >>> states_overtime("감염병 보고서 담당자 초과근무는 얼마나 줄었어?", "담당자 1인당 월 초과근무: 2024년 22시간, 2025년 9시간")
    True
    >>> states_overtime("줄어든 초과근무를 돈으로 따지면 얼마를 아꼈나요?", "1인당 월 초과근무 22시간에서 9시간으로")
    False
    """
    if not _OVERTIME.search(text):
        return False
    whose = _OVERTIME_OF.search(question)
    if whose and compact(whose.group(1)) not in compact(f"{heading} {text}"):
        return False
    measure = asked_measure(question)
    units = measure.units if measure else frozenset({"원"}) if _IN_MONEY.search(question) else DURATION_UNITS
    return bool(valued_figures(text, units))


# "한 가구에 얼마씩", "한 집에 얼마가 드는지, 가구당 설치비": the amount for one household, person or place — which a
# total ("680억 원", "모두 126억 원") does not give (fresh-41's ru2-011, asked again by fresh-42's rv2-016).
# A car or a building is one too: "차 한 대당 지원금은 얼마" (fresh-46's rz3-020), "1동당 4천만 원 한도".
_PER_ONE = r"(?:가구|세대|집|명|사람|인|곳|개소|대|동)"
_ASKS_PER_ONE = re.compile(rf"(?:한|1)\s?{_PER_ONE}\s?(?:에|당|마다)\s?(?:\S+\s+){{0,2}}얼마|{_PER_ONE}\s?당\s?(?:\S+\s+){{0,2}}얼마"
                           rf"|{_PER_ONE}\s?당\s?[가-힣]{{0,4}}(?:비|금|액)(?:이|가|은|는|을|를)?\s")
# A sentence stating an amount for one of them: "가구당 최대 150만 원", "1인당 20만 원", "한 곳에 3천만 원씩", "가구마다".
_PER_ONE_STATED = re.compile(rf"{_PER_ONE}\s?(?:당|마다|별)|(?:한|1)\s?{_PER_ONE}\s?(?:에|당|마다)|씩")


def asks_an_amount_per_one(question: str) -> bool:
    """Whether the question asks the amount for one household, person or place.

    >>> asks_an_amount_per_one("침수를 막는 장치를 달아 주는 사업은 한 가구에 얼마씩 비용이 들었나요?")
    True
    >>> asks_an_amount_per_one("한 집에 얼마가 드는지, 가구당 설치비가 나와 있나요?"), asks_an_amount_per_one("사업비는 모두 얼마야?")
    (True, False)
    >>> asks_an_amount_per_one("전기차를 사는 시민은 차 한 대당 시 지원금을 얼마 받나요?")
    True
    """
    return bool(_ASKS_PER_ONE.search(question))


def states_an_amount_per_one(sentence: str) -> bool:
    """Whether the sentence speaks of an amount for one of many ("가구당 최대 150만 원", "1인당 20만 원").

    >>> states_an_amount_per_one("주거환경 개선 비용을 가구당 최대 150만 원까지 지원한다."), states_an_amount_per_one("모두 680억 원")
    (True, False)
    """
    return bool(_PER_ONE_STATED.search(sentence))


def names_the_one(word: str) -> bool:
    """Whether the word is the "one" an amount for one is of ("가구", "가구당", "집"): a word of the counting, not of
    the topic.

    >>> names_the_one("가구당"), names_the_one("가구"), names_the_one("반지하")
    (True, True, False)
    """
    return bool(re.fullmatch(rf"(?:한|1)?\s?{_PER_ONE}\s?(?:당|마다|별|에)?", word))
