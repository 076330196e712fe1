"""A figure asked broken down by something the documents never break it down by.

A near-miss asks for a total split by a kind the archive does not use: "예산담당관이 받은 질의 1,236건은
상임위원회별로 몇 건씩인가요?" finds the case study's "질의 건수 | 1,148건 | 1,236건" — the total, with no committee
in sight — and the 1.5B model repeats it; the figure is in the cited row, so the citation check passes. Korean asks a
breakdown plainly: "X별로", then a count "몇 … 씩" or "각각", or "X별로 나누면". A passage on the topic that breaks
the figure down by X names X. Districts are read by ``named_units`` (the archive names them, and a passage may list
districts without writing "자치구"); this module reads every other kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from core.textnorm import QUANTITY_KINDS, compact, extract_figures

# "상임위원회별로 몇 건씩", "언어별로 나누면", "부서별로 각각 몇 명": a breakdown asked, not "연도별로 사업을 비교하는
# 질문은 … 몇 분 걸렸나" (what is asked about, with one figure).
_BY = re.compile(r"([가-힣A-Za-z]{2,})\s?별로\s?(?=(?:[^?.]*?(?:몇|얼마)[^?.]*?(?:씩|각각))|(?:[^?.]*?각각)|\s*나누)")
# Districts: ``named_units.districts_each`` reads them against the archive's own list.
_DISTRICT = re.compile(r"^(?:자치)?구$")


# A split by sex is asked without "별로": "남자랑 여자 비율은", "남녀 비율", "성별로 보면".
_BY_SEX = re.compile(r"남녀|성별|(남자|남성)\s?(랑|이랑|와|과|하고|,)?\s?(여자|여성)|(여자|여성)\s?(랑|이랑|와|과|하고|,)?\s?(남자|남성)")
SEX = "성별"
# A split by month: "월별로", "달마다 나눠 보면", "4월부터 9월까지 달마다 몇 건씩", "어느 달에 가장 많았나" — not the
# monthly rate of "달마다 얼마씩 받아요" (an amount each month, one figure).
_BY_MONTH = re.compile(r"월별|달별|(?:달마다|매달|월마다)[^?.]*?(?:몇[^?.]*?씩|나누|나눠|각각)|어느\s?달")
MONTH = "월"
# A month a passage labels a figure with ("4월 | 520건", "5월에 610건"), not a date ("3월 2일부터").
_MONTH_LABEL = re.compile(r"(?<![\d.])(1[0-2]|[1-9])\s?월(?!\s?\d{1,2}\s?일)")
# What a passage breaking a figure down by sex writes.
_SEX_WORDS = ("남성", "여성", "남자", "여자", "남녀")


def breakdown_asked(question: str) -> str | None:
    """What a question asks its figure broken down by ("상임위원회", ``SEX``), other than districts; None when it
    asks none.

    >>> breakdown_asked("예산 심사 때 받은 질의 1,236건은 상임위원회별로 몇 건씩인가요?")
    '상임위원회'
    >>> breakdown_asked("외국어 상담을 언어별로 나누면 어느 언어가 제일 많았나"), breakdown_asked("자치구별로 몇 건씩 나왔어요?")
    ('언어', None)
    >>> breakdown_asked("연도별로 사업을 비교하는 질문은 근거 확인에 몇 분 걸렸습니까?") is None
    True
    >>> breakdown_asked("청년이음센터에서 상담받은 청년들, 남자랑 여자 비율은 어떻게 돼요?")
    '성별'
    >>> breakdown_asked("공공심야약국 첫해 이용 건수를 달마다 나눠 보면 어느 달에 몇 건이었나요?")
    '월'
    >>> breakdown_asked("공익활동형 일자리는 달마다 얼마씩 받아요?") is None
    True
    """
    if _BY_SEX.search(question):
        return SEX
    if _BY_MONTH.search(question):
        return MONTH
    m = _BY.search(question)
    if m is None or _DISTRICT.match(m.group(1)):
        return None
    return m.group(1)


def breakdown_given(question: str, kind: str, texts: Sequence[str]) -> bool:
    """Whether one of ``texts`` (passages on the asked topic, a table row with its header) names ``kind`` and
    gives a figure in the question's unit: "시의회 상임위원회와 예산결산특별위원회의 예산안 심사에 대응한다" names
    the committees and counts nothing.

    >>> asked = "질의 1,236건은 상임위원회별로 몇 건씩인가요?"
    >>> breakdown_given(asked, "상임위원회", ["질의 건수 | 1,148건 | 1,236건", "상임위원회와 예결특위의 심사에 대응한다."])
    False
    >>> breakdown_given(asked, "상임위원회", ["상임위원회 | 질의 건수\\n행정자치위원회 | 212건"])
    True
    >>> breakdown_given("환수 결정된 6,120만 원, 부적정 유형별로 나누면 각각 얼마예요?", "유형",
    ...                 ["부적정 집행 유형 | 2024년 | 2025년\\n증빙 없는 지출 | 9건 | 12건"])  # counts, not won
    False
    >>> asked = "4월부터 9월까지 달마다 초안을 몇 건씩 만들었나요?"
    >>> breakdown_given(asked, MONTH, ["4월부터 9월까지 6개월 동안 초안 3,940건을 만들었다.", "3월 2일부터 2월 29일까지"])
    False
    >>> breakdown_given(asked, MONTH, ["월 | 초안 건수\\n4월 | 520건\\n5월 | 610건\\n6월 | 700건"])
    True
    """
    from generate.plan_or_result import answering_figures

    units = _breakdown_units(question)
    if kind == MONTH:
        return _months_labelled(t for t in texts if answering_figures(t, units))
    wanted = _SEX_WORDS if kind == SEX else (compact(kind),)
    return any(any(w in compact(t) for w in wanted) and answering_figures(t, units) for t in texts)


def _months_labelled(texts: Iterable[str]) -> bool:
    """Whether ``texts`` split a figure by month: one sentence labels three months or more, or a table's rows do
    together (one row a month); a period's bounds ("4월부터 9월까지") label two."""
    rows: set[str] = set()
    for text in texts:
        months = set(_MONTH_LABEL.findall(text))
        if len(months) >= 3:
            return True
        if "|" in text:
            rows |= months
    return len(rows) >= 3


