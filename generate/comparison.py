"""The difference a comparison question asks for, worked out in code from two cited figures.

"빛축제 경제 파급효과는 2023년과 2024년 중 어느 해가 얼마나 더 컸나요?" — the sources state 214억 원 and
263억 원; the reader wants the 49억 원 too. An extractive answer quotes both figures but cannot say it, and
the prompt tells the model to write no number its sources lack. So the answer gets one more sentence, built
here: the two years' figures and their difference, citing both passages — checked like any other sentence (the
support judge accepts a difference of two figures the sentence itself states, in a sentence that compares,
when the arithmetic holds: ``core.textnorm.computed_from``).

A wrong pair of figures would make a true sum about the wrong things, so the sentence is written only when
the choice is clear: the question names exactly two years and asks for a change or a difference, and for each
year exactly one figure of one unit (of the kind the question asks, when it says) is labelled most like the
question ("2024년 목표 2,000명" rather than "2024년 실적 2,460명" for "이수 목표가 … 얼마나 차이 나?").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from core.korean import content_morphemes, split_sentences
from core.textnorm import (
    DURATION_UNITS,
    Figure,
    extract_figures,
    figure_label,
    value_and_unit,
    years_named,
    years_spoken_of,
    years_written_or_relative,
)
from generate.binding import given_as_average
from generate.draft.korean import has_final_consonant
from generate.evidence import clean_for_answer
from generate.types import AnswerSentence, Citation

# A change or a gap: "얼마나 차이 나?", "몇 개 많아졌어?", "어느 해가 얼마나 더 컸나요?", "몇 명 더 늘어?".
# Not a target: "몇 명까지 늘리려고 해?" asks for the goal, not for the gap to it.
_CHANGED = r"(?:늘었|늘어났|늘어|줄었|줄어들었|줄어|많아졌|적어졌|달라졌|높아졌|낮아졌|커졌|작아졌)"
_ASKS_DIFFERENCE = re.compile(
    rf"차이|증감|얼마나\s?(?:더|{_CHANGED}|컸|작았)|몇\s?[가-힣%]{{0,2}}(?<!까지)\s?(?:더|{_CHANGED})"
    r"|더\s?(?:많|적|높|낮|컸|크|작)")
_YEAR_BEFORE = re.compile(r"전년|지난해|작년|한 해 전")
_ASKS_PERCENT = re.compile(r"%|퍼센트|비율|[률율](?:은|는|이|가)?\s")
_ASKS_COUNT = re.compile(r"몇\s?(명|개|곳|건|회|가구|대|권|장)")
_ASKS_AMOUNT = re.compile(r"규모|예산|금액|돈|비용|사업비|얼마(?!나)")
# How long: "찾는 시간이", "작성 기간은", "얼마나 걸렸" (not "시간제", "근무시간표"); read as a count of time units.
_ASKS_TIME = re.compile(r"(?:시간|기간)(?:이|은|는|을|도)?\s|(?:시간|기간)$|걸리|걸렸|걸린")


@dataclass(frozen=True)
class _Reading:
    """One figure of a cited passage, read as the value of one year."""

    year: int
    figure: Figure
    value: Decimal
    unit: str
    match: int  # question terms in the figure's label (the sentence's, for a figure with no label of its own)
    n: int      # the citation that states it


def asks_for_difference(question: str) -> bool:
    """Whether the question asks how much something changed or differs.

    >>> [asks_for_difference(q) for q in ("그늘막이 2023년보다 2024년에 몇 개 많아졌어?", "2024년 예산은?",
    ...                                    "2025년에 몇 명이었고, 2026년엔 몇 명까지 늘리려고 해?", "몇 명 더 늘어?")]
    [True, False, False, True]
    """
    return bool(_ASKS_DIFFERENCE.search(question))


def compared_years(question: str) -> list[int]:
    """The years a question compares: those it writes, and the year before when it names one year and
    "전년" ("2025년 예산은 전년보다 얼마나 늘었어?" compares 2024 and 2025).

    >>> compared_years("2025년 예산은 전년보다 얼마나 늘었어?"), compared_years("2023년과 2024년 중 언제가 더 높았나요?")
    ([2024, 2025], [2023, 2024])
    """
    years = sorted(years_named(question))
    if len(years) == 1 and _YEAR_BEFORE.search(question):
        years.insert(0, years[0] - 1)
    return years


def difference_sentence(question: str, answer: list[AnswerSentence],
                        citations: list[Citation]) -> AnswerSentence | None:
    """The sentence stating the asked difference between the two years the question names, from the figures
    of the passages the answer cites — or, when it names no two years, between the two figures one cited
    sentence compares ("이용자는 3.1%로 비이용자(7.4%)보다 낮았다"); None unless the question asks for a
    difference and the two figures are clear."""
    if not asks_for_difference(question):
        return None
    years = compared_years(question)
    if len(years) != 2:
        return _compared_in_one_sentence(question, answer, citations) or \
            _compared_across_sentences(question, answer, citations)
    terms = set(content_morphemes(question)) - {f"{y}" for y in years}
    cited = {n for s in answer if s.supported for n in s.citations}
    readings = [r for c in citations if c.n in cited for r in _readings(c, terms) if r.year in years]
    asked = _asked_kind(question)
    pair = _clear_pair([r for r in readings if asked is None or _is_kind(r, asked)], years)
    if pair is None:
        return None
    first, second = pair
    if first.value == second.value or _stated(first.value - second.value, answer):
        return None
    return AnswerSentence(text=_phrase(first, second), citations=sorted({first.n, second.n}))


# "비이용자(7.4%)보다", "전체 평균 12.0%에 비해": the figure a sentence compares another one against.
_BASELINE = re.compile(r"^\)?\s?(?:보다|에\s?비해|에\s?비하여|대비)")
# A bar or a goal, not a value measured before or after: "90%에 못 미치는", "30분 이상", "목표 2,000명".
_LIMIT = re.compile(r"^\s?(?:에\s?못\s?미치|에\s?못\s?미쳐|이상|이하|미만|초과|을\s?넘|를\s?넘|까지|내외)")
_TARGET = re.compile(r"목표")  # not "기준": "2025년 말 기준 88종" is a value as of a date
# A change the sentence states itself ("300명 늘었다", "4.3%p 낮았다"): its two figures are not a pair to subtract.
_STATED_CHANGE = re.compile(r"^\s?(?:p|포인트|이|가)?\s?(?:더\s?)?(?:늘|줄|증가|감소|많|적|높|낮|상승|하락|확대|축소|커|작)")


def _compared_in_one_sentence(question: str, answer: list[AnswerSentence],
                              citations: list[Citation]) -> AnswerSentence | None:
    """The difference of the two figures (of the asked kind) that one cited sentence sets against each other
    with "보다" — the only such pair the cited passages hold; None when there is none, or more than one."""
    asked = _asked_kind(question)
    sentences = _cited_sentences(answer, citations)
    pairs = {(pair, sentence) for n, sentence in sentences
             if (pair := _compared_pair(sentence, asked, n)) is not None}
    if len({(a.value, b.value) for (a, b), _ in pairs}) != 1:
        return None
    (first, second), sentence = next(iter(pairs))
    if not _about_what_is_asked(question, sentence, [s for _, s in sentences if s != sentence], asked):
        return None
    if _stated(first.value - second.value, answer):
        return None
    return AnswerSentence(text=_difference_of(first.figure.raw, second.figure.raw, first, second),
                          citations=[first.n])


def _compared_across_sentences(question: str, answer: list[AnswerSentence],
                               citations: list[Citation]) -> AnswerSentence | None:
    """The difference of a before and an after stated in two cited sentences ("질의 한 건당 평균 38분이 걸렸다",
    "근거를 찾는 시간은 9분으로 줄었고" for "AI 검색 도구를 쓰기 전과 후에 얼마나 차이 나?"): only when they are the
    one pair of figures of one unit (of the kind the question asks, when it says) the cited sentences hold,
    each sentence names something of the question, and no cited sentence states a change of its own."""
    asked = _asked_kind(question)
    terms = set(content_morphemes(question))
    sentences = _cited_sentences(answer, citations)
    found: list[tuple[_Reading, int]] = []
    for i, (n, sentence) in enumerate(sentences):
        for reading in _quantities(sentence, n):
            if asked is not None and not _is_kind(reading, asked):
                continue
            after = sentence[reading.figure.start + len(reading.figure.raw):]
            if _STATED_CHANGE.match(after) or reading.unit == "%p":
                return None  # the sources state a change themselves: nothing to work out
            if _LIMIT.match(after) or _TARGET.search(sentence[:reading.figure.start][-8:]):
                continue  # "정답률이 90%에 못 미치는 분야", "목표 2,000명": a bar, not a measured value
            found.append((reading, i))
    grouped = [[(r, i) for r, i in found if (r.figure.kind, r.unit) == unit]
               for unit in {(r.figure.kind, r.unit) for r, _ in found}]
    paired = [group for group in grouped if len(group) > 1]
    if len(paired) != 1 or len(paired[0]) != 2:
        return None
    (first, i), (second, j) = paired[0]
    if i == j or first.value == second.value or _stated(first.value - second.value, answer):
        return None
    if not all(terms & set(content_morphemes(sentences[k][1])) for k in (i, j)):
        return None
    a, b = (_as_written(r, sentences[k][1]) for r, k in ((first, i), (second, j)))
    return AnswerSentence(text=_difference_of(a, b, first, second), citations=sorted({first.n, second.n}))


def _cited_sentences(answer: list[AnswerSentence], citations: list[Citation]) -> list[tuple[int, str]]:
    """Each sentence of the passages the answer's supported sentences cite, as an answer reads it, with its
    citation number."""
    cited = {n for s in answer if s.supported for n in s.citations}
    return [(c.n, sentence) for c in citations if c.n in cited
            for sentence in split_sentences(clean_for_answer(c.quote, c.context or ""))]


def _difference_of(a: str, b: str, first: _Reading, second: _Reading) -> str:
    """"3.1%, 7.4%의 차이는 4.3%p입니다." — a comma, not "와": the judge reads a sentence without its figures, and a
    bare "와" left behind would count as a word no source has."""
    return f"{a}, {b}의 차이는 {written(abs(second.value - first.value), first)}입니다."


def _as_written(reading: _Reading, sentence: str) -> str:
    """The figure with the "평균" its sentence puts before it ("한 건당 평균 38분"): an average is not a total
    (``generate.binding``), and the difference is of averages."""
    return f"평균 {reading.figure.raw}" if given_as_average(sentence, reading.figure) else reading.figure.raw


def _about_what_is_asked(question: str, sentence: str, others: list[str],
                         asked: tuple[str, str | None] | None) -> bool:
    """Whether the comparing sentence names something of the question that no other cited sentence with a
    figure of the asked kind names: asked about 요양시설 입소율, "퇴원 뒤 6개월 안에 요양시설에 들어간 비율도 이용자는
    3.1%로 …" names "들어가", which the 재입원율 sentence beside it does not; asked about 재입원율, it names
    nothing the 재입원율 sentence does not, and its pair is not the one asked for."""
    terms = set(content_morphemes(question))
    rivals = [o for o in others if any(asked is None or _is_kind(r, asked) for r in _quantities(o))]
    elsewhere = set().union(*(set(content_morphemes(o)) for o in rivals)) if rivals else set()
    return not rivals or bool((terms & set(content_morphemes(sentence))) - elsewhere)


def _quantities(sentence: str, n: int = 0) -> list[_Reading]:
    """The sentence's figures that have a value and a unit, read with no year (citation ``n``)."""
    return [_Reading(0, f, *q, 0, n) for f in extract_figures(sentence) if (q := value_and_unit(f)) is not None]


