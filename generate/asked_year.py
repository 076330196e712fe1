"""A question about one year is not answered by a figure its passage states for another year.

The year gate (``Answerer._refusal_reason``) declines when no evidence passage speaks of the asked year. A
near-miss often gets past it: "재난안전대책본부 회의가 2025년 한 해 동안 모두 몇 번 열렸나요?" finds a 2026 case
study that writes both "2024년 한 해 47회 열렸으며" and, elsewhere, "2025. 9.~"; "2024년 여름에 더위 때문에 쓰러진
시민은 몇 명" finds a 2024 release whose "지난해 여름 온열질환자는 87명" is 2023's. The model, or the extractive
answer, then gives 47회 or 87명 — true of another year, so the citation check passes (the lead may even say
"2024년", which ``binding.misbound`` accepts: the sentence and its source agree). Here a figure's year is read
from the clause that states it in its passage — a year written there, or a relative one ("지난해", "올해") from the
document's date; "지난해보다" compares and names none — and a figure whose every statement sits in a clause of
other years does not answer. A table row is read by its header: quoted, it counts as another year's only when its
columns are all other years (its cells are bound to their years by ``binding``); a clause naming no year is not
judged (docs/measurements.md, "Answers"). Like a year, a numbered edition picks one of a recurring thing's: a
"제6차" question is not answered by "제5차" figures (``quotes_of_another_edition``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.textnorm import (
    Figure,
    counts_back_in_time,
    extract_figures,
    figure_label,
    figure_matches,
    nfc,
    years_named,
    years_written_or_relative,
)
from generate.asked_measure import asks_a_figure
from generate.plan_or_result import answering_figures, asked_units, clause_around, years_in_clause


@dataclass(frozen=True)
class Passage:
    """A passage that may state a figure: its text and its document's date (for "지난해", "올해")."""

    text: str
    date: dt.date | None
    header: str = ""  # a table row's header line (its columns' years)
    part_year: int | None = None  # the year of the document part holding it ("Ⅱ. 2024년 추진 실적")


# "2023년 대책 발표 때 보니까, 그 전해에 … 몇 명이었어?" asks 2022 (fresh-4's qw1-002); "그 이듬해" the year after.
_SHIFTED_YEAR = ((re.compile(r"그\s?전\s?해|그\s?전년"), -1), (re.compile(r"(?:그\s?)?이듬해|그\s?다음\s?해"), 1))


def the_year_asked(question: str) -> int | None:
    """The one year a question asking for a figure is about, if it names exactly one ("1년 전보다" counts back,
    names none). A question asking for a name or a place is left alone: its answer carries no figure to date.

    >>> the_year_asked("재난안전대책본부 회의가 2025년 한 해 동안 모두 몇 번 열렸나요?")
    2025
    >>> the_year_asked("2024년이랑 2025년 예산은 얼마씩이야?"), the_year_asked("1999년에 함께 출연한 영화는?")
    (None, None)
    >>> the_year_asked("2023년 대책 발표 때 보니까, 그 전해에 숨진 사람이 몇 명이었어?")
    2022
    """
    if not asks_a_figure(question):
        return None
    years = years_named(question)
    named = [f for f in extract_figures(question) if f.kind == "date" and not counts_back_in_time(question, f)]
    if len(years) != 1 or not named:
        return None
    shift = next((by for pattern, by in _SHIFTED_YEAR if pattern.search(question, named[0].start)), 0)
    return next(iter(years)) + shift


