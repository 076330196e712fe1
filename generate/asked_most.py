"""A question asking which one is the most is answered only by a passage that ranks them.

Near-misses ask which district, month or language came first ("고독사 112명 중에 어느 구에서 제일 많이 나왔어요?",
"상담이 제일 많이 들어온 달이 몇 월이에요?") of a total the archive never breaks down. The passages give the total
("고독사는 112명으로") or the year's count, and both the extractive answer and the model quote it as though it
answered. A passage answers when it ranks — "가장", "제일", "최다", "1위" — or is a table row, whose cells can be
compared; otherwise the service declines (``Answerer._extractive_pick``).
"""

from __future__ import annotations

import re

# "제일 많이", "가장 오래", "제일 큰" — the superlative asked …
_MOST = re.compile(r"(제일|가장)\s*(많|적|높|낮|크|큰|작|오래|길|짧|빠르|늦|붐비|인기)")
# … of which one: a district, a month, a language, a place.
_WHICH = re.compile(r"어느|어떤|어디|몇\s*월|무슨|누구|무엇|뭐")
_RANKED = re.compile(r"가장|제일|최다|최대|최고|최저|최소|최장|최단|\d\s*위(?![가-힣])|으뜸")


def asks_the_most(question: str) -> bool:
    """The question asks which one is first by some measure.

    >>> asks_the_most("2022년 고독사 112명 중에 어느 구에서 제일 많이 나왔어요?")
    True
    >>> asks_the_most("상담이 제일 많이 들어온 달이 몇 월이에요?"), asks_the_most("고독사는 몇 명이었어요?")
    (True, False)
    >>> asks_the_most("가장 많이 늘어난 사업 예산은 얼마야?")  # how much, not which
    False
    """
    return bool(_MOST.search(question) and _WHICH.search(question))


def ranks(sentence: str, table_row: bool = False) -> bool:
    """The sentence ranks what it lists, or is a table row whose cells can be compared.

    >>> ranks("상담 청년이 사는 곳은 동림구가 31%로 가장 많았다."), ranks("지난해 고독사는 112명으로 집계됐다.")
    (True, False)
    >>> ranks("중앙구 | 23 | 41", table_row=True)
    True
    """
    return table_row or bool(_RANKED.search(sentence))
