"""Evidence selection: the sentences of the retrieved chunks that answer the question, each located
exactly in its document so a citation can quote it.

Cheap and extractive on purpose (DESIGN.md, "The embedded LLM"): choosing evidence sentences first makes
every later step — the extractive answer, the LLM's short prompt, the support check — grounded by
construction.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from core.korean import content_morphemes, question_morphemes, split_sentences
from core.textnorm import DURATION_UNITS, table_start, years_named
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
LIST_MARKS = r"□○◦ㅇ\-※•▪■●·"  # the marks a list item opens with, as a regex character class's contents
_LIST_MARK = re.compile(rf"^[{LIST_MARKS}]\s*")


@dataclass(frozen=True)
class Evidence:
    text: str
    hit: Hit
    start: int  # offsets in the document text
    end: int
    score: float
    coverage: float  # weighted share of the question's content terms found in the sentence
    context: str = ""  # for a table row: the table's header line, which names its columns and units
    # For a table row: the prose line that introduces its table ("지난해 월세를 지원받은 청년을 나이대별로 보면
    # 다음과 같다."), which may say which year the rows are of when neither they nor the header does.
    lead_in: str = ""
    # The one year the top-level part of its document is about ("Ⅱ. 2024년 추진 실적" in the 2025 plan): the year
    # of a sentence that writes none, rather than the document's date's (:func:`with_part_years`).
    part_year: int | None = None


def query_terms(question: str) -> list[str]:
    return [t for t in dict.fromkeys(question_morphemes(question)) if t not in QUESTION_TERMS]


def _weight(term: str) -> float:
    """Digits and long terms say more than short common nouns."""
    if any(ch.isdigit() for ch in term):
        return 2.0
    return 1.0 + min(len(term), 4) * 0.25


def coverage(terms: list[str], text: str, tokens: set[str] | None = None,
             weights: dict[str, float] | None = None, equivalents: Mapping[str, tuple[str, ...]] | None = None,
             ) -> float:
    """Weighted share of ``terms`` the text holds; a term also counts when the text holds one of its
    ``equivalents`` (a glossary's: "시 예산" is held by a sentence saying "시비")."""
    if not terms:
        return 0.0
    tokens = tokens if tokens is not None else set(content_morphemes(text))
    weights = weights or {t: _weight(t) for t in terms}
    equivalents = equivalents or {}
    total = sum(weights[t] for t in terms)
    found = sum(weights[t] for t in terms
                if t in tokens or (len(t) > 1 and t in text) or any(e in text for e in equivalents.get(t, ())))
    return found / total if total else 0.0


def question_equivalents(question: str, kb: Any) -> dict[str, tuple[str, ...]]:
    """The glossary's other wordings of the question's terms ("시 예산" → "시비"), for sentence scoring;
    empty without a knowledge base whose retriever holds a glossary. Unlike the keyword leg, every group
    the question names is expanded, common words too: here it credits a sentence, it pulls in no passage."""
    glossary = getattr(getattr(kb, "retriever", None), "glossary", None)
    if glossary is None:
        return {}
    return dict(glossary.expand(content_morphemes(question)).equivalents)


def focus_weights(terms: list[str], title: str, topic_discount: float = 0.3) -> dict[str, float]:
    """Term weights within one document: terms its title already holds name the topic every sentence of
    the document is about, so they count ``topic_discount`` as much as the terms that say which part of
    it is asked ("…자금 **신청**은 언제부터"). Without it the lead sentence, which restates the headline,
    wins over the sentence that answers (corpus eval: evidence leads with a gold passage 0.30 → 0.42
    from this alone)."""
    title_tokens = set(content_morphemes(title)) if title else set()
    return {t: _weight(t) * (topic_discount if t in title_tokens or (len(t) > 1 and t in title) else 1.0)
            for t in terms}


_TABLE_UNIT = re.compile(r"단위\s*[:：]\s*([^)\]\n,]{1,10})")


def _lines_to_row(text: str, row_start: int) -> list[str]:
    """The lines of ``text`` up to and including the one starting at ``row_start``."""
    row_end = text.find("\n", row_start)
    return [*text[:row_start].split("\n")[:-1], text[row_start:row_end if row_end >= 0 else len(text)]]


def table_header(chunk_text: str, row_start: int, section: str = "") -> str:
    """The header line of the table a row belongs to (the first ``|`` line of the row's contiguous block),
    preceded by the table's unit note ("(단위: 백만 원)") when the lines above it or the section give one.
    Empty when the row is itself the header, or not a table row."""
    lines = _lines_to_row(chunk_text, row_start)
    first = table_start(lines, len(lines) - 1)
    if first == len(lines) - 1 or "|" not in lines[first]:
        return ""
    header = lines[first].strip()
    notes = [line for line in lines[max(0, first - 3):first] if _TABLE_UNIT.search(line)]
    unit_note = notes[-1] if notes else (section if _TABLE_UNIT.search(section or "") else "")
    return f"{unit_note.strip()}\n{header}" if unit_note else header


def table_intro(text: str, row_start: int) -> str:
    """The prose line just above the header of the table a row (at ``row_start``) belongs to, skipping a unit
    note; empty when the table opens the text or the line above is no prose.
    """
    lines = _lines_to_row(text, row_start)
    above = lines[:table_start(lines, len(lines) - 1)]
    while above and (not above[-1].strip() or _TABLE_UNIT.search(above[-1])):
        above.pop()
    return above[-1].strip() if above and "|" not in above[-1] else ""


# A top-level part of a plan or report: "Ⅱ. 2024년 추진 실적", "Ⅲ. 2025년 성과 목표".
_PART_HEADING = re.compile(r"(?m)^[ \t]*[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ][ \t]?\.?[ \t].*$")


def part_years(document_text: str) -> list[tuple[int, int | None]]:
    r"""Where each top-level part of a document starts, and the one year its heading names (None for none, or
    a span: "Ⅱ. 제1차 기본계획(2020~2024) 평가").

    >>> part_years("Ⅰ. 개요\n본문\nⅡ. 2024년 추진 실적\n실적\nⅢ. 제1차(2020~2024) 평가\n")
    [(0, None), (9, 2024), (27, None)]
    """
    out: list[tuple[int, int | None]] = []
    for m in _PART_HEADING.finditer(document_text):
        years = years_named(m.group(0))
        out.append((m.start(), next(iter(years)) if len(years) == 1 else None))
    return out


def _document_text(manifest: Any, doc_id: str, texts: dict[str, str | None]) -> str | None:
    """A document's text, read once into ``texts`` (shared by the readers of one answer's evidence)."""
    if doc_id not in texts:
        texts[doc_id] = manifest.document_text(doc_id)
    return texts[doc_id]


def with_part_years(evidence: list[Evidence], kb: Any, texts: dict[str, str | None] | None = None) -> list[Evidence]:
    """Each sentence with the year of the document part holding it (``Evidence.part_year``); ``kb`` gives
    ``manifest.document_text``, ``texts`` the documents already read. Unchanged without a manifest."""
    manifest = getattr(kb, "manifest", None)
    if manifest is None:
        return evidence
    texts = {} if texts is None else texts
    outlines: dict[str, list[tuple[int, int | None]]] = {}
    out = []
    for e in evidence:
        doc_id = e.hit.chunk.doc_id
        if doc_id not in outlines:
            text = _document_text(manifest, doc_id, texts)
            outlines[doc_id] = part_years(text) if text else []
        year = None
        for start, named in outlines[doc_id]:
            if start > e.start:
                break
            year = named
        out.append(replace(e, part_year=year) if year is not None else e)
    return out


_ITEM_START = re.compile(r"\s*(?:[-·•※▪]|\d+\))")


def _row_or_item_line(line: str) -> bool:
    return "|" in line or bool(_ITEM_START.match(line))


def is_row_or_item(e: Evidence) -> bool:
    """A table row (read with a header) or a list item ("- …", "· …"), which often leaves its topic to the lines
    above it."""
    return bool(e.context) or _row_or_item_line(e.text)


def lines_above(e: Evidence, limit: int = 12) -> str:
    """For a table row or list item, the lines of its passage above it up to the line that heads them
    ("○ AI 돌봄 안부전화 확대" over the table of each district's users); empty for a prose sentence, whose topic
    is in itself."""
    if not is_row_or_item(e):
        return ""
    above = e.hit.chunk.text[:max(e.start - e.hit.chunk.start, 0)].rstrip("\n").split("\n")
    block: list[str] = []
    for line in reversed(above[-limit:]):
        block.append(line)
        if line.strip() and not _row_or_item_line(line):
            break
    return "\n".join(reversed(block))


def table_lead_in(document_text: str, chunk_start: int) -> str:
    """The lines of a table above a chunk that opens inside it (its header, the rows before, and up to three
    lines above for a unit note), ending in a newline; empty when the text above does not end in a table.
    A long table is split across chunks, and its later rows are read under the header of the first."""
    lines = document_text[:chunk_start].rstrip("\n").split("\n")
    opening = document_text[chunk_start:].split("\n", 1)[0]
    if "|" not in lines[-1]:
        # The chunk opens at a table's header: the prose line introducing the table (and a unit note under it)
        # stays with it — "지난해 두 병원의 진료 현황은 다음과 같다." says which year the rows are (fresh-45's ry1-009).
        return _introducing_lines(lines) if "|" in opening else ""
    if table_start([lines[-1], opening], 1) == 1:  # the chunk opens a table of its own
        return ""
    block = table_start(lines, len(lines) - 1)
    return "\n".join(lines[max(0, block - 3):]) + "\n"


def _introducing_lines(lines: list[str]) -> str:
    """The prose line above a table's header, with a unit note between, ending in a newline; empty when none."""
    block = lines[-2:] if len(lines) >= 2 and _TABLE_UNIT.search(lines[-1]) else lines[-1:]
    return "\n".join(block) + "\n" if block and block[0].strip() and "|" not in block[0] else ""


def table_lead_ins(hits: list[Hit], kb: Any, texts: dict[str, str | None] | None = None) -> dict[str, str]:
    """For each hit whose chunk opens inside a table, the table's lines above it in its document
    (:func:`table_lead_in`), so its rows are read under the table's header rather than under their first
    row (32 of the bundled corpus's 757 chunks open so). ``kb`` gives ``manifest.document_text``; ``texts``
    holds the documents already read (each is read once, however many of its chunks were hit)."""
    manifest = getattr(kb, "manifest", None)
    texts = {} if texts is None else texts
    out: dict[str, str] = {}
    for hit in hits:
        if manifest is None or hit.chunk.start == 0 or "|" not in hit.chunk.text.split("\n", 1)[0]:
            continue
        text = _document_text(manifest, hit.chunk.doc_id, texts)
        if text:
            out[hit.chunk.chunk_id] = table_lead_in(text, hit.chunk.start)
    return out


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
    # "얼마 동안 쓰지 않으면": a span of time, before "얼마" reads as 원 (fresh-47's sa1-007: "24시간 동안 … 없으면").
    (re.compile(r"얼마\s?동안|얼마나\s?오래"),
     re.compile(rf"\d[\d,.]*\s*(?:{'|'.join(sorted(DURATION_UNITS | {'주일'}, key=len, reverse=True))})(?![가-힣])")),
    (re.compile(r"얼마|예산|비용|금액|사업비"), re.compile(r"\d[\d,.]*\s*(조|억|만|천)?\s*원")),
    # "언제부터/까지", a period or a day asks for a month or a day; a bare year ("2024년") does not answer it. A
    # deadline counted from the event answers "언제까지" too ("24시간 안에 … 신고": fresh-32's rl3-007).
    (re.compile(r"언제\s*부터|언제\s*까지|며칠|날짜|기간|몇\s*월"),
     re.compile(r"\d{1,2}\s*[월일]|\d{1,2}\.\s*\d{1,2}\.|\d+\s*분기|\d+\s*(?:시간|주|개월)\s*(?:안에|이내|내에|안으로)")),
    (re.compile(r"언제|시기"), re.compile(r"\d{1,4}\s*[년월일.]|\d+\s*분기")),
    (re.compile(r"몇\s*%|비율|퍼센트|률은|율은"), re.compile(r"\d[\d.]*\s*(%|퍼센트|%p)")),
)