def answers_another_year(question: str, sentence: str, passages: Sequence[Passage]) -> bool:
    """The question asks about one year, and the sentence's answer — its first figure that would answer (of
    the asked measure, when the question fixes one) and that ``passages`` state — is stated by them only in
    clauses of other years. The first: "… 87명으로 집계됐으며, 이 가운데 46명이 65세 이상" answers with 87명.

    >>> report = Passage("재난안전대책본부 회의는 2024년 한 해 47회 열렸으며, 평균 23개 기관이 참석했음", dt.date(2026, 2, 10))
    >>> answers_another_year("회의가 2025년 한 해 동안 몇 번 열렸나요?", "회의는 47회 열렸습니다.", [report])
    True
    >>> answers_another_year("회의가 2024년 한 해 동안 몇 번 열렸나요?", "회의는 47회 열렸습니다.", [report])
    False
    >>> release = Passage("지난해 여름 시내 온열질환자는 87명으로 집계됐다.", dt.date(2024, 5, 28))
    >>> answers_another_year("2024년 여름 온열질환자는 몇 명이었어?", "온열질환자는 87명입니다.", [release])
    True
    >>> answers_another_year("2023년 여름 온열질환자는 몇 명이었어?", "온열질환자는 87명입니다.", [release])
    False

    A clause naming no year tells of its document's year, when that is earlier than the asked one.

    >>> eased = Passage("소득 기준이 중위소득 150% 이하로 넓어진다.", dt.date(2025, 2, 10))
    >>> asked = "2026년 3월에 바뀐 청년 월세 소득 기준은 중위소득 몇 %야?"
    >>> answers_another_year(asked, "중위소득 150% 이하입니다.", [eased])
    True
    >>> answers_another_year(asked.replace("2026", "2025"), "중위소득 150% 이하입니다.", [eased])
    False
    """
    year = the_year_asked(question)
    if year is None:
        return False
    for claim in answering_figures(sentence, asked_units(question)):
        years = [_clause_years(p, f, year)
                 for p in passages if "|" not in p.text for f in extract_figures(p.text) if figure_matches(claim, f)]
        if years:
            return all(ys and year not in ys for ys in years)
    return False


def quotes_of_another_year(question: str, passages: Sequence[Passage]) -> bool:
    """Of quoted evidence sentences: some state a figure that would answer, and each states its answer only in
    clauses of years other than the one asked — quoting them would answer another year. A table row among them
    whose header names no year, or the asked one, is not judged, and it may answer: then they are not either.

    >>> quotes_of_another_year("2024년 여름 온열질환자는 몇 명이었어?",
    ...                        [Passage("지난해 여름 시내 온열질환자는 87명으로 집계됐다.", dt.date(2024, 5, 28)),
    ...                         Passage("시는 무더위 쉼터를 운영한다.", dt.date(2024, 5, 28))])
    True
    >>> quotes_of_another_year("2025년 동림구 배정 인원은 몇 명이야?",
    ...                        [Passage("동림구 | 310 | 620", dt.date(2025, 2, 10), "구분 | 2024년 | 2025년"),
    ...                         Passage("올해 배정 인원은 동림구 310명이다.", dt.date(2024, 2, 20))])
    False

    A row whose header's columns are all other years is of other years too.

    >>> quotes_of_another_year("2023년에 정정 보고를 몇 건 했어요?",
    ...                        [Passage("정정 보고 | 7건 | 1건", dt.date(2025, 11, 25), "구분 | 2024년 | 2025년(3~10월)")])
    True
    """
    year = the_year_asked(question)
    rows = [p for p in passages if "|" in p.text and extract_figures(p.text)]
    if year is None or any(not _columns_of_other_years(p.header, year) for p in rows):
        return False
    units = asked_units(question)
    judged = [answers_another_year(question, p.text, [p]) for p in passages
              if "|" not in p.text and answering_figures(p.text, units)]
    return bool(judged or rows) and all(judged)


def _columns_of_other_years(header: str, year: int) -> bool:
    """A table's header names years for its columns, and not ``year`` ("구분 | 2024년 | 2025년(3~10월)" for 2023)."""
    years = years_named(header)
    return bool(years) and year not in years


