"""The draft task (and the summary task): draft every brief of ``corpus/eval/briefs`` and score it.

Metrics per brief (one ``results.jsonl`` record, task ``draft``, pipeline = generator):
- ``structure``: 1.0 when every required part is present, once, in house order (style profile);
- ``style_form``: 1.0 when the form checks also pass (headline length, lead formula, contact lines …);
- ``figure_coverage``: share of the brief's figures the draft states (normalised);
- ``invented`` / ``invented_unflagged``: figures of the final text that neither the brief nor a cited
  background passage states (``evaluation.metrics.figure_fidelity``, independent of the drafter's guard),
  and those of them no flag marks — the number that must be 0;
- ``flagged``: figures/names the guard flagged (dropped, marked or replaced);
- ``rouge_l`` (Kiwi content morphemes, LCS F1) and ``chrf`` against the held-out reference release.

Summary tasks (``corpus/eval/summaries-*.jsonl``) get task ``summary``: ROUGE-L against the reference
summary, key-point recall, citation recall with the lexical judge, and length.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from core.types import AccessLevel, SearchFilters
from evaluation.runner import _done


def brief_paths(corpus_dir: Path) -> list[Path]:
    return sorted((Path(corpus_dir) / "eval" / "briefs").glob("*.yaml"))


def run_drafts(kb: Any, corpus_dir: Path, out_dir: Path, progress: Callable[[int, int], None] | None = None, *,
               generators: Iterable[str] = ("template",), llm_briefs: int | None = 3,
               summaries: bool = True) -> None:
    """Append one ``draft`` record per (generator, brief) to ``out_dir/results.jsonl`` (resumable).
    Model generators run on the first ``llm_briefs`` briefs only (2 shared cores)."""
    from generate.draft.brief import load_brief

    results = Path(out_dir) / "results.jsonl"
    done = _done(results)
    paths = brief_paths(corpus_dir)
    names = list(generators)
    total, count = len(names) * len(paths), 0
    with results.open("a", encoding="utf-8") as fh:
        for name in names:
            drafter = _drafter(kb, name)
            chosen = paths if name == "template" or llm_briefs is None else paths[:llm_briefs]
            count += len(paths) - len(chosen)
            for path in chosen:
                count += 1
                brief = load_brief(path)
                if ("draft", name, brief.id) not in done:
                    record = draft_record(name, brief, drafter, _reference(corpus_dir, brief.id))
                    fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                    fh.flush()
                if progress:
                    progress(count, total)
    if summaries:
        run_summaries(kb, corpus_dir, out_dir)


def _drafter(kb: Any, name: str) -> Any:
    from generate.backends import make_chat_model
    from generate.draft.drafter import Drafter

    model = None if name == "template" else make_chat_model(kb.settings, name)
    return Drafter(kb, model)


def _reference(corpus_dir: Path, brief_id: str) -> str | None:
    path = Path(corpus_dir) / "eval" / "references" / f"{brief_id}.txt"
    return path.read_text(encoding="utf-8") if path.exists() else None


def draft_record(name: str, brief: Any, drafter: Any, reference: str | None) -> dict[str, Any]:
    result = drafter.draft(brief, SearchFilters(clearance=AccessLevel.INTERNAL))
    text = result.release.to_text(drafter.style)
    allowed = brief.source_texts() + [c.quote for c in result.background]
    return {
        "task": "draft", "pipeline": name, "qid": brief.id, "type": brief.kind, "answerable": True,
        "paraphrased": False, "generator": result.generator, "metrics": draft_metrics(text, brief, result, allowed,
                                                                                      reference, drafter.style),
        "latency": result.timings, "draft": text, "flags": [f.model_dump() for f in result.flags],
        "style_issues": result.style_issues, "exemplars": result.exemplars,
    }


def draft_metrics(text: str, brief: Any, result: Any, allowed: list[str], reference: str | None,
                  style: Any) -> dict[str, float]:
    from evaluation.metrics import brief_figure_coverage, chrf, figure_fidelity, rouge_l_f
    from generate.draft.style import check_text

    issues = check_text(text, style)
    fidelity = figure_fidelity(text, allowed)
    marked = {f.raw for f in result.flags if f.action == "marked"}
    metrics = {
        "structure": float(not [i for i in issues if i.code.startswith("structure")]),
        "style_form": float(not issues),
        "figure_coverage": brief_figure_coverage(brief.key_facts, text),
        "invented": float(len(fidelity.invented)),
        "invented_unflagged": float(len([raw for raw in fidelity.invented if raw not in marked])),
        "flagged": float(len(result.flags)),
    }
    if reference:
        metrics["rouge_l"] = rouge_l_f(reference, text)
        metrics["chrf"] = chrf(reference, text)
    return metrics


# --- summaries -----------------------------------------------------------------------------------------


def summary_tasks(corpus_dir: Path) -> list[dict[str, Any]]:
    tasks = []
    for path in sorted((Path(corpus_dir) / "eval").glob("summaries*.jsonl")):
        tasks += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return tasks


def run_summaries(kb: Any, corpus_dir: Path, out_dir: Path) -> None:
    from generate.draft.summarize import Summarizer, SummaryError

    results = Path(out_dir) / "results.jsonl"
    done = _done(results)
    summarizer = Summarizer(kb)
    filters = SearchFilters(clearance=AccessLevel.INTERNAL)
    with results.open("a", encoding="utf-8") as fh:
        for task in summary_tasks(corpus_dir):
            if ("summary", "extractive", task["id"]) in done:
                continue
            try:
                summary = summarizer.summarize(task["doc_ids"], task.get("length", "short"), filters)
            except SummaryError:
                continue  # the documents are not in this knowledge base
            fh.write(json.dumps(summary_record(task, summary), ensure_ascii=False) + "\n")
            fh.flush()


def summary_record(task: dict[str, Any], summary: Any) -> dict[str, Any]:
    from evaluation.judge import support
    from evaluation.metrics import citation_recall, key_fact_recall, rouge_l_f

    quotes = {c.n: c.quote for c in summary.citations}
    cited = [(s.text, [quotes[n] for n in s.citations if n in quotes]) for s in summary.sentences]
    points = task.get("key_points", [])
    metrics = {"rouge_l": rouge_l_f(task["reference_summary"], summary.text),
               "citation_recall": citation_recall(cited, support), "chars": float(len(summary.text))}
    if points:
        metrics["key_points"] = sum(key_fact_recall(p, summary.text) for p in points) / len(points)
    return {"task": "summary", "pipeline": summary.generator, "qid": task["id"], "type": task.get("length", ""),
            "answerable": True, "paraphrased": False, "metrics": metrics, "latency": summary.timings,
            "summary_text": summary.text}  # not "summary": the report merges that key as a dict
