"""The figure guard: every figure (number, date, amount, percentage, …) and proper name of a draft must be
stated by the brief or a cited source; anything else is reported.

Figures are compared in their normalised form (:mod:`core.textnorm`), so ``3,000명`` in a draft matches
``3천 명`` in the brief. Weekdays written next to a date are checked against the calendar, and slot
markers (``{F3}``) left unfilled by a model are reported too. Names are Kiwi proper nouns (NNP) of two or
more syllables, looked up ignoring spaces.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.textnorm import compact, extract_figures, figure_matches
from generate.draft.korean import WEEKDAYS

SLOT = re.compile(r"\{\s*F?\s*\d+\s*\}|\{[A-Za-z_]+\}")
_WEEKDAY_KO = re.compile(r"(?:(\d{4})\s*년\s*)?(\d{1,2})\s*월\s*(\d{1,2})\s*일\s*\(([월화수목금토일])\)")
_WEEKDAY_DOT = re.compile(r"(\d{4})\.\s?(\d{1,2})\.\s?(\d{1,2})\.\s?\(([월화수목금토일])\)")


@dataclass(frozen=True)
class Finding:
    raw: str
    kind: str  # a figure kind, "name", "weekday" or "slot"
    norm: str
    reason: str  # Korean


class FigureGuard:
    """Checks texts against a fixed set of sources (the brief and the cited passages)."""

    def __init__(self, sources: Sequence[str], *, fixed_names: Sequence[str] = (), release: dt.date | None = None,
                 check_names: bool = True) -> None:
        self._figures = [f for text in sources for f in extract_figures(text)]
        self._compact = compact(" ".join([*sources, *fixed_names]))
        self._release = release
        self._check_names = check_names

    def check(self, text: str) -> list[Finding]:
        findings = self._slots(text) + self._unmatched_figures(text) + self._weekdays(text)
        if self._check_names:
            findings += self._unknown_names(text)
        return findings

    def _slots(self, text: str) -> list[Finding]:
        return [Finding(m.group(0), "slot", m.group(0), "채워지지 않은 자리표시자") for m in SLOT.finditer(text)]

    def _unmatched_figures(self, text: str) -> list[Finding]:
        out: list[Finding] = []
        seen: set[tuple[str, str]] = set()
        for figure in extract_figures(SLOT.sub(" ", text)):
            key = (figure.kind, figure.norm)
            if key in seen:
                continue
            seen.add(key)
            if not any(figure_matches(figure, e) for e in self._figures):
                out.append(Finding(figure.raw, figure.kind, figure.norm, "브리프와 인용 자료에 없는 수치"))
        return out

    def _weekdays(self, text: str) -> list[Finding]:
        out: list[Finding] = []
        for pattern in (_WEEKDAY_KO, _WEEKDAY_DOT):
            for m in pattern.finditer(text):
                if not self._weekday_ok(m):
                    out.append(Finding(m.group(0), "weekday", m.group(4), "날짜와 요일이 맞지 않음"))
        return out

    def _weekday_ok(self, m: re.Match[str]) -> bool:
        month, day, written = int(m.group(2)), int(m.group(3)), m.group(4)
        years = [int(m.group(1))] if m.group(1) else self._years(month)
        if not years:
            return True  # no year to check against
        for year in years:
            try:
                if WEEKDAYS[dt.date(year, month, day).weekday()] == written:
                    return True
            except ValueError:
                continue
        return False

    def _years(self, month: int) -> list[int]:
        """Years a date without one may mean: the release's, or the neighbouring year on the side the month
        points to (a January release's "12월 1일" is last December, a November one's "2월" next February)."""
        if self._release is None:
            return []
        year = self._release.year
        if month == self._release.month:
            return [year]
        return [year, year + 1] if month < self._release.month else [year, year - 1]

    def _unknown_names(self, text: str) -> list[Finding]:
        from core.korean import tagged_morphemes

        out: list[Finding] = []
        for form, tag in dict.fromkeys(tagged_morphemes(SLOT.sub(" ", text))):
            if tag == "NNP" and len(form) >= 2 and compact(form) not in self._compact:
                out.append(Finding(form, "name", form, "브리프와 인용 자료에 없는 고유명사"))
        return out
