"""Parser contract over every format (fixtures built from tests/fixtures/corpus_sample by the corpus
builder), the HWP 5.0 writer, the corpus builder/checker, and bad input → ParseError with a reason."""

from __future__ import annotations

import json
import unicodedata
import zipfile
from pathlib import Path

import pytest

from core.errors import ParseError
from core.types import ParsedDocument
from corpus.build import build, render
from corpus.check import check_document
from corpus.hwp5 import cfb_bytes, hwp_bytes, write_hwp
from corpus.source import SourceDoc, read_source
from ingest.parsers import SUPPORTED_SUFFIXES, parse_file

SAMPLES = Path(__file__).parent / "fixtures" / "corpus_sample"
FORMATS = ["hwp", "hwpx", "pdf", "docx", "pptx", "xlsx", "html", "md", "txt"]
PAGED = {"pdf", "pptx", "xlsx"}  # formats whose sections carry a page (PDF page, slide, sheet)


@pytest.fixture(scope="module")
def plan() -> SourceDoc:
    return read_source(SAMPLES / "smp-plan.md")


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory, plan: SourceDoc) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("formats")
    return {fmt: render(plan, out, fmt) for fmt in FORMATS}


@pytest.fixture(scope="module")
def parsed(documents: dict[str, Path]) -> dict[str, ParsedDocument]:
    return {fmt: parse_file(path) for fmt, path in documents.items()}


def _section_of(doc: ParsedDocument, needle: str):  # type: ignore[no-untyped-def]
    return next(s for s in doc.sections if needle in s.text)


# --- contract: the same assertions for every format ----------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_text_marks_and_table_rows_survive(parsed: dict[str, ParsedDocument], fmt: str) -> None:
    text = parsed[fmt].text
    assert parsed[fmt].file_format == fmt
    assert "공공자전거 ‘한빛바이크’ 이용 건수가 2024년 312만 건으로 전년보다 18% 늘었음" in text
    assert "\n□ 추진 배경\n" in f"\n{text}\n"
    assert "\n○ 대여소 120곳을 새로 설치하고 자전거 1,500대를 추가 도입\n" in f"\n{text}\n"
    assert "\n- 2024년 관련 민원 1,284건(2023년 702건)\n" in f"\n{text}\n"
    assert "\n※ 대여소 1곳당 평균 거치대 12면\n" in f"\n{text}\n"
    assert "\n동림구 | 42곳 | 530대 | 26억 원\n" in f"\n{text}\n"
    assert "|---" not in text and "\n| " not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_sections_are_located(parsed: dict[str, ParsedDocument], fmt: str) -> None:
    doc = parsed[fmt]
    assert _section_of(doc, "○ 전기자전거 300대를 시범 도입").heading == "□ 추진 내용"
    assert _section_of(doc, "2024년 관련 민원 1,284건").heading == "□ 추진 배경"
    pages = [s.page for s in doc.sections]
    if fmt in PAGED:
        assert all(isinstance(p, int) and p >= 1 for p in pages)
        assert doc.page_count is not None and doc.page_count >= max(p for p in pages if p)
        assert _section_of(doc, "동림구 | 42곳").page != _section_of(doc, "□ 추진 배경").page or fmt == "pdf"
    else:
        assert set(pages) == {None}


@pytest.mark.parametrize("fmt", FORMATS)
def test_text_is_nfc_and_round_trips_every_line(plan: SourceDoc, documents: dict[str, Path],
                                                 parsed: dict[str, ParsedDocument], fmt: str) -> None:
    doc = parsed[fmt]
    assert all(unicodedata.is_normalized("NFC", s.text) for s in doc.sections)
    assert check_document(plan, documents[fmt]).missing == []


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f not in ("hwp", "txt")])
def test_title_from_file_metadata(parsed: dict[str, ParsedDocument], fmt: str) -> None:
    assert parsed[fmt].properties.get("title") == "2025년 한빛 공공자전거 확충 시행계획"


def test_decomposed_hangul_is_normalised(tmp_path: Path) -> None:
    path = tmp_path / "nfd.txt"
    path.write_text(unicodedata.normalize("NFD", "○ 한빛광역시 청년 월세 지원\n"), encoding="utf-8")
    doc = parse_file(path)
    assert doc.text == "○ 한빛광역시 청년 월세 지원"


def test_cp949_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("□ 추진 배경\n○ 예산 45억 원".encode("cp949"))
    assert parse_file(path).text == "□ 추진 배경\n○ 예산 45억 원"


def test_front_matter_is_kept_for_ingestion(documents: dict[str, Path]) -> None:
    first = parse_file(documents["md"]).sections[0].text
    assert first.startswith("---\ntitle: 2025년 한빛 공공자전거 확충 시행계획\n") and first.endswith("\n---")


def test_html_drops_site_furniture(parsed: dict[str, ParsedDocument]) -> None:
    text = parsed["html"].text
    assert "Copyright" not in text and "열린시장실" not in text


