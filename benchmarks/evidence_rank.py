"""Where the gold passage's sentence ranks among an answer's evidence candidates (not a test).

    python benchmarks/evidence_rank.py --store DATA_DIR [--dataset corpus/eval/questions ...]
        [--no-equivalents] [--settings 8:2 16:2]

For every answerable question: retrieval and evidence selection as ``Answerer`` runs them (k hits, every
sentence scored by ``generate.evidence.select_evidence``), then, for each re-scoring setting TOP:WEIGHT,
the best TOP sentences re-ranked by score + WEIGHT × the question–sentence cosine (the answer's
``rescore_top`` and ``SENTENCE_WEIGHT``). Prints, per dataset, the share of questions whose gold passage's
sentence is first, in the best 3 and in the best 4 (what the answer reads: ``AnswerConfig.evidence``), and
how many gold sentences are among the candidates at all. ``--no-equivalents`` scores sentences without the
glossary's other wordings of the question's terms. A sentence is the gold one when it holds a gold passage
or lies inside one (spaces ignored). Each store must have been ingested with the embedder it is read with.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CANDIDATES = 40
COSINES = 20  # the widest re-scoring window measured


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def collect(kb: Any, dataset: Path, equivalents: bool) -> list[tuple[list[bool], list[float], list[float]]]:
    """Per answerable question: which candidates are gold, their scores, the best ones' cosines."""
    from core.types import AccessLevel, SearchFilters
    from evaluation.datasets import load_questions
    from generate.answer import AnswerConfig
    from generate.evidence import meaning_cosines, question_equivalents, select_evidence, table_lead_ins

    rows = []
    for q in load_questions(dataset):
        if not q.answerable:
            continue
        hits = kb.search(q.question, SearchFilters(clearance=AccessLevel.INTERNAL), k=AnswerConfig().k)
        found = select_evidence(q.question, hits, limit=CANDIDATES, lead_ins=table_lead_ins(hits, kb),
                                equivalents=question_equivalents(q.question, kb) if equivalents else None)
        golds = [_compact(p) for p in q.gold_passages]
        flags = [any(g in _compact(e.text) or (len(_compact(e.text)) > 15 and _compact(e.text) in g)
                     for g in golds) for e in found]
        cosines = meaning_cosines(q.question, found[:COSINES], kb.embedder) if found else []
        rows.append((flags, [e.score for e in found], cosines))
    return rows


def gold_rank(flags: list[bool], scores: list[float], cosines: list[float], top: int, weight: float) -> int:
    """The gold sentence's place after re-scoring the best ``top``; -1 when it is no candidate."""
    head = sorted(range(min(top, len(cosines))), key=lambda i: -(scores[i] + weight * cosines[i]))
    order = head + list(range(len(head), len(flags)))
    return next((place for place, i in enumerate(order) if flags[i]), -1)


def main() -> None:
    from core.kb import KnowledgeBase
    from core.settings import Settings

    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--dataset", type=Path, action="append")
    parser.add_argument("--no-equivalents", action="store_true")
    parser.add_argument("--settings", nargs="+", default=["0:0", "8:2", "16:2"], help="TOP:WEIGHT")
    args = parser.parse_args()
    kb = KnowledgeBase(Settings(data_dir=args.store))
    print("| dataset | n | gold among candidates | top:weight | first | best 3 | best 4 |")
    print("|---|---|---|---|---|---|---|")
    datasets = args.dataset or [REPO / "corpus" / "eval" / "questions"]
    pooled: list[tuple[list[bool], list[float], list[float]]] = []
    for dataset in datasets:
        rows = collect(kb, dataset, equivalents=not args.no_equivalents)
        pooled += rows
        report(dataset.name, rows, args.settings)
    if len(datasets) > 1:
        report("all", pooled, args.settings)
    kb.close()


def report(name: str, rows: list[tuple[list[bool], list[float], list[float]]], settings: list[str]) -> None:
    among = sum(any(flags) for flags, _, _ in rows)
    for setting in settings:
        top, weight = int(setting.split(":")[0]), float(setting.split(":")[1])
        ranks = [gold_rank(*row, top, weight) for row in rows]
        shares = [sum(0 <= r < k for r in ranks) / len(rows) for k in (1, 3, 4)]
        print(f"| {name} | {len(rows)} | {among} | {setting} | " + " | ".join(f"{s:.3f}" for s in shares) + " |")


if __name__ == "__main__":
    main()
