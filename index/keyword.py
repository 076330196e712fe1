"""The keyword leg: Kiwi content morphemes indexed with bm25s.

llama-index's ``BM25Retriever`` ignores custom tokenizers and scores Korean queries zero (DESIGN.md), so
we index morphemes ourselves. The index is derived from the manifest (which stores each chunk's tokens)
and persisted beside Chroma with the manifest generation it was built from; a process whose generation
is stale rebuilds it (tens of milliseconds per thousand chunks), so the legs never disagree.
"""

from __future__ import annotations

import json
import shutil
import threading
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
               ) -> list[tuple[str, float]]:
        """Top-k (chunk id, BM25 score) with score > 0; ``allowed`` is a boolean mask over chunks."""
        if not self.chunk_ids:
            return []
        vocab = self._bm25.vocab_dict
        ids = [t for t in query_tokens if t in vocab]
        if not ids:
            return []
        with self._lock:
            scores = self._bm25.get_scores(ids)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.chunk_ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def mask_for_docs(self, doc_ids: set[str]) -> np.ndarray:
        return np.fromiter((d in doc_ids for d in self.doc_ids), dtype=bool, count=len(self.doc_ids))

    # -- persistence ---------------------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        tmp = directory.with_name(directory.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.chunk_ids:
            self._bm25.save(str(tmp / "bm25"), show_progress=False)
        (tmp / "state.json").write_text(json.dumps({
            "generation": self.generation, "chunk_ids": self.chunk_ids, "doc_ids": list(self.doc_ids),
        }, ensure_ascii=False), encoding="utf-8")
        old = directory.with_name(directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if directory.exists():
            directory.rename(old)
        tmp.rename(directory)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path) -> KeywordIndex | None:
        import bm25s

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