def states_the_year(question: str, passage: Passage) -> bool:
    """The passage speaks of the asked year (written, relative, or in its table's header) and holds a figure
    that would answer.

    >>> states_the_year("2026년 사업비는 얼마야?", Passage("2026년 | 36억 원 | 136억 원", dt.date(2024, 1, 30)))
    True
    >>> states_the_year("2026년 사업비는 얼마야?", Passage("2025년 사업비 112억 원", dt.date(2025, 2, 18)))
    False

    The year must be its figure's: "… 내진율을 2027년까지 90%로 끌어올리는 …, 올해 공공시설 41곳의 내진 보강에" names
    2025 and gives 2027's target (fresh-39's rs2-018).

    >>> states_the_year("2025년 내진율은 실제로 몇 %까지 올라갔나요?",
    ...                 Passage("시는 내진율을 2027년까지 90%로 끌어올리는 계획을 마련하고, 올해 공공시설 41곳의 내진 보강에 "
    ...                         "112억 원을 투입한다고 밝혔다.", dt.date(2025, 4, 15)))
    False
    >>> states_the_year("2025년 문화패스 실제 이용률은 몇 %였어요?",
    ...                 Passage("지난해에는 이용률이 61%에 그쳐, 올해는 이용률 70%를 목표로 했다.", dt.date(2025, 3, 4)))
    True
    """
    year = the_year_asked(question)
    doc_year = passage.date.year if passage.date else None
    figures = answering_figures(passage.text, asked_units(question))
    return year is not None and year in years_written_or_relative(passage.text, passage.header, doc_year) \
        and bool(figures) and ("|" in passage.text or any(year in (_clause_years(passage, f, year) or {year})
                                                          for f in figures))  # a clause naming no year may be it


def _clause_years(passage: Passage, figure: Figure, year: int) -> set[int]:
    """The years the clause stating ``figure`` speaks of: those it writes or tells relatively, else those a clause
    naming none tells (``_year_of_a_clause_naming_none``) when ``year`` is asked."""
    return years_in_clause(passage.text, figure, passage.date.year if passage.date else None) \
        or _year_of_a_clause_naming_none(passage, year)


def _year_of_a_clause_naming_none(passage: Passage, year: int) -> set[int]:
    """A clause naming no year tells of its document part's year ("Ⅱ. 2024년 추진 실적" of the 2025 plan: its
    "1,500명 모집에 4,830명이 신청해" is no 2025 count, fresh-28's rg3-020), else of its document's: of an earlier
    year than ``year`` when the document was written before it ("소득 기준이 중위소득 150% 이하로 넓어지면서" in a
    2025 release for "2026년 3월에 바뀐 새 기준")."""
    if passage.part_year is not None:
        return {passage.part_year}
    return {passage.date.year} if passage.date and passage.date.year < year else set()




def the_edition_asked(question: str) -> str | None:
    """The one numbered edition a question asking for a figure names ("제6차 … 계절관리제", "제7회 … 축제"), as
    written without spaces.

    >>> the_edition_asked("제6차 미세먼지 계절관리제 때 초미세먼지 평균 농도는 얼마였어요?"), the_edition_asked("몇 명 왔어요?")
    ('제6차', None)
    """
    editions = _editions(question)
    return next(iter(editions)) if asks_a_figure(question) and len(editions) == 1 else None


def quotes_of_another_edition(question: str, passages: Sequence[tuple[str, str]]) -> bool:
    """Like a year, a numbered edition picks one of a recurring thing's: of the quotes, some hold a figure that
    would answer, and each labels its first such figure (the words since the figure before it, else its clause)
    with other editions of the same counter only — "제5차(2023. 12.~2024. 3.) 21.6㎍/㎥" is no 제6차 figure. A table
    row (text, header) is labelled by its header's columns.

    >>> asked = "제6차 미세먼지 계절관리제 때 초미세먼지 평균 농도는 얼마였어요?"
    >>> quotes_of_another_edition(asked, [("초미세먼지 평균 농도: 제4차 24.1㎍/㎥, 제5차 21.6㎍/㎥.", ""),
    ...                                   ("계절관리제는 12월부터 이듬해 3월까지 시행하는 제도다.", ""),
    ...                                   ("비상저감조치 발령(회) | 3 | 1", "구분 | 제4차 | 제5차")])
    True
    >>> quotes_of_another_edition(asked, [("제6차 계절관리제 기간 초미세먼지 평균 농도는 19.8㎍/㎥였다.", "")])
    False
    >>> quotes_of_another_edition(asked, [("초미세먼지 평균 농도는 19.8㎍/㎥였다.", "")])  # no edition named
    False
    """
    asked = the_edition_asked(question)
    if asked is None:
        return False
    judged = [_edition_of_answer(question, p, header, asked) for p, header in passages]
    return any(named is not None for named in judged) and \
        all(named is None or (named and asked not in named) for named in judged)


def states_the_edition(question: str, text: str, header: str = "") -> bool:
    """The asked edition labels the first figure of ``text`` that would answer."""
    asked = the_edition_asked(question)
    return asked is not None and asked in (_edition_of_answer(question, text, header, asked) or set())


