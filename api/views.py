"""How domain objects look to API clients: never a server path, only the file name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.types import Hit


def public_citation(data: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in data.items() if k != "source_path"}
    out["file_name"] = Path(str(data.get("source_path", ""))).name
    return out


def public_answer(data: dict[str, Any]) -> dict[str, Any]:
    """An ``Answer`` (or a ``sources`` event) dumped to JSON, with its citations made public."""
    out = dict(data)
    for key in ("citations", "closest_sources", "sources"):
        if key in out:  # a ``sentence`` event's citations are numbers, not passages
            out[key] = [public_citation(c) if isinstance(c, dict) else c for c in out[key]]
    return out


def public_hit(hit: Hit) -> dict[str, Any]:
    return {"chunk_id": hit.chunk.chunk_id, "doc_id": hit.doc.doc_id, "title": hit.doc.title,
            "date": hit.doc.date, "department": hit.doc.department, "doc_type": str(hit.doc.doc_type),
            "file_name": Path(hit.doc.source_path).name, "page": hit.chunk.page, "section": hit.chunk.section,
            "ocr": hit.doc.read_by_ocr(hit.chunk.page),
            "text": hit.chunk.text, "start": hit.chunk.start, "end": hit.chunk.end, "score": round(hit.score, 4),
            "scores": {k: round(v, 4) for k, v in hit.scores.items()}, "matched_terms": hit.matched_terms}


def public_record(record: Any) -> dict[str, Any]:
    """A manifest record; a failure shows its reason in Korean, not the parser's message with paths."""
    from ingest.parsers.common import REASON_TEXT

    meta = record.meta.model_dump(mode="json")
    meta["file_name"] = Path(meta.pop("source_path")).name
    reason = record.error_reason
    return {**meta, "status": record.status, "chunks": record.chunk_count, "characters": record.char_count,
            "pages": record.page_count, "updated_at": record.updated_at, "error_reason": reason,
            "error": REASON_TEXT.get(reason, "처리하지 못했습니다") if reason else None}
