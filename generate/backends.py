"""Chat model backends: the embedded GGUF model through xllamacpp, and any OpenAI-compatible HTTP server."""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Generator, Iterator, Sequence
from pathlib import Path
from typing import Any

from core.settings import Settings
from generate.llm import (
    TOP_LOGPROBS,
    ChatModel,
    FirstTokenHook,
    LLMUnavailable,
    Message,
    first_token_alternatives,
)

_DONE = object()


class EmbeddedLLM:
    """Qwen2.5-Coder-1.5B-Instruct Q4_K_M in-process via xllamacpp (prebuilt CPU wheel, no compiling).

    One generation at a time (a lock): on 2 cores parallel decoding only makes every request slower.
    """

    name = "embedded"

    def __init__(self, model_path: Path, *, threads: int = 2, ctx: int = 4096) -> None:
        self.model_path = model_path
        self.threads = threads
        self.ctx = ctx
        self._server: Any = None
        self._lock = threading.Lock()
        self.tokens_per_second: float | None = None

    def _load(self) -> Any:
        if self._server is None:
            import xllamacpp as xlc

            params = xlc.CommonParams()
            params.model.path = str(self.model_path)
            params.n_ctx = self.ctx
            params.cpuparams.n_threads = self.threads
            params.cpuparams_batch.n_threads = self.threads
            params.warmup = False
            try:
                self._server = xlc.Server(params)
            except Exception as exc:  # the native loader raises plain exceptions
                raise LLMUnavailable(f"내장 LLM을 불러오지 못했습니다: {exc}") from exc
        return self._server

    def load(self) -> None:
        with self._lock:
            self._load()

    def stream(self, messages: Sequence[Message], *, max_tokens: int = 256, temperature: float = 0.1,
               json_schema: dict[str, object] | None = None,
               on_first_token: FirstTokenHook | None = None) -> Generator[str, None, None]:
        request: dict[str, Any] = {"messages": list(messages), "max_tokens": max_tokens,
                                   "temperature": temperature, "stream": True, "seed": 7}
        if json_schema is not None:
            request["response_format"] = {"type": "json_object", "schema": json_schema}
        if on_first_token is not None:
            request.update(logprobs=True, top_logprobs=TOP_LOGPROBS)
        pieces: queue.Queue[Any] = queue.Queue()
        # Set when the consumer stops reading: the next chunk's callback returns True, which ends the
        # generation instead of decoding up to max_tokens for nobody while holding the lock.
        abandoned = threading.Event()

        def on_chunk(chunk: Any) -> bool:
            data = json.loads(chunk) if isinstance(chunk, str) else chunk
            if "error" in data:
                pieces.put(LLMUnavailable(str(data["error"])))
                return True
            for piece in _choice_pieces(data):
                pieces.put(piece)
            timings = data.get("timings")
            if timings and timings.get("predicted_per_second"):
                self.tokens_per_second = float(timings["predicted_per_second"])
            return abandoned.is_set()

        def run() -> None:
            try:
                with self._lock:
                    self._load().handle_chat_completions(request, on_chunk)
            except Exception as exc:
                pieces.put(exc if isinstance(exc, LLMUnavailable) else LLMUnavailable(str(exc)))
            finally:
                pieces.put(_DONE)

        threading.Thread(target=run, daemon=True).start()
        try:
            yield from _texts(_queued(pieces), on_first_token)
        finally:
            abandoned.set()


def _queued(pieces: queue.Queue[Any]) -> Iterator[tuple[str, dict[str, float] | None]]:
    """The generation thread's pieces until it is done; its error, if any, raised here."""
    while (item := pieces.get()) is not _DONE:
        if isinstance(item, Exception):
            raise item
        yield item


def _texts(pieces: Iterator[tuple[str, dict[str, float] | None]],
           on_first_token: FirstTokenHook | None) -> Iterator[str]:
    """The text of (text, alternatives) pieces; the first piece's alternatives, if any, go to the hook."""
    first = True
    for text, alternatives in pieces:
        if first and alternatives is not None and on_first_token is not None:
            on_first_token(alternatives)
        first = False  # later tokens' alternatives are not the first's
        if text:
            yield text


