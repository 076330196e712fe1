"""Korean figures (numbers, amounts, dates, …) in one canonical form, for search and support checks.

Press releases write the same figure many ways: ``1,000명`` / ``천 명`` / ``1천명``, ``3억 5천만 원`` /
``350,000,000원``, ``2025. 3. 4.(화)`` / ``2025년 3월 4일``. :func:`extract_figures` finds them with
regular expressions (no Kiwi: it keeps ``2025. 3. 4.`` as one token but splits ``2025년 3월``, so the
token stream is no simpler than the text) and gives each a canonical ``norm``:

- amounts, counts, measures, percents, ratios: digits of the value + canonical unit (``350000000원``,
  ``1000명``, ``12.5%``, ``1.5배``); bare numbers keep their value (``1000``);
- dates: truncated ISO 8601 (``2025-03-04``, ``2024-03``, ``2028``, ``--03-04`` month-day, ``---04`` day);
  ``24.3.`` is March 2024 but ``12. 5.`` is 5 December (a two-digit year ≤ 12 needs its apostrophe);
- times ``14:00``; phones digits only; periods/ordinals as written without spaces (``3분기``, ``제3조``).

List numbering (``1.`` / ``(2)`` / ``3)`` at a line start or after ``□ ○ -``) is not a figure.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from core.korean import nfc, tagged_morphemes

__all__ = [
    "Figure",
    "compact",
    "extract_figures",
    "figure_matches",
    "figures_supported",
    "normalise_query",
    "spacing_variants",
    "years_named",
    "years_spoken_of",
]


@dataclass(frozen=True)
class Figure:
    """One figure in a text. Two figures are the same claim when ``kind`` and ``norm`` agree
    (dates: see :func:`figure_matches`). ``start`` is the offset in the NFC text, not compared."""

    raw: str
    kind: str  # number amount percent ratio count measure date time phone period ordinal
    norm: str
    start: int = field(default=-1, compare=False)


# Figures that state a quantity; a bare number ("4" of "4~9월") may be anything, so items need a unit.
QUANTITY_KINDS = frozenset({"amount", "count", "percent", "ratio", "measure"})
VALUED_KINDS = QUANTITY_KINDS | {"number"}
# Units of a count that measure time ("38분", "9시간", "6개월"): one measure, whichever of them is written.
DURATION_UNITS = frozenset({"초", "분", "시간", "일", "주", "개월", "달", "년"})


# --- number words ------------------------------------------------------------------------------------

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SMALL = {"십": 10, "백": 100, "천": 1000}
_BIG = {"만": 10**4, "억": 10**8, "조": 10**12}
# A group is "3", "5천", "5천만", "3억", or a bare word "천"/"천만"/"만" (only after a non-Hangul char, so
# "수천 명", "이것만", "백화점" are not numbers). Groups after the first must follow a group ending in a
# big unit: "3억 5천만" is one number, "2024 3" is two.
_GROUP_BIG = rf"(?:(?:{_NUM})[십백천]?[만억조]|(?<![가-힣])[십백천]?[만억조])"
_GROUP = rf"(?:(?:{_NUM})(?:[십백천][만억조]?|[만억조])?|(?<![가-힣])[십백천][만억조]?|(?<![가-힣])[만억조])"
_EXPR = rf"(?:{_GROUP_BIG}\s?)*{_GROUP}"


def korean_date(value: dt.date) -> str:
    """"2024년 2월 20일", the way Korean official text writes a date.

    >>> korean_date(dt.date(2024, 2, 20))
    '2024년 2월 20일'
    """
    return f"{value.year}년 {value.month}월 {value.day}일"


def korean_number(text: str) -> Decimal | None:
    """Value of a number written with digits and/or Sino-Korean unit words.

    >>> korean_number("3억 5천만"), korean_number("1,000"), korean_number("천"), korean_number("2.5억")
    (Decimal('350000000'), Decimal('1000'), Decimal('1000'), Decimal('250000000.0'))
    """
    total, section = Decimal(0), Decimal(0)
    current: Decimal | None = None
    for tok in re.findall(rf"{_NUM}|[십백천만억조]", text.replace(" ", "")):
        if tok in _SMALL:
            section += (current if current is not None else 1) * _SMALL[tok]
            current = None
        elif tok in _BIG:
            base = section + (current or 0)
            total += (base if base else 1) * _BIG[tok]
            section, current = Decimal(0), None
        else:
            if current is not None:
                return None
            try:
                current = Decimal(tok.replace(",", ""))
            except InvalidOperation:
                return None
    total += section + (current or 0)
    return total


def _plain(value: Decimal) -> str:
    """``Decimal`` without exponent or trailing zeros: 350000000.0 → "350000000", 12.50 → "12.5"."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- units ---------------------------------------------------------------------------------------------

