"""The FastAPI app factory. Services (knowledge base, models, stores) are built once, in the lifespan.

    uvicorn --factory api.app:app_from_env        # what ``pressroom serve`` runs (any number of workers)
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from api.metrics import Metrics
from api.middleware import ServiceMiddleware
from api.problems import install_handlers
from core.settings import Settings

WEB_DIR = Path(__file__).resolve().parent / "web"
log = logging.getLogger("pressroom.api")

DESCRIPTION = """시 보도자료·정책 문서 지식베이스 API.

- 인증: `Authorization: Bearer <API 키>` (키가 하나도 없으면 이 컴퓨터에서만 쓰는 데모 모드).
- 역할: 열람자(reader: 검색·질문·요약) ⊂ 작성자(writer: + 초안·문서 올리기) ⊂ 관리자(admin: + 삭제·키·감사 기록).
- 열람 등급: 키의 등급(public/internal)보다 높은 문서는 검색·인용·목록·본문 어디에도 나타나지 않습니다.
- 오류: RFC 7807 problem details (`application/problem+json`), 안정적인 `code`와 한국어 `detail`.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from api.services import build_services

        services = build_services(settings, metrics)
        app.state.services = services
        if not services.keys.any_keys():
            log.warning("API 키가 없어 데모 모드입니다: 이 컴퓨터(루프백)에서 온 요청만 받습니다.")
        try:
            yield
        finally:
            services.close()

    app = FastAPI(title="Pressroom API", version="0.1.0", description=DESCRIPTION, lifespan=lifespan,
                  openapi_tags=[{"name": n} for n in ("질문", "검색", "초안·요약", "문서", "관리", "상태")])
    install_handlers(app)
    app.add_middleware(ServiceMiddleware, metrics=metrics,
                       upload_limit=int(settings.max_upload_mb * 1_000_000) + 64_000,  # + multipart framing
                       timeout_s=settings.request_timeout_s)
    _include_routers(app)
    _mount_web(app)
    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (each worker reads the ``PRESSROOM_*`` environment)."""
    from api.cli.common import offline_env

    offline_env()
    return create_app(Settings())


def _include_routers(app: FastAPI) -> None:
    from api.routes import admin, ask, documents, drafts, health, jobs, search

    for module in (ask, search, drafts, documents, jobs, admin, health):
        app.include_router(module.router)


def _mount_web(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html", headers={"Cache-Control": "no-cache"})

    app.mount("/web", StaticFiles(directory=WEB_DIR), name="web")
