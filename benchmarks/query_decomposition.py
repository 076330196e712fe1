"""Multi-part questions split into sub-queries (not a test): does searching each part and merging the hit
lists lift passage recall@5 on the corpus eval?

    python benchmarks/query_decomposition.py --store DATA_DIR

Two Kiwi-based splits, tried in order: a clause split at a connective ending followed by a comma
("…계획했고, 실제로는 몇 명이…" → the first clause, and the second with the first clause's topic), and a
conjunct split at a conjunctive particle between nouns ("2024년이랑 2026년 예산…" → one question per year).
Merges compared, each capped at 3 passages per document as the retriever does: the full question alone
(what ships), round-robin over the full and sub-query lists, round-robin starting with the sub-queries, and
the full list's top 2 or 3 followed by each sub-query's best hit. Measured 2026-12-02 (docs/measurements.md, "Retrieval").
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

NOUNISH = {"NNG", "NNP", "NNB", "NR", "SN", "SL", "XPN", "XSN", "SH", "NP"}


def _word_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind(" ", 0, pos) + 1
    end = text.find(" ", pos)
    return start, len(text) if end < 0 else end


def clause_split(question: str) -> list[str]:
    from core.korean import kiwi

    tokens = kiwi().tokenize(question)
    for i, tok in enumerate(tokens[:-1]):
        if tok.tag == "EC" and tok.form in ("고", "며", "으며") and tokens[i + 1].form == ",":
            cut = tokens[i + 1].start
            topic = next((question[:t.start + len(t.form)] for t in tokens
                          if t.tag in ("JX", "JKS") and t.start < cut), "")
            topic = re.sub(r"(은|는|이|가)$", "", topic).strip()
            return [question[:cut].strip(), f"{topic} {question[cut + 1:].strip()}".strip()]
    return []


def conjunct_split(question: str) -> list[str]:
    from core.korean import kiwi

    tokens = kiwi().tokenize(question)
    for i in range(1, len(tokens) - 1):
        tok = tokens[i]
        if tok.tag == "JC" and tokens[i - 1].tag in NOUNISH and tokens[i + 1].tag in NOUNISH:
            a_start, _ = _word_bounds(question, tok.start)
            b_start, b_end = _word_bounds(question, tokens[i + 1].start)
            if b_start <= a_start:
                continue
            first = question[:a_start] + question[a_start:tok.start] + question[b_end:]
            second = question[:a_start] + question[b_start:]
            return [re.sub(r"\s+", " ", first).strip(), re.sub(r"\s+", " ", second).strip()]
    return []


def sub_queries(question: str) -> list[str]:
    return clause_split(question) or conjunct_split(question)


def round_robin(lists: list[list[Any]]) -> list[Any]:
    return [lst[i] for i in range(max(map(len, lists))) for lst in lists if i < len(lst)]


MERGES: dict[str, Callable[[list[Any], list[list[Any]]], list[Any]]] = {
    "full question only (ships)": lambda full, subs: full,
    "round-robin, full first": lambda full, subs: round_robin([full, *subs]),
    "round-robin, sub-queries first": lambda full, subs: round_robin([*subs, full]),
    "full top 2, then each sub-query's best": lambda full, subs: full[:2] + [s[0] for s in subs if s] + full[2:],
    "full top 3, then each sub-query's best": lambda full, subs: full[:3] + [s[0] for s in subs if s] + full[3:],
}


def top5(hits: list[Any]) -> list[Any]:
    per_doc: Counter[str] = Counter()
    seen: set[str] = set()
    out = []
    for hit in hits:
        if hit.chunk.chunk_id in seen or per_doc[hit.doc.doc_id] >= 3:
            continue
        seen.add(hit.chunk.chunk_id)
        per_doc[hit.doc.doc_id] += 1
        out.append(hit)
    return out[:5]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--dataset", type=Path, default=REPO / "corpus" / "eval" / "questions",
                        help="a folder or file of question records (default: the main set)")
    args = parser.parse_args()
    from core.kb import KnowledgeBase
    from core.settings import Settings
    from core.types import AccessLevel, SearchFilters
    from evaluation.datasets import load_questions
    from evaluation.runner import score_retrieval

    kb = KnowledgeBase(Settings(data_dir=args.store))
    filters = SearchFilters(clearance=AccessLevel.INTERNAL)
    questions = [q for q in load_questions(args.dataset) if q.answerable and q.gold_passages]
    scores: dict[str, list[float]] = {name: [] for name in MERGES}
    paraphrased = [q.paraphrased for q in questions]
    split = 0
    for q in questions:
        full = kb.retriever.retrieve(q.question, filters, k=20)
        subs = [kb.retriever.retrieve(s, filters, k=20) for s in sub_queries(q.question)]
        split += bool(subs)
        for name, merge in MERGES.items():
            hits = top5(merge(full, subs) if subs else full)
            scores[name].append(score_retrieval(q, hits)["passage_recall@5"])
    print(f"{split} of {len(questions)} answerable questions split into sub-queries; passage recall@5:")
    for name, values in scores.items():
        para = [v for v, p in zip(values, paraphrased, strict=True) if p]
        literal = [v for v, p in zip(values, paraphrased, strict=True) if not p]
        print(f"  {name:42s} {sum(values) / len(values):.3f}  paraphrased / literal "
              f"{sum(para) / len(para):.3f} / {sum(literal) / len(literal):.3f}")
    kb.close()


if __name__ == "__main__":
    main()
