"""A writer of minimal HWP 5.0 binary documents (for tests and the corpus builder; stdlib only, but for
``cryptography`` when it protects a distribution document).

An HWP 5.0 file is an OLE2 compound file (MS-CFB, version 3, 512-byte sectors) holding:

- ``FileHeader``: 256 bytes: signature, version, property flags (bit 0 compressed, bit 1 password);
- ``DocInfo``: document properties and id mappings (records, raw-deflate compressed);
- ``BodyText/Section0``: one ``HWPTAG_PARA_HEADER`` + ``HWPTAG_PARA_TEXT`` (UTF-16LE, ending in 0x0D)
  + ``HWPTAG_PARA_CHAR_SHAPE`` per paragraph (raw-deflate compressed).

References: Hancom "한글 문서 파일 형식 5.0" (revision 1.3, 2018), sections 3.2 (FileHeader), 4.1 (record
header), 4.2.1-4.2.2 (DocInfo), 4.3.1-4.3.3 (paragraphs); MS-CFB sections 2.2-2.6. Tables are written as
text rows (cells joined by `` | ``), which is what a reader extracts from a real table anyway.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from pathlib import Path

from ingest.parsers.cfb import cfb_bytes
from ingest.parsers.hwp_distribution import (
    FLAG_COMPRESSED,
    FLAG_DISTRIBUTION,
    FLAG_PASSWORD,
    TAG_DISTRIBUTE_DOC_DATA,
    scramble,
    section_key,
)

__all__ = ["cfb_bytes", "hwp_bytes", "write_hwp"]

# --- HWP records ---------------------------------------------------------------------------------------

HWPTAG_BEGIN = 0x10
TAG_DOCUMENT_PROPERTIES = HWPTAG_BEGIN
TAG_ID_MAPPINGS = HWPTAG_BEGIN + 1
TAG_PARA_HEADER = HWPTAG_BEGIN + 50
TAG_PARA_TEXT = HWPTAG_BEGIN + 51
TAG_PARA_CHAR_SHAPE = HWPTAG_BEGIN + 52
VERSION_5_0_3_0 = 0x05000300


def _record(tag: int, level: int, payload: bytes) -> bytes:
    size = len(payload)
    if size < 0xFFF:
        return struct.pack("<I", tag | (level << 10) | (size << 20)) + payload
    # Sizes of 4095 bytes and more go into an extra DWORD after the header (spec 4.1).
    return struct.pack("<II", tag | (level << 10) | (0xFFF << 20), size) + payload


def _deflate(data: bytes) -> bytes:
    # HWP streams are raw deflate (no zlib header), hence wbits=-15.
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def _file_header(encrypted: bool, distribution: bool = False) -> bytes:
    flags = FLAG_COMPRESSED | (FLAG_PASSWORD if encrypted else 0) | (FLAG_DISTRIBUTION if distribution else 0)
    head = b"HWP Document File".ljust(32, b"\0") + struct.pack("<II", VERSION_5_0_3_0, flags)
    return head.ljust(256, b"\0")


def _doc_info() -> bytes:
    # One section; page/footnote/endnote/picture/table/equation numbering start at 1; caret at 0.
    props = struct.pack("<7H3I", 1, 1, 1, 1, 1, 1, 1, 0, 0, 0)
    # 18 id-mapping counts (bin data, 7 font languages, border fills, char shapes, ...), all empty.
    mappings = struct.pack("<18i", *([0] * 18))
    return _record(TAG_DOCUMENT_PROPERTIES, 0, props) + _record(TAG_ID_MAPPINGS, 0, mappings)


def _paragraph(text: str, instance_id: int) -> bytes:
    # Characters below 32 are HWP control codes; a tab (9) would be read as an 8-WCHAR inline control.
    clean = "".join(" " if ord(ch) < 32 else ch for ch in text)
    encoded = (clean + "\r").encode("utf-16-le")
    nchars = len(encoded) // 2
    # nchars, control mask, para shape id, style id, column break kind, #char shapes, #range tags,
    # #line segments, instance id (spec table 58).
    header = struct.pack("<IIHBBHHHI", nchars, 0, 0, 0, 0, 1, 0, 0, instance_id)
    out = _record(TAG_PARA_HEADER, 0, header)
    if clean:  # an empty paragraph holds only its end mark and has no text record
        out += _record(TAG_PARA_TEXT, 1, encoded)
    return out + _record(TAG_PARA_CHAR_SHAPE, 1, struct.pack("<II", 0, 0))


def _section(paragraphs: Iterable[str]) -> bytes:
    return b"".join(_paragraph(text, i + 1) for i, text in enumerate(paragraphs))


def hwp_bytes(paragraphs: Iterable[str], *, encrypted: bool = False, distribution: bool = False) -> bytes:
    """An HWP 5.0 document with one paragraph per item (an empty string gives an empty paragraph).

    ``encrypted=True`` only sets the password flag in the FileHeader, so a reader must refuse the file.
    ``distribution=True`` writes a distribution (배포용) document: the section under ``ViewText``, behind a
    DISTRIBUTE_DOC_DATA record and AES-128-ECB (``ingest.parsers.hwp_distribution`` reads it back).
    """
    section = _deflate(_section(list(paragraphs) or [""]))
    body = {"ViewText/Section0": _protected(section)} if distribution else {"BodyText/Section0": section}
    return cfb_bytes({"FileHeader": _file_header(encrypted, distribution), "DocInfo": _deflate(_doc_info()), **body})


def write_hwp(path: Path, paragraphs: Iterable[str], *, encrypted: bool = False,
              distribution: bool = False) -> Path:
    path.write_bytes(hwp_bytes(paragraphs, encrypted=encrypted, distribution=distribution))
    return path


def _protected(stream: bytes, seed: int = 0x5EED_0B0D, key: bytes = bytes(range(0x30, 0x40))) -> bytes:
    """A section stream as a distribution document stores it (spec 4.2.11; the inverse of
    ``ingest.parsers.hwp_distribution.decrypt_section``): a 256-byte block carrying ``key`` at
    4 + (seed & 0xF), scrambled with the MSVC ``rand()`` run of ``seed``, then the stream encrypted."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    block = bytearray((i * 37 + 11) & 0xFF for i in range(256))
    block[:4] = seed.to_bytes(4, "little")
    start = 4 + (seed & 0xF)
    block[start:start + 16] = key
    scrambled = scramble(bytes(block))
    assert section_key(scrambled) == key
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # ECB: the format's own choice
    padded = stream + b"\0" * (-len(stream) % 16)
    return _record(TAG_DISTRIBUTE_DOC_DATA, 0, scrambled) + encryptor.update(padded) + encryptor.finalize()
