"""A result is not reported before it happened: what came of a year is not in a document written before it.

A near-miss often asks for the outcome of a year the archive holds only plans for: "AI 안부전화 서비스를 2025년 한
해 실제로 이용하신 어르신은 최종 몇 명으로 집계됐나요" finds the 2025 plan (dated 2025-02-18) and the year's
budget table, whose figures are targets; "2025년 한 해 동안 탄소 배출은 몇만 톤으로 집계됐나요" finds a
2025 plan's 2030 goal. The plan-or-result check (``plan_or_result``) reads how a figure is written, and a
table cell or a bare headline says neither. A document's date does say: a year's total cannot be in a document
dated before the year ended, nor any result of a year in one dated before the year began. The question must
ask what happened — a past-tense predicate with a whole-year span ("한 해", "1년 동안", "연간") or with a
result word ("실제로", "최종", "집계", "실적"), with a word of what only happens ("몇 명 나왔어요", "발생했나요"),
or of a year asked as last year ("작년(2025년) … 몇 건이에요", in any tense) — and ask it once: "2024년 예산은
최종 얼마" or a year's 추경 is fixed before or early in its year (a budget year, not an event's), and a two-part question
("추경으로 얼마까지 늘었고, 8월 말까지 실제로 얼마가 …") has parts a plan answers. Evidence from documents dated
before the period is set aside; when nothing on the topic is left, the service declines (``Answerer``;
docs/measurements.md, "Answers").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

_WHOLE_YEAR = re.compile(r"한\s?해|[1일]\s?년\s?(동안|간)|연간")
# A season of the year asked, and what came of it — a change or a result ("2026년 여름 풍수해 대책기간에 … 적용했을
# 텐데, 회의록 작성 시간이 얼마나 줄었나요"): not in a document written before the season began. Without the change
# or result word a season's plan answers ("2023년 여름 폭염특보 때 대기시킨 응급 차량은 몇 대"), and a month is left
# alone: a release announces "7월부터 … 늘린다" before the month.
_SEASON = re.compile(r"(?<![가-힣])(봄|여름|가을|겨울|하반기)(?:철)?(?:에|엔|에는|의|동안)?(?![가-힣])")
# "2025년 겨울" may be its first months or its last: read from January, the earlier.
_SEASON_STARTS = {"봄": 3, "여름": 6, "가을": 9, "겨울": 1, "하반기": 7}
_RESULT = re.compile(r"실제|실적|최종|결과적으로|집계")
# What only happens, never planned ("온열질환자가 몇 명 나왔어요", "사고가 몇 건 발생했나요", "쓰러지거나 병원에 실려
# 간 시민", "온열질환자는 몇 명이었어": a count of the sick is a result), and a year asked as
# past ("작년(2025년) … 몇 건이에요"; "작년보다" compares and dates nothing): results too, the latter in any tense.
_LAST_YEAR = re.compile(r"(?:작년|지난해)(?!보다|에 비해|대비)")
_HAPPENED = re.compile(r"발생|나왔|생겼|일어났|숨졌|사망|다쳤|부상|쓰러지|쓰러졌|쓰러진|실려\s?갔|실려\s?간|병에\s?걸|"
                       r"온열질환자|" + _LAST_YEAR.pattern)
# Besides a plan (``plan_or_result.ASKS_PLAN``), a budget — fixed before its year or early in it ("2024년 예산",
# "2025년 제1회 추경"): a budget year, not an event's — or what was decided ("넣기로 했", "잡혔").
_BUDGET_OR_DECIDED = re.compile(r"예산|추경|추가경정|세입|세출|기로 했|잡혔")
_PAST_ENDINGS = frozenset({"었", "았", "였", "었었", "았었"})


@lru_cache(maxsize=256)  # read once per hit of the same question
def reported_from(question: str) -> dt.date | None:
    """The earliest date a document could report the outcome the question asks for, or None when it asks
    for no outcome of one year (a plan, a budget, two things, or no year).

    >>> reported_from("AI 안부전화 서비스를 2025년 한 해 실제로 이용하신 어르신은 최종 몇 명으로 집계됐나요")
    datetime.date(2026, 1, 1)
    >>> reported_from("2025년에 열린 제7회 한빛 강변 빛축제에는 실제로 몇 명이 다녀갔나요?")
    datetime.date(2025, 1, 1)
    >>> reported_from("2024년 예산, 시가 낸 안이 의회를 통과하면서 최종적으로 얼마나 깎였어?") is None
    True
    >>> reported_from("2026년 고용보험료 지원에서 사장님이 매달 실제로 부담하는 보험료는 얼마예요?") is None
    True
    >>> reported_from("2024년 추경으로 얼마까지 늘었고, 8월 말까지 실제로 얼마가 지원됐나요?") is None
    True
    >>> reported_from("2026년 여름 풍수해 대책기간에 회의록 요약기를 적용했을 텐데, 회의록 작성 시간이 얼마나 줄었나요?")
    datetime.date(2026, 6, 1)
    >>> reported_from("2024년 여름에 한빛시에서 온열질환자 몇 명 나왔어요?")  # a particle after the season (fresh-28's rh2-010)
    datetime.date(2024, 6, 1)
    >>> reported_from("2024년 여름 한빛시 온열질환자는 몇 명이었어?")  # the sick are counted after (fresh-15's qw2-013)
    datetime.date(2024, 6, 1)
    """
    from generate.asked_measure import CHANGE, asks_one_thing
    from generate.asked_year import the_year_asked
    from generate.plan_or_result import ASKS_PLAN

    year = the_year_asked(question)
    if year is None or ASKS_PLAN.search(question) or _BUDGET_OR_DECIDED.search(question):
        return None
    if not asks_one_thing(question) or not (_past_tense(question) or _LAST_YEAR.search(question)):
        return None
    if _WHOLE_YEAR.search(question):
        return dt.date(year + 1, 1, 1)
    seasons = {_SEASON_STARTS[m.group(1)] for m in _SEASON.finditer(question)}
    result = _RESULT.search(question) or _HAPPENED.search(question)
    if len(seasons) == 1 and (CHANGE.search(question) or result):
        return dt.date(year, seasons.pop(), 1)
    return dt.date(year, 1, 1) if result else None


def written_too_early(question: str, date: dt.date | None) -> bool:
    """A document of ``date`` cannot hold the outcome ``question`` asks for (an undated one may).

    >>> q = "2025년 한 해 동안 한빛시에서 나온 탄소 배출량은 얼마였습니까?"
    >>> written_too_early(q, dt.date(2025, 2, 18)), written_too_early(q, dt.date(2026, 1, 20))
    (True, False)
    """
    since = reported_from(question)
    return since is not None and date is not None and date < since


def _past_tense(question: str) -> bool:
    """A predicate in the past: a past ending ("집계됐나요", "몇 톤이었지") or an action verb's past adnominal
    ("이용하신 어르신", "받아 간 청년").

    >>> _past_tense("실제로 이용하신 어르신은 몇 명"), _past_tense("실제로 부담하는 보험료는 얼마예요?")
    (True, False)
    """
    from core.korean import kiwi
    from generate.plan_or_result import ACTION_TAGS

    tokens = kiwi().tokenize(question)
    for i, t in enumerate(tokens):
        if t.tag == "EP" and t.form in _PAST_ENDINGS:
            return True
        if t.tag == "ETM" and t.form in ("ᆫ", "은") and i and _verb_before(tokens, i, ACTION_TAGS):
            return True
    return False


def _verb_before(tokens: Sequence[Any], i: int, verbs: frozenset[str]) -> bool:
    """The adnominal ending at ``i`` follows an action verb (an honorific 시 between them is skipped)."""
    j = i - 1
    if tokens[j].tag == "EP" and tokens[j].form == "시" and j:
        j -= 1
    return tokens[j].tag in verbs
