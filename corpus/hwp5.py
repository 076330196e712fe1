"""A stdlib-only writer of minimal HWP 5.0 binary documents (for tests and the corpus builder).

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
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["hwp_bytes", "write_hwp"]

# --- HWP records ---------------------------------------------------------------------------------------

HWPTAG_BEGIN = 0x10
TAG_DOCUMENT_PROPERTIES = HWPTAG_BEGIN
TAG_ID_MAPPINGS = HWPTAG_BEGIN + 1
TAG_PARA_HEADER = HWPTAG_BEGIN + 50
TAG_PARA_TEXT = HWPTAG_BEGIN + 51
TAG_PARA_CHAR_SHAPE = HWPTAG_BEGIN + 52
VERSION_5_0_3_0 = 0x05000300
FLAG_COMPRESSED = 0x1
FLAG_PASSWORD = 0x2


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


def _file_header(encrypted: bool) -> bytes:
    flags = FLAG_COMPRESSED | (FLAG_PASSWORD if encrypted else 0)
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


def hwp_bytes(paragraphs: Iterable[str], *, encrypted: bool = False) -> bytes:
    """An HWP 5.0 document with one paragraph per item (an empty string gives an empty paragraph).

    ``encrypted=True`` only sets the password flag in the FileHeader, so a reader must refuse the file.
    """
    section = _section(list(paragraphs) or [""])
    return cfb_bytes({
        "FileHeader": _file_header(encrypted),
        "DocInfo": _deflate(_doc_info()),
        "BodyText/Section0": _deflate(section),
    })


def write_hwp(path: Path, paragraphs: Iterable[str], *, encrypted: bool = False) -> Path:
    path.write_bytes(hwp_bytes(paragraphs, encrypted=encrypted))
    return path


# --- OLE2 compound file (MS-CFB v3) --------------------------------------------------------------------

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
ENDOFCHAIN = 0xFFFFFFFE
FREESECT = 0xFFFFFFFF
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
ENTRIES_PER_SECTOR = SECTOR // 128
IDS_PER_SECTOR = SECTOR // 4
TYPE_STORAGE, TYPE_STREAM, TYPE_ROOT = 1, 2, 5


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: list[_Entry] = field(default_factory=list)
    sid: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    start: int = ENDOFCHAIN


def _tree(streams: dict[str, bytes]) -> list[_Entry]:
    """Directory entries in id order, root first; storages created from ``a/b`` paths."""
    root = _Entry("Root Entry", TYPE_ROOT)
    for path, data in streams.items():
        node = root
        *folders, leaf = path.split("/")
        for name in folders:
            found = next((c for c in node.children if c.name == name), None)
            if found is None:
                found = _Entry(name, TYPE_STORAGE)
                node.children.append(found)
            node = found
        node.children.append(_Entry(leaf, TYPE_STREAM, data))
    order: list[_Entry] = []

    def visit(entry: _Entry) -> None:
        entry.sid = len(order)
        order.append(entry)
        for child in entry.children:
            visit(child)

    visit(root)
    for entry in order:
        entry.child = _siblings(entry.children)
    return order


def _siblings(children: list[_Entry]) -> int:
    """Link siblings as a balanced binary search tree (CFB order: name length, then upper-case name)."""
    ordered = sorted(children, key=lambda e: (len(e.name), e.name.upper()))
    if not ordered:
        return NOSTREAM
    mid = len(ordered) // 2
    ordered[mid].left = _siblings(ordered[:mid])
    ordered[mid].right = _siblings(ordered[mid + 1 :])
    return ordered[mid].sid


def _chain(start: int, count: int) -> list[int]:
    return [start + i + 1 if i + 1 < count else ENDOFCHAIN for i in range(count)]


def _sectors(size: int, unit: int = SECTOR) -> int:
    return -(-size // unit)


def _pad(data: bytes, unit: int = SECTOR) -> bytes:
    return data + b"\0" * (-len(data) % unit)


def cfb_bytes(streams: dict[str, bytes]) -> bytes:
    """A compound file holding ``streams`` (``"Storage/Stream"`` paths); small streams go to the mini stream."""
    entries = _tree(streams)
    files = [e for e in entries if e.kind == TYPE_STREAM]
    small = [e for e in files if len(e.data) < MINI_CUTOFF]
    big = [e for e in files if len(e.data) >= MINI_CUTOFF]
    mini_fat: list[int] = []
    for entry in small:
        entry.start = len(mini_fat) if entry.data else ENDOFCHAIN
        mini_fat += _chain(len(mini_fat), _sectors(len(entry.data), MINI_SECTOR))
    mini_stream = b"".join(_pad(e.data, MINI_SECTOR) for e in small)
    n_dir = _sectors(len(entries), ENTRIES_PER_SECTOR)
    n_minifat = _sectors(len(mini_fat), IDS_PER_SECTOR)
    n_mini = _sectors(len(mini_stream))
    body = n_dir + n_minifat + n_mini + sum(_sectors(len(e.data)) for e in big)
    n_fat = 1
    while n_fat * IDS_PER_SECTOR < n_fat + body:
        n_fat += 1
    if n_fat > 109:
        raise ValueError("document too large for a compound file without DIFAT sectors")
    fat = [FATSECT] * n_fat
    first_dir = len(fat)
    fat += _chain(first_dir, n_dir)
    first_minifat = len(fat) if n_minifat else ENDOFCHAIN
    fat += _chain(len(fat), n_minifat)
    entries[0].start = len(fat) if n_mini else ENDOFCHAIN
    entries[0].data = mini_stream
    fat += _chain(len(fat), n_mini)
    for entry in big:
        entry.start = len(fat)
        fat += _chain(len(fat), _sectors(len(entry.data)))
    fat += [FREESECT] * (-len(fat) % IDS_PER_SECTOR)
    header = _cfb_header(n_fat, first_dir, first_minifat, n_minifat)
    directory = b"".join(_dir_entry(e) for e in entries)
    directory += _empty_entry() * (-len(entries) % ENTRIES_PER_SECTOR)
    mini_fat += [FREESECT] * (-len(mini_fat) % IDS_PER_SECTOR)
    parts = [header, struct.pack(f"<{len(fat)}I", *fat), directory,
             struct.pack(f"<{len(mini_fat)}I", *mini_fat), _pad(mini_stream)]
    parts += [_pad(e.data) for e in big]
    return b"".join(parts)


def _cfb_header(n_fat: int, first_dir: int, first_minifat: int, n_minifat: int) -> bytes:
    head = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("D0CF11E0A1B11AE1"), b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6,
        0, n_fat, first_dir, 0, MINI_CUTOFF, first_minifat, n_minifat, ENDOFCHAIN, 0,
    )
    difat = list(range(n_fat)) + [FREESECT] * (109 - n_fat)
    return head + struct.pack("<109I", *difat)


def _dir_entry(entry: _Entry) -> bytes:
    name = entry.name.encode("utf-16-le")
    size = 0 if entry.kind == TYPE_STORAGE else len(entry.data)
    start = 0 if entry.kind == TYPE_STORAGE else entry.start
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        name, len(name) + 2, entry.kind, 1, entry.left, entry.right, entry.child,
        b"\0" * 16, 0, 0, 0, start, size,
    )


def _empty_entry() -> bytes:
    return struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM,
                       b"\0" * 16, 0, 0, 0, 0, 0)
