"""Document parsers: ``parse_file(path)`` → :class:`ParsedDocument` for every supported format.

The real format is sniffed from the content (see :mod:`ingest.parsers.sniff`), and the file is parsed
as what it *is*: a ``.docx`` that is really a PDF is read as a PDF (``file_format="pdf"``), because
users rename files and web downloads get the wrong extension. Only a file whose name promises a
document and whose content is none of ours is rejected (``unsupported``). Text formats (txt, md, html)
are accepted only under a text extension, so that source code or CSV dropped in the folder is not
ingested as prose.

Every failure is a :class:`core.errors.ParseError` with a Korean message naming the file and one of
the reasons ``unsupported``, ``empty``, ``corrupt``, ``encrypted``, ``too_large``, ``no_text``.
Parsers import their libraries lazily: importing this package is cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from core.errors import ParseError
from core.types import ParsedDocument
from ingest.parsers.common import fail, nfc

__all__ = ["DOCUMENT_FORMATS", "SUPPORTED_LABEL", "SUPPORTED_SUFFIXES", "parse_file"]

# A page scanned or photographed into an image file, read by OCR (``ingest.parsers.image``).
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"})
SUPPORTED_SUFFIXES: frozenset[str] = frozenset({
    ".hwp", ".hwpx", ".pdf", ".docx", ".pptx", ".xlsx", ".html", ".htm", ".md", ".markdown", ".txt",
}) | IMAGE_SUFFIXES
TEXT_SUFFIXES = frozenset({".html", ".htm", ".md", ".markdown", ".txt"})
DOCUMENT_FORMATS = ("hwp", "hwpx", "pdf", "docx", "pptx", "xlsx", "html", "md", "txt", "image")
# What an error or the upload form tells a user we read.
SUPPORTED_LABEL = "HWP, HWPX, PDF, DOCX, PPTX, XLSX, HTML, MD, TXT, 스캔 그림(PNG·JPG·TIFF·BMP, OCR)"


def parse_file(path: Path, *, max_bytes: int | None = None) -> ParsedDocument:
    """Parse one document; raises :class:`ParseError` (Korean message, ``reason``) when it cannot."""
    path = Path(path)
    _check_size(path, max_bytes)
    from ingest.parsers.sniff import sniff

    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise fail(path, "unsupported", _supported_hint(suffix))
    found = sniff(path, max_bytes)
    if found.text is not None and suffix not in TEXT_SUFFIXES:
        raise fail(path, "unsupported", f"{suffix} 확장자지만 내용은 일반 텍스트입니다")
    try:
        parsed = _PARSERS[found.format](path, found.text)
    except ParseError:
        raise
    except Exception as exc:  # a library choked on a damaged file: report it, never crash ingestion
        raise fail(path, "corrupt", f"{type(exc).__name__}: {str(exc)[:120]}") from exc
    return _normalised(parsed)


def _check_size(path: Path, max_bytes: int | None) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise fail(path, "corrupt", message="파일을 찾을 수 없습니다") from exc
    if size == 0:
        raise fail(path, "empty", "0바이트")
    if max_bytes is not None and size > max_bytes:
        raise fail(path, "too_large", f"{_megabytes(size)} > 허용 {_megabytes(max_bytes)}")


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}MB"


# What to do with files a city office often has but we do not read: the error says it, not only "unsupported".
_ADVICE = {
    **dict.fromkeys((".doc", ".ppt", ".xls"), "구형 MS 오피스 문서입니다. DOCX·PPTX·XLSX로 다시 저장해 올려 주세요"),
    **dict.fromkeys((".zip", ".7z", ".egg", ".alz"), "압축 파일입니다. 압축을 풀어 문서를 올려 주세요"),
    **dict.fromkeys((".gif", ".webp", ".heic"), "이 그림 형식은 읽지 않습니다. 스캔한 문서는 PDF·PNG·JPG·TIFF로 올려 주세요"),
    **dict.fromkeys((".hwt", ".hml"), "한글 서식·HML 파일입니다. 한글에서 HWP나 HWPX로 저장해 올려 주세요"),
}


def _supported_hint(suffix: str) -> str:
    shown = suffix or "확장자 없음"
    advice = f" — {_ADVICE[suffix]}" if suffix in _ADVICE else ""
    return f"{shown}; 지원 형식: {SUPPORTED_LABEL}{advice}"


def _normalised(parsed: ParsedDocument) -> ParsedDocument:
    """Every parser already emits NFC; this guarantees it for the whole document in one place."""
    sections = [s.model_copy(update={"text": nfc(s.text), "heading": nfc(s.heading) if s.heading else None})
                for s in parsed.sections]
    return parsed.model_copy(update={"sections": sections})


def _pdf(path: Path, text: str | None) -> ParsedDocument:
    from ingest.parsers.pdf import parse_pdf

    return parse_pdf(path)


def _hwp(path: Path, text: str | None) -> ParsedDocument:
    from ingest.parsers.hangul import parse_hangul

    return parse_hangul(path, "hwp")


def _hwpx(path: Path, text: str | None) -> ParsedDocument:
    from ingest.parsers.hangul import parse_hangul

    return parse_hangul(path, "hwpx")


def _docx(path: Path, text: str | None) -> ParsedDocument:
    from ingest.parsers.elements import parse_docx

    return parse_docx(path)


def _pptx(path: Path, text: str | None) -> ParsedDocument:
    from ingest.parsers.elements import parse_pptx

    return parse_pptx(path)


def _xlsx(path: Path, text: str | None) -> ParsedDocument:
    from ingest.parsers.xlsx import parse_xlsx

    return parse_xlsx(path)


def _html(path: Path, text: str | None) -> ParsedDocument:
    from ingest.parsers.elements import parse_html

    return parse_html(path, text or "")


def _md(path: Path, text: str | None) -> ParsedDocument:
    from ingest.parsers.text import parse_text

    return parse_text(path, text or "", "md")


def _txt(path: Path, text: str | None) -> ParsedDocument:
    from ingest.parsers.text import parse_text

    return parse_text(path, text or "", "txt")


def _image(path: Path, text: str | None) -> ParsedDocument:
    from ingest.parsers.image import parse_image

    return parse_image(path)


_PARSERS: dict[str, Callable[[Path, str | None], ParsedDocument]] = {
    "pdf": _pdf, "hwp": _hwp, "hwpx": _hwpx, "docx": _docx, "pptx": _pptx, "xlsx": _xlsx,
    "html": _html, "md": _md, "txt": _txt, "image": _image,
}
