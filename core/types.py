"""Domain types shared by every room: documents, sections, chunks, hits, citations.

Citations are part of the data model from the first line (ragna's ``Source``): every chunk knows its
document, title, date, department, page/section and character span, so an answer can point at the
exact passage. Chunk ids (``c_…``) and document ids (``d_…``) have different prefixes so they can
never be confused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from enum import StrEnum

from pydantic import BaseModel, Field

TABLE_CELL_SEPARATOR = " | "  # how a parsed table row joins its cells (ingest.parsers); sentences never split a row


class DocType(StrEnum):
    PRESS_RELEASE = "press_release"
    POLICY = "policy"
    CASE_STUDY = "case_study"
    OTHER = "other"


class AccessLevel(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"

    @property
    def rank(self) -> int:
        return ACCESS_RANK[self]

    def allows(self, level: AccessLevel) -> bool:
        """True when a caller with this clearance may see a document at ``level``."""
        return level.rank <= self.rank


ACCESS_RANK = {AccessLevel.PUBLIC: 0, AccessLevel.INTERNAL: 1}


class DocumentMeta(BaseModel):
    """Metadata of one document, from a sidecar, front matter, inference or the caller."""

    doc_id: str
    title: str
    date: dt.date | None = None
    department: str | None = None
    doc_type: DocType = DocType.OTHER
    access: AccessLevel = AccessLevel.PUBLIC
    source_path: str
    file_format: str = ""
    # The stored document whose text this file repeats in another format (a release's PDF beside its HWP):
    # set at ingest (``ingest.pipeline``), read by ``shown_once_key``.
    copy_of: str | None = None
    # Pages (1-based) whose text was read by OCR from a scan: a citation from them says so, because OCR
    # misreads a figure now and then (README, "Ingestion"). An image file is page 1 (a TIFF, one per frame).
    ocr_pages: list[int] = Field(default_factory=list)

    def read_by_ocr(self, page: int | None) -> bool:
        """Whether the passage on ``page`` was read by OCR (a document without pages: any page was)."""
        return bool(self.ocr_pages) and (page is None or page in self.ocr_pages)


def shown_once_key(meta: DocumentMeta, docs: Mapping[str, DocumentMeta]) -> str:
    """The key under which search shows one file of a document. A city posts each release as HWP and as
    PDF; the two parse into differently split chunks, so the near-duplicate check let both into the hits
    (the HWP and PDF of one release took 2 of 6). A copy counts as its original while that is stored.

    >>> a = DocumentMeta(doc_id="a", title="청년 월세 확대", source_path="a.hwp")
    >>> b = DocumentMeta(doc_id="b", title="보도자료", source_path="a.pdf", copy_of="a")
    >>> shown_once_key(b, {"a": a, "b": b}), shown_once_key(b, {"b": b})
    ('a', 'b')
    """
    return meta.copy_of if meta.copy_of and meta.copy_of in docs else meta.doc_id


class Section(BaseModel):
    """A contiguous piece of a parsed document with its location (page or heading path)."""

    text: str
    page: int | None = None
    heading: str | None = None


class ParsedDocument(BaseModel):
    """What a parser returns: the text in reading order, split into located sections."""

    path: str
    file_format: str
    sections: list[Section]
    page_count: int | None = None
    properties: dict[str, str] = Field(default_factory=dict)
    ocr_pages: list[int] = Field(default_factory=list)  # pages read by OCR (``DocumentMeta.ocr_pages``)

    @property
    def text(self) -> str:
        return "\n\n".join(s.text for s in self.sections if s.text.strip())


class Chunk(BaseModel):
    """One retrievable passage; ``start``/``end`` are character offsets into the document text."""

    chunk_id: str
    doc_id: str
    text: str
    start: int
    end: int
    page: int | None = None
    section: str | None = None
    ordinal: int = 0


class Hit(BaseModel):
    """One search result: a chunk, its document's metadata, and the score of each leg."""

    chunk: Chunk
    doc: DocumentMeta
    score: float
    scores: dict[str, float] = Field(default_factory=dict)
    matched_terms: list[str] = Field(default_factory=list)


class SearchFilters(BaseModel):
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    departments: list[str] | None = None
    doc_types: list[DocType] | None = None
    doc_ids: list[str] | None = None
    clearance: AccessLevel = AccessLevel.PUBLIC

    def admits(self, doc: DocumentMeta) -> bool:
        """Whether a document passes the filters; access is always enforced."""
        if not self.clearance.allows(doc.access):
            return False
        if self.doc_ids is not None and doc.doc_id not in self.doc_ids:
            return False
        if self.departments is not None and doc.department not in self.departments:
            return False
        if self.doc_types is not None and doc.doc_type not in self.doc_types:
            return False
        if self.date_from is not None and (doc.date is None or doc.date < self.date_from):
            return False
        return not (self.date_to is not None and (doc.date is None or doc.date > self.date_to))


def make_doc_id(source_key: str) -> str:
    """Stable document id from the resolved file path (survives content edits; a moved file is a new document)."""
    return "d_" + hashlib.sha256(source_key.encode("utf-8")).hexdigest()[:16]


def make_chunk_id(doc_id: str, content_hash: str, ordinal: int) -> str:
    """Stable chunk id: same document content and position give the same id across re-ingestion."""
    raw = f"{doc_id}:{content_hash}:{ordinal}"
    return "c_" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]
