"""The keyword leg: Kiwi content morphemes indexed with bm25s.

llama-index's ``BM25Retriever`` ignores custom tokenizers and scores Korean queries zero (DESIGN.md), so
we index morphemes ourselves. The index is derived from the manifest (which stores each chunk's tokens)
and persisted beside Chroma with the manifest generation it was built from; a process whose generation
is stale rebuilds it (tens of milliseconds per thousand chunks), so the legs never disagree.
"""

from __future__ import annotations

import fcntl
import json
import math
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from core.korean import content_morphemes


def keyword_tokens(text: str) -> list[str]:
    """Tokens for the keyword leg: content morphemes, plus the parts of compound nouns Kiwi keeps whole."""
    return content_morphemes(text)


class KeywordIndex:
    """An immutable BM25 snapshot over the live chunks of one manifest generation."""

    def __init__(self, chunk_ids: list[str], doc_ids: list[str], tokens: list[list[str]],
                 generation: int) -> None:
        import bm25s

        self.chunk_ids = chunk_ids
        self.doc_ids = np.array(doc_ids, dtype=object)
        self.generation = generation
        self._position = {cid: i for i, cid in enumerate(chunk_ids)}
        self._bm25 = bm25s.BM25(k1=1.2, b=0.75)
        if chunk_ids:
            self._bm25.index(tokens, show_progress=False)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def search(self, query_tokens: list[str], k: int, allowed: np.ndarray | None = None,
               extra_tokens: tuple[str, ...] = (), extra_weight: float = 0.0) -> list[tuple[str, float]]:
        """Top-k (chunk id, BM25 score) with score > 0; ``allowed`` is a boolean mask over chunks.
        ``extra_tokens`` (a glossary's equivalents) add their own BM25 score times ``extra_weight``."""
        if not self.chunk_ids:
            return []
        vocab = self._bm25.vocab_dict
        ids = [t for t in query_tokens if t in vocab]
        extra = [t for t in extra_tokens if t in vocab] if extra_weight else []
        if not ids and not extra:
            return []
        with self._lock:
            scores = self._bm25.get_scores(ids) if ids else np.zeros(len(self.chunk_ids))
            if extra:
                scores = scores + extra_weight * self._bm25.get_scores(extra)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.chunk_ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def idf(self, terms: set[str] | list[str]) -> dict[str, float]:
        """Each term's inverse document frequency over the indexed chunks, log(1 + N / (1 + df)); a term no
        chunk holds gets the highest."""
        n = len(self.chunk_ids)
        return {term: math.log(1 + n / (1 + df)) for term, df in self.document_frequency(terms).items()}

    def document_frequency(self, terms: set[str] | list[str] | tuple[str, ...]) -> dict[str, int]:
        """How many indexed chunks hold each term (0 for a term none holds)."""
        n = len(self.chunk_ids)
        vocab = self._bm25.vocab_dict if n else {}
        indptr = self._bm25.scores["indptr"] if n else None  # term-major sparse matrix: a column per term
        out = {}
        for term in terms:
            position = vocab.get(term)
            out[term] = int(indptr[position + 1] - indptr[position]) if position is not None and indptr is not None else 0
        return out

    def mask_for_docs(self, doc_ids: set[str]) -> np.ndarray:
        return np.fromiter((d in doc_ids for d in self.doc_ids), dtype=bool, count=len(self.doc_ids))

    # -- persistence ---------------------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        """Write beside ``directory`` and swap it in, under a file lock: the server's workers and the
        ingestion child may all rebuild the index for a new generation at once (a shared temporary folder
        once made one of them fail half-way)."""
        tmp = directory.with_name(f"{directory.name}.tmp-{os.getpid()}-{threading.get_ident()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        try:
            if self.chunk_ids:
                self._bm25.save(str(tmp / "bm25"), show_progress=False)
            (tmp / "state.json").write_text(json.dumps({
                "generation": self.generation, "chunk_ids": self.chunk_ids, "doc_ids": list(self.doc_ids),
            }, ensure_ascii=False), encoding="utf-8")
            with _folder_lock(directory, exclusive=True):
                old = directory.with_name(directory.name + ".old")
                shutil.rmtree(old, ignore_errors=True)
                if directory.exists():
                    directory.rename(old)
                tmp.rename(directory)
                shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path) -> KeywordIndex | None:
        import bm25s

        with _folder_lock(directory, exclusive=False):  # never read a folder while another process swaps it
            state_path = directory / "state.json"
            if not state_path.exists():
                return None
            state = json.loads(state_path.read_text(encoding="utf-8"))
            index = cls([], [], [], state["generation"])
            index.chunk_ids = state["chunk_ids"]
            index.doc_ids = np.array(state["doc_ids"], dtype=object)
            index._position = {cid: i for i, cid in enumerate(index.chunk_ids)}
            if index.chunk_ids:
                index._bm25 = bm25s.BM25.load(str(directory / "bm25"), show_progress=False)
        return index


@contextmanager
def _folder_lock(directory: Path, *, exclusive: bool) -> Iterator[None]:
    """An advisory lock beside ``directory``, shared by every process on this machine."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    with open(directory.with_name(directory.name + ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