def test_pdf_drops_page_numbers_and_finds_headings(parsed: dict[str, ParsedDocument]) -> None:
    doc = parsed["pdf"]
    assert "- 1 -" not in doc.text
    assert doc.sections[0].heading == "2025년 한빛 공공자전거 확충 시행계획"  # larger type → heading


def test_mismatched_extension_is_parsed_by_content(documents: dict[str, Path], tmp_path: Path) -> None:
    fake = tmp_path / "really-a-pdf.docx"
    fake.write_bytes(documents["pdf"].read_bytes())
    doc = parse_file(fake)
    assert doc.file_format == "pdf"
    assert "동림구 | 42곳 | 530대 | 26억 원" in doc.text


# --- bad input -----------------------------------------------------------------------------------------


def _reason(path: Path, **kwargs: int) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse_file(path, **kwargs)
    assert path.name in str(info.value) and path.name in info.value.message
    assert info.value.path == str(path)
    return info.value


def test_empty_file(tmp_path: Path) -> None:
    for name in ("empty.pdf", "empty.hwp", "blank.txt"):
        path = tmp_path / name
        path.write_bytes(b"" if name != "blank.txt" else b"  \n\n ")
        assert _reason(path).reason == "empty"


def test_corrupt_zip(tmp_path: Path, documents: dict[str, Path]) -> None:
    for fmt in ("docx", "hwpx", "xlsx", "pptx"):
        path = tmp_path / f"broken.{fmt}"
        path.write_bytes(documents[fmt].read_bytes()[:300])
        assert _reason(path).reason == "corrupt"


def test_zip_with_damaged_part(tmp_path: Path) -> None:
    path = tmp_path / "damaged.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><unclosed>")
    assert _reason(path).reason == "corrupt"


def test_truncated_pdf(tmp_path: Path, documents: dict[str, Path]) -> None:
    data = documents["pdf"].read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert _reason(path).reason == "corrupt"


