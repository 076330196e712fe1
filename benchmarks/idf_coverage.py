"""Choose the second stage's IDF-weighted coverage weight (``RetrievalConfig.idf_coverage_weight``; not a test).

    python benchmarks/idf_coverage.py --store DATA_DIR --dataset corpus|QUESTIONS.jsonl|KorQuAD.json [--split train|eval]
        [--weights 0 0.05 0.1 0.2 0.3] [--field footer_weight] [--set coverage_weight=0.2 ...]

Runs the shipped search (``KnowledgeBase.search``) for every question once per weight and prints document
hit@1 / hit@5 and passage recall@5 (a gold passage inside one of the top 5 chunks). For KorQuAD, ``--split
train`` reads 1,000 questions outside the harness's evaluation sample (as ``tune_rescoring.py`` does): choose
the weight there, then read the sample once with ``pressroom eval``. Query vectors are embedded once and
reused across weights. ``--field`` sweeps another second-stage weight of ``RetrievalConfig`` the same way
(``footer_weight``: how much a chunk's share of contact-footer lines lowers it); ``--set FIELD=VALUE`` fixes
others for the whole sweep (``--field window_weight --set coverage_weight=0.2``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))


def run(kb: Any, questions: list[Any], weight: float, field: str = "idf_coverage_weight") -> dict[str, float]:
    """The harness's own scoring (``evaluation.runner.score_retrieval``) over the shipped search; passage
    recall pooled over all gold passages rather than averaged per question."""
    from core.types import AccessLevel, SearchFilters
    from evaluation.runner import score_retrieval

    setattr(kb.retriever.config, field, weight)
    h1 = h5 = found = 0.0
    per_half: dict[bool, list[float]] = {True: [], False: []}
    for q in questions:
        scores = score_retrieval(q, kb.search(q.question, SearchFilters(clearance=AccessLevel.INTERNAL), k=10))
        h1, h5 = h1 + scores["hit@1"], h5 + scores["hit@5"]
        found += scores.get("passage_recall@5", 0.0) * len(q.gold_passages)
        if q.gold_passages:
            per_half[q.paraphrased].append(scores.get("passage_recall@5", 0.0))
    n = max(len(questions), 1)
    total = max(sum(len(q.gold_passages) for q in questions), 1)
    out = {"hit@1": h1 / n, "hit@5": h5 / n, "passage_recall@5": found / total}
    if per_half[True] and per_half[False]:  # the harness's per-question means, as #5's paraphrase target reads
        out["paraphrased"] = sum(per_half[True]) / len(per_half[True])
        out["literal"] = sum(per_half[False]) / len(per_half[False])
    return out


def main() -> None:
    import tune_rescoring

    from core.kb import KnowledgeBase
    from core.settings import Settings

    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--dataset", default="corpus")
    parser.add_argument("--split", choices=("train", "eval"), default="train")
    parser.add_argument("--weights", type=float, nargs="+", default=[0.0, 0.05, 0.1, 0.2, 0.3])
    parser.add_argument("--field", default="idf_coverage_weight", help="the RetrievalConfig weight to sweep")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="another RetrievalConfig weight, fixed for the whole sweep")
    args = parser.parse_args()
    args.n = 1000
    kb = KnowledgeBase(Settings(data_dir=args.store))
    for assignment in args.set:
        field, _, value = assignment.partition("=")
        setattr(kb.retriever.config, field, float(value))
    stems = {Path(m.source_path).stem for m in kb.document_metas().values()}
    questions = [q for q in tune_rescoring.questions(args) if set(q.gold_doc_ids) <= stems]
    kb.retriever.query_cache_size = len(questions)  # every question embedded once for all weights
    print(f"{len(questions)} questions ({args.dataset}, {args.split})", *args.set)
    for weight in args.weights:
        metrics = run(kb, questions, weight, args.field)
        print(f"{args.field} {weight:<5}  " + "  ".join(f"{k} {v:.3f}" for k, v in metrics.items()))
    kb.close()


if __name__ == "__main__":
    main()
