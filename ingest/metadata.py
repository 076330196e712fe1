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
SIDECAR_NAMES = (SIDECAR_NAME, "_metadata.csv")  # the first one found in a folder is read
_FIELDS = ("title", "date", "department", "doc_type", "access")
_DATE_TEXT = r"(20\d{2})\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})"  # 2025. 9. 19. / 2025-09-19 / 2025년 9월 19
_DATE = re.compile(_DATE_TEXT)
# Labelled dates, the document's own first: a plan's "기간: 2025. 7. 7. ~" is when the work ran, its
# "작성일: 2025. 9. 19." when it was written (11 of 13 case studies took the period's start before).
_DATE_LABELS = (r"보도\s*일시|배포\s*일시|작성\s*일(?:자)?|보고\s*일|발행\s*일|게시\s*일|등록\s*일|공고\s*일",
                r"시행\s*일")
_DATE_AFTER_LABEL = rf"\s*[:：]?\s*({_DATE_TEXT})"
# A department is read only from a labelled line ("담당 부서: 일자리정책과 청년일자리팀"), most telling label
# first; a sentence that merely mentions one ("…담당 부서와 공유할 예정이다") once became the department.
_DEPT_LABELS = (r"담당\s*부서|부\s*서\s*명", r"작성\s*부서|작성|발행|보고\s*부서|보고자", r"문의", r"참여\s*부서")
# An office (과, 실, 담당관 …) before the bureau above it: "경제산업국 투자유치과" is 투자유치과's document.
_DEPT_WORDS = (re.compile(r"([가-힣]+(?:담당관|과|실|관|센터|단))(?:장)?(?=[\s,/()·]|$)"),
               re.compile(r"([가-힣]+(?:본부|국))(?:장)?(?=[\s,/()·]|$)"))
_INTERNAL_HEAD = re.compile(r"대외비|내부\s*검토용")
# Markers of a document kept inside, read in its first lines only (a body may discuss "내부 검토 자료").
_INTERNAL_TOP = re.compile(r"\(내부\s*검토\)|외부에?\s*공개하지\s*않|비공개\s*자료")
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
    """Read a metadata file: JSON Lines with a ``file`` key, a CSV with a header row (what a spreadsheet
    saves), or a YAML/JSON mapping file name → fields."""
    if path.suffix.lower() == ".csv":
        return _load_csv(path)
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


# A spreadsheet's column names, in Korean or English.
_CSV_COLUMNS = {"file": "file", "파일": "file", "파일명": "file", "파일 이름": "file", "title": "title", "제목": "title",
                "date": "date", "날짜": "date", "작성일": "date", "보도일": "date", "department": "department",
                "부서": "department", "담당 부서": "department", "type": "doc_type", "doc_type": "doc_type",
                "유형": "doc_type", "문서 유형": "doc_type", "access": "access", "등급": "access",
                "열람 등급": "access", "공개 여부": "access"}
# Korean values for type and access level, read from any metadata source (a sidecar, front matter, a CSV).
_KOREAN_VALUES = {"doc_type": {"보도자료": "press_release", "정책": "policy", "정책 문서": "policy",
                               "사례": "case_study", "우수 사례": "case_study", "기타": "other"},
                  "access": {"공개": "public", "내부": "internal", "비공개": "internal"}}


def _load_csv(path: Path) -> dict[str, dict[str, Any]]:
    """A CSV of file name → fields. Excel saves "CSV UTF-8" with a BOM and plain "CSV" in CP949 on Korean
    Windows, so both are read; the header row may name the columns in Korean (파일, 제목, 날짜 …)."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(_decode_spreadsheet_text(path))))
    names = [name.strip() for name in rows[0]] if rows else []
    header = [_CSV_COLUMNS.get(name.lower(), _CSV_COLUMNS.get(name)) for name in names]
    unknown = [name for name, key in zip(names, header, strict=True) if key is None]
    if unknown or "file" not in header:
        allowed = "파일(file), 제목(title), 날짜(date), 부서(department), 유형(type), 등급(access)"
        raise PressroomError(f"메타데이터 CSV의 열 이름을 알 수 없습니다: {', '.join(unknown) or '파일 열 없음'} "
                             f"(허용: {allowed})", path=str(path))
    out: dict[str, dict[str, Any]] = {}
    for row in rows[1:]:
        record = {key: value.strip() for key, value in zip(header, row, strict=False) if key and value.strip()}
        if record.get("file"):
            out[str(record["file"])] = record
    return out


def _decode_spreadsheet_text(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PressroomError("메타데이터 CSV의 인코딩을 읽을 수 없습니다 (UTF-8 또는 CP949로 저장하세요)", path=str(path))


def sidecar_for(path: Path, cache: dict[Path, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    folder = path.parent
    if folder not in cache:
        found = [folder / name for name in SIDECAR_NAMES if (folder / name).exists()]
        cache[folder] = load_metadata_file(found[0]) if found else {}
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
    """Best-effort metadata from the document's own labelled lines and first lines."""
    head = text[:1500]
    lines = [ln.strip() for ln in head.splitlines() if ln.strip()]
    fields: dict[str, Any] = {}
    first_line_title = _infer_title(lines)
    fields["doc_type"] = _infer_type(lines, first_line_title or file_title or "")
    fields["date"] = _labelled_date(head) or parse_date(head)
    department = _labelled_department(text)
    if department:
        fields["department"] = department
    # A title that only repeats the file's name (an image-to-PDF tool writes it for a scan) says nothing.
    own_title = _meaningful(file_title) if file_title and file_title.strip() != stem else None
    fields["title"] = own_title or first_line_title or stem
    internal = _INTERNAL_HEAD.search(head) or _INTERNAL_TOP.search("\n".join(lines[:8]))
    fields["access"] = AccessLevel.INTERNAL if internal else default_access
    return fields