def answer_type_bonus(question: str, sentence: str) -> float:
    """Reward sentences holding the kind of figure the question asks for (몇 명 → a count, 얼마 → 원 …).
    A press release's "…했다고 14일 밝혔다" dates the announcement, not what a "언제" question asks."""
    sentence = without_announcement_date(sentence)
    for asks, holds in _ANSWER_TYPES:
        if asks.search(question):
            return 0.15 if holds.search(sentence) else -0.05
    return 0.0


_ANNOUNCED = re.compile(r"\d{1,2}일\s*(밝혔다|발표했다|전했다)")


def without_announcement_date(sentence: str) -> str:
    """The sentence without its "14일 밝혔다" (when the release was issued, not a fact it reports)."""
    return _ANNOUNCED.sub("", sentence)


def _form_bonus(sentence: str) -> float:
    """Full sentences answer better than headlines and short list fragments."""
    stripped = sentence.rstrip()
    return 0.05 if stripped.endswith(("다.", "다", ".")) and len(stripped) >= 25 else 0.0


def recency_bonus(question: str, hits: list[Hit], *, bonus: float = 0.15, relevant: float = 0.8,
                  ) -> dict[str, float]:
    """When the question asks for the latest state, the documents retrieval found relevant (best hit scoring
    at least ``relevant`` × the top hit) gain ``bonus`` / (1 + rank by date, newest first).

    Only relevant documents compete: the newest hit is often another topic's release (a 2026 release on
    employment insurance for "스마트상점 … 요즘 기준"), and its sentences then led the answer. Over the corpus
    eval's 20 answerable "latest" questions, extractive key-fact recall 0.597 → 0.651 (with the model's
    meaning re-ranking 0.631 → 0.655) against the bonus over every hit's document (0.08 / (1 + rank));
    ``benchmarks/latest_evidence.py``.
    """
    from core.textnorm import asks_for_latest

    if not asks_for_latest(question) or not hits:
        return {}
    top = max(h.score for h in hits)
    best: dict[str, float] = {}
    for h in hits:
        best[h.doc.doc_id] = max(best.get(h.doc.doc_id, h.score), h.score)
    dates = {h.doc.doc_id: h.doc.date for h in hits if h.doc.date and best[h.doc.doc_id] >= relevant * top}
    newest_first = sorted(dates, key=dates.__getitem__, reverse=True)
    return {doc_id: bonus / (1 + i) for i, doc_id in enumerate(newest_first)}


