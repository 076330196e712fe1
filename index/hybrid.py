"""Korean hybrid retrieval: Kiwi-BM25 keyword leg + dense leg, convex score fusion, dedup, diversity.

Why convex fusion and not RRF: on KorQuAD-dev RRF of the two legs scored hit@1 0.874–0.876, below the
keyword leg alone (0.891), while 0.3·BM25/max + 0.7·cosine over both top-50s scored 0.910
(DESIGN.md, "Retrieval facts"). Exact terms matter in Korean administrative text, so both legs vote.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import numpy as np

from core.textnorm import asks_for_latest, valued_figures, years_named
from core.types import Chunk, DocumentMeta, Hit, SearchFilters, shown_once_key
from index.boilerplate import asks_for_contact, footer_share
from index.glossary import NO_EXPANSION, Expansion, Glossary
from index.keyword import KeywordIndex, keyword_tokens
from index.rerank import Reranker
from ingest.manifest import Manifest

Mode = Literal["hybrid", "fusion", "keyword", "dense"]  # fusion: hybrid without the second stage


class Retriever(Protocol):
    def retrieve(self, query: str, filters: SearchFilters, k: int = 10) -> list[Hit]: ...


log = logging.getLogger(__name__)


@dataclass
class RetrievalConfig:
    """Weights chosen by ``benchmarks/tune_rescoring.py`` on 1,000 KorQuAD-dev questions outside the
    evaluation sample and on the corpus eval (docs/measurements.md, "Retrieval")."""

    mode: Mode = "hybrid"
    candidates: int = 50
    dense_weight: float = 0.9
    coverage_weight: float = 0.1   # second stage: share of query morphemes the chunk contains
    idf_coverage_weight: float = 0.0  # second stage: the same share, each term weighted by its IDF (off: docs/measurements.md)
    window_weight: float = 0.1     # second stage: best two-sentence window's query-bigram coverage
    # Second stage: newest leading document, and newest stating the asked measure, for "가장 최근/지금" questions. 0.1
    # over every leading document from stop 41 (the nine earlier sets' 73 "latest" questions: passage recall@5 0.774 →
    # 0.822); since stop 60 half over every leading document and half over those stating the measure, none for a query
    # naming a year (the 306 "latest" questions of forty-nine sets: 0.833 → 0.873; 0.2 over every document 0.853;
    # docs/measurements.md, "Retrieval").
    recency_weight: float = 0.2
    footer_weight: float = 0.5     # second stage: lowers a chunk by its share of contact-footer lines (docs/measurements.md)
    glossary_weight: float = 0.5   # keyword leg: a query's glossary equivalents as a second BM25 query (docs/measurements.md)
    glossary_rare_chunks: int = 1  # ... only for a question's words the archive hardly uses (at most this many chunks)
    max_per_doc: int = 3
    dedup_jaccard: float = 0.8
    rerank_candidates: int = 20    # with a cross-encoder plugged in (index/rerank.py): how many it re-orders


@dataclass
class StageTimer:
    """Per-stage latency of the last query (seconds), for the evaluation harness's speed report."""

    stages: dict[str, float] = field(default_factory=dict)

    def add(self, stage: str, started: float) -> None:
        self.stages[stage] = self.stages.get(stage, 0.0) + time.perf_counter() - started


