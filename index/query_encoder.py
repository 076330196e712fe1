"""A faster query encoder for the serving process: the same sentence-transformers model, exported to ONNX and
quantised to int8, run by onnxruntime.

Why: under load the query embedding is most of a search's CPU (README, "Service"); EmbeddingGemma in torch
bf16 costs 67 ms per lone query on these 2 cores. Dynamic int8 of every MatMul runs in 23 ms but moves the
vectors (cosine 0.989 to bf16); keeping the MLP down projections in fp32 — their inputs carry the outlier
activations — costs 34 ms and stays at cosine 0.998 (bf16 itself is 0.997 of fp32), which the corpus eval
cannot tell from bf16 (`python benchmarks/query_embedding.py`). Documents keep the torch path: ingestion is
batched and a stored vector should not depend on how it was computed.

Queries run one at a time, never padded into a batch: int8 activations share one scale per call, so a
batch-mate would change a query's vector and its results would depend on who else was searching.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import ModelFetchError, ModelMissingError
from index.embedders import _cores, _l2_normalise, _model_dim

BUILD_FILE = "build.json"
MODEL_FILE = "model.onnx"
SUFFIX = "-query-int8"
DOCUMENT_SUFFIX = "-document-fp32"
# Self-check at build time: the int8 encoder must agree with the source model on these questions.
CHECK_QUESTIONS = (
    "2024년 청년 월세 지원 신청 기간은 언제부터 언제까지였나요?",
    "버스 노선 개편 첫 주에 시로 들어온 민원은 몇 건이었어?",
    "소상공인 경영안정자금 업체당 최대 지원 한도는 얼마인가요?",
    "탄소중립 시행계획에서 새로 만드는 기후대응기금 규모는?",
)
MIN_COSINE = 0.99
# The fp32 document encoder must give the source model's vectors (it is the same arithmetic in another
# runtime; measured 1.00000 over 48 corpus chunks) on these passages.
CHECK_PASSAGES = (
    "한빛시는 2024년 청년 월세 지원 대상을 1,500명에서 3,000명으로 늘리고, 3월 4일부터 신청을 받는다.",
    "□ 성과 / 구분 | 도입 전 | 도입 후 / 보도자료 1건 초안 작성 시간 | 3시간 4분 | 1시간 48분",
    # longer than EmbeddingGemma's 512-token attention window
    " ".join(f"{year}년 한빛시 청년 월세 지원 대상은 {year - 1000}명이다." for year in range(2000, 2060)),
)
MIN_DOCUMENT_COSINE = 0.999
# Quantisation recipes, tried in order until one agrees with the source model (MIN_COSINE). Per output channel
# is the closest where the CPU has VNNI (cosine 0.998 on the Intel machines); CPUs without it multiply u8 × s8
# pairs into saturating 16-bit sums, and full 8-bit weights overflow them: on an AVX2-only AMD EPYC the same
# encoder fell to 0.967, while 7-bit weights (onnxruntime's reduce_range) kept 0.996 and per-tensor 0.993.
RECIPES = ("per-channel", "per-channel-7bit", "per-tensor")


def encoder_dir(models_dir: Path, model_path: Path) -> Path:
    """Where the int8 query encoder of ``model_path`` lives (beside the models, never inside one)."""
    return Path(models_dir).expanduser() / f"{Path(model_path).name}{SUFFIX}"


def document_encoder_dir(models_dir: Path, model_path: Path) -> Path:
    """Where the fp32 ONNX document encoder of ``model_path`` lives (beside the models)."""
    return Path(models_dir).expanduser() / f"{Path(model_path).name}{DOCUMENT_SUFFIX}"


def is_built(folder: Path, model_path: Path | None = None) -> bool:
    """Whether ``folder`` holds a finished encoder — built from ``model_path``'s current weights, if given."""
    if not ((folder / BUILD_FILE).is_file() and (folder / MODEL_FILE).is_file()):
        return False
    if model_path is None:
        return True
    try:
        build = json.loads((folder / BUILD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(build.get("source_fingerprint") == weights_fingerprint(model_path))


def weights_fingerprint(model_path: Path) -> str:
    """Cheap identity of a model folder's weights (each file's path, size, first and last MiB), so an
    encoder built from other weights is never used for this model's stored vectors. Survives copying."""
    digest = hashlib.sha256()
    for path in sorted(Path(model_path).rglob("*")):
        if path.suffix not in (".safetensors", ".bin") or not path.is_file():
            continue
        size = path.stat().st_size
        digest.update(f"{path.relative_to(model_path)}:{size}".encode())
        with path.open("rb") as fh:
            digest.update(fh.read(1 << 20))
            fh.seek(max(0, size - (1 << 20)))
            digest.update(fh.read(1 << 20))
    return digest.hexdigest()


class OnnxQueryEncoder:
    """Texts → L2-normalised float32 rows, one forward pass each (no padding, no batch mates), from a folder
    made by :func:`build_query_encoder` (int8, queries) or :func:`build_document_encoder` (fp32, documents)."""

    def __init__(self, folder: Path, *, threads: int | None = None) -> None:
        if not is_built(folder):
            raise ModelMissingError(
                "int8 질의 인코더가 없습니다. `pressroom models fetch`로 만들거나 PRESSROOM_QUERY_ENCODER=torch로 "
                "설정하세요.", path=str(folder))
        import onnxruntime as ort
        from transformers import AutoTokenizer

        self.folder = folder
        self.build: dict[str, Any] = json.loads((folder / BUILD_FILE).read_text(encoding="utf-8"))
        self.dim = int(self.build["dim"])
        # The text before each input: the query prompt, or the document prompt of a document encoder.
        self._prompt = str(self.build.get("prompt", self.build.get("query_prompt", "")))
        self._max_length = int(self.build.get("max_length", 512))
        self._tokenizer = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
        options = ort.SessionOptions()
        self.threads = threads or _cores()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        # Idle intra-op threads would spin between queries, taking CPU from the request threads.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(str(folder / MODEL_FILE), options, providers=["CPUExecutionProvider"])

    def encode(self, texts: Sequence[str], *, prompt: str | None = None) -> np.ndarray:
        """``prompt`` replaces the query prompt (it is text before the input, not part of the graph), e.g.
        the document prompt for short passages compared with a query at answer time."""
        prefix = self._prompt if prompt is None else prompt
        rows = [self._encode_one(prefix + text) for text in texts]
        if not rows:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _l2_normalise(np.stack(rows))

    def _encode_one(self, text: str) -> np.ndarray:
        features = self._tokenizer([text], truncation=True, max_length=self._max_length,
                                   return_tensors="np")
        out = self._session.run(None, {"input_ids": features["input_ids"].astype(np.int64),
                                       "attention_mask": features["attention_mask"].astype(np.int64)})[0]
        return np.asarray(out[0], dtype=np.float32)


# --------------------------------------------------------------------------------------------------
# Building


def build_query_encoder(model_path: Path, out_dir: Path, *, check_texts: Sequence[str] = CHECK_QUESTIONS,
                        min_cosine: float = MIN_COSINE, fp32_graph: Path | None = None) -> Path:
    """Export the sentence-transformers folder ``model_path`` to ONNX, quantise it, check it against the
    source model and install it at ``out_dir`` atomically. Idempotent: a built folder is kept.

    An encoder built from other weights (the model folder changed since) is rebuilt. ``fp32_graph``: the
    model's fp32 export, when a document encoder already holds one (saves exporting it again, ~2.5 min).
    Raises ModelFetchError (Korean, naming the folder) when export fails or the check disagrees.
    """
    if is_built(out_dir, model_path):
        return out_dir
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=".tmp-query-int8-", dir=out_dir.parent) as tmp:
        work = Path(tmp)
        model, fp32_file = _loaded_and_exported(model_path, work / "fp32", "질의", fp32_graph)
        final, build, agreement = _quantise_until_close(model, model_path, fp32_file, work, check_texts,
                                                        min_cosine)
        build.update(min_cosine_to_source=round(agreement, 4), build_seconds=round(time.perf_counter() - started, 1))
        _install(final, build, out_dir)
    return out_dir


def build_document_encoder(model_path: Path, out_dir: Path, *, check_texts: Sequence[str] = CHECK_PASSAGES,
                           min_cosine: float = MIN_DOCUMENT_COSINE) -> Path:
    """Export the sentence-transformers folder ``model_path`` to an fp32 ONNX graph that encodes documents
    (with the model's document prompt), check it against the model and install it at ``out_dir``
    atomically. Idempotent like :func:`build_query_encoder`; the graph is ~1.2 GB for EmbeddingGemma.

    Raises ModelFetchError (Korean, naming the folder) when export fails or the check disagrees.
    """
    if is_built(out_dir, model_path):
        return out_dir
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=".tmp-document-fp32-", dir=out_dir.parent) as tmp:
        model, graph = _loaded_and_exported(model_path, Path(tmp) / "fp32", "문서")
        folder = graph.parent
        model.tokenizer.save_pretrained(str(folder))
        record = {k: v for k, v in _build_record(model, model_path, []).items()
                  if k not in ("query_prompt", "fp32_matmuls")}
        build = record | {"recipe": "fp32", "prompt": (model.prompts or {}).get("document", "")}
        _write_build(folder, build)
        agreement = _check(model, folder, check_texts, documents=True)
        if agreement < min_cosine:
            raise ModelFetchError(f"fp32 문서 인코더가 원래 모델과 다릅니다 (코사인 {agreement:.4f} < {min_cosine}); "
                                  "설치하지 않았습니다.", path=str(model_path))
        build.update(min_cosine_to_source=round(agreement, 5), build_seconds=round(time.perf_counter() - started, 1))
        _install(folder, build, out_dir)
    return out_dir