# "제6회 빛축제 때 …" asked while the 6th festival's own release is among the hits: a release whose title names
# another edition ("제5회 … 68만 명 다녀가", which plans "제6회") is about that edition, and its sentences yield.
EDITION_PENALTY = 0.2
_EDITION_NUMBER = re.compile(r"^제?\d+")


def editions_elsewhere(question: str, hits: list[Hit]) -> set[str]:
    """The documents among ``hits`` whose title names another edition (of the same unit) than the one the
    question asks about — only when some hit's title names the asked edition, so that an edition the archive
    holds no document for is left to the edition gate (``generate.answer._names_the_edition``) to refuse."""
    from core.textnorm import extract_figures

    def editions(text: str) -> set[str]:
        return {f.norm for f in extract_figures(text) if f.kind == "ordinal"}

    asked = editions(question)
    titles = {h.doc.doc_id: editions(h.doc.title or "") for h in hits}
    if not asked or not any(named & asked for named in titles.values()):
        return set()
    units = {_EDITION_NUMBER.sub("", e) for e in asked}
    return {doc_id for doc_id, named in titles.items()
            if named and not named & asked and any(_EDITION_NUMBER.sub("", e) in units for e in named)}


def select_evidence(question: str, hits: list[Hit], *, limit: int = 5,
                    lead_ins: dict[str, str] | None = None, district: str | None = None,
                    equivalents: Mapping[str, tuple[str, ...]] | None = None) -> list[Evidence]:
    """Score every sentence of the top hits by question-term coverage, with the hit's rank as a prior.
    ``lead_ins`` maps a chunk id to the table lines above it (:func:`table_lead_in`) for chunks that open
    inside a table. ``district``: the one district the question singles out, whose own sentences and table
    rows come first (``generate.named_units.naming_first``). ``equivalents``: other wordings of the
    question's terms (:func:`question_equivalents`) that count for a sentence's score."""
    terms = query_terms(question)
    recency = recency_bonus(question, hits)
    top_score = max((h.score for h in hits), default=1.0) or 1.0
    scored: list[Evidence] = []
    seen: set[str] = set()
    other_editions = editions_elsewhere(question, hits)
    for rank, hit in enumerate(hits):
        prior = 0.25 * (hit.score / top_score) + 0.1 / (1 + rank) + recency.get(hit.doc.doc_id, 0.0)
        if hit.doc.doc_id in other_editions:
            prior -= EDITION_PENALTY
        weights = focus_weights(terms, hit.doc.title)
        title_key = re.sub(r"\s+", "", hit.doc.title or "")
        for text, start, end in sentences_of(hit):
            key = re.sub(r"\s+", "", text)
            # The headline is what a citation's attribution already names; quoting it again says nothing.
            if key in seen or len(key) < 6 or key == title_key or looks_like_instruction(text):
                continue
            seen.add(key)
            evidence = _scored_sentence(question, terms, weights, hit, (text, start, end), prior,
                                        (lead_ins or {}).get(hit.chunk.chunk_id, ""), equivalents)
            if evidence is not None:
                scored.append(evidence)
    scored.sort(key=lambda e: -e.score)
    if district:
        from generate.named_units import naming_first

        scored = naming_first(scored, district)
    return scored[:limit]


