"""``GET /v1/jobs/{id}``: progress and per-file results of an ingestion job."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.auth import Role
from api.deps import ServicesDep, WriterDep
from api.problems import ApiProblem

router = APIRouter(prefix="/v1/jobs", tags=["문서"])


@router.get("/{job_id}", summary="수집 작업 진행 상황")
def get_job(job_id: str, caller: WriterDep, services: ServicesDep) -> dict[str, Any]:
    job = services.jobs.get(job_id)
    if job is None or (job.key_id != caller.key_id and caller.role is not Role.ADMIN):
        raise ApiProblem(404, "job_not_found", f"작업을 찾을 수 없습니다: {job_id}")
    return job.public()
