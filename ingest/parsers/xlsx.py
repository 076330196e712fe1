"""XLSX through openpyxl: one section per sheet (page = sheet number, heading = sheet name).

unstructured's ``partition_xlsx`` is not used: it needs pandas, xlrd and msoffcrypto (its ``[xlsx]``
extra), none of which this project otherwise needs, and it renders each sheet as one HTML table.
Here each row is one line, cells joined by `` | ``; numbers are shown as the sheet formats them
(thousands separators, percentages), so "3,250" stays searchable as written.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from core.types import ParsedDocument
from ingest.parsers.common import SectionBuilder, fail

_DECIMALS = re.compile(r"0\.(0+)")


def parse_xlsx(path: Path) -> ParsedDocument:
    from openpyxl import load_workbook

    try:
        book = load_workbook(str(path), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises KeyError/ValueError/… on damaged packages
        raise fail(path, "corrupt", type(exc).__name__) from exc
    try:
        builder = SectionBuilder()
        for number, sheet in enumerate(book.worksheets, start=1):
            builder.set_page(number)
            builder.set_heading(sheet.title)
            for row in sheet.iter_rows():
                _add_row(builder, [cell_text(c.value, getattr(c, "number_format", "General")) for c in row])
        title = book.properties.title or ""
        return builder.build(path, "xlsx", page_count=len(book.worksheets), properties={"title": title})
    finally:
        book.close()


def _add_row(builder: SectionBuilder, cells: list[str]) -> None:
    while cells and not cells[0].strip():  # no leading pipe: a row indented by empty cells
        cells.pop(0)
    filled = [c for c in cells if c.strip()]
    if len(filled) == 1 and cells[0].strip():
        builder.add(cells[0])  # a prose line (may be a □ outline heading)
    elif filled:
        builder.add_rows([cells])


def cell_text(value: Any, number_format: str = "General") -> str:
    """A cell as the sheet shows it, roughly: thousands separators, fixed decimals, percentages, dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(" ", "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return _number(value, number_format or "General")
    return str(value)


def _number(value: float, number_format: str) -> str:
    match = _DECIMALS.search(number_format)
    decimals = len(match.group(1)) if match else 0
    if "%" in number_format:
        return f"{value * 100:.{decimals}f}%"
    if "#,##0" in number_format:
        return f"{value:,.{decimals}f}"
    if match:
        return f"{value:.{decimals}f}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
