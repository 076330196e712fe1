"""``POST /v1/ask``: a cited answer as JSON, or as Server-Sent Events when ``stream`` is set."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from api.auth import Caller
from api.conversations import new_conversation_id
from api.deps import ReaderDep, ServicesDep
from api.problems import problem_body
from api.schemas import AskRequest
from api.services import Services
from api.views import public_answer

router = APIRouter(prefix="/v1", tags=["질문"])

_SSE_DOC = ("`stream: true`(또는 `Accept: text/event-stream`)이면 `text/event-stream`으로 `sources`, `token`, "
            "`text`, `sentence`, `done` 이벤트를 보냅니다. `done`의 데이터는 JSON 응답과 같습니다.")


@router.post("/ask", summary="근거를 인용한 답변", description=_SSE_DOC, response_model=None)
def ask(body: AskRequest, request: Request, caller: ReaderDep, services: ServicesDep,
        ) -> dict[str, Any] | StreamingResponse:
    events = _events(body, caller, services)
    if body.stream or "text/event-stream" in request.headers.get("accept", ""):
        return StreamingResponse(_sse(events), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    final: dict[str, Any] = {}
    for kind, data in events:
        if kind == "done":
            final = data
    return final


def _events(body: AskRequest, caller: Caller, services: Services) -> Iterator[tuple[str, dict[str, Any]]]:
    """The answerer's events made public; the last one is recorded in the audit log and metrics, and the
    question becomes a turn of its conversation (one is opened when the request names none)."""
    filters = body.filters.with_clearance(caller.clearance)
    generator = "extractive" if body.generator == "extractive" else services.settings.generator
    conversation_id = body.conversation_id or new_conversation_id()
    # History the client sends wins (the web page sends its own); otherwise the server's turns are read.
    history = body.history or services.conversations.history(caller.key_id, conversation_id)
    with services.answer_slot(generator):
        for event in services.answerer.stream(body.question, filters, history=history, generator=generator,
                                              conversation_id=conversation_id):
            data = public_answer(event.data)
            if event.kind == "done":
                data["answer"] = _answer_text(data)
                services.conversations.add(caller.key_id, conversation_id, body.question)
                _finished(services, caller, body, data)
            yield event.kind, data


def _answer_text(data: dict[str, Any]) -> str:
    return " ".join(s["text"] + "".join(f"[{n}]" for n in s["citations"]) for s in data["sentences"])


def _finished(services: Services, caller: Caller, body: AskRequest, data: dict[str, Any]) -> None:
    services.metrics.answers.labels(data["generator"]).inc()
    if services.model is not None and data["generator"] not in ("extractive", "none"):
        services.metrics.observe_llm(services.model)
    services.audit.record(caller, "ask", body.question, doc_ids=[c["doc_id"] for c in data["citations"]],
                          refused=data["refused"], generator=data["generator"],
                          conversation_id=data["conversation_id"])


def _sse(events: Iterator[tuple[str, dict[str, Any]]]) -> Iterator[str]:
    try:
        for kind, data in events:
            yield f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False, default=str)}\n\n"
    except Exception:  # headers are sent: report the failure in the stream itself
        import logging

        logging.getLogger("pressroom.api").exception("streaming answer failed")
        body = problem_body(500, "answer_failed", "답변을 만드는 중 오류가 발생했습니다.")
        yield f"event: error\ndata: {json.dumps(body, ensure_ascii=False)}\n\n"