# Written unit → (kind, canonical unit). Longest alternatives must come first in the regex (sorted below).
# "가지" and "종" count kinds of things as "개" does: "20가지 문의" is the documents' "20개 유형", "28종" "28가지".
_UNITS: dict[str, tuple[str, str]] = {
    "%p": ("percent", "%p"), "％p": ("percent", "%p"), "%포인트": ("percent", "%p"),
    "퍼센트포인트": ("percent", "%p"), "%": ("percent", "%"), "％": ("percent", "%"),
    "퍼센트": ("percent", "%"),
    "원": ("amount", "원"), "달러": ("amount", "달러"), "유로": ("amount", "유로"), "엔": ("amount", "엔"),
    "위안": ("amount", "위안"),
    "배": ("ratio", "배"),
    "분기": ("period", "분기"), "반기": ("period", "반기"), "단계": ("period", "단계"),
    "차년도": ("period", "차년도"), "회차": ("period", "회차"), "학기": ("period", "학기"),
    "차": ("period", "차"), "번째": ("ordinal", "번째"), "위": ("ordinal", "위"),
    "단지": ("ordinal", "단지"), "호선": ("ordinal", "호선"),
    "명": ("count", "명"), "건": ("count", "건"), "개소": ("count", "곳"), "곳": ("count", "곳"),
    "개사": ("count", "개사"), "개국": ("count", "개국"), "개월": ("count", "개월"), "개": ("count", "개"),
    "가구": ("count", "가구"), "세대": ("count", "세대"), "대": ("count", "대"), "회": ("count", "회"),
    "차례": ("count", "회"), "척": ("count", "척"), "권": ("count", "권"), "편": ("count", "편"),
    "종": ("count", "개"), "가지": ("count", "개"), "주년": ("count", "주년"), "주간": ("count", "주"),
    "주": ("count", "주"), "년간": ("count", "년"), "년": ("count", "년"), "일간": ("count", "일"),
    "시간": ("count", "시간"), "분": ("count", "분"), "초": ("count", "초"), "층": ("count", "층"),
    "병상": ("count", "병상"), "마리": ("count", "마리"), "그루": ("count", "그루"), "인분": ("count", "인분"),
    "쪽": ("count", "쪽"), "석": ("count", "석"), "인": ("count", "인"), "기": ("count", "기"), "호실": ("count", "호실"), "필지": ("count", "필지"),
    "호": ("count", "호"),
    "㎡": ("measure", "㎡"), "m²": ("measure", "㎡"), "m2": ("measure", "㎡"), "제곱미터": ("measure", "㎡"),
    "㎢": ("measure", "㎢"), "km²": ("measure", "㎢"), "㎞": ("measure", "km"), "km": ("measure", "km"),
    "킬로미터": ("measure", "km"), "m": ("measure", "m"), "미터": ("measure", "m"), "ha": ("measure", "ha"),
    "헥타르": ("measure", "ha"), "톤": ("measure", "톤"), "t": ("measure", "톤"), "㎏": ("measure", "kg"),
    "kg": ("measure", "kg"), "킬로그램": ("measure", "kg"), "L": ("measure", "L"), "리터": ("measure", "L"),
    "평": ("measure", "평"), "kWh": ("measure", "kWh"), "MWh": ("measure", "MWh"), "GWh": ("measure", "GWh"),
    "kW": ("measure", "kW"), "MW": ("measure", "MW"), "GW": ("measure", "GW"), "℃": ("measure", "℃"),
}
# "원칙", "원인", "명예", "대상", "회의", "차량" …: the unit is the start of a longer word, not a unit.
_NOT_AFTER = {
    "원": "칙인장리료형점본님격래활탁", "명": "예칭단시", "대": "상책응비표학회란",
    "회": "원사계장복", "차": "량별원관", "주": "민요택제체관거소", "종": "합류사료",
    "위": "원해험치반탁", "분": "야석류배담들", "초": "등과기청", "층": "간별수",
    "평": "가균생화일", "건": "강물설축", "권": "역리한고", "편": "성리", "석": "유탄",
    "배": "출치정려포경분제", "세대": "주", "개": "발선최정인편소년", "m": "a-zA-Z", "t": "a-zA-Z",
    "L": "a-zA-Z", "년": "도", "인": "상하구천정력원근재증터권식지문간기사건쇄",
    "기": "관업준간능획금존술록념초타본회계지반여후상온대",
    # "320호로", "280호)": dwellings; not "호수", "호응", "호텔", "호흡", "호황", "호주" …
    "호": "수응텔흡황환출소칭감기주박남북반봉평스우의적전조족혜화흥",
}


def is_unit(word: str) -> bool:
    """Whether ``word`` is a unit figures are counted in ("MW", "명", "%").

    >>> is_unit("MW"), is_unit("GPT")
    (True, False)
    """
    return word in _UNITS


# "3분의 1 넘게 줄어": a fraction, not three minutes ("38분의 차이" stays 38 minutes).
_NOT_FOLLOWED_BY = {"분": r"의\s?\d"}


def _unit_regex() -> str:
    alts = []
    for unit in sorted(_UNITS, key=len, reverse=True):
        guard, words = _NOT_AFTER.get(unit), _NOT_FOLLOWED_BY.get(unit)
        alts.append(re.escape(unit) + (f"(?![{guard}])" if guard else "") + (f"(?!{words})" if words else ""))
    return "|".join(alts)


# --- patterns, in priority order (earlier patterns win overlapping spans) ------------------------------

# "3. 10.(월)" at a line start is a date, not item 3: a list number is not followed by another "N.".
_LIST_MARK = re.compile(r"(?m)(?:^[ \t]*(?:[□■○◦●◎▪◆◇※·\-–*>ㅇ][ \t]*)*\(?\d{1,2}[.)](?=\s)(?!\s?\d{1,2}\s?\.)"
                        r"|(?<![\w.])\(\d{1,2}\)|(?<![\w.,])\d{1,2}\)(?!\d))")
_PHONE = re.compile(r"(?<![\d-])(?:\(?0\d{1,2}\)?[-)\s]?\d{3,4}-\d{4}|1[5-9]\d{2}-\d{4})(?![\d-])")
_DATE_KO = re.compile(r"(?:(?<![\d.,])(\d{4}|'?\d{2})\s*년\s*)?(?<![\d.,])(\d{1,2})\s*월(?:\s*(\d{1,2})\s*일)?")
_DATE_DOT = re.compile(r"(?<![\d.,])('?\d{2}|\d{4})\s?\.\s?(\d{1,2})\s?\.(?:\s?(\d{1,2})(?:\s?\.)?)?(?![\d%])"
                       r"(?:\s?\([월화수목금토일]\))?")
