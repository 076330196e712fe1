"""Table structure of a PDF page from its ruling lines (cell borders drawn as lines or rectangles).

pdfminer groups characters by distance alone, so in a bordered table it can (a) merge two cells of a
row into one text line when the gap between them is small, and (b) split one cell's wrapped text into
two boxes. The ruling lines settle both: a line is cut where a vertical ruling crosses it, and all
text enclosed by the same four rulings is one cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Segment = tuple[float, float, float]  # (position, start, end): x, y0, y1 for verticals; y, x0, x1 horizontals
TOLERANCE = 1.0  # points; text may touch a border


@dataclass
class TextBox:
    """Lines of text with their extent; ``cell`` is the enclosing ruled cell (x0, y0, x1, y1), if any."""

    lines: list[str]
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    cell: tuple[float, float, float, float] | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def top(self) -> float:
        return self.cell[3] if self.cell else self.y1

    @property
    def bottom(self) -> float:
        return self.cell[1] if self.cell else self.y0


@dataclass
class Rulings:
    verticals: list[Segment] = field(default_factory=list)
    horizontals: list[Segment] = field(default_factory=list)

    def cuts(self, line: Any) -> list[float]:
        """x of every vertical ruling crossing the inside of a text line."""
        middle = (line.y0 + line.y1) / 2
        return sorted(x for x, y0, y1 in self.verticals
                      if y0 <= middle <= y1 and line.x0 + TOLERANCE < x < line.x1 - TOLERANCE)

    def cell(self, box: TextBox) -> tuple[float, float, float, float] | None:
        """The smallest ruled rectangle around a box, or None when it is not enclosed on four sides."""
        cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
        lefts = [x for x, y0, y1 in self.verticals if y0 <= cy <= y1 and x <= box.x0 + TOLERANCE]
        rights = [x for x, y0, y1 in self.verticals if y0 <= cy <= y1 and x >= box.x1 - TOLERANCE]
        belows = [y for y, x0, x1 in self.horizontals if x0 <= cx <= x1 and y <= box.y0 + TOLERANCE]
        aboves = [y for y, x0, x1 in self.horizontals if x0 <= cx <= x1 and y >= box.y1 - TOLERANCE]
        if not (lefts and rights and belows and aboves):
            return None
        return (round(max(lefts), 1), round(max(belows), 1), round(min(rights), 1), round(min(aboves), 1))


def page_rulings(page: Any) -> Rulings:
    """Vertical and horizontal segments of every thin line and every rectangle edge on a page."""
    from pdfminer.layout import LTCurve, LTLine, LTRect

    rulings = Rulings()
    for obj in page:
        if isinstance(obj, LTRect):
            rulings.verticals += [(obj.x0, obj.y0, obj.y1), (obj.x1, obj.y0, obj.y1)]
            rulings.horizontals += [(obj.y0, obj.x0, obj.x1), (obj.y1, obj.x0, obj.x1)]
        elif isinstance(obj, LTLine | LTCurve):
            if obj.width < 2 and obj.height > 4:
                rulings.verticals.append(((obj.x0 + obj.x1) / 2, obj.y0, obj.y1))
            elif obj.height < 2 and obj.width > 4:
                rulings.horizontals.append(((obj.y0 + obj.y1) / 2, obj.x0, obj.x1))
    return rulings


def cut_line(line: Any, cuts: list[float]) -> list[tuple[str, float, float]]:
    """A pdfminer text line as (text, x0, x1) pieces, cut where a vertical ruling passes between chars."""
    from pdfminer.layout import LTChar

    if not cuts:
        return [(line.get_text(), line.x0, line.x1)]
    pieces: list[tuple[str, float, float]] = []
    text, start, end, column = "", line.x0, line.x0, 0
    for obj in line:
        if isinstance(obj, LTChar):
            col = sum(1 for x in cuts if x < (obj.x0 + obj.x1) / 2)
            if col != column and text.strip():
                pieces.append((text, start, end))
                text, start = "", obj.x0
            column, end = col, obj.x1
        text += obj.get_text()
    if text.strip():
        pieces.append((text, start, end))
    return pieces


def merge_cells(boxes: list[TextBox], rulings: Rulings) -> list[TextBox]:
    """One box per ruled cell (its boxes' lines top to bottom); boxes outside any cell unchanged."""
    merged: dict[tuple[float, float, float, float], TextBox] = {}
    out: list[TextBox] = []
    for box in sorted(boxes, key=lambda b: -b.y1):
        cell = rulings.cell(box)
        if cell is None:
            out.append(box)
        elif cell in merged:
            into = merged[cell]
            into.lines += box.lines
            into.x0, into.x1 = min(into.x0, box.x0), max(into.x1, box.x1)
            into.y0 = min(into.y0, box.y0)
        else:
            box.cell = cell
            merged[cell] = box
            out.append(box)
    return out
