"""PDF through pdfminer.six layout analysis (the engine of unstructured's ``strategy="fast"``).

unstructured's ``partition_pdf`` is not used: in 0.27 it imports its ``[pdf]`` extra (pi_heif,
unstructured-inference) at module load, and that extra pulls a CUDA build of torch. Its fast strategy
would only hand back pdfminer's text boxes anyway, without table rows or font sizes.

What we add on top of pdfminer's text boxes:

- a box's wrapped lines are joined with a space (Korean wraps between words), but a line that starts
  with an outline mark, or follows a line ending well before the right edge, starts a new line;
- boxes side by side (their vertical extents overlap) form a table row: cells joined by `` | ``;
  a text line crossing a vertical ruling line is first cut there (two cells pdfminer merged);
- a box printed clearly larger than the body text is a heading;
- a bare page number at the top or bottom of a page is dropped.
"""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path
from typing import Any

from core.types import ParsedDocument
from ingest.parsers.common import PAGE_NUMBER, SectionBuilder, clean_line, fail
from ingest.parsers.pdf_grid import Rulings, TextBox, cut_line, merge_cells, page_rulings

SCANNED = "텍스트 층이 없는 PDF입니다(스캔 문서). OCR이 필요합니다"
NO_OCR = SCANNED + " — 서버에 tesseract-ocr와 tesseract-ocr-kor를 설치하면 읽습니다"
OCR_EMPTY = "텍스트 층이 없는 PDF(스캔 문서)인데 OCR로도 글자를 읽지 못했습니다"
HEADING_RATIO = 1.15  # a heading's characters are at least this much larger than the body's
ROW_OVERLAP = 0.3  # boxes whose vertical extents overlap this much (of the smaller) share a row
_LINE_STARTS = ("□", "○", "-", "※", "•", "·", "▪", "◦", "ㅇ", "*")


def parse_pdf(path: Path) -> ParsedDocument:
    pages, info = _layout(path)
    body_size = _body_size(pages)
    laid_out = [_rows(_boxes(page)) for page in pages]
    if not any(laid_out):
        return _scanned(path, len(pages), info)
    attachments = _scanned_pages(path, [i for i, bands in enumerate(laid_out) if not bands])
    builder = SectionBuilder()
    for number, bands in enumerate(laid_out, start=1):
        builder.set_page(number)
        for line in attachments.get(number - 1, []):
            builder.add(line)
        for band in bands:
            if len(band) > 1:
                builder.add_rows([[" ".join(b.lines) for b in band]])
                continue
            box = band[0]
            heading = body_size > 0 and box.size >= body_size * HEADING_RATIO and len(box.lines) <= 3
            for line in box.lines if not heading else [" ".join(box.lines)]:
                builder.add(line, heading=heading)
    if not builder.has_text:
        return _scanned(path, len(pages), info)
    return builder.build(path, "pdf", page_count=len(pages), properties=info,
                         ocr_pages=[index + 1 for index, lines in attachments.items() if lines])


def _scanned_pages(path: Path, indices: list[int]) -> dict[int, list[str]]:
    """The lines OCR reads on the pages of a typed PDF that have no text layer (a scanned attachment), when
    Tesseract is installed. A page is kept only when it reads as text: such a page is as often a photo or a
    chart, and OCR turns those into noise."""
    from ingest.parsers.ocr import looks_like_text, ocr_available, ocr_lines, ocr_pdf_pages

    if not indices or not ocr_available():
        return {}
    read = zip(indices, ocr_pdf_pages(path, indices), strict=True)
    return {index: ocr_lines(text) for index, text in read if looks_like_text(text)}


def _scanned(path: Path, page_count: int, info: dict[str, str]) -> ParsedDocument:
    """A PDF without a text layer, read by OCR page by page (``ingest.parsers.ocr``) when Tesseract is
    installed; refused, saying what to install, when it is not."""
    from ingest.parsers.ocr import ocr_available, ocr_lines, ocr_pdf_pages

    if not ocr_available():
        raise fail(path, "no_text", message=NO_OCR)
    builder, read = SectionBuilder(), []
    for number, text in enumerate(ocr_pdf_pages(path), start=1):
        builder.set_page(number)
        lines = ocr_lines(text)
        read += [number] if lines else []
        for line in lines:
            builder.add(line)
    if not builder.has_text:
        raise fail(path, "no_text", message=OCR_EMPTY)
    return builder.build(path, "pdf", page_count=page_count, properties=info, ocr_pages=read)