_MONTH_DAY_DOT = re.compile(r"(?<![\d.,'])(\d{1,2})\s?\.\s?(\d{1,2})\s?\.(?!\s?\d)(?:\s?\([월화수목금토일]\))?")
_DATE_ISO = re.compile(r"(?<![\d-])((?:19|20)\d{2})[-/](\d{1,2})(?:[-/](\d{1,2}))?(?![\d-])")
_YEAR = re.compile(r"(?<![\d.,])((?:19|20)\d{2})\s?년(?:도)?(?!\s?간)")
# The end of a span of years written short, "2023~24년" (the winter of 2023–24): the year 2024, not 24 years.
_SPAN_END_YEAR = re.compile(r"(?:(?<=(?:19|20)\d{2}[~∼-])|(?<=(?:19|20)\d{2}\s[~∼-]\s))(\d{2})\s?년(?:도)?")
_DAY = re.compile(r"(?<![\d.,])(\d{1,2})\s?일(?![가-힣])|(?<![\d.,])(\d{1,2})\s?일(?=[에은도부까자의로])")
_TIME = re.compile(r"(오전|오후)?\s?(?<![\d.,])(\d{1,2})\s?시(?:\s?(\d{1,2})\s?분|\s?(반))?(?!간|대|민|설|청|장|군|도)"
                   r"|(?<![\d.:])(\d{1,2}):(\d{2})(?![\d:])")
_ORDINAL = re.compile(r"제\s?(\d+)\s?(조|항|호|장|절|차|기|회|편|권)")
_QUANT = re.compile(rf"(?<![A-Za-z\d.,]){_EXPR}(?:\s?(여))?(?:\s?({_unit_regex()}))?(?![\dA-Za-z])")


def _valid_date(year: int | None, month: int | None, day: int | None) -> bool:
    return (month is None or 1 <= month <= 12) and (day is None or 1 <= day <= 31) and (
        year is None or 1900 <= year <= 2100)


def _year(text: str | None) -> int | None:
    if not text:
        return None
    value = int(text.lstrip("'"))
    return value + 2000 if value < 100 else value


def _date_norm(year: int | None, month: int | None, day: int | None) -> str:
    y = f"{year:04d}" if year is not None else "-"
    if month is None:
        return y if day is None else f"{y}--{day:02d}"
    out = f"{y}-{month:02d}"
    return out if day is None else f"{out}-{day:02d}"


def _date(match: re.Match[str], y: str | None, m: str | None, d: str | None) -> Figure | None:
    year, month, day = _year(y), int(m) if m else None, int(d) if d else None
    if not _valid_date(year, month, day):
        return None
    return Figure(match.group(0).strip(), "date", _date_norm(year, month, day), match.start())


def _dates_ko(m: re.Match[str]) -> Figure | None:
    return _date(m, m.group(1), m.group(2), m.group(3))


def _dates_dot(m: re.Match[str]) -> Figure | None:
    first = m.group(1)
    if len(first) == 2 and m.group(3) is None:
        if not m.group(0).rstrip().endswith("."):
            return None  # "12.5" is a decimal; "24.3." with its closing dot is a date
        if int(first) <= 12:
            return None  # "12. 5." is 5 December (month-day); a year needs "'12. 5."
    return _date(m, first, m.group(2), m.group(3))


def _month_days(m: re.Match[str]) -> Figure | None:
    return _date(m, None, m.group(1), m.group(2))


def _dates_iso(m: re.Match[str]) -> Figure | None:
    return _date(m, m.group(1), m.group(2), m.group(3))


def _years(m: re.Match[str]) -> Figure | None:
    return _date(m, m.group(1), None, None)


def _span_end_years(m: re.Match[str]) -> Figure | None:
    """"24년" of "2023~24년": the century of the span's first year.

    >>> [f.norm for f in extract_figures("2023~24년 겨울, 2019 ~ 20년도")]
    ['2023', '2024', '2019', '2020']
    """
    century = re.search(r"(19|20)\d{2}\s?[~∼-]\s?$", m.string[:m.start()])
    return _date(m, f"{century.group(1)}{m.group(1)}", None, None) if century else None


def _days(m: re.Match[str]) -> Figure | None:
    day = int(m.group(1) or m.group(2))
    return Figure(m.group(0).strip(), "date", f"---{day:02d}", m.start()) if 1 <= day <= 31 else None


def _times(m: re.Match[str]) -> Figure | None:
    if m.group(5):
        hour, minute = int(m.group(5)), int(m.group(6))
    else:
        hour = int(m.group(2))
        minute = 30 if m.group(4) else int(m.group(3) or 0)
        if m.group(1) == "오후" and hour < 12:
            hour += 12
        elif m.group(1) is None and hour > 24:
            return None
    if hour > 24 or minute > 59:
        return None
    return Figure(m.group(0).strip(), "time", f"{hour:02d}:{minute:02d}", m.start() + _lead(m.group(0)))


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip())


def _phones(m: re.Match[str]) -> Figure | None:
    return Figure(m.group(0), "phone", re.sub(r"\D", "", m.group(0)), m.start())


def _ordinals(m: re.Match[str]) -> Figure | None:
    n, unit = int(m.group(1)), m.group(2)
    if unit == "차":  # "제2차" = "2차" (round/phase), which the quantity scanner reads as a period
        return Figure(m.group(0), "period", f"{n}차", m.start())
    return Figure(m.group(0), "ordinal", f"제{n}{unit}", m.start())


def _quants(m: re.Match[str]) -> Figure | None:
    raw, unit = m.group(0), m.group(2)
    number = raw[: m.start(1) - m.start()] if m.group(1) else raw[: m.start(2) - m.start()] if unit else raw
    if not re.search(r"\d", number) and unit is None:
        return None  # "천" alone is a word (thousand, heaven, cloth …), only "천 명" is a figure
    if _word_not_figure(number, unit):
        return None
    value = korean_number(number)
    if value is None:
        return None
    if unit is None:
        return Figure(raw.strip(), "number", _plain(value), m.start())
    kind, canon = _UNITS[unit]
    return Figure(raw.strip(), kind, _plain(value) + canon, m.start())


def _word_not_figure(number: str, unit: str | None) -> bool:
    """"조회", "만회", "만개": a lone 조/만/억 glued to a unit starts a word; "만 명", "만원" stay figures."""
    return (len(number) == 1 and number in "만억조" and unit is not None
            and (number == "조" or unit not in ("원", "명")))


_SCANNERS = (
    (_PHONE, _phones), (_DATE_KO, _dates_ko), (_DATE_DOT, _dates_dot), (_MONTH_DAY_DOT, _month_days),
    (_DATE_ISO, _dates_iso),
    (_ORDINAL, _ordinals), (_YEAR, _years), (_SPAN_END_YEAR, _span_end_years), (_TIME, _times), (_DAY, _days), (_QUANT, _quants),
)


