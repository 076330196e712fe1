"""A stdlib-only writer of OLE2 compound files (MS-CFB version 3, 512-byte sectors, no DIFAT sectors).

HWP 5.0 documents are compound files. The corpus builder and the tests write HWP files with it, and the HWP
parser uses it to rebuild a distribution (배포용) document as a plain one (``ingest.parsers.hwp_distribution``).
References: MS-CFB sections 2.2-2.6.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

__all__ = ["MAX_BYTES", "cfb_bytes"]

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
# 109 FAT sectors (the header's DIFAT) of 128 sector ids each, less what the directory and mini stream take.
MAX_BYTES = 6 * 1024 * 1024


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
