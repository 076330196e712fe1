"""Plain text and Markdown, read line by line.

unstructured's text and Markdown partitioners are not used: both join the lines of a paragraph into
one element (Markdown semantics), which merges a Korean outline — one ``○``/``-`` item per line — into
a single run-on line. Here every line stays a line; a pipe table becomes ``a | b`` rows without its
``|---|`` separator; ``#`` headings, chapter (``Ⅱ.``) and ``□`` lines head sections. A leading front-matter
block (``---`` … ``---``) is kept verbatim as the first section: ingestion reads and strips it.
"""

from __future__ import annotations

import re
from pathlib import Path

from core.types import ParsedDocument
from ingest.parsers.common import SectionBuilder

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def parse_text(path: Path, text: str, file_format: str) -> ParsedDocument:
    """``file_format`` is ``"md"`` or ``"txt"``; ``text`` is already decoded."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    builder = SectionBuilder()
    front_end = _front_matter_end(lines)
    properties: dict[str, str] = {}
    if front_end:
        front = lines[: front_end + 1]
        properties = _front_title(front)
        builder.add_block("\n".join(front))
        builder.flush()
        lines = lines[front_end + 1 :]
    for line in lines:
        _add_line(builder, line, markdown=file_format == "md")
    return builder.build(path, file_format, properties=properties)


def _add_line(builder: SectionBuilder, line: str, *, markdown: bool) -> None:
    stripped = line.strip()
    if _is_table_row(stripped):
        if not _TABLE_SEPARATOR.match(stripped):
            builder.add_rows([_cells(stripped)])
        return
    heading = _MD_HEADING.match(stripped) if markdown else None
    if heading:
        builder.add(heading.group(2), heading=True)
    else:
        builder.add(stripped)


def _is_table_row(line: str) -> bool:
    return line.startswith("|") and line.endswith("|") and len(line) > 1


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line[1:-1].split("|")]


def _front_matter_end(lines: list[str]) -> int:
    """Index of the closing ``---`` of a leading front-matter block, or 0 when there is none."""
    if not lines or lines[0].strip() != "---":
        return 0
    for i, line in enumerate(lines[1:50], start=1):
        if line.strip() == "---":
            return i
    return 0


def _front_title(front: list[str]) -> dict[str, str]:
    for line in front:
        key, sep, value = line.partition(":")
        if sep and key.strip() == "title":
            return {"title": value.strip().strip("'\"")}
    return {}