def rescore_by_meaning(question: str, candidates: list[Evidence], embedder: Any, *, weight: float,
                       top: int) -> list[Evidence]:
    """Add ``weight`` × the cosine between the question and each of the ``top`` best sentences (as read in an
    answer) to its score and re-rank them. Term coverage misses paraphrases ("몇 가지 항목" of "42개 항목",
    "폰으로 뗄 수 있는 서류" of "전자증명서"); the embedder reads them (corpus eval, extractive key-fact recall
    over factoid and table questions 0.755 → 0.79 re-scoring the best 8: ``benchmarks/evidence_meaning.py``)."""
    if not candidates[:top] or weight <= 0:
        return candidates
    return reranked_by_meaning(candidates, meaning_cosines(question, candidates[:top], embedder), weight)


def meaning_cosines(question: str, sentences: list[Evidence], embedder: Any) -> list[float]:
    """Cosine between the question and each evidence sentence as an answer would read it."""
    import numpy as np

    encode = getattr(embedder, "embed_passages", None) or embedder.embed_documents
    query = np.asarray(embedder.embed_queries([question]), dtype=np.float32)[0]
    vectors = np.asarray(encode([clean_for_answer(e.text, e.context) for e in sentences]), dtype=np.float32)
    return [float(c) for c in vectors @ query]


