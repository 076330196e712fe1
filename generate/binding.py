"""Whether an answer sentence binds each figure it states to the column and the year its passage gives it.

The support check (``evaluation.judge.support``) asks whether a cited passage states every figure of a
sentence. A table row states several figures side by side, and a plan several years', so "2024년 사회서비스형
일자리는 5,800개" passes against "사회서비스형 | 4,700 | 5,800" under "구분 | 2024년 | 2025년" although 5,800 is
2025's count — the slip the embedded 1.5B model makes most when it reads a flattened row (docs/measurements.md, "Answers").
The checks:
- column: a figure from a cited row is read under the column whose year the words before it name; columns
  computed from the others (증감, 합계, 비율 …), and figures a prose citation also states, are not judged;
- row: a figure from a cited row is not read under the name of another row of its table among the sources;
- year: a sentence naming one year fails when every cited passage stating its figure speaks of other years;
- average: a figure every cited passage gives as an average ("하루 평균") is stated without "평균";
- change: "A에서 B로" joins two figures of different measures that no cited passage states together.
"""

from __future__ import annotations

import re
from itertools import pairwise

from core.textnorm import (
    DURATION_UNITS,
    QUANTITY_KINDS,
    VALUED_KINDS,
    Figure,
    extract_figures,
    figure_label,
    figure_matches,
    starts_word,
    states_cell,
    value_and_unit,
    years_named,
    years_written_or_relative,
)
from generate.types import Citation

# Columns computed from the others: a difference, a total or a rate is read with any of them.
_DERIVED = re.compile(r"증감|합계|소계|^계$|총계|차이|변화|증가|감소|비중|대비|률|율")


def misbound(sentence: str, citations: list[Citation], others: list[Citation] | None = None) -> bool:
    """Whether some figure of ``sentence`` that the citations state only in table rows sits, in the
    sentence, under the name of a column or a row that does not hold it; or the sentence pins its figures to
    one year while every cited passage stating one of them speaks of other years. ``others`` are the
    answer's other sources: their rows of a cited row's table name the rows a sentence may mean.

    >>> row = Citation(n=1, chunk_id="c", doc_id="d", title="t", source_path="p", start=0, end=1,
    ...                quote="사회서비스형 | 4,700 | 5,800 | 1,100", context="구분(개) | 2024년 | 2025년 | 증감")
    >>> misbound("2024년 사회서비스형 일자리는 5,800개였습니다.", [row])
    True
    >>> misbound("2024년 4,700개에서 2025년 5,800개로 1,100개 늘었습니다.", [row])
    False
    >>> other = row.model_copy(update={"n": 3, "quote": "공익활동형 | 22,300 | 23,400 | 1,100"})
    >>> misbound("2025년 공익활동형 일자리는 5,800개입니다.", [row, other])
    True
    >>> plan = Citation(n=2, chunk_id="c", doc_id="d", title="t", source_path="p", start=0, end=1,
    ...                 quote="지원 인원을 2024년 1,500명에서 2029년 5,000명까지 늘림")
    >>> misbound("2025년 지원 인원은 1,500명입니다.", [plan]), misbound("2024년 지원 인원은 1,500명입니다.", [plan])
    (True, False)
    """
    return _misread_column(sentence, citations) or _misread_row(sentence, citations, others or []) or \
        _misdated(sentence, citations) or _average_read_as_total(sentence, citations) or \
        _change_of_unstated_measures(sentence, citations)


# "24시간에서 9시간으로", "52.0%에서 78.5%까지": a change from the first figure to the second.
_CHANGE_FROM = re.compile(r"에서\s*\S{0,8}\s*$")
_CHANGE_TO = re.compile(r"\s*(?:으로|로|까지)")


