"""A refusal gate measured and not adopted (not a test): question nouns the archive never uses, checked for a
close neighbour among the retrieved passages' nouns with EmbeddingGemma word vectors.

    python benchmarks/concept_gate.py --store DATA_DIR

"한빛시청 구내식당 점심 가격은?" names 구내식당, which no document uses; its nearest noun in the retrieved
passages is far (cosine ≈ 0.8 or less), while a paraphrase's colloquial noun has a close one (벌금 → 과태료,
나랏돈 → 국비). For every corpus eval question: its nouns (Kiwi NNG/NNP, two syllables or more, question words
out) absent from the keyword index's vocabulary, and the lowest of their best cosines against the nouns of the
top three hits (title and chunk). A threshold is chosen on the press-release questions (qa/qb/qc) and read on
the others (lab/oth/pol), as the gate alone — the answer pipeline's other gates refuse some of the same
questions. Also prints the seconds the word embeddings cost per question that has such a noun.
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


def nouns(text: str) -> list[str]:
    from core.korean import tagged_morphemes
    from generate.evidence import QUESTION_TERMS

    return [f for f, t in tagged_morphemes(text) if t in ("NNG", "NNP") and len(f) >= 2 and f not in QUESTION_TERMS]


def closeness(store: Path) -> tuple[list[tuple[str, bool, float]], list[float]]:
    from core.kb import KnowledgeBase
    from core.settings import Settings
    from core.types import AccessLevel, SearchFilters
    from evaluation.datasets import load_questions

    kb = KnowledgeBase(Settings(data_dir=store))
    vocab = kb.keyword_index()._bm25.vocab_dict
    cache: dict[str, np.ndarray] = {}

    def vectors(words: list[str]) -> np.ndarray:
        missing = [w for w in words if w not in cache]
        if missing:
            for word, vec in zip(missing, kb.embedder.embed_documents(missing), strict=True):
                cache[word] = vec / np.linalg.norm(vec)
        return np.array([cache[w] for w in words])

    rows: list[tuple[str, bool, float]] = []
    seconds: list[float] = []
    for q in load_questions(REPO / "corpus" / "eval" / "questions"):
        hits: list[Any] = kb.search(q.question, SearchFilters(clearance=AccessLevel.INTERNAL), k=8)
        unknown = [w for w in dict.fromkeys(nouns(q.question)) if w not in vocab]
        neighbours = list(dict.fromkeys(n for h in hits[:3] for n in nouns(f"{h.doc.title} {h.chunk.text}")))
        if not unknown or not neighbours:
            rows.append((q.id, q.answerable, 1.0))
            continue
        started = time.perf_counter()
        sims = vectors(unknown) @ vectors(neighbours).T
        seconds.append(time.perf_counter() - started)
        rows.append((q.id, q.answerable, float(sims.max(axis=1).min())))
    kb.close()
    return rows, seconds


def rates(rows: list[tuple[str, bool, float]], floor: float) -> tuple[float, float]:
    answerable = [c for _, a, c in rows if a]
    unanswerable = [c for _, a, c in rows if not a]
    return (sum(c < floor for c in answerable) / len(answerable),
            sum(c < floor for c in unanswerable) / len(unanswerable))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    args = parser.parse_args()
    rows, seconds = closeness(args.store)
    dev = [r for r in rows if r[0][:2] in ("qa", "qb", "qc")]
    test = [r for r in rows if r[0][:2] not in ("qa", "qb", "qc")]
    print("floor   dev false refusals / refusal recall   test false refusals / refusal recall")
    for floor in (0.70, 0.72, 0.74, 0.76, 0.78, 0.80):
        print(f"{floor:.2f}    {rates(dev, floor)[0]:.3f} / {rates(dev, floor)[1]:.3f}"
              f"                        {rates(test, floor)[0]:.3f} / {rates(test, floor)[1]:.3f}")
    if seconds:
        ordered = sorted(seconds)
        print(f"{len(seconds)} questions with a noun the archive never uses; word embeddings per such question "
              f"(cache warming as it goes): p50 {ordered[len(ordered) // 2]:.2f} s, max {ordered[-1]:.2f} s")


if __name__ == "__main__":
    main()