def reranked_by_meaning(candidates: list[Evidence], cosines: list[float], weight: float) -> list[Evidence]:
    """The first ``len(cosines)`` candidates re-ranked by score + ``weight`` × cosine; the rest after them."""
    head = [replace(e, score=e.score + weight * c) for e, c in zip(candidates, cosines, strict=False)]
    return sorted(head, key=lambda e: -e.score) + candidates[len(cosines):]


def _scored_sentence(question: str, terms: list[str], weights: dict[str, float], hit: Hit,
                     sentence: tuple[str, int, int], prior: float, lead_in: str = "",
                     equivalents: Mapping[str, tuple[str, ...]] | None = None) -> Evidence | None:
    """One sentence as evidence; a table row is read with its header, a table's header row is skipped."""
    text, start, end = sentence
    offset = start - hit.chunk.start
    above = lead_in + hit.chunk.text
    header = table_header(above, offset + len(lead_in), hit.chunk.section or "") if "|" in text else ""
    if "|" in text and not header and _starts_table(hit.chunk.text, offset, text):
        return None  # a table's header row names columns; the rows under it are the evidence
    # A table row is scored with its header and section: "북산구 | 64 | 18.9" alone names no column, and
    # its figures carry their units only once read with the header ("18.9" → "18.9만 원").
    scope = f"{header} {hit.chunk.section or ''} {text}" if header else text
    readable = render_table_row(header, text) if header else text
    tokens = set(content_morphemes(scope))  # one Kiwi pass for both coverages
    # Equivalents count for the score, not for ``Evidence.coverage``, which the weak-evidence refusal reads.
    focus = coverage(terms, scope, tokens, weights=weights, equivalents=equivalents)
    score = 0.75 * focus + prior + answer_type_bonus(question, readable) + _form_bonus(text)
    intro = table_intro(above, offset + len(lead_in)) if header else ""
    return Evidence(text, hit, start, end, score, coverage(terms, scope, tokens), header, intro)


def _starts_table(chunk_text: str, offset: int, line: str) -> bool:
    """Whether ``line`` (at ``offset``) is the first line of a table: the line after it is a row too."""
    following = chunk_text[offset + len(line):].lstrip("\n").split("\n", 1)[0]
    return "|" in following


