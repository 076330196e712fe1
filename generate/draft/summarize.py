"""Summaries and policy explainers (정책 설명문) of one or more documents, every sentence cited.

Extractive first (DESIGN.md: choose evidence sentences first, cheap and already cited): sentences are
scored by centrality in their document (content-morpheme weight), figures, position and the heading they
sit under ("사례 요약", "개요", "목표" …), picked without redundancy up to a length budget, and cited to
their exact passage. With a model, the chosen sentences are rewritten and every model sentence is
aligned to its sources with :func:`generate.answer.align`; unsupported ones are dropped, and if none
survives the extractive summary is returned.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field

from core.errors import PressroomError
from core.korean import content_morphemes, split_sentences
from core.textnorm import extract_figures
from core.types import SearchFilters
from generate.evidence import clean_for_answer
from generate.types import AnswerSentence, Citation

Length = Literal["short", "medium", "long"]
CHAR_BUDGET: dict[str, int] = {"short": 320, "medium": 520, "long": 900}  # reference summaries: ~300 / ~450
PER_SECTION = {"short": 1, "medium": 2, "long": 3}
_BOILERPLATE = re.compile(r"^(보도자료|보도일시|엠바고|담당 부서|담당자|연락처|※ 이 보도자료|작성 부서|작성일|작성:|"
                          r"참여 부서|관련 근거|사례명)")
_KEY_HEADING = re.compile(r"요약|개요|목표|결과|성과|주요|핵심|비전")
_HEADING = re.compile(r"^(□|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+\.|\d+\.\s)")
_CONTACT = re.compile(r"^(담당 부서|담당자|연락처|문의)\s*:")


class SummaryError(PressroomError):
    code = "summary_failed"


class ExplainerSection(BaseModel):
    heading: str
    sentences: list[AnswerSentence]


class Summary(BaseModel):
    mode: Literal["summary", "explainer"] = "summary"
    doc_ids: list[str]
    length: str
    title: str = ""
    sentences: list[AnswerSentence]
    sections: list[ExplainerSection] = Field(default_factory=list)  # explainer only
    citations: list[Citation]
    generator: str = "extractive"
    timings: dict[str, float] = Field(default_factory=dict)

    @property
    def text(self) -> str:
        """The summary with its [n] markers; an explainer as headed sections."""
        if self.sections:
            blocks = [f"{s.heading}\n" + " ".join(_marked(x) for x in s.sentences) for s in self.sections]
            return (self.title + "\n\n" if self.title else "") + "\n\n".join(blocks)
        return " ".join(_marked(s) for s in self.sentences)


def _marked(s: AnswerSentence) -> str:
    return s.text + "".join(f"[{n}]" for n in s.citations)


@dataclass(frozen=True)
class Candidate:
    text: str  # exact passage of the document
    doc_id: str
    start: int
    end: int
    heading: str
    score: float
    terms: frozenset[str]
    order: int


# --- candidates ----------------------------------------------------------------------------------------


def candidates(doc_id: str, text: str, title: str) -> list[Candidate]:
    """Scored sentences of one document with their exact offsets; boilerplate and headings skipped."""
    located = list(_located_sentences(text, title))
    tf = Counter(t for s, *_ in located for t in set(content_morphemes(s)))
    title_terms = set(content_morphemes(title))
    out: list[Candidate] = []
    for order, (sentence, start, end, heading) in enumerate(located):
        terms = frozenset(content_morphemes(sentence))
        if len(terms) < 3 or len(sentence) < 20:
            continue  # headings and table fragments say too little alone
        centrality = sum(math.log1p(tf[t]) for t in terms) / (len(terms) ** 0.5 * 4)
        figures = min(len(extract_figures(sentence)), 4) * 0.08
        topical = 0.3 * len(terms & title_terms) / max(1, len(title_terms))
        place = 0.35 if _KEY_HEADING.search(heading) else 0.0
        early = 0.25 / (1 + order / 3)
        quote = -0.3 if "말했다" in sentence or " | " in sentence else 0.0  # opinions and table rows
        out.append(Candidate(sentence, doc_id, start, end, heading,
                             centrality + figures + topical + place + early + quote, terms, order))
    return out


def _located_sentences(text: str, title: str) -> Any:
    """(sentence, start, end, heading) for every body sentence; the title line and headings excluded."""
    heading = ""
    offset = 0
    for line in text.split("\n"):
        line_start = offset
        offset += len(line) + 1
        stripped = line.strip()
        if not stripped or _BOILERPLATE.match(stripped) or stripped == title.strip():
            continue
        if _HEADING.match(stripped) and len(stripped) < 60 and not stripped.endswith(("다.", "음", "함")):
            heading = stripped
            continue
        cursor = line_start
        for sentence in split_sentences(line):
            pos = text.find(sentence, cursor)
            if pos < 0:
                continue
            cursor = pos + len(sentence)
            yield sentence, pos, pos + len(sentence), heading


def select(pool: list[Candidate], budget: int, *, redundancy: float = 0.5) -> list[Candidate]:
    """Best-first up to ``budget`` characters, skipping near-duplicates (term Jaccard ≥ ``redundancy``)."""
    chosen: list[Candidate] = []
    used = 0
    for c in sorted(pool, key=lambda c: -c.score):
        size = len(clean_for_answer(c.text))
        if chosen and used + size > budget:
            continue
        if any(_jaccard(c.terms, x.terms) >= redundancy for x in chosen):
            continue
        chosen.append(c)
        used += size
    return chosen


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / max(1, len(a | b))


# --- the summarizer ------------------------------------------------------------------------------------


class Summarizer:
    def __init__(self, kb: Any, model: Any | None = None, *, min_support: float = 0.6) -> None:
        self.kb = kb
        self.model = model
        self.min_support = min_support

    def summarize(self, doc_ids: list[str], length: Length = "short",
                  filters: SearchFilters | None = None) -> Summary:
        t0 = time.perf_counter()
        docs = self._documents(doc_ids, filters or SearchFilters())
        pools = [candidates(doc_id, text, title) for doc_id, text, title in docs]
        chosen = _balanced(pools, CHAR_BUDGET[length])
        summary = self._cited("summary", [d for d, _, _ in docs], length, chosen, docs)
        if self.model is not None:
            summary = self._rewrite(summary)
        summary.timings["total"] = time.perf_counter() - t0
        return summary

    def explain(self, doc_ids: list[str], length: Length = "short",
                filters: SearchFilters | None = None) -> Summary:
        """A policy explainer: what changes, who, when and how, how much, whom to ask — each cited."""
        t0 = time.perf_counter()
        docs = self._documents(doc_ids, filters or SearchFilters())
        pool = [c for doc_id, text, title in docs for c in candidates(doc_id, text, title)]
        pool += [c for doc_id, text, _ in docs for c in _contact_lines(doc_id, text)]
        picked = explainer_sections(pool, PER_SECTION[length])
        flat = [c for _, items in picked for c in items]
        summary = self._cited("explainer", [d for d, _, _ in docs], length, flat, docs)
        summary.sections = []
        start = 0
        for heading, items in picked:  # _cited keeps the order of ``flat``
            summary.sections.append(ExplainerSection(heading=heading,
                                                     sentences=summary.sentences[start:start + len(items)]))
            start += len(items)
        summary.title = " · ".join(title for _, _, title in docs) + " — 정책 설명"
        summary.timings["total"] = time.perf_counter() - t0
        return summary

    # -- steps -----------------------------------------------------------------------------------------
    def _documents(self, doc_ids: list[str], filters: SearchFilters) -> list[tuple[str, str, str]]:
        from generate.draft.drafter import resolve_doc_ids

        if not doc_ids:
            raise SummaryError("요약할 문서를 하나 이상 지정하세요")
        out = []
        for ident in doc_ids:
            resolved = resolve_doc_ids(self.kb, [ident], filters)
            text = self.kb.manifest.document_text(resolved[0]) if resolved else None
            if not resolved or text is None:
                raise SummaryError(f"문서를 찾을 수 없거나 열람 권한이 없습니다: {ident}")
            meta = self.kb.document_metas()[resolved[0]]
            out.append((resolved[0], text, meta.title))
        return out

    def _cited(self, mode: str, doc_ids: list[str], length: str, chosen: list[Candidate],
               docs: list[tuple[str, str, str]]) -> Summary:
        metas = self.kb.document_metas()
        citations: list[Citation] = []
        sentences: list[AnswerSentence] = []
        for c in chosen:
            citation = _citation(len(citations) + 1, c, metas[c.doc_id], self.kb.manifest.doc_chunks(c.doc_id))
            citations.append(citation)
            sentences.append(AnswerSentence(text=clean_for_answer(c.text), citations=[citation.n]))
        return Summary(mode=mode, doc_ids=doc_ids, length=length, sentences=sentences,  # type: ignore[arg-type]
                       citations=citations, title=" · ".join(t for _, _, t in docs))

    def _rewrite(self, summary: Summary) -> Summary:
        """Model rewrite, aligned sentence by sentence; falls back to the extractive summary."""
        from generate.answer import align
        from generate.llm import LLMUnavailable, complete

        assert self.model is not None
        numbered = "\n".join(f"[{c.n}] {clean_for_answer(c.quote)}" for c in summary.citations)
        schema = {"type": "object", "properties": {"sentences": {"type": "array", "items": {"type": "string"}}},
                  "required": ["sentences"]}
        messages = [{"role": "system", "content": _SUMMARY_SYSTEM},
                    {"role": "user", "content": f"[근거]\n{numbered}\n\n[할 일] 근거를 {len(summary.citations)}문장 "
                                                "이내의 한국어 요약으로 쓰세요. JSON: {\"sentences\": [...]}"}]
        try:
            raw = complete(self.model, messages, max_tokens=320, json_schema=schema)
            written = [str(s) for s in json.loads(raw[raw.find("{"): raw.rfind("}") + 1])["sentences"]]
        except (LLMUnavailable, ValueError, KeyError, TypeError):
            return summary
        aligned = [align(s.strip(), summary.citations, self.min_support) for s in written if s.strip()]
        kept = [s for s in aligned if s.supported]
        if not kept:
            return summary
        used = {n for s in kept for n in s.citations}
        return summary.model_copy(update={"sentences": kept, "generator": getattr(self.model, "name", "llm"),
                                          "citations": [c for c in summary.citations if c.n in used]})


_SUMMARY_SYSTEM = ("당신은 한빛광역시 문서를 요약하는 연구 보조원입니다. [근거]에 있는 내용만 쓰고, 근거에 없는 숫자·날짜·이름은 "
                   "쓰지 마세요. JSON으로만 답하세요.")

EXPLAINER_SECTIONS: tuple[tuple[str, re.Pattern[str] | None], ...] = (
    ("무엇이 달라지나요?", None),
    ("누가 대상인가요?", re.compile(r"대상|자격|만 \d+세|이하인|이상인|받을 수 있|가구|참여할 수")),
    ("언제, 어떻게 하나요?", re.compile(r"신청|접수|기간|\d[월일](\([월화수목금토일]\))?부터|누리집|앱|방문|시행")),
    ("예산과 규모는?", re.compile(r"억 원|예산|사업비|규모|만 원")),
    ("문의", re.compile(r"^(담당 부서|담당자|연락처|문의)")),
)


def explainer_sections(pool: list[Candidate], per_section: int) -> list[tuple[str, list[Candidate]]]:
    """Fill each explainer section with the best unused sentences its pattern matches (the first section
    takes the best sentences overall); sections with nothing to say are left out."""
    used: set[tuple[str, int]] = set()
    out: list[tuple[str, list[Candidate]]] = []
    for heading, pattern in EXPLAINER_SECTIONS:
        contact = heading == "문의"
        fitting = [c for c in pool if (c.heading == "__contact__") == contact
                   and (pattern is None or pattern.search(c.text)) and (c.doc_id, c.start) not in used]
        picked = select(fitting, 10_000)[: per_section if not contact else 3]
        picked.sort(key=lambda c: c.order)
        used.update((c.doc_id, c.start) for c in picked)
        if picked:
            out.append((heading, picked))
    return out


def _contact_lines(doc_id: str, text: str) -> list[Candidate]:
    out = []
    offset = 0
    for order, line in enumerate(text.split("\n")):
        stripped = line.strip()
        if _CONTACT.match(stripped):
            start = text.find(stripped, offset)
            out.append(Candidate(stripped, doc_id, start, start + len(stripped), "__contact__", 1.0 - order * 1e-3,
                                 frozenset({stripped}), order))
        offset += len(line) + 1
    return out


def _balanced(pools: list[list[Candidate]], budget: int) -> list[Candidate]:
    """Share the budget between documents, then keep each document's sentences in reading order."""
    share = budget // max(1, len(pools))
    chosen: list[Candidate] = []
    for pool in pools:
        chosen += sorted(select(pool, share), key=lambda c: c.order)
    return chosen


