"""Which documents' sentences lead the answer to a "latest" question (not a test).

    python benchmarks/latest_evidence.py --store DATA_DIR

For the corpus eval's answerable questions that ask for the current state (``asks_for_latest``): retrieval as
``Answerer`` runs it, evidence selection with each recency variant, the extractive answer rebuilt from the
best evidence, its key-fact recall; with and without the model path's re-ranking by meaning. Variants: the
bonus over every hit's document (before 2026-12-02: 0.08 / (1 + date rank)) and over the relevant documents
only (best hit ≥ ``relevant`` × the top hit) at several bonuses.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def key_fact(data: list[tuple[Any, list[Any]]], recency: Callable[..., dict[str, float]], kb: Any,
             by_meaning: bool) -> float:
    import generate.evidence as evidence
    from evaluation.metrics import key_fact_recall
    from generate.answer import AnswerConfig, Answerer, _Sources

    shipped = evidence.recency_bonus
    evidence.recency_bonus = recency
    try:
        answerer, recalls = Answerer(kb=None), []
        for q, hits in data:
            candidates = evidence.select_evidence(q.question, hits, limit=AnswerConfig().rescore_top)
            if by_meaning:
                candidates = evidence.rescore_by_meaning(q.question, candidates, kb.embedder, weight=2.0,
                                                         top=AnswerConfig().rescore_top)
            chosen = answerer._extractive(candidates[:AnswerConfig().evidence], _Sources()) if candidates else []
            recalls.append(key_fact_recall(q.reference_answer, " ".join(s.text for s in chosen)))
    finally:
        evidence.recency_bonus = shipped
    return sum(recalls) / len(recalls)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    args = parser.parse_args()
    from core.kb import KnowledgeBase
    from core.settings import Settings
    from core.textnorm import asks_for_latest
    from core.types import AccessLevel, SearchFilters
    from evaluation.datasets import load_questions
    from generate.answer import AnswerConfig
    from generate.evidence import recency_bonus

    kb = KnowledgeBase(Settings(data_dir=args.store))
    questions = [q for q in load_questions(REPO / "corpus" / "eval" / "questions")
                 if q.answerable and asks_for_latest(q.question)]
    filters = SearchFilters(clearance=AccessLevel.INTERNAL)
    data = [(q, kb.search(q.question, filters, k=AnswerConfig().k)) for q in questions]
    variants = {"every hit's document, 0.08 (before)": partial(recency_bonus, bonus=0.08, relevant=0.0)}
    for relevant in (0.8, 0.9):
        for bonus in (0.08, 0.15, 0.3):
            variants[f"relevant ≥ {relevant} × top, {bonus}"] = partial(recency_bonus, bonus=bonus, relevant=relevant)
    print(f"{len(questions)} answerable 'latest' questions; extractive key-fact recall (lexical / by meaning)")
    for name, recency in variants.items():
        print(f"  {name:40s} {key_fact(data, recency, kb, False):.3f} / {key_fact(data, recency, kb, True):.3f}")
    kb.close()


if __name__ == "__main__":
    main()
