"""Export a draft as Markdown, HWPX (what Korean offices edit) or DOCX.

A figure the guard flagged and the draft kept is visibly marked in every format as ``【확인 필요: …】``
(and highlighted in HWPX and DOCX), so nobody publishes it without looking. The exported text is the
release's ``to_text`` line for line, so an HWPX parsed back gives the same text (plus the marks).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from generate.draft.release import DraftResult, FlaggedFigure
from generate.draft.style import StyleProfile, load_style

MARK = "【확인 필요: {raw}】"
HIGHLIGHT = "#FFFF00"  # HWPX wants #RRGGBB
MARKED_PARTS = ("headline", "subheadlines", "lead", "body", "quote")

Segment = tuple[str, bool]  # (text, flagged)


def segments(line: str, raws: Sequence[str]) -> list[Segment]:
    """A line cut into plain and flagged pieces; each flagged piece is the mark around the figure.

    >>> segments("예산 5억 원 투입", ["5억 원"])
    [('예산 ', False), ('【확인 필요: 5억 원】', True), (' 투입', False)]
    """
    wanted = sorted({r for r in raws if r and r in line}, key=len, reverse=True)
    if not wanted:
        return [(line, False)]
    pattern = re.compile("|".join(re.escape(r) for r in wanted))
    out: list[Segment] = []
    pos = 0
    for m in pattern.finditer(line):
        if m.start() > pos:
            out.append((line[pos:m.start()], False))
        out.append((MARK.format(raw=m.group(0)), True))
        pos = m.end()
    if pos < len(line):
        out.append((line[pos:], False))
    return out


def marked_lines(result: DraftResult, style: StyleProfile | None = None) -> list[list[Segment]]:
    """Every line of the release (blank lines as empty lists), flagged figures cut out as marks."""
    style = style or load_style()
    raws_by_part = _raws(result.marked)
    lines: list[list[Segment]] = []
    for part, text in result.release.blocks(style):
        if not text:
            lines.append([])
        elif part in MARKED_PARTS:
            lines.append(segments(text, raws_by_part.get(part, []) + raws_by_part.get("*", [])))
        else:
            lines.append([(text, False)])
    return lines


def _raws(flags: Sequence[FlaggedFigure]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in flags:
        out.setdefault(f.section, []).append(f.raw)
    return out


def to_markdown(result: DraftResult, style: StyleProfile | None = None) -> str:
    """The release as plain Markdown-safe text: flagged figures marked, a review note at the end."""
    body = "\n".join("".join(text for text, _ in line) for line in marked_lines(result, style))
    return body + "\n" + _review_note(result)


def _review_note(result: DraftResult) -> str:
    if not result.flags:
        return ""
    rows = [f"- [{f.section}] {f.raw}: {f.reason} ({_ACTION[f.action]})" for f in result.flags]
    return "\n<!-- 검토 메모\n" + "\n".join(rows) + "\n-->\n"


_ACTION = {"dropped": "초안에서 삭제", "marked": "초안에 표시", "replaced": "양식 문장으로 대체"}


def to_hwpx(result: DraftResult, path: Path, style: StyleProfile | None = None) -> Path:
    """Write an HWPX document (python-hwpx ≥ 6.9): one paragraph per line, headline bold, flagged
    figures as highlighted marks."""
    style = style or load_style()
    heads = [i for i, (part, _) in enumerate(result.release.blocks(style)) if part == "headline"]
    return write_hwpx(marked_lines(result, style), path, title=result.release.headline,
                      author=result.release.contact.department, bold_lines=set(heads))


def to_docx(result: DraftResult, path: Path, style: StyleProfile | None = None) -> Path:
    """Write a DOCX document (python-docx): one paragraph per line, flagged figures highlighted."""
    style = style or load_style()
    heads = [i for i, (part, _) in enumerate(result.release.blocks(style)) if part == "headline"]
    return write_docx(marked_lines(result, style), path, title=result.release.headline, bold_lines=set(heads))


def write_hwpx(lines: Sequence[Sequence[Segment]], path: Path, *, title: str, author: str = "",
               bold_lines: set[int] | None = None) -> Path:
    from hwpx import HwpxDocument

    document = HwpxDocument.new()
    bold = document.ensure_run_style(bold=True, size=16)
    for i, line in enumerate(lines):
        style_id = bold if i in (bold_lines or set()) else None
        paragraph = document.add_paragraph("", char_pr_id_ref=style_id, include_run=False)
        for text, flagged in line:
            if flagged:
                paragraph.add_run(text, bold=True, highlight=HIGHLIGHT)
            else:
                paragraph.add_run(text, char_pr_id_ref=style_id)
    document.package.set_document_metadata(title=title, creator=author)
    document.save_to_path(str(path))
    return Path(path)


def write_docx(lines: Sequence[Sequence[Segment]], path: Path, *, title: str,
               bold_lines: set[int] | None = None) -> Path:
    from docx import Document
    from docx.enum.text import WD_COLOR_INDEX

    document = Document()
    for i, line in enumerate(lines):
        paragraph = document.add_paragraph()
        for text, flagged in line:
            run = paragraph.add_run(text)
            run.bold = i in (bold_lines or set()) or flagged
            if flagged:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    document.core_properties.title = title
    document.save(str(path))
    return Path(path)


def export_text(text: str, fmt: str, path: Path, *, title: str) -> Path:
    """Plain text (a summary or explainer) as ``md``, ``hwpx`` or ``docx``, one paragraph per line."""
    lines = [[(line, False)] if line else [] for line in text.split("\n")]
    if fmt == "md":
        Path(path).write_text(text + "\n", encoding="utf-8")
        return Path(path)
    if fmt == "hwpx":
        return write_hwpx(lines, path, title=title, bold_lines={0})
    if fmt == "docx":
        return write_docx(lines, path, title=title, bold_lines={0})
    raise ValueError(f"지원하지 않는 형식입니다: {fmt} (md, hwpx, docx)")


def export(result: DraftResult, fmt: str, path: Path, style: StyleProfile | None = None) -> Path:
    """Write ``result`` as ``md``, ``hwpx`` or ``docx``."""
    if fmt == "md":
        Path(path).write_text(to_markdown(result, style), encoding="utf-8")
        return Path(path)
    if fmt == "hwpx":
        return to_hwpx(result, path, style)
    if fmt == "docx":
        return to_docx(result, path, style)
    raise ValueError(f"지원하지 않는 형식입니다: {fmt} (md, hwpx, docx)")