def looks_like_instruction(sentence: str) -> bool:
    return bool(_INSTRUCTION.search(sentence))


def clean_for_answer(sentence: str, header: str = "") -> str:
    """An evidence sentence as answer prose: list marks dropped, a table row read with its header."""
    text = _LIST_MARK.sub("", sentence.strip())
    if header:
        return render_table_row(header, text)
    return text.replace(" | ", ", ")


_PARENTHESIS = re.compile(r"^(.*?)\s*\(([^()]{1,8})\)$")
# A unit of measure, optionally scaled ("백만 원", "만 명") or per something ("톤/일"). A header's parenthesis
# is read as a unit only when it is one: "2026년 예산(안)", "인원(연간)", "2024년(도입 전)" name a draft, a
# period or a state, and appending them to the figure gave "870안" and "3,200연간".
_UNIT_WORD = (r"(?:원|달러|명|개|곳|%p?|건|회|호|가구|세대|대|톤|kg|km|㎞|㎡|㎢|㎍/㎥|ha|[MGk]Wh?|분|초|시간|일|"
              r"개월|주|년|점|배|세|병상|편|권|장|그루|척|개소|학급|석|채|동|대수|명분)")
_UNIT = re.compile(rf"^(?:[십백천만억조]+\s?)?{_UNIT_WORD}(?:/{_UNIT_WORD})?$")


def _name_and_unit(cell: str) -> tuple[str, str]:
    """"평균 월 임대료(만 원)" → ("평균 월 임대료", "만 원"); a parenthesis that is no unit stays in the name.

    >>> _name_and_unit("직매립량(톤/일)"), _name_and_unit("2026년 예산(안)")
    (('직매립량', '톤/일'), ('2026년 예산(안)', ''))
    """
    match = _PARENTHESIS.match(cell.strip())
    if match and _UNIT.match(match.group(2).strip()):
        return match.group(1).strip(), match.group(2).strip()
    return cell.strip(), ""


def render_table_row(header: str, row: str) -> str:
    """A table row as a sentence that names its columns and carries their units:
    "북산구 | 64 | 18.9" under "자치구 | 공급 호수(호) | 평균 월 임대료(만 원)" →
    "북산구: 공급 호수 64호, 평균 월 임대료 18.9만 원." A header that does not fit is ignored.

    >>> render_table_row("구분 | 개편 전 | 개편 후", "하루 평균 이용객(명) | 612,400 | 637,100")
    '하루 평균 이용객: 개편 전 612,400명, 개편 후 637,100명.'
    >>> render_table_row("(단위: 백만 원)\\n팀 | 2025년 예산 | 집행률", "D-LAB팀 | 5,890 | 84.0%")
    'D-LAB팀: 2025년 예산 5,890백만 원, 집행률 84.0%.'
    """
    read = table_cells(header, row)
    if read is None:
        return row.replace(" | ", ", ")
    label, cells = read
    return f"{label}: " + ", ".join(f"{name} {value}" for name, value in cells) + "."


def table_cells(header: str, row: str) -> tuple[str, list[tuple[str, str]]] | None:
    """A table row's label and its (column name, value with unit) cells; None when the header does not fit.

    >>> table_cells("구분 | 2024년 | 2025년", "사회서비스형(개) | 4,700 | 5,800")
    ('사회서비스형', [('2024년', '4,700개'), ('2025년', '5,800개')])
    """
    lines = header.split("\n")
    names = [c.strip() for c in lines[-1].split("|")]
    cells = [c.strip() for c in row.split("|")]
    if len(names) != len(cells) or len(cells) < 2:
        return None
    note = _TABLE_UNIT.search(" ".join(lines[:-1]))
    table_unit = note.group(1).strip() if note else ""
    label, label_unit = _name_and_unit(cells[0])
    out = []
    for name_cell, value in zip(names[1:], cells[1:], strict=True):
        name, unit = _name_and_unit(name_cell)
        # The table's unit note covers amount columns, not counts or rates that share the table.
        unit = unit or label_unit or ("" if _NOT_AMOUNT.search(name) else table_unit)
        if unit and value[-1:].isdigit():
            value += unit
        out.append((name, value))
    return label, out


_NOT_AMOUNT = re.compile(r"수$|인원|인구|가구|호수|횟수|건|명|개|곳|회|률|율|비중|비율|순위|면적|시간|일수|기간|점수")
