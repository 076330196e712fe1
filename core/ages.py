"""Age groups as a question says them and as a document writes them.

A citizen asks about "20·30대" or "20~30대"; a release writes the same people as "청년(만 19~39세)". Read as
figures, "30대" is a count (thirty vehicles) and "20" a bare number, and neither occurs in the release — so the
figure gate (``Answerer._refusal_reason``) declined a question the archive answers. Here an age group is read as
a span of years, and two spans name the same group when they nearly coincide (Jaccard ≥ ``SAME_GROUP``): 20–39
against 19–39 does, 20–29 ("20대") against 19–39 does not — a decade inside a wider range is a finer breakdown,
which the archive may well not hold ("청년 중 20대만").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from core.textnorm import nfc

SAME_GROUP = 0.8
_OLDEST = 120
# "20·30대", "20대, 30대", "20~30대", "20대와 30대": decades joined into one group. Not "20대 1" (a ratio).
# A decade's early, middle or late years: "20대 후반" are 25–29, "50~60대 초반" 50–64 (the last decade's part).
_PART = r"(?:\s?(초반|중반|후반))?"
_DECADES = re.compile(r"(?<![\d,.])([1-9]0)\s?대?\s?(?:[·,~∼-]|와|과|이랑|랑|하고)\s?([1-9]0)\s?대(?!\s?\d)" + _PART)
_DECADE = re.compile(r"(?<![\d,.])([1-9]0)\s?대(?!\s?\d)" + _PART)
_PART_YEARS = {None: (0, 9), "초반": (0, 4), "중반": (3, 6), "후반": (5, 9)}
# "19~39세", "만 19~39세", "25~29살", "19세~39세", "50세부터 64세까지".
_RANGE = re.compile(r"(?<![\d,.])(\d{1,2})\s?(?:(?:세|살)?\s?[~∼-]|(?:세|살)\s?(?:부터|에서))\s?(\d{1,2})\s?(?:세|살)")


@dataclass(frozen=True)
class AgeGroup:
    start: int  # character span in the text
    end: int
    low: int  # ages, inclusive
    high: int


def age_groups(text: str) -> list[AgeGroup]:
    """The age groups ``text`` names, joined decades first.

    >>> [(g.low, g.high) for g in age_groups("한빛패스 20·30대 요금과 만 19~39세 청년, 70대 어르신")]
    [(20, 39), (19, 39), (70, 79)]
    >>> [(g.low, g.high) for g in age_groups("20대, 30대가 쓰면")], age_groups("전기버스 2,030대, 경쟁률 20대 1")
    ([(20, 39)], [])
    >>> [(g.low, g.high) for g in age_groups("20대 후반 청년, 은퇴한 50~60대 초반, 40대 중반")]
    [(25, 29), (50, 64), (43, 46)]
    >>> [(g.low, g.high) for g in age_groups("재취업을 원하는 50세부터 64세까지의 시민")]
    [(50, 64)]
    """
    text = nfc(text)
    groups: list[AgeGroup] = []
    for pattern in (_DECADES, _RANGE, _DECADE):  # joined decades first: their parts are no groups of their own
        for m in pattern.finditer(text):
            if any(g.start <= m.start() < g.end for g in groups):
                continue
            low, high = _years_of(pattern, m)
            if 0 < low <= high < _OLDEST:
                groups.append(AgeGroup(m.start(), m.end(), low, high))
    return sorted(groups, key=lambda g: g.start)


def _years_of(pattern: re.Pattern[str], m: re.Match[str]) -> tuple[int, int]:
    """The ages a match spans: a decade runs to its ninth year ("30대": 30–39), a range is as written."""
    first = int(m.group(1))
    if pattern is _DECADE:
        early, late = _PART_YEARS[m.group(2)]
        return first + early, first + late
    last = int(m.group(2))
    return (first, last + _PART_YEARS[m.group(3)][1]) if pattern is _DECADES else (first, last)


def same_group(a: AgeGroup, b: AgeGroup) -> bool:
    """Whether two age groups name nearly the same people (Jaccard of their year spans ≥ ``SAME_GROUP``).

    >>> same_group(AgeGroup(0, 0, 20, 39), AgeGroup(0, 0, 19, 39)), same_group(AgeGroup(0, 0, 20, 29), AgeGroup(0, 0, 19, 39))
    (True, False)
    """
    shared = min(a.high, b.high) - max(a.low, b.low) + 1
    union = max(a.high, b.high) - min(a.low, b.low) + 1
    return shared > 0 and shared / union >= SAME_GROUP


def group_of(text: str, start: int) -> AgeGroup | None:
    """The age group of ``text`` whose span holds the character at ``start`` (a figure of the group)."""
    return next((g for g in age_groups(text) if g.start <= start < g.end), None)


# "만 25살인데", "27세면", "31살도", "20대인데": the asker's own age, said to ask what applies to them.
# "20대 청년인데", "25살 대학생이에요": the asker may name what they are between the age and the copula.
_OWN_AGE = re.compile(r"(?<![\d,.~∼-])(?:만\s?)?(\d{1,3}(?=\s?[세살])|[1-9]0(?=\s?대))\s?(세|살|대)\s?"
                      r"(?:(?:청년|직장인|대학생|학생|어르신|시민|주민)\s?)?(?:인데|이면|면|이라면|"
                      r"이라서|이어도|이라도|이에요|예요|입니다|이고|도)(?![가-힣](?<!요))")


# "만 25세 청년은 … 얼마를 내야 하나요": one person of that age, asked what applies to them (fresh-38's rr2-009) —
# unless people are counted ("만 25세 청년은 몇 명이 신청했어?": a group).
_ONE_OF_AGE = re.compile(r"(?<![\d,.~∼-])(?:만\s?)?(\d{1,3})\s?(세|살)\s?(?:청년|직장인|대학생|학생|어르신|시민|주민)"
                         r"(?:은|는|이|가|도|이면|인데)?(?![가-힣])")
_COUNTS_PEOPLE = re.compile(r"몇\s*명|인원|사람\s?수")


def says_own_age(text: str) -> bool:
    """Whether the asker gives their own age ("만 25살인데", "20대인데").

    >>> says_own_age("20대인데 한빛패스 요금 얼마예요?"), says_own_age("25~29세 고용률은 몇 %야")
    (True, False)
    >>> says_own_age("세계 100대도시 평가에서 몇 회 1위를 했나?"), says_own_age("저 30대인데요, 신청돼요?")
    (False, True)
    """
    return _OWN_AGE.search(nfc(text)) is not None


def own_age_within(text: str, start: int, texts: Iterable[str]) -> bool:
    """Whether the figure at ``start`` is an age the asker gives as their own ("만 25살인데") and one of ``texts``
    names an age group holding it ("만 19~39세"): what the archive says of the group applies to them. A group
    asked about ("20대 청년은 몇 명") is not one person and stays with ``age_group_written``.

    >>> q = "만 25살인데 한빛패스 지금 충전하면 한 달에 얼마 내면 돼요?"
    >>> own_age_within(q, 0, ["만 19~39세 청년 요금을 월 4만 5천 원으로"]), own_age_within(q, 0, ["만 65세 이상"])
    (True, False)
    >>> own_age_within("만 25세 청년은 몇 명이 신청했어?", 0, ["만 19~39세 청년 4,830명이 신청"])
    False
    >>> own_age_within("20대인데 한빛패스 한 달 요금 요즘 얼마예요?", 0, ["만 19~39세 청년 요금을 월 4만 5천 원으로"])
    True
    >>> own_age_within("20대 청년인데, 한빛패스 한 달 이용 요금이 지금은 얼마인가요?", 0, ["만 19~39세 청년 요금"])
    True
    >>> q = "한빛패스를 쓰는 만 25세 청년은 요즘 한 달에 얼마를 내야 하나요?"
    >>> own_age_within(q, q.index("25"), ["만 19~39세 청년 요금을 월 4만 5천 원으로"])
    True
    """
    m = next((m for m in _OWN_AGE.finditer(nfc(text)) if m.start() <= start < m.end()), None)
    if m is None and not _COUNTS_PEOPLE.search(text):
        m = next((m for m in _ONE_OF_AGE.finditer(nfc(text)) if m.start() <= start < m.end()), None)
    if m is None:
        return False
    low = int(m.group(1))
    high = low + 9 if m.group(2) == "대" else low  # "20대인데": all of the decade
    return any(g.low <= low and high <= g.high for t in texts for g in age_groups(t))


def age_group_written(group: AgeGroup, texts: Iterable[str]) -> bool:
    """Whether one of ``texts`` names the same age group, in any of the ways above.

    >>> q = "한빛패스 20·30대 요금은 요즘 한 달에 얼마 내면 돼?"
    >>> age_group_written(group_of(q, q.index("20")), ["청년(만 19~39세)은 월 4만 5천 원"])
    True
    >>> age_group_written(group_of("20대는?", 0), ["청년(만 19~39세)은 월 4만 5천 원"])
    False
    """
    return any(same_group(group, other) for text in texts for other in age_groups(text))
