"""Upload checks: safe file names, type by content, zip-bomb guard, then an atomic move into ``uploads/``.

The type check reuses the ingestion sniffer (magic bytes, zip members, OLE2 streams), so the API accepts
exactly what ingestion can read. The zip-bomb guard runs first, on the central directory only.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from api.problems import ApiProblem

# Apache POI's ZipSecureFile rejects entries that inflate more than 100× (MIN_INFLATE_RATIO = 0.01):
# https://poi.apache.org/apidocs/5.0/org/apache/poi/openxml4j/util/ZipSecureFile.html
MAX_INFLATE_RATIO = 100.0
RATIO_GRACE_BYTES = 1 << 20  # small parts (styles, rels) compress extremely well and are harmless
MAX_UNCOMPRESSED_BYTES = 512 << 20
MAX_ZIP_MEMBERS = 10_000
NAME_MAX_CHARS = 120
_UNSAFE = re.compile(r"[^\w가-힣 .()\[\]+-]")
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_COPY_CHUNK = 1 << 20


@dataclass(frozen=True)
class Accepted:
    name: str       # the safe name the file is stored under
    path: Path
    format: str
    size: int


def safe_name(raw: str | None) -> str:
    """A file name that cannot leave the uploads folder, hide itself, or confuse a shell or a browser.

    Keeps Korean, drops any directory part (both separators), control and reserved characters, and
    leading dots/underscores (ingestion treats those as hidden/sidecar files).
    """
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip().lstrip("._ ")
    name = re.sub(r"\.{2,}", ".", name)
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = stem[: NAME_MAX_CHARS - len(suffix) - 1].rstrip(". ") or "upload"
    return f"{stem}.{suffix.lower()}" if suffix else stem


def check_suffix(name: str) -> str:
    from ingest.parsers import SUPPORTED_LABEL, SUPPORTED_SUFFIXES

    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ApiProblem(415, "unsupported_type", f"'{name}': 지원하지 않는 파일 형식입니다. "
                         f"지원 형식: {SUPPORTED_LABEL}")
    return suffix


def save_incoming(source: BinaryIO, folder: Path, suffix: str, max_bytes: int, name: str) -> Path:
    """Copy an upload to a private temp file, stopping at the size limit."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{secrets.token_hex(8)}{suffix}"
    written = 0
    with target.open("wb") as out:
        while block := source.read(_COPY_CHUNK):
            written += len(block)
            if written > max_bytes:
                out.close()
                target.unlink(missing_ok=True)
                raise ApiProblem(413, "file_too_large",
                                 f"'{name}': 파일이 너무 큽니다 (허용 {max_bytes / 1_000_000:.0f}MB).")
            out.write(block)
    if written == 0:
        target.unlink(missing_ok=True)
        raise ApiProblem(422, "empty_file", f"'{name}': 빈 파일입니다.")
    return target


def check_zip(path: Path, name: str) -> None:
    """Reject zip bombs from the central directory: too many members, too big, or inflating too much."""
    with path.open("rb") as fh:
        if not fh.read(4).startswith(_ZIP_MAGICS):
            return
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ApiProblem(415, "corrupt_file", f"'{name}': 압축(zip) 구조가 손상된 파일입니다.") from exc
    total = sum(i.file_size for i in infos)
    inflating = [i for i in infos if i.file_size > RATIO_GRACE_BYTES
                 and i.file_size > MAX_INFLATE_RATIO * max(i.compress_size, 1)]
    if len(infos) > MAX_ZIP_MEMBERS or total > MAX_UNCOMPRESSED_BYTES or inflating:
        raise ApiProblem(413, "zip_bomb", f"'{name}': 압축을 풀면 지나치게 커지는 파일이라 거부했습니다 "
                         f"(압축 해제 {total / 1_000_000:.0f}MB, 허용 {MAX_UNCOMPRESSED_BYTES / 1_000_000:.0f}MB, "
                         f"압축률 {MAX_INFLATE_RATIO:.0f}배 이하).")


def check_content(path: Path, name: str, suffix: str, max_bytes: int) -> str:
    """The real format by content; a name that promises a document must hold one."""
    from core.errors import ParseError
    from ingest.parsers import TEXT_SUFFIXES
    from ingest.parsers.common import REASON_TEXT
    from ingest.parsers.sniff import sniff

    try:
        found = sniff(path, max_bytes)
    except ParseError as exc:
        status = {"too_large": 413, "encrypted": 422, "empty": 422}.get(exc.reason, 415)
        raise ApiProblem(status, f"file_{exc.reason}", f"'{name}': {REASON_TEXT.get(exc.reason, '읽을 수 없는 파일입니다')}."
                         ) from exc
    if found.text is not None and suffix not in TEXT_SUFFIXES:
        raise ApiProblem(415, "type_mismatch", f"'{name}': {suffix} 확장자지만 내용은 일반 텍스트입니다.")
    return found.format


def accept(source: BinaryIO, raw_name: str | None, uploads: Path, max_bytes: int,
           may_replace: Callable[[Path], bool]) -> Accepted:
    """Run every check and move the file into ``uploads`` under its safe name.

    ``may_replace(path)`` says whether the caller may overwrite an existing upload of that name (the
    document it holds is visible to them); otherwise the file gets a fresh name, so nobody can replace
    or even detect a document above their clearance.
    """
    name = safe_name(raw_name)
    suffix = check_suffix(name)
    incoming = save_incoming(source, uploads / ".incoming", suffix, max_bytes, name)
    try:
        check_zip(incoming, name)
        fmt = check_content(incoming, name, suffix, max_bytes)
        target = _free_target(uploads, name, may_replace)
        size = incoming.stat().st_size
        incoming.replace(target)
    finally:
        incoming.unlink(missing_ok=True)
    return Accepted(target.name, target, fmt, size)


def _free_target(uploads: Path, name: str, may_replace: Callable[[Path], bool]) -> Path:
    target = uploads / name
    if target.exists() and not may_replace(target):
        stem, suffix = target.stem, target.suffix
        target = uploads / f"{stem}-{secrets.token_hex(3)}{suffix}"
    return target
