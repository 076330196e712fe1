"""DOCX (python-docx), PPTX (python-pptx) and XLSX (openpyxl) writers with real tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from corpus.source import Paragraph, SourceDoc, Table
from corpus.writers.common import GENERATOR, fixed_time, heading_level, normalise_zip, padded

MAX_SHEET_TITLE = 31  # Excel's limit on a sheet name


def write_docx(doc: SourceDoc, path: Path) -> None:
    from docx import Document

    document = Document()
    _core_properties(document.core_properties, doc)
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            for line in block.lines:
                level = heading_level(doc, line)
                document.add_heading(line, level) if level else document.add_paragraph(line)
        else:
            _docx_table(document, block)
    document.save(str(path))
    normalise_zip(path, fixed_time(doc))


def _core_properties(props: Any, doc: SourceDoc) -> None:
    """Office core properties (DOCX and PPTX share the schema): fixed, so builds are byte-identical."""
    props.title = doc.title
    props.author = props.last_modified_by = doc.front.get("department", "")
    props.subject = doc.front.get("type", "")
    props.comments = GENERATOR
    props.created = props.modified = fixed_time(doc)
    props.revision = 1


def _docx_table(document: Any, block: Table) -> None:
    ncols = max(len(r) for r in block.rows)
    table = document.add_table(rows=len(block.rows), cols=ncols)
    table.style = "Table Grid"
    for r, row in enumerate(block.rows):
        for c, text in enumerate(padded(row, ncols)):
            cell = table.cell(r, c)
            cell.text = text
            if r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    document.add_paragraph("")


def write_pptx(doc: SourceDoc, path: Path) -> None:
    """One slide per block: a text block in a text box (a ``□``/headline first line becomes the slide
    title), a table block as a PowerPoint table."""
    from pptx import Presentation
    from pptx.util import Emu

    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(12192000), Emu(6858000)  # 16:9
    _core_properties(deck.core_properties, doc)
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            _text_slide(deck, doc, block)
        else:
            _table_slide(deck, block)
    deck.save(str(path))
    normalise_zip(path, fixed_time(doc))


def _text_slide(deck: Any, doc: SourceDoc, block: Paragraph) -> None:
    from pptx.util import Emu, Pt

    lines = list(block.lines)
    titled = len(lines) > 1 and heading_level(doc, lines[0]) > 0
    slide = deck.slides.add_slide(deck.slide_layouts[5 if titled else 6])  # title only / blank
    top = Emu(457200)
    if titled:
        slide.shapes.title.text = lines.pop(0)
        top = Emu(1600200)
    box = slide.shapes.add_textbox(Emu(457200), top, deck.slide_width - Emu(914400), Emu(4572000))
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.text = line
        para.font.size = Pt(16)


def _table_slide(deck: Any, block: Table) -> None:
    from pptx.util import Emu, Pt

    slide = deck.slides.add_slide(deck.slide_layouts[6])
    ncols = max(len(r) for r in block.rows)
    width = deck.slide_width - Emu(914400)
    shape = slide.shapes.add_table(len(block.rows), ncols, Emu(457200), Emu(457200), width,
                                   Emu(370840 * len(block.rows)))
    for r, row in enumerate(block.rows):
        for c, text in enumerate(padded(row, ncols)):
            cell = shape.table.cell(r, c)
            cell.text = text
            cell.text_frame.paragraphs[0].font.size = Pt(14)


def write_xlsx(doc: SourceDoc, path: Path) -> None:
    """Prose lines on a first sheet ("본문", one line per row, a blank row between paragraphs); each
    table on its own sheet ("표 1", "표 2", …)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    prose = book.active
    prose.title = "본문"
    prose.column_dimensions["A"].width = 120
    tables = 0
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if prose.max_row > 1 or prose["A1"].value is not None:
                prose.append([])
            for line in block.lines:
                prose.append([line])
        else:
            tables += 1
            sheet = book.create_sheet(f"표 {tables}"[:MAX_SHEET_TITLE])
            for row in block.rows:
                sheet.append(list(row))
            for cell in sheet[1]:
                cell.font = Font(bold=True)
    props = book.properties
    props.title, props.creator = doc.title, doc.front.get("department", "")
    props.created = props.modified = fixed_time(doc)
    book.save(str(path))
    normalise_zip(path, fixed_time(doc))
