"""Dependencies of the routes: the shared services, the caller (key → role, clearance), the rate limit."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Header, Request

from api.auth import ROLE_LABELS, Caller, Role
from api.problems import ApiProblem
from api.ratelimit import retry_after
from api.services import Services
from core.types import AccessLevel

DEMO_CALLER = Caller("demo", "데모 사용자", Role.ADMIN, AccessLevel.INTERNAL, demo=True)


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_kb(services: ServicesDep) -> Any:
    return services.kb


KBDep = Annotated[Any, Depends(get_kb)]


def get_caller(request: Request, services: ServicesDep,
               authorization: Annotated[str | None, Header(description="Bearer <API 키>")] = None,
               x_api_key: Annotated[str | None, Header(description="API 키 (Authorization 대신)")] = None,
               ) -> Caller:
    token = _token(authorization, x_api_key)
    if token is None and not services.keys.any_keys():
        caller = _demo_caller(request)
    elif token is None:
        raise ApiProblem(401, "missing_key", "API 키가 필요합니다. Authorization: Bearer <키> 헤더를 보내 주세요.",
                         headers={"WWW-Authenticate": "Bearer"})
    else:
        found = services.keys.authenticate(token)
        if found is None:
            raise ApiProblem(401, "invalid_key", "API 키가 올바르지 않거나 폐기되었습니다.",
                             headers={"WWW-Authenticate": "Bearer"})
        caller = found
    _rate_limit(services, caller, request)
    return caller


CallerDep = Annotated[Caller, Depends(get_caller)]


def require(role: Role) -> Callable[[Caller], Caller]:
    def dependency(caller: CallerDep) -> Caller:
        if not caller.role.includes(role):
            raise ApiProblem(403, "forbidden_role",
                             f"이 작업은 {ROLE_LABELS[role]}({role.value}) 이상 권한이 필요합니다 "
                             f"(현재: {ROLE_LABELS[caller.role]}).")
        return caller

    return dependency


ReaderDep = Annotated[Caller, Depends(require(Role.READER))]
WriterDep = Annotated[Caller, Depends(require(Role.WRITER))]
AdminDep = Annotated[Caller, Depends(require(Role.ADMIN))]


def _token(authorization: str | None, x_api_key: str | None) -> str | None:
    if authorization:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
    return x_api_key.strip() if x_api_key and x_api_key.strip() else None


def _demo_caller(request: Request) -> Caller:
    """No key exists yet: demo mode, which only ever serves this machine (a local reverse proxy that
    forwards other machines' requests gives itself away by its forwarding headers)."""
    forwarded = "x-forwarded-for" in request.headers or "forwarded" in request.headers
    if forwarded or not is_loopback(request.client.host if request.client else None):
        raise ApiProblem(403, "demo_mode_loopback_only",
                         "API 키가 아직 없어 데모 모드입니다. 데모 모드는 이 컴퓨터(127.0.0.1)에서만 쓸 수 있습니다. "
                         "`pressroom keys create`로 키를 만드세요.")
    return DEMO_CALLER


def is_loopback(host: str | None) -> bool:
    if host in ("localhost", "testclient"):
        return True
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _rate_limit(services: Services, caller: Caller, request: Request) -> None:
    bucket = caller.key_id if not caller.demo else f"demo:{request.client.host if request.client else ''}"
    wait = services.limiter.check(bucket)
    if wait is not None:
        raise ApiProblem(429, "rate_limited",
                         f"요청이 너무 많습니다 (키당 분당 {services.limiter.per_minute}회). "
                         f"{retry_after(wait)}초 뒤에 다시 시도하세요.", headers={"Retry-After": retry_after(wait)})
