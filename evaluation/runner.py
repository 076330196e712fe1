"""The evaluation runner: ingest a dataset, run each pipeline on each question, score, write a report.

Resumable: every scored record is appended to ``results.jsonl`` as soon as it exists, and a rerun skips
(pipeline, question) pairs already there. Deterministic: question sampling is seeded and retrieval has no
randomness.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.types import AccessLevel, Hit, SearchFilters
from evaluation.datasets import Dataset, EvalQuestion

RETRIEVAL_K = 10


@dataclass
class _KbRetriever:
    kb: Any
    mode: str

    def retrieve(self, query: str, filters: SearchFilters, k: int = 10) -> list[Hit]:
        hits: list[Hit] = self.kb.search(query, filters, k=k, mode=self.mode)
        return hits

    def stages(self) -> dict[str, float]:
        return dict(self.kb.retriever.timer.stages)


def build_pipeline(name: str, kb: Any) -> Any:
    if name in ("ours", "hybrid"):
        return _KbRetriever(kb, "hybrid")
    if name in ("keyword", "dense", "fusion"):
        return _KbRetriever(kb, name)
    if name == "naive":
        from evaluation.baselines import NaiveLlamaIndexRetriever

        return NaiveLlamaIndexRetriever(kb)
    raise ValueError(f"알 수 없는 파이프라인: {name} (ours, fusion, keyword, dense, naive)")


def doc_key(hit: Hit) -> str:
    return Path(hit.doc.source_path).stem


def score_retrieval(q: EvalQuestion, hits: list[Hit]) -> dict[str, float]:
    """Document- and passage-level retrieval metrics of one answerable question."""
    from evaluation.metrics import hit_at_k, mrr, ndcg_at_k, passage_found, recall_at_k

    ranked = list(dict.fromkeys(doc_key(h) for h in hits))
    gold = q.gold_doc_ids

    def first_rank(quotes: list[str]) -> int | None:
        return next((i for i, h in enumerate(hits) if any(passage_found(h.chunk.text, p) for p in quotes)), None)

    # A gold passage is found when a hit holds its labelled quote or a passage stating the same fact
    # (``EvalQuestion.alternative_passages``); the labelled quote alone is kept as its own metric.
    quotes = q.passage_quotes()
    found_rank = [first_rank(qs) for qs in quotes]
    labelled_rank = [first_rank(qs[:1]) for qs in quotes]
    out = {
        "hit@1": hit_at_k(ranked, gold, 1), "hit@5": hit_at_k(ranked, gold, 5),
        "recall@5": recall_at_k(ranked, gold, 5), "mrr": mrr(ranked, gold), "ndcg@10": ndcg_at_k(ranked, gold, 10),
    }
    if q.gold_copies is not None:  # the gold paragraph or a word-for-word copy of it (KorQuAD-dev)
        copy_of = {c: g for g, copies in q.gold_copies.items() for c in copies}
        as_gold = list(dict.fromkeys(copy_of.get(key, key) for key in ranked))
        out["hit@1_or_copy"], out["hit@5_or_copy"] = hit_at_k(as_gold, gold, 1), hit_at_k(as_gold, gold, 5)
    if q.gold_passages:
        out["passage_hit@1"] = float(any(r is not None and r < 1 for r in found_rank))
        out["passage_hit@5"] = float(any(r is not None and r < 5 for r in found_rank))
        out["passage_recall@5"] = sum(r is not None and r < 5 for r in found_rank) / len(found_rank)
        out["labelled_passage_recall@5"] = sum(r is not None and r < 5 for r in labelled_rank) / len(labelled_rank)
    return {k: float(v) for k, v in out.items()}


def _done(results: Path) -> set[tuple[str, str, str]]:
    if not results.exists():
        return set()
    done = set()
    for line in results.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            done.add((row["task"], row["pipeline"], row["qid"]))
    return done


def run_retrieval(kb: Any, dataset: Dataset, pipelines: Iterable[str], out_dir: Path, *,
                  progress: Callable[[int, int], None] | None = None) -> None:
    """Append one retrieval record per (pipeline, question) to ``out_dir/results.jsonl``."""
    results = out_dir / "results.jsonl"
    done = _done(results)
    filters = SearchFilters(clearance=AccessLevel.INTERNAL)
    questions = dataset.questions
    names = list(pipelines)
    total, count = len(names) * len(questions), 0
    with results.open("a", encoding="utf-8") as fh:
        for name in names:
            pending = [q for q in questions if ("retrieval", name, q.id) not in done]
            if not pending:
                count += len(questions)
                continue
            pipeline = build_pipeline(name, kb)
            count += len(questions) - len(pending)
            for q in pending:
                fh.write(json.dumps(_retrieval_record(pipeline, name, q, filters), ensure_ascii=False) + "\n")
                fh.flush()
                count += 1
                if progress:
                    progress(count, total)


def _retrieval_record(pipeline: Any, name: str, q: EvalQuestion, filters: SearchFilters) -> dict[str, Any]:
    t0 = time.perf_counter()
    hits = pipeline.retrieve(q.question, filters, RETRIEVAL_K)
    seconds = time.perf_counter() - t0
    stages = pipeline.stages() if hasattr(pipeline, "stages") else {}
    return {
        "task": "retrieval", "pipeline": name, "qid": q.id, "type": q.type, "answerable": q.answerable,
        "paraphrased": q.paraphrased, "question": q.question, "gold_doc_ids": q.gold_doc_ids,
        "metrics": score_retrieval(q, hits) if q.answerable and q.gold_doc_ids else {},
        "latency": {"total": seconds, **stages},
        "retrieved": [{"key": doc_key(h), "chunk_id": h.chunk.chunk_id, "score": round(h.score, 4),
                       "scores": {k: round(v, 4) for k, v in h.scores.items()}, "text": h.chunk.text[:400]}
                      for h in hits],
    }


def load_results(out_dir: Path) -> list[dict[str, Any]]:
    path = out_dir / "results.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