def extract_figures(text: str) -> list[Figure]:
    """Figures in reading order; each character belongs to at most one figure.

    >>> [f.norm for f in extract_figures("2025. 3. 4.(화) 청년 1,000명에게 3억 5천만 원(12.5%) 지원")]
    ['2025-03-04', '1000명', '350000000원', '12.5%']
    >>> [f.norm for f in extract_figures("□ 1. 추진 배경: 천 명, 1.5배, 3분기, 2028년까지")]
    ['1000명', '1.5배', '3분기', '2028']
    >>> [f.norm for f in extract_figures("시간이 3분의 1 넘게 줄어 38분의 차이")]  # a fraction is no minutes
    ['3', '1', '38분']
    """
    text = nfc(text)
    taken = [False] * len(text)
    for mark in _LIST_MARK.finditer(text):
        _take(taken, mark.start(), mark.end())
    figures: list[Figure] = []
    for pattern, build in _SCANNERS:
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            if any(taken[start:end]) or not match.group(0).strip():
                continue
            figure = build(match)
            if figure is not None:
                figures.append(figure)
                _take(taken, start, end)
    return sorted(figures, key=lambda f: f.start)


def _take(taken: list[bool], start: int, end: int) -> None:
    for i in range(start, end):
        taken[i] = True


# --- matching ------------------------------------------------------------------------------------------

def _date_fields(norm: str) -> tuple[str | None, str | None, str | None]:
    """"2025-03-04" → (2025, 03, 04); "--03-04" → (None, 03, 04); "---04" → (None, None, 04)."""
    if norm.startswith("---"):
        return None, None, norm[3:]
    if norm.startswith("--"):
        parts = norm[2:].split("-")
        return None, parts[0], parts[1] if len(parts) > 1 else None
    year, _, rest = norm.partition("-")
    if rest.startswith("-"):
        return year, None, rest[1:]
    parts = rest.split("-") if rest else []
    return year, parts[0] if parts else None, parts[1] if len(parts) > 1 else None


def figure_matches(claim: Figure, evidence: Figure) -> bool:
    """Whether ``evidence`` states ``claim``: same kind and norm; a date also matches a more specific
    date that agrees on every part the claim gives (claim "2024-03" ← evidence "2024-03-15"); a bare
    number matches any figure with the same value ("1000" ← "1000명"); an edition matches however it is
    written ("제7회" ← "7회째", "1회 추경안" ← "제1회 추경안").

    >>> a, b = extract_figures("3월 4일")[0], extract_figures("2025. 3. 4.")[0]
    >>> figure_matches(a, b), figure_matches(b, a)
    (True, False)
    >>> once, first = extract_figures("1회 추경안")[0], extract_figures("제1회 추경안")[0]
    >>> figure_matches(once, first), figure_matches(extract_figures("2회")[0], first)
    (True, False)
    """
    if claim.kind == evidence.kind and claim.norm == evidence.norm:
        return True
    if claim.kind == "date" and evidence.kind == "date":
        pairs = zip(_date_fields(claim.norm), _date_fields(evidence.norm), strict=True)
        return all(c is None or c == e for c, e in pairs)
    if claim.kind == "ordinal" and evidence.kind in ("ordinal", "count", "period"):
        return claim.norm.removeprefix("제") == evidence.norm.removeprefix("제")  # "제7회" ← "7회째"
    if claim.kind == "count" and evidence.kind == "ordinal":
        return claim.norm == evidence.norm.removeprefix("제")  # "1회 추경안" ← "제1회 추경안"
    if claim.kind == "number" and evidence.kind == "date" and re.fullmatch(r"(?:19|20)\d\d", claim.norm):
        return _date_fields(evidence.norm)[0] == claim.norm  # "2023~2024년": the bare 2023 is a year
    if claim.kind == "number":
        value = re.match(r"-?\d+(?:\.\d+)?", evidence.norm)
        return evidence.kind in VALUED_KINDS and value is not None and value.group(0) == claim.norm
    return False




def figures_supported(sentence: str, evidence_texts: Iterable[str]) -> tuple[list[Figure], list[Figure]]:
    """(found, missing): the sentence's figures (one per kind+norm) stated / not stated in the evidence.

    >>> found, missing = figures_supported("천 명에게 3억 원을 지원", ["1,000명, 총 2억 원"])
    >>> [f.raw for f in found], [f.raw for f in missing]
    (['천 명'], ['3억 원'])
    """
    evidence = [f for text in evidence_texts for f in extract_figures(text)]
    found: list[Figure] = []
    missing: list[Figure] = []
    seen: set[tuple[str, str]] = set()
    for figure in extract_figures(sentence):
        if (figure.kind, figure.norm) in seen:
            continue
        seen.add((figure.kind, figure.norm))
        (found if any(figure_matches(figure, e) for e in evidence) else missing).append(figure)
    return found, missing


_VALUE = re.compile(r"(-?\d+(?:\.\d+)?)(.*)")


def value_and_unit(figure: Figure) -> tuple[Decimal, str] | None:
    """A quantity's value and unit from its norm ("263억 원" → 26300000000, "원"); None for other kinds.

    >>> value_and_unit(extract_figures("263억 원")[0]), value_and_unit(extract_figures("2024년")[0])
    ((Decimal('26300000000'), '원'), None)
    """
    match = _VALUE.fullmatch(figure.norm) if figure.kind in QUANTITY_KINDS else None
    return (Decimal(match.group(1)), match.group(2)) if match else None


def valued_figures(text: str, units: frozenset[str] | None = None) -> list[Figure]:
    """The valued figures of ``text`` (counts, amounts, rates, spans…): of ``units`` only, when given.

    >>> [f.raw for f in valued_figures("2024년 누적 설비 298MW, 사업비 12억 원", frozenset({"MW"}))]
    ['298MW']
    """
    figures = [f for f in extract_figures(text) if f.kind in VALUED_KINDS]
    if units is None:
        return figures
    return [f for f in figures if (v := value_and_unit(f)) is not None and v[1] in units]


