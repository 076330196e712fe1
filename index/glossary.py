"""Plain-language ↔ official terms, so a question worded in everyday Korean finds the document's term.

Citizens and reporters ask about "햇빛 발전", "정식 직원" or "바깥 업체에 맡긴 일"; releases say "태양광",
"정규직" and "외부 용역". The dense leg bridges some of these, the keyword leg none. A glossary file holds groups
of interchangeable expressions, one group per line, members separated by " | " ("#" starts a comment):

    태양광 | 햇빛 발전 | 태양 발전

When a member occurs in a query, the other members of its group become a second keyword query, added at a
lower weight (``RetrievalConfig.glossary_weight``), and count for the second stage's term coverage. The
bundled glossary (``index/glossary_ko.txt``) holds general municipal vocabulary; a city adds its own with
``PRESSROOM_GLOSSARY`` (a file in the same format, read in addition).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from core.errors import PressroomError
from core.korean import content_morphemes

BUNDLED = Path(__file__).with_name("glossary_ko.txt")

# Kiwi reads a lone short word without context differently from the same word in a sentence ("그늘막" alone is
# an interjection and two adverbs; "그늘막에 대해" is a noun and a noun) — a member is read both ways.
_CARRIER = "에 대해"
_MAX_GAP = 1  # query content morphemes allowed between a member's ("바깥 업체에 [일을] 맡기다"); particles never count


@dataclass(frozen=True)
class Member:
    surface: str                     # as written in the glossary
    readings: tuple[tuple[str, ...], ...]  # its content morphemes, read alone and in a carrier phrase
    group: int

    @cached_property  # frozen, but cached_property writes the instance dict directly
    def tokens(self) -> tuple[str, ...]:
        """What it adds to a keyword query: every reading's morphemes, and a one-word member whole
        (documents may keep the compound whole: "그늘막")."""
        tokens = [t for reading in self.readings for t in reading]
        if " " not in self.surface and len(self.surface) >= 2:
            tokens.append(self.surface)
        return tuple(dict.fromkeys(tokens))


@dataclass(frozen=True)
class Expansion:
    """What a query's glossary matches add: the keyword leg's second query and, for each matched query
    morpheme, the other members' surfaces that count as that morpheme in a chunk."""

    tokens: tuple[str, ...]
    equivalents: dict[str, tuple[str, ...]]

    def __bool__(self) -> bool:
        return bool(self.tokens)

    def surfaces(self) -> set[str]:
        """Every equivalent as written, for highlighting it in a hit."""
        return {s for group in self.equivalents.values() for s in group}


NO_EXPANSION = Expansion((), {})


class Glossary:
    def __init__(self, groups: list[list[str]]) -> None:
        self.groups = groups
        self.members = [Member(surface, _readings(surface), g)
                        for g, group in enumerate(groups) for surface in group]
        self._by_group: dict[int, list[Member]] = {}
        self._by_first: dict[str, list[tuple[Member, tuple[str, ...]]]] = {}
        for member in self.members:
            self._by_group.setdefault(member.group, []).append(member)
            for reading in member.readings:
                self._by_first.setdefault(reading[0], []).append((member, reading))

    def __len__(self) -> int:
        return len(self.groups)

    def expand(self, query_tokens: list[str],
               frequency: Callable[[tuple[str, ...]], dict[str, int]] | None = None, rare: int = 1) -> Expansion:
        """The other members of every group one of whose members the query holds (as morphemes in order).

        With ``frequency`` (the keyword index's chunk counts), only members the archive hardly uses — one of
        their morphemes in at most ``rare`` chunks — are expanded: where the question's words are the
        archive's words there is no mismatch to bridge, and expanding common words ("노인" → "어르신")
        pulls in passages the question did not ask for."""
        matched: dict[int, set[str]] = {}
        for i, token in enumerate(query_tokens):
            for member, reading in self._by_first.get(token, ()):
                span = _match_at(query_tokens, i, reading)
                if span and (frequency is None or min(frequency(reading).values()) <= rare):
                    matched.setdefault(member.group, set()).update(span)
        if not matched:
            return NO_EXPANSION
        present = set(query_tokens)
        tokens: list[str] = []
        equivalents: dict[str, tuple[str, ...]] = {}
        for group, query_terms in matched.items():
            others = [m for m in self._by_group[group] if not set(m.tokens) <= present]
            tokens.extend(t for m in others for t in m.tokens if t not in present)
            surfaces = tuple(m.surface for m in others)
            for term in query_terms:
                equivalents[term] = equivalents.get(term, ()) + surfaces
        return Expansion(tuple(dict.fromkeys(tokens)), equivalents)


def _readings(surface: str) -> tuple[tuple[str, ...], ...]:
    alone = tuple(content_morphemes(surface))
    readings = [alone]
    if not surface.endswith("다"):  # a verb or adjective in dictionary form reads the same alone
        readings.append(tuple(t for t in content_morphemes(surface + _CARRIER) if t not in _carrier_tokens()))
    # A reading that keeps under half the member's letters has lost what made it specific ("덜어주다" → "덜").
    letters = len(surface.replace(" ", ""))
    return tuple(r for r in dict.fromkeys(readings) if r and 2 * len("".join(r)) >= letters)


@lru_cache(maxsize=1)
def _carrier_tokens() -> frozenset[str]:
    """The carrier phrase's own morphemes (Kiwi loads on first use, not at import)."""
    return frozenset(content_morphemes("것" + _CARRIER)) - {"것"}


def _match_at(tokens: list[str], start: int, reading: tuple[str, ...]) -> set[str]:
    """The query morphemes of ``reading`` when it occurs from ``tokens[start]`` on, in order, with at most
    ``_MAX_GAP`` other content morphemes between two of them; empty when it does not."""
    position = start
    for want in reading[1:]:
        window = tokens[position + 1: position + 2 + _MAX_GAP]
        if want not in window:
            return set()
        position += 1 + window.index(want)
    return set(reading)


def parse(text: str, source: str) -> list[list[str]]:
    """Groups of a glossary file; a line with fewer than two members is an error naming the file and line."""
    groups = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        members = [m.strip() for m in line.split("|") if m.strip()]
        if len(members) < 2:
            raise PressroomError(f"용어집 {source} {number}행: 같은 뜻의 표현을 ' | '로 나눠 두 개 이상 적어야 합니다: {line!r}")
        groups.append(list(dict.fromkeys(members)))
    return groups


@lru_cache(maxsize=4)
def load_glossary(extra: str | None = None) -> Glossary:
    """The bundled glossary, plus a site's own file when one is set."""
    groups = parse(BUNDLED.read_text(encoding="utf-8"), BUNDLED.name)
    if extra:
        path = Path(extra)
        if not path.is_file():
            raise PressroomError(f"PRESSROOM_GLOSSARY: 용어집 파일을 찾을 수 없습니다: {extra}")
        groups += parse(path.read_text(encoding="utf-8"), str(path))
    return Glossary(groups)