def _change_of_unstated_measures(sentence: str, citations: list[Citation]) -> bool:
    """A change "A에서 B로" between figures of two different measures that no cited passage states together:
    "제작 시간은 9시간에서 48회로 늘렸고" glued from "24시간에서 9시간으로 줄었고" and another passage's "48회". The
    sources state every change the model copies (on stops 30–31's embedded runs, 40 of 41 such pairs stood in one
    cited passage); a change between two figures of one measure taken from two passages ("2023년 6,200명에서
    2024년 5,800명으로") is the model comparing them and is left to the other checks.

    >>> time = Citation(n=1, chunk_id="c", doc_id="d", title="t", source_path="p", start=0, end=1,
    ...                 quote="한 벌 제작 시간은 24시간에서 9시간으로 줄었다.")
    >>> held = time.model_copy(update={"n": 2, "quote": "설명회는 모두 48회 열었다."})
    >>> misbound("제작 시간은 9시간에서 48회로 늘었다.", [time, held])
    True
    >>> misbound("제작 시간은 24시간에서 9시간으로 줄었다.", [time, held])
    False
    """
    figures = [f for f in extract_figures(sentence) if f.kind in QUANTITY_KINDS]
    for before, after in pairwise(figures):
        between = sentence[before.start + len(before.raw):after.start]
        if not _CHANGE_FROM.match(between) or not _CHANGE_TO.match(sentence[after.start + len(after.raw):]):
            continue
        if _same_measure(before, after):
            continue
        if not any(_states(c, before) and _states(c, after) for c in citations):
            return True
    return False


def _same_measure(a: Figure, b: Figure) -> bool:
    read_a, read_b = value_and_unit(a), value_and_unit(b)
    if a.kind != b.kind or read_a is None or read_b is None:
        return False
    return read_a[1] == read_b[1] or {read_a[1], read_b[1]} <= DURATION_UNITS


def _states(citation: Citation, figure: Figure) -> bool:
    return any(figure_matches(figure, g) for g in extract_figures(f"{citation.context or ''} {citation.quote}"))


# "하루 평균 1,370명", "월평균 61,800명": the words right before a figure that make it an average.
_AVERAGE = re.compile(r"평균\s*$")
_AVERAGED_KINDS = ("count", "amount", "measure", "number")


def _average_read_as_total(sentence: str, citations: list[Citation]) -> bool:
    """A figure every cited passage gives as an average is stated without "평균": "문 연 뒤 두 달 동안 1,370명꼴로
    찾은 셈" from "하루 평균 1,370명꼴", "한 해 동안 보도자료 5.0건" from "하루 평균 5.0건". A percentage is left
    alone ("평균 34.2% 줄었다" read as "34.2% 줄었다" keeps its meaning).

    >>> avg = Citation(n=1, chunk_id="c", doc_id="d", title="t", source_path="p", start=0, end=1,
    ...                quote="문을 연 53일 동안 하루 평균 1,370명꼴로 찾은 셈이다.")
    >>> misbound("두 달 동안 1,370명이 찾았다.", [avg]), misbound("하루 평균 1,370명이 찾았다.", [avg])
    (True, False)
    """
    if "평균" in sentence:
        return False
    cited = [(c.quote, g) for c in citations for g in extract_figures(c.quote)]  # read once, not per figure
    for figure in extract_figures(sentence):
        if figure.kind not in _AVERAGED_KINDS:
            continue
        stated = [(q, g) for q, g in cited if figure_matches(figure, g)]
        if stated and all(given_as_average(q, g) for q, g in stated):
            return True
    return False


def given_as_average(text: str, figure: Figure) -> bool:
    """Whether ``text`` gives ``figure`` (one of its figures) as an average: "하루 평균 1,370명", "월평균 61,800명"."""
    return bool(_AVERAGE.search(text[max(0, figure.start - 8):figure.start]))


def _misread_column(sentence: str, citations: list[Citation]) -> bool:
    prose = [c.quote for c in citations if not c.context]
    rows = [cells for c in citations if c.context for cells in [_columns(c)] if cells]
    for figure in extract_figures(sentence):
        if figure.kind not in VALUED_KINDS or any(figure_matches(figure, g) for q in prose for g in extract_figures(q)):
            continue
        verdicts = [_bound_right(sentence, figure, columns) for columns in rows]
        verdicts = [v for v in verdicts if v is not None]
        if verdicts and not any(verdicts):
            return True
    return False