def _quantise_until_close(model: Any, model_path: Path, fp32_file: Path, work: Path, check_texts: Sequence[str],
                          min_cosine: float) -> tuple[Path, dict[str, Any], float]:
    """The first recipe of RECIPES whose encoder agrees with the source model: (folder, build record, cosine).
    Raises ModelFetchError naming each recipe's agreement when none does."""
    tried: list[str] = []
    intermediate = _intermediate_size(model)
    for recipe in RECIPES:
        folder = work / f"int8-{recipe}"
        try:
            excluded = _quantise(fp32_file, folder / MODEL_FILE, intermediate, recipe)
        except Exception as exc:  # onnxruntime.quantization raises many kinds
            raise ModelFetchError(f"질의 인코더를 양자화하지 못했습니다 ({recipe}): {exc}", path=str(model_path)) from exc
        model.tokenizer.save_pretrained(str(folder))
        build = _build_record(model, model_path, excluded) | {"recipe": recipe}
        _write_build(folder, build)
        agreement = _check(model, folder, check_texts)
        if agreement >= min_cosine:
            return folder, build, agreement
        tried.append(f"{recipe} {agreement:.3f}")
        shutil.rmtree(folder)
    raise ModelFetchError(f"int8 질의 인코더가 원래 모델과 다릅니다 (코사인 {', '.join(tried)} < {min_cosine}); "
                          "설치하지 않았습니다.", path=str(model_path))


