"""Helpers shared by CLI commands: settings, the knowledge base, JSON output, Korean error exits."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from typing import Any, NoReturn

import typer

from core.errors import PressroomError
from core.types import AccessLevel, DocType, SearchFilters


def offline_env() -> None:
    """Never let a library phone home or try a hub download (air-gapped servers)."""
    for key, value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"), ("DO_NOT_TRACK", "1"),
                       ("ANONYMIZED_TELEMETRY", "False"), ("TOKENIZERS_PARALLELISM", "false")):
        os.environ.setdefault(key, value)


def open_kb(**settings: Any) -> Any:
    """The knowledge base of the environment's settings; keyword arguments override them for this run."""
    offline_env()
    from core.kb import KnowledgeBase
    from core.settings import Settings

    return KnowledgeBase(Settings(**settings))


def emit_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def location(page: int | None, section: str | None, ocr: bool) -> str:
    """Where a passage sits, as the CLI prints it ("p.3", a section heading), marked when OCR read it.

    >>> location(3, None, True), location(None, "□ 추진 배경", False)
    ('p.3 (OCR로 읽음)', '□ 추진 배경')
    """
    where = f"p.{page}" if page else (section or "")
    return f"{where} (OCR로 읽음)".strip() if ocr else where


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"오류: {message}", err=True)
    raise typer.Exit(code)


def require_text(value: str, message: str) -> str:
    """The question or query, refused when blank: spaces alone would search for nothing and show unrelated
    passages as the closest sources."""
    if not value.strip():
        fail(message, code=2)
    return value


def parse_day(value: str | None, field: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{field}: 날짜는 YYYY-MM-DD 형식이어야 합니다 (입력: {value})")


def make_filters(date_from: str | None, date_to: str | None, department: list[str] | None,
                 doc_type: list[str] | None, clearance: str = "internal") -> SearchFilters:
    wrong_type = next((t for t in doc_type or [] if t not in {d.value for d in DocType}), None)
    if wrong_type is not None:
        fail(f"--type: {', '.join(d.value for d in DocType)} 중 하나여야 합니다 (입력: {wrong_type})", code=2)
    if clearance not in {a.value for a in AccessLevel}:
        fail(f"--clearance: {', '.join(a.value for a in AccessLevel)} 중 하나여야 합니다 (입력: {clearance})", code=2)
    types = [DocType(t) for t in doc_type] if doc_type else None
    level = AccessLevel(clearance)
    start, end = parse_day(date_from, "--from"), parse_day(date_to, "--to")
    if start and end and start > end:
        fail(f"--from {start}이 --to {end}보다 늦습니다", code=2)
    return SearchFilters(date_from=start, date_to=end, departments=department or None, doc_types=types,
                         clearance=level)


def warn_unknown_departments(kb: Any, departments: list[str] | None) -> None:
    """A department no document names matches nothing, and an empty result alone does not say why (a typo,
    "청년정책" for "청년정책과"): name it and list the departments there are, on stderr."""
    unknown = kb.unknown_departments(departments)
    if unknown:
        known = ", ".join(kb.departments()) or "없음"
        typer.echo(f"알림: 문서에 없는 부서입니다: {', '.join(unknown)} (있는 부서: {known})", err=True)


def guard(exc: BaseException) -> NoReturn:
    if isinstance(exc, PressroomError):
        fail(str(exc))
    raise exc


def is_tty() -> bool:
    return sys.stderr.isatty()
