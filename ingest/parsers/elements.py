"""DOCX, PPTX and HTML through ``unstructured``: its elements become located sections.

Tables come from each Table element's ``text_as_html`` (one row per line, cells joined by `` | ``),
headings from Title elements (heading styles in DOCX, h1–h6 in HTML, the title placeholder in PPTX),
pages from ``page_number`` (PPTX slide number; DOCX only when the file records page breaks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from core.types import ParsedDocument
from ingest.parsers.common import SectionBuilder, rows_from_html
from ingest.parsers.unstructured_env import prepare_unstructured

# Elements that are page furniture rather than content.
_SKIP = frozenset({"PageBreak", "Header", "Footer", "PageNumber", "Image", "Figure"})
_LIST_MARKS = ("○", "-", "※", "•", "·", "◦", "▪")


def _styled_heading(element: Any) -> bool:
    # DOCX and HTML Title elements come from heading styles / h-tags (checked on the corpus: every one
    # was a real heading); a list mark at the start means a mis-classified list item.
    return bool(element.category == "Title" and not element.text.lstrip().startswith(_LIST_MARKS))


def _slide_title(element: Any) -> bool:
    # In PPTX, unstructured also labels short body lines "Title" (depth 1); the title placeholder's
    # paragraphs are the ones at depth 0.
    return _styled_heading(element) and element.metadata.category_depth == 0


def elements_to_document(path: Path, file_format: str, elements: Iterable[Any],
                         is_heading: Callable[[Any], bool], *, page_count: int | None = None,
                         properties: dict[str, str] | None = None) -> ParsedDocument:
    builder = SectionBuilder()
    for element in elements:
        if element.category in _SKIP:
            continue
        builder.set_page(element.metadata.page_number)
        if element.category == "Table":
            table_html = element.metadata.text_as_html
            builder.add_rows(rows_from_html(table_html) if table_html else [[element.text]])
        else:
            for line in element.text.split("\n"):
                builder.add(line, heading=is_heading(element))
    return builder.build(path, file_format, page_count=page_count, properties=properties)


def parse_docx(path: Path) -> ParsedDocument:
    prepare_unstructured()
    from docx import Document
    from unstructured.partition.docx import partition_docx

    elements = partition_docx(filename=str(path), infer_table_structure=True)
    title = Document(str(path)).core_properties.title or ""
    return elements_to_document(path, "docx", elements, _styled_heading, properties={"title": title})


def parse_pptx(path: Path) -> ParsedDocument:
    prepare_unstructured()
    from pptx import Presentation
    from unstructured.partition.pptx import partition_pptx

    elements = partition_pptx(filename=str(path), infer_table_structure=True)
    deck = Presentation(str(path))
    return elements_to_document(path, "pptx", elements, _slide_title, page_count=len(deck.slides),
                                properties={"title": deck.core_properties.title or ""})


def parse_html(path: Path, text: str) -> ParsedDocument:
    """``text`` is the decoded page (the dispatcher already sniffed its encoding)."""
    prepare_unstructured()
    from unstructured.partition.html import partition_html

    elements = partition_html(text=text)
    return elements_to_document(path, "html", elements, _styled_heading,
                                properties={"title": _html_title(text)})


def _html_title(text: str) -> str:
    from lxml import html as lxml_html

    try:
        titles = lxml_html.fromstring(text.encode("utf-8")).xpath("//title/text()")
    except (ValueError, SyntaxError):
        return ""
    # A site usually appends its own name: "기사 제목 | 한빛광역시".
    return titles[0].split(" | ")[0].strip() if titles else ""
