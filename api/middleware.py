"""One ASGI middleware for what every request shares: body size limit, timeout, metrics.

Pure ASGI (not ``BaseHTTPMiddleware``) so a streamed answer passes through untouched: the timeout
covers the time until the response starts, and the latency metric is the time to headers.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.metrics import Metrics
from api.problems import PROBLEM_MEDIA_TYPE, ApiProblem, problem_body

JSON_BODY_LIMIT = 1 << 20  # 1 MB: questions, briefs and filters are small
UNMATCHED_ROUTE = "unmatched"


class _TooLarge(ApiProblem):
    def __init__(self, limit: int) -> None:
        super().__init__(413, "request_too_large", _too_large_detail(limit))


class ServiceMiddleware:
    def __init__(self, app: ASGIApp, *, metrics: Metrics, upload_limit: int, timeout_s: float) -> None:
        self.app = app
        self.metrics = metrics
        self.upload_limit = upload_limit
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        state: dict[str, Any] = {"status": 500, "started": asyncio.Event()}
        limit = self._limit(scope)
        if _content_length(scope) > limit:
            await _send_problem(send, 413, "request_too_large", _too_large_detail(limit))
            self._observe(scope, 413, started)
            return

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
                self._observe(scope, message["status"], started)
                state["started"].set()
            await send(message)

        task = asyncio.ensure_future(self.app(scope, _limited(receive, limit), send_wrapper))
        await self._await(task, state, send, scope, started, limit)

    async def _await(self, task: asyncio.Future[None], state: dict[str, Any], send: Send, scope: Scope,
                     started: float, limit: int) -> None:
        waiter = asyncio.ensure_future(state["started"].wait())
        done, _ = await asyncio.wait({task, waiter}, timeout=self.timeout_s, return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        if not done:  # nothing sent yet: give up on this request (a sync handler's thread still finishes)
            task.cancel()
            await _send_problem(send, 504, "timeout", f"요청 처리 시간이 {self.timeout_s:.0f}초를 넘었습니다.")
            self._observe(scope, 504, started)
            return
        try:
            await task
        except _TooLarge:
            if not state["started"].is_set():
                await _send_problem(send, 413, "request_too_large", _too_large_detail(limit))
                self._observe(scope, 413, started)

    def _limit(self, scope: Scope) -> int:
        content_type = dict(scope.get("headers") or []).get(b"content-type", b"")
        return self.upload_limit if content_type.startswith(b"multipart/") else JSON_BODY_LIMIT

    def _observe(self, scope: Scope, status: int, started: float) -> None:
        route = scope.get("route")
        path = getattr(route, "path", None) or UNMATCHED_ROUTE
        self.metrics.observe_request(path, scope.get("method", ""), status, time.perf_counter() - started)


def _limited(receive: Receive, limit: int) -> Receive:
    """Count body bytes as they arrive, for bodies sent without (or lying about) Content-Length."""
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise _TooLarge(limit)
        return message

    return wrapped


def _content_length(scope: Scope) -> int:
    raw = dict(scope.get("headers") or []).get(b"content-length")
    try:
        return int(raw) if raw else 0
    except ValueError:
        return 0


def _too_large_detail(limit: int) -> str:
    return f"요청 본문이 너무 큽니다 (허용 {limit / 1_000_000:.0f}MB)."


async def _send_problem(send: Send, status: int, code: str, detail: str) -> None:
    body = json.dumps(problem_body(status, code, detail), ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