def _citation(n: int, c: Candidate, meta: Any, chunks: list[Any]) -> Citation:
    chunk = next((ch for ch in chunks if ch.start <= c.start < ch.end), chunks[0] if chunks else None)
    return Citation.of(n, meta, chunk, c.text, c.start, c.end)


def explainer_from_brief(brief: Any) -> Summary:
    """A policy explainer (brief ``kind: explainer``) from the brief's facts: each fact goes to the first
    explainer section whose pattern it matches (else "무엇이 달라지나요?"), in brief order. Its only
    source is the brief, so nothing is cited."""
    buckets: dict[str, list[str]] = {heading: [] for heading, _ in EXPLAINER_SECTIONS}
    specific = [(h, p) for h, p in EXPLAINER_SECTIONS[1:-1] if p is not None]
    for fact in brief.key_facts:
        heading = next((h for h, p in specific if p.search(fact)), EXPLAINER_SECTIONS[0][0])
        buckets[heading].append(fact.strip())
    contact = [f"담당 부서: {brief.department} {brief.contact.team or ''}".strip()]
    contact += [f"연락처: {brief.contact.phone}"] if brief.contact.phone else []
    buckets[EXPLAINER_SECTIONS[-1][0]] = contact
    sections = [ExplainerSection(heading=h, sentences=[AnswerSentence(text=t) for t in texts])
                for h, texts in buckets.items() if texts]
    return Summary(mode="explainer", doc_ids=[], length="brief", title=f"{brief.topic} — 정책 설명",
                   sentences=[s for sec in sections for s in sec.sentences], sections=sections, citations=[],
                   generator="template")
