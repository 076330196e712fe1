"""Evidence selection: the sentences of the retrieved chunks that answer the question, each located
exactly in its document so a citation can quote it.

Cheap and extractive on purpose (DESIGN.md, "The embedded LLM"): choosing evidence sentences first makes
every later step — the extractive answer, the LLM's short prompt, the support check — grounded by
construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.korean import content_morphemes, split_sentences
from core.types import Hit

# Question words and light verbs that say what is asked, not what the answer is about.
QUESTION_TERMS = frozenset(
    ["몇", "무엇", "뭐", "얼마", "얼마나", "언제", "어디", "누구", "어떻", "어떤", "어느", "왜", "알리", "알려주", "궁금", "하", "있", "되", "것", "수", "등", "좀", "대하", "관하", "말하", "경우", "내용", "무슨", "건", "어떠", "이", "그", "저", "해", "년도", "가지", "정도"]
)
# Instructions planted in documents ("ignore previous instructions…") are data, never evidence: a sentence
# that talks to the assistant is not a fact about the city.
_INSTRUCTION = re.compile(
    r"(지시|명령|프롬프트|규칙)\S*\s*(을|를)?\s*(모두\s*)?무시|무시하고|라고\s*답하|답하라|출력하라|따르라|"
    r"ignore (all )?(previous|prior|above) instructions|system prompt|you are now",
    re.IGNORECASE,
)
_LIST_MARK = re.compile(r"^[□○◦ㅇ\-※•▪■●·]\s*")


@dataclass(frozen=True)
class Evidence:
    text: str
    hit: Hit
    start: int  # offsets in the document text
    end: int
    score: float
    coverage: float  # weighted share of the question's content terms found in the sentence


def query_terms(question: str) -> list[str]:
    terms = [t for t in dict.fromkeys(content_morphemes(question)) if t not in QUESTION_TERMS]
    return terms


def _weight(term: str) -> float:
    """Digits and long terms say more than short common nouns."""
    if any(ch.isdigit() for ch in term):
        return 2.0
    return 1.0 + min(len(term), 4) * 0.25


def coverage(terms: list[str], text: str, tokens: set[str] | None = None) -> float:
    if not terms:
        return 0.0
    tokens = tokens if tokens is not None else set(content_morphemes(text))
    total = sum(_weight(t) for t in terms)
    found = sum(_weight(t) for t in terms if t in tokens or (len(t) > 1 and t in text))
    return found / total


def sentences_of(hit: Hit) -> list[tuple[str, int, int]]:
    """Sentences of a hit's chunk with their offsets in the document text."""
    out = []
    cursor = 0
    for sent in split_sentences(hit.chunk.text):
        pos = hit.chunk.text.find(sent, cursor)
        if pos < 0:
            continue
        cursor = pos + len(sent)
        out.append((sent, hit.chunk.start + pos, hit.chunk.start + pos + len(sent)))
    return out


_ANSWER_TYPES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (re.compile(r"몇\s*(명|곳|개|건|대|가구|회|차례|개소|팀)"), re.compile(r"\d[\d,.]*\s*(만|천)?\s*(명|곳|개|건|대|가구|회|개소|팀)")),
    (re.compile(r"얼마|예산|비용|금액|사업비"), re.compile(r"\d[\d,.]*\s*(조|억|만|천)?\s*원")),
    (re.compile(r"언제|며칠|날짜|기간|몇\s*월|시기"), re.compile(r"\d{1,4}\s*[년월일.]|\d+\s*분기")),
    (re.compile(r"몇\s*%|비율|퍼센트|률은|율은"), re.compile(r"\d[\d.]*\s*(%|퍼센트|%p)")),
)


def answer_type_bonus(question: str, sentence: str) -> float:
    """Reward sentences holding the kind of figure the question asks for (몇 명 → a count, 얼마 → 원 …)."""
    for asks, holds in _ANSWER_TYPES:
        if asks.search(question):
            return 0.15 if holds.search(sentence) else -0.05
    return 0.0


def _form_bonus(sentence: str) -> float:
    """Full sentences answer better than headlines and short list fragments."""
    stripped = sentence.rstrip()
    return 0.05 if stripped.endswith(("다.", "다", ".")) and len(stripped) >= 25 else 0.0


def _recency(question: str, hits: list[Hit]) -> dict[str, float]:
    """When the question asks for the latest state, newer documents get a small bonus (ranked by date)."""
    from core.textnorm import asks_for_latest

    if not asks_for_latest(question):
        return {}
    dated = sorted({h.doc.doc_id: h.doc.date for h in hits if h.doc.date}.items(), key=lambda x: x[1], reverse=True)
    return {doc_id: 0.08 / (1 + i) for i, (doc_id, _) in enumerate(dated)}


def select_evidence(question: str, hits: list[Hit], *, limit: int = 5) -> list[Evidence]:
    """Score every sentence of the top hits by question-term coverage, with the hit's rank as a prior."""
    terms = query_terms(question)
    recency = _recency(question, hits)
    top_score = max((h.score for h in hits), default=1.0) or 1.0
    scored: list[Evidence] = []
    seen: set[str] = set()
    for rank, hit in enumerate(hits):
        prior = 0.25 * (hit.score / top_score) + 0.1 / (1 + rank) + recency.get(hit.doc.doc_id, 0.0)
        for text, start, end in sentences_of(hit):
            key = re.sub(r"\s+", "", text)
            if key in seen or len(key) < 6 or looks_like_instruction(text):
                continue
            seen.add(key)
            cov = coverage(terms, text)
            score = 0.75 * cov + prior + answer_type_bonus(question, text) + _form_bonus(text)
            scored.append(Evidence(text, hit, start, end, score, cov))
    scored.sort(key=lambda e: -e.score)
    return scored[:limit]


def looks_like_instruction(sentence: str) -> bool:
    return bool(_INSTRUCTION.search(sentence))


def clean_for_answer(sentence: str) -> str:
    """An evidence sentence as answer prose: list marks dropped, table pipes made readable."""
    text = _LIST_MARK.sub("", sentence.strip())
    return text.replace(" | ", ", ")
