"""The answer task: run the answer pipeline per question and score groundedness, facts and refusals.

Citation precision/recall use the default Korean judge (``evaluation.judge.support``), the same criteria
the answer pipeline checks at run time — so for LLM sentences they measure whether the in-code check held,
and the judge's own agreement with hand labels is reported by ``benchmarks/judge_agreement.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from core.types import AccessLevel, SearchFilters
from evaluation.datasets import Dataset, EvalQuestion
from evaluation.runner import _done


def run_answers(kb: Any, dataset: Dataset, out_dir: Path, *, generators: Iterable[str] = ("extractive",),
                progress: Callable[[int, int], None] | None = None) -> None:
    from generate.answer import Answerer
    from generate.backends import make_chat_model

    results = out_dir / "results.jsonl"
    done = _done(results)
    filters = SearchFilters(clearance=AccessLevel.INTERNAL)
    names = list(generators)
    total, count = len(names) * len(dataset.questions), 0
    with results.open("a", encoding="utf-8") as fh:
        for name in names:
            answerer = Answerer(kb, make_chat_model(kb.settings, name))
            for q in dataset.questions:
                count += 1
                if ("answer", name, q.id) in done:
                    continue
                answer = answerer.ask(q.question, filters, generator=name)  # type: ignore[arg-type]
                fh.write(json.dumps(answer_record(name, q, answer), ensure_ascii=False) + "\n")
                fh.flush()
                if progress:
                    progress(count, total)


def answer_record(name: str, q: EvalQuestion, answer: Any) -> dict[str, Any]:
    from evaluation.judge import support
    from evaluation.metrics import citation_precision, citation_recall, key_fact_recall, token_f1

    quotes = {c.n: c.evidence_text() for c in answer.citations}
    cited = [(s.text, [quotes[n] for n in s.citations if n in quotes]) for s in answer.sentences]
    metrics: dict[str, float] = {"refused": float(answer.refused)}
    if not answer.refused and cited:
        metrics["citation_recall"] = citation_recall(cited, support)
        metrics["citation_precision"] = citation_precision(cited, support)
    if q.answerable:
        metrics["false_refusal"] = float(answer.refused)
        if not answer.refused:
            metrics["key_fact_recall"] = key_fact_recall(q.reference_answer, answer.text)
            metrics["token_f1"] = token_f1(q.reference_answer, answer.text)
    else:
        metrics["refusal_recall"] = float(answer.refused)
    return {
        "task": "answer", "pipeline": name, "qid": q.id, "type": q.type, "answerable": q.answerable,
        "paraphrased": q.paraphrased, "question": q.question, "reference": q.reference_answer,
        "answer": answer.text, "generator": answer.generator, "refusal_reason": answer.refusal_reason,
        "metrics": metrics, "latency": answer.timings,
        "dropped": [{"text": s.text, "reason": s.unsupported_reason, "missing_figures": s.missing_figures}
                    for s in answer.dropped],
        "citations": [{"n": c.n, "doc": Path(c.source_path).stem, "chunk_id": c.chunk_id, "quote": c.quote,
                       "supported": support(s.text, [quotes[c.n]]).supported}
                      for s in answer.sentences for c in answer.citations if c.n in s.citations],
    }
