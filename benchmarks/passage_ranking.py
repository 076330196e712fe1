"""Passage ranking inside documents on the corpus eval (not a test): where the gold passage sits among the
fused candidates, and what re-orderings of those candidates do to passage recall@5.

    python benchmarks/passage_ranking.py --store DATA_DIR [--prompts] [--windows]

Orders compared (top 5 after at most 3 passages per document, as the retriever does):
fused; re-scored (second stage over passages); documents by the second stage with passages in fused order
(what ships); fused plus an answer-type bonus; documents as shipped with passages ordered by the answer
pipeline's best sentence score; documents as shipped with a bonus for each document's first passage; the
shipped top 20 re-picked greedily for the query terms not yet covered (xQuAD-style, for two-part questions).
``--diversity`` spreads the top 5 over more documents (≤ 2 per document, for all or for two-part questions
only; at least 2–4 documents) and tries other fusion weights for the order inside documents. ``--prompts`` re-runs the dense leg with EmbeddingGemma's
other query prompts; ``--windows`` embeds two-sentence windows of the top-30 candidates (slow: minutes) and
adds the best window cosine to the fused score. ``--bodies`` embeds the top-30 candidates' bodies without
their "title · section" line and orders passages inside documents with that cosine (slow: minutes).
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

Order = list[str]


def answerable_questions() -> list[Any]:
    from evaluation.datasets import load_questions

    return [q for q in load_questions(REPO / "corpus" / "eval" / "questions") if q.answerable and q.gold_passages]


def candidates(kb: Any, q: Any, vector: np.ndarray | None = None) -> dict[str, Any]:
    from core.korean import content_morphemes
    from core.textnorm import compact, normalise_query
    from core.types import AccessLevel, SearchFilters
    from index.hybrid import fuse

    r = kb.retriever
    filters = SearchFilters(clearance=AccessLevel.INTERNAL)
    docs = r.docs()
    allowed = {d for d, m in docs.items() if filters.admits(m)}
    query = normalise_query(q.question)
    tokens = content_morphemes(query)
    kw = r._keyword(tokens, r._expand(tokens), 100, allowed)
    dense = (kb.store.query(vector, 100, filters) if vector is not None
             else r._dense(query, 100, filters, allowed))
    fused = fuse(kw, dense, r.config.dense_weight)
    chunks = r.manifest.chunks([c for c, _, _ in fused])
    rescored = r._rescore(fused, chunks, query, set(content_morphemes(query)), docs)
    gold = [{c for c, ch in chunks.items() if any(compact(p) in compact(ch.text) for p in quotes)}
            for quotes in q.passage_quotes()]
    return {"q": q, "fused": fused, "rescored": rescored, "chunks": chunks, "gold": gold, "docs": docs}


def top5(row: dict[str, Any], order: Order, cap: int = 3, min_docs: int = 1) -> Order:
    """The first 5 of ``order`` with at most ``cap`` passages per document (the retriever's 3), leaving the
    last slots to new documents when fewer than ``min_docs`` documents would be shown."""
    per: Counter[str] = Counter()
    out: Order = []
    for cid in order:
        chunk = row["chunks"].get(cid)
        if chunk is None or per[chunk.doc_id] >= cap:
            continue
        if chunk.doc_id in per and 5 - len(out) <= min_docs - len(per):
            continue
        per[chunk.doc_id] += 1
        out.append(cid)
        if len(out) == 5:
            break
    return out


def recall(rows: list[dict[str, Any]], order: Callable[[dict[str, Any]], Order],
           keep: Callable[[Any], bool] = lambda q: True,
           pick: Callable[[dict[str, Any], Order], Order] = top5) -> float:
    found = total = 0
    for row in rows:
        if not keep(row["q"]):
            continue
        top = pick(row, order(row))
        for gold in row["gold"]:
            total += 1
            found += any(c in gold for c in top)
    return found / total if total else 0.0


def report(name: str, rows: list[dict[str, Any]], order: Callable[[dict[str, Any]], Order],
           pick: Callable[[dict[str, Any], Order], Order] = top5) -> None:
    para = recall(rows, order, lambda q: q.paraphrased, pick)
    literal = recall(rows, order, lambda q: not q.paraphrased, pick)
    print(f"{name:44s} {recall(rows, order, pick=pick):.3f}   paraphrased {para:.3f} / literal {literal:.3f}")


def fused_order(row: dict[str, Any]) -> Order:
    return [c for c, _, _ in row["fused"]]


def shipped_order(row: dict[str, Any]) -> Order:
    from index.hybrid import passages_by_fusion

    return [c for c, _, _ in passages_by_fusion(row["rescored"], row["fused"], row["chunks"])]


def answer_type_order(row: dict[str, Any]) -> Order:
    from generate.evidence import answer_type_bonus

    scored = [(c, s + answer_type_bonus(row["q"].question, row["chunks"][c].text))
              for c, s, _ in row["fused"] if c in row["chunks"]]
    return [c for c, _ in sorted(scored, key=lambda x: -x[1])]


def sentence_order(row: dict[str, Any], head: int = 40) -> Order:
    """Documents where the shipped order puts them; inside each, passages by their best sentence's score in
    the answer pipeline's evidence selector (``generate.evidence.select_evidence``) over the top ``head``."""
    from core.types import Hit
    from generate.evidence import select_evidence
    from index.hybrid import passages_by_fusion

    shipped = [c for c, _, _ in passages_by_fusion(row["rescored"], row["fused"], row["chunks"])][:head]
    hits = [Hit(chunk=row["chunks"][c], doc=row["docs"][row["chunks"][c].doc_id], score=1.0 / (1 + i))
            for i, c in enumerate(shipped)]
    best: dict[str, float] = {}
    for e in select_evidence(row["q"].question, hits, limit=100_000):
        best[e.hit.chunk.chunk_id] = max(best.get(e.hit.chunk.chunk_id, -9.0), e.score)
    by_doc: dict[str, list[str]] = {}
    for c in shipped:
        by_doc.setdefault(row["chunks"][c].doc_id, []).append(c)
    queues = {d: iter(sorted(cs, key=lambda c: -best.get(c, -9.0))) for d, cs in by_doc.items()}
    return [next(queues[row["chunks"][c].doc_id]) for c in shipped]


def lead_order(bonus: float) -> Callable[[dict[str, Any]], Order]:
    """Documents as shipped; inside each, the document's first passage (a release's headline and lead, which
    restate its key figures) gains ``bonus`` over its fused score."""
    from index.hybrid import passages_by_fusion

    def order(row: dict[str, Any]) -> Order:
        fused = sorted(((c, s + (bonus if row["chunks"][c].ordinal == 0 else 0.0), legs)
                        for c, s, legs in row["fused"] if c in row["chunks"]), key=lambda x: -x[1])
        return [c for c, _, _ in passages_by_fusion(row["rescored"], fused, row["chunks"])]
    return order


def term_index(rows: list[dict[str, Any]]) -> tuple[dict[str, set[str]], Callable[[str], float]]:
    """Each candidate chunk's content morphemes and an IDF over all candidate chunks (read once, shared by
    every weight of :func:`coverage_order`)."""
    import math

    from core.korean import content_morphemes

    terms = {c: set(content_morphemes(ch.text)) for row in rows for c, ch in row["chunks"].items()}
    df: Counter[str] = Counter(t for ts in terms.values() for t in ts)
    return terms, lambda t: math.log(1 + len(terms) / (1 + df[t]))


def coverage_order(index: tuple[dict[str, set[str]], Callable[[str], float]], weight: float,
                   head: int = 20) -> Callable[[dict[str, Any]], Order]:
    """The shipped top ``head`` re-picked greedily: after the first passage, each next one by its fused score
    + ``weight`` × the IDF share of the question's content morphemes it holds that the passages already
    picked do not — so a two-part question's second half can climb past more passages on the first half."""
    from core.korean import content_morphemes
    from core.textnorm import normalise_query

    terms, idf = index

    def order(row: dict[str, Any]) -> Order:
        shipped = shipped_order(row)
        fused = {c: s for c, s, _ in row["fused"]}
        asked = set(content_morphemes(normalise_query(row["q"].question)))
        mass = sum(idf(t) for t in asked) or 1.0
        pool, picked, covered = shipped[:head], list[str](), set[str]()
        while pool:
            best = pool[0] if not picked else max(
                pool, key=lambda c: fused[c] + weight * sum(idf(t) for t in (terms[c] & asked) - covered) / mass)
            pool.remove(best)
            picked.append(best)
            covered |= terms[best] & asked
        return picked + shipped[head:]
    return order


def two_part(question: str) -> bool:
    """A question that asks about two things: two years, "각각", or a clause joined by "…고," / "…며,"."""
    return len(set(re.findall(r"20\d\d", question))) >= 2 or "각각" in question or bool(re.search(r"(고|며),? ", question))


def diversity_orders(rows: list[dict[str, Any]]) -> None:
    """Spreading the top 5 over more documents (two-part questions want two documents' passages), and other
    fusion weights for the order inside each document."""
    from index.hybrid import fuse, passages_by_fusion

    report("as shipped, ≤ 2 per document", rows, shipped_order, lambda row, o: top5(row, o, cap=2))
    report("as shipped, ≤ 2 per document for two-part questions", rows, shipped_order,
           lambda row, o: top5(row, o, cap=2 if two_part(row["q"].question) else 3))
    for n in (2, 3, 4):
        report(f"as shipped, at least {n} documents", rows, shipped_order, functools.partial(top5, min_docs=n))
    for w in (0.8, 0.85, 0.95, 1.0):
        def within(row: dict[str, Any], w: float = w) -> Order:
            legs = [(c, s) for c, _, s in row["fused"]]
            fused = fuse([(c, s["keyword"]) for c, s in legs if "keyword" in s],
                         [(c, s["dense"]) for c, s in legs if "dense" in s], w)
            return [c for c, _, _ in passages_by_fusion(row["rescored"], fused, row["chunks"])]
        report(f"documents as shipped, passages fused at w={w}", rows, within)


def window_orders(kb: Any, rows: list[dict[str, Any]]) -> None:
    from core.korean import split_sentences
    from core.textnorm import normalise_query

    embedder = kb.retriever.embedder
    items: list[tuple[str, str]] = []
    for row in rows:
        for cid, _, _ in row["fused"][:30]:
            if cid in row["chunks"]:
                sents = split_sentences(row["chunks"][cid].text)
                items += [(cid, " ".join(sents[i:i + 2])) for i in range(max(1, len(sents) - 1))]
    unique = sorted(set(items))
    vectors = embedder.embed_documents([text for _, text in unique])
    by_chunk: dict[str, list[np.ndarray]] = {}
    for (cid, _), vec in zip(unique, vectors, strict=True):
        by_chunk.setdefault(cid, []).append(vec)
    for weight in (0.3, 0.5, 1.0, 2.0):
        def order(row: dict[str, Any], w: float = weight) -> Order:
            qv = kb.retriever._query_vector(normalise_query(row["q"].question))
            scored = [(c, s + w * max(float(v @ qv) for v in by_chunk[c]) if c in by_chunk else s - 1.0)
                      for c, s, _ in row["fused"]]
            return [c for c, _ in sorted(scored, key=lambda x: -x[1])]
        report(f"fused + {weight} × best window cosine", rows, order)


def body_orders(kb: Any, rows: list[dict[str, Any]]) -> None:
    """Documents as shipped; inside each, passages ordered with the cosine of their body alone. A stored
    vector embeds "title · section" before the body, so every passage of a document carries its title,
    which may blur which of them answers."""
    from core.textnorm import normalise_query
    from index.hybrid import fuse, passages_by_fusion

    ids = sorted({c for row in rows for c, _, _ in row["fused"][:30] if c in row["chunks"]})
    texts = {c: row["chunks"][c].text for row in rows for c in ids if c in row["chunks"]}
    vectors = dict(zip(ids, kb.retriever.embedder.embed_documents([texts[c] for c in ids]), strict=True))

    def body_cosines(row: dict[str, Any]) -> dict[str, float]:
        qv = kb.retriever._query_vector(normalise_query(row["q"].question))
        return {c: float(vectors[c] @ qv) for c, _, _ in row["fused"] if c in vectors}

    for w in (0.9, 1.0):
        def swapped(row: dict[str, Any], w: float = w) -> Order:
            body = body_cosines(row)
            legs = [(c, s) for c, _, s in row["fused"]]
            fused = fuse([(c, s["keyword"]) for c, s in legs if "keyword" in s],
                         [(c, body.get(c, s["dense"])) for c, s in legs if "dense" in s], w)
            return [c for c, _, _ in passages_by_fusion(row["rescored"], fused, row["chunks"])]
        report(f"documents as shipped, passages by body cosine (w={w})", rows, swapped)
    for weight in (0.1, 0.3, 1.0):
        def added(row: dict[str, Any], weight: float = weight) -> Order:
            body = body_cosines(row)
            fused = [(c, s + weight * body.get(c, 0.0), legs) for c, s, legs in row["fused"]]
            fused.sort(key=lambda x: -x[1])
            return [c for c, _, _ in passages_by_fusion(row["rescored"], fused, row["chunks"])]
        report(f"documents as shipped, passages fused + {weight} × body cosine", rows, added)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--prompts", action="store_true")
    parser.add_argument("--windows", action="store_true")
    parser.add_argument("--diversity", action="store_true")
    parser.add_argument("--bodies", action="store_true")
    args = parser.parse_args()
    from core.kb import KnowledgeBase
    from core.settings import Settings

    kb = KnowledgeBase(Settings(data_dir=args.store))
    questions = answerable_questions()
    rows = [candidates(kb, q) for q in questions]
    ranks = [next((i for i, (c, _, _) in enumerate(row["fused"]) if c in gold), None)
             for row in rows for gold in row["gold"]]
    print(f"{len(questions)} answerable questions, {len(ranks)} gold passages; in the fused top 5 / 10 / 20: "
          + " / ".join(str(sum(r is not None and r < n for r in ranks)) for n in (5, 10, 20)))
    print("passage recall@5 of each order")
    report("fused", rows, fused_order)
    report("re-scored passages", rows, lambda row: [c for c, _, _ in row["rescored"]])
    report("documents re-scored, passages fused (ships)", rows, shipped_order)
    report("fused + answer-type bonus", rows, answer_type_order)
    report("documents re-scored, passages by sentence score", rows, sentence_order)
    for bonus in (0.02, 0.04, 0.08):
        report(f"as shipped, + {bonus} for a document's first passage", rows, lead_order(bonus))
    index = term_index(rows)
    for weight in (0.02, 0.05, 0.1, 0.2):
        report(f"as shipped, re-picked for uncovered terms × {weight}", rows, coverage_order(index, weight))
    if args.prompts:
        from core.textnorm import normalise_query

        model = kb.embedder._load()  # the sentence-transformers model, to try other prompts

        for prompt in ("task: question answering | query: ", "task: fact checking | query: "):
            prompted = [candidates(kb, q, model.encode([prompt + normalise_query(q.question)],
                                                       normalize_embeddings=True)[0].astype(np.float32))
                        for q in questions]
            report(f"fused, dense prompt {prompt.split('|')[0].strip()!r}", prompted, fused_order)
    if args.windows:
        window_orders(kb, rows)
    if args.diversity:
        diversity_orders(rows)
    if args.bodies:
        body_orders(kb, rows)
    kb.close()


if __name__ == "__main__":
    main()
