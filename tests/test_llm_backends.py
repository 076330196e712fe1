"""Chat backends: OpenAI-compatible client against a real HTTP server on loopback; the embedded model (marked)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from generate.backends import OpenAICompatible
from generate.llm import LLMUnavailable, complete


class _FakeOpenAI(BaseHTTPRequestHandler):
    """Speaks /v1/chat/completions with SSE streaming like vLLM/Ollama; fails the first N requests."""

    failures_left = 0
    refuse_logprobs = False
    requests: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
        if type(self).failures_left > 0:
            type(self).failures_left -= 1
            self.send_response(503)
            self.end_headers()
            return
        if body["messages"][-1]["content"] == "bad" or (body.get("logprobs") and type(self).refuse_logprobs):
            self.send_response(400)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"error": "bad request"}')
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for i, piece in enumerate(["청년 월세 ", "지원 대상은 ", "3,000명이다."]):
            choice: dict[str, Any] = {"index": 0, "delta": {"content": piece}}
            if body.get("logprobs"):  # as vLLM and llama.cpp's server report them, per token
                top = [{"token": piece[:1], "logprob": -0.1}, {"token": f"근{i}", "logprob": -2.5}]
                choice["logprobs"] = {"content": [{"token": piece[:1], "logprob": -0.1, "top_logprobs": top}]}
            chunk = {"choices": [choice]}
            self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")

    def log_message(self, *args: Any) -> None:
        return


@pytest.fixture
def server() -> Iterator[str]:
    _FakeOpenAI.failures_left = 0
    _FakeOpenAI.refuse_logprobs = False
    _FakeOpenAI.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _FakeOpenAI)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_streams_deltas_with_model_and_key(server: str) -> None:
    model = OpenAICompatible(server, "qwen", "secret")
    pieces = list(model.stream([{"role": "user", "content": "질문"}], max_tokens=32))
    assert "".join(pieces) == "청년 월세 지원 대상은 3,000명이다."
    assert len(pieces) == 3
    sent = _FakeOpenAI.requests[-1]
    assert sent["path"] == "/v1/chat/completions"
    assert sent["body"]["model"] == "qwen" and sent["body"]["stream"] is True
    assert sent["auth"] == "Bearer secret"


def test_reports_the_first_tokens_alternatives_once(server: str) -> None:
    seen: list[dict[str, float]] = []
    model = OpenAICompatible(server, "qwen")
    pieces = list(model.stream([{"role": "user", "content": "질문"}], on_first_token=seen.append))
    assert "".join(pieces) == "청년 월세 지원 대상은 3,000명이다."
    assert seen == [{"청": -0.1, "근0": -2.5}]
    assert _FakeOpenAI.requests[-1]["body"]["logprobs"] is True
    list(model.stream([{"role": "user", "content": "질문"}]))
    assert "logprobs" not in _FakeOpenAI.requests[-1]["body"], "asked for only when someone listens"


def test_a_server_that_refuses_logprobs_still_answers(server: str) -> None:
    _FakeOpenAI.refuse_logprobs = True
    seen: list[dict[str, float]] = []
    model = OpenAICompatible(server, "qwen", retries=0)
    pieces = list(model.stream([{"role": "user", "content": "질문"}], on_first_token=seen.append))
    assert "".join(pieces) == "청년 월세 지원 대상은 3,000명이다." and seen == []
    assert [("logprobs" in r["body"]) for r in _FakeOpenAI.requests] == [True, False]


def test_retries_transient_errors(server: str) -> None:
    _FakeOpenAI.failures_left = 2
    model = OpenAICompatible(server + "/v1", "qwen", retries=2)
    assert complete(model, [{"role": "user", "content": "질문"}]).endswith("3,000명이다.")
    assert len(_FakeOpenAI.requests) == 3


def test_gives_up_with_a_korean_error(server: str) -> None:
    _FakeOpenAI.failures_left = 5
    with pytest.raises(LLMUnavailable, match="연결할 수 없습니다"):
        complete(OpenAICompatible(server, "qwen", retries=1), [{"role": "user", "content": "질문"}])
    with pytest.raises(LLMUnavailable, match="400"):
        _FakeOpenAI.failures_left = 0
        complete(OpenAICompatible(server, "qwen"), [{"role": "user", "content": "bad"}])


def test_unreachable_server_is_unavailable() -> None:
    with pytest.raises(LLMUnavailable):
        complete(OpenAICompatible("http://127.0.0.1:9", "qwen", retries=0, timeout=2),
                 [{"role": "user", "content": "질문"}])


@pytest.mark.llm
def test_embedded_model_answers_in_korean() -> None:
    from core.settings import Settings
    from generate.backends import EmbeddedLLM
    from index.models import llm_path

    try:
        path = llm_path(Settings())
    except Exception as exc:
        pytest.skip(f"embedded LLM weights absent: {exc}")
    model = EmbeddedLLM(path)
    reply = complete(model, [{"role": "user", "content": "[근거] 지원 대상은 3,000명이다.\n[질문] 지원 대상은 몇 명?"}],
                     max_tokens=24)
    assert "3,000" in reply or "3000" in reply
    assert model.tokens_per_second and model.tokens_per_second > 1


@pytest.mark.llm
def test_embedded_model_reports_alternatives_and_stops_when_abandoned() -> None:
    import time

    from core.settings import Settings
    from generate.backends import EmbeddedLLM
    from index.models import llm_path

    try:
        path = llm_path(Settings())
    except Exception as exc:
        pytest.skip(f"embedded LLM weights absent: {exc}")
    model = EmbeddedLLM(path)
    seen: list[dict[str, float]] = []
    replies = model.stream([{"role": "user", "content": "한빛시의 역사를 길게 설명하세요."}], max_tokens=200,
                           on_first_token=seen.append)
    next(replies)
    replies.close()
    assert len(seen) == 1 and len(seen[0]) >= 2 and all(lp <= 0 for lp in seen[0].values())
    started = time.perf_counter()
    assert complete(model, [{"role": "user", "content": "1 더하기 1은?"}], max_tokens=4)
    # The abandoned generation stopped at its next token instead of decoding 200 tokens (~16 s) first.
    assert time.perf_counter() - started < 8
