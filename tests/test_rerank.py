"""The pluggable cross-encoder second stage: a real sentence-transformers CrossEncoder folder (a tiny one
written by the test, since none can be downloaded here) and the retriever's use of its scores."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from core.types import AccessLevel, SearchFilters
from index.rerank import CrossEncoderReranker, RerankerError, load_reranker
from tests.conftest import write_corpus


def tiny_cross_encoder(folder: Path) -> Path:
    """A randomly initialised one-layer BERT cross-encoder with a character vocabulary: real files, real
    loading path, meaningless scores."""
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizer

    folder.mkdir(parents=True)
    chars = sorted(set("청년월세지원대상명으로늘어나버스노선개편사업비얼마인가요한빛시는0123456789,."))
    vocab = folder / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars]) + "\n", encoding="utf-8")
    BertTokenizer(str(vocab), do_lower_case=False, tokenize_chinese_chars=True).save_pretrained(folder)
    config = BertConfig(vocab_size=5 + len(chars), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=512, num_labels=1)
    BertForSequenceClassification(config).save_pretrained(folder)
    return folder


class TermReranker:
    """Scores a passage by whether it holds a term: makes the expected order obvious."""

    name = "term"

    def __init__(self, term: str) -> None:
        self.term = term
        self.seen: list[str] = []

    def score(self, query: str, passages: Sequence[str]) -> list[float]:
        self.seen.extend(passages)
        return [1.0 if self.term in p else 0.0 for p in passages]


@pytest.fixture
def corpus_kb(kb: Any, tmp_path: Path) -> Any:
    write_corpus(tmp_path / "docs")
    assert kb.ingest([tmp_path / "docs"]).ok
    return kb


def test_a_local_cross_encoder_folder_scores_pairs(tmp_path: Path) -> None:
    reranker = load_reranker(str(tiny_cross_encoder(tmp_path / "ce")))
    assert isinstance(reranker, CrossEncoderReranker)
    scores = reranker.score("청년 월세 지원 대상은?", ["청년 월세 지원 대상 3,000명", "버스 노선 개편 사업비"])
    assert len(scores) == 2 and all(isinstance(s, float) for s in scores)
    assert scores == reranker.score("청년 월세 지원 대상은?", ["청년 월세 지원 대상 3,000명", "버스 노선 개편 사업비"])


def test_missing_or_hub_style_reranker_is_a_clear_error(tmp_path: Path) -> None:
    assert load_reranker(None) is None and load_reranker("") is None
    with pytest.raises(RerankerError, match="PRESSROOM_RERANKER") as missing:
        load_reranker("BAAI/bge-reranker-v2-m3")
    assert "BAAI/bge-reranker-v2-m3" in str(missing.value), "the error names the value at fault"
    (tmp_path / "empty").mkdir()
    with pytest.raises(RerankerError, match=r"config\.json"):
        load_reranker(str(tmp_path / "empty"))


def test_reranker_scores_decide_the_order_of_the_leading_candidates(corpus_kb: Any) -> None:
    retriever = corpus_kb.retriever
    query = "사업비는 얼마인가요?"
    plain = corpus_kb.search(query, SearchFilters(), k=5)
    retriever.reranker = TermReranker("청년")
    try:
        reranked = corpus_kb.search(query, SearchFilters(), k=5)
    finally:
        retriever.reranker = None
    assert "청년" in reranked[0].chunk.text and "청년" not in plain[0].chunk.text
    assert reranked[0].scores["rerank"] == 1.0
    assert [h.scores["rerank"] for h in reranked] == sorted((h.scores["rerank"] for h in reranked), reverse=True)
    assert "rerank" in retriever.timer.stages


def test_reranker_never_sees_passages_above_the_callers_clearance(corpus_kb: Any, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "memo.txt").write_text("청년 월세 지원 내부 검토: 예산 증액 협의 중", encoding="utf-8")
    assert corpus_kb.ingest([secret], overrides={"memo.txt": {"access": "internal"}}).ok
    spy = TermReranker("청년")
    corpus_kb.retriever.reranker = spy
    try:
        hits = corpus_kb.search("청년 월세 지원 예산", SearchFilters(clearance=AccessLevel.PUBLIC), k=5)
    finally:
        corpus_kb.retriever.reranker = None
    assert hits and spy.seen
    assert not any("내부 검토" in p for p in spy.seen) and not any("내부 검토" in h.chunk.text for h in hits)
    insider = TermReranker("청년")
    corpus_kb.retriever.reranker = insider
    try:
        corpus_kb.search("청년 월세 지원 예산", SearchFilters(clearance=AccessLevel.INTERNAL), k=5)
    finally:
        corpus_kb.retriever.reranker = None
    assert any("내부 검토" in p for p in insider.seen), "with clearance the memo is a candidate"


def test_settings_plug_a_cross_encoder_into_search(tmp_path: Path) -> None:
    from core.kb import KnowledgeBase
    from core.settings import Settings

    folder = tiny_cross_encoder(tmp_path / "ce")
    kb = KnowledgeBase(Settings(data_dir=tmp_path / "data", models_dir=tmp_path / "models", embedder="hashing",
                                generator="extractive", reranker=str(folder), rerank_candidates=3))
    try:
        write_corpus(tmp_path / "docs")
        assert kb.ingest([tmp_path / "docs"]).ok
        hits = kb.search("청년 월세 지원 대상은?", SearchFilters(), k=5)
        assert isinstance(kb.retriever.reranker, CrossEncoderReranker)
        ranked = [h.scores["rerank"] for h in hits if "rerank" in h.scores]
        assert 1 <= len(ranked) <= 3 and ranked == sorted(ranked, reverse=True)
        assert all("rerank" not in h.scores for h in hits[len(ranked):]), "only the leading candidates are re-ordered"
    finally:
        kb.close()


class BrokenReranker:
    name = "broken"

    def score(self, query: str, passages: Sequence[str]) -> list[float]:
        raise RuntimeError("model file truncated")


def test_a_failing_reranker_leaves_search_working(corpus_kb: Any, caplog: pytest.LogCaptureFixture) -> None:
    plain = corpus_kb.search("청년 월세 지원 대상은?", SearchFilters(), k=5)
    corpus_kb.retriever.reranker = BrokenReranker()
    try:
        hits = corpus_kb.search("청년 월세 지원 대상은?", SearchFilters(), k=5)
    finally:
        corpus_kb.retriever.reranker = None
    assert [h.chunk.chunk_id for h in hits] == [h.chunk.chunk_id for h in plain]
    assert "reranker broken failed" in caplog.text


def test_a_wrong_reranker_setting_stops_the_service_start(tmp_path: Path) -> None:
    from api.metrics import Metrics
    from api.services import build_services
    from core.settings import Settings

    settings = Settings(data_dir=tmp_path / "data", models_dir=tmp_path / "models", embedder="hashing",
                        generator="extractive", reranker=str(tmp_path / "no-such-model"))
    with pytest.raises(RerankerError, match="PRESSROOM_RERANKER"):
        build_services(settings, Metrics())
