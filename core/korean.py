"""Kiwi, loaded once per process: content morphemes for search and support checks, sentence splits."""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from core.types import TABLE_CELL_SEPARATOR

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

# Content tags kept for keyword search (DESIGN.md: NN*, VV, VA, XR, SL, SN, SH, MM scored best on KorQuAD).
CONTENT_TAGS = ("NNG", "NNP", "NNB", "NR", "NP", "VV", "VA", "XR", "SL", "SN", "SH", "MM", "W_SERIAL")
_lock = threading.Lock()


@lru_cache(maxsize=1)
def kiwi() -> Kiwi:
    from kiwipiepy import Kiwi

    return Kiwi(num_workers=0)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def content_morphemes(text: str) -> list[str]:
    """Content morphemes (nouns, verb/adjective stems, roots, numbers, foreign words), particles out.

    >>> content_morphemes("서울시는 청년에게 월세를 지원한다")[:3]
    ['서울시', '청년', '월세']
    """
    if len(text) <= CACHED_TEXT_CHARS:
        return list(_cached_content_morphemes(text))
    return list(_content_morphemes(text))


# Answers analyse the same retrieved chunks' sentences again and again (a popular passage serves many
# questions): Kiwi was 60 % of an extractive answer's time. Analysis is a pure function of the text, so
# caching is exact; only sentence-sized texts are kept (ingestion's whole chunks would flood the cache).
CACHED_TEXT_CHARS = 400


@lru_cache(maxsize=65536)
def _cached_content_morphemes(text: str) -> tuple[str, ...]:
    return _content_morphemes(text)


def _content_tokens(text: str) -> list[Any]:
    with _lock:  # Kiwi objects are not documented as thread-safe; the API serves from threads.
        tokens = kiwi().tokenize(nfc(text))
    return [tok for tok in tokens if tok.tag.startswith(CONTENT_TAGS)]


def _form(tok: Any) -> str:
    return str(tok.form.lower() if tok.tag == "SL" else tok.form)


def _content_morphemes(text: str) -> tuple[str, ...]:
    return tuple(_form(tok) for tok in _content_tokens(text))


def question_morphemes(text: str) -> list[str]:
    """Content morphemes of a question, a run of one-syllable nouns written together read as one word.

    Kiwi breaks a word it does not know, or one whose next word misleads it, into one-syllable nouns: "큰 소파
    내다" → 소/파, "동림구에" → 동/림/구, "국비는" → 국/비. The documents' analysis keeps "소파" whole, so the
    question's syllables matched no sentence and the fee table's 소파 row lost to the 장롱 rows.

    >>> question_morphemes("큰 소파 내다 버리려면 수수료 얼마야?")
    ['크', '소파', '내', '버리', '수수료', '얼마']
    >>> question_morphemes("동림구에 세 곳")
    ['동림구', '세', '곳']
    """
    out: list[str] = []
    run_end = -1
    for tok in _content_tokens(text):
        syllable = tok.tag in ("NNG", "NNP", "MM") and len(tok.form) == 1  # "동림구" → 동/MM 림/NNG 구/NNG
        if syllable and out and tok.start == run_end:
            out[-1] += tok.form
        else:
            out.append(_form(tok))
        run_end = tok.start + tok.len if syllable else -1
    return out


# What names a topic: nouns, foreign words, numbers and roots — not counters ("명", "개"), verbs or endings.
_TOPIC_TAGS = frozenset({"NNG", "NNP", "SL", "SH", "SN", "XR"})


def topic_phrases(text: str) -> list[str]:
    """The text's runs of topic words as written, for carrying a topic into a follow-up question.

    >>> topic_phrases("청년 월세 지원은 몇 명까지 늘었어?")
    ['청년 월세 지원']
    >>> topic_phrases("2024년 한빛패스 이용자는 몇 명이야?")
    ['2024', '한빛패스 이용자']
    """
    text = nfc(text)
    with _lock:
        tokens = kiwi().tokenize(text)
    runs: list[tuple[int, int]] = []
    joined = False  # whether the previous token belongs to the current run
    for tok in tokens:
        adjacent = bool(runs) and joined and tok.start - runs[-1][1] <= 1 and not text[runs[-1][1]:tok.start].strip()
        if adjacent and (tok.tag in _TOPIC_TAGS or tok.tag == "XSN"):  # "이용" + "자" stays "이용자"
            runs[-1] = (runs[-1][0], tok.start + tok.len)
        elif tok.tag in _TOPIC_TAGS:
            runs.append((tok.start, tok.start + tok.len))
        joined = tok.tag in _TOPIC_TAGS or (adjacent and tok.tag == "XSN")
    return [text[a:b] for a, b in runs]


