"""What an answer is: sentences, each with [n] markers resolving to exact passages of stable chunks."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


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


class AnswerSentence(BaseModel):
    text: str
    citations: list[int] = Field(default_factory=list)
    supported: bool = True


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

    @property
    def text(self) -> str:
        """The answer with its [n] markers, as a reader sees it."""
        return " ".join(s.text + "".join(f"[{n}]" for n in s.citations) for s in self.sentences)
