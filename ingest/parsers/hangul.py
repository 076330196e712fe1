"""HWP 5.0 and HWPX through ``unhwp`` (bundled native code, reads both).

We walk unhwp's JSON document model rather than its Markdown: the Markdown renderer turns ``○``/``□``
outline marks into ``-`` list items (the marks are lost) and escapes a leading ``-``; the JSON keeps
each paragraph's text as written, its heading level, and tables cell by cell. HWP files carry no page
layout (pages are computed by the word processor), so sections have no page number. A distribution
(배포용) HWP is read through a decrypted copy (``ingest.parsers.hwp_distribution``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from core.types import TABLE_CELL_SEPARATOR, ParsedDocument
from ingest.parsers.common import SectionBuilder, fail

# unhwp.ErrorKind values (stable numbers, part of its native ABI).
_ENCRYPTED = 12
_DISTRIBUTION_RESTRICTED = 403
_UNKNOWN_FORMAT, _UNSUPPORTED_FORMAT = 3, 4


def parse_hangul(path: Path, file_format: str) -> ParsedDocument:
    model = _document_model(path, file_format)
    builder = SectionBuilder()
    for section in model.get("sections", []):
        for block in section.get("content", []):
            _add_block(builder, block)
    title = (model.get("metadata") or {}).get("title") or ""
    return builder.build(path, file_format, properties={"title": title})


def _document_model(path: Path, file_format: str) -> dict[str, Any]:
    """unhwp's JSON model of the file; a distribution (배포용) HWP is read through its decrypted copy."""
    import unhwp

    from ingest.parsers.hwp_distribution import DistributionError, readable_copy

    try:
        if file_format == "hwp" and _is_distribution(path):
            with unhwp.parse_bytes(readable_copy(path)) as result:
                return dict(json.loads(result.json))
        with unhwp.parse(path) as result:
            return dict(json.loads(result.json))
    except DistributionError as exc:
        raise fail(path, "encrypted", message=f"배포용(보호) 문서를 읽지 못했습니다: {exc}") from exc
    except unhwp.UnhwpError as exc:
        raise _error(path, exc) from exc


def _is_distribution(path: Path) -> bool:
    import olefile

    from ingest.parsers.hwp_distribution import is_distribution

    with olefile.OleFileIO(str(path)) as ole:
        return ole.exists("FileHeader") and is_distribution(ole.openstream("FileHeader").read(40))


def _error(path: Path, exc: Exception) -> Exception:
    kind = getattr(exc, "kind", None)
    if kind == _ENCRYPTED:
        return fail(path, "encrypted")
    if kind == _DISTRIBUTION_RESTRICTED:
        return fail(path, "encrypted", message="배포용(보호) 문서라 내용을 읽을 수 없습니다")
    if kind in (_UNKNOWN_FORMAT, _UNSUPPORTED_FORMAT):
        return fail(path, "unsupported", str(exc))
    return fail(path, "corrupt", str(exc))


def _add_block(builder: SectionBuilder, block: dict[str, Any]) -> None:
    if "Paragraph" in block:
        para = block["Paragraph"]
        level = ((para.get("style") or {}).get("heading_level")) or 0
        for line in _inline_text(para.get("content", [])).split("\n"):
            builder.add(line, heading=level > 0)
    elif "Table" in block:
        builder.add_rows(_table_rows(block["Table"]))
    else:  # text boxes, footnotes, …: keep whatever text they hold
        for line in _inline_text(block).split("\n"):
            builder.add(line)


def _table_rows(table: dict[str, Any]) -> Iterator[list[str]]:
    for row in table.get("rows", []):
        yield [_inline_text(cell.get("content", [])) for cell in row.get("cells", [])]


def _inline_text(node: Any) -> str:
    """All ``Text`` runs below ``node`` in order; paragraphs inside containers become lines."""
    if isinstance(node, str):
        return {"LineBreak": "\n", "Tab": " "}.get(node, "")
    if isinstance(node, list):
        parts = [_inline_text(child) for child in node]
        # A list of paragraphs (cell content) is a list of dicts with their own "content".
        paragraphs = all(isinstance(c, dict) and ("content" in c or "Paragraph" in c) for c in node)
        joiner = "\n" if node and paragraphs else ""
        return joiner.join(parts)
    if not isinstance(node, dict):
        return ""
    if "Text" in node:
        return str(node["Text"].get("text", ""))
    if "Paragraph" in node:
        return _inline_text(node["Paragraph"].get("content", []))
    if "Table" in node:
        return "\n".join(TABLE_CELL_SEPARATOR.join(row) for row in _table_rows(node["Table"]))
    return "".join(_inline_text(v) for k, v in node.items() if k not in ("style", "metadata"))
