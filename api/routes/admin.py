"""Administration: API keys and the audit log (admin role)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api.audit import export_lines
from api.auth import Role
from api.deps import AdminDep, ServicesDep
from api.problems import ApiProblem
from api.schemas import KeyCreate

router = APIRouter(prefix="/v1", tags=["관리"])


@router.post("/keys", status_code=201, summary="API 키 발급 (키 값은 이때 한 번만 보입니다)")
def create_key(body: KeyCreate, caller: AdminDep, services: ServicesDep) -> dict[str, Any]:
    info, token = services.keys.create(body.name, Role(body.role), body.clearance)
    services.audit.record(caller, "key_create", info.key_id, name=body.name, role=body.role,
                          clearance=body.clearance.value)
    return {**info.as_dict(), "token": token}


@router.get("/keys", summary="API 키 목록")
def list_keys(caller: AdminDep, services: ServicesDep) -> dict[str, Any]:
    return {"keys": [k.as_dict() for k in services.keys.list()]}


@router.delete("/keys/{key_id}", summary="API 키 폐기")
def revoke_key(key_id: str, caller: AdminDep, services: ServicesDep) -> dict[str, Any]:
    if not services.keys.revoke(key_id):
        raise ApiProblem(404, "key_not_found", f"폐기할 키가 없습니다 (이미 폐기되었을 수 있음): {key_id}")
    services.audit.record(caller, "key_revoke", key_id)
    return {"key_id": key_id, "revoked": True}


@router.get("/audit", summary="감사 기록 내보내기", response_model=None)
def export_audit(
    caller: AdminDep, services: ServicesDep,
    since: Annotated[str | None, Query(description="이 시각 이후 (ISO 날짜/시각)", examples=["2025-03-01"])] = None,
    until: Annotated[str | None, Query(description="이 시각까지")] = None,
    action: Annotated[str | None, Query(description="ask, search, draft, summary, upload, delete …")] = None,
    key_id: Annotated[str | None, Query()] = None,
    format: Annotated[Literal["json", "jsonl", "csv"], Query()] = "json",
) -> dict[str, Any] | StreamingResponse:
    try:
        entries = services.audit.entries(since=since, until=until, action=action, key_id=key_id)
    except ValueError as exc:
        raise ApiProblem(422, "invalid_date", "since/until은 ISO 날짜(YYYY-MM-DD) 또는 시각이어야 합니다.") from exc
    if format == "json":
        return {"entries": [e.as_dict() for e in entries], "count": len(entries)}
    media = "application/x-ndjson" if format == "jsonl" else "text/csv; charset=utf-8"
    return StreamingResponse(export_lines(entries, format), media_type=media,
                             headers={"Content-Disposition": f"attachment; filename=audit.{format}"})
