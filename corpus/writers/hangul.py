"""HWPX (python-hwpx, real tables) and HWP 5.0 (corpus/hwp5.py, tables as ``a | b`` rows) writers."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from corpus.hwp5 import write_hwp
from corpus.source import Paragraph, SourceDoc, Table
from corpus.writers.common import fixed_time, heading_level, normalise_zip, padded

# python-hwpx gives paragraphs and tables random ids (uuid4); renumbering them makes builds repeatable.
_RANDOM_ID = re.compile(r'(<hp:(?:p|tbl)\b[^>]*?\sid=")(\d+)(")')


def write_hwpx(doc: SourceDoc, path: Path) -> None:
    from hwpx import HwpxDocument

    document = HwpxDocument.new()
    styles = {
        1: document.ensure_run_style(bold=True, size=16),
        2: document.ensure_run_style(bold=True, size=14),
        3: document.ensure_run_style(bold=True, size=12),
    }
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            for line in block.lines:
                level = heading_level(doc, line)
                document.add_paragraph(line, char_pr_id_ref=styles[level] if level else None)
        else:
            _table(document, block)
        document.add_paragraph("")
    when = fixed_time(doc).strftime("%Y-%m-%dT%H:%M:%SZ")
    document.package.set_document_metadata(
        title=doc.title, creator=doc.front.get("department", ""), created_date=when, modified_date=when)
    document.save_to_path(str(path))
    _renumber_ids(path)
    normalise_zip(path, fixed_time(doc))


def _table(document: Any, block: Table) -> None:
    ncols = max(len(r) for r in block.rows)
    table = document.add_table(len(block.rows), ncols)
    for r, row in enumerate(block.rows):
        for c, text in enumerate(padded(row, ncols)):
            table.set_cell_text(r, c, text)


def _renumber_ids(path: Path) -> None:
    with zipfile.ZipFile(path) as src:
        members = [(info, src.read(info)) for info in src.infolist()]
    counter = iter(range(1, 1 << 30))
    with zipfile.ZipFile(path, "w") as out:
        for info, data in members:
            if info.filename.startswith("Contents/section"):
                text = _RANDOM_ID.sub(lambda m: f"{m[1]}{next(counter)}{m[3]}", data.decode("utf-8"))
                data = text.encode("utf-8")
            out.writestr(info, data)


def write_hwp5(doc: SourceDoc, path: Path) -> None:
    paragraphs: list[str] = []
    for block in doc.blocks:
        paragraphs += block.lines if isinstance(block, Paragraph) else block.rendered()
        paragraphs.append("")
    write_hwp(path, paragraphs)