def computed_from(figure: Figure, operands: Sequence[Figure], *, sums: bool = False) -> bool:
    """Whether ``figure`` is the difference (or, with ``sums``, the sum) of two ``operands`` of its own kind
    and unit — the arithmetic a comparison answer does ("420개에서 510개로 90개 늘었다"); a difference of two
    percentages may be written in points ("91.3%에서 94.6%로 3.3%p").

    >>> fig = lambda text: extract_figures(text)
    >>> computed_from(fig("90개")[0], fig("420개, 510개")), computed_from(fig("80개")[0], fig("420개, 510개"))
    (True, False)
    >>> computed_from(fig("3.3%p")[0], fig("91.3%와 94.6%")), computed_from(fig("49억 원")[0], fig("214억 원, 263억 원"))
    (True, True)
    >>> computed_from(fig("930개")[0], fig("420개, 510개")), computed_from(fig("930개")[0], fig("420개, 510개"), sums=True)
    (False, True)
    >>> computed_from(fig("90명")[0], fig("420개, 510개"))  # another unit
    False
    """
    claim = value_and_unit(figure)
    if claim is None:
        return False
    value, unit = claim
    units = {unit, "%"} if figure.kind == "percent" and unit == "%p" else {unit}
    values = [v for v, u in filter(None, map(value_and_unit, operands)) if u in units]
    return any(abs(a - b) == value or (sums and a + b == value)
               for i, a in enumerate(values) for b in values[i + 1:] if a != value and b != value)


# --- query normalisation -------------------------------------------------------------------------------

def _surface(figure: Figure) -> str:
    """How a figure is written in normalised text: Korean date/time words (Kiwi splits "2024년 3월" into
    year and month morphemes, while "2024-03" stays one token), norm for everything else."""
    if figure.kind == "date":
        year, month, day = _date_fields(figure.norm)
        parts = [f"{int(year)}년" if year else "", f"{int(month)}월" if month else "", f"{int(day)}일" if day else ""]
        return " ".join(p for p in parts if p)
    if figure.kind == "time":
        hour, minute = figure.norm.split(":")
        return f"{int(hour)}시" + (f" {int(minute)}분" if int(minute) else "")
    if figure.kind == "phone":
        return figure.raw
    return figure.norm


def normalise_query(text: str) -> str:
    """NFC and one writing per figure, so keyword search matches either writing. Apply it to the
    indexed text too if the index should match across writings.

    >>> normalise_query("천 명 대상 3억 5천만 원, 2024. 3. 기준 12.5퍼센트")
    '1000명 대상 350000000원, 2024년 3월 기준 12.5%'
    """
    text = nfc(text)
    out: list[str] = []
    pos = 0
    for figure in extract_figures(text):
        start = figure.start
        end = start + len(figure.raw)
        if text[start:end] != figure.raw:  # raw was stripped; find it again inside the span
            start = text.find(figure.raw, start)
            end = start + len(figure.raw)
        out.append(text[pos:start])
        out.append(_surface(figure))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def compact(text: str) -> str:
    """NFC without any whitespace: Korean spacing varies ("청년 월세 지원" / "청년월세지원")."""
    return re.sub(r"\s+", "", nfc(text))


def spacing_variants(text: str) -> list[str]:
    """The text as given, without spaces, and with Kiwi's noun split spaced out.

    Kiwi already splits compounds ("청년월세지원" → 청년 월세 지원), so the keyword leg does not need
    these; they serve substring matching and display.

    >>> spacing_variants("청년월세지원")
    ['청년월세지원', '청년 월세 지원']
    """
    from core.korean import tagged_morphemes

    base = nfc(text).strip()
    spaced = " ".join(form for form, tag in tagged_morphemes(base) if tag.startswith(("NN", "XR", "SL", "SN", "SH")))
    variants: list[str] = []
    for variant in (base, compact(base), spaced):
        if variant and variant not in variants:
            variants.append(variant)
    return variants


def figure_norms(texts: Sequence[str]) -> set[tuple[str, str]]:
    """All (kind, norm) pairs of the texts, for quick set comparisons."""
    return {(f.kind, f.norm) for text in texts for f in extract_figures(text)}


# A row of the whole, by its first cell: "합계", "계", "시 전체", "총계(5개 구)", "평균".
_WHOLE_ROW_LABEL = re.compile(r"\s*(?:합계|총계|소계|계|전체|총합|시\s?전체|평균)(?:\s?\([^)|]*\))?\s*")


def is_whole_row(row: str) -> bool:
    """Whether a table row (cells joined by " | ") is the whole's — a total or an average —, not one item's.

    >>> is_whole_row("합계 | 410 | 21.8"), is_whole_row("총계(5개 구) | 1,200"), is_whole_row("북산구 | 64 | 18.9")
    (True, True, False)
    """
    return "|" in row and _WHOLE_ROW_LABEL.fullmatch(row.split("|", 1)[0]) is not None


# A header's first cell names what its rows are: "구분", "민원 유형(상위 5개)", "지표".
_HEADER_LABEL = re.compile(r"구분|항목|유형|분야|지표|부문|종류")


def _header_row(line: str) -> bool:
    """A table line that names columns: its first cell a label ("민원 유형"), the others words without a digit."""
    first, *cells = [c.strip() for c in line.split("|")]
    return (bool(cells) and bool(_HEADER_LABEL.search(first))
            and all(re.search(r"[가-힣A-Za-z]{2}", c) and not re.search(r"\d", c) for c in cells))


def _figures_row(line: str) -> bool:
    """A table line whose every cell after the first holds a figure."""
    cells = line.split("|")[1:]
    return bool(cells) and all(re.search(r"\d", c) for c in cells)


