"""Ingestion: files → parse → metadata → chunks → embeddings → Chroma + manifest (+ keyword index).

Idempotent (simonw/llm's content-hash skip): an unchanged file costs one hash. A changed file's new
chunks are written first and swapped in by one manifest transaction, then the old ones are deleted.
Bad files are recorded with a reason naming the file; what was stored before stays searchable.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from core.errors import ParseError, PressroomError
from core.textnorm import compact, same_text
from core.types import AccessLevel, Chunk, DocumentMeta, ParsedDocument, Section, make_doc_id
from index.keyword import keyword_tokens
from ingest.chunker import chunk_with_tokens
from ingest.manifest import Manifest
from ingest.metadata import SIDECAR_NAME, build_meta, sidecar_for, split_front_matter

Status = Literal["added", "updated", "unchanged", "failed", "removed"]
EMBED_BATCH_CHUNKS = 64


@dataclass
class FileOutcome:
    path: str
    status: Status
    doc_id: str | None = None
    chunks: int = 0
    pages: int | None = None
    reason: str | None = None
    message: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class IngestReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    seconds: float = 0.0
    parse_seconds: float = 0.0
    embed_seconds: float = 0.0
    embedded_chunks: int = 0
    # per file format: [parse seconds, pages (or 1 per file without pages), files]
    parse_by_format: dict[str, list[float]] = field(default_factory=dict)

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for o in self.outcomes:
            out[o.status] = out.get(o.status, 0) + 1
        return out


@dataclass
class _Prepared:
    meta: DocumentMeta
    content_hash: str
    chunks: list[Chunk]
    tokens: list[list[str]]
    embed_texts: list[str]
    text: str
    pages: int | None
    outcome: FileOutcome


def discover(paths: Iterable[Path]) -> list[Path]:
    """Files under the given paths, skipping hidden files and sidecars (names starting with ``.``/``_``)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.is_file() and not _hidden(p, path))
        elif path.exists():
            found.append(path)
        else:
            raise PressroomError("경로가 없습니다", path=str(path))
    return found


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith((".", "_")) for part in path.relative_to(root).parts)


