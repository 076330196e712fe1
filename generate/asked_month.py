"""One month's figure is not answered by a figure counted over a span that holds the month.

A near-miss asks for one month of a count the documents give only over a longer span: "남강분관 문 연 10월 한 달
동안에만 관람객 몇 명 왔어요?" finds "10월 1일 개관한 남강분관에는 11월 30일까지 관람객 7만 2,400명이 다녀갔다"
(the first two months), and "8월 한 달에만 몇 번 했어요?" finds the season's total. The figure is true of the span,
its passage names the month, and the citation check passes. Here a quote states the month's own figure when it
names that month and no other (a span "10월 1일 … 11월 30일까지" names two), or when it is a table row under a header
naming the month as a column; asked of quotes naming none so, the service declines (docs/measurements.md,
"Answers"). Asked and answered by the fresh sets' six questions of the kind (fresh-12's qh2-007 … fresh-28's rh2-004).
"""

from __future__ import annotations

import re

from generate.asked_measure import asks_a_figure

# "10월 한 달(만/동안)", "8월에만", "10월 한 달 동안에만": one month singled out. "10월부터" starts a span.
_ONE_MONTH = re.compile(r"(?<![\d.])(1[0-2]|[1-9])\s?월\s?(?:한\s?달|에만|달에만)")
_MONTHS = re.compile(r"(?<![\d.])(1[0-2]|[1-9])\s?월|(?<!\d)(?:19|20)\d{2}\.\s?(1[0-2]|[1-9])\.")
# A span written without a second month: "두 달 동안", "3개월간", "개관 두 달 만에".
_SPAN_WORDS = re.compile(r"(?:두|세|네|[2-9]|1[0-2])\s?(?:달|개월)|분기|상반기|하반기|반기|연간|한\s?해")


def months_asked(question: str) -> list[int]:
    """The months a question asks a figure for, each singled out ("10월 한 달 동안에만", "10월 한 달이랑 11월 한
    달 … 각각"); empty otherwise.

    >>> months_asked("남강분관 문 연 10월 한 달 동안에만 관람객 몇 명 왔어요?"), months_asked("2025년 8월 한 달에만 몇 번 했어요?")
    ([10], [8])
    >>> months_asked("10월부터 관람객이 몇 명 왔어요?"), months_asked("10월 한 달 동안 어디서 열렸어요?")
    ([], [])
    >>> months_asked("남강분관 개관하고 10월 한 달이랑 11월 한 달 관람객이 각각 몇 명이었어요?")
    [10, 11]
    """
    if not asks_a_figure(question):
        return []
    return sorted({int(m.group(1)) for m in _ONE_MONTH.finditer(question)})


def months_named(text: str) -> set[int]:
    """The months a text names ("10월", "11월 30일", "2025. 10."), a span's start and end both."""
    return {int(m.group(1) or m.group(2)) for m in _MONTHS.finditer(text)}


def states_the_month(month: int, text: str, header: str = "") -> bool:
    """Whether a quote gives that month's own figure: it names the month and no other, and no span of months
    ("두 달 동안"); or it is a table row whose header names the month as a column.

    >>> states_the_month(10, "10월 1일 개관한 남강분관에는 11월 30일까지 관람객 7만 2,400명이 다녀갔다.")
    False
    >>> states_the_month(10, "개관 첫 달인 10월 관람객은 4만 1천 명이었다."), states_the_month(10, "관람객 | 41,000 | 31,400", "구분 | 10월 | 11월")
    (True, True)
    >>> states_the_month(10, "개관 두 달 만에 관람객 7만 2천 명이 다녀갔다."), states_the_month(10, "10월 | 41,000", "월 | 관람객")
    (False, True)
    >>> states_the_month(10, "개관 당일인 10월 1일 오후 3시에는 시민 300명을 초청한 개관식이 열린다.")
    False
    >>> states_the_month(10, "10월 1일부터 31일까지 관람객은 4만 1천 명이었다.")
    True
    """
    if month in months_named(header):
        return True
    named = months_named(text)
    return named == {month} and not _SPAN_WORDS.search(text) and not _one_day_of(month, text)


# "10월 1일 오후 3시에는 시민 300명을 초청한 개관식": a day of the month, whose figure is the day's; "10월 1일부터
# 31일까지" spans the month.
_DAY_SPAN = re.compile(r"부터|까지|~|∼")


def _one_day_of(month: int, text: str) -> bool:
    """Whether ``text`` names the month only with one day of it, and no span of days (fresh-38's rr2-001)."""
    mentions = list(re.finditer(rf"(?<![\d.]){month}\s?월(\s?\d{{1,2}}\s?일)?", text))
    return bool(mentions) and all(m.group(1) for m in mentions) and not _DAY_SPAN.search(text)


__all__ = ["months_asked", "months_named", "states_the_month"]
