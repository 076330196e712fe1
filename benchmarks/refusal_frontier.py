"""Choose the model's doubt threshold for refusals (``AnswerConfig.decline_probability``; not a test).

    python benchmarks/refusal_frontier.py --store DATA_DIR [--limit N] [--opening N] [--dataset DIR] [--without-worked-examples]

For every corpus eval question: retrieval, evidence (re-ranked by meaning, as for a model's answer) and the
answer gates exactly as ``Answerer`` runs them (topic floor, coverage, figures the question names); then, for questions with evidence, the embedded
model reads the same prompt as for an answer and reports its first token's alternatives — the probability
that it opens with "근거 부족" (one token generated, ~3 s a question). Prints which gate refused what and,
for each doubt threshold, the share of answerable questions refused (false refusals) and of unanswerable
ones (refusal recall), over all questions and over the two halves of the question files (parts a–c, the
rest) to show how stable a choice is. ``--opening N`` generates N tokens of each reply and counts the replies
under the shipped threshold that open with the decline anyway, bare or bracketed ("[근거 부족]"). Mid-answer
declines ("근거 부족" after the first token) and answers whose sentences all fail the support check are not
simulated: run the harness for the end-to-end numbers.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

THRESHOLDS = (0.02, 0.03, 0.05, 0.07, 0.08, 0.1, 0.15, 0.2, 0.3, 0.5, 1.01)


def embedded_answerer(store: Path) -> tuple[Any, Any, Any]:
    """The knowledge base of ``store``, the embedded model and an ``Answerer`` over both."""
    from core.kb import KnowledgeBase
    from core.settings import Settings
    from generate.answer import Answerer
    from generate.backends import make_chat_model

    settings = Settings(data_dir=store)
    kb = KnowledgeBase(settings)
    model = make_chat_model(settings, "embedded")
    assert model is not None
    return kb, model, Answerer(kb, model)


def model_evidence(kb: Any, answerer: Any, question: str) -> tuple[list[Any], list[Any]]:
    """The hits and the evidence a model's answer to ``question`` would read (re-ranked by meaning)."""
    from core.types import AccessLevel, SearchFilters

    hits = kb.search(question, SearchFilters(clearance=AccessLevel.INTERNAL), k=answerer.config.k)
    evidence, _ = answerer._evidence(question, hits, by_meaning=True)
    return hits, evidence


def measure(store: Path, limit: int | None, opening: int = 1, dataset: Path | None = None,
            worked_examples: bool = True) -> list[dict[str, Any]]:
    from evaluation.datasets import load_questions
    from generate.answer import _Sources, decline_probability, prompt_messages

    kb, model, answerer = embedded_answerer(store)
    rows = []
    for q in load_questions(dataset or REPO / "corpus" / "eval" / "questions")[:limit]:
        hits, evidence = model_evidence(kb, answerer, q.question)
        gate = answerer._refusal_reason(q.question, evidence, hits)
        doubt = None
        if evidence:
            sources = _Sources()
            numbered = [sources.citation_for(e) for e in evidence]
            first: dict[str, float] = {}
            messages = prompt_messages(q.question, numbered, worked_examples=worked_examples)
            replies = model.stream(messages, max_tokens=opening,
                                   on_first_token=first.update)
            reply = "".join(replies)
            doubt = decline_probability(first)
        else:
            reply = ""
        rows.append({"id": q.id, "answerable": q.answerable, "gate": gate, "doubt": doubt, "reply": reply})
        print(f"{q.id} answerable={q.answerable} gate={gate} doubt={doubt} reply={reply!r}", file=sys.stderr)
    kb.close()
    return rows


def rates(rows: list[dict[str, Any]], threshold: float) -> tuple[float, float]:
    def refused(r: dict[str, Any]) -> bool:
        return bool(r["gate"]) or r["doubt"] is None or r["doubt"] >= threshold

    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    return (sum(map(refused, answerable)) / max(len(answerable), 1),
            sum(map(refused, unanswerable)) / max(len(unanswerable), 1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--opening", type=int, default=1,
                        help="tokens of each reply to generate (more than 1: report replies that open with a decline)")
    parser.add_argument("--dataset", type=Path, default=None,
                        help="a folder of question files (default: corpus/eval/questions; corpus/eval/fresh)")
    parser.add_argument("--without-worked-examples", action="store_true",
                        help="the prompt without generate.answer.WORKED_EXAMPLES (before stop 32)")
    args = parser.parse_args()
    from evaluation.metrics import roc_auc

    rows = measure(args.store, args.limit, args.opening, args.dataset, not args.without_worked_examples)
    read = [r for r in rows if not r["gate"] and r["doubt"] is not None]
    auc = roc_auc([r["doubt"] for r in read if not r["answerable"]], [r["doubt"] for r in read if r["answerable"]])
    print(f"questions the model read (no gate refused): {len(read)}; ROC AUC of its doubt, unanswerable against "
          f"answerable: {auc:.3f}")
    print("gate refusals (answerable, reason):",
          dict(collections.Counter((r["answerable"], r["gate"]) for r in rows if r["gate"])))
    halves = {"a–c": [r for r in rows if r["id"][:2] in ("qa", "qb", "qc")],
              "rest": [r for r in rows if r["id"][:2] not in ("qa", "qb", "qc")]}
    print("| refuse when P(근거 부족) ≥ | false refusals | refusal recall | a–c FR / RR | rest FR / RR |")
    print("|---|---|---|---|---|")
    for t in THRESHOLDS:
        fr, rr = rates(rows, t)
        parts = " | ".join("{:.3f} / {:.3f}".format(*rates(half, t)) for half in halves.values())
        label = "never (gates only)" if t > 1 else f"{t:.2f}"
        print(f"| {label} | {fr:.3f} | {rr:.3f} | {parts} |")
    if args.opening > 1:
        from generate.answer import _DECLINE, AnswerConfig

        shipped = AnswerConfig().decline_probability
        declined = collections.Counter(r["answerable"] for r in rows if not r["gate"] and r["doubt"] is not None
                           and r["doubt"] < shipped and _DECLINE in r["reply"][:8])
        print(f"replies under the shipped doubt {shipped} that open with the decline (bare or '[근거 부족]'): "
              f"{declined[True]} answerable, {declined[False]} unanswerable")


if __name__ == "__main__":
    main()
