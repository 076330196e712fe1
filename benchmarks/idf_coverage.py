"""Choose the second stage's IDF-weighted coverage weight (``RetrievalConfig.idf_coverage_weight``; not a test).

    python benchmarks/idf_coverage.py --store DATA_DIR --dataset corpus|KorQuAD.json [--split train|eval]
        [--weights 0 0.05 0.1 0.2 0.3]

Runs the shipped search (``KnowledgeBase.search``) for every question once per weight and prints document
hit@1 / hit@5 and passage recall@5 (a gold passage inside one of the top 5 chunks). For KorQuAD, ``--split
train`` reads 1,000 questions outside the harness's evaluation sample (as ``tune_rescoring.py`` does): choose
the weight there, then read the sample once with ``pressroom eval``. Query vectors are embedded once and
reused across weights.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))


def run(kb: Any, questions: list[Any], key: dict[str, str], weight: float) -> dict[str, float]:
    from core.textnorm import compact
    from core.types import AccessLevel, SearchFilters

    kb.retriever.config.idf_coverage_weight = weight
    h1 = h5 = found = total = 0
    for q in questions:
        hits = kb.search(q.question, SearchFilters(clearance=AccessLevel.INTERNAL), k=10)
        ranked = list(dict.fromkeys(key[h.doc.doc_id] for h in hits))
        h1 += bool(ranked and ranked[0] in q.gold_doc_ids)
        h5 += bool(set(ranked[:5]) & set(q.gold_doc_ids))
        texts = [compact(h.chunk.text) for h in hits[:5]]
        for quotes in q.passage_quotes():  # the labelled passage or one stating the same fact
            total += 1
            found += any(compact(p) in t for p in quotes for t in texts)
    n = max(len(questions), 1)
    return {"hit@1": h1 / n, "hit@5": h5 / n, "passage_recall@5": found / max(total, 1)}


def main() -> None:
    import tune_rescoring

    from core.kb import KnowledgeBase
    from core.settings import Settings

    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--dataset", default="corpus")
    parser.add_argument("--split", choices=("train", "eval"), default="train")
    parser.add_argument("--weights", type=float, nargs="+", default=[0.0, 0.05, 0.1, 0.2, 0.3])
    args = parser.parse_args()
    args.n = 1000
    kb = KnowledgeBase(Settings(data_dir=args.store))
    key = {d: Path(m.source_path).stem for d, m in kb.document_metas().items()}
    questions = [q for q in tune_rescoring.questions(args) if set(q.gold_doc_ids) <= set(key.values())]
    kb.retriever.query_cache_size = len(questions)  # every question embedded once for all weights
    print(f"{len(questions)} questions ({args.dataset}, {args.split})")
    for weight in args.weights:
        metrics = run(kb, questions, key, weight)
        print(f"idf_coverage_weight {weight:<5}  " + "  ".join(f"{k} {v:.3f}" for k, v in metrics.items()))
    kb.close()


if __name__ == "__main__":
    main()
