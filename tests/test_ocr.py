"""Scanned PDFs (no text layer) read by OCR: Debian's Tesseract with its Korean model, on pages rendered
from an image-only PDF that the test draws with a Korean font."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.errors import ParseError
from ingest.parsers import parse_file
from ingest.parsers.ocr import ocr_available, restore_marks, unwrapped_lines

FONTS = ("/usr/share/fonts/truetype/nanum/NanumGothic.ttf", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
RELEASE = [
    "보도자료",
    "한빛시, 하수처리장 증설 공사 착공",
    "○ 사업비 1,240억 원을 들여 하루 처리 용량을 32만 톤으로 늘린다.",
    "○ 공사는 2027년 12월 준공을 목표로 한다.",
    "문의: 환경시설과 (062-613-4321)",
]


def korean_font() -> str:
    found = next((f for f in FONTS if Path(f).exists()), None)
    if found is None:
        pytest.skip("no Korean font to draw the scan with (apt-get install fonts-nanum)")
    return found


def page_image(lines: list[str]) -> Any:
    """A scanned A4 page at 300 dpi with ``lines`` drawn in a Korean font, as a PIL image."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(korean_font(), 58)  # 14 pt at 300 dpi: the body size of a Korean release
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((200, 250 + 110 * i), line, font=font, fill=0)
    return image.convert("RGB")


def scanned_pdf(path: Path, pages: list[list[str]]) -> Path:
    """An image-only PDF (what a scanner writes): each page's lines drawn at 300 dpi, no text layer."""
    images = [page_image(lines) for lines in pages]
    images[0].save(path, "PDF", resolution=300, save_all=True, append_images=images[1:])
    return path


def park_photo(size: tuple[int, int] = (1240, 1754)) -> Any:
    """A park photo, roughly: blobs of colour, no writing."""
    import random

    from PIL import Image, ImageDraw

    rng = random.Random(7)
    photo = Image.new("RGB", size, (120, 160, 90))
    draw = ImageDraw.Draw(photo)
    for _ in range(300):
        x, y, r = rng.randrange(size[0]), rng.randrange(size[1]), rng.randrange(10, 80)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    return photo


needs_tesseract = pytest.mark.skipif(not ocr_available(), reason="tesseract with the kor model is not installed")


@needs_tesseract
def test_a_scanned_release_is_read_page_by_page(tmp_path: Path) -> None:
    path = scanned_pdf(tmp_path / "scan.pdf", [RELEASE, ["○ 2쪽: 시민 설명회는 3월 15일에 연다."]])
    document = parse_file(path)
    text = document.text
    for expected in ("하수처리장 증설 공사 착공", "○ 사업비 1,240억 원을 들여 하루 처리 용량을 32만 톤으로 늘린다.",
                     "2027년 12월", "환경시설과"):
        assert expected in text, text
    assert document.page_count == 2
    pages = {s.page for s in document.sections if "3월 15일" in s.text}
    assert pages == {2}, [(s.page, s.text[:40]) for s in document.sections]
    assert document.ocr_pages == [1, 2]