def _layout(path: Path) -> tuple[list[Any], dict[str, str]]:
    """pdfminer page layouts and document-info title; maps pdfminer failures to our reasons."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    with path.open("rb") as handle:
        try:
            document = PDFDocument(PDFParser(handle))
            manager = PDFResourceManager(caching=True)
            device = PDFPageAggregator(manager, laparams=LAParams())
            interpreter = PDFPageInterpreter(manager, device)
            layouts = []
            for page in PDFPage.create_pages(document):
                interpreter.process_page(page)
                layouts.append(device.get_result())
        except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
            raise fail(path, "encrypted") from exc
        except Exception as exc:  # pdfminer raises many unrelated types on damaged files
            raise fail(path, "corrupt", type(exc).__name__) from exc
        if not layouts:
            raise fail(path, "corrupt", "페이지가 없습니다")
        return layouts, _info(document)


def _info(document: Any) -> dict[str, str]:
    for info in getattr(document, "info", []) or []:
        raw = info.get("Title")
        if isinstance(raw, bytes):
            # PDF text strings are UTF-16BE with a BOM, or PDFDocEncoding (close to Latin-1).
            title = raw[2:].decode("utf-16-be", "replace") if raw[:2] == b"\xfe\xff" else raw.decode("latin-1")
            return {"title": title}
        if isinstance(raw, str):
            return {"title": raw}
    return {}


def _body_size(pages: list[Any]) -> float:
    """The most common character size of the document (weighted by characters)."""
    from pdfminer.layout import LTChar

    sizes: Counter[float] = Counter()
    for page in pages:
        for obj in _walk(page):
            if isinstance(obj, LTChar):
                sizes[round(obj.size, 1)] += 1
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _walk(container: Any) -> Any:
    for obj in container:
        yield obj
        if hasattr(obj, "__iter__") and not isinstance(obj, str):
            yield from _walk(obj)


def _boxes(page: Any) -> list[TextBox]:
    from pdfminer.layout import LTTextBox

    rulings = page_rulings(page)
    boxes: list[TextBox] = []
    for obj in page:
        if isinstance(obj, LTTextBox):
            boxes.extend(_split_box(obj, rulings))
    return merge_cells([b for b in boxes if any(line.strip() for line in b.lines)], rulings)


def _split_box(box: Any, rulings: Rulings) -> list[TextBox]:
    """One pdfminer box → one TextBox per column when ruling lines cut through its lines."""
    columns: dict[int, list[tuple[Any, str, float, float]]] = {}
    for line in box:
        cuts = rulings.cuts(line)
        for piece, x0, x1 in cut_line(line, cuts):
            column = sum(1 for x in cuts if x < x0)
            columns.setdefault(column, []).append((line, piece, x0, x1))
    return [_make_box(parts) for _, parts in sorted(columns.items())]


def _make_box(parts: list[tuple[Any, str, float, float]]) -> TextBox:
    from pdfminer.layout import LTChar

    lines = [line for line, _, _, _ in parts]
    sizes = [c.size for line in lines for c in line if isinstance(c, LTChar)]
    x0, x1 = min(p[2] for p in parts), max(p[3] for p in parts)
    size = statistics.median(sizes) if sizes else 0.0
    return TextBox(_join_lines([(clean_line(t), a, b) for _, t, a, b in parts], x1, size),
                   x0, min(ln.y0 for ln in lines), x1, max(ln.y1 for ln in lines), size)


def _join_lines(lines: list[tuple[str, float, float]], right: float, size: float) -> list[str]:
    """Re-join wrapped lines; keep a break before an outline mark or after a line that ended early."""
    lines = [line for line in lines if line[0]]
    out: list[str] = []
    for i, (text, _, _) in enumerate(lines):
        if out and not _ended(lines[i - 1], text, right, size) and not text.startswith(_LINE_STARTS):
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
    return out


def _ended(previous: tuple[str, float, float], next_text: str, right: float, size: float) -> bool:
    """A line ended its paragraph when the room left at its end would clearly have held the next
    line's first word (the usual reflow test); otherwise the word processor wrapped it there.
    Hangul and CJK characters are about one em wide, others about half (estimate, no font metrics)."""
    first_word = next_text.split(" ", 1)[0]
    word = sum(size if ord(ch) >= 0x2E80 else 0.55 * size for ch in first_word)
    return right - previous[2] > word + size


def _rows(boxes: list[TextBox]) -> list[list[TextBox]]:
    """Group boxes into bands top to bottom; a band with several boxes is a table row (left to right).
    A bare page number at the very top or bottom is dropped."""
    bands: list[list[TextBox]] = []
    for box in sorted(boxes, key=lambda b: -b.top):
        band = bands[-1] if bands else None
        if band and _overlap(band, box):
            band.append(box)
        else:
            bands.append([box])
    for i in (-1, 0):
        if bands and len(bands[i]) == 1 and PAGE_NUMBER.match(bands[i][0].text.strip()):
            bands.pop(i)
    return [sorted(band, key=lambda b: b.x0) for band in bands]


def _overlap(band: list[TextBox], box: TextBox) -> bool:
    low, high = min(b.bottom for b in band), max(b.top for b in band)
    shared = min(high, box.top) - max(low, box.bottom)
    smallest = min(box.top - box.bottom, min(b.top - b.bottom for b in band))
    return shared > ROW_OVERLAP * max(smallest, 1.0)