def _build_record(model: Any, model_path: Path, fp32_matmuls: list[str]) -> dict[str, Any]:
    """What the encoder needs at run time (prompt, length, dimension) and where it came from."""
    return {"source": Path(model_path).name, "source_fingerprint": weights_fingerprint(model_path),
            "dim": _model_dim(model), "query_prompt": (model.prompts or {}).get("query", ""),
            "max_length": int(model.max_seq_length), "fp32_matmuls": fp32_matmuls}


def _install(folder: Path, build: dict[str, Any], out_dir: Path) -> None:
    """Write the final build record and move the checked ``folder`` to ``out_dir`` in one rename."""
    _write_build(folder, build)
    if out_dir.exists():  # a leftover without build.json, or an encoder of other weights
        shutil.rmtree(out_dir)
    folder.rename(out_dir)


def _write_build(folder: Path, build: dict[str, Any]) -> None:
    (folder / BUILD_FILE).write_text(json.dumps(build, ensure_ascii=False, indent=1), encoding="utf-8")


def _loaded_and_exported(model_path: Path, folder: Path, kind: str,
                         fp32_graph: Path | None = None) -> tuple[Any, Path]:
    """The fp32 model and its ONNX graph (``fp32_graph`` when given, else exported into ``folder``)."""
    try:
        model = _load_fp32(model_path)
        return model, fp32_graph if fp32_graph is not None else _export(model, folder)
    except Exception as exc:  # torch.export/onnx raise many kinds; the user needs the folder and cause
        raise ModelFetchError(f"{kind} 인코더를 만들지 못했습니다: {exc}", path=str(model_path)) from exc


