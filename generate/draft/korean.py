"""Small Korean rewriting rules the drafter needs: dates in house format, particles that agree with the
preceding syllable, a fact sentence turned into a lead clause (``…늘린다고``) or a headline phrase
(``참여기업 230곳 선정``). Rule-based with Kiwi morphemes, so the template path needs no model.
"""

from __future__ import annotations

import datetime as dt
import re

from core.korean import kiwi, nfc

WEEKDAYS = "월화수목금토일"


def weekday(day: dt.date) -> str:
    return WEEKDAYS[day.weekday()]


def house_date(day: dt.date, fmt: str = "{y}. {m}. {d}.({w})") -> str:
    """``2026. 1. 27.(화)``: the house date format, year-month-day without zero padding."""
    return fmt.format(y=day.year, m=day.month, d=day.day, w=weekday(day))


def has_final_consonant(word: str) -> bool:
    """Whether the last Hangul syllable has a final consonant (받침); digits and Latin read as spoken."""
    word = word.rstrip(" )’”'\"")
    if not word:
        return False
    last = word[-1]
    if "가" <= last <= "힣":
        return (ord(last) - 0xAC00) % 28 != 0
    if last.isdigit():
        return last in "013678"  # 영, 일, 삼, 육, 칠, 팔 end in a consonant
    return last.lower() in "lmnr"


def topic_particle(word: str) -> str:
    return "은" if has_final_consonant(word) else "는"


def _tokens(text: str) -> list[tuple[str, str, int, int]]:
    from core.korean import _lock

    with _lock:
        return [(t.form, t.tag, t.start, t.len) for t in kiwi().tokenize(text)]


def _conjugate(stem: str, tag: str, ending: str) -> str:
    from core.korean import _lock

    with _lock:
        return str(kiwi().join([(stem, tag), (ending, "EC")]))


def strip_end(sentence: str) -> str:
    return nfc(sentence).strip().rstrip(".。 ")


def lead_clause(sentence: str) -> str:
    """A declarative fact as reported speech before ``고 N일 밝혔다``: 늘린다 → 늘린다, 원이다 → 원이라,
    목표다 → 목표라 (the copula becomes 이라/라; every other ending keeps its 다)."""
    text = strip_end(sentence)
    tokens = [t for t in _tokens(text + ".") if t[1] != "SF"]  # Kiwi parses a copula better with its period
    if len(tokens) >= 2 and tokens[-1][1] == "EF" and tokens[-2][1] == "VCP":
        if text.endswith("이다"):
            return text[:-2] + "이라"
        if text.endswith("다"):
            return text[:-1] + "라"
    return text


_DROP_PARTICLES = ("JX", "JKS", "JKO")
_DROP_FORMS = frozenset({"은", "는", "이", "가", "을", "를", "ᆫ", "ᆯ"})  # not 부터/까지/도/만: they carry meaning
_NOUNISH = ("NN", "SN", "NR", "SSC", "SL", "SH", "XSN")


def headline_phrase(sentence: str) -> str:
    """A fact sentence as a headline/sub-headline phrase: subject and object particles dropped, a final
    ``X하다`` cut to X, a final verb turned into its ``-어`` form, a final copula dropped.

    ``참여기업은 230곳을 선정했다.`` → ``참여기업 230곳 선정``; ``문을 연다`` → ``문 열어``. Clauses joined
    by ``…고,``/``…며,`` are shortened one by one and joined by a comma.
    """
    clauses = split_clauses(sentence)
    if len(clauses) > 1:
        return ", ".join(_clause_phrase(c) for c in clauses)
    return _clause_phrase(sentence)


_CITY_SUBJECT = re.compile(r"^(시는|시가)\s+")


def _clause_phrase(sentence: str) -> str:
    text = _CITY_SUBJECT.sub("", strip_end(sentence))
    tokens = [t for t in _tokens(text + ".") if t[2] < len(text)]
    end, tail = _predicate_cut(text, tokens)
    kept: list[str] = []
    pos = 0
    for i, (form, tag, start, length) in enumerate(tokens):
        if start >= end:
            break
        prev = tokens[i - 1] if i else None
        if (tag in _DROP_PARTICLES and form in _DROP_FORMS and length > 0 and prev is not None
                and prev[1].startswith(_NOUNISH) and prev[2] + prev[3] <= start):
            kept.append(text[pos:start])
            pos = start + length
    kept.append(text[pos:end])
    phrase = re.sub(r"\s+", " ", "".join(kept) + tail).strip(" ,")
    return re.sub(r"\s?\([월화수목금토일]\)", "", phrase)  # headlines name no weekday


def _predicate_cut(text: str, tokens: list[tuple[str, str, int, int]]) -> tuple[int, str]:
    """Where the final predicate starts being dropped, and what replaces it."""
    idx = len(tokens) - 1
    while idx >= 0 and tokens[idx][1] in ("EF", "EP", "SF", "EC", "ETM"):
        idx -= 1
    if idx < 0:
        return len(text), ""
    form, tag, start, _ = tokens[idx]
    if tag in ("XSV", "XSA") and idx > 0:
        noun = tokens[idx - 1]
        if noun[1].startswith("NN"):  # 선정했다 → 선정
            return noun[2] + noun[3], ""
        return start, _conjugate(form, tag, "어")  # 더한다 → 더해
    if tag == "VCP":
        return start, ""
    if tag.startswith(("VV", "VA", "VX")):
        return start, _conjugate(form, tag, "어")  # keep -I: 짓 → 지어
    return len(text), ""


def split_clauses(sentence: str) -> list[str]:
    """Clauses joined by ``…고,`` / ``…며,`` / ``…으며,``; each keeps its own words."""
    parts = re.split(r"(?<=[고며]),\s+", strip_end(sentence))
    if len(parts) > 1:  # the connective ending belongs to the clause, not to a phrase made from it
        parts = [p[:-1] + "다" if p.endswith(("이며", "이고")) else p for p in parts[:-1]] + parts[-1:]
    return [p.strip() for p in parts if p.strip()]