def _misread_row(sentence: str, citations: list[Citation], others: list[Citation]) -> bool:
    """A figure of a cited table row sits, in the sentence, under the name of another row of that table among
    the sources: "동림구에 배정된 인원은 650명" cited to 북산구's row (650) beside 동림구's (620)."""
    headers = {c.context for c in citations if c.context}
    tables: dict[str, list[tuple[str, list[Figure]]]] = {}
    cited = {c.n for c in citations}
    for c in [*citations, *(o for o in others if o.context in headers and o.n not in cited)]:
        read = _row(c)
        if read is not None:
            label, cells = read
            tables.setdefault(c.context or "", []).append((label, [f for _, figures in cells for f in figures]))
    rows_of_tables = [rows for rows in tables.values() if len({label for label, _ in rows}) > 1]
    for figure in extract_figures(sentence) if rows_of_tables else []:
        if figure.kind not in QUANTITY_KINDS:
            continue
        zone = figure_label(sentence, figure)
        for rows in rows_of_tables:
            holding = {label for label, figures in rows if any(states_cell(figure, g) for g in figures)}
            named = {label for label, _ in rows if starts_word(zone, label)}
            if holding and named and not named & holding:
                return True
    return False


def _columns(citation: Citation) -> list[tuple[str, list[Figure], set[str]]]:
    """Each value column of a cited row: its name, the figures of its cell, and the years its name gives
    (a derived column gets none, so it never competes for a label). Only years are read: a sentence names
    the other words of a column in any order ("10,240건을 이용했고" under "이용 건수"), but a year it pins
    to a figure comes before it, and the year is what the model confuses."""
    read = _row(citation)
    if read is None:
        return []
    return [(name, figures, set() if _DERIVED.search(name) else {str(y) for y in years_named(name)})
            for name, figures in read[1]]


def _row(citation: Citation) -> tuple[str, list[tuple[str, list[Figure]]]] | None:
    """A cited table row's label and its cells as (column name, figures); None for prose or a misfit header."""
    from generate.evidence import table_cells

    read = table_cells(citation.context, citation.quote) if citation.context else None
    if read is None:
        return None
    label, cells = read
    return label, [(name, extract_figures(value)) for name, value in cells]


def _bound_right(sentence: str, figure: Figure, columns: list[tuple[str, list[Figure], set[str]]],
                 ) -> bool | None:
    """None when no cell of the row holds the figure. Else whether the figure's label — the words since the
    sentence's previous figure or comma — names a column holding it as well as any other column (a label
    naming no column, or a derived column's figure, is not judged)."""
    holding = [i for i, (_, cell, _) in enumerate(columns) if any(states_cell(figure, g) for g in cell)]
    if not holding:
        return None
    if any(_DERIVED.search(columns[i][0]) for i in holding):
        return True
    label = figure_label(sentence, figure)
    shares = [sum(starts_word(label, t) for t in terms) / len(terms) if terms else 0.0
              for _, _, terms in columns]
    best = max(shares)
    return best == 0 or any(shares[i] == best for i in holding)


def _misdated(sentence: str, citations: list[Citation]) -> bool:
    """The sentence names one year, and a figure of it is stated only by cited passages that speak of other
    years: "2025년 … 배정 인원은 310명" from a 2024 release's "올해 배정 인원은 … 동림구 310명". A passage
    that names no year (and no "올해" / "지난해") is not judged: its document's date does not tell which
    year a plan's sentence is about."""
    from generate.evidence import render_table_row

    years = years_named(sentence)
    if len(years) != 1:
        return False
    year = next(iter(years))
    readable = [(c, c.quote + " " + render_table_row(c.context, c.quote) if c.context else c.quote) for c in citations]
    for figure in extract_figures(sentence):
        if figure.kind not in QUANTITY_KINDS:
            continue
        told = [_years_told(c) for c, text in readable if any(figure_matches(figure, g) for g in extract_figures(text))]
        if told and all(t and year not in t for t in told):
            return True
    return False


def _years_told(citation: Citation) -> set[int]:
    """The years a cited passage writes out (with its table's header) or names relative to its document's date."""
    doc_year = citation.date.year if citation.date else None
    return years_written_or_relative(citation.quote, citation.context or "", doc_year)

