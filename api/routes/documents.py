"""``/v1/documents``: list, metadata, extracted text, original file, upload (→ ingestion job), delete.

Every read goes through the caller's clearance; a document above it answers 404, exactly like a
document that does not exist, so its existence is not revealed either.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Response, UploadFile
from fastapi.responses import FileResponse

from api import uploads
from api.auth import Caller
from api.deps import AdminDep, ReaderDep, ServicesDep, WriterDep
from api.problems import ApiProblem
from api.services import Services
from api.views import public_record
from core.textnorm import compact
from core.types import AccessLevel, DocType, SearchFilters, make_doc_id
from ingest.parsers import SUPPORTED_LABEL

router = APIRouter(prefix="/v1/documents", tags=["문서"])
MAX_FILES_PER_UPLOAD = 20


@router.get("", summary="문서 목록 (열람 등급 안에서, 최신 문서부터)")
def list_documents(
    caller: ReaderDep, services: ServicesDep,
    date_from: Annotated[dt.date | None, Query(description="이 날짜 이후")] = None,
    date_to: Annotated[dt.date | None, Query(description="이 날짜 이전")] = None,
    department: Annotated[list[str] | None, Query(description="부서")] = None,
    doc_type: Annotated[list[DocType] | None, Query(description="문서 유형")] = None,
    q: Annotated[str | None, Query(description="제목이나 파일 이름에 든 말")] = None,
    limit: Annotated[int | None, Query(ge=1, le=1000, description="한 번에 보낼 문서 수 (없으면 전부)")] = None,
    offset: Annotated[int, Query(ge=0, description="건너뛸 문서 수")] = 0,
) -> dict[str, Any]:
    """``count`` is how many documents match; ``documents`` holds the page ``offset``…``offset + limit``
    of them, newest first (a city's archive holds thousands of releases: the web page asks for a page)."""
    filters = SearchFilters(date_from=date_from, date_to=date_to, departments=department, doc_types=doc_type,
                            clearance=caller.clearance)
    records = sorted(services.kb.documents(filters), key=_newest_first)
    if q and q.strip():
        records = [r for r in records if _names(r, q.strip())]
    page = records[offset:offset + limit if limit else None]
    return {"documents": [public_record(r) for r in page], "count": len(records), "offset": offset,
            "limit": limit}


@router.get("/departments", summary="문서에 있는 부서 (열람 등급 안에서)")
def list_departments(caller: ReaderDep, services: ServicesDep) -> dict[str, list[str]]:
    """What the web page's department fields suggest: a filter on "청년정책" (for 청년정책과) finds nothing."""
    return {"departments": services.kb.departments(caller.clearance)}


@router.get("/{doc_id}", summary="문서 메타데이터 (text=true면 추출 본문 포함)")
def get_document(doc_id: str, caller: ReaderDep, services: ServicesDep,
                 text: Annotated[bool, Query(description="추출한 본문 포함")] = False) -> dict[str, Any]:
    record = _visible(services, caller, doc_id)
    data = public_record(record)
    if text:
        data["text"] = services.kb.manifest.document_text(doc_id) or ""
    services.audit.record(caller, "document_read", doc_id, doc_ids=[doc_id], text=text)
    return data


@router.get("/{doc_id}/file", summary="원본 파일 내려받기", response_class=FileResponse)
def download(doc_id: str, caller: ReaderDep, services: ServicesDep) -> FileResponse:
    record = _visible(services, caller, doc_id)
    path = Path(record.meta.source_path)
    if not path.is_file():
        raise ApiProblem(404, "file_missing", "원본 파일이 서버에 없습니다 (본문은 /text로 볼 수 있습니다).")
    services.audit.record(caller, "document_download", doc_id, doc_ids=[doc_id])
    return FileResponse(path, filename=path.name)


@router.post("", status_code=202, summary="문서 올리기 → 수집 작업",
             description="여러 파일을 한 번에 올릴 수 있습니다. 응답의 `job_id`로 `/v1/jobs/{id}`에서 진행 상황을 봅니다.")
def upload(
    caller: WriterDep, services: ServicesDep, response: Response,
    files: Annotated[list[UploadFile], File(description=SUPPORTED_LABEL)],
    title: Annotated[str | None, Form(description="제목 (파일이 하나일 때)")] = None,
    date: Annotated[dt.date | None, Form(description="문서 날짜")] = None,
    department: Annotated[str | None, Form(description="부서")] = None,
    doc_type: Annotated[DocType | None, Form(description="문서 유형")] = None,
    access: Annotated[AccessLevel | None, Form(description="열람 등급 public|internal")] = None,
) -> dict[str, Any]:
    if len(files) > MAX_FILES_PER_UPLOAD:
        raise ApiProblem(413, "too_many_files", f"한 번에 {MAX_FILES_PER_UPLOAD}개까지 올릴 수 있습니다.")
    fields = {k: v for k, v in {"title": title if len(files) == 1 else None, "date": date,
                                "department": department, "doc_type": doc_type, "access": access}.items()
              if v is not None}
    accepted = [_accept(services, caller, f) for f in files]
    job = services.jobs.create(caller.key_id, [{"name": a.name, "path": str(a.path)} for a in accepted],
                               {a.name: dict(fields) for a in accepted})
    services.runner.submit(job)
    services.audit.record(caller, "upload", ", ".join(a.name for a in accepted), job_id=job.job_id,
                          files=[{"name": a.name, "format": a.format, "bytes": a.size} for a in accepted])
    response.headers["Location"] = f"/v1/jobs/{job.job_id}"
    return job.public()


@router.delete("/{doc_id}", status_code=204, summary="문서 삭제 (관리자)")
def delete(doc_id: str, caller: AdminDep, services: ServicesDep) -> Response:
    record = _visible(services, caller, doc_id)
    services.kb.remove(doc_id)
    stored = Path(record.meta.source_path)
    if stored.parent == _uploads_dir(services).resolve():  # an upload has no other home: drop the file too
        stored.unlink(missing_ok=True)
    services.audit.record(caller, "delete", doc_id, doc_ids=[doc_id], title=record.meta.title)
    return Response(status_code=204)


def _visible(services: Services, caller: Caller, doc_id: str) -> Any:
    record = services.kb.document(doc_id, SearchFilters(clearance=caller.clearance))
    if record is None:
        raise ApiProblem(404, "document_not_found", f"문서를 찾을 수 없습니다: {doc_id}")
    return record


def _newest_first(record: Any) -> tuple[int, str, str]:
    """Dated documents newest first, undated ones after them; then by title and file for a stable page order."""
    date = record.meta.date
    return (-(date.toordinal() if date else 0), record.meta.title, record.meta.source_path)


def _names(record: Any, words: str) -> bool:
    """Whether the title or file name holds ``words`` (spacing and case ignored: "청년월세" finds "청년 월세")."""
    needle = compact(words).casefold()
    haystack = compact(f"{record.meta.title} {Path(record.meta.source_path).name}").casefold()
    return needle in haystack


def _uploads_dir(services: Services) -> Path:
    return services.settings.data_dir / "uploads"


def _accept(services: Services, caller: Caller, file: UploadFile) -> uploads.Accepted:
    def may_replace(path: Path) -> bool:
        record = services.kb.manifest.get(make_doc_id(str(path.resolve())))
        return record is None or caller.clearance.allows(record.meta.access)

    limit = int(services.settings.max_upload_mb * 1_000_000)
    return uploads.accept(file.file, file.filename, _uploads_dir(services), limit, may_replace)
