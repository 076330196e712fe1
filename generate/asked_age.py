"""A figure asked for one age band is answered only by a figure stated for that band.

Near-misses ask a band the documents mention but give no figure of: "한빛시 25~29세 청년 고용률은 몇 %야" of a plan
that writes "청년 고용률은 2023년 44.8%로 … 낮으며, 특히 25~29세 고용 사정이 나쁨". The passage names the band and
holds a rate, so every check of names and measures passes, and the 1.5B model answers 44.8% — the rate of all
young people — or the 40.3% a 월세 table gives its 25~29세 row (a share of recipients, not employment).

The check reads a band only where the archive breaks its figures down by it: some retrieved passage names the same
band ("25~29세", "20대" — ``core.ages``). "20대가 한빛패스 끊으면 얼마야" of passages that write "만 19~39세 청년" is
about the whole group, and is left alone. A band is answered by a figure in a clause that names it ("나이는
25~29세가 39%로 가장 많았고"), or a table row that does, of the asked measure; when the question names a rate
("고용률"), the clause or the row's header must name it too ("고용").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.ages import AgeGroup, age_groups, same_group, says_own_age
from core.textnorm import VALUED_KINDS, Figure, extract_figures, nfc, table_start, value_and_unit
from generate.asked_measure import asked_measure, asks_a_figure, asks_one_thing

# A band of at most this many years is a breakdown ("25~29세", "30대"); a wider one is a whole group ("20·30대").
NARROWEST_WHOLE = 11
# "고용률", "반납율", "취업률": a rate with a name of its own (not "비율", whose stem says nothing).
_NAMED_RATE = re.compile(r"([가-힣]{2,})[률율]")


def the_band_asked(question: str) -> AgeGroup | None:
    """The one narrow age band a one-figure question asks about, if it names one.

    >>> b = the_band_asked("한빛시 25~29세 청년 고용률은 몇 %야"); (b.low, b.high)
    (25, 29)
    >>> b = the_band_asked("20대 후반(25~29세) 청년만 따로 보면 고용률이 몇 %인가요?"); (b.low, b.high)
    (25, 29)
    >>> the_band_asked("20·30대 청년 중 일하는 사람 비율은?"), the_band_asked("만 25살인데 요금은 얼마예요?")
    (None, None)
    >>> the_band_asked("20대와 60대 가운데 어느 쪽 비율이 높아?")
    """
    question = nfc(question)
    if not (asks_one_thing(question) and asks_a_figure(question)) or says_own_age(question):  # what applies to them
        return None
    groups = sorted(age_groups(question), key=lambda g: g.high - g.low)
    # "20대 후반(25~29세)": a band restated more narrowly is the narrower one; two apart ask two things.
    if not groups or any(not (g.low <= groups[0].low and groups[0].high <= g.high) for g in groups[1:]):
        return None
    return groups[0] if groups[0].high - groups[0].low < NARROWEST_WHOLE else None


# Measures that do not pass from a group to each of its bands: a share or a count of "20대와 30대" is none of 20대's,
# while a fare for "만 19~39세" is what anyone in their twenties pays.
_SPLIT_MEASURES = frozenset({"비율", "인원"})


def band_named(question: str, band: AgeGroup, texts: Sequence[str]) -> bool:
    """Whether one of ``texts`` names the band — or, for a share or a count, a wider group holding it ("20대와
    30대가 58%" for "20대만 따로 보면 비율이"): the archive breaks some figure down by age.

    >>> q = "한빛패스 가입자 중에 20대만 따로 보면 비율이 몇 퍼센트야?"
    >>> band_named(q, the_band_asked(q), ["가입자를 연령대별로 보면 20대와 30대가 58%로 가장 많았고"])
    True
    >>> q = "20대가 한빛패스 끊으면 요즘 한 달에 얼마야?"
    >>> band_named(q, the_band_asked(q), ["만 19~39세 청년 요금을 월 4만 5천 원으로"])
    False
    """
    measure = asked_measure(question)
    wider = (measure is not None and measure.name in _SPLIT_MEASURES) or "비중" in question
    return any(same_group(band, g) or (wider and g.low <= band.low and band.high <= g.high)
               for text in texts for g in age_groups(text))


def band_figure_stated(question: str, band: AgeGroup, texts: Sequence[str]) -> bool:
    """Whether one of ``texts`` states a figure of the asked measure for the band (see the module's docstring).

    >>> q = "한빛시 25~29세 청년 고용률은 몇 %야"
    >>> plan = "청년 고용률은 2023년 44.8%로 평균보다 1.6%p 낮으며, 특히 25~29세 고용 사정이 나쁨"
    >>> band_figure_stated(q, the_band_asked(q), [plan, "연령대 | 인원 | 비율\\n25~29세 | 604 | 40.3"])
    False
    >>> band_figure_stated(q, the_band_asked(q), ["25~29세 고용률은 41.2%로 가장 낮았다."])
    True
    """
    rate = _NAMED_RATE.search(question)
    stem = rate.group(1) if rate and rate.group(1) != "비" else None
    measure = asked_measure(question)
    units = measure.units if measure else None
    return any(_states(band, stem, units, text) for text in texts)


def _states(band: AgeGroup, stem: str | None, units: frozenset[str] | None, text: str) -> bool:
    from generate.plan_or_result import clause_around

    lines = nfc(text).split("\n")
    for n, line in enumerate(lines):
        if "|" in line:  # a table row: the row names the band, its header (or the row) the rate
            if _names(band, line) and (stem is None or stem in _table_header(lines, n) + line):
                return True
            continue
        ages = age_groups(line)
        for figure in extract_figures(line):
            if any(g.start <= figure.start < g.end for g in ages):
                continue  # the band's own numbers ("25~29세")
            start, end = clause_around(line, figure.start, figure.start + len(figure.raw))
            clause = line[start:end]
            if _answers(figure, units) and _names(band, clause) and (stem is None or stem in clause):
                return True
    return False


def _table_header(lines: list[str], n: int) -> str:
    """The first line of the run of table lines that holds line ``n``."""
    return lines[table_start(lines, n)]


def _names(band: AgeGroup, text: str) -> bool:
    return any(same_group(band, g) for g in age_groups(text))


def _answers(figure: Figure, units: frozenset[str] | None) -> bool:
    """The figure may be of the asked measure (``units``, when the question fixes one): its unit is one of them,
    or unread."""
    if figure.kind not in VALUED_KINDS:
        return False
    read = value_and_unit(figure)
    return read is None or units is None or read[1] in units