class Ingestor:
    """Runs ingestion against one knowledge base's manifest, vector store and embedder."""

    def __init__(self, manifest: Manifest, store: Any, embedder: Any, *, chunk_chars: int,
                 overlap_sents: int, max_bytes: int, default_access: AccessLevel = AccessLevel.PUBLIC,
                 on_keyword_change: Callable[[], None] | None = None) -> None:
        self.manifest = manifest
        self.store = store
        self.embedder = embedder
        self.chunk_chars = chunk_chars
        self.overlap_sents = overlap_sents
        self.max_bytes = max_bytes
        self.default_access = default_access
        self.on_keyword_change = on_keyword_change
        self._stored: dict[str, DocumentMeta] = {}

    def run(self, paths: Sequence[Path], *, prune: bool = False,
            overrides: dict[str, dict[str, Any]] | None = None,
            progress: Callable[[FileOutcome], None] | None = None) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport()
        self.recover()
        # The stored documents, to tell a file that is another copy of one (a release's PDF beside its HWP):
        # search shows such copies once, and the outcome says which file it repeats.
        self._stored = {r.meta.doc_id: r.meta for r in self.manifest.records(include_failed=False)}
        files = discover(paths)
        sidecars: dict[Path, dict[str, dict[str, Any]]] = {}
        batch: list[_Prepared] = []
        for path in files:
            prepared = self._prepare(path, sidecars, (overrides or {}).get(path.name, {}), report)
            if prepared is None:
                if progress:
                    progress(report.outcomes[-1])
                continue
            batch.append(prepared)
            if sum(len(p.chunks) for p in batch) >= EMBED_BATCH_CHUNKS:
                self._flush(batch, report, progress)
                batch = []
        self._flush(batch, report, progress)
        if prune:
            for outcome in self._prune(paths):
                report.outcomes.append(outcome)
                if progress:
                    progress(outcome)
        if self.on_keyword_change:
            self.on_keyword_change()
        report.seconds = time.perf_counter() - started
        return report

    def recover(self) -> None:
        """Delete chunks a killed run wrote to the vector store but never committed."""
        orphans = self.manifest.pending_orphans()
        if orphans:
            self.store.delete(orphans)
        self.manifest.clear_pending()

    # -- steps -----------------------------------------------------------------------------------------
    def _prepare(self, path: Path, sidecars: dict[Path, dict[str, dict[str, Any]]],
                 override: dict[str, Any], report: IngestReport) -> _Prepared | None:
        doc_id = make_doc_id(str(path.resolve()))
        placeholder = DocumentMeta(doc_id=doc_id, title=path.stem, source_path=str(path.resolve()),
                                   file_format=path.suffix.lstrip("."))
        try:
            sidecar = sidecar_for(path, sidecars)
            # A non-default access level is part of what was ingested: switching it re-reads every file (which
            # levels it decides is known only after parsing); left out when public, so stores from before the
            # setting stay unchanged.
            extra = [{"default_access": self.default_access}] if self.default_access != AccessLevel.PUBLIC else []
            digest = _file_hash(path, sidecar, override, extra)
            if self.manifest.content_hash(doc_id) == digest:
                report.outcomes.append(FileOutcome(str(path), "unchanged", doc_id))
                return None
            t0 = time.perf_counter()
            parsed = _parse(path, self.max_bytes)
            front, parsed = _strip_front_matter(parsed)
            meta = build_meta(doc_id, path.resolve(), parsed.text, parsed.properties.get("title"),
                              sidecar=sidecar, front=front, overrides=override,
                              default_access=self.default_access)
            meta.ocr_pages = parsed.ocr_pages
            chunks, body_tokens = chunk_with_tokens(parsed, doc_id, max_chars=self.chunk_chars,
                                                    overlap_sents=self.overlap_sents)
            contextual = [_contextual_text(meta, c) for c in chunks]
            tokens = _keyword_tokens(meta, chunks, body_tokens)
            elapsed = time.perf_counter() - t0
            report.parse_seconds += elapsed
            stats = report.parse_by_format.setdefault(parsed.file_format, [0.0, 0.0, 0.0])
            stats[0] += elapsed
            stats[1] += parsed.page_count or 1
            stats[2] += 1
        except PressroomError as exc:
            reason = exc.reason if isinstance(exc, ParseError) else "invalid_metadata"
            self.manifest.record_failure(placeholder, reason, str(exc))
            report.outcomes.append(FileOutcome(str(path), "failed", doc_id, reason=reason, message=str(exc)))
            return None
        existed = self.manifest.get(doc_id)
        status: Status = "updated" if existed and existed.status == "ready" else "added"
        outcome = FileOutcome(str(path), status, doc_id, chunks=len(chunks), pages=parsed.page_count)
        return _Prepared(meta, digest, chunks, tokens, contextual, parsed.text, parsed.page_count, outcome)

    def _flush(self, batch: list[_Prepared], report: IngestReport,
               progress: Callable[[FileOutcome], None] | None) -> None:
        if not batch:
            return
        for item in batch:
            self.manifest.mark_pending(item.meta, [c.chunk_id for c in item.chunks])
        texts = [t for item in batch for t in item.embed_texts]
        t0 = time.perf_counter()
        vectors = self.embedder.embed_documents(texts) if texts else None
        report.embed_seconds += time.perf_counter() - t0
        report.embedded_chunks += len(texts)
        if texts:
            chunks = [c for item in batch for c in item.chunks]
            metas = [item.meta for item in batch for _ in item.chunks]
            self.store.add(chunks, metas, vectors, texts)  # one call per batch: Chroma's cost is per call
        for item in batch:
            original = self._same_text(item)
            item.meta.copy_of = original.doc_id if original else None
            replaced = self.manifest.commit_document(item.meta, item.content_hash, item.chunks, item.tokens,
                                                     item.text, item.pages)
            self.store.delete(replaced)
            self._stored[item.meta.doc_id] = item.meta
            self._release_copies_of(item)
            if original is not None:
                item.outcome.message = (f"같은 문서의 다른 파일로 보입니다 (본문이 같음): "
                                        f"{Path(original.source_path).name} — 검색에는 한 번만 나옵니다")
            report.outcomes.append(item.outcome)
            if progress:
                progress(item.outcome)

    def _release_copies_of(self, item: _Prepared) -> None:
        """A re-ingested original whose text changed no longer has the copies it had: they show again."""
        for other in list(self._stored.values()):
            if other.copy_of == item.meta.doc_id:
                text = self.manifest.document_text(other.doc_id)
                if not (text and same_text(text, item.text)):
                    other = other.model_copy(update={"copy_of": None})
                    self.manifest.update_meta(other)
                    self._stored[other.doc_id] = other

    def _same_text(self, item: _Prepared) -> DocumentMeta | None:
        """The stored original this file repeats in another format (``same_text``). Only documents of the
        same date, file name or title are read, so a large archive is not compared file by file."""
        meta = item.meta
        stem, title = Path(meta.source_path).stem, compact(meta.title)
        for other in self._stored.values():
            if other.doc_id == meta.doc_id or (other.copy_of and other.copy_of in self._stored):
                continue  # a copy is compared through its original (while that is stored)
            if not ((meta.date and other.date == meta.date) or Path(other.source_path).stem == stem
                    or compact(other.title) == title):
                continue
            text = self.manifest.document_text(other.doc_id)
            if text and same_text(text, item.text):
                return other
        return None

    def _prune(self, roots: Sequence[Path]) -> list[FileOutcome]:
        resolved = [r.resolve() for r in roots]
        outcomes = []
        for source, doc_id in self.manifest.doc_ids_by_path().items():
            path = Path(source)
            under = any(path == r or r in path.parents for r in resolved)
            if under and not path.exists():
                self.remove(doc_id)
                outcomes.append(FileOutcome(source, "removed", doc_id))
        return outcomes

    def remove(self, doc_id: str) -> bool:
        if self.manifest.get(doc_id) is None:
            return False
        self.store.delete(self.manifest.remove(doc_id))
        return True