def test_without_tesseract_a_scan_is_refused_saying_what_to_install(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import ingest.parsers.ocr as ocr

    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    path = scanned_pdf(tmp_path / "scan.pdf", [RELEASE])
    with pytest.raises(ParseError) as info:
        parse_file(path)
    assert info.value.reason == "no_text" and "scan.pdf" in str(info.value)
    assert "tesseract-ocr-kor" in info.value.message


def test_outline_marks_misread_by_ocr_are_put_back() -> None:
    read = "O 사업비 1,240억 원\n() 참여자 만족도\nCL] 2025년 예산\n0 공사 기간\n디 추진 배경\nOECD 통계"
    assert restore_marks(read).splitlines() == [
        "○ 사업비 1,240억 원", "○ 참여자 만족도", "□ 2025년 예산", "○ 공사 기간", "□ 추진 배경", "OECD 통계"]


def test_wrapped_ocr_lines_are_joined_into_sentences() -> None:
    page = ("○ 사업예산은 498억 원으로 2024년 452억 원보다 46억 원(10.2%) 늘었으며, 청년 일경험\n"
            "프로젝트의 참여 인원 확대가 주된 요인임\n"
            "○ 주요 기능: 일자리 종합계획 수립과 일자리 공시, 청년·신중년 일자리 사업 운영\n"
            "1. 일반 현황\n")
    assert unwrapped_lines(page) == [
        "○ 사업예산은 498억 원으로 2024년 452억 원보다 46억 원(10.2%) 늘었으며, 청년 일경험 프로젝트의 참여 인원 "
        "확대가 주된 요인임",
        "○ 주요 기능: 일자리 종합계획 수립과 일자리 공시, 청년·신중년 일자리 사업 운영",
        "1. 일반 현황",
    ]


@needs_tesseract
def test_an_ingested_scan_is_searchable(kb: Any, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    scanned_pdf(folder / "scan.pdf", [["2023년 주민 설명회 결과 보고"], RELEASE])
    report = kb.ingest([folder])
    assert report.ok and report.counts() == {"added": 1}, report
    hits = kb.search("하수처리장 증설 공사 사업비", k=3)
    assert hits and hits[0].doc.source_path.endswith("scan.pdf")
    assert "하수처리장 증설" in hits[0].chunk.text and "32만 톤" in hits[0].chunk.text


@needs_tesseract
def test_a_scanned_attachment_inside_a_typed_pdf_is_read_and_a_photo_page_is_not(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    scan = scanned_pdf(tmp_path / "attachment.pdf", [RELEASE])
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(scan))
    attachment = document[0].render(scale=150 / 72, grayscale=True).to_pil()
    document.close()
    photo = park_photo()
    path = tmp_path / "mixed.pdf"
    pdfmetrics.registerFont(UnicodeCIDFont("HYSMyeongJo-Medium"))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("HYSMyeongJo-Medium", 12)
    pdf.drawString(72, 760, "하수처리장 증설 공사 계획 보고 (붙임: 보도자료 스캔본, 현장 사진)")
    pdf.showPage()
    for image in (attachment, photo):
        pdf.drawImage(ImageReader(image), 0, 0, *A4)
        pdf.showPage()
    pdf.save()
    document_read = parse_file(path)
    assert document_read.page_count == 3
    pages = {s.page for s in document_read.sections if "1,240억 원" in s.text}
    assert pages == {2}, [(s.page, s.text[:60]) for s in document_read.sections]
    assert not [s for s in document_read.sections if s.page == 3], "the photo page gave OCR noise"
    assert document_read.ocr_pages == [2]  # the typed cover and the photo were not read by OCR


def test_ocr_noise_from_a_picture_is_not_taken_for_text() -> None:
    from ingest.parsers.ocr import looks_like_text

    assert looks_like_text("○ 사업비 1,240억 원을 들여 하루 처리 용량을 32만 톤으로 늘린다. 공사는 2027년 12월 준공")
    noise = "| ., ' 1 ~ 에 ㅇ _ ( 4 ] 7 ; 이 `` ~~ ' / 1 I l | 그 . , 0 o ^ 가 ' 4 -- 1 !! ; 의 ."
    assert not looks_like_text(noise)
    assert not looks_like_text("사진 1. 준공 현장")  # a caption alone is too little to be a page of text


# --- image files: a page scanned or photographed and saved as PNG, JPEG, TIFF ---------------------------------


@needs_tesseract
@pytest.mark.parametrize("name", ["scan.png", "scan.jpg", "scan.bmp"])
def test_a_scanned_page_saved_as_an_image_is_read(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    page_image(RELEASE).save(path, dpi=(300, 300))
    document = parse_file(path)
    assert document.file_format == "image" and document.page_count == 1 and document.ocr_pages == [1]
    for expected in ("하수처리장 증설 공사 착공", "1,240억 원", "32만 톤", "2027년 12월"):
        assert expected in document.text, document.text


@needs_tesseract
def test_a_multi_page_tiff_is_read_frame_by_frame(tmp_path: Path) -> None:
    path = tmp_path / "fax.tiff"
    second = page_image(["○ 시민 설명회는 3월 15일 오후 2시에 시청 대회의실에서 연다.", "○ 참석을 원하는 시민은 환경시설과로 신청하면 된다."])
    first = page_image(RELEASE)
    first.save(path, save_all=True, append_images=[park_photo(), second], compression="tiff_deflate")
    document = parse_file(path)
    assert document.page_count == 3 and document.ocr_pages == [1, 3]  # the photo frame is left out
    assert {s.page for s in document.sections if "3월 15일" in s.text} == {3}


@needs_tesseract
def test_a_phone_photo_of_a_page_is_turned_upright_by_its_exif_orientation(tmp_path: Path) -> None:
    path = tmp_path / "phone.jpg"
    sideways = page_image(RELEASE).rotate(90, expand=True)  # the sensor's raw frame: the page lies on its side
    exif = sideways.getexif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    sideways.save(path, exif=exif, quality=90)
    assert "1,240억 원" in parse_file(path).text


@needs_tesseract
def test_a_photo_without_writing_is_refused_saying_so(tmp_path: Path) -> None:
    path = tmp_path / "행사사진.jpg"
    park_photo().save(path)
    with pytest.raises(ParseError) as info:
        parse_file(path)
    assert info.value.reason == "no_text" and "행사사진.jpg" in str(info.value)
    assert "사진이나 도표" in info.value.message


def test_a_damaged_image_is_refused_as_corrupt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ingest.parsers.ocr as ocr

    monkeypatch.setattr(ocr, "ocr_available", lambda: True)  # reached before any OCR runs
    path = tmp_path / "scan.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    with pytest.raises(ParseError) as info:
        parse_file(path)
    assert info.value.reason == "corrupt" and "scan.png" in str(info.value)


def test_without_tesseract_an_image_is_refused_saying_what_to_install(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import ingest.parsers.ocr as ocr

    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    path = tmp_path / "scan.png"
    page_image(RELEASE).save(path)
    with pytest.raises(ParseError) as info:
        parse_file(path)
    assert info.value.reason == "no_text" and "scan.png" in str(info.value)
    assert "tesseract-ocr-kor" in info.value.message


@needs_tesseract
def test_search_hits_and_citations_from_a_scan_say_it_was_read_by_ocr(kb: Any, tmp_path: Path) -> None:
    from generate.answer import Answerer

    folder = tmp_path / "docs"
    folder.mkdir()
    page_image(RELEASE).save(folder / "scan.png")
    (folder / "typed.md").write_text("# 한빛시 도서관 야간 개방\n\n한빛시는 시립도서관을 밤 10시까지 연다.\n",
                                     encoding="utf-8")
    assert kb.ingest([folder]).counts() == {"added": 2}
    scan_hit = kb.search("하수처리장 증설 사업비", k=1)[0]
    typed_hit = kb.search("도서관 야간 개방", k=1)[0]
    assert scan_hit.doc.read_by_ocr(scan_hit.chunk.page) and scan_hit.doc.ocr_pages == [1]
    assert not typed_hit.doc.read_by_ocr(typed_hit.chunk.page)
    answer = Answerer(kb).ask("하수처리장 증설 공사의 사업비는 얼마야?")
    assert not answer.refused and answer.citations, answer
    assert all(c.ocr for c in answer.citations if c.source_path.endswith("scan.png"))
