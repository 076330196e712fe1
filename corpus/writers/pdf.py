"""PDF through reportlab with its built-in CID Korean fonts (no font files: viewers supply the glyphs).

Layout choices serve text extraction: a line's leading is small compared with the gap after a
paragraph, so pdfminer keeps the wrapped lines of one paragraph in one text box and starts a new box
for the next; a paragraph is never split across pages; table cells have room on both sides so that
neighbouring cells never merge into one text line.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from corpus.source import Paragraph, SourceDoc, Table
from corpus.writers.common import GENERATOR, heading_level, padded

BODY_FONT = "HYSMyeongJo-Medium"
HEAD_FONT = "HYGothic-Medium"
# Characters whose Unicode code does not survive the UniKS-UCS2-H CMap and back through pdfminer
# (checked by drawing every non-Hangul character of the corpus): U+00B7 is not in the CMap, but the
# same glyph is reached through U+30FB and pdfminer maps it back to U+00B7.
CID_SUBSTITUTES = {"·": "・"}
# Characters the Korean CID fonts lack entirely are drawn with a standard Latin font.
LATIN_FALLBACK = frozenset("–—€")
CELL_SIZE = 9
CELL_PADDING = 8  # points each side: neighbouring cells stay apart even when the text fills the cell


@lru_cache(maxsize=1)
def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    for name in (BODY_FONT, HEAD_FONT):
        pdfmetrics.registerFont(UnicodeCIDFont(name))
    return {
        "body": ParagraphStyle("body", fontName=BODY_FONT, fontSize=10.5, leading=14, spaceAfter=9),
        "h1": ParagraphStyle("h1", fontName=HEAD_FONT, fontSize=16, leading=21, spaceBefore=4, spaceAfter=12),
        "h2": ParagraphStyle("h2", fontName=HEAD_FONT, fontSize=13.5, leading=18, spaceBefore=8, spaceAfter=9),
        "h3": ParagraphStyle("h3", fontName=HEAD_FONT, fontSize=12, leading=16, spaceBefore=4, spaceAfter=8),
        "cell": ParagraphStyle("cell", fontName=BODY_FONT, fontSize=CELL_SIZE, leading=12),
        "head_cell": ParagraphStyle("head_cell", fontName=HEAD_FONT, fontSize=CELL_SIZE, leading=12),
    }


def markup(text: str) -> str:
    """Escape for reportlab's paragraph markup and route characters the CID font cannot carry."""
    out = []
    for ch in text:
        if ch in LATIN_FALLBACK:
            out.append(f'<font name="Helvetica">{escape(ch)}</font>')
        else:
            out.append(escape(CID_SUBSTITUTES.get(ch, ch)))
    # Paragraph markup collapses runs of spaces; a no-break space keeps the second one visible.
    return "".join(out).replace("  ", " &nbsp;")


def _paragraphs(doc: SourceDoc, block: Paragraph) -> list[Any]:
    from reportlab.platypus import KeepTogether
    from reportlab.platypus import Paragraph as RLParagraph

    styles = _styles()
    out = []
    for line in block.lines:
        style = {1: styles["h1"], 2: styles["h2"], 3: styles["h3"]}.get(heading_level(doc, line), styles["body"])
        out.append(KeepTogether([RLParagraph(markup(line), style)]))
    return out


def _table(block: Table, width: float) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import Spacer, TableStyle
    from reportlab.platypus import Table as RLTable

    styles = _styles()
    ncols = max(len(r) for r in block.rows)
    cells = [[RLParagraph(markup(c), styles["head_cell" if i == 0 else "cell"]) for c in padded(row, ncols)]
             for i, row in enumerate(block.rows)]
    table = RLTable(cells, colWidths=_column_widths(block.rows, width), repeatRows=0)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF6")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]))
    return [table, Spacer(1, 10)]


def _column_widths(rows: tuple[tuple[str, ...], ...], total: float) -> list[float]:
    """Every column at least as wide as its longest word (so no word is cut: a cut word would come
    back with a space in it), the rest of the width shared by how much more each column wants."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    ncols = max(len(r) for r in rows)
    columns = [[padded(r, ncols)[i] for r in rows] for i in range(ncols)]
    extra = 2 * CELL_PADDING + 6  # a little more than the padding: rounding must never force a wrap

    def width(text: str) -> float:
        return max(stringWidth(text, font, CELL_SIZE) for font in (BODY_FONT, HEAD_FONT)) + extra

    mins = [max(width(w) for cell in col for w in [*cell.split(), ""]) for col in columns]
    wants = [max(width(cell) for cell in col) for col in columns]
    slack = total - sum(mins)
    need = [max(w - m, 0.0) for w, m in zip(wants, mins, strict=True)]
    if slack <= 0:
        return mins
    if sum(need) <= slack:
        spare = (slack - sum(need)) / ncols
        return [m + n + spare for m, n in zip(mins, need, strict=True)]
    return [m + slack * n / sum(need) for m, n in zip(mins, need, strict=True)]


def _page_number(canvas: Any, doc: Any) -> None:
    canvas.setFont("Helvetica", 9)
    canvas.drawCentredString(doc.pagesize[0] / 2, 28, f"- {doc.page} -")


def write_pdf(doc: SourceDoc, path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    template = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=22 * mm,
        bottomMargin=22 * mm, title=doc.title, author=doc.front.get("department", ""),
        creator=GENERATOR, subject=doc.front.get("type", ""), invariant=1,
    )
    story: list[Any] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            story += _paragraphs(doc, block)
        else:
            story += _table(block, template.width)
    template.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
