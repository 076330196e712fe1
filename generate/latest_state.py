"""For a question about the current state, the statement of the latest time leads.

"한빛 민원24 앱에서 휴대폰으로 바로 뗄 수 있는 증명서, 제일 최근 기준으로 몇 종류야?" finds the right 2026 release,
whose one paragraph says both "2023년 개편 때 60종에서 지난해 말 88종으로 늘었다" and "올해 들어 2종을 더해 현재 …
모두 90종이다". Term coverage prefers the first (it names the app and the certificates), and the answer gives last
year's 88종. The document-level date bonus (``evidence.recency_bonus``) cannot tell two sentences of one document
apart, nor a 2026 plan's "지난해에는 … 전환율 48.6%" from a 2025 release's "첫해 정규직 채용 47%".

Here each sentence that states a figure the question could be answered with is dated by the time it speaks of:
the latest year its clause writes or names relative to its document ("지난해 말" of a 2026 release is 2025,
"올해 들어" 2026), not later than its document (a year after it is a target: "2030년 15만 대로"), else its
document's year. Figures worded as a target or a future ("늘릴 계획", "목표 …"), or stated only for years after
the document's, do not date a sentence: a plan is no state. A present tense does ("모두 18곳을 운영한다"). Among the sentences that
hold the question's terms about as well as the best one, those of the latest time gain a bonus.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from core.textnorm import asks_for_latest, years_written_or_relative
from generate.plan_or_result import answering_figures, asked_units, clause_around, worded_targets

if TYPE_CHECKING:
    from generate.evidence import Evidence

LATEST_STATEMENT_BONUS = 0.15
# Only sentences that hold the question's terms nearly as well as the best candidate compete for the bonus.
RELEVANT_SHARE = 0.7
CANDIDATES = 12


def statement_year(text: str, header: str, date: dt.date | None,
                   units: frozenset[str] | None = None) -> int | None:
    """The year a sentence states its figures for: the latest year the clauses of its figures not worded as a
    target (of ``units`` when given) write or name relative to ``date``, not after ``date``'s year; that year
    when they name none. None when every figure is a target.

    >>> d = dt.date(2026, 3, 17)
    >>> statement_year("전자증명서는 2023년 개편 때 60종에서 지난해 말 88종으로 늘었다.", "", d)
    2025
    >>> statement_year("올해 들어 2종을 더해 현재 발급할 수 있는 전자증명서는 모두 90종이다.", "", d)
    2026
    >>> statement_year("전기차를 2023년 누적 3만 1,400대에서 2030년 15만 대로 늘림", "", dt.date(2024, 6, 25))
    2023
    >>> statement_year("시는 연말까지 10종을 더해 100종으로 늘릴 계획이다.", "", d) is None
    True
    >>> statement_year("시는 3월 1일부터 4곳을 더해 모두 18곳을 운영한다.", "", dt.date(2026, 2, 10))
    2026
    """
    doc_year = date.year if date else None
    targets = {(f.start, f.raw) for f in worded_targets(text)}
    years: list[int] = []
    for figure in answering_figures(text, units):
        if (figure.start, figure.raw) in targets or figure.kind == "date" or figure.start < 0:
            continue
        left, right = clause_around(text, figure.start, figure.start + len(figure.raw))
        named = years_written_or_relative(text[left:right], header, doc_year)
        current = [y for y in named if doc_year is None or y <= doc_year]
        if current:
            years.append(max(current))
        elif not named and doc_year is not None:  # no year named: it speaks at its document's date
            years.append(doc_year)
        # only later years named ("2030년 15만 대로"): a target, no state
    return max(years, default=None)


def latest_statements_first(question: str, scored: Sequence[Evidence], *,
                            bonus: float | None = None) -> list[Evidence]:
    """``scored`` (best first) with the relevant sentences of the latest statement year raised by ``bonus``
    (None: ``LATEST_STATEMENT_BONUS``), when the question asks for the current state; unchanged otherwise."""
    bonus = LATEST_STATEMENT_BONUS if bonus is None else bonus
    if not asks_for_latest(question) or not scored or bonus <= 0:
        return list(scored)
    head = list(scored[:CANDIDATES])
    best = max(e.coverage for e in head)
    units = asked_units(question)
    years = {i: statement_year(e.text, e.context, e.hit.doc.date, units)
             for i, e in enumerate(head) if e.coverage >= RELEVANT_SHARE * best}
    dated = {i: y for i, y in years.items() if y is not None}
    if len(set(dated.values())) < 2:
        return list(scored)
    latest = max(dated.values())
    raised = [replace(e, score=e.score + bonus) if dated.get(i) == latest else e for i, e in enumerate(head)]
    return sorted(raised, key=lambda e: -e.score) + list(scored[CANDIDATES:])
