"""The ``KnowledgeBase`` facade: the one object the CLI, the API and the evaluation harness talk to.

Components are built lazily and once (models are expensive); each knowledge base owns one data
directory and shares state with no other.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.settings import Settings
from core.types import AccessLevel, DocumentMeta, Hit, SearchFilters

if TYPE_CHECKING:
    import numpy as np

    from index.hybrid import HybridRetriever, Mode
    from index.keyword import KeywordIndex
    from index.vector_store import ChromaStore
    from ingest.manifest import DocumentRecord, Manifest
    from ingest.pipeline import FileOutcome, Ingestor, IngestReport


log = logging.getLogger(__name__)


class KnowledgeBase:
    def __init__(self, settings: Settings | None = None, *, embedder: Any = None) -> None:
        self.settings = settings or Settings()
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        self._embedder = embedder
        self._keyword: KeywordIndex | None = None
        self._docs: tuple[int, dict[str, DocumentMeta]] | None = None
        self._units: tuple[int, frozenset[str]] | None = None
        self._district_words: dict[tuple[str, str | None], frozenset[str]] = {}  # (doc id, content hash) → words
        self._background: np.ndarray | None = None
        self._background_missing_at: int | None = None  # manifest generation at which it was last found missing
        self._lock = threading.RLock()

    # -- components --------------------------------------------------------------------------------
    @cached_property
    def manifest(self) -> Manifest:
        from ingest.manifest import Manifest

        return Manifest(self.settings.manifest_path)

    @cached_property
    def store(self) -> ChromaStore:
        from index.vector_store import ChromaStore

        return ChromaStore(self.settings)

    @property
    def embedder(self) -> Any:
        with self._lock:
            if self._embedder is None:
                from index.embedders import make_embedder

                self._embedder = make_embedder(self.settings)
            return self._embedder

    @cached_property
    def ingestor(self) -> Ingestor:
        from ingest.pipeline import Ingestor

        return Ingestor(self.manifest, self.store, _LazyEmbedder(self), chunk_chars=self.settings.chunk_chars,
                        overlap_sents=self.settings.chunk_overlap_sents,
                        max_bytes=int(self.settings.max_file_mb * 1024 * 1024),
                        default_access=self.settings.default_access,
                        on_keyword_change=self.refresh_keyword_index)

    @cached_property
    def retriever(self) -> HybridRetriever:
        from index.glossary import load_glossary
        from index.hybrid import HybridRetriever, RetrievalConfig
        from index.rerank import load_reranker

        config = RetrievalConfig(rerank_candidates=self.settings.rerank_candidates)
        glossary = None if self.settings.glossary == "off" else load_glossary(self.settings.glossary)
        return HybridRetriever(self.manifest, self.store, _LazyEmbedder(self), self.keyword_index,
                               self.document_metas, config, reranker=load_reranker(self.settings.reranker),
                               background=self.background_vectors, glossary=glossary)

    def keyword_index(self) -> KeywordIndex:
        """The keyword index of the manifest's current generation (reloaded when another process changed it)."""
        with self._lock:
            generation = self.manifest.generation()
            if self._keyword is None or self._keyword.generation != generation:
                self._keyword = self._load_or_build_keyword(generation)
            return self._keyword

    def _load_or_build_keyword(self, generation: int) -> KeywordIndex:
        from index.keyword import KeywordIndex

        on_disk = KeywordIndex.load(self.settings.keyword_dir)
        if on_disk is not None and on_disk.generation == generation:
            return on_disk
        ids, doc_ids, tokens = self.manifest.all_chunk_tokens()
        index = KeywordIndex(ids, doc_ids, tokens, generation)
        index.save(self.settings.keyword_dir)
        return index

    def refresh_keyword_index(self) -> None:
        self.keyword_index()

    def departments(self, clearance: AccessLevel = AccessLevel.INTERNAL) -> list[str]:
        """The departments of the ready documents a caller of ``clearance`` may read, sorted."""
        return sorted({m.department for m in self.document_metas().values()
                       if m.department and clearance.allows(m.access)})

    def unknown_departments(self, departments: list[str] | None,
                            clearance: AccessLevel = AccessLevel.INTERNAL) -> list[str]:
        """The departments of a filter that no document a caller of ``clearance`` may read names: such a
        filter matches nothing, and an empty result alone does not say why ("청년정책" for "청년정책과")."""
        if not departments:
            return []  # the common case: the archive's departments are not read
        known = set(self.departments(clearance))
        return [d for d in departments if d not in known]

    def document_metas(self) -> dict[str, DocumentMeta]:
        """Metadata of every ready document, cached per manifest generation."""
        with self._lock:
            generation = self.manifest.generation()
            if self._docs is None or self._docs[0] != generation:
                metas = {r.meta.doc_id: r.meta for r in self.manifest.records(include_failed=False)}
                self._docs = (generation, metas)
            return self._docs[1]

    def named_units(self) -> frozenset[str]:
        """The districts and departments a question may single out: departments from the documents' metadata,
        districts from their text (``generate.named_units``); cached per manifest generation. A document's text
        is read once per content hash: during a background ingest the generation moves with every file, and
        re-reading the whole archive each time would put that on the first question after it."""
        from generate.named_units import district_words, districts_of

        with self._lock:
            generation = self.manifest.generation()
            if self._units is None or self._units[0] != generation:
                records = self.manifest.records(include_failed=False)
                keys = [(r.meta.doc_id, r.content_hash) for r in records]
                known = self._district_words
                self._district_words = {key: known[key] if key in known else
                                        district_words(self.manifest.document_text(key[0]) or "") for key in keys}
                departments = {r.meta.department for r in records if r.meta.department}
                self._units = (generation, frozenset(departments | districts_of(self._district_words.values())))
            return self._units[1]

    def background_vectors(self) -> np.ndarray | None:
        """The reference passages' vectors for this embedder (``index.background``), or None until built.
        Every search reads it: once loaded, without the lock; while missing or unreadable, the file is looked
        at again only when the manifest's generation moves (an ingest, maybe in another process, builds it),
        not on every search."""
        if self._background is not None:
            return self._background
        with self._lock:
            generation = self.manifest.generation()
            if self._background is None and generation != self._background_missing_at:
                from index.background import load_reference

                self._background = load_reference(self.settings)
                self._background_missing_at = None if self._background is not None else generation
            return self._background

    def ensure_reference(self) -> None:
        """Build the reference vectors if this embedder has none yet (once per models folder; loads the
        document model: EmbeddingGemma took 8 s to load and 24 s for the 128 passages with bf16 units)."""
        with self._lock:
            self._background_missing_at = None  # look at the file again: another store may have built it
            if self.background_vectors() is None:
                from index.background import build_reference

                self._background = build_reference(self.settings, self.embedder)

    def _try_reference(self) -> None:
        # The reference only sharpens the topic floor (without it the cosine floor judges), so a failure to
        # build it must not fail an ingest whose documents are stored.
        try:
            self.ensure_reference()
        except Exception as exc:
            log.warning("기준 벡터를 만들지 못했습니다 (주제 판단은 코사인 기준으로 합니다): %s", exc)

    # -- operations --------------------------------------------------------------------------------
    def ingest(self, paths: Sequence[Path], *, prune: bool = False,
               overrides: dict[str, dict[str, Any]] | None = None,
               progress: Callable[[FileOutcome], None] | None = None) -> IngestReport:
        with self._lock:
            report = self.ingestor.run(paths, prune=prune, overrides=overrides, progress=progress)
            if self.document_metas():
                self._try_reference()
            return report

    def search(self, query: str, filters: SearchFilters | None = None, k: int = 10,
               mode: Mode | None = None) -> list[Hit]:
        return self.retriever.retrieve(query, filters or SearchFilters(), k, mode=mode)

    def documents(self, filters: SearchFilters | None = None) -> list[DocumentRecord]:
        filters = filters or SearchFilters()
        return [r for r in self.manifest.records() if filters.clearance.allows(r.meta.access)
                and (r.status != "ready" or filters.admits(r.meta))]

    def document(self, doc_id: str, clearance: SearchFilters | None = None) -> DocumentRecord | None:
        record = self.manifest.get(doc_id)
        if record is None or not (clearance or SearchFilters()).clearance.allows(record.meta.access):
            return None
        return record

    def remove(self, doc_id: str) -> bool:
        with self._lock:
            removed = self.ingestor.remove(doc_id)
            self.refresh_keyword_index()
            return removed

    def close(self) -> None:
        if "manifest" in self.__dict__:
            self.manifest.close()


class _LazyEmbedder:
    """Defers loading the embedding model until the first text is embedded (unchanged re-ingests load none)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    def embed_documents(self, texts: Sequence[str]) -> Any:
        return self._kb.embedder.embed_documents(texts)

    def embed_queries(self, texts: Sequence[str]) -> Any:
        return self._kb.embedder.embed_queries(texts)
