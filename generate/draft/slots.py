"""Figures by slot: the brief's figures are replaced by ``{F1}``, ``{F2}`` … before a model sees a fact,
and put back verbatim afterwards. A small model copies a short marker far more reliably than it copies
``14조 1,530억 원`` (DESIGN.md: the embedded model garbles figures), and a marker it invents is caught.
"""

from __future__ import annotations

import re

from core.textnorm import extract_figures

_SLOT = re.compile(r"\{\s*F\s*(\d+)\s*\}")


class SlotTable:
    def __init__(self) -> None:
        self._raw: list[str] = []
        self._index: dict[str, int] = {}

    def mask(self, text: str) -> str:
        """``text`` with each figure replaced by its slot (the same figure gets the same slot)."""
        out: list[str] = []
        pos = 0
        for figure in extract_figures(text):
            start = text.find(figure.raw, max(pos, figure.start - 2))
            if start < 0:
                continue
            out.append(text[pos:start])
            out.append(self._slot(figure.raw))
            pos = start + len(figure.raw)
        out.append(text[pos:])
        return "".join(out)

    def _slot(self, raw: str) -> str:
        if raw not in self._index:
            self._raw.append(raw)
            self._index[raw] = len(self._raw)
        return f"{{F{self._index[raw]}}}"

    def fill(self, text: str) -> str:
        """Slots back to the brief's figures; an unknown slot number is left for the guard to report."""
        def put(m: re.Match[str]) -> str:
            n = int(m.group(1))
            return self._raw[n - 1] if 1 <= n <= len(self._raw) else m.group(0)

        return _SLOT.sub(put, text)

    def __len__(self) -> int:
        return len(self._raw)
