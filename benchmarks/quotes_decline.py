"""Which questions the quotes decline for the model (``QUOTES_DECLINE_THE_MODEL``; not a test).

    python benchmarks/quotes_decline.py --store DATA_DIR [--dataset corpus/eval/questions ...] [--list]
    python benchmarks/quotes_decline.py --store KQ_DATA_DIR --squad KorQuAD_v1.0_dev.json --limit 1000

For every question: retrieval, evidence (re-ranked by meaning, as the model path reads it) and the gates, as
``Answerer.stream`` runs them before the model is asked; then the reason the quotes an extractive answer would
give cannot answer, when it is one that declines for the model too. Prints, per dataset, how many answerable
questions and near-misses the gates decline and how many the quotes then decline, by reason; ``--list`` names
each question the quotes decline. No model is loaded: the decline comes before it. A KorQuAD store is one
``pressroom eval --dataset KQ --limit N --store DIR`` filled (same ``--limit``, so the sample matches).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def declines(answerer: Any, question: str) -> tuple[str | None, str | None]:
    """(the gates' refusal, the quotes' decline for the model) for one question; the second only without the first."""
    from core.types import AccessLevel, SearchFilters

    hits = answerer.kb.search(question, SearchFilters(clearance=AccessLevel.INTERNAL), k=answerer.config.k)
    unit = answerer._singled_out_unit(question)
    evidence, lexical = answerer._evidence(question, hits, by_meaning=True, unit=unit)
    gate = answerer._refusal_reason(question, evidence, hits, unit=unit)
    return gate, None if gate else answerer._quotes_cannot_answer(question, evidence, lexical, unit)


def main() -> None:
    from core.kb import KnowledgeBase
    from core.settings import Settings
    from evaluation.datasets import load_questions, squad_dataset
    from generate.answer import Answerer

    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--dataset", type=Path, action="append")
    parser.add_argument("--squad", type=Path, help="a SQuAD-format file (KorQuAD), sampled as the harness does")
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    answerer = Answerer(KnowledgeBase(Settings(data_dir=args.store)))
    if args.squad:
        groups = {args.squad.stem: squad_dataset(args.squad, args.store.parent / "squad", limit=args.limit).questions}
    else:
        groups = {d.name: load_questions(d) for d in args.dataset or [REPO / "corpus" / "eval" / "questions"]}
    print("| dataset | kind | n | declined by the gates | declined by the quotes (by reason) |")
    print("|---|---|---|---|---|")
    for name, questions in groups.items():
        counts: dict[bool, Counter[str]] = {True: Counter(), False: Counter()}
        for q in questions:
            gate, quotes = declines(answerer, q.question)
            counts[q.answerable]["n"] += 1
            counts[q.answerable]["gates"] += gate is not None
            if quotes:
                counts[q.answerable][quotes] += 1
                if args.list:
                    print(f"<!-- {q.id} {quotes}: {q.question} -->")
        for answerable, c in counts.items():
            if c["n"]:
                reasons = ", ".join(f"{r} {k}" for r, k in c.items() if r not in ("n", "gates")) or "none"
                kind = "answerable" if answerable else "near-miss"
                print(f"| {name} | {kind} | {c['n']} | {c['gates']} | {reasons} |")
    answerer.kb.close()


if __name__ == "__main__":
    main()