def table_start(lines: Sequence[str], n: int) -> int:
    """The index of the header line of the table that holds line ``n``: the first ``|`` line of its run, or a line
    naming columns right below a row of figures — two tables printed back to back ("구분 | 도입 전 | 시범 기간"
    over its rows, then "민원 유형 | 처리 건수 | 초안 활용 건수" over its own), which the parsers join.

    >>> table_start(["a | 1", "b | 2", "유형 | 처리 건수", "c | 3"], 3), table_start(["a | 1", "b | 기술"], 1)
    (2, 0)
    """
    first = n
    while first > 0 and "|" in lines[first - 1] and not (_header_row(lines[first]) and _figures_row(lines[first - 1])):
        first -= 1
    return first


_LATEST = re.compile(r"최근|최신|가장\s*늦|지금|현재|올해|요즘|마지막|새로\s*바뀐|바뀐")


_LAYOUT = re.compile(r"[\s|]+")


def same_text(a: str, b: str, min_overlap: float = 0.9) -> bool:
    """Whether two extracted texts are one document in two formats: their 5-character shingles (spacing and
    table bars ignored, as parsers lay tables out differently) overlap by ``min_overlap`` (Jaccard) and they
    hold the same figures — a corrected release that changes one figure is another document. Over HWP, HWPX,
    PDF and DOCX renderings of the same release the overlap read 0.99–1.00, between two releases on one
    policy 0.20.

    >>> same_text("청년 월세 3,000명 지원 | 월 20만 원", "청년 월세 3,000명 지원 월 20만 원")
    True
    >>> same_text("청년 월세 3,000명 지원, 월 20만 원", "청년 월세 3,500명 지원, 월 20만 원")
    False
    """
    def shingles(text: str) -> set[str]:
        flat = _LAYOUT.sub("", text)
        return {flat[i:i + 5] for i in range(max(1, len(flat) - 4))}

    left, right = shingles(a), shingles(b)
    overlap = len(left & right) / len(left | right) if left and right else 0.0
    return overlap >= min_overlap and figure_norms([a]) == figure_norms([b])


def asks_for_latest(question: str) -> bool:
    """Whether the question asks for the current state ("가장 최근", "요즘 기준", "지금") — then the newest of
    several versions of a fact is the answer.

    >>> asks_for_latest("노인 일자리 가장 최신 발표로는 몇 개나 돼?"), asks_for_latest("2024년 예산은?")
    (True, False)
    """
    return bool(_LATEST.search(question))


# A year as written: "2024년", "2024회계연도", "2024. 3. 5.", a span "2024~2026년" or "2023~24년" (each year in it).
_YEAR_SPAN = re.compile(
    r"(?<![\d.,-])((?:19|20)\d{2})(?:\s*[~∼-]\s*((?:19|20)?\d{2}(?=년)|(?:19|20)\d{2}))?(?=년|회계|\.|\s|~|∼|-|\)|·|,|$)")
# Words that name a year relative to the document's own: a 2024 release's "지난해" is 2023.
_RELATIVE_YEARS = ((re.compile(r"올해|금년|당해"), 0), (re.compile(r"지난해|작년|전년|지난\s?한\s?해"), -1),
                   (re.compile(r"내년|이듬해"), 1))
# "지난해보다 20% 늘어난 1,500명": last year is the baseline; the figure is the document's own year's.
_BASELINE_YEAR = re.compile(r"(?:지난해|작년|전년도?)\s?(?:보다|대비|에\s?비해|과\s?비교해|동기\s?대비)")


_YEARLESS_DATE = re.compile(r"(?<!년)(?<!년 )(?<![\d.])(?:(" + "|".join(p.pattern for p, _ in _RELATIVE_YEARS) + r")\s?)?"
                            r"(\d{1,2})월(?:\s?(\d{1,2})일)?")
# A span of time counted back from now ("1년 전보다", "3년 만에", "1년 새"): when, not a figure of the archive.
_TIME_AGO = re.compile(r"\s?(?:전(?:보다|에|과|대비)?|만에|사이|새)(?![가-힣])")


def dates_with_their_year(text: str, doc_year: int) -> list[str]:
    """The months and days a dated document writes without a year, written with the year they mean: its own
    year, or the one its "지난해" / "내년" names. A 2024 release's "지난해 3월 2일부터 올해 2월 29일까지" is
    2023-03-02 to 2024-02-29, and a June 2023 release's "7월 1일부터" is July 2023.

    >>> dates_with_their_year("지난해 3월 2일부터 올해 2월 29일까지, 2022년 5월에는", 2024)
    ['2023년 3월 2일', '2024년 2월 29일']
    """
    out = []
    for match in _YEARLESS_DATE.finditer(nfc(text)):
        relative, month, day = match.groups()
        year = doc_year + next((shift for pattern, shift in _RELATIVE_YEARS if relative and pattern.fullmatch(relative)), 0)
        out.append(f"{year}년 {int(month)}월" + (f" {int(day)}일" if day else ""))
    return out


def counts_back_in_time(text: str, figure: Figure) -> bool:
    """Whether a duration in ``text`` says how long ago ("1년 전보다 얼마나 불었나요?"), not how long something is.

    >>> q = "1년 전보다 얼마나 불었나요? 1년 동안 몇 명?"
    >>> [counts_back_in_time(q, f) for f in extract_figures(q)]
    [True, False]
    """
    value = value_and_unit(figure)
    if value is None or value[1] not in DURATION_UNITS or figure.start < 0:
        return False
    return bool(_TIME_AGO.match(nfc(text), figure.start + len(figure.raw)))


# "1년에", "1인당", "1회마다": one of a unit, said as the base of a rate — "1년에 줄여야 하는 양", "1인당 교육비".
_RATE_BASE = re.compile(r"\s?(?:에(?!서)|당|마다|꼴)")
# "1년 동안 뿌린 보도자료", "1년간": a year's count, which documents write "한 해 동안", "연간" (fresh-35's ro3-004) —
# unless the question says which year ("개관 첫해 1년 동안": that year's span, which a document must cover).
_A_YEARS_SPAN = re.compile(r"\s?(?:동안|간(?![가-힣]))")
_WHICH_YEAR = re.compile(r"첫\s?해|첫\s?1\s?년|올해|지난해|작년|내년|(?:19|20)\d{2}\s?년")


