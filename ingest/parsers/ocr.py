"""OCR for scanned PDFs (pages with no text layer) and image files through Debian's Tesseract with its Korean model.

A city's archive holds scans: old approvals, signed plans, faxed notices. pdfminer finds no text in them,
so each page is rendered (pypdfium2, bundled PDFium) and read by Tesseract. Tesseract is a system package
(``apt-get install tesseract-ocr tesseract-ocr-kor``), not a Python one; without it a scan is refused as
before, with a message saying what to install. The language set, page segmentation and resolution were
chosen on the corpus's own pages (``python benchmarks/ocr.py``; README, "Ingestion").
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.parsers.common import PAGE_NUMBER

if TYPE_CHECKING:
    from PIL.Image import Image

# Korean alone: with the English model beside it Tesseract reads some Korean words as Latin capitals ("원을"
# → "AS"), which costs more than the Latin it then reads right (character error rate 0.053 against 0.034 on
# the corpus's pages; README, "Ingestion").
LANGUAGES = "kor"
# One OpenMP thread: on 2 cores Tesseract's threads contend and a page takes 5× longer (6.3 s against 1.2 s).
_ENV = {"OMP_THREAD_LIMIT": "1"}
DPI = 200
PAGE_SEGMENTATION = 4  # a column of lines of varied sizes: a table row stays one line (README, "Ingestion")
TIMEOUT_SECONDS = 120  # one page; a page that takes longer is left out, not the whole file
# Tesseract reads the outline marks of Korean documents as Latin letters, digits or a Hangul syllable at a
# line's start: "○" as "O", "0", "Oo", "()", "(>"; "□" as "ㅁ", "口", "CL]", "디". Put back when a space
# follows.
_MARKS = ((re.compile(r"^(?:O|0|o|Oo|\(\)|\(>|©)\s+"), "○ "), (re.compile(r"^(?:ㅁ|口|O\]|CL\]|C\]|디|\[\])\s+"), "□ "))


@functools.lru_cache(maxsize=1)
def ocr_available() -> bool:
    """Whether a ``tesseract`` with the Korean model is installed."""
    binary = shutil.which("tesseract")
    if binary is None:
        return False
    try:
        listed = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return "kor" in listed.stdout.split()


def ocr_pdf_pages(path: Path, indices: Iterable[int] | None = None, *, dpi: int = DPI,
                  psm: int = PAGE_SEGMENTATION) -> Iterator[str]:
    """The text of each page of a PDF (or of the 0-based ``indices``), read by Tesseract from the page
    rendered at ``dpi``; the file is opened once."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(document)) if indices is None else indices:
            page = document[index]
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            page.close()
            yield ocr_image(image, psm=psm)
    finally:
        document.close()


def looks_like_text(text: str, min_syllables: int = 20, min_share: float = 0.5) -> bool:
    """Whether OCR output reads as Korean text: at least ``min_syllables`` Hangul syllables, and they make up
    ``min_share`` of its non-space characters. A photo gives scattered letters, digits and marks."""
    chars = [ch for ch in text if not ch.isspace()]
    syllables = sum("가" <= ch <= "힣" for ch in chars)
    return syllables >= min_syllables and syllables >= min_share * len(chars)


def ocr_image(image: Image, *, psm: int = PAGE_SEGMENTATION, marks: bool = True,
              languages: str = LANGUAGES, dpi: int = DPI) -> str:
    """Tesseract's text of one page image scanned at ``dpi``, outline marks restored unless ``marks`` is
    False; empty if Tesseract failed or timed out."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    command = ["tesseract", "stdin", "stdout", "-l", languages, "--psm", str(psm), "--dpi", str(dpi)]
    try:
        done = subprocess.run(command, input=buffer.getvalue(), capture_output=True, timeout=TIMEOUT_SECONDS,
                              check=False, env={**os.environ, **_ENV})
    except subprocess.TimeoutExpired:
        return ""
    if done.returncode != 0:
        return ""
    text = done.stdout.decode("utf-8", errors="replace")
    return restore_marks(text) if marks else text


def restore_marks(text: str) -> str:
    """Outline marks Tesseract misread at line starts, put back: "O 사업비 …" → "○ 사업비 …"."""
    lines = []
    for line in text.splitlines():
        for pattern, mark in _MARKS:
            line = pattern.sub(mark, line.strip(), count=1)
        lines.append(line)
    return "\n".join(lines)


_LINE_STARTS = ("□", "○", "-", "※", "•", "·", "▪", "◦", "ㅇ", "*", "Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ")
_NUMBERED = re.compile(r"^(?:\d{1,2}|[가-하])[.)]\s")
_SENTENCE_END = re.compile(r"(?:[.:?!)」』]|[다음함임됨])$")


def ocr_lines(text: str) -> list[str]:
    """A page's OCR text as lines: wrapped sentences joined, a bare page number dropped."""
    return [line for line in unwrapped_lines(text) if not PAGE_NUMBER.fullmatch(line)]


def unwrapped_lines(text: str) -> list[str]:
    """A page's OCR lines with wrapped sentences joined: a line continues the one before unless it opens an
    item (an outline mark, "1.", "가.") or the one before ends a sentence or stops well short of the page's
    longest line. Korean wraps between words, so the join is a space (the text layer's rule, by length)."""
    lines = [line.strip() for line in text.splitlines()]
    width = max((len(line) for line in lines), default=0)
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        if line and previous and not line.startswith(_LINE_STARTS) and not _NUMBERED.match(line) \
                and not _SENTENCE_END.search(previous) and len(previous) >= 0.75 * width:
            out[-1] = f"{previous} {line}"
        else:
            out.append(line)
    return [line for line in out if line]
