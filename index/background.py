"""The reference a passage's cosine is read against: how close a question comes to city-administration text
in general.

A raw cosine means different things for different questions and text (EmbeddingGemma's best passage for
answerable questions: median 0.60 on the bundled corpus, 10th percentile 0.43 on KorQuAD's Wikipedia
paragraphs), so the answer's topic floor reads the best passage in standard deviations above the question's
mean cosine to a fixed reference: 128 passages of the bundled corpus (``reference_passages.jsonl``, the
embedded text of its 128 first chunks in id order, i.e. spread over its documents), embedded once per
embedder with the same document path as the store's chunks and kept in the models folder.

Why a fixed reference and not a sample of the store: the store's own chunks make the score depend on the
store's size and breadth. Over a one-department store (44–98 chunks) of the same corpus, 63–77 % of its
answerable questions fell under the floor chosen on the whole corpus; against the reference, 0–17 %
(docs/measurements.md, "Answers").
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from core.settings import Settings

REFERENCE_PASSAGES = Path(__file__).with_name("reference_passages.jsonl")
log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def reference_texts() -> tuple[str, ...]:
    lines = REFERENCE_PASSAGES.read_text(encoding="utf-8").splitlines()
    return tuple(str(json.loads(line)["text"]) for line in lines if line.strip())


def reference_path(settings: Settings) -> Path:
    """Where the reference vectors of ``settings``' embedder are kept: keyed by the embedder and the text."""
    return Path(settings.models_dir).expanduser() / "reference" / _file_name(settings.embedder,
                                                                             settings.embedder_path or "")


@lru_cache(maxsize=8)
def _file_name(embedder: str, embedder_path: str) -> str:
    texts = "\n".join(reference_texts()).encode("utf-8")
    return f"{embedder}-{hashlib.sha256(f'{embedder}|{embedder_path}|'.encode() + texts).hexdigest()[:16]}.npy"


def load_reference(settings: Settings) -> np.ndarray | None:
    """The reference vectors (unit rows), or None if not built for this embedder yet."""
    path = reference_path(settings)
    if not path.exists():
        return None
    try:
        vectors = np.load(path)
    except (OSError, ValueError) as exc:  # a torn or foreign file: rebuilt at the next ingest
        log.warning("기준 벡터 파일을 읽을 수 없습니다 (%s): %s", path, exc)
        return None
    if vectors.ndim != 2 or len(vectors) != len(reference_texts()):
        log.warning("기준 벡터 파일의 모양이 맞지 않습니다 (%s: %s)", path, vectors.shape)
        return None
    return vectors


def build_reference(settings: Settings, embedder: Any) -> np.ndarray:
    """Embed the reference passages with ``embedder``'s document path and keep them (atomic write)."""
    vectors = np.asarray(embedder.embed_documents(list(reference_texts())), dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    path = reference_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(f".{os.getpid()}.tmp.npy")
    np.save(temp, vectors)
    os.replace(temp, path)
    return vectors


def standardised(cosines: np.ndarray, reference_cosines: np.ndarray) -> np.ndarray:
    """``cosines`` in standard deviations above the mean of the question's cosines to the reference (zeros
    when the reference does not spread).

    >>> standardised(np.array([0.7, 0.3]), np.array([0.2, 0.3, 0.4])).round(3).tolist()
    [4.899, 0.0]
    """
    spread = float(reference_cosines.std())
    if spread <= 1e-6:
        return np.zeros_like(cosines)
    return (cosines - float(reference_cosines.mean())) / spread
