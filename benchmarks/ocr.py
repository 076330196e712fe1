"""How well the OCR path reads scanned pages (not a test): the bundled corpus's PDFs rendered to images
and read back by Tesseract, against their own text layer.

    python benchmarks/ocr.py [--psm 3 4 6] [--dpi 200 300] [--lang kor kor+eng] [--degrade] [--raw] [--limit N]
                             [--jpeg QUALITY]

For each setting: character error rate (Levenshtein distance over the text with spaces and table bars
removed, divided by the text layer's length), the share of the text layer's figures (amounts, counts,
dates …) that the OCR text states, and seconds per page. ``--degrade`` reads each page as a scanner gives it
(rotated 0.6°, blurred, speckled) instead of the clean render; ``--raw`` leaves the outline marks as
Tesseract read them. ``--jpeg`` saves each page as a JPEG of that quality (what a copier's scan-to-email or
a phone gives) and reads it as an uploaded image file is read (``ingest.parsers.image``: a page kept only when
its text reads as Korean), instead of calling Tesseract on the render. Needs ``tesseract`` with the ``kor`` model (``apt-get install tesseract-ocr
tesseract-ocr-kor``).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def pages_of(path: Path, dpi: int, degrade: bool) -> list[Any]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    images = [document[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(document))]
    document.close()
    return [scanned(image, seed=i) for i, image in enumerate(images)] if degrade else images


def scanned(image: Any, seed: int) -> Any:
    """A page as a flatbed scanner returns it: slightly rotated, soft, with specks of dust."""
    from PIL import ImageFilter

    page = image.rotate(0.6, fillcolor=255, expand=False).filter(ImageFilter.GaussianBlur(0.8))
    pixels = page.load()
    rng = random.Random(seed)
    for _ in range(page.width * page.height // 2000):
        pixels[rng.randrange(page.width), rng.randrange(page.height)] = rng.choice((0, 96, 160))
    return page


def as_image_file(image: Any, dpi: int, quality: int) -> str:
    """A page saved as a JPEG and read the way an uploaded image file is (empty when it is refused)."""
    import tempfile

    from core.errors import ParseError
    from ingest.parsers import parse_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.jpg"
        image.save(path, quality=quality, dpi=(dpi, dpi))
        try:
            return parse_file(path).text
        except ParseError:
            return ""


def compact(text: str) -> str:
    return re.sub(r"[\s|]+", "", text)


def figures(text: str) -> set[tuple[str, str]]:
    from core.textnorm import extract_figures

    return {(f.kind, f.norm) for f in extract_figures(text) if f.kind != "year"}


def main() -> None:
    from rapidfuzz.distance import Levenshtein

    from ingest.parsers import parse_file
    from ingest.parsers.ocr import ocr_available, ocr_image

    parser = argparse.ArgumentParser()
    parser.add_argument("--psm", type=int, nargs="+", default=[4])
    parser.add_argument("--dpi", type=int, nargs="+", default=[200])
    parser.add_argument("--degrade", action="store_true")
    parser.add_argument("--raw", action="store_true", help="outline marks as Tesseract read them")
    parser.add_argument("--limit", type=int, default=0, help="only the first N PDFs")
    parser.add_argument("--lang", nargs="+", default=["kor"], help="Tesseract language sets to compare")
    parser.add_argument("--jpeg", type=int, default=0, help="read each page as an uploaded JPEG of this quality")
    args = parser.parse_args()
    if not ocr_available():
        sys.exit("tesseract with the kor model is not installed (apt-get install tesseract-ocr tesseract-ocr-kor)")
    files = sorted((REPO / "corpus" / "documents").glob("*.pdf"))[: args.limit or None]
    print("| languages | dpi | psm | CER | figures found | s / page | pages |")
    print("|---|---|---|---|---|---|---|")
    for dpi in args.dpi:
        rendered = {f: pages_of(f, dpi, args.degrade) for f in files}
        for lang, psm in [(lang, psm) for lang in args.lang for psm in args.psm]:
            errors = length = found = total = 0
            seconds, pages = 0.0, 0
            for path, images in rendered.items():
                reference = parse_file(path).text
                started = time.perf_counter()
                read = [as_image_file(image, dpi, args.jpeg) if args.jpeg else
                        ocr_image(image, psm=psm, marks=not args.raw, languages=lang) for image in images]
                seconds += time.perf_counter() - started
                pages += len(images)
                text = "\n".join(read)
                errors += Levenshtein.distance(compact(text), compact(reference))
                length += len(compact(reference))
                want = figures(reference)
                found += len(want & figures(text))
                total += len(want)
            print(f"| {lang} | {dpi} | {psm} | {errors / length:.3f} | {found / max(total, 1):.3f} ({found}/{total}) "
                  f"| {seconds / pages:.1f} | {pages} |")


if __name__ == "__main__":
    main()
