"""``POST /v1/search``: hybrid passage search within the caller's clearance."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter

from api.auth import Caller
from api.deps import ReaderDep, ServicesDep
from api.schemas import SearchRequest, SearchResponse
from api.services import Services
from api.views import public_hit

router = APIRouter(prefix="/v1", tags=["검색"])


@router.post("/search", response_model=SearchResponse, summary="문서 구절 검색")
def search(body: SearchRequest, caller: ReaderDep, services: ServicesDep) -> dict[str, Any]:
    started = time.perf_counter()
    hits = services.kb.search(body.query, body.filters.with_clearance(caller.clearance), k=body.k, mode=body.mode)
    took = (time.perf_counter() - started) * 1000
    services.audit.record(caller, "search", body.query, doc_ids=[h.doc.doc_id for h in hits], hits=len(hits))
    return {"query": body.query, "hits": [public_hit(h) for h in hits], "took_ms": round(took, 1),
            "notices": _notices(body, caller, services)}


def _notices(body: SearchRequest, caller: Caller, services: Services) -> list[str]:
    """A department filter no readable document matches says so; only departments within the caller's
    clearance count as known."""
    unknown = services.kb.unknown_departments(body.filters.departments, caller.clearance)
    return [f"열람할 수 있는 문서에 없는 부서입니다: {', '.join(unknown)}"] if unknown else []
