"""Query-embedding cost of EmbeddingGemma on this CPU, and what cheaper variants do to the vectors.

    python benchmarks/query_embedding.py [--threads 1] [--n 40]

Prints ms per query for bf16 (the torch path), fp32 and torch int8 dynamic quantisation, one query at a time
and in batches of 8 (the server batches concurrent queries), and each variant's cosine to the bf16 vectors;
then the same for the ONNX int8 query encoder that `pressroom models fetch` builds (index/query_encoder.py;
it encodes one query per call, so "batch 8" is eight calls).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ["HF_HUB_OFFLINE"] = "1"


def questions(n: int) -> list[str]:
    from evaluation.datasets import load_questions

    return [q.question for q in load_questions(REPO / "corpus" / "eval" / "questions")][:n]


def per_query_ms(model: Any, texts: list[str], batch: int) -> float:
    model.encode_query(texts[:2])
    started = time.perf_counter()
    for i in range(0, len(texts), batch):
        model.encode_query(texts[i:i + batch], batch_size=batch)
    return (time.perf_counter() - started) / len(texts) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--n", type=int, default=40)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    import torch
    from sentence_transformers import SentenceTransformer

    from core.settings import Settings

    torch.set_num_threads(args.threads)
    path = str(Settings().models_dir / "embeddinggemma-300m")
    texts = questions(args.n)
    bf16 = SentenceTransformer(path, device="cpu", local_files_only=True, model_kwargs={"dtype": torch.bfloat16})
    fp32 = SentenceTransformer(path, device="cpu", local_files_only=True)
    int8 = torch.ao.quantization.quantize_dynamic(
        SentenceTransformer(path, device="cpu", local_files_only=True), {torch.nn.Linear}, dtype=torch.qint8)
    reference = bf16.encode_query(texts, normalize_embeddings=True).astype(np.float32)
    print(f"{len(texts)} questions, {args.threads} torch thread(s)")
    print("variant  ms/query (1)  ms/query (batch 8)  cosine to bf16 mean / min")
    for name, model in (("bf16", bf16), ("fp32", fp32), ("int8", int8)):
        vectors = model.encode_query(texts, normalize_embeddings=True).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        cos = (vectors * reference).sum(1)
        print(f"{name:7s}  {per_query_ms(model, texts, 1):12.1f}  {per_query_ms(model, texts, 8):18.1f}  "
              f"{cos.mean():.3f} / {cos.min():.3f}")
    onnx_variant(path, texts, reference, args.threads)


def onnx_variant(model_path: str, texts: list[str], reference: np.ndarray, threads: int) -> None:
    from core.settings import Settings
    from index.query_encoder import OnnxQueryEncoder, encoder_dir, is_built

    folder = encoder_dir(Settings().models_dir, Path(model_path))
    if not is_built(folder):
        print("onnx-int8: not built (`pressroom models fetch gemma`)")
        return
    encoder = OnnxQueryEncoder(folder, threads=threads)
    encoder.encode(texts[:2])
    started = time.perf_counter()
    vectors = encoder.encode(texts)
    ms = (time.perf_counter() - started) / len(texts) * 1000
    cos = (vectors * reference).sum(1)
    print(f"{'onnx-int8':9s}{ms:10.1f}  {ms:18.1f}  {cos.mean():.3f} / {cos.min():.3f}")


if __name__ == "__main__":
    main()