def _file_hash(path: Path, sidecar: dict[str, Any], override: dict[str, Any], extra: list[Any]) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    digest.update(json.dumps([sidecar, override, *extra], sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _parse(path: Path, max_bytes: int) -> ParsedDocument:
    from ingest.parsers import parse_file

    return parse_file(path, max_bytes=max_bytes)


def _strip_front_matter(parsed: ParsedDocument) -> tuple[dict[str, Any], ParsedDocument]:
    if parsed.file_format not in ("md", "markdown", "txt") or not parsed.sections:
        return {}, parsed
    first = parsed.sections[0]
    front, body = split_front_matter(first.text)
    if not front:
        return {}, parsed
    rest = list(parsed.sections[1:])
    head = [Section(text=body.strip("\n"), page=first.page, heading=first.heading)] if body.strip() else []
    sections = head + rest
    return front, parsed.model_copy(update={"sections": sections})


def _keyword_tokens(meta: DocumentMeta, chunks: Sequence[Chunk], body: Sequence[list[str]]) -> list[list[str]]:
    """Keyword tokens of the contextual text (title · section + body), reusing the chunker's Kiwi pass."""
    title = keyword_tokens(meta.title)
    sections: dict[str | None, list[str]] = {}
    out = []
    for chunk, toks in zip(chunks, body, strict=True):
        if chunk.section and chunk.section not in meta.title and chunk.section not in sections:
            sections[chunk.section] = keyword_tokens(chunk.section)
        head = sections.get(chunk.section, []) if chunk.section and chunk.section not in meta.title else []
        out.append(title + head + toks)
    return out


def _contextual_text(meta: DocumentMeta, chunk: Chunk) -> str:
    """Text that is embedded and keyword-indexed: title and section give a passage its context."""
    head = meta.title if not chunk.section or chunk.section in meta.title else f"{meta.title} · {chunk.section}"
    return f"{head}\n{chunk.text}"


__all__ = ["SIDECAR_NAME", "FileOutcome", "IngestReport", "Ingestor", "discover"]