def is_rate_base(text: str, figure: Figure) -> bool:
    """Whether a figure of ``text`` is one of a unit said as the base of a rate ("1년에 줄여야 하는 양", "1인당"),
    not a figure the question asks about or names: no document needs to write it.

    >>> q = "1년에 줄여야 하는 양과 1인당 교육비, 2024년에 쓴 돈, 3년에 걸친 사업"
    >>> [(f.raw, is_rate_base(q, f)) for f in extract_figures(q)]
    [('1년', True), ('1인', True), ('2024년', False), ('3년', False)]
    >>> [is_rate_base(q, extract_figures(q)[0]) for q in ("1년 동안 낸 보도자료는 몇 건", "개관 첫해 1년 동안 관람객은")]
    [True, False]
    """
    value = value_and_unit(figure)
    if value is None or value[0] != 1 or figure.kind not in ("count", "period") or figure.start < 0:
        return False
    text, end = nfc(text), figure.start + len(figure.raw)
    return bool(_RATE_BASE.match(text, end)) or \
        (figure.raw.endswith("년") and bool(_A_YEARS_SPAN.match(text, end)) and not _WHICH_YEAR.search(text))


_BORN = re.compile(r"생(?![산활각명존])")


def is_birth_year(text: str, figure: Figure) -> bool:
    """Whether a figure of ``text`` is a person's year of birth ("96년생은", "2006년생인데"): said of the asker or
    of whom a rule is for, while the documents write the rule it falls under ("출생 연도 끝자리가 짝수") —
    no document needs to write it.

    >>> q = "2024년 신청 첫 주에 96년생은 무슨 요일에 신청해요? 2006년생인데 받을 수 있어요?"
    >>> [(f.raw, is_birth_year(q, f)) for f in extract_figures(q)]
    [('2024년', False), ('96년', True), ('2006년', True)]
    """
    if not figure.raw.endswith("년") or figure.start < 0:
        return False
    return bool(_BORN.match(nfc(text), figure.start + len(figure.raw)))


# "월세가 65만 원인 원룸에 사는데 … 신청할 수 있어요?": the asker's own circumstance, then whether a rule lets them.
# The clause may run a few words on ("4학년 2학기에 다니고 있는데": fresh-51's se1-008).
_OWN_CIRCUMSTANCE = re.compile(r"[^,.?!]{0,16}?(?:인데|는데|이라서|라서|거든)")
_ASKS_IF_ALLOWED = re.compile(r"수\s?있(?:어|나|을|는지|죠)|가능(?:한가|해|할까|한지)|되나요|될까요")
_AGE_UNITS = frozenset({"살", "세"})  # the asker's age is read against the groups the documents name: core.ages


def is_own_circumstance(text: str, figure: Figure) -> bool:
    """Whether an amount or count of ``text`` is the asker's own, told to ask whether a rule allows them: the
    documents write the rule ("월세 60만 원 이하"), never the asker's 65만 원 (fresh-33's rm3-007).

    >>> q = "월세가 65만 원인 원룸에 사는데 2025년 청년 월세 지원 신청할 수 있어요?"
    >>> [(f.raw, is_own_circumstance(q, f)) for f in extract_figures(q)]
    [('65만', True), ('2025년', False)]
    >>> [is_own_circumstance(t, extract_figures(t)[0]) for t in ("올해 예산이 30억 원인데 얼마나 늘었어요?",
    ...                                                           "만 45살인데 청년 요금 받을 수 있어요?")]
    [False, False]
    >>> q = "대학 4학년 2학기에 다니고 있는데, 2024년 일경험 프로젝트에 지원할 수 있나요?"  # a term is a period
    >>> [(f.raw, is_own_circumstance(q, f)) for f in extract_figures(q)]
    [('4', True), ('2학기', True), ('2024년', False)]
    """
    if (figure.kind not in QUANTITY_KINDS and figure.kind not in ("number", "period")) or figure.start < 0:
        return False
    text = nfc(text)
    end = figure.start + len(figure.raw)
    counted = value_and_unit(figure)
    if (counted is not None and counted[1] in _AGE_UNITS) or text[end:end + 1] in _AGE_UNITS:  # "만 45살인데"
        return False
    return bool(_OWN_CIRCUMSTANCE.match(text, end)) and bool(_ASKS_IF_ALLOWED.search(text, end))


def years_named(text: str) -> set[int]:
    """The years a text writes out (spans of at most ten years expanded).

    >>> sorted(years_named("2024회계연도 결산과 2026~2028년 계획")), years_named("2,030억 원, 2030명")
    ([2024, 2026, 2027, 2028], set())
    >>> sorted(years_named("2023~24년 겨울"))
    [2023, 2024]
    """
    years: set[int] = set()
    for match in _YEAR_SPAN.finditer(nfc(text)):
        first = int(match.group(1))
        last = int(match.group(1)[:4 - len(match.group(2))] + match.group(2)) if match.group(2) else first
        years |= set(range(first, last + 1)) if 0 <= last - first <= 10 else {first, last}
    return years


def years_spoken_of(sentence: str, header: str, doc_year: int | None, own_year: int | None = None) -> set[int]:
    """The years a sentence of a dated document is about: those it (or its table's header) writes out, those
    its relative words name ("지난해" in a 2024 release: 2023), else the document's own year — ``own_year``
    when given (the year a report is about: :func:`year_reported_on`), else its date's. Empty when nothing
    tells (no year written and an undated document).

    >>> sorted(years_spoken_of("지난해에는 3,150개 업체에 공급됐다.", "", 2023))
    [2022]
    >>> sorted(years_spoken_of("지난해보다 20% 늘어난 1,500명을 뽑는다.", "", 2023))
    [2023]
    >>> sorted(years_spoken_of("신청은 2월 20일부터 받는다.", "", 2023)), years_spoken_of("신청은 2월부터", "", None)
    ([2023], set())
    """
    years = years_written_or_relative(sentence, header, doc_year)
    fallback = own_year if own_year is not None else doc_year
    if not years and fallback is not None:
        years.add(fallback)
    return years

