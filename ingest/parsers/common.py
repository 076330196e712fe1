"""Pieces every parser shares: Korean error messages, table-row rendering and section building."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import ParseError
from core.types import TABLE_CELL_SEPARATOR, ParsedDocument, Section

# ``□`` opens a top-level item of a Korean public-sector outline (□ → ○ → - → ※) and ``Ⅱ.`` a chapter,
# so such a line is the nearest thing these documents have to a heading when the file has no styles.
OUTLINE_HEADING = re.compile(r"^(?:□|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+\.)\s")
# A bare page number ("- 3 -", "3", "3 / 12", "- 3/12 -") printed in a header or footer.
PAGE_NUMBER = re.compile(r"^[-–—\s]*\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")

REASON_TEXT = {
    "unsupported": "지원하지 않는 파일 형식입니다",
    "empty": "빈 파일입니다",
    "corrupt": "파일이 손상되어 읽을 수 없습니다",
    "encrypted": "암호가 걸린 문서입니다. 암호를 해제한 뒤 다시 올려 주세요",
    "too_large": "파일이 너무 큽니다",
    "no_text": "추출할 수 있는 텍스트가 없습니다",
}


def fail(path: Path, reason: str, detail: str = "", message: str | None = None) -> ParseError:
    """A :class:`ParseError` whose Korean message names the file, the reason and (optionally) a detail."""
    text = message or REASON_TEXT[reason]
    return ParseError(f"'{path.name}': {text}{f' ({detail})' if detail else ''}", path=str(path), reason=reason)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_line(text: str) -> str:
    """One line of running text: NFC, runs of spaces/tabs/no-break spaces collapsed, ends trimmed."""
    return _SPACES.sub(" ", nfc(text)).strip()


def render_row(cells: Iterable[str]) -> str:
    """A table row as searchable text: cells joined by `` | ``; a cell's own line breaks become spaces;
    trailing empty cells dropped (no leading or trailing pipe)."""
    values = [" ".join(part.strip() for part in nfc(c).splitlines() if part.strip()) for c in cells]
    while values and not values[-1]:
        values.pop()
    return TABLE_CELL_SEPARATOR.join(values)


def is_outline_heading(line: str) -> bool:
    return bool(OUTLINE_HEADING.match(line))


@dataclass
class SectionBuilder:
    """Collects lines in reading order and cuts a new :class:`Section` whenever the page or the heading
    changes, so every passage knows where it came from."""

    sections: list[Section] = field(default_factory=list)
    page: int | None = None
    heading: str | None = None
    _lines: list[str] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return bool(self._lines) or any(s.text.strip() for s in self.sections)

    def set_page(self, page: int | None) -> None:
        if page != self.page:
            self.flush()
            self.page = page

    def set_heading(self, heading: str | None) -> None:
        heading = clean_line(heading) if heading else None
        if heading != self.heading:
            self.flush()
            self.heading = heading

    def add(self, line: str, *, heading: bool = False) -> None:
        """Add one line; ``heading=True`` (or a ``□`` outline line) starts a section headed by it."""
        line = nfc(line).strip()
        if not line:
            return
        if heading or is_outline_heading(line):
            self.set_heading(line)
        self._lines.append(line)

    def add_block(self, text: str) -> None:
        """Add text verbatim (several lines), e.g. a front-matter block that ingestion parses later."""
        if text.strip():
            self._lines.append(nfc(text))

    def add_rows(self, rows: Iterable[Iterable[str]]) -> None:
        for row in rows:
            text = render_row(row)
            if text:
                self._lines.append(text)

    def flush(self) -> None:
        if self._lines:
            self.sections.append(Section(text="\n".join(self._lines), page=self.page, heading=self.heading))
            self._lines = []

    def build(self, path: Path, file_format: str, *, page_count: int | None = None,
              properties: dict[str, str] | None = None, ocr_pages: Iterable[int] = ()) -> ParsedDocument:
        if not self.has_text:
            raise fail(path, "no_text")
        self.flush()
        props = {k: clean_line(v) for k, v in (properties or {}).items() if v and clean_line(v)}
        return ParsedDocument(path=str(path), file_format=file_format, sections=self.sections,
                              page_count=page_count, properties=props, ocr_pages=sorted(set(ocr_pages)))


def rows_from_html(table_html: str) -> list[list[str]]:
    """Rows of an HTML table (``<tr>`` → cells of ``<th>``/``<td>``), nested tables flattened into text."""
    from lxml import html as lxml_html

    root = lxml_html.fragment_fromstring(table_html, create_parent="div")
    rows = []
    for tr in root.iter("tr"):
        cells = [cell.text_content() for cell in tr if cell.tag in ("td", "th")]
        if any(c.strip() for c in cells):
            rows.append(cells)
    return rows
