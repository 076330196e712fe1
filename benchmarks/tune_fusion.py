"""Tune score fusion on a dataset (not a test): cache each leg's top-50 per question once, then grid-search
the dense weight and the keyword normalisation offline.

    python benchmarks/tune_fusion.py --store DATA_DIR --dataset corpus|PATH.json [--limit 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--dataset", default="corpus")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args()
    cache = args.cache or args.store / "fusion-cache.jsonl"
    if not cache.exists():
        collect(args, cache)
    rows = [json.loads(line) for line in cache.read_text(encoding="utf-8").splitlines()]
    for norm in ("max", "minmax"):
        for w in (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0):
            h1, h5 = score(rows, w, norm)
            print(f"norm={norm:6} dense_weight={w:.1f}  hit@1 {h1:.3f}  hit@5 {h5:.3f}")


def collect(args: argparse.Namespace, cache: Path) -> None:
    from core.kb import KnowledgeBase
    from core.settings import Settings
    from core.types import AccessLevel, SearchFilters
    from evaluation.harness import resolve_dataset

    ds = resolve_dataset(args.dataset, Path("corpus"), args.store.parent, args.limit, 13)
    kb = KnowledgeBase(Settings(data_dir=args.store))
    retriever = kb.retriever
    filters = SearchFilters(clearance=AccessLevel.INTERNAL)
    docs = kb.document_metas()
    key = {d: Path(m.source_path).stem for d, m in docs.items()}
    chunk_doc = dict(zip(*kb.manifest.all_chunk_tokens()[:2], strict=True))
    with cache.open("w", encoding="utf-8") as fh:
        for q in ds.questions:
            if not q.answerable or not q.gold_doc_ids:
                continue
            from core.textnorm import normalise_query

            query = normalise_query(q.question)
            kw = retriever._keyword(query, 50, set(docs))
            dense = retriever._dense(query, 50, filters)
            fh.write(json.dumps({"gold": q.gold_doc_ids,
                                 "kw": [(c, key[chunk_doc[c]], s) for c, s in kw if c in chunk_doc],
                                 "dense": [(c, key[chunk_doc[c]], s) for c, s in dense if c in chunk_doc]},
                                ensure_ascii=False) + "\n")


def score(rows: list[dict[str, object]], w: float, norm: str) -> tuple[float, float]:
    """Chunk-level convex fusion as in ``index.hybrid.fuse``; documents ranked by their best chunk."""
    h1 = h5 = 0
    for row in rows:
        kw = row["kw"]  # type: ignore[index]
        dense = row["dense"]  # type: ignore[index]
        top = max((s for _, _, s in kw), default=1.0) or 1.0  # type: ignore[misc]
        low = min((s for _, _, s in kw), default=0.0) if norm == "minmax" else 0.0  # type: ignore[misc]
        fused: dict[str, float] = {}
        doc_of: dict[str, str] = {}
        for chunk, doc, s in kw:  # type: ignore[misc]
            fused[chunk] = (1 - w) * (s - low) / max(top - low, 1e-9)
            doc_of[chunk] = doc
        for chunk, doc, s in dense:  # type: ignore[misc]
            fused[chunk] = fused.get(chunk, 0.0) + w * s
            doc_of[chunk] = doc
        ranked = list(dict.fromkeys(doc_of[c] for c in sorted(fused, key=lambda c: -fused[c])))
        gold = set(row["gold"])  # type: ignore[arg-type]
        h1 += bool(ranked[:1] and ranked[0] in gold)
        h5 += bool(gold & set(ranked[:5]))
    return h1 / len(rows), h5 / len(rows)


if __name__ == "__main__":
    main()