def _compared_pair(sentence: str, asked: tuple[str, str | None] | None, n: int) -> tuple[_Reading, _Reading] | None:
    """The sentence's two quantities of one kind and unit when one is the other's baseline ("…보다") and the
    sentence states no change of its own; None otherwise."""
    readings = []
    for reading in _quantities(sentence, n):
        after = sentence[reading.figure.start + len(reading.figure.raw):]
        if _STATED_CHANGE.match(after) or reading.unit == "%p":
            return None
        readings.append((reading, bool(_BASELINE.match(after))))
    units = {(r.figure.kind, r.unit) for r, _ in readings if asked is None or _is_kind(r, asked)}
    grouped = [[(r, baseline) for r, baseline in readings if (r.figure.kind, r.unit) == unit] for unit in units]
    paired = [group for group in grouped if len(group) == 2]
    if len(paired) != 1 or any(len(group) > 2 for group in grouped) or not any(b for _, b in paired[0]):
        return None
    (a, _), (b, _) = paired[0]
    return (a, b) if a.value != b.value else None


def _readings(citation: Citation, terms: set[str]) -> list[_Reading]:
    text = clean_for_answer(citation.quote, citation.context or "")
    doc_year = citation.date.year if citation.date else None
    sentence_terms = set(content_morphemes(text))
    out = []
    for figure in extract_figures(text):
        quantity = value_and_unit(figure)
        if quantity is None:
            continue
        label = figure_label(text, figure)
        years = years_written_or_relative(label, "", doc_year) or years_spoken_of(text, "", doc_year)
        if len(years) != 1:
            continue
        label_terms = set(content_morphemes(label)) or sentence_terms
        out.append(_Reading(next(iter(years)), figure, *quantity, len(terms & label_terms), citation.n))
    return out