class HybridRetriever:
    def __init__(self, manifest: Manifest, store: Any, embedder: Any,
                 keyword: Callable[[], KeywordIndex], docs: Callable[[], dict[str, DocumentMeta]],
                 config: RetrievalConfig | None = None, reranker: Reranker | None = None,
                 background: Callable[[], np.ndarray | None] | None = None,
                 glossary: Glossary | None = None) -> None:
        self.manifest = manifest
        self.glossary = glossary
        self.background = background
        self.reranker = reranker
        self.store = store
        self.embedder = embedder
        self.keyword = keyword
        self.docs = docs
        self.config = config or RetrievalConfig()
        self.timer = StageTimer()
        self._vectors: dict[str, np.ndarray] = {}
        self.query_cache_size = 512  # query vectors kept (a benchmark replaying many questions raises it)

    def retrieve(self, query: str, filters: SearchFilters, k: int = 10, mode: Mode | None = None) -> list[Hit]:
        from core.textnorm import normalise_query

        self.timer = StageTimer()
        mode = mode or self.config.mode
        normalised = normalise_query(query)
        docs = self.docs()
        allowed = {d for d, meta in docs.items() if filters.admits(meta)}
        if not allowed:
            return []
        n = max(self.config.candidates, k * 3)
        kw: list[tuple[str, float]] = []
        dense: list[tuple[str, float]] = []
        t0 = time.perf_counter()
        tokens = keyword_tokens(normalised)  # one Kiwi pass serves the keyword leg, re-scoring and highlighting
        expansion = self._expand(tokens)
        if mode in ("hybrid", "fusion", "keyword"):
            self.timer.add("keyword", t0)
            kw = self._keyword(tokens, expansion, n, allowed)
        if mode in ("hybrid", "fusion", "dense"):
            dense = self._dense(normalised, n, filters, allowed)
        t0 = time.perf_counter()
        fused = fuse(kw, dense, self.config.dense_weight if mode in ("hybrid", "fusion") else (1.0 if dense else 0.0))
        if dense:
            self._standardise(fused, self._query_vector(normalised))
        self.timer.add("fusion", t0)
        t0 = time.perf_counter()
        chunks = self.manifest.chunks([cid for cid, _, _ in fused])
        terms = set(tokens)
        if mode == "hybrid":
            fused = self._demote_footers(fused, chunks, normalised)
            fused = passages_by_fusion(self._rescore(fused, chunks, normalised, terms, docs, expansion),
                                       fused, chunks)
        self.timer.add("rescoring", t0)
        if mode == "hybrid" and self.reranker is not None:
            t0 = time.perf_counter()
            fused = self._rerank(query, fused, chunks, allowed)
            self.timer.add("rerank", t0)
        return self._hits(fused, chunks, docs, allowed, terms | expansion.surfaces(), k)  # equivalents highlight too

    def _rerank(self, query: str, ranked: list[tuple[str, float, dict[str, float]]], chunks: dict[str, Chunk],
                allowed: set[str]) -> list[tuple[str, float, dict[str, float]]]:
        """Re-order the leading visible candidates by the plugged-in cross-encoder; the rest keep their order."""
        assert self.reranker is not None
        head: list[tuple[str, float, dict[str, float]]] = []
        tail: list[tuple[str, float, dict[str, float]]] = []
        for item in ranked:
            chunk = chunks.get(item[0])
            visible = chunk is not None and chunk.doc_id in allowed
            (head if visible and len(head) < self.config.rerank_candidates else tail).append(item)
        try:
            scores = self.reranker.score(query, [chunks[cid].text for cid, _, _ in head])
        except Exception:  # an optional stage: a broken model must not take search down with it
            log.exception("reranker %s failed; serving the hybrid order", getattr(self.reranker, "name", "?"))
            return ranked
        rescored = [(cid, score, {**legs, "rerank": round(value, 4)})
                    for (cid, score, legs), value in zip(head, scores, strict=True)]
        rescored.sort(key=lambda x: -x[2]["rerank"])
        return rescored + tail

    def _demote_footers(self, fused: list[tuple[str, float, dict[str, float]]], chunks: dict[str, Chunk],
                        query: str) -> list[tuple[str, float, dict[str, float]]]:
        """Lower each candidate by its share of contact-footer lines (``index.boilerplate``), before both the
        choice of documents and the order of passages inside them read the fused score."""
        if not self.config.footer_weight or asks_for_contact(query):
            return fused
        out = []
        for cid, score, legs in fused:
            share = footer_share(chunks[cid].text) if cid in chunks else 0.0
            if share:
                legs = {**legs, "footer": round(share, 3)}
            out.append((cid, score - self.config.footer_weight * share, legs))
        out.sort(key=lambda x: -x[1])
        return out

    def _rescore(self, fused: list[tuple[str, float, dict[str, float]]], chunks: dict[str, Chunk],
                 query: str, terms: set[str], docs: dict[str, DocumentMeta],
                 expansion: Expansion = NO_EXPANSION) -> list[tuple[str, float, dict[str, float]]]:
        """Second stage over the fused candidates: reward chunks that hold the query's terms, and hold them
        close together (the answer sentence), which separates sibling passages of one document; when the
        query asks for the current state, newer documents among the leading candidates gain a little."""
        recency = self._recency(fused, chunks, docs, query) if asks_for_latest(query) else {}
        idf = self.keyword().idf(terms) if self.config.idf_coverage_weight else {}
        out = []
        for cid, score, legs in fused:
            chunk = chunks.get(cid)
            if chunk is None:
                continue
            cov = sum(_holds(chunk.text, t, expansion) for t in terms) / len(terms) if terms else 0.0
            window = window_coverage(query, chunk.text)
            value = score + self.config.coverage_weight * cov + self.config.window_weight * window
            value += recency.get(chunk.doc_id, 0.0)
            features = {"coverage": round(cov, 3), "window": round(window, 3)}
            if idf:
                features["idf_coverage"] = round(weighted_coverage(idf, chunk.text), 3)
                value += self.config.idf_coverage_weight * features["idf_coverage"]
            out.append((cid, value, {**legs, **features}))
        out.sort(key=lambda x: -x[1])
        return out

    def _recency(self, fused: list[tuple[str, float, dict[str, float]]], chunks: dict[str, Chunk],
                 docs: dict[str, DocumentMeta], query: str) -> dict[str, float]:
        """Date-rank bonus over the documents of the leading candidates, in two halves of ``recency_weight``: one by
        date among them all, one by date among those whose leading passages give a figure of the measure the query
        asks (any figure when it fixes none). The 2026 AI-in-every-office release, with no percentage in it, is no
        newer version of the share of tasks done with AI that the 2025 plan gives; but a newest release that gives
        no figure still gains a little, so a near-miss's own topic ("청년이음센터 올해 예산", no amount in it) is not
        pushed out by another programme's budget. A query naming a year asks that year's version ("2024년 … 이번이
        마지막 학기"), so none gains."""
        if years_named(query):
            return {}
        units = _asked_units(query)
        lead = [chunks[c] for c, _, _ in fused[:20] if c in chunks]
        leading = list(dict.fromkeys(chunk.doc_id for chunk in lead))
        stating = {chunk.doc_id for chunk in lead if _gives_a_figure(chunk.text, units)}
        bonus: dict[str, float] = {}
        for group in (leading, [d for d in leading if d in stating]):
            for doc_id, value in _date_ranks(group, docs).items():
                bonus[doc_id] = bonus.get(doc_id, 0.0) + self.config.recency_weight / 2 * value
        return bonus

    def _expand(self, tokens: list[str]) -> Expansion:
        if self.glossary is None or not self.config.glossary_weight:
            return NO_EXPANSION
        return self.glossary.expand(tokens, self.keyword().document_frequency, self.config.glossary_rare_chunks)

    def _keyword(self, tokens: list[str], expansion: Expansion, n: int, allowed: set[str],
                 ) -> list[tuple[str, float]]:
        t0 = time.perf_counter()
        index = self.keyword()
        mask = index.mask_for_docs(allowed) if len(allowed) < len(self.docs()) else None
        out = index.search(tokens, n, mask, expansion.tokens, self.config.glossary_weight)
        self.timer.add("keyword", t0)
        return out

    def _dense(self, query: str, n: int, filters: SearchFilters, allowed: set[str]) -> list[tuple[str, float]]:
        t0 = time.perf_counter()
        vector = self._query_vector(query)
        self.timer.add("query_embedding", t0)
        t0 = time.perf_counter()

        def visible(chunk_ids: list[str]) -> set[str]:
            return {cid for cid, doc_id in self.manifest.doc_ids_of(chunk_ids).items() if doc_id in allowed}

        out: list[tuple[str, float]] = self.store.query(vector, n, filters, visible)
        self.timer.add("dense", t0)
        return out

    def _standardise(self, fused: list[tuple[str, float, dict[str, float]]], vector: np.ndarray) -> None:
        """Add ``dense_z`` to every candidate the dense leg scored: its cosine in standard deviations above
        the query's mean cosine to the reference passages (``index.background``; what the answer's topic
        floor reads). Left out until the reference is built for this embedder (at the first ingest)."""
        from index.background import standardised

        reference = self.background() if self.background is not None else None
        if reference is None or reference.shape[1] != vector.shape[0]:
            return
        scored = [legs for _, _, legs in fused if "dense" in legs]
        reference_cosines = reference @ (vector / max(float(np.linalg.norm(vector)), 1e-12))
        z = standardised(np.array([legs["dense"] for legs in scored]), reference_cosines)
        for legs, value in zip(scored, z, strict=True):
            legs["dense_z"] = round(float(value), 4)

    def _query_vector(self, query: str) -> np.ndarray:
        """Query embeddings are cached (bounded): follow-ups, retries and paged UIs repeat queries."""
        cached = self._vectors.get(query)
        if cached is None:
            cached = self.embedder.embed_queries([query])[0]
            if len(self._vectors) >= self.query_cache_size:
                self._vectors.pop(next(iter(self._vectors)))
            self._vectors[query] = cached
        return cached

    def _hits(self, fused: list[tuple[str, float, dict[str, float]]], chunks: dict[str, Chunk],
              docs: dict[str, DocumentMeta], allowed: set[str], query_terms: set[str], k: int) -> list[Hit]:
        t0 = time.perf_counter()
        terms = sorted(query_terms, key=len, reverse=True)
        hits: list[Hit] = []
        per_doc: dict[str, int] = {}
        seen: list[set[str]] = []
        shown: dict[str, str] = {}  # a document (its original, for a copy) → the file of it shown first
        for cid, score, legs in fused:
            chunk = chunks.get(cid)
            if chunk is None or chunk.doc_id not in allowed:  # stale vector or filtered: never shown
                continue
            if shown.setdefault(shown_once_key(docs[chunk.doc_id], docs), chunk.doc_id) != chunk.doc_id:
                continue  # the same document in another file: the release's HWP after its PDF
            if per_doc.get(chunk.doc_id, 0) >= self.config.max_per_doc:
                continue
            shingles = _shingles(chunk.text)
            if any(_jaccard(shingles, other) >= self.config.dedup_jaccard for other in seen):
                continue
            seen.append(shingles)
            per_doc[chunk.doc_id] = per_doc.get(chunk.doc_id, 0) + 1
            matched = [t for t in terms if t in chunk.text]
            hits.append(Hit(chunk=chunk, doc=docs[chunk.doc_id], score=score, scores=legs, matched_terms=matched))
            if len(hits) >= k:
                break
        self.timer.add("assemble", t0)
        return hits


