"""A question asking which one is the most is answered only by a passage that ranks them.

Near-misses ask which district, month or language came first ("고독사 112명 중에 어느 구에서 제일 많이 나왔어요?",
"상담이 제일 많이 들어온 달이 몇 월이에요?") of a total the archive never breaks down. The passages give the total
("고독사는 112명으로") or the year's count, and both the extractive answer and the model quote it as though it
answered. A passage answers when it ranks — "가장", "제일", "최다", "1위" — or is a table row, whose cells can be
compared; otherwise the service declines (``Answerer._extractive_pick``). When a table ranks them, the row asked for
("평균 월 임대료가 가장 싼 자치구") is found here, over the whole table (``extreme_row``), not left to the order the
evidence quotes the rows in nor to the model's reading of the cells.
"""

from __future__ import annotations

import re

from core.textnorm import is_whole_row

# "제일 많이", "가장 오래", "제일 큰" — the superlative asked …
_MOST = re.compile(r"(제일|가장)\s*(많|적|높|낮|크|큰|작|오래|길|짧|빠르|늦|붐비|인기|싼|싸|저렴|비싼|비싸)")
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


# Which end of the column is asked: "가장 싼" the least, "가장 비싼" the most ("비싼" holds "싼": read first).
_LEAST = re.compile(r"(?:제일|가장)\s*(?!비싸|비싼)(적|낮|작|짧|싼|싸|저렴)")
_GREATEST = re.compile(r"(?:제일|가장)\s*(많|높|크|큰|오래|길|비싸|비싼|붐비|인기)")
_UNIT_NOTE = re.compile(r"\(.*?\)")
_NUMBER = re.compile(r"^\s*-?\d[\d,]*(?:\.\d+)?\s*$")


def extreme_row(question: str, header: str, rows: list[str]) -> str | None:
    """Of a table's rows, the one first by the measure a "which is the most" question names: the column is the one
    whose name the words before "가장" share most (character pairs), and the row with the largest or smallest
    plain number in it — None when the question names no end, no column is named, or the first is tied.

    >>> header = "자치구 | 운영 약국(곳) | 이용 건수(건) | 하루 평균(건)"
    >>> rows = ["중앙구 | 2 | 10,240 | 28.1", "서하구 | 2 | 6,150 | 16.8", "북산구 | 2 | 6,470 | 17.7", "합계 | 10 | 41,360 | 113.3"]
    >>> extreme_row("심야약국 이용이 가장 적었던 자치구는 어디이고 몇 건이었나요?", header, rows)
    '서하구 | 2 | 6,150 | 16.8'
    >>> extreme_row("심야약국 이용이 가장 많았던 자치구는 어디야?", header, rows)
    '중앙구 | 2 | 10,240 | 28.1'
    >>> extreme_row("약국이 가장 많은 자치구는 어디야?", header, rows) is None  # every district has two
    True
    """
    least, greatest = _LEAST.search(question), _GREATEST.search(question)
    end = least or greatest
    if end is None or (least and greatest):
        return None
    column = _named_column(question[:end.start()], header)
    if column is None:
        return None
    values: list[tuple[float, str]] = []
    for row in rows:
        cells = [c.strip() for c in row.split("|")]
        if len(cells) > column and not is_whole_row(row) and _NUMBER.match(cells[column]):
            values.append((float(cells[column].replace(",", "")), row))
    if len(values) < 2:
        return None
    values.sort(key=lambda v: v[0], reverse=bool(greatest))
    return values[0][1] if values[0][0] != values[1][0] else None


def _named_column(before: str, header: str) -> int | None:
    """The one column (not the first, the rows' names) whose name shares most character pairs with the word before
    the superlative, else with the two or three words before it ("이용이 가장 적었던": 이용 건수, not 운영 약국)."""
    names = [_UNIT_NOTE.sub("", c).replace(" ", "") for c in header.split("|")][1:]
    for n in (1, 2, 3):
        words = "".join(before.split()[-n:])
        pairs = {words[i:i + 2] for i in range(len(words) - 1)}
        scores = [len(pairs & {name[i:i + 2] for i in range(len(name) - 1)}) for name in names]
        best = max(scores, default=0)
        if best and scores.count(best) == 1:
            return scores.index(best) + 1
    return None
