"""An optional cross-encoder second stage, for sites that have one.

No cross-encoder reranker ships its weights on PyPI (bge-reranker, mmarco, jina, flashrank all download at
run time), so none runs by default and the built-in second stage is the coverage re-scoring in
:mod:`index.hybrid`. A city that copies a sentence-transformers ``CrossEncoder`` folder onto its servers
(e.g. a multilingual reranker fine-tuned for Korean) points ``PRESSROOM_RERANKER`` at it: the top
``PRESSROOM_RERANK_CANDIDATES`` hybrid candidates are then re-ordered by its scores. Loaded from local files
only — a missing or hub-style name is an error that names the setting, never a download.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from core.errors import PressroomError


class RerankerError(PressroomError):
    code = "reranker_unavailable"


class Reranker(Protocol):
    name: str

    def score(self, query: str, passages: Sequence[str]) -> list[float]:
        """One relevance score per passage (higher is more relevant)."""
        ...


class CrossEncoderReranker:
    """A sentence-transformers ``CrossEncoder`` read from a local folder."""

    def __init__(self, path: Path, *, max_length: int = 512, batch_size: int = 16) -> None:
        if not (path / "config.json").is_file():
            raise RerankerError("교차 인코더 모델 폴더가 아닙니다(config.json 없음). PRESSROOM_RERANKER 설정을 확인하세요.",
                                path=str(path))
        from sentence_transformers import CrossEncoder

        self.name = path.name
        self.batch_size = batch_size
        self._model: Any = CrossEncoder(str(path), device="cpu", max_length=max_length, local_files_only=True)

    def score(self, query: str, passages: Sequence[str]) -> list[float]:
        if not passages:
            return []
        scores = self._model.predict([(query, p) for p in passages], batch_size=self.batch_size,
                                     show_progress_bar=False, convert_to_numpy=True)
        return [float(s) for s in scores.reshape(len(passages), -1)[:, -1]]


def load_reranker(setting: str | None) -> Reranker | None:
    """The reranker a ``PRESSROOM_RERANKER`` value names: none when unset, else a local CrossEncoder folder."""
    if not setting:
        return None
    path = Path(setting).expanduser()
    if not path.is_dir():
        raise RerankerError("교차 인코더 모델 폴더를 찾을 수 없습니다. PRESSROOM_RERANKER에는 로컬 폴더 경로를 지정하세요"
                            "(허브 이름은 내려받지 않습니다).", path=setting)
    return CrossEncoderReranker(path)