class OpenAICompatible:
    """Any ``/v1/chat/completions`` server (vLLM, Ollama, llama.cpp server, OpenAI): streaming over SSE,
    timeouts, and retries with backoff on connection errors and 429/5xx before the first byte."""

    name = "openai"

    def __init__(self, base_url: str, model: str, api_key: str | None = None, *, timeout: float = 60.0,
                 retries: int = 2) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.timeout = timeout
        self.retries = retries
        self.tokens_per_second: float | None = None

    def _url(self) -> str:
        base = self.base_url if self.base_url.endswith("/v1") else self.base_url + "/v1"
        return base + "/chat/completions"

    def stream(self, messages: Sequence[Message], *, max_tokens: int = 256, temperature: float = 0.1,
               json_schema: dict[str, object] | None = None,
               on_first_token: FirstTokenHook | None = None) -> Generator[str, None, None]:
        import httpx

        body: dict[str, Any] = {"model": self.model, "messages": list(messages), "max_tokens": max_tokens,
                                "temperature": temperature, "stream": True}
        if json_schema is not None:
            body["response_format"] = {"type": "json_schema",
                                       "json_schema": {"name": "output", "schema": json_schema}}
        if on_first_token is not None:  # OpenAI, vLLM and llama.cpp's server report them; others ignore it
            body.update(logprobs=True, top_logprobs=TOP_LOGPROBS)
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        last: Exception | None = None
        # One more attempt when log-probabilities were asked for: a server may refuse them (400).
        for attempt in range(self.retries + 1 + ("logprobs" in body)):
            started = time.perf_counter()
            produced = 0
            try:
                with httpx.stream("POST", self._url(), json=body, headers=headers,
                                  timeout=httpx.Timeout(self.timeout, connect=5.0)) as response:
                    if response.status_code == 429 or response.status_code >= 500:
                        raise httpx.HTTPStatusError("retryable", request=response.request, response=response)
                    if response.status_code == 400 and "logprobs" in body:
                        # A server that refuses log-probabilities still answers without them (no doubt gate).
                        del body["logprobs"], body["top_logprobs"]
                        continue
                    if response.status_code >= 400:
                        response.read()
                        raise LLMUnavailable(f"LLM 서버 오류 {response.status_code}: {response.text[:200]}")
                    for text in _texts(_sse_deltas(response.iter_lines()), on_first_token):
                        produced += 1
                        yield text
                if produced:
                    self.tokens_per_second = produced / max(time.perf_counter() - started, 1e-6)
                return
            except (httpx.TransportError, httpx.HTTPStatusError) as exc:
                if produced:  # never replay a half-streamed answer
                    raise LLMUnavailable(f"LLM 스트림이 끊겼습니다: {exc}") from exc
                last = exc
                time.sleep(min(0.5 * 2**attempt, 4.0))
        raise LLMUnavailable(f"LLM 서버에 연결할 수 없습니다 ({self.base_url}): {last}")


def _sse_deltas(lines: Iterator[str]) -> Iterator[tuple[str, dict[str, float] | None]]:
    for line in lines:
        if not line.startswith("data:"):
            continue
        payload = line[5:].strip()
        if payload == "[DONE]":
            return
        yield from _choice_pieces(json.loads(payload))


def _choice_pieces(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, float] | None]]:
    """(text, the token's top alternatives if reported) per OpenAI-format chunk choice carrying either."""
    for choice in data.get("choices", []):
        text = (choice.get("delta") or {}).get("content") or ""
        alternatives = first_token_alternatives(choice)
        if text or alternatives is not None:
            yield text, alternatives


def make_chat_model(settings: Settings, name: str | None = None) -> ChatModel | None:
    """The configured chat model, or ``None`` for the extractive generator."""
    name = name or settings.generator
    if name == "extractive":
        return None
    if name == "openai":
        if not settings.llm_base_url:
            raise LLMUnavailable("PRESSROOM_LLM_BASE_URL이 설정되지 않았습니다")
        return OpenAICompatible(settings.llm_base_url, settings.llm_model, settings.llm_api_key,
                                timeout=settings.llm_timeout_s, retries=settings.llm_retries)
    from index.models import llm_path

    return EmbeddedLLM(llm_path(settings), threads=settings.llm_threads, ctx=settings.llm_ctx)