def _date_ranks(doc_ids: list[str], docs: dict[str, DocumentMeta]) -> dict[str, float]:
    """Each dated document's rank by date, newest 1.0 down to oldest 0.0 (none when fewer than two are dated).

    >>> import datetime as dt
    >>> docs = {d: DocumentMeta(doc_id=d, title="", date=dt.date(y, 1, 1), source_path="") for d, y in (("a", 2024), ("b", 2026), ("c", 2025))}
    >>> _date_ranks(["a", "b", "c"], docs)
    {'b': 1.0, 'c': 0.5, 'a': 0.0}
    """
    dated = sorted((d for d in doc_ids if d in docs and docs[d].date), key=lambda d: docs[d].date or 0, reverse=True)
    if len(dated) < 2:
        return {}
    return {d: 1 - i / (len(dated) - 1) for i, d in enumerate(dated)}


def _asked_units(query: str) -> frozenset[str] | None:
    """The units of the one measure the query's wording fixes ("몇 MW", "몇 %"), if it fixes one (read as the answer
    pipeline reads the question; that module needs only ``core``)."""
    from generate.asked_measure import asked_measure

    measure = asked_measure(query)
    return measure.units if measure else None


def _gives_a_figure(text: str, units: frozenset[str] | None) -> bool:
    """Whether ``text`` gives a valued figure (a count, an amount, a rate…) of ``units``, or any when None.

    >>> _gives_a_figure("누적 설비 298MW", frozenset({"MW"})), _gives_a_figure("태양광 보급이 효과를 냈다", None)
    (True, False)
    """
    return bool(valued_figures(text, units))