def _breakdown_units(question: str) -> frozenset[str] | None:
    """The units a breakdown's figures are counted in: the asked measure's, else the unit of the whole the question
    splits ("6,120만 원, 유형별로 나누면 각각 얼마": won, so a table counting cases by type splits no amount;
    fresh-34's rn3-016)."""
    from core.textnorm import value_and_unit
    from generate.plan_or_result import asked_units

    units = asked_units(question)
    if units is not None:
        return units
    whole = {v[1] for raw in whole_named(question) for f in extract_figures(raw) if (v := value_and_unit(f))}
    return frozenset(whole) or None


# A breakdown or a ranking asked of a whole: "6만 2,900건을 자치구별로 나누면", "구마다", "어느 구가 제일 많았어".
_SPLIT = re.compile(r"별로|마다|나누면|나눠|나눈|나누어")
_KIND = re.compile(r"([가-힣A-Za-z]{1,12})\s?별로")


def whole_named(question: str) -> list[str]:
    """The figures a question asking a breakdown names as the whole it splits ("6만 2,900건을 자치구별로 나누면");
    empty when it asks none or names none.

    >>> whole_named("작년 공공심야약국 이용 6만 2,900건을 자치구별로 나누면 어느 구가 제일 많았어요?")
    ['6만 2,900건']
    >>> whole_named("공공심야약국 이용 건수를 자치구별로 나누면?"), whole_named("6만 2,900건은 언제 집계됐어요?")
    ([], [])
    >>> whole_named("2024년 청년 월세 지원은 첫 주에 요일 나눠서 받는다던데, 99년생(끝자리 홀수)은 무슨 요일에 내면 돼요?")
    []
    """
    split = _SPLIT.search(question)
    if split is None:
        return []
    # The whole is split, so it is written before the split: "요일 나눠서 받는다던데, 99년생은" splits no 99년.
    return [f.raw for f in extract_figures(question[:split.start()]) if f.kind in QUANTITY_KINDS]


def of_another_whole(whole: Sequence[str], documents: Sequence[str]) -> bool:
    """Rows breaking a figure down, from ``documents`` none of which states the ``whole`` the question splits: the
    first year's district table (40,360건 in all) is no breakdown of the 6만 2,900건 counted two years later
    (fresh-30's rj1-020; fresh-26's rd1-012 asked it too). A breakdown's own document states its total ("합계 |
    3,000").

    >>> of_another_whole(["6만 2,900건"], ["중앙구 | 10,240\\n합계 | 40,360"]), of_another_whole(["3,000명"], ["합계 | 3,000"])
    (True, False)
    """
    # By value: a table's cells carry their unit in the header ("2025년 배정 인원(명)"), not beside the number.
    wanted = {_value(f.norm) for raw in whole for f in extract_figures(raw)} - {""}
    return bool(wanted and documents) and not any(wanted & {_value(f.norm) for f in extract_figures(text)}
                                                  for text in documents)


def _value(norm: str) -> str:
    m = re.match(r"\d+(?:\.\d+)?", norm)
    return m.group(0) if m else ""


def kind_named(question: str) -> str:
    """What the question breaks its figure down by, as it writes it ("자치구별", "상임위원회별", "성별")."""
    kind = breakdown_asked(question)
    if kind == SEX:
        return SEX
    if kind == MONTH:
        return "월별"
    m = _KIND.search(question)
    return f"{m.group(1)}별" if m else "질문한 기준별"
