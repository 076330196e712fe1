"""The one district or department a question singles out, and whether the evidence speaks of it.

A near-miss often names a unit the archive holds figures for only elsewhere: "서하구 달빛어린이병원 평균 대기
시간" when the release gives 중앙구's and 남강구's, "민원 답변 도우미를 주택정책과에 적용했더니" when only the
welfare departments tried it. The 1.5B model then answers with the other unit's figure under the asked unit's
name. Districts and departments are closed classes a city's archive spells out, so the check is exact: when a
question names exactly one of them and not one evidence passage — its text, its document's title or its
department — names it, the service declines; a district's own sentences come first in the evidence; and a model
sentence that gives a figure for the district from sources that never name it is left out (docs/measurements.md, "Answers").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from core.textnorm import Figure, extract_figures, figures_supported, is_whole_row
from core.types import Hit
from generate.asked_measure import asks_a_figure

if TYPE_CHECKING:
    from generate.evidence import Evidence
    from generate.types import Citation

# "XX구" words that name no district (자치구 is the class itself); a district is a "XX구" that several
# documents of the archive write (the bundled corpus: 5 districts in 29–36 documents each).
_NOT_DISTRICTS = frozenset({"자치구", "지역구", "선거구", "출입구", "비상구", "배수구", "하수구", "분화구"})
_DISTRICT = re.compile(r"(?<![가-힣])([가-힣]{2}구)")
MIN_DOCUMENTS = 3


def district_words(text: str) -> frozenset[str]:
    """The "XX구" words one document writes (candidates; ``districts_of`` keeps those several documents write).

    >>> sorted(district_words("서하구와 남강구는 자치구"))
    ['남강구', '서하구']
    """
    return frozenset(_DISTRICT.findall(text)) - _NOT_DISTRICTS


def districts_of(word_sets: Iterable[frozenset[str]], min_documents: int = MIN_DOCUMENTS) -> set[str]:
    """The districts an archive writes: "XX구" words in at least ``min_documents`` of its documents, given each
    document's ``district_words`` (read once per document and kept by the caller).

    >>> texts = ["서하구와 남강구", "서하구에서", "서하구 주민, 남강구", "남강구는 자치구"]
    >>> sorted(districts_of([district_words(t) for t in texts], 2))
    ['남강구', '서하구']
    """
    counts: Counter[str] = Counter(w for words in word_sets for w in words)
    return {w for w, n in counts.items() if n >= min_documents}


def singled_out(question: str, units: Iterable[str]) -> str | None:
    """The one unit the question names; None when it names none or several ("A과와 B과는 각각 …").

    >>> singled_out("서하구 달빛어린이병원 대기 시간은?", {"서하구", "남강구", "주택정책과"})
    '서하구'
    >>> singled_out("서하구와 남강구의 대기 시간은?", {"서하구", "남강구"}) is None
    True
    """
    named = [u for u in units if u in question]
    return named[0] if len(named) == 1 else None


# A figure for each district: "자치구별로 각각 몇 건", "구마다", "각 구에서" — asked with no district named.
# Not "구별 맞춤 설명회" (one tailored to each district, fresh-8's qs3-003): a breakdown is asked "별로" or "마다".
_PER_DISTRICT = re.compile(r"(?:자치구|(?<![가-힣])구)\s?(?:별로|마다)|(?<![가-힣])각\s?(?:자치)?구(?:에서|별로|마다)")
# Several districts named are asked one figure each only when the question says so: "동림구와 남강구에서 시작한
# 시범사업 이용자는 몇 명" asks the programme's total.
_EACH = re.compile(r"각각|각자|따로|마다|별로|씩")


def districts_each(question: str, districts: Iterable[str]) -> tuple[list[str], int]:
    """The districts the question asks one figure each of, and how many of them the evidence must give: all
    those it names when it names several and says "각각" ("동림구랑 남강구는 각각 몇 명이에요?"), or two of the
    archive's when it asks for a breakdown by district ("자치구별로 각각 몇 건씩"). A city total answers
    neither (fresh-20's qq1-011, qq3-005).

    >>> districts = {"동림구", "남강구", "서하구"}
    >>> districts_each("이용한 어르신 중에 동림구랑 남강구는 각각 몇 명이에요?", districts)
    (['남강구', '동림구'], 2)
    >>> districts_each("이상 징후 알림이 자치구별로 각각 몇 건씩 나왔어요?", districts)
    (['남강구', '동림구', '서하구'], 2)
    >>> districts_each("동림구와 남강구에서 시작한 시범사업 이용자는 몇 명이에요?", districts), districts_each("구별로 보면?", set())
    (([], 0), ([], 0))
    >>> districts_each("작년 구별 맞춤 탄소중립 설명회 끝나고 새로 들어온 집이 얼마나 돼?", districts)
    ([], 0)
    """
    districts = sorted(districts)
    named = [d for d in districts if d in question]
    if len(named) >= 2 and _EACH.search(question):
        return named, len(named)
    if not named and len(districts) >= 2 and _PER_DISTRICT.search(question):
        return districts, 2
    return [], 0


def speaks_of(unit: str, hit: Hit) -> bool:
    """The passage, its document's title or its department names the unit."""
    return unit in hit.chunk.text or unit in (hit.doc.title or "") or unit == hit.doc.department


def is_district(unit: str) -> bool:
    return unit.endswith("구")


# A numbered site of a series — "청년누리 2단지", "도시철도 3호선", "2공구", "급행3번 버스" — singles out one part as a
# district does: a release gives 1단지's cost and only the size of 2단지 and 3단지, and the model answered
# 2단지's cost with 1단지's (fresh-14's qg1-014; fresh-7's qn1-014 with 3단지). Not "단지마다", "호선별": every one.
_SITE = re.compile(r"(?<![\d.,~·])(\d{1,3})\s?(단지|호선|공구)(?!\s?(?:마다|별|씩))")
# "두 번째 단지": a site by its ordinal, as passages number it (2단지).
_ORDINALS = ("첫", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉", "열")
_ORDINAL_SITE = re.compile(rf"(?<![가-힣])({'|'.join(_ORDINALS)})\s?번째\s?(단지|공구)")
# A route: "급행3번 버스", or the name written onto its number ("급행1번은"); not "제1번".
_ROUTE = re.compile(r"(?<![가-힣])(?!제)([가-힣]{1,4})(?:\s?(\d{1,4})번\s?(?:버스|노선)|(\d{1,4})번(?=[은는이가을를의도]))")


def numbered_site(question: str) -> str | None:
    """The one numbered site the question names, as passages write it ("2단지", "급행3번").

    >>> numbered_site("청년누리 강변역 쪽 2단지 짓는 데는 총 얼마 들어가요?"), numbered_site("급행3번 버스 하루 이용객은?")
    ('2단지', '급행3번')
    >>> numbered_site("급행버스 여섯 개 노선 가운데 급행1번은 하루에 몇 명이나 타요?"), numbered_site("제1번 안건은?")
    ('급행1번', None)
    >>> numbered_site("1단지와 2단지 사업비는?") is None, numbered_site("단지마다 몇 호야?") is None
    (True, True)
    >>> numbered_site("강변역 인근에 들어서는 청년누리 두 번째 단지의 총사업비는?")  # fresh-49's sc1-010
    '2단지'
    """
    sites = {f"{n}{kind}" for n, kind in _SITE.findall(question)}
    sites |= {f"{_ORDINALS.index(n) + 1}{kind}" for n, kind in _ORDINAL_SITE.findall(question)}
    sites |= {f"{name}{n or glued}번" for name, n, glued in _ROUTE.findall(question)}
    return sites.pop() if len(sites) == 1 else None


def is_place(unit: str) -> bool:
    """A district or a numbered site: a place whose own sentences and rows answer for it."""
    return is_district(unit) or bool(_SITE.fullmatch(unit) or unit.endswith("번"))


def rivals(unit: str, districts: Iterable[str]) -> set[str]:
    """The units a passage may give the figure for instead of ``unit``: the archive's other districts, or a
    site's siblings of its series (1단지 and 3단지 for 2단지).

    >>> sorted(rivals("2단지", {"서하구"}))[:3], sorted(rivals("서하구", {"서하구", "남강구"}))
    (['10단지', '11단지', '12단지'], ['남강구', '서하구'])
    """
    site = _SITE.fullmatch(unit)
    if site:
        return {f"{n}{site.group(2)}" for n in range(1, 100)} - {unit}
    return set() if unit.endswith("번") else set(districts)


def naming_first(evidence: list[Evidence], district: str) -> list[Evidence]:
    """The evidence sentences that name the district — in the sentence, a table row's header, or the title of
    a document about that district alone — first, each group in its own order: a question about 북산구 is
    answered by 북산구's row, not by the city's total above it."""
    named = [e for e in evidence if district in e.text or district in e.context or district in (e.hit.doc.title or "")]
    return named + [e for e in evidence if e not in named] if named else evidence


def names_unit(source: Citation, unit: str) -> bool:
    """A cited source speaks of the district or department: its quote, its table header or its document's title
    names it, or (a department) its document is the department's own."""
    return unit in source.quote or unit in (source.context or "") or unit in (source.title or "") or \
        unit == source.department


def figure_of_another_unit(sentence: str, cited: list[Citation], unit: str) -> bool:
    """The sentence names the unit, but a figure of it comes only from cited sources that do not: "남강구
    이용 목표는 4,200명" with 4,200명 from the city's total, even if a second source naming 남강구 is cited too;
    "노인복지과에 … 들어온 서면 민원은 4,870건" from "복지정책과 기초생활보장팀에는 … 4,870건" in 복지정책과's case study.

    >>> from generate.types import Citation
    >>> case = Citation(n=2, chunk_id="c", doc_id="d", title="민원 답변 도우미 사례", source_path="p", start=0, end=1,
    ...                 department="복지정책과", quote="복지정책과 기초생활보장팀에는 서면 민원이 2023년 한 해 4,870건 접수됐음")
    >>> figure_of_another_unit("노인복지과에 2023년 들어온 서면 민원은 4,870건입니다.", [case], "노인복지과")
    True
    >>> figure_of_another_unit("복지정책과에 2023년 들어온 서면 민원은 4,870건입니다.", [case], "복지정책과")
    False
    """
    if unit not in sentence:
        return False
    for figure in extract_figures(sentence):
        if figure.kind in ("date", "ordinal"):
            continue
        holders = [c for c in cited if figures_supported(figure.raw, [f"{c.quote} {c.context or ''}"])[0]]
        if holders and not any(names_unit(c, unit) for c in holders):
            return True
    return False


def _answering(question: str, text: str) -> list[Figure]:
    """The figures of ``text`` that could answer ``question``: of the measure it asks, when its wording fixes
    one, else every valued figure (``plan_or_result.answering_figures``)."""
    from generate.plan_or_result import answering_figures, asked_units

    return answering_figures(text, asked_units(question))


def _other_districts(text: str, district: str, districts: Iterable[str]) -> bool:
    """``text`` names some district of the archive other than ``district``, and not ``district`` itself."""
    return district not in text and any(d != district and d in text for d in districts)


def answers_for_another_district(question: str, sentence: str, cited: list[Citation], district: str,
                                 districts: Iterable[str]) -> bool:
    """A lead that does not name the district the question asks about, whose answering figures every cited
    source stating them gives for other districts: "평균 대기 시간은 47분입니다" for 서하구, cited to a row under
    "중앙구 병원 | 남강구 병원". A city-wide figure (a source naming no district) is not judged here.

    >>> from generate.types import Citation
    >>> row = Citation(n=1, chunk_id="c", doc_id="d", title="달빛어린이병원", source_path="p", start=0, end=1,
    ...                quote="평균 대기 시간(분) | 47 | 39", context="구분 | 중앙구 병원 | 남강구 병원")
    >>> districts = {"서하구", "중앙구", "남강구"}
    >>> asked = "서하구 달빛어린이병원 평균 대기 시간은 몇 분인가요"
    >>> answers_for_another_district(asked, "평균 대기 시간은 47분입니다.", [row], "서하구", districts)
    True
    >>> answers_for_another_district(asked.replace("서하구", "중앙구"), "평균 대기 시간은 47분입니다.", [row],
    ...                              "중앙구", districts)
    False
    >>> total = Citation(n=2, chunk_id="c", doc_id="d", title="청년 매입임대주택", source_path="p", start=0, end=1,
    ...                  quote="합계 | 410 | 21.8", context="자치구 | 공급 호수(호) | 평균 월 임대료(만 원)")
    >>> answers_for_another_district("410호 중에 북산구 집은 월세가 평균 얼마야?", "평균 월 임대료는 21.8만 원입니다.",
    ...                              [total], "북산구", districts | {"북산구"})
    True
    """
    if district in sentence or not asks_a_figure(question):
        return False
    figures = _answering(question, sentence)
    if not figures:
        return False
    read = [(f"{c.quote} {_as_read(c.quote, c.context or '')} {c.title or ''}", c.quote) for c in cited]
    for figure in figures:
        holders = [(text, quote) for text, quote in read if figures_supported(figure.raw, [text])[0]]
        # A total row is the whole's figure, not the district's: "평균 월 임대료는 21.8만 원" for 북산구 from
        # "합계 | 410 | 17~39 | 21.8" (stop 58's HTTP check).
        if not holders or not all(_other_districts(text, district, districts) or is_whole_row(quote)
                                  for text, quote in holders):
            return False
    return True


def _as_read(text: str, context: str) -> str:
    """An evidence sentence as the answer shows it: a table row with its header's units on its cells."""
    from generate.evidence import clean_for_answer

    return f"{clean_for_answer(text, context)} {context}"


_ASKS_WEEKDAY = re.compile(r"(무슨|몇|어느|어떤)\s*요일")
_WEEKDAYS = re.compile(r"(?<![가-힣])[월화수목금토일](?:\s*[·,]\s*[월화수목금토일])+(?![가-힣])|[월화수목금토일]요일")


# "언제부터 들어가 살 수 있어요?": a move-in date, which only a sentence on moving in gives — "2단지(280호)는 내년 상반기
# 착공을 목표로" dates the building work (fresh-18's qh1-010, fresh-19's qi1-008, fresh-21's ra1-014).
_ASKS_MOVE_IN = re.compile(r"언제.*(?:들어가\s?살|입주|이사\s?들어)|(?:들어가\s?살|입주|이사\s?들어).*언제")


def states_for_district(question: str, text: str, context: str, title: str, district: str) -> bool:
    """An evidence sentence that names the district (in itself, its table's header or its document's title)
    and holds a figure that could answer the question — or the weekdays a "무슨 요일" question asks; for a move-in
    date, one that speaks of moving in.

    >>> states_for_district("서하구는 무슨 요일에 수거해 가요?", "서하구 | 월·목 | 070-7120-7443", "자치구 | 수거 요일 | 문의",
    ...                     "", "서하구")
    True
    >>> asked = "청년누리 2단지는 언제부터 들어가 살 수 있어요?"
    >>> states_for_district(asked, "2단지(280호)는 내년 상반기 착공을 목표로 설계를 마무리하고 있다.", "", "", "2단지")
    False
    >>> states_for_district(asked, "2단지(280호)는 2029년 9월 입주를 목표로 한다.", "", "", "2단지")
    True
    """
    named = any(district in _with_districts_spelt_out(part) for part in (text, context, title))
    if named and _ASKS_WEEKDAY.search(question) and _WEEKDAYS.search(text):
        return True
    if _ASKS_MOVE_IN.search(question) and "입주" not in text:
        return False
    return named and bool(_answering(question, _as_read(text, context)))


# "동림·남강구서 시범 실시": a list of districts sharing one "구" — both are named (fresh-48's sb1-014).
_SHARED_GU = re.compile(r"(?<![가-힣])([가-힣]{2})·(?=(?:[가-힣]{2}·)*[가-힣]{2}구)")


def _with_districts_spelt_out(text: str) -> str:
    """The text with each district of a shared-"구" list written in full.

    >>> _with_districts_spelt_out("‘늘봄 통합돌봄’ 동림·남강구서 시범 실시"), _with_districts_spelt_out("중앙·서하·북산구")
    ('‘늘봄 통합돌봄’ 동림구·남강구서 시범 실시', '중앙구·서하구·북산구')
    >>> _with_districts_spelt_out("버스·도시철도 무제한")
    '버스·도시철도 무제한'
    """
    return _SHARED_GU.sub(r"\1구·", text)


_ASKS_WHEN = re.compile(r"언제|며칠|몇\s?월|날짜|시기")


def districts_stated(question: str, text: str, context: str, title: str, districts: Iterable[str]) -> set[str]:
    """Those of ``districts`` an evidence sentence gives a figure for (``states_for_district``) — none when it
    names several with fewer answering figures than districts: "동림구·남강구 어르신 1,200명 대상" is the two
    districts' joint figure, not each one's.

    >>> q = "이용한 어르신 중에 동림구랑 남강구는 각각 몇 명이에요?"
    >>> districts_stated(q, "동림구·남강구 어르신 1,200명 대상", "", "", ["동림구", "남강구"])
    set()
    >>> sorted(districts_stated(q, "동림구는 700명, 남강구는 684명이 이용했다.", "", "", ["동림구", "남강구"]))
    ['남강구', '동림구']
    >>> title = "늘봄 통합돌봄 동림·남강구서 시범 실시"
    >>> q = "남강구에서만 서비스를 받은 어르신은 몇 명인가요?"
    >>> districts_stated(q, "시는 어르신 1,200명을 지원한다.", "", title, ["동림구", "남강구"])  # the title's two
    set()
    >>> districts_stated(q, "남강구에서는 어르신 684명이 서비스를 받았다.", "", title, ["동림구", "남강구"])
    {'남강구'}
    >>> sorted(districts_stated("중앙구 어르신도 신청할 수 있게 된 게 언제부터예요?",
    ...                         "4월 1일부터 중앙구·서하구·북산구를 더해 5개 자치구 모두에 창구를 연다", "", "", ["중앙구", "서하구"]))
    ['서하구', '중앙구']
    """
    # A sentence naming districts itself speaks for those; its document's title ("동림·남강구서 시범 실시") for a
    # sentence naming none.
    own = {d for d in districts if d in _with_districts_spelt_out(f"{text} {context}")}
    stated = {d for d in (own or districts) if states_for_district(question, text, context, title, d)}
    # A date is shared, not split: "4월 1일부터 중앙구·서하구·북산구를 더해" tells when for each of them (stop 50).
    if len(stated) > 1 and not _ASKS_WHEN.search(question) and \
            len(_answering(question, _as_read(text, context))) < len(stated):
        return set()
    return stated


def quotes_of_another_district(question: str, quotes: list[tuple[str, str, str]], district: str,
                               districts: Iterable[str]) -> bool:
    """Of the quotes an extractive answer would give ((text, table header, title) each), those with a figure
    that could answer all give it for other districts: quoting them would answer 서하구 with 중앙구's figure."""
    if not asks_a_figure(question):
        return False
    answering = [(t, c, ti) for t, c, ti in quotes if _answering(question, _as_read(t, c))]
    return bool(answering) and all(_other_districts(f"{t} {c} {ti}", district, districts) for t, c, ti in answering)
