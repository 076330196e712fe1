"""How the two legs' scores are put on one scale before fusion (not a test): cache each question's
candidates from both legs once, then replay fusion + the second stage offline under several scalings.

    python benchmarks/fusion_scores.py --store KORQUAD_STORE --dataset PATH/KorQuAD_v1.0_dev.json \
        --split train --cache CACHE.jsonl

``--split train`` reads 1,000 KorQuAD-dev questions outside the harness's evaluation sample (``--limit 1000
--seed 13``, as ``tune_rescoring.py``); ``--split eval`` reads that sample itself — choose on train, report
on eval. Document-level hit@1 / hit@5 only: within a document the shipped order of passages is fusion's
(``passages_by_fusion``), which a change of the document score never reorders.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.append(str(Path(__file__).resolve().parent))  # after the repo: benchmarks/ingest.py must not shadow ingest/
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

Candidate = dict[str, Any]
Scaler = Callable[[list[float]], list[float]]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--dataset", required=True)
    parser.add_argument("--split", choices=("train", "eval"), default="train")
    parser.add_argument("--cache", type=Path, required=True)
    args = parser.parse_args()
    if not args.cache.exists():
        collect(args)
    rows = [json.loads(line) for line in args.cache.read_text(encoding="utf-8").splitlines()]
    print(f"{len(rows)} questions ({args.split})")
    for name, scaler in SCALERS.items():
        for kw_weight in (0.1, 0.2, 0.3, 0.4, 0.5):
            for window in (0.1, 0.2, 0.4, 0.5):
                print(f"{name:8s} kw={kw_weight:.1f} window={window:.1f}",
                      evaluate(rows, scaler, kw_weight, 0.1, window))


def collect(args: argparse.Namespace) -> None:
    from tune_rescoring import open_store, questions

    from core.textnorm import normalise_query
    from index.hybrid import _holds, window_coverage
    from index.keyword import keyword_tokens

    kb, filters, docs, key = open_store(args.store)
    retriever = kb.retriever
    with args.cache.open("w", encoding="utf-8") as fh:
        for q in questions(argparse.Namespace(dataset=args.dataset, store=args.store, split=args.split, n=1000)):
            query = normalise_query(q.question)
            words = keyword_tokens(query)
            expansion = retriever._expand(words)
            kw = dict(retriever._keyword(words, expansion, 50, set(docs)))
            dense = dict(retriever._dense(query, 50, filters, set(docs)))
            chunks = kb.manifest.chunks(list({**kw, **dense}))
            terms = set(words)
            rows = []
            for cid, chunk in chunks.items():
                cov = sum(_holds(chunk.text, t, expansion) for t in terms) / len(terms) if terms else 0.0
                rows.append({"doc": key[chunk.doc_id], "kw": kw.get(cid), "dense": dense.get(cid), "cov": cov,
                             "window": window_coverage(query, chunk.text)})
            fh.write(json.dumps({"gold": q.gold_doc_ids, "c": rows}, ensure_ascii=False) + "\n")


def by_max(values: list[float]) -> list[float]:
    top = max(values, default=0.0) or 1.0
    return [v / top for v in values]


def min_max(values: list[float]) -> list[float]:
    low, high = min(values, default=0.0), max(values, default=0.0)
    return [(v - low) / (high - low) if high > low else 1.0 for v in values]


def z_score(values: list[float]) -> list[float]:
    if len(values) < 2:
        return [0.0 for _ in values]
    mean, sd = statistics.fmean(values), statistics.pstdev(values) or 1.0
    return [(v - mean) / sd for v in values]


SCALERS: dict[str, Scaler] = {"max": by_max, "minmax": min_max, "z": z_score}


def fused(cands: list[Candidate], scaler: Scaler, kw_weight: float) -> list[float]:
    """Each candidate's fused score: the keyword leg scaled as asked; the dense cosine scaled the same way
    except for the shipped ``max`` scaling, which keeps the raw cosine (``index.hybrid.fuse``)."""
    kw = _scaled([c["kw"] for c in cands], scaler)
    dense = _scaled([c["dense"] for c in cands], (lambda v: v) if scaler is by_max else scaler)
    return [kw_weight * k + (1 - kw_weight) * d for k, d in zip(kw, dense, strict=True)]


def _scaled(values: list[float | None], scaler: Scaler) -> list[float]:
    """Scale the scores a leg gave; a candidate the leg did not return sits at the scale's floor."""
    scaled = scaler([v for v in values if v is not None])
    floor = 0.0 if scaler is by_max or not scaled else min(scaled)
    given = iter(scaled)
    return [next(given) if v is not None else floor for v in values]


def evaluate(rows: list[dict[str, Any]], scaler: Scaler, kw_weight: float, cov: float, window: float,
             ) -> dict[str, float]:
    hit1 = hit5 = 0
    for row in rows:
        cands = row["c"]
        base = fused(cands, scaler, kw_weight)
        scale = _spread(base) if scaler is not by_max else 1.0
        scores = [b + scale * (cov * c["cov"] + window * c["window"]) for b, c in zip(base, cands, strict=True)]
        order = sorted(range(len(cands)), key=lambda i: -scores[i])
        ranked = list(dict.fromkeys(cands[i]["doc"] for i in order))
        gold = set(row["gold"])
        hit1 += bool(ranked and ranked[0] in gold)
        hit5 += bool(gold & set(ranked[:5]))
    n = len(rows) or 1
    return {"hit@1": round(hit1 / n, 3), "hit@5": round(hit5 / n, 3)}


def _spread(values: list[float]) -> float:
    """Put the second stage's bonuses on the fused score's own scale (the shipped ``max`` scale spans ~1)."""
    return (max(values) - min(values)) if values else 1.0


if __name__ == "__main__":
    main()