def _clear_pair(readings: list[_Reading], years: list[int]) -> tuple[_Reading, _Reading] | None:
    """The best-labelled figure of each year for the one unit both years state (of the kind the question
    asks, when it says); None when a year holds two values labelled equally well in any unit (the figures are
    unclear), or two units qualify."""
    pairs = []
    for unit in sorted({(r.figure.kind, r.unit) for r in readings}):
        per_year = [[r for r in readings if (r.figure.kind, r.unit) == unit and r.year == y] for y in years]
        if not all(per_year):
            continue
        first, second = (_best(found) for found in per_year)
        if first is None or second is None:
            return None
        pairs.append((first, second))
    return pairs[0] if len(pairs) == 1 else None


def _asked_kind(question: str) -> tuple[str, str | None] | None:
    """The kind of figure (and unit) the question asks about, when it says: "몇 명" a count of 명, "비율" a
    percentage, "규모"/"예산" an amount in 원; None when it does not ("얼마나 더 컸나요").

    >>> _asked_kind("몇 명 더 늘어?"), _asked_kind("비율 차이가 얼마나 나?"), _asked_kind("빚 규모는 얼마나 차이 나?")
    (('count', '명'), ('percent', None), ('amount', '원'))
    >>> _asked_kind("예산안 심사 때 근거를 찾는 시간이 도입 전과 후에 얼마나 차이 나?")
    ('duration', None)
    """
    if _ASKS_PERCENT.search(question):
        return "percent", None
    counted = _ASKS_COUNT.search(question)
    if counted:
        return "count", counted.group(1)
    if _ASKS_TIME.search(question):  # before "예산": "예산안 심사 때 … 찾는 시간이 얼마나 차이 나?"
        return "duration", None
    if _ASKS_AMOUNT.search(question):
        return "amount", "원"
    return None