def test_encrypted_pdf(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "secret.pdf"
    pdf = canvas.Canvas(str(path), encrypt="pressroom")
    pdf.drawString(72, 720, "confidential")
    pdf.save()
    error = _reason(path)
    assert error.reason == "encrypted" and "암호" in error.message


def test_encrypted_hwp_flag(tmp_path: Path) -> None:
    path = write_hwp(tmp_path / "secret.hwp", ["○ 비공개 문단"], encrypted=True)
    assert _reason(path).reason == "encrypted"


def test_distribution_hwp_is_read_through_its_protected_sections(tmp_path: Path) -> None:
    """A 배포용 document keeps its text under ViewText, encrypted; unhwp alone finds no body."""
    import unhwp

    lines = ["□ 한빛시, 청년 월세 지원 3,000명으로 확대", *[f"○ 배포용 문단 {i}: 지원액 월 20만 원" for i in range(300)]]
    path = write_hwp(tmp_path / "release.hwp", lines, distribution=True)
    with pytest.raises(unhwp.UnhwpError):
        unhwp.parse(path)
    text = parse_file(path).text
    assert "□ 한빛시, 청년 월세 지원 3,000명으로 확대" in text and "○ 배포용 문단 299: 지원액 월 20만 원" in text


def test_damaged_distribution_hwp_names_the_file(tmp_path: Path) -> None:
    import olefile

    path = write_hwp(tmp_path / "damaged.hwp", ["○ 배포용 문단"], distribution=True)
    data = bytearray(path.read_bytes())
    with olefile.OleFileIO(str(path)) as ole:  # overwrite the DISTRIBUTE_DOC_DATA record's header in place
        start = data.find(ole.openstream("ViewText/Section0").read()[:64])
    data[start:start + 4] = b"\0\0\0\0"
    path.write_bytes(bytes(data))
    error = _reason(path)
    assert error.reason == "encrypted" and "damaged.hwp" in str(error) and "배포용" in error.message


def test_msvc_rand_matches_the_c_runtime() -> None:
    """The key of a 배포용 document is hidden with the Microsoft C runtime's rand(); srand(1) → 41, 18467, …"""
    from itertools import islice

    from ingest.parsers.hwp_distribution import msvc_rand

    assert list(islice(msvc_rand(1), 5)) == [41, 18467, 6334, 26500, 19169]


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.drawImage(ImageReader(Image.new("L", (120, 160), 200)), 72, 400, 240, 320)
    pdf.save()
    error = _reason(path)  # a blank page: nothing to read with OCR or without it
    assert error.reason == "no_text" and "텍스트 층이 없는 PDF" in error.message and "OCR" in error.message


@pytest.mark.parametrize(("name", "data"), [
    ("photo.gif", b"GIF89a" + b"\0" * 64),
    ("report.doc", b"irrelevant"),
    ("script.py", b"print('hello')\n"),
    ("archive.docx", None),  # a zip holding no document
    ("legacy.hwp", b"HWP Document File V3.00 \x1a\x01\x02\x03\x04\x05" + b"\0" * 64),
    ("notes.pdf", "그냥 텍스트입니다".encode()),
])
def test_unsupported_type(tmp_path: Path, name: str, data: bytes | None) -> None:
    path = tmp_path / name
    if data is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", "not a document")
    else:
        path.write_bytes(data)
    assert _reason(path).reason == "unsupported"


@pytest.mark.parametrize("opening", ["MZ세대 청년을 위한 주거 정책 안내", "BMW 코리아와 전기차 충전 협약", "GIF8 형식 안내"])
def test_a_text_file_opening_like_a_binary_signature_is_read_as_text(tmp_path: Path, opening: str) -> None:
    """Binary signatures are only trusted with the NUL bytes every binary header has: "MZ세대" was refused as an
    executable."""
    path = tmp_path / "안내.txt"
    path.write_text(f"{opening}\n한빛시는 올해 관련 사업을 시작한다.\n", encoding="utf-8")
    assert opening in parse_file(path).text


@pytest.mark.parametrize(("name", "advice"), [("report.doc", "DOCX"), ("photo.gif", "PNG"), ("files.zip", "압축을 풀어"),
                                              ("script.py", "지원 형식")])
def test_an_unsupported_file_says_what_to_do_with_it(tmp_path: Path, name: str, advice: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"irrelevant")
    error = _reason(path)
    assert error.reason == "unsupported" and name in str(error) and advice in error.message, error.message


def test_old_ms_office_compound_file(tmp_path: Path) -> None:
    path = tmp_path / "old-word.hwp"
    path.write_bytes(cfb_bytes({"WordDocument": b"\0" * 100}))
    error = _reason(path)
    assert error.reason == "unsupported" and "MS 오피스" in error.message


def test_too_large(tmp_path: Path, documents: dict[str, Path]) -> None:
    error = _reason(documents["pdf"], max_bytes=100)
    assert error.reason == "too_large"
    assert parse_file(documents["pdf"], max_bytes=10_000_000).text  # under the limit: parsed


def test_supported_suffixes() -> None:
    assert {f".{f}" for f in FORMATS} <= SUPPORTED_SUFFIXES


# --- the HWP 5.0 writer and the corpus builder ---------------------------------------------------------


def test_hwp_writer_round_trips_through_unhwp(tmp_path: Path) -> None:
    import unhwp

    lines = ["□ 추진 배경", "○ 이용 건수 312만 건", "", "구분 | 2024년", *[f"문단 {i} 한빛" for i in range(400)]]
    path = write_hwp(tmp_path / "many.hwp", lines)
    assert unhwp.detect_format(path) == unhwp.FORMAT_HWP5
    assert len(hwp_bytes(lines)) > 4096  # big enough to leave the mini stream: both CFB paths exercised
    text = parse_file(path).text
    assert "○ 이용 건수 312만 건" in text and "문단 399 한빛" in text


def test_hwp_writer_is_readable_by_olefile(tmp_path: Path) -> None:
    import olefile

    path = write_hwp(tmp_path / "a.hwp", ["가"])
    with olefile.OleFileIO(str(path)) as ole:
        assert sorted(ole.listdir()) == [["BodyText", "Section0"], ["DocInfo"], ["FileHeader"]]
        assert ole.openstream("FileHeader").read(17) == b"HWP Document File"


def test_build_is_deterministic_and_writes_sidecar(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    report = build(SAMPLES, first)
    build(SAMPLES, second)
    assert not report.errors and len(report.written) == 3
    names = sorted(p.name for p in first.iterdir())
    assert names == ["_metadata.jsonl", "smp-case.pptx", "smp-plan.hwp", "smp-release.pdf"]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    records = [json.loads(line) for line in (first / "_metadata.jsonl").read_text("utf-8").splitlines()]
    plan_record = next(r for r in records if r["doc_id"] == "smp-plan")
    assert plan_record == {"file": "smp-plan.hwp", "doc_id": "smp-plan", "title": "2025년 한빛 공공자전거 확충 시행계획",
                           "date": "2025-02-10", "department": "교통정책과", "doc_type": "policy",
                           "access": "internal"}


def test_build_removes_documents_of_deleted_sources(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "gone-01.pdf").write_bytes(b"%PDF-1.4 stale")
    report = build(SAMPLES, out)
    assert not (out / "gone-01.pdf").exists() and report.removed == [out / "gone-01.pdf"]


def test_checker_reports_a_line_that_did_not_survive(tmp_path: Path, plan: SourceDoc) -> None:
    path = tmp_path / "smp-plan.txt"
    path.write_text(plan.raw.replace("○ 대여소 120곳을 새로 설치하고", "○ 대여소 120곳을 설치하고"), "utf-8")
    result = check_document(plan, path)
    assert result.missing == ["○ 대여소 120곳을 새로 설치하고 자전거 1,500대를 추가 도입"]
