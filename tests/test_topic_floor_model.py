"""The topic floor on real EmbeddingGemma vectors: the reference built with the model, the shipped z floor."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.errors import ModelMissingError
from core.settings import Settings
from generate.answer import Answerer

SOURCE = Path(__file__).resolve().parents[1] / "corpus" / "source"
# The rent support release, and the two releases that lent the off-topic canteen question its closest
# evidence on the whole corpus ("한 끼에 2천 원", "한빛패스 요금은 30일 기준 5만 5천 원").
RELEASES = ("pr-105.md", "pr-103.md", "pr-208.md")


@pytest.fixture(scope="module")
def gemma_kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from core.kb import KnowledgeBase
    from index.models import gemma_path

    try:
        gemma_path(Settings())
    except ModelMissingError:
        pytest.skip("EmbeddingGemma 가중치가 없습니다: `pressroom models fetch gemma` 후 다시 실행하세요")
    root = tmp_path_factory.mktemp("gemma-kb")
    (root / "docs").mkdir()
    for name in RELEASES:
        shutil.copy(SOURCE / name, root / "docs" / name)
    kb = KnowledgeBase(Settings(data_dir=root / "data", embedder="gemma", generator="extractive"))
    assert kb.ingest([root / "docs"]).ok
    yield kb
    kb.close()


@pytest.mark.model
@pytest.mark.slow
def test_off_topic_question_is_refused_and_an_answerable_one_is_not(gemma_kb: Any) -> None:
    assert gemma_kb.background_vectors() is not None  # the ingest built the reference with the real model
    answerer = Answerer(gemma_kb)
    off = answerer.ask("한빛시청 구내식당 점심 한 끼 가격은 얼마야?", generator="extractive")
    assert off.refused and off.refusal_reason == "topic_not_in_documents", off.refusal_reason
    on = answerer.ask("청년 월세 지원은 한 달에 얼마까지 받을 수 있어?", generator="extractive")
    assert not on.refused, on.refusal_reason
    assert "20만 원" in on.text
