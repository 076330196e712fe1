"""Helpers shared by the format writers: heading levels, fixed timestamps, deterministic zip packages."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from corpus.source import SourceDoc, is_chapter_line, is_heading_line

SITE = "한빛광역시"
GENERATOR = "Pressroom corpus builder"
_MODIFIED = re.compile(r"(<dcterms:modified\b[^>]*>)[^<]*(</dcterms:modified>)")


def heading_level(doc: SourceDoc, line: str) -> int:
    """1 for the headline (the line equal to the title), 2 for a chapter (``Ⅱ. …``), 3 for a ``□``
    outline heading, else 0."""
    if line.strip() == doc.title.strip():
        return 1
    if is_chapter_line(line):
        return 2
    return 3 if is_heading_line(line) else 0


def fixed_time(doc: SourceDoc) -> dt.datetime:
    """The document's own date at 09:00, so that rebuilding gives the same bytes."""
    try:
        day = dt.date.fromisoformat(doc.front.get("date", ""))
    except ValueError:
        day = dt.date(2025, 1, 1)
    return dt.datetime(day.year, day.month, day.day, 9, 0, 0)


def normalise_zip(path: Path, when: dt.datetime) -> None:
    """Rewrite a zip package with one fixed timestamp per member (office libraries stamp "now"), and
    the same time as the package's modification date (openpyxl overwrites it on save)."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    with zipfile.ZipFile(path) as src:
        members = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w") as out:
        for info, data in members:
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = info.compress_type
            fixed.external_attr = 0o644 << 16
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rf"\g<1>{when:%Y-%m-%dT%H:%M:%SZ}\g<2>", data.decode("utf-8")).encode()
            out.writestr(fixed, data)


def padded(row: tuple[str, ...], ncols: int) -> list[str]:
    return [*row, *([""] * (ncols - len(row)))]
