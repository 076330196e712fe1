"""Query micro-batching: concurrent queries share forward passes, each caller gets its own vectors."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

import numpy as np
import pytest

from api.embedding import QueryBatcher


class SlowEmbedder:
    """Vector = [len(text), first char code]; each call takes 50 ms and is recorded."""

    def __init__(self) -> None:
        self.calls: list[int] = []
        self.fail = False

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        time.sleep(0.05)
        if self.fail:
            raise RuntimeError("model gone")
        return np.array([[len(t), ord(t[0])] for t in texts], dtype=np.float32)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed_queries(texts)


def _concurrently(batcher: QueryBatcher, queries: list[str]) -> dict[str, object]:
    results: dict[str, object] = {}

    def run(q: str) -> None:
        try:
            results[q] = batcher.embed_queries([q])[0].tolist()
        except RuntimeError as exc:
            results[q] = exc

    threads = [threading.Thread(target=run, args=(q,)) for q in queries]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    return results


def test_concurrent_queries_share_forward_passes() -> None:
    inner = SlowEmbedder()
    batcher = QueryBatcher(lambda: inner, max_batch=8)
    queries = [chr(0xAC00 + i) * (i + 1) for i in range(20)]
    results = _concurrently(batcher, queries)
    assert results == {q: [float(len(q)), float(ord(q[0]))] for q in queries}
    assert sum(inner.calls) == 20 and len(inner.calls) < 20 and max(inner.calls) <= 8


def test_a_lone_query_goes_straight_through() -> None:
    inner = SlowEmbedder()
    batcher = QueryBatcher(lambda: inner)
    started = time.perf_counter()
    assert batcher.embed_queries(["청년", "월세"]).shape == (2, 2)
    assert time.perf_counter() - started < 0.5 and inner.calls == [2]


def test_errors_reach_every_waiter() -> None:
    inner = SlowEmbedder()
    inner.fail = True
    results = _concurrently(QueryBatcher(lambda: inner), ["가", "나", "다"])
    assert all(isinstance(r, RuntimeError) for r in results.values())
    with pytest.raises(RuntimeError):
        QueryBatcher(lambda: inner).embed_queries(["라"])