# The year a title puts in brackets, "(2024년)": "온실가스 2018년보다 … 감축" names a baseline, not its subject.
_TITLE_YEAR = re.compile(r"\(((?:19|20)\d{2})년?(?:도)?\)")


def year_reported_on(title: str, date: dt.date | None) -> int | None:
    """The one year a document's title names when it is earlier than the document's date: a case study
    "… 시범 적용 사례(2024년)" written in January 2025 is about 2024, and its sentences that write no year are
    2024's. None for other titles: no bracketed year ("온실가스 2018년보다 … 감축" names a baseline), a span,
    or the year of the date or a later one (a plan for the coming year).

    >>> year_reported_on("민원 답변 도우미 시범 적용 사례(2024년)", dt.date(2025, 1, 22))
    2024
    >>> year_reported_on("온실가스 2018년보다 18.6% 감축", dt.date(2026, 2, 10)), year_reported_on("계획(2026년)", dt.date(2025, 12, 5))
    (None, None)
    """
    named = _TITLE_YEAR.findall(title)
    if len(named) != 1 or date is None:
        return None
    year = int(named[0])
    return year if year < date.year else None



def years_written_or_relative(sentence: str, header: str, doc_year: int | None) -> set[int]:
    """The years a sentence (or its table's header) writes out, and those its relative words name from its
    document's year ("올해", "지난해"; "지난해보다" compares, it does not name); empty when none.

    >>> sorted(years_written_or_relative("올해 배정 인원은 310명이다.", "", 2024))
    [2024]
    """
    years = years_named(sentence) | years_named(header)
    if doc_year is not None:
        relative = _BASELINE_YEAR.sub(" ", sentence)
        years |= {doc_year + shift for pattern, shift in _RELATIVE_YEARS if pattern.search(relative)}
    return years


# --- which item of a passage a figure belongs to -------------------------------------------------------


def figure_label(sentence: str, figure: Figure) -> str:
    """The words that label ``figure`` in ``sentence``: since the previous figure with a value, or comma.

    >>> s = "2023년 4,700개, 2024년 5,800개"
    >>> figure_label(s, extract_figures(s)[3])
    ' 2024년 '
    """
    ends = [f.start + len(f.raw) for f in extract_figures(sentence)
            if f.kind in VALUED_KINDS and 0 <= f.start < figure.start]
    return sentence[max(ends, default=0):max(figure.start, 0)].rsplit(",", 1)[-1]


def states_cell(claim: Figure, cell: Figure) -> bool:
    """Whether a claimed figure is a passage's or a table cell's figure. A cell's bare number ("5,800" in a
    table without units) is read as any figure of that value; a claim's bare number ("4~9월"'s 4) only as
    that number."""
    if claim.kind == "number":
        return cell.kind == "number" and cell.norm == claim.norm
    return figure_matches(claim, cell) or (cell.kind == "number" and figure_matches(cell, claim))


def starts_word(text: str, term: str) -> bool:
    """Whether a word of ``text`` starts with ``term``: "2024" in "2024년에", not in "12024"; "예산" not in
    "본예산"."""
    return re.search(rf"(?<![가-힣A-Za-z0-9]){re.escape(term)}", text) is not None


# Items are separated by commas, or by "과" / "와" right after a figure ("시비 90억 원과 구비 30억 원").
_ITEM_BREAK = re.compile(r",|(?<=[0-9원명개곳건호%])(?:과|와)\s")


def enumerations(text: str) -> list[list[tuple[str, Figure]]]:
    """The enumerations of a passage: two or more items "name figure" of one clause (separated by commas,
    or by 과 / 와 after a figure) whose figures are of one kind and whose names — the noun right before each
    figure — differ.

    >>> [[(n, f.raw) for n, f in items] for items in enumerations("첫째 200만 원, 둘째 300만 원을 지급한다.")]
    [[('첫째', '200만 원'), ('둘째', '300만 원')]]
    """
    out = []
    for clause in re.split(r"[.;]\s", text):
        items: list[tuple[str, Figure]] = []
        for part in _ITEM_BREAK.split(clause):
            figures = [f for f in extract_figures(part) if f.kind in QUANTITY_KINDS]
            words = part[:figures[0].start].split() if figures else []  # an item's figure comes first
            if words and re.fullmatch(r"[가-힣A-Za-z·]{2,}", words[-1]) and _is_noun(words[-1]):
                items.append((words[-1], figures[0]))
        for kind in dict.fromkeys(f.kind for _, f in items):  # like items: amounts with amounts
            alike = [(name, f) for name, f in items if f.kind == kind]
            if len(alike) >= 2 and len({name for name, _ in alike}) == len(alike):
                out.append(alike)
    return out


@lru_cache(maxsize=8192)
def _is_noun(word: str) -> bool:
    """Whether a word is a name alone — no particle, ending or verb: "둘째", "시비", "동림구", not "청년이"."""
    return not any(tag.startswith(("J", "E", "V")) for _, tag in tagged_morphemes(word))


def misread_enumeration(sentence: str, passages: Sequence[str]) -> bool:
    """Whether a figure the passages state only inside enumerations sits, in the sentence, under another
    item's name: "둘째 출산지원금은 200만 원" from "첫째 200만 원, 둘째 300만 원".

    >>> misread_enumeration("동림구 배정 인원은 270명이다.", ["배정 인원은 중앙구 270명, 동림구 310명이다."])
    True
    >>> misread_enumeration("동림구 배정 인원은 310명이다.", ["배정 인원은 중앙구 270명, 동림구 310명이다."])
    False
    """
    lists = [items for text in passages for items in enumerations(text)]
    for figure in extract_figures(sentence) if lists else []:
        if figure.kind not in QUANTITY_KINDS:
            continue
        label = figure_label(sentence, figure)
        verdicts = []
        for items in lists:
            holding = {name for name, value in items if states_cell(figure, value)}
            named = [name for name, _ in items if starts_word(label, name)]
            if holding:
                verdicts.append(not named or any(name in holding for name in named))
        if verdicts and not any(verdicts):
            return True
    return False