def _is_kind(reading: _Reading, asked: tuple[str, str | None]) -> bool:
    kind, unit = asked
    if kind == "duration":
        return reading.figure.kind == "count" and reading.unit in DURATION_UNITS
    return reading.figure.kind == kind and (unit is None or reading.unit == unit)


def _best(readings: list[_Reading]) -> _Reading | None:
    if not readings:
        return None
    top = max(r.match for r in readings)
    values = {r.value for r in readings if r.match == top}
    return next(r for r in readings if r.match == top) if top > 0 and len(values) == 1 else None


def _stated(difference: Decimal, answer: list[AnswerSentence]) -> bool:
    """Whether the answer already states the difference (the model may have worked it out itself)."""
    stated = map(value_and_unit, extract_figures(" ".join(s.text for s in answer if s.supported)))
    return any(quantity[0] == abs(difference) for quantity in stated if quantity)


def _phrase(first: _Reading, second: _Reading) -> str:
    """"2023년 214억 원과 2024년 263억 원의 차이는 49억 원입니다." — only words the support judge finds in
    the two passages, besides "차이"; the figures show which is larger."""
    and_ = "과" if has_final_consonant(first.figure.raw) else "와"  # "510개와", "263억 원과", "94.6%와"
    return (f"{first.year}년 {first.figure.raw}{and_} {second.year}년 {second.figure.raw}의 차이는 "
            f"{written(abs(second.value - first.value), first)}입니다.")


def written(value: Decimal, like: _Reading) -> str:
    """A value written as Korean releases write it, in the unit of the figures it was worked out from.

    >>> r = _Reading(2024, extract_figures("263억 원")[0], Decimal(26300000000), "원", 1, 1)
    >>> written(Decimal(4900000000), r), written(Decimal(123400000000), r), written(Decimal(35000000), r)
    ('49억 원', '1,234억 원', '3,500만 원')
    >>> written(Decimal(890000000000 + 10**12), r), written(Decimal(2 * 10**12), r)
    ('1조 8,900억 원', '2조 원')
    >>> p = _Reading(2024, extract_figures("94.6%")[0], Decimal("94.6"), "%", 1, 1)
    >>> written(Decimal("3.3"), p), written(Decimal(1500), _Reading(2024, extract_figures("2,000명")[0], Decimal(2000), "명", 1, 1))
    ('3.3%p', '1,500명')
    """
    number = value.normalize()
    if like.figure.kind == "percent":
        return f"{_plain(number)}%p"
    if like.unit == "원" and number >= 10**12 and number % 10**8 == 0:
        trillions, rest = divmod(number, 10**12)
        return f"{_plain(trillions)}조 {_plain(rest / 10**8)}억 원" if rest else f"{_plain(trillions)}조 원"
    if like.unit == "원" and number >= 10**8 and number % 10**8 == 0:
        return f"{_plain(number / 10**8)}억 원"
    if like.unit == "원" and number >= 10**4 and number % 10**4 == 0:
        return f"{_plain(number / 10**4)}만 원"
    return f"{_plain(number)}{like.unit}"


def _plain(value: Decimal) -> str:
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
