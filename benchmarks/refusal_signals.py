"""Two more refusal signals, measured against the questions the shipped gates let through (not a test).

    python benchmarks/refusal_signals.py --store DATA_DIR [--verify] [--answerable-sample N] [--seed S]

The answer gates (topic floor, coverage, figures, year, edition) and the model's first-token doubt refuse 28
of the corpus eval's 49 unanswerable questions; the other 21 are near-misses whose topic the archive holds
(docs/measurements.md, "Answers"). Each signal below is read for every question no gate refuses, and the script prints its
ROC AUC (unanswerable against answerable) and how many of each it would refuse at a few thresholds:

- ``cosine`` (always): the best cosine between the question and an evidence sentence as an answer reads it —
  the top 8 the meaning re-ranking reads, and the top 30. Computed by the re-ranking anyway, so it would cost
  nothing.
- ``verify`` (``--verify``; ~10 s a question): the embedded model asked, on a prompt of its own with the same
  numbered passages, whether they state what the question asks ("예" / "아니오"); the signal is P(아니오) over
  P(예) + P(아니오) from its first token's alternatives. ``--answerable-sample`` reads only that many
  answerable questions (drawn with ``--seed``) besides every unanswerable one.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

VERIFY_PROMPT = (
    "당신은 자료 검토자입니다. [근거]에 [질문]이 묻는 바로 그 대상·연도·항목의 답이 직접 적혀 있는지 판단하세요. "
    "적혀 있으면 '예', 없으면 '아니오'라고만 답하세요."
)
THRESHOLDS = {"cosine8": (0.45, 0.5, 0.55), "cosine30": (0.45, 0.5, 0.55), "verify": (0.3, 0.5, 0.7)}


def cosine_signals(kb: Any, question: str, hits: list[Any]) -> dict[str, float]:
    """Minus the best question–sentence cosine (higher reads as "refuse") over the top 8 and top 30 sentences."""
    from generate.evidence import meaning_cosines, select_evidence, table_lead_ins

    candidates = select_evidence(question, hits, limit=30, lead_ins=table_lead_ins(hits, kb))
    cosines = meaning_cosines(question, candidates, kb.embedder) if candidates else []
    return {"cosine8": -max(cosines[:8], default=0.0), "cosine30": -max(cosines, default=0.0)}


def verify_signal(model: Any, question: str, evidence: list[Any]) -> float | None:
    """P(아니오) against P(예) of the model's first token, asked whether the passages state the asked fact."""
    from generate.answer import _Sources, prompt_context

    sources = _Sources()
    numbered = [sources.citation_for(e) for e in evidence]
    messages = [{"role": "system", "content": VERIFY_PROMPT},
                {"role": "user", "content": f"[근거]\n{prompt_context(numbered)}\n\n[질문] {question}"}]
    first: dict[str, float] = {}
    "".join(model.stream(messages, max_tokens=1, on_first_token=first.update))
    yes = sum(math.exp(p) for token, p in first.items() if token.strip().startswith("예"))
    no = sum(math.exp(p) for token, p in first.items() if token.strip().startswith("아"))
    return no / (yes + no) if yes + no else None


def measure(store: Path, verify: bool, sample: int | None, seed: int) -> list[dict[str, Any]]:
    from core.kb import KnowledgeBase
    from core.settings import Settings
    from core.types import AccessLevel, SearchFilters
    from evaluation.datasets import load_questions
    from generate.answer import Answerer, decline_probability, prompt_messages
    from generate.backends import make_chat_model

    settings = Settings(data_dir=store)
    kb = KnowledgeBase(settings)
    model = make_chat_model(settings, "embedded") if verify else None
    answerer = Answerer(kb, model)
    questions = load_questions(REPO / "corpus" / "eval" / "questions")
    if sample is not None:
        answerable = [q for q in questions if q.answerable]
        questions = [q for q in questions if not q.answerable] + random.Random(seed).sample(answerable, sample)
    rows = []
    for q in questions:
        hits = kb.search(q.question, SearchFilters(clearance=AccessLevel.INTERNAL), k=answerer.config.k)
        evidence, _ = answerer._evidence(q.question, hits, by_meaning=True)
        if not evidence or answerer._refusal_reason(q.question, evidence, hits):
            continue
        row: dict[str, Any] = {"id": q.id, "answerable": q.answerable, **cosine_signals(kb, q.question, hits)}
        if model is not None:
            from generate.answer import _Sources

            sources = _Sources()
            first: dict[str, float] = {}
            numbered = [sources.citation_for(e) for e in evidence]
            "".join(model.stream(prompt_messages(q.question, numbered), max_tokens=1, on_first_token=first.update))
            if decline_probability(first) >= answerer.config.decline_probability:
                continue  # the shipped doubt refuses it already
            row["verify"] = verify_signal(model, q.question, evidence)
        rows.append(row)
        print(row, file=sys.stderr)
    kb.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--verify", action="store_true", help="also ask the embedded model (~10 s a question)")
    parser.add_argument("--answerable-sample", type=int, default=None)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    from evaluation.metrics import roc_auc

    rows = measure(args.store, args.verify, args.answerable_sample, args.seed)
    print("| signal | unanswerable / answerable read | ROC AUC | refused at thresholds (unanswerable / answerable) |")
    print("|---|---|---|---|")
    for signal, thresholds in THRESHOLDS.items():
        read = [r for r in rows if r.get(signal) is not None]
        if not read:
            continue
        positives = [r[signal] for r in read if not r["answerable"]]
        negatives = [r[signal] for r in read if r["answerable"]]
        cut = [-t for t in thresholds] if signal.startswith("cosine") else list(thresholds)
        refused = ", ".join(f"{abs(t)}: {sum(p >= t for p in positives)} / {sum(n >= t for n in negatives)}"
                            for t in cut)
        print(f"| {signal} | {len(positives)} / {len(negatives)} | {roc_auc(positives, negatives):.3f} | {refused} |")


if __name__ == "__main__":
    main()
