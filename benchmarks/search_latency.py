"""Search latency at scale (not a test): hybrid search p50/p95 at 10k and 100k chunks, query embedding included.

    python benchmarks/search_latency.py --base eval-out/corpus-gemma/store [--sizes 10000 100000] [--queries 200]

How the corpus is scaled (we cannot embed 100k real chunks with EmbeddingGemma on 2 cores in reasonable
time): the base store's real chunks are copied, and synthetic chunks are added whose text is 3–5 real
sentences drawn at random from the corpus (so BM25 statistics stay Korean-realistic) and whose vector is a
real chunk vector plus Gaussian noise (σ = 0.03 per dimension, renormalised), spread over synthetic
documents of 20 chunks each. Queries are the evaluation questions, embedded for real by the configured
embedder (model loaded before timing). Reports p50/p95 per stage and the RSS growth per 100k chunks.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

if TYPE_CHECKING:
    from core.types import Chunk, DocumentMeta


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", type=Path, required=True, help="an ingested data dir (real chunks + vectors)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--embedder", default="gemma")
    args = parser.parse_args()
    for size in args.sizes:
        run(args.base, size, args.queries, args.embedder)


def run(base: Path, size: int, n_queries: int, embedder: str) -> None:
    from core.kb import KnowledgeBase
    from core.settings import Settings
    from evaluation.datasets import load_questions
    from evaluation.metrics import percentile

    work = Path(tempfile.mkdtemp(prefix="pressroom-scale-"))
    try:
        shutil.copytree(base, work / "data")
        kb = KnowledgeBase(Settings(data_dir=work / "data", embedder=embedder))  # type: ignore[arg-type]
        process = psutil.Process()
        t0 = time.perf_counter()
        added = grow(kb, size)
        kb.keyword_index()
        build_s = time.perf_counter() - t0
        kb.embedder.embed_queries(["모델 적재"])
        rss_before = process.memory_info().rss
        questions = [q.question for q in load_questions(Path("corpus/eval/questions"))]
        random.Random(5).shuffle(questions)
        questions = (questions * (n_queries // max(len(questions), 1) + 1))[:n_queries]
        totals, stages = [], {}  # type: ignore[var-annotated]
        for i, question in enumerate(questions):
            query = question if i < len(set(questions)) else f"{question} {i}"  # no query-cache hits
            t = time.perf_counter()
            kb.search(query, k=10)
            totals.append((time.perf_counter() - t) * 1000)
            for stage, seconds in kb.retriever.timer.stages.items():
                stages.setdefault(stage, []).append(seconds * 1000)
        rss_after = process.memory_info().rss
        chunks = len(kb.manifest.all_chunk_tokens()[0])
        print(json.dumps({
            "chunks": chunks, "synthetic_added": added, "build_seconds": round(build_s, 1),
            "search_ms": {"p50": round(percentile(totals, 50), 1), "p95": round(percentile(totals, 95), 1)},
            "stages_ms": {s: {"p50": round(percentile(v, 50), 1), "p95": round(percentile(v, 95), 1)}
                          for s, v in stages.items()},
            "rss_mb": round(rss_after / 2**20), "rss_growth_during_queries_mb": round((rss_after - rss_before) / 2**20),
            "data_dir_mb": round(sum(f.stat().st_size for f in (work / "data").rglob("*") if f.is_file()) / 2**20),
        }, ensure_ascii=False))
        kb.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def grow(kb: object, size: int) -> int:
    """Add synthetic documents of 20 chunks until the store holds ``size`` chunks."""
    manifest = kb.manifest  # type: ignore[attr-defined]
    store = kb.store  # type: ignore[attr-defined]
    ids, _, tokens = manifest.all_chunk_tokens()
    base = manifest.chunks(ids)
    existing = store._collection.get(ids=ids, include=["embeddings"])
    vectors = np.asarray(existing["embeddings"], dtype=np.float32)
    sentences = [(s, t) for cid, toks in zip(ids, tokens, strict=True) for s, t in _sentence_pool(base[cid].text, toks)]
    rng = np.random.default_rng(7)
    pyrng = random.Random(7)
    added, doc_no = 0, 0
    while len(ids) + added < size:
        # 50 documents per Chroma call: Chroma's cost is per call
        batch: list[tuple[DocumentMeta, list[Chunk], list[list[str]]]] = []
        for _ in range(50):
            remaining = size - len(ids) - added - sum(len(chunks) for _, chunks, _ in batch)
            if remaining <= 0:
                break
            batch.append(_synthetic_doc(doc_no, min(20, remaining), sentences, pyrng))
            doc_no += 1
        chunks = [c for _, cs, _ in batch for c in cs]
        noise = rng.normal(0, 0.03, (len(chunks), vectors.shape[1])).astype(np.float32)
        vecs = vectors[rng.integers(0, len(vectors), len(chunks))] + noise
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        store.add(chunks, [meta for meta, cs, _ in batch for _ in cs], vecs, [c.text for c in chunks])
        for meta, cs, toks in batch:
            manifest.commit_document(meta, meta.doc_id, cs, toks, " ".join(c.text for c in cs), None)
        added += len(chunks)
    return added


def _synthetic_doc(doc_no: int, n: int, sentences: list[tuple[str, list[str]]], rng: random.Random,
                   ) -> tuple[DocumentMeta, list[Chunk], list[list[str]]]:
    from core.types import Chunk, DocType, DocumentMeta, make_doc_id

    doc_id = make_doc_id(f"synthetic-{doc_no}")
    meta = DocumentMeta(doc_id=doc_id, title=f"합성 문서 {doc_no}", source_path=f"synthetic/{doc_no}.txt",
                        doc_type=DocType.OTHER)
    chunks, toks = [], []
    for ordinal in range(n):
        picked = rng.sample(sentences, rng.randint(3, 5))
        text = " ".join(s for s, _ in picked)
        chunks.append(Chunk(chunk_id=f"c_syn{doc_no}_{ordinal}", doc_id=doc_id, text=text, start=0,
                            end=len(text), ordinal=ordinal))
        toks.append([t for _, ts in picked for t in ts])
    return meta, chunks, toks


def _sentence_pool(text: str, tokens: list[str]) -> list[tuple[str, list[str]]]:
    parts = [p.strip() for p in text.replace("\n", ". ").split(". ") if len(p.strip()) > 15]
    return [(p, [t for t in tokens if t in p]) for p in parts]


if __name__ == "__main__":
    main()
