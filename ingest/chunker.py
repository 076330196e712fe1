"""Section-aware, Korean sentence-aware chunking with character spans into the document text.

Chunks never cross a section boundary once they hold enough text (so page/section stay exact), end on
Kiwi sentence boundaries, and carry one sentence of overlap so a fact split across two chunks is still
found whole in one of them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from core.korean import analyse_sentences
from core.types import Chunk, ParsedDocument, make_chunk_id


@dataclass(frozen=True)
class _Sentence:
    text: str
    start: int
    end: int
    page: int | None
    heading: str | None
    tokens: tuple[str, ...] = ()


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _split_long(text: str, start: int, limit: int) -> list[tuple[str, int]]:
    """Split a sentence longer than ``limit`` at spaces (tables rows without punctuation can be long)."""
    pieces: list[tuple[str, int]] = []
    offset = 0
    while len(text) - offset > limit:
        cut = text.rfind(" ", offset + limit // 2, offset + limit)
        cut = cut if cut > offset else offset + limit
        pieces.append((text[offset:cut].strip(), start + offset))
        offset = cut
        while offset < len(text) and text[offset] == " ":
            offset += 1
    if offset < len(text):
        pieces.append((text[offset:], start + offset))
    return [(t, s) for t, s in pieces if t]


def _sentences(doc: ParsedDocument, limit: int) -> list[_Sentence]:
    """Sentences of every non-blank section with their content tokens, located by offsets into ``doc.text``."""
    out: list[_Sentence] = []
    base = 0
    for section in doc.sections:
        if not section.text.strip():
            continue
        for start, end, tokens in analyse_sentences(section.text):
            pieces = _split_long(section.text[start:end], base + start, limit)
            for piece, piece_start in pieces:
                # a split sentence's tokens go with its first piece; keyword search only needs them once
                toks = tuple(tokens) if piece_start == base + start else ()
                out.append(_Sentence(piece, piece_start, piece_start + len(piece), section.page,
                                     section.heading, toks))
        base += len(section.text) + 2  # ParsedDocument.text joins sections with "\n\n"
    return out


def chunk_document(doc: ParsedDocument, doc_id: str, *, max_chars: int = 520,
                   overlap_sents: int = 1) -> list[Chunk]:
    """Split a parsed document into chunks of at most ~``max_chars`` characters."""
    return chunk_with_tokens(doc, doc_id, max_chars=max_chars, overlap_sents=overlap_sents)[0]


def chunk_with_tokens(doc: ParsedDocument, doc_id: str, *, max_chars: int = 520,
                      overlap_sents: int = 1) -> tuple[list[Chunk], list[list[str]]]:
    """Chunks and, for each, its content tokens (from the same Kiwi pass) for the keyword index.

    The chunk id derives from the document id, the document text's hash and the chunk's ordinal, so an
    unchanged document always yields the same ids and a changed one yields new ids (old citations never
    silently point at new text).
    """
    text = doc.text
    digest = content_hash(text)
    sents = _sentences(doc, max_chars)
    groups: list[list[_Sentence]] = []
    current: list[_Sentence] = []
    for sent in sents:
        size = sent.end - current[0].start if current else 0
        new_section = bool(current) and (sent.heading, sent.page) != (current[-1].heading, current[-1].page)
        if current and (size > max_chars or (new_section and size >= max_chars // 3)):
            groups.append(current)
            keep = current[-overlap_sents:] if overlap_sents and not new_section else []
            current = [s for s in keep if sent.end - s.start <= max_chars]
        current.append(sent)
    if current:
        groups.append(current)
    chunks, tokens = [], []
    for ordinal, group in enumerate(groups):
        start, end = group[0].start, group[-1].end
        chunks.append(Chunk(
            chunk_id=make_chunk_id(doc_id, digest, ordinal), doc_id=doc_id, text=text[start:end],
            start=start, end=end, page=group[0].page, section=group[0].heading, ordinal=ordinal,
        ))
        tokens.append([tok for sent in group for tok in sent.tokens])
    return chunks, tokens