def _edition_of_answer(question: str, text: str, header: str, asked: str) -> set[str] | None:
    """The editions (of the asked one's counter) labelling the first figure of ``text`` that would answer; None
    when it holds none."""
    # A table row's cells carry no unit ("월평균 이용자(명) | 61,800 | 88,400"): any figure of it is read by its header.
    figures = answering_figures(text, None if "|" in text else asked_units(question))
    if not figures:
        return None
    if "|" in text:
        return {e for e in _editions(header) if _same_counter(e, asked)}
    figure = figures[0]
    left, right = clause_around(text, figure.start, figure.start + len(figure.raw))
    label = {e for e in _editions(figure_label(text, figure)) if _same_counter(e, asked)}
    return label or {e for e in _editions(text[left:right]) if _same_counter(e, asked)}


# A half of a year picks one of a recurring count's periods as an edition does: "2025년 상반기 88,400명" is no
# 2025년 하반기 figure (fresh-41's ru2-002, a table whose columns are 2024년 하반기 and 2025년 상반기).
_HALF_YEAR = re.compile(r"((?:19|20)\d{2})\s?년\s?(상반기|하반기)")


def _editions(text: str) -> set[str]:
    """The numbered editions ``text`` names, and its halves of years: "제6차", "제 7 회" → "제7회"; "2025년 하반기"
    → "2025년하반기".

    >>> sorted(_editions("구분 | 2024년 하반기 | 2025년 상반기")), sorted(_editions("제 7 회 축제"))
    (['2024년하반기', '2025년상반기'], ['제7회'])
    """
    numbered = {f.raw.replace(" ", "") for f in extract_figures(text) if f.raw.startswith("제")
                and f.kind in ("ordinal", "period")}
    return numbered | {f"{m.group(1)}년{m.group(2)}" for m in _HALF_YEAR.finditer(text)}


def _same_counter(edition: str, asked: str) -> bool:
    """Editions of one kind: "제5차" and "제6차", "2024년하반기" and "2025년상반기" — not "제3기" and a half year."""
    half = asked.endswith("반기")
    return edition.endswith("반기") == half and (half or edition[-1] == asked[-1])


# A fiscal year's label picks one of the yearly budgets as an edition does: "2024년도 예산안 … 질문은 몇 건" is not
# answered by a case study of the 2025년도 and 2026년도 budget reviews, though it writes "2024년" too ("2025년도 예산안
# 심사(2024년 11~12월)": fresh-51's se3-014; fresh-25, -34 and -41 asked the same of other years).
_FISCAL_YEAR = re.compile(r"((?:19|20)\d{2})\s?(?:년도|회계\s?연도)")


def fiscal_years(text: str) -> set[int]:
    """The fiscal years ``text`` labels ("2025년도 예산안", "2024회계연도 결산"); plain years ("2025년") are not labels.

    >>> sorted(fiscal_years("2025년도 예산안 심사(2024년 11~12월)와 2024 회계연도 결산"))
    [2024, 2025]
    """
    return {int(m.group(1)) for m in _FISCAL_YEAR.finditer(nfc(text))}


def of_another_fiscal_year(question: str, documents: Sequence[str]) -> bool:
    """Whether the documents the answer reads label other fiscal years than the one the question labels, and none
    labels it. A document labelling no fiscal year is not judged; nor is a question labelling none, or two.

    >>> asked = "2024년도 예산안을 시의회가 심사할 때 의원 질문은 모두 몇 건이었나요?"
    >>> of_another_fiscal_year(asked, ["2025년도 예산안 심사(2024년 11~12월) 때 질의는 1,148건", "2026년도 예산안 확정"])
    True
    >>> of_another_fiscal_year(asked, ["2025년도 예산안 심사", "2024년도 예산이 13조 원으로 확정됐다"])
    False
    >>> of_another_fiscal_year(asked, ["2024년 심사 때 질의는 1,148건"]), of_another_fiscal_year("질의는 몇 건?", ["2025년도"])
    (False, False)
    """
    asked = fiscal_years(question)
    if len(asked) != 1:
        return False
    labelled = [fiscal_years(text) for text in documents]
    return any(labelled) and not any(asked <= labels for labels in labelled)
