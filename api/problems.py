"""RFC 7807 problem details: every error a client sees has a stable ``code`` and a Korean ``detail``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.errors import PressroomError
from core.validation import korean_message

PROBLEM_MEDIA_TYPE = "application/problem+json"

# Titles by status; the ``detail`` carries the specific Korean message.
_TITLES = {
    400: "잘못된 요청", 401: "인증 필요", 403: "권한 없음", 404: "찾을 수 없음", 405: "허용되지 않는 메서드",
    409: "충돌", 413: "요청이 너무 큼", 415: "지원하지 않는 형식", 422: "입력값 오류", 429: "요청 한도 초과",
    500: "서버 오류", 503: "일시적으로 사용할 수 없음", 504: "시간 초과",
}
_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden"}
_HTTP_DETAILS = {404: "요청한 주소를 찾을 수 없습니다.", 405: "이 주소에서 허용되지 않는 메서드입니다."}


class ApiProblem(StarletteHTTPException):
    """Raise from any route, dependency or body reader; rendered as ``application/problem+json``.

    An ``HTTPException`` subclass because FastAPI re-raises those from body parsing unchanged (any other
    exception there becomes a generic 400), which the upload size limit relies on.
    """

    def __init__(self, status: int, code: str, detail: str, *, headers: dict[str, str] | None = None,
                 **extra: Any) -> None:
        super().__init__(status, detail, headers)
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers
        self.extra = extra


def problem_body(status: int, code: str, detail: str, instance: str | None = None,
                 **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"type": f"urn:pressroom:problem:{code}", "title": _TITLES.get(status, "오류"),
                            "status": status, "code": code, "detail": detail}
    if instance:
        body["instance"] = instance
    body.update(extra)
    return body


def problem_response(status: int, code: str, detail: str, *, instance: str | None = None,
                     headers: Mapping[str, str] | None = None, **extra: Any) -> JSONResponse:
    return JSONResponse(problem_body(status, code, detail, instance, **extra), status_code=status,
                        media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def install_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiProblem, _on_problem)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _on_http)  # type: ignore[arg-type]
    app.add_exception_handler(PressroomError, _on_domain)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _on_unexpected)


async def _on_problem(request: Request, exc: ApiProblem) -> JSONResponse:
    return problem_response(exc.status, exc.code, exc.detail, instance=request.url.path, headers=exc.headers,
                            **exc.extra)


async def _on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [{"field": ".".join(str(p) for p in e.get("loc", ()) if p != "body"), "message": korean_message(e)}
              for e in exc.errors()]
    fields = ", ".join(e["field"] for e in errors if e["field"]) or "본문"
    return problem_response(422, "invalid_request", f"입력값이 올바르지 않습니다: {fields}",
                            instance=request.url.path, errors=errors)


async def _on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
    detail = _HTTP_DETAILS.get(exc.status_code, str(exc.detail))
    return problem_response(exc.status_code, code, detail, instance=request.url.path,
                            headers=getattr(exc, "headers", None))


async def _on_domain(request: Request, exc: PressroomError) -> JSONResponse:
    """A domain error (a model missing, a store unreachable): its own code and Korean message, no paths."""
    return problem_response(503, exc.code, exc.message, instance=request.url.path)


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    import logging

    logging.getLogger("pressroom.api").exception("unhandled error on %s", request.url.path)
    return problem_response(500, "internal_error", "서버 내부 오류가 발생했습니다. 관리자에게 문의하세요.",
                            instance=request.url.path)
