"""A question that asks for a name, and whether an answer gives one.

"동림구에 새로 지정된 달빛어린이병원 이름이 뭐야?", "카드사 세 곳이 어디어디예요?", "민간 사업자는 어디로 정해졌어?" — when the
archive names no one, the 1.5B model restates the question around a generic noun ("달빛어린이병원은 동림구에 새로 생긴
병원입니다", "카드사 3곳과 함께 출시된다") and every word of that stands in its source, so the support check passes. An
answer to a name question must name something the question does not: a department of the archive, a quoted name, a
proper noun (Kiwi's NNP) of three or more syllables, or an institution ("한빛관광재단", "신한카드"); a district is a place,
not the name asked for, and the "(시장 윤서진)" that opens every release names its speaker, not an answer
(docs/measurements.md, "Answers").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from core.textnorm import compact
from generate.named_units import district_words

_ASKS_NAME = re.compile(
    r"이름|누구|누가|어디어디|"
    r"(곳|데|사업자|업체|카드사|병원|부서|기관|회사|단체)(는|은|가|이)?\s*(\S+\s+){0,2}어디(야|인가|예요|에요|로|일까|입니까|지)|"
    r"어느\s*(카드사|병원|업체|기관|부서|회사|단체|학교)")
# A choice between options the question names ("어디가 더 높았나요", "두 곳 중 어디"): its answer repeats them.
_CHOICE = re.compile(r"(어디|누가|누구)(가|이)?\s*더|중\s*(어디|누가|누구|어느)")
_QUOTED = re.compile(r"[‘“「『'\"]([^’”」』'\"]{2,30})[’”」』'\"]")
_INSTITUTION = re.compile(r"[가-힣A-Za-z0-9]{2,}(재단|공사|공단|협회|은행|카드|의원|병원|센터|학교|대학교|연구원|조합)")
_SPEAKER = re.compile(r"\((시장|구청장|도지사|군수)\s+[가-힣]{2,4}\)")


def asks_a_name(question: str) -> bool:
    """The question asks who or which one by name — not a choice between the options it names.

    >>> [asks_a_name(q) for q in ("달빛어린이병원 이름이 뭐야?", "카드사 세 곳이 어디어디예요?",
    ...  "민간 사업자는 어디로 정해졌어?", "두 곳 가운데 어디가 더 오래 기다렸어?", "예산은 얼마야?")]
    [True, True, True, False, False]
    """
    return bool(_ASKS_NAME.search(question)) and not _CHOICE.search(question)


def names_in(text: str, question: str, departments: Iterable[str], districts: Iterable[str]) -> set[str]:
    """The names ``text`` gives that ``question`` does not.

    >>> q, depts, districts = "외국어 문장은 누가 검토했나요?", {"관광진흥과", "디지털혁신과"}, {"동림구", "북산구"}
    >>> sorted(names_in("한빛관광재단의 원어민 감수자 3명이 검토했다.", q, depts, districts))
    ['한빛관광재단']
    >>> sorted(names_in("24시간 안에 디지털혁신과 정보보호팀에 신고", q, depts, districts))
    ['디지털혁신과']
    >>> names_in("한빛광역시(시장 윤서진)는 동림구와 북산구의 소아청소년과 병원 1곳씩을 지정했다.", q, depts, districts)
    set()
    """
    from core.korean import kiwi

    text = _SPEAKER.sub("", text)
    asked = compact(question)
    found = {d for d in departments if d in text}
    found |= {m.group(1).strip() for m in _QUOTED.finditer(text)}
    found |= {m.group(0) for m in _INSTITUTION.finditer(text)}
    found |= {t.form for t in kiwi().tokenize(text) if t.tag == "NNP" and len(t.form) >= 3}
    places = set(districts) | district_words(text)  # a "XX구" is a place whether or not the archive counts it
    return {n for n in found if compact(n) not in asked and n not in places and not any(n in p for p in places)}