def _load_fp32(model_path: Path) -> Any:
    os.environ["HF_HUB_OFFLINE"] = "1"
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(model_path), device="cpu", local_files_only=True)
    model.eval()
    return model


def _export(model: Any, folder: Path) -> Path:
    """The whole sentence-transformers pipeline (transformer, pooling, dense heads, normalise) as one graph."""
    import torch

    class Pipeline(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            features = {"input_ids": input_ids, "attention_mask": attention_mask}
            return self.inner(features)["sentence_embedding"]

    folder.mkdir(parents=True)
    # The exporter logs a warning per operator it skips (torchvision's, absent here): hundreds of lines.
    logging.getLogger("torch.onnx").setLevel(logging.ERROR)
    sample = model.tokenize(["견본 질의 하나", "두 번째 견본 질의는 조금 더 깁니다"])
    batch, length = torch.export.Dim("batch"), torch.export.Dim("length")
    path = folder / MODEL_FILE
    with torch.no_grad():
        torch.onnx.export(Pipeline(model).eval(), (sample["input_ids"], sample["attention_mask"]), str(path),
                          dynamo=True, input_names=["input_ids", "attention_mask"], output_names=["query_vector"],
                          dynamic_shapes={"input_ids": {0: batch, 1: length},
                                          "attention_mask": {0: batch, 1: length}},
                          external_data=True, verbose=False)
    return path


def _quantise(source: Path, target: Path, intermediate: int | None, recipe: str) -> list[str]:
    """Dynamic int8 of MatMuls with constant weights by ``recipe`` (RECIPES) — except the MLP down projections
    (weights with ``intermediate`` input rows). Returns the names kept in fp32."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(source), load_external_data=False).graph
    shapes = {init.name: list(init.dims) for init in graph.initializer}
    excluded = [node.name for node in graph.node
                if node.op_type == "MatMul" and intermediate
                and shapes.get(node.input[1], [None])[0] == intermediate]
    target.parent.mkdir(parents=True)
    quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8,
                     per_channel=recipe != "per-tensor", reduce_range=recipe == "per-channel-7bit",
                     op_types_to_quantize=["MatMul"], nodes_to_exclude=excluded,
                     use_external_data_format=True, extra_options={"MatMulConstBOnly": True})
    return excluded


def _intermediate_size(model: Any) -> int | None:
    config = getattr(getattr(model[0], "auto_model", None), "config", None)
    size = getattr(config, "intermediate_size", None)
    return int(size) if size else None


def _check(model: Any, folder: Path, texts: Sequence[str], *, documents: bool = False) -> float:
    """Lowest cosine between the ONNX encoder in ``folder`` and the fp32 source model over ``texts`` (as
    queries, or as documents)."""
    encode = model.encode_document if documents else model.encode_query
    reference = _l2_normalise(np.asarray(encode(list(texts), convert_to_numpy=True), dtype=np.float32))
    built = OnnxQueryEncoder(folder, threads=None).encode(texts)
    return float((reference * built).sum(axis=1).min())
