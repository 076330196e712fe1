"""Image files — a page scanned or photographed and saved as PNG, JPEG, TIFF or BMP — read by OCR.

A city's archive keeps scans as images as often as PDFs: a signed approval saved by the copier as JPEG, a
faxed notice as a multi-page TIFF. Each frame is one page, turned upright by its EXIF orientation (a phone
photo stores it there) and read by the same Tesseract path as a scanned PDF (``ingest.parsers.ocr``).
A frame is kept only when its text reads as Korean (``looks_like_text``): an event photo or a chart saved
in the same folder gives scattered letters, and it is refused, saying so, instead of being stored as noise.
"""

from __future__ import annotations

from pathlib import Path

from core.types import ParsedDocument
from ingest.parsers.common import SectionBuilder, fail
from ingest.parsers.ocr import DPI

NO_OCR = "그림 파일(스캔 이미지)입니다. OCR이 필요합니다 — 서버에 tesseract-ocr와 tesseract-ocr-kor를 설치하면 읽습니다"
NO_TEXT = ("그림에서 문서의 글자를 읽지 못했습니다(사진이나 도표로 보입니다). "
           "문서를 스캔한 그림이라면 더 선명하게(200dpi 이상) 스캔해 올려 주세요")
MAX_FRAMES = 300  # a fax TIFF has a few pages; a frame past this is not read (about 6 minutes of OCR)


def parse_image(path: Path) -> ParsedDocument:
    """The text of each frame of an image file, read by OCR; page n is frame n."""
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    from ingest.parsers.ocr import looks_like_text, ocr_available, ocr_image, ocr_lines

    if not ocr_available():
        raise fail(path, "no_text", message=NO_OCR)
    builder, read, frames = SectionBuilder(), [], 0
    try:
        with Image.open(path) as image:
            dpi = _dpi(image.info.get("dpi"))
            for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                if number > MAX_FRAMES:
                    break
                frames = number
                page = ImageOps.exif_transpose(frame.convert("L"))
                text = ocr_image(page, dpi=dpi)
                if looks_like_text(text):
                    builder.set_page(number)
                    read.append(number)
                    for line in ocr_lines(text):
                        builder.add(line)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        # PIL raises SyntaxError for some malformed headers (its PNG and TIFF plug-ins do).
        raise fail(path, "corrupt", f"그림 파일 오류: {type(exc).__name__}") from exc
    if not read:
        raise fail(path, "no_text", message=NO_TEXT)
    return builder.build(path, "image", page_count=frames, ocr_pages=read)


def _dpi(value: object) -> int:
    """The resolution the file records (a scanner writes it), else the rendering DPI of scanned PDFs. A
    phone photo records 72, which says nothing about the page; Tesseract is told the default then."""
    if isinstance(value, tuple) and value and isinstance(value[0], (int, float)) and 100 <= value[0] <= 1200:
        return round(value[0])
    return DPI