def passages_by_fusion(rescored: list[tuple[str, float, dict[str, float]]],
                       fused: list[tuple[str, float, dict[str, float]]], chunks: dict[str, Chunk],
                       ) -> list[tuple[str, float, dict[str, float]]]:
    """The second stage picks the documents, fusion the passages within each: every document keeps the
    slots the re-scored order gave its chunks, filled with its chunks in fused order.

    Coverage features separate documents well (KorQuAD hit@1 0.919 → 0.951) but within a document they
    favour the lead that restates the headline's terms over the passage that answers: on the corpus eval,
    passage recall@5 0.877 re-scored vs 0.903 with this split, document ranks unchanged (docs/measurements.md).

    >>> from core.types import Chunk
    >>> cs = {c: Chunk(chunk_id=c, doc_id=c[0], text="", start=0, end=0) for c in ("a1", "a2", "b1")}
    >>> [c for c, _, _ in passages_by_fusion([("a1", 0.9, {}), ("b1", 0.8, {}), ("a2", 0.7, {})],
    ...                                      [("a2", 0.5, {}), ("b1", 0.4, {}), ("a1", 0.3, {})], cs)]
    ['a2', 'b1', 'a1']
    """
    legs = {cid: scores for cid, _, scores in rescored}
    within: dict[str, list[str]] = {}
    for cid, _, _ in fused:
        if cid in chunks and cid in legs:
            within.setdefault(chunks[cid].doc_id, []).append(cid)
    taken: dict[str, int] = {}
    out = []
    for cid, score, _ in rescored:
        doc_id = chunks[cid].doc_id
        slot = taken.get(doc_id, 0)
        taken[doc_id] = slot + 1
        chosen = within[doc_id][slot]
        out.append((chosen, score, legs[chosen]))
    return out


