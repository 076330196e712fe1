"""Find a file's real format from its content, not its name.

- ``%PDF`` → pdf;
- OLE2 compound file: a ``FileHeader`` stream with the HWP signature → hwp (its password flag is
  checked here); an ``EncryptedPackage`` stream → a password-protected DOCX/PPTX/XLSX; otherwise an
  old binary MS Office file (.doc/.xls/.ppt), which we do not read;
- zip: ``word/document.xml`` → docx, ``ppt/presentation.xml`` → pptx, ``xl/workbook.xml`` → xlsx,
  ``mimetype`` = ``application/hwp+zip`` or ``Contents/content.hpf`` → hwpx;
- PNG, JPEG, TIFF or BMP → image (a scanned page, read by OCR);
- anything else must decode as text (UTF-8, UTF-16 with BOM, or CP949): markup → html, otherwise md or
  txt by extension.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ingest.parsers.common import fail
from ingest.parsers.hwp_distribution import FLAG_PASSWORD, property_flags

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
HWP_SIGNATURE = b"HWP Document File"
ZIP_EXPANSION_LIMIT = 20  # a package may unpack to at most this many times the size limit (zip bombs)
_HTML = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
_OOXML_PARTS = (("word/document.xml", "docx"), ("ppt/presentation.xml", "pptx"), ("xl/workbook.xml", "xlsx"))
# Scanned pages saved as images, read by OCR (``ingest.parsers.image``).
_IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM")
_BINARY_SIGNATURES = {
    b"GIF8": "GIF 이미지", b"MZ": "실행 파일",
    b"\x1f\x8b": "gzip 압축 파일", b"Rar!": "RAR 압축 파일", b"7z\xbc\xaf": "7z 압축 파일",
    b"HWP Document File V": "HWP 3.0 이하의 옛 한글 문서",
}


@dataclass(frozen=True)
class Sniffed:
    format: str
    text: str | None = None  # the decoded content, for text formats


def sniff(path: Path, max_bytes: int | None) -> Sniffed:
    with path.open("rb") as handle:
        head = handle.read(1024)
    # The PDF spec lets "%PDF-" start anywhere in the first 1024 bytes (some generators prepend junk).
    if b"%PDF-" in head:
        return Sniffed("pdf")
    if head.startswith(OLE_MAGIC):
        return Sniffed(_sniff_ole(path))
    if head.startswith(ZIP_MAGICS):
        return Sniffed(_sniff_zip(path, max_bytes))
    # A binary format's header holds NUL bytes and text never does (UTF-16 starts with its BOM): without
    # this check a text file opening with "MZ세대" or "BMW" would be taken for an executable or a bitmap.
    if b"\x00" in head:
        if head.startswith(_IMAGE_SIGNATURES):
            return Sniffed("image")
        for magic, label in _BINARY_SIGNATURES.items():
            if head.startswith(magic):
                raise fail(path, "unsupported", label)
    return _sniff_text(path)


def _sniff_ole(path: Path) -> str:
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            if ole.exists("EncryptedPackage"):
                raise fail(path, "encrypted")
            if not ole.exists("FileHeader"):
                raise fail(path, "unsupported", "구형 MS 오피스 문서(.doc/.xls/.ppt)입니다. 새 형식으로 저장해 주세요")
            header = ole.openstream("FileHeader").read(40)
    except OSError as exc:
        raise fail(path, "corrupt", "복합 문서 구조 오류") from exc
    if not header.startswith(HWP_SIGNATURE):
        raise fail(path, "corrupt", "HWP 파일 헤더가 올바르지 않습니다")
    if property_flags(header) & FLAG_PASSWORD:
        raise fail(path, "encrypted")
    return "hwp"


def _sniff_zip(path: Path, max_bytes: int | None) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            mimetype = archive.read("mimetype")[:64] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise fail(path, "corrupt", "압축(zip) 구조 오류") from exc
    if max_bytes is not None and sum(i.file_size for i in infos) > max_bytes * ZIP_EXPANSION_LIMIT:
        raise fail(path, "too_large", "압축을 풀면 허용 크기를 크게 넘습니다")
    if mimetype.startswith(b"application/hwp+zip") or "Contents/content.hpf" in names:
        return "hwpx"
    for part, fmt in _OOXML_PARTS:
        if part in names:
            return fmt
    raise fail(path, "unsupported", "문서가 아닌 압축(zip) 파일입니다")


def _sniff_text(path: Path) -> Sniffed:
    data = path.read_bytes()
    text = decode_text(data)
    if text is None:
        raise fail(path, "unsupported", "문서 형식을 알 수 없는 이진 파일입니다")
    if not text.strip():
        raise fail(path, "empty", "공백뿐인 파일입니다")
    suffix = path.suffix.lower()
    if _HTML.match(data[:4096].lstrip(b"\xef\xbb\xbf")) or suffix in (".html", ".htm"):
        return Sniffed("html", text)
    return Sniffed("md" if suffix in (".md", ".markdown") else "txt", text)


def decode_text(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or CP949 (older Korean text files); None if binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:8192]:
        return None
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
