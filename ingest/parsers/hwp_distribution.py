"""Distribution (배포용) HWP 5.0 documents, rebuilt as plain ones so the HWP reader can parse them.

Public bodies often publish releases as 배포용 documents: the word processor shows them but blocks copying
and editing. The file keeps its sections under ``ViewText/SectionN`` instead of ``BodyText/SectionN``, each
stream opening with a ``HWPTAG_DISTRIBUTE_DOC_DATA`` record (256 bytes) followed by the section's records,
AES-128-ECB encrypted and then (as every HWP stream) raw-deflate compressed when the file says so. The 256
bytes are scrambled with the MSVC ``rand()`` sequence seeded by their first four bytes; unscrambled, they
hold the AES key at offset 4 + (seed & 0xF). The key travels with the file, so this is a viewing
restriction, not a secret: reading the text to search and cite it is what the archive is for.

References: Hancom "한글 문서 파일 형식 5.0" (revision 1.3), 3.2 (FileHeader property bit 2, 배포용 문서) and
4.2.11 (HWPTAG_DISTRIBUTE_DOC_DATA); the decryption as open readers implement it (hwplib, hwp5 filters).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

from ingest.parsers.cfb import MAX_BYTES, cfb_bytes

# FileHeader property bits (spec 3.2)
FLAG_COMPRESSED = 0x1
FLAG_PASSWORD = 0x2
FLAG_DISTRIBUTION = 0x4
TAG_DISTRIBUTE_DOC_DATA = 0x10 + 12
SEED_BLOCK = 256


class DistributionError(ValueError):
    """A distribution document whose protected sections cannot be read."""


def property_flags(file_header: bytes) -> int:
    """The FileHeader's property bits (offset 36)."""
    return int.from_bytes(file_header[36:40], "little")


def is_distribution(file_header: bytes) -> bool:
    return bool(property_flags(file_header) & FLAG_DISTRIBUTION)


def readable_copy(path: Path) -> bytes:
    """The document as a plain HWP: ``ViewText`` sections decrypted into ``BodyText``, the distribution bit
    cleared. Embedded pictures are left out when keeping them would pass the compound-file writer's limit;
    only the text is read from the copy."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(name): ole.openstream(name).read() for name in ole.listdir(streams=True)}
    except OSError as exc:
        raise DistributionError(f"복합 문서 구조 오류: {exc}") from exc
    header = streams.get("FileHeader", b"")
    compressed = bool(property_flags(header) & FLAG_COMPRESSED)
    sections = {name: data for name, data in streams.items() if name.startswith("ViewText/")}
    if not sections:
        raise DistributionError("배포용 문서인데 본문(ViewText)이 없습니다")
    flags = property_flags(header) & ~FLAG_DISTRIBUTION
    out = {"FileHeader": header[:36] + struct.pack("<I", flags) + header[40:]}
    out |= {name: data for name, data in streams.items()
            if not name.startswith(("ViewText/", "BodyText/", "BinData/")) and name != "FileHeader"}
    out |= {"BodyText/" + name.split("/", 1)[1]: decrypt_section(data, compressed) for name, data in sections.items()}
    pictures = {name: data for name, data in streams.items() if name.startswith("BinData/")}
    if sum(map(len, out.values())) + sum(map(len, pictures.values())) <= MAX_BYTES:
        out |= pictures
    try:
        return cfb_bytes(out)
    except ValueError as exc:
        raise DistributionError("본문이 너무 커서 배포용 문서를 풀 수 없습니다") from exc


def decrypt_section(stream: bytes, compressed: bool) -> bytes:
    """A ``ViewText`` section stream as the ``BodyText`` stream it protects (compressed as the file is)."""
    tag, size, offset = _record_header(stream)
    if tag != TAG_DISTRIBUTE_DOC_DATA or size != SEED_BLOCK or len(stream) < offset + size + 16:
        raise DistributionError("배포용 문서의 보호 정보(DISTRIBUTE_DOC_DATA)가 올바르지 않습니다")
    key = section_key(stream[offset:offset + size])
    cipher_text = stream[offset + size:]
    cipher_text = cipher_text[:len(cipher_text) - len(cipher_text) % 16]
    plain = _aes_ecb_decrypt(key, cipher_text)
    if not compressed:
        return plain
    try:
        records = zlib.decompressobj(-15).decompress(plain)  # stops at the deflate end; padding ignored
    except zlib.error as exc:
        raise DistributionError("배포용 문서의 본문을 풀지 못했습니다") from exc
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(records) + packer.flush()


def section_key(seed_block: bytes) -> bytes:
    """The AES key hidden in a DISTRIBUTE_DOC_DATA block: unscrambled, read at 4 + (seed & 0xF)."""
    block = scramble(seed_block)
    start = 4 + (block[0] & 0xF)
    return block[start:start + 16]


def scramble(block: bytes) -> bytes:
    """XOR every byte after the first four with the MSVC ``rand()`` run seeded by them, each value kept for
    1–16 bytes as the run says. Its own inverse: it hides the key and reveals it."""
    out = bytearray(block)
    values = msvc_rand(int.from_bytes(out[:4], "little"))
    mask, left = 0, 0
    for i in range(len(out)):
        if left == 0:
            mask = next(values) & 0xFF
            left = (next(values) & 0xF) + 1
        if i >= 4:
            out[i] ^= mask
        left -= 1
    return bytes(out)


def msvc_rand(seed: int) -> Iterator[int]:
    """Microsoft C runtime ``rand()`` after ``srand(seed)``: srand(1) gives 41, 18467, 6334, …"""
    state = seed & 0xFFFFFFFF
    while True:
        state = (state * 214013 + 2531011) & 0xFFFFFFFF
        yield (state >> 16) & 0x7FFF


def _record_header(stream: bytes) -> tuple[int, int, int]:
    """(tag, size, payload offset) of the record at the start of ``stream`` (spec 4.1)."""
    if len(stream) < 4:
        return -1, 0, 0
    word = int.from_bytes(stream[:4], "little")
    tag, size = word & 0x3FF, word >> 20
    if size == 0xFFF:
        return tag, int.from_bytes(stream[4:8], "little"), 8
    return tag, size, 4


def _aes_ecb_decrypt(key: bytes, data: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    decryptor = Cipher(algorithms.AES(key), modes.ECB()).decryptor()  # ECB: the format's own choice
    return decryptor.update(data) + decryptor.finalize()
