"""Document metadata: caller overrides > sidecar file > front matter > inference from the text.

Korean releases and plans state their own metadata (보도일시, 담당 부서, 작성일 …), so inference from
the first lines usually works; a sidecar (``_metadata.jsonl`` beside the files, or ``--metadata FILE``)
is the reliable route for archives.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import yaml

from core.errors import PressroomError
from core.types import AccessLevel, DocType, DocumentMeta

SIDECAR_NAME = "_metadata.jsonl"
_FIELDS = ("title", "date", "department", "doc_type", "access")
_DATE = re.compile(r"(20\d{2})\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})")
_DEPT_LINE = re.compile(r"(?:담당\s*부서|작성\s*부서|부\s*서\s*명|담당부서|참여\s*부서)\s*[:：]?\s*([^\n/,]+)")
_DEPT_WORD = re.compile(r"([가-힣]+(?:과|실|관|담당관|본부|센터|단))(?:\s|$)")
# The closing fence may end the text: parsers hand the front matter over as a section of its own.
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return (front matter mapping, body) for Markdown/TXT that start with a ``---`` YAML block."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError:
        return {}, text
    return (data if isinstance(data, dict) else {}), text[match.end():]


def load_metadata_file(path: Path) -> dict[str, dict[str, Any]]:
    """Read a metadata file (JSON Lines with a ``file`` key, or a YAML/JSON mapping file name → fields)."""
    try:
        raw = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":
            rows = [json.loads(line) for line in raw.splitlines() if line.strip()]
            return {str(r["file"]): r for r in rows}
        data = yaml.safe_load(raw) or {}
    except (OSError, ValueError, KeyError, yaml.YAMLError) as exc:
        raise PressroomError(f"메타데이터 파일을 읽을 수 없습니다: {exc}", path=str(path)) from exc
    if not isinstance(data, dict):
        raise PressroomError("메타데이터 파일은 파일 이름을 키로 하는 매핑이어야 합니다", path=str(path))
    return {str(k): v for k, v in data.items()}


def sidecar_for(path: Path, cache: dict[Path, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    folder = path.parent
    if folder not in cache:
        sidecar = folder / SIDECAR_NAME
        cache[folder] = load_metadata_file(sidecar) if sidecar.exists() else {}
    return cache[folder].get(path.name, {})


def parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = _DATE.search(value)
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return None
    return None


def infer_fields(text: str, file_title: str | None, stem: str,
                 default_access: AccessLevel = AccessLevel.PUBLIC) -> dict[str, Any]:
    """Best-effort metadata from the document's own first lines."""
    head = text[:1500]
    lines = [ln.strip() for ln in head.splitlines() if ln.strip()]
    fields: dict[str, Any] = {}
    fields["doc_type"] = _infer_type(head, stem)
    fields["date"] = parse_date(head)
    dept = _DEPT_LINE.search(text[-1500:]) or _DEPT_LINE.search(head)
    if dept:
        word = _DEPT_WORD.search(dept.group(1) + " ")
        fields["department"] = word.group(1) if word else dept.group(1).strip()
    fields["title"] = file_title or _infer_title(lines, fields["doc_type"]) or stem
    fields["access"] = AccessLevel.INTERNAL if re.search(r"대외비|내부\s*검토용", head) else default_access
    return fields


def _infer_type(head: str, stem: str) -> DocType:
    if "보도자료" in head[:200] or "보도일시" in head:
        return DocType.PRESS_RELEASE
    if re.search(r"우수\s*사례|D-LAB|디지털\s*실험실", head):
        return DocType.CASE_STUDY
    if re.search(r"기본계획|시행계획|업무계획|지침|추진계획", head[:300]):
        return DocType.POLICY
    return DocType.OTHER


def _infer_title(lines: list[str], doc_type: DocType) -> str | None:
    skip = re.compile(r"^(보도자료|보도일시|배포일시|엠바고|※|담당|작성)")
    for line in lines[:8]:
        if not skip.match(line) and 4 <= len(line) <= 80:
            return line
    return None


def build_meta(doc_id: str, path: Path, text: str, file_title: str | None, *, sidecar: dict[str, Any],
               front: dict[str, Any], overrides: dict[str, Any],
               default_access: AccessLevel = AccessLevel.PUBLIC) -> DocumentMeta:
    """Merge the sources of metadata, most specific first, and validate it into a ``DocumentMeta``."""
    fields = infer_fields(text, file_title, path.stem, default_access)
    for source in (front, sidecar, overrides):
        for key in _FIELDS:
            alias = "type" if key == "doc_type" else key
            value = source.get(key, source.get(alias))
            if value not in (None, ""):
                fields[key] = value
    fields["date"] = parse_date(fields.get("date"))
    try:
        return DocumentMeta.model_validate({
            "doc_id": doc_id, "source_path": str(path), "file_format": path.suffix.lstrip(".").lower(),
            **{k: fields.get(k) for k in _FIELDS if fields.get(k) is not None},
        })
    except ValueError as exc:
        raise PressroomError(f"메타데이터 값이 잘못되었습니다: {exc}", path=str(path)) from exc