def content_morphemes_batch(texts: list[str]) -> list[list[str]]:
    return [content_morphemes(t) for t in texts]


def split_sentences(text: str) -> list[str]:
    """Korean sentence boundaries from Kiwi; blank lines and list marks (□ ○ - ※) also end a sentence.
    A table row (cells joined by " | ") is one sentence: Kiwi reads a noun ending in -음 as a sentence's end
    and cut "좋음 일수(일) | 31 | 42" into "좋음" and a row that no longer says which days it counts.

    >>> split_sentences("좋음 일수(일) | 31 | 42")
    ['좋음 일수(일) | 31 | 42']
    """
    return list(_split_sentences(text))


@lru_cache(maxsize=8192)
def _split_sentences(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for block in nfc(text).split("\n"):
        block = block.strip()
        if not block:
            continue
        if TABLE_CELL_SEPARATOR in block:
            out.append(block)
            continue
        with _lock:
            sents = kiwi().split_into_sents(block, return_tokens=True)
        spans = _mend_particle_starts(block, [_bounds(s) for s in sents])
        out.extend(block[a:b].strip() for a, b in spans if block[a:b].strip())
    return tuple(out)


_SENTENCE_END = re.compile(r"[.!?。](?=\s)")


def _mend_particle_starts(block: str, sents: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Kiwi ends a sentence after a closing 「…」 and starts the next with its particle ("…기관이다. 「기본계획」"
    / "에 따라 지난해 …"). A sentence must not start with a particle or an ending: its start moves back to
    the previous sentence's last full stop, or it joins the previous sentence when there is none."""
    spans: list[tuple[int, int]] = []
    for start, end, first_tag in sents:
        if spans and first_tag.startswith(("J", "E", "XS")):
            prev_start, _ = spans[-1]
            stops = [m.end() for m in _SENTENCE_END.finditer(block, prev_start, start)]
            if stops:
                spans[-1] = (prev_start, stops[-1])
                spans.append((stops[-1], end))
            else:
                spans[-1] = (prev_start, end)
            continue
        spans.append((start, end))
    return spans


def tagged_morphemes(text: str) -> list[tuple[str, str]]:
    """Every morpheme with its tag, for checks that need more than content words (names, negation).

    >>> tagged_morphemes("지원하지 않는다")[-2]
    ('않', 'VX')
    """
    return [(form, tag) for form, tag, _ in morphemes_with_offsets(nfc(text))]


def morphemes_with_offsets(text: str) -> list[tuple[str, str, int]]:
    """Every morpheme with its tag and where it starts in the text (read in the context of the whole text).

    >>> morphemes_with_offsets("3명 왔어")[-1]
    ('어', 'EF', 4)
    """
    with _lock:
        tokens = kiwi().tokenize(text)
    return [(tok.form, tok.tag, tok.start) for tok in tokens]


def join_morphemes(morphemes: list[tuple[str, str]]) -> str:
    """Spell morphemes as a word, Kiwi choosing each ending's form for its stem.

    >>> join_morphemes([("오", "VV"), ("었", "EP"), ("습니다", "EF")])
    '왔습니다'
    """
    with _lock:
        return str(kiwi().join(morphemes))


def analyse_sentences(text: str) -> list[tuple[int, int, list[str]]]:
    """One Kiwi pass over ``text``: sentence spans (lines never cross) with each sentence's content tokens.

    Splitting and tokenising in one analysis halves ingestion's Kiwi time versus ``split_sentences`` +
    ``content_morphemes`` (measured on the corpus: the two passes cost about the same).
    """
    text = nfc(text)
    with _lock:
        sents = kiwi().split_into_sents(text, return_tokens=True)
    tokens = [(t.start, t.form.lower() if t.tag == "SL" else t.form) for sent in sents for t in sent.tokens
              if t.tag.startswith(CONTENT_TAGS)]
    out: list[tuple[int, int, list[str]]] = []
    for sent_start, sent_end in _mend_particle_starts(text, [_bounds(s) for s in sents]):
        for start, end in _line_spans(text, sent_start, sent_end):
            out.append((start, end, [form for pos, form in tokens if start <= pos < end]))
    return out


def _bounds(sent: Any) -> tuple[int, int, str]:
    """A Kiwi sentence's span and its first morpheme's tag."""
    return sent.start, sent.end, sent.tokens[0].tag if sent.tokens else ""


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split [start, end) at newlines, trimming whitespace; empty pieces are dropped."""
    spans = []
    cursor = start
    while cursor < end:
        newline = text.find("\n", cursor, end)
        stop = end if newline < 0 else newline
        a, b = cursor, stop
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((a, b))
        cursor = stop + 1
    return spans
