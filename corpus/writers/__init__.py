"""One writer per output format: ``WRITERS[format](source_doc, out_path)``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from corpus.source import SourceDoc
from corpus.writers.hangul import write_hwp5, write_hwpx
from corpus.writers.office import write_docx, write_pptx, write_xlsx
from corpus.writers.pdf import write_pdf
from corpus.writers.web import write_html

Writer = Callable[[SourceDoc, Path], None]


def write_copy(doc: SourceDoc, path: Path) -> None:
    """md and txt are the source file itself (front matter included; ingestion strips it)."""
    path.write_text(doc.raw, encoding="utf-8")


WRITERS: dict[str, Writer] = {
    "pdf": write_pdf,
    "docx": write_docx,
    "pptx": write_pptx,
    "xlsx": write_xlsx,
    "html": write_html,
    "hwpx": write_hwpx,
    "hwp": write_hwp5,
    "md": write_copy,
    "txt": write_copy,
}

__all__ = ["WRITERS", "Writer", "write_copy"]