def _labelled_date(head: str) -> dt.date | None:
    """The first labelled date of the head (a guideline's "작성일" comes before the "보도일시: 2025. 3. 4." of
    its example release); when a date has been effective (시행일) only, that one."""
    for labels in _DATE_LABELS:
        match = re.search(rf"(?:{labels}){_DATE_AFTER_LABEL}", head)
        if match:
            return parse_date(match.group(1))
    # "작성: 소상공인지원과 경영지원팀 / 2025. 10. 2." — the date on the authoring line
    match = re.search(rf"^[ \t]*작성\s*[:：][^\n]*?({_DATE_TEXT})", head, re.M)
    return parse_date(match.group(1)) if match else None


def _labelled_department(text: str) -> str | None:
    """The first department named on a labelled line, trying the labels in order of how surely they name
    the document's own department (the authoring one before those merely taking part)."""
    for labels in _DEPT_LABELS:
        for match in re.finditer(rf"^[ \t]*(?:[※○□·-][ \t]*)?(?:{labels})[ \t]*[:：][ \t]*([^\n]+)", text, re.M):
            value = match.group(1).split("/")[0]
            for pattern in _DEPT_WORDS:
                word = pattern.search(value)
                if word:
                    return word.group(1)
    return None


def _infer_type(lines: list[str], title: str) -> DocType:
    top = lines[:4]  # a release opens with its header; a guideline may show one as an example further down
    if any(line == "보도자료" or re.match(r"보도\s*일시", line) for line in top):
        return DocType.PRESS_RELEASE
    if "사례" in title or any(re.match(r"사례명\s*[:：]", line) for line in lines):
        return DocType.CASE_STUDY
    if re.search(r"계획|지침|규정|방침|매뉴얼|총괄표|가이드라인", title):
        return DocType.POLICY
    if any(re.search(r"우수\s*사례", line) for line in lines[:6]):
        return DocType.CASE_STUDY
    return DocType.OTHER


# Titles a word processor writes on its own: a template's "보도자료", a new file's "문서1", a PDF printer's
# "Microsoft Word - 0304_보도자료.docx". Taken as the title, a city's archive would list hundreds of "보도자료".
_PLACEHOLDER_TITLES = re.compile(
    r"^(?:보도\s*자료|제목(?:\s*없음)?|\(?제목\s*없음\)?|무제|새\s*문서|문서\s*\d*|한글\s*문서|untitled|document\s*\d*|"
    r"microsoft\s+(?:word|powerpoint|excel)\s*(?:문서)?|powerpoint\s*프레젠테이션|프레젠테이션\s*\d*|slide\s*\d*|"
    r"sheet\s*\d*|통합\s*문서\s*\d*)$", re.I)
_FILE_NAME_TITLE = re.compile(r"^microsoft\s+\w+\s+-\s+|\.(?:hwpx?|docx?|pdf|pptx?|xlsx?|txt|md|html?)$", re.I)


def _meaningful(file_title: str | None) -> str | None:
    """The title a file's own properties hold, unless it is a placeholder or a file name.

    >>> [_meaningful(t) for t in ("보도자료", "Microsoft Word - 0304 보도.docx", "문서1", "청년 월세 지원 확대")]
    [None, None, None, '청년 월세 지원 확대']
    """
    title = (file_title or "").strip()
    if len(title) < 2 or _PLACEHOLDER_TITLES.match(title) or _FILE_NAME_TITLE.search(title):
        return None
    return title


def _infer_title(lines: list[str]) -> str | None:
    skip = re.compile(r"^(보도자료|보도일시|배포일시|엠바고|※|담당|작성|대외비|등록일)")
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
    for key, korean in _KOREAN_VALUES.items():
        fields[key] = korean.get(str(fields.get(key, "")).strip(), fields.get(key))
    try:
        return DocumentMeta.model_validate({
            "doc_id": doc_id, "source_path": str(path), "file_format": path.suffix.lstrip(".").lower(),
            **{k: fields.get(k) for k in _FIELDS if fields.get(k) is not None},
        })
    except ValueError as exc:
        raise PressroomError(f"메타데이터 값이 잘못되었습니다: {exc}", path=str(path)) from exc
