"""Tune the second stage (not a test): cache each question's fused candidates with their features once,
then grid-search the re-scoring weights offline.

    python benchmarks/tune_rescoring.py --store DATA_DIR --dataset corpus|PATH.json --split train|eval

For KorQuAD, ``--split train`` uses 1,000 questions that are NOT in the harness's evaluation sample
(``--limit 1000 --seed 13``), so weights are chosen on questions the reported numbers never see.
Features per candidate chunk: keyword score / max, dense cosine, query-morpheme coverage of the chunk's
stored tokens, and query character-bigram coverage of the chunk text.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--dataset", default="corpus")
    parser.add_argument("--split", choices=("train", "eval"), default="eval")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--cache", type=Path, required=True)
    args = parser.parse_args()
    if not args.cache.exists():
        collect(args)
    rows = [json.loads(line) for line in args.cache.read_text(encoding="utf-8").splitlines()]
    results = []
    for w_dense, w_cov, w_bi in itertools.product((0.5, 0.6, 0.7, 0.8, 1.0), (0.0, 0.1, 0.2, 0.3),
                                                   (0.0, 0.1, 0.2, 0.3)):
        weights = {"kw": 1 - w_dense, "dense": w_dense, "cov": w_cov, "bigram": w_bi}
        results.append((evaluate(rows, weights), weights))
    results.sort(key=lambda r: (-r[0]["hit@1"], -r[0]["passage@5"]))
    base = evaluate(rows, {"kw": 0.3, "dense": 0.7, "cov": 0.0, "bigram": 0.0})
    print("current 0.3/0.7 fusion:", base)
    for metrics, weights in results[:12]:
        print(metrics, weights)


def questions(args: argparse.Namespace) -> list[Any]:
    from evaluation.datasets import corpus_dataset, squad_dataset

    if args.dataset == "corpus":
        return [q for q in corpus_dataset(Path("corpus")).questions if q.answerable and q.gold_doc_ids]
    if args.dataset.endswith(".jsonl") or Path(args.dataset).is_dir():  # question file(s) over the bundled corpus
        from evaluation.datasets import load_questions

        return [q for q in load_questions(Path(args.dataset)) if q.answerable and q.gold_doc_ids]
    full = squad_dataset(Path(args.dataset), args.store.parent / "squad").questions
    eval_sample = random.Random(13).sample(full, 1000)
    if args.split == "eval":
        return eval_sample
    held = {q.id for q in eval_sample}
    rest = [q for q in full if q.id not in held]
    return random.Random(7).sample(rest, min(args.n, len(rest)))


def open_store(store: Path) -> tuple[Any, Any, dict[str, Any], dict[str, str]]:
    """The knowledge base over ``store``, an internal-clearance filter, its documents, and each document's file
    stem (what the datasets' gold ids name)."""
    from core.kb import KnowledgeBase
    from core.settings import Settings
    from core.types import AccessLevel, SearchFilters

    kb = KnowledgeBase(Settings(data_dir=store))
    docs = kb.document_metas()
    return kb, SearchFilters(clearance=AccessLevel.INTERNAL), docs, {d: Path(m.source_path).stem for d, m in docs.items()}


def collect(args: argparse.Namespace) -> None:
    from core.textnorm import normalise_query
    from index.hybrid import bigram_coverage, morpheme_coverage
    from index.keyword import keyword_tokens

    kb, filters, docs, key = open_store(args.store)
    retriever = kb.retriever
    ids, doc_ids, tokens = kb.manifest.all_chunk_tokens()
    chunk_doc = dict(zip(ids, doc_ids, strict=True))
    chunk_tokens = {c: set(t) for c, t in zip(ids, tokens, strict=True)}
    with args.cache.open("w", encoding="utf-8") as fh:
        for q in questions(args):
            if not set(q.gold_doc_ids) <= set(key.values()):  # a store built before the question's document
                continue
            query = normalise_query(q.question)
            words = keyword_tokens(query)
            kw = dict(retriever._keyword(words, retriever._expand(words), 50, set(docs)))
            dense = dict(retriever._dense(query, 50, filters, set(docs)))
            cands = [c for c in {**kw, **dense} if c in chunk_doc]
            texts = {c: ch.text for c, ch in kb.manifest.chunks(cands).items()}
            qtok = set(keyword_tokens(query))
            top = max(kw.values(), default=1.0) or 1.0
            floor = min(dense.values(), default=0.0)
            feats = [[c, key[chunk_doc[c]], kw.get(c, 0.0) / top, dense.get(c, floor),
                      morpheme_coverage(qtok, chunk_tokens[c]), bigram_coverage(query, texts.get(c, "")),
                      any(p and p in texts.get(c, "") for p in q.gold_passages)]
                     for c in cands]
            fh.write(json.dumps({"gold": q.gold_doc_ids, "c": feats}, ensure_ascii=False) + "\n")


def evaluate(rows: list[dict[str, Any]], w: dict[str, float]) -> dict[str, float]:
    h1 = h5 = p5 = 0
    for row in rows:
        scored = sorted(row["c"], key=lambda f: -(w["kw"] * f[2] + w["dense"] * f[3] + w["cov"] * f[4]
                                                   + w["bigram"] * f[5]))
        ranked = list(dict.fromkeys(f[1] for f in scored))
        gold = set(row["gold"])
        h1 += bool(ranked and ranked[0] in gold)
        h5 += bool(gold & set(ranked[:5]))
        p5 += any(f[6] for f in scored[:5])
    n = len(rows)
    return {"hit@1": round(h1 / n, 3), "hit@5": round(h5 / n, 3), "passage@5": round(p5 / n, 3)}


if __name__ == "__main__":
    main()
