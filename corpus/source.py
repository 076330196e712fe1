"""Reading one corpus source file (front matter + body, see corpus/STYLE_GUIDE.md) into blocks.

A body is a run of paragraphs (blank-line separated lines) and pipe tables. Every writer renders the
same blocks, and :func:`expected_lines` lists what a parser must give back verbatim: each body line and
each table row with its cells joined by `` | ``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

FRONT_KEYS = ("title", "date", "department", "type", "access", "format")
FORMATS = ("hwpx", "hwp", "pdf", "docx", "html", "md", "txt", "pptx", "xlsx")
LIST_MARKS = ("□ ", "○ ", "- ", "※ ")
_SEPARATOR_CELL = re.compile(r"^:?-{1,}:?$")


class SourceError(ValueError):
    """A source file breaks the corpus writing rules."""


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]  # header first; the |---| separator row is dropped

    def rendered(self) -> list[str]:
        return [" | ".join(row) for row in self.rows]


Block = Paragraph | Table


@dataclass(frozen=True)
class SourceDoc:
    doc_id: str
    front: dict[str, str]
    body: str
    blocks: tuple[Block, ...] = field(default=())
    raw: str = ""  # the whole source file (NFC), copied as is for md/txt

    @property
    def title(self) -> str:
        return self.front.get("title", self.doc_id)

    @property
    def format(self) -> str:
        return self.front["format"]


def read_source(path: Path) -> SourceDoc:
    """Parse ``<id>.md``; raises :class:`SourceError` naming the file when the front matter is broken."""
    raw = unicodedata.normalize("NFC", path.read_text(encoding="utf-8").replace("\r\n", "\n"))
    front, body = split_front_matter(raw, path.name)
    fmt = front.get("format", "")
    if fmt not in FORMATS:
        raise SourceError(f"{path.name}: format '{fmt}' is not one of {', '.join(FORMATS)}")
    return SourceDoc(path.stem, front, body, tuple(parse_blocks(body)), raw)


def split_front_matter(raw: str, name: str) -> tuple[dict[str, str], str]:
    lines = raw.split("\n")
    if not lines or lines[0].strip() != "---":
        raise SourceError(f"{name}: the file must start with '---' front matter")
    try:
        end = lines.index("---", 1)
    except ValueError as exc:
        raise SourceError(f"{name}: front matter is not closed with '---'") from exc
    front: dict[str, str] = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        if sep:
            # Values are plain scalars; a trailing "# comment" (as in the style guide) is dropped.
            front[key.strip()] = value.split(" #", 1)[0].strip().strip("'\"")
    return front, "\n".join(lines[end + 1 :]).strip("\n") + "\n"


def parse_blocks(body: str) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    kind = ""
    for line in [*body.split("\n"), ""]:
        line_kind = "" if not line.strip() else ("table" if line.lstrip().startswith("|") else "para")
        if line_kind != kind and current:
            blocks.append(_make_block(kind, current))
            current = []
        kind = line_kind
        if line_kind:
            current.append(line.rstrip())
    return blocks


def _make_block(kind: str, lines: list[str]) -> Block:
    if kind == "para":
        return Paragraph(tuple(lines))
    rows = [_cells(line) for line in lines]
    return Table(tuple(row for row in rows if not all(_SEPARATOR_CELL.match(c) for c in row)))


def _cells(line: str) -> tuple[str, ...]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return tuple(cell.strip() for cell in inner.split("|"))


def expected_lines(doc: SourceDoc) -> list[str]:
    """What must appear verbatim in the parsed text: each body line and each rendered table row."""
    out: list[str] = []
    for block in doc.blocks:
        out.extend(block.lines if isinstance(block, Paragraph) else block.rendered())
    return out


_CHAPTER = re.compile(r"^[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+\.\s")


def is_chapter_line(line: str) -> bool:
    """``Ⅰ. 계획 개요``: a chapter of a policy document; writers style it as a heading."""
    return bool(_CHAPTER.match(line))


def is_heading_line(line: str) -> bool:
    """``□`` opens a section of a policy outline; writers style it as a heading."""
    return line.startswith("□ ")
