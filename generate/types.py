"""What an answer is: sentences, each with [n] markers resolving to exact passages of stable chunks."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from core.types import Chunk, DocumentMeta


class Citation(BaseModel):
    """Source ``n`` of an answer: the exact quoted passage, its chunk and its document."""

    n: int
    chunk_id: str
    doc_id: str
    title: str
    date: dt.date | None = None
    department: str | None = None
    doc_type: str = "other"
    source_path: str
    page: int | None = None
    section: str | None = None
    quote: str
    start: int  # character offsets of the quote in the document's extracted text
    end: int
    context: str | None = None  # for a table row: the header line naming its columns (shown above the quote)
    ocr: bool = False  # the passage was read by OCR from a scan: a figure in it may be misread

    @classmethod
    def of(cls, n: int, doc: DocumentMeta, chunk: Chunk | None, quote: str, start: int, end: int,
           context: str | None = None) -> Citation:
        """Source ``n``: ``quote`` at ``start``–``end`` of ``doc``'s text, inside ``chunk``."""
        page = chunk.page if chunk else None
        return cls(n=n, chunk_id=chunk.chunk_id if chunk else "", doc_id=doc.doc_id, title=doc.title,
                   date=doc.date, department=doc.department, doc_type=str(doc.doc_type),
                   source_path=doc.source_path, page=page, section=chunk.section if chunk else None,
                   quote=quote, start=start, end=end, context=context, ocr=doc.read_by_ocr(page))

    def evidence_text(self) -> str:
        """What this citation vouches for: the quote, the table header it sits under, and its document's
        title, date and department — all shown with the citation, so an answer may state them
        ("「…」(청년정책과, 2024년 2월 20일)에 따르면")."""
        from core.textnorm import korean_date
        from generate.evidence import render_table_row

        date = korean_date(self.date) if self.date else ""
        meta = " ".join(part for part in (self.title, date, self.department or "") if part)
        # The row as the answer reads it ("18.9" under "임대료(만 원)" is "18.9만 원"), derived from the two.
        row = render_table_row(self.context, self.quote) if self.context else ""
        return "\n".join(part for part in (meta, self.context or "", self.quote, row) if part)


class AnswerSentence(BaseModel):
    text: str
    citations: list[int] = Field(default_factory=list)
    supported: bool = True
    # For an unsupported sentence, read against its closest source: why it fails (Korean, the judge's words),
    # and the figures no source states (one the model made up or garbled).
    unsupported_reason: str | None = None
    missing_figures: list[str] = Field(default_factory=list)


class Answer(BaseModel):
    question: str
    standalone_query: str
    sentences: list[AnswerSentence]
    citations: list[Citation]
    refused: bool = False
    refusal_reason: str | None = None
    generator: str
    conversation_id: str | None = None
    timings: dict[str, float] = Field(default_factory=dict)
    closest_sources: list[Citation] = Field(default_factory=list)
    # The model's sentences no source supports: left out of ``sentences``, kept here for anyone auditing
    # the answer (and the evaluation's drill-down); never shown as part of the answer.
    dropped: list[AnswerSentence] = Field(default_factory=list)

    @property
    def text(self) -> str:
        """The answer with its [n] markers, as a reader sees it."""
        return " ".join(s.text + "".join(f"[{n}]" for n in s.citations) for s in self.sentences)