def fuse(keyword: Sequence[tuple[str, float]], dense: Sequence[tuple[str, float]], dense_weight: float,
         ) -> list[tuple[str, float, dict[str, float]]]:
    """Convex fusion: (1-w)·bm25/max(bm25) + w·cosine over the union of both candidate lists.

    >>> [cid for cid, _, _ in fuse([("a", 10.0), ("b", 5.0)], [("b", 0.9), ("c", 0.8)], 0.7)]
    ['b', 'c', 'a']
    """
    top = max((s for _, s in keyword), default=0.0) or 1.0
    legs: dict[str, dict[str, float]] = {}
    for cid, s in keyword:
        legs.setdefault(cid, {})["keyword"] = s
    for cid, s in dense:
        legs.setdefault(cid, {})["dense"] = s
    fused = []
    for cid, scores in legs.items():
        value = (1 - dense_weight) * scores.get("keyword", 0.0) / top + dense_weight * scores.get("dense", 0.0)
        fused.append((cid, float(value), scores))
    fused.sort(key=lambda x: -x[1])
    return fused


_WS = re.compile(r"\s+")


def _shingles(text: str, n: int = 4) -> set[str]:
    flat = _WS.sub("", text)
    return {flat[i:i + n] for i in range(max(1, len(flat) - n + 1))}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b))


def _holds(text: str, term: str, expansion: Expansion) -> bool:
    """The chunk holds the query term, or a glossary equivalent of it ("햇볕 가리개" → "그늘막")."""
    return term in text or any(other in text for other in expansion.equivalents.get(term, ()))


def morpheme_coverage(query_tokens: set[str], chunk_tokens: set[str]) -> float:
    """Share of the query's keyword tokens that the chunk contains.

    >>> morpheme_coverage({"청년", "월세", "지원"}, {"청년", "월세", "인원"})
    0.6666666666666666
    """
    return len(query_tokens & chunk_tokens) / len(query_tokens) if query_tokens else 0.0


def bigram_coverage(query: str, text: str) -> float:
    """Share of the query's character bigrams (spaces removed) found in the text, spaces removed too:
    robust to spacing variants and to compounds the analyser splits differently.

    >>> bigram_coverage("청년 월세", "청년월세 지원")
    1.0
    """
    q = _WS.sub("", query)
    grams = {q[i:i + 2] for i in range(len(q) - 1)}
    if not grams:
        return 0.0
    flat = _WS.sub("", text)
    return sum(g in flat for g in grams) / len(grams)


_SENTENCE_BREAK = re.compile(r"(?<=[.?!])\s+|\n+")


def weighted_coverage(weights: dict[str, float], text: str) -> float:
    """Share of the query's terms the text holds, each counted by its weight (its IDF in the keyword index): a
    sibling paragraph that holds the question's rare words beats one that holds only its common ones.

    >>> weighted_coverage({"월세": 3.0, "지원": 1.0}, "청년 월세 3,000명")
    0.75
    """
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in text) / total if total else 0.0


def window_coverage(query: str, text: str) -> float:
    """Best query-bigram coverage over windows of two consecutive sentences of the text.

    >>> window_coverage("월세 지원 인원", "시는 예산을 늘린다. 청년 월세 지원 인원은 3,000명이다. 문의는 청년정책과.")
    1.0
    """
    q = _WS.sub("", query)
    grams = {q[i:i + 2] for i in range(len(q) - 1)}
    if not grams:
        return 0.0
    # One pass per sentence: a window's bigrams are those of its sentences plus the two across the join.
    flats = [_WS.sub("", p) for p in _SENTENCE_BREAK.split(text) if p.strip()]
    found = [{g for g in grams if g in flat} for flat in flats]
    best = 0
    for i, flat in enumerate(flats):
        hits = found[i]
        if i + 1 < len(flats):
            joint = flat[-1:] + flats[i + 1][:1]
            hits = hits | found[i + 1] | ({joint} & grams)
        best = max(best, len(hits))
    return best / len(grams)
