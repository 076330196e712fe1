"""Choose how evidence sentences are re-ranked by meaning (``SENTENCE_WEIGHT``, ``rescore_top``; not a test).

    python benchmarks/evidence_meaning.py --store DATA_DIR [--tops 8 15] [--weights 0 0.5 1 2 3]

For every answerable corpus eval question: retrieval and evidence selection as ``Answerer`` runs them, then
the cosine between the question and each of the best ``top`` sentences (the store's embedder; EmbeddingGemma
reads the sentences through its int8 encoder with the document prompt). For each weight, the sentences are
re-ranked by score + weight × cosine and the extractive answer is rebuilt from them; prints its key-fact
recall (factoid + table, all answerable, paraphrased, literal) and the time the cosines took. Refusal gates
are not applied, so every answerable question counts.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def collect(store: Path, top: int) -> tuple[list[dict[str, Any]], list[float]]:
    from core.kb import KnowledgeBase
    from core.settings import Settings
    from core.types import AccessLevel, SearchFilters
    from evaluation.datasets import load_questions
    from generate.answer import AnswerConfig
    from generate.evidence import meaning_cosines, select_evidence

    kb = KnowledgeBase(Settings(data_dir=store))
    rows, seconds = [], []
    for q in load_questions(REPO / "corpus" / "eval" / "questions"):
        if not q.answerable:
            continue
        hits = kb.search(q.question, SearchFilters(clearance=AccessLevel.INTERNAL), k=AnswerConfig().k)
        candidates = select_evidence(q.question, hits, limit=max(top, AnswerConfig().evidence))
        if not candidates:
            continue
        started = time.perf_counter()
        cosines = meaning_cosines(q.question, candidates[:top], kb.embedder)
        seconds.append(time.perf_counter() - started)
        rows.append({"q": q, "candidates": candidates, "cosines": cosines})
    kb.close()
    return rows, seconds


def key_fact(rows: list[dict[str, Any]], weight: float) -> dict[str, float]:
    from evaluation.metrics import key_fact_recall
    from generate.answer import AnswerConfig, Answerer, _Sources
    from generate.evidence import reranked_by_meaning

    answerer = Answerer(kb=None)
    groups: dict[str, list[float]] = {"factoid+table": [], "all": [], "paraphrased": [], "literal": []}
    for row in rows:
        ranked = reranked_by_meaning(row["candidates"], row["cosines"], weight)
        text = " ".join(s.text for s in answerer._extractive(ranked[:AnswerConfig().evidence], _Sources()))
        q = row["q"]
        recall = key_fact_recall(q.reference_answer, text)
        groups["all"].append(recall)
        groups["paraphrased" if q.paraphrased else "literal"].append(recall)
        if q.type in ("factoid", "table"):
            groups["factoid+table"].append(recall)
    return {name: sum(v) / len(v) for name, v in groups.items() if v}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--tops", type=int, nargs="+", default=[8, 15])
    parser.add_argument("--weights", type=float, nargs="+", default=[0.0, 0.5, 1.0, 2.0, 3.0])
    args = parser.parse_args()
    print("| top | weight | key-fact factoid + table | all | paraphrased | literal | cosines p50 / p95 |")
    print("|---|---|---|---|---|---|---|")
    for top in args.tops:
        rows, seconds = collect(args.store, top)
        timing = f"{np.percentile(seconds, 50) * 1000:.0f} / {np.percentile(seconds, 95) * 1000:.0f} ms"
        for weight in args.weights:
            kf = key_fact(rows, weight)
            print(f"| {top} | {weight:g} | {kf['factoid+table']:.3f} | {kf['all']:.3f} | {kf['paraphrased']:.3f} "
                  f"| {kf['literal']:.3f} | {timing} |")


if __name__ == "__main__":
    main()
