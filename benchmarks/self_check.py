"""Can the embedded model check its own answer? Measures whether asking it, after it answered, separates the
unanswerable questions it answered from the answerable ones (not a test; docs/measurements.md, "Answers").

    python benchmarks/self_check.py --store DATA_DIR --results EVAL_OUT/results.jsonl [--prompt answer|evidence]
        [--unanswerable-first] [--answerable-every N]

Reads an embedded run of the corpus eval (``pressroom eval --dataset corpus --task answer --generator embedded``).
For every question that run answered, it rebuilds the evidence the model was shown (retrieval and re-ranking
by meaning, as ``Answerer`` does), takes the model's own sentences of the answer (those that are not verbatim
quotes of a citation, attributions stripped) and asks the same model, one token generated, either whether
the answer takes the asked project's / year's / subject's content from the evidence (``--prompt answer``) or
whether the evidence states the answer to the question directly (``--prompt evidence``). It prints
P(아니오) / (P(예) + P(아니오)) per question and the ROC AUC of that score for unanswerable against answerable
questions (0.5: no separation). ``--answerable-every N`` reads only every Nth answered answerable question.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

PROMPTS = {
    "answer": "[답]이 [질문]이 묻는 바로 그 사업·연도·대상의 내용을 [근거]에서 가져왔으면 '예', [근거]에 없는 내용이거나 "
              "다른 사업·연도·대상의 내용을 가져다 썼으면 '아니오'라고만 답하세요.",
    "evidence": "[근거]에 [질문]의 답이 직접 나와 있으면 '예', 비슷한 내용만 있고 질문이 묻는 바로 그 답은 없으면 "
                "'아니오'라고만 답하세요.",
}
_ATTRIBUTION = re.compile(r"^「[^」]*」\([^)]*\)에 따르면,\s*")
_MARKERS = re.compile(r"(?:\[\d+\])+")


def model_sentences(row: dict[str, Any]) -> list[str]:
    """The answer's sentences that are not verbatim quotes of its citations (the complement's)."""
    quotes = [c["quote"] for c in row["citations"]]
    pieces = [_ATTRIBUTION.sub("", p).strip() for p in _MARKERS.split(row["answer"])]
    own = [p for p in pieces if p and not any(p.rstrip(".") in q or q in p for q in quotes)]
    return own or [p for p in pieces if p][:1]


def chosen(rows: list[dict[str, Any]], unanswerable_first: bool, every: int) -> list[dict[str, Any]]:
    answered = [r for r in rows if not r["metrics"]["refused"]]
    unanswerable = [r for r in answered if not r["answerable"]]
    answerable = [r for r in answered if r["answerable"]][::every]
    if unanswerable_first:
        return unanswerable + answerable
    kept = {r["qid"] for r in unanswerable + answerable}
    return [r for r in answered if r["qid"] in kept]


def measure(store: Path, rows: list[dict[str, Any]], ask: str) -> list[tuple[bool, float]]:
    from refusal_frontier import embedded_answerer, model_evidence

    from generate.answer import _Sources, prompt_context

    kb, model, answerer = embedded_answerer(store)
    scores = []
    for row in rows:
        _, evidence = model_evidence(kb, answerer, row["question"])
        sources = _Sources()
        context = prompt_context([sources.citation_for(e) for e in evidence])
        content = f"[근거]\n{context}\n\n[질문] {row['question']}\n\n[답] {' '.join(model_sentences(row))}\n\n{ask}"
        first: dict[str, float] = {}
        replies = model.stream([{"role": "system", "content": "당신은 시청 자료의 사실 확인 담당자입니다."},
                                {"role": "user", "content": content}], max_tokens=1, on_first_token=first.update)
        for _ in replies:
            break
        replies.close()
        yes = sum(math.exp(v) for k, v in first.items() if k.strip()[:1] in ("예", "네"))
        no = sum(math.exp(v) for k, v in first.items() if k.strip().startswith("아"))
        score = no / max(yes + no, 1e-9)
        scores.append((bool(row["answerable"]), score))
        print(f"{row['qid']} answerable={row['answerable']} doubt_of_answer={score:.3f}", file=sys.stderr)
    kb.close()
    return scores


def main() -> None:
    from evaluation.metrics import roc_auc

    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--results", type=Path, required=True)
    parser.add_argument("--prompt", choices=sorted(PROMPTS), default="answer")
    parser.add_argument("--unanswerable-first", action="store_true")
    parser.add_argument("--answerable-every", type=int, default=1)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.results.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r.get("task") == "answer"]
    scores = measure(args.store, chosen(rows, args.unanswerable_first, args.answerable_every), PROMPTS[args.prompt])
    n_bad = sum(not a for a, _ in scores)
    print(f"answered questions read: {len(scores) - n_bad} answerable, {n_bad} unanswerable; "
          f"ROC AUC of the model's doubt of its own answer: "
          f"{roc_auc([s for a, s in scores if not a], [s for a, s in scores if a]):.3f}")


if __name__ == "__main__":
    main()
