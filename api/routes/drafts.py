"""``POST /v1/drafts`` (press release / explainer from a brief) and ``POST /v1/summaries`` (cited)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from api.deps import ReaderDep, ServicesDep, WriterDep
from api.schemas import DraftRequest, SummaryRequest
from core.types import SearchFilters

router = APIRouter(prefix="/v1", tags=["초안·요약"])


@router.post("/drafts", summary="보도자료·정책 설명문 초안", response_model=None,
             description="`format`이 json이면 구조화된 초안과 확인이 필요한 수치를, md/docx/hwpx면 파일을 돌려줍니다.")
def draft(body: DraftRequest, caller: WriterDep, services: ServicesDep) -> dict[str, Any] | Response:
    filters = body.filters.with_clearance(caller.clearance)
    drafted = services.drafting.draft(body.brief, body.kind, body.generator, filters)
    background = [c["doc_id"] for c in drafted.data.get("background", [])]
    services.audit.record(caller, "draft", str(body.brief.get("topic", "")), doc_ids=drafted.data["exemplars"] + background,
                          kind=body.kind, flags=len(drafted.data["flags"]), format=body.format)
    if body.format == "json":
        return drafted.data
    content, media_type, name = services.drafting.export(drafted, body.format)
    return Response(content, media_type=media_type,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{_quote(name)}"})


@router.post("/summaries", summary="문서 요약 (문장마다 인용)")
def summarize(body: SummaryRequest, caller: ReaderDep, services: ServicesDep) -> dict[str, Any]:
    filters = SearchFilters(clearance=caller.clearance)  # a hidden document is reported as missing
    result = services.drafting.summarize(body.doc_ids, body.length, body.kind, filters)
    services.audit.record(caller, "summary", ",".join(body.doc_ids),
                          doc_ids=[c["doc_id"] for c in result.get("citations", [])], length=body.length)
    return result


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
