"""How far extractive answers can go on key-fact recall, and where the current ones stand (not a test).

    python benchmarks/answer_ceiling.py --store DATA_DIR [--results EVAL_OUT/results.jsonl]

Key-fact recall (``evaluation.metrics.key_fact_recall``) counts every figure and name of the reference
answer, and the references add context (year, place, programme name) around the asked fact. This scores
"answers" that are gold material itself, over the answerable factoid and table questions:

- the gold passages (the quoted sentences the question was written from);
- the gold passages with their document's title and date (what a citation shows beside them);
- the whole chunk that holds the first gold passage.

With ``--results`` (an ``pressroom eval --task answer`` run) it also splits the real answers by whether they
quote a gold passage, which separates evidence choice from everything else; ``--evidence`` reports how often
the evidence selector's first sentence (what an extractive answer leads with) is a gold passage, and how
often any sentence of the retrieved hits is.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from statistics import mean
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def gold_questions() -> dict[str, Any]:
    from evaluation.datasets import load_questions

    return {q.id: q for q in load_questions(REPO / "corpus" / "eval" / "questions")
            if q.answerable and q.type in ("factoid", "table")}


def ceilings(store: Path, questions: dict[str, Any]) -> dict[str, float]:
    from core.kb import KnowledgeBase
    from core.settings import Settings
    from core.textnorm import compact, korean_date
    from evaluation.metrics import key_fact_recall

    kb = KnowledgeBase(Settings(data_dir=store))
    metas = kb.document_metas()
    chunks = [c for doc_id in metas for c in kb.manifest.doc_chunks(doc_id)]
    scores: dict[str, list[float]] = {"gold passages": [], "gold passages + title and date": [],
                                      "whole gold chunk": []}
    for q in questions.values():
        quotes = " ".join(q.gold_passages)
        scores["gold passages"].append(key_fact_recall(q.reference_answer, quotes))
        holder = next((c for c in chunks if compact(q.gold_passages[0]) in compact(c.text)), None)
        if holder is None:
            continue
        meta = metas[holder.doc_id]
        context = f"{meta.title} {korean_date(meta.date)}" if meta.date else meta.title
        scores["gold passages + title and date"].append(key_fact_recall(q.reference_answer, f"{context} {quotes}"))
        scores["whole gold chunk"].append(key_fact_recall(q.reference_answer, holder.text))
    kb.close()
    return {name: mean(values) for name, values in scores.items()}


def split_answers(results: Path, questions: dict[str, Any]) -> dict[str, tuple[int, float]]:
    from core.textnorm import compact

    groups: dict[str, list[float]] = {"answer quotes a gold passage": [], "answer does not": []}
    for line in results.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["task"] != "answer" or row["qid"] not in questions or "key_fact_recall" not in row["metrics"]:
            continue
        quoted = any(compact(p)[:25] in compact(row["answer"]) for p in questions[row["qid"]].gold_passages)
        groups["answer quotes a gold passage" if quoted else "answer does not"].append(
            row["metrics"]["key_fact_recall"])
    return {name: (len(v), mean(v) if v else 0.0) for name, v in groups.items()}


def evidence_choice(store: Path, questions: dict[str, Any]) -> tuple[float, float]:
    from core.kb import KnowledgeBase
    from core.settings import Settings
    from core.textnorm import compact
    from core.types import AccessLevel, SearchFilters
    from generate.evidence import select_evidence

    kb = KnowledgeBase(Settings(data_dir=store))
    first = anywhere = 0
    for q in questions.values():
        gold = [compact(p)[:25] for p in q.gold_passages]
        hits = kb.search(q.question, SearchFilters(clearance=AccessLevel.INTERNAL), k=8)
        ranked = select_evidence(q.question, hits, limit=1000)
        is_gold = [any(g in compact(e.text) or compact(e.text) in g for g in gold) for e in ranked]
        first += bool(is_gold and is_gold[0])
        anywhere += any(is_gold)
    kb.close()
    return first / len(questions), anywhere / len(questions)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--results", type=Path)
    parser.add_argument("--evidence", action="store_true")
    args = parser.parse_args()
    questions = gold_questions()
    print(f"{len(questions)} answerable factoid and table questions; key-fact recall of:")
    for name, value in ceilings(args.store, questions).items():
        print(f"  {name:34s} {value:.3f}")
    if args.results:
        for name, (n, value) in split_answers(args.results, questions).items():
            print(f"  {name:34s} {value:.3f}  (n={n})")
    if args.evidence:
        first, anywhere = evidence_choice(args.store, questions)
        print(f"evidence selector's first sentence is a gold passage: {first:.3f}; "
              f"a gold passage is among the retrieved sentences: {anywhere:.3f}")


if __name__ == "__main__":
    main()
