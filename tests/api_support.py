"""Helpers for the API tests: a small corpus with an internal document, keys, and a live uvicorn server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import REPO, write_corpus

# The internal document carries a canary word that must never reach a public-clearance caller.
CANARY = "극비검토"
SECRET = f"""{CANARY} 내부 문건
작성 부서: 도시철도과
작성일: 2025. 2. 10.

□ 지하철 3호선 연장 사업
○ {CANARY}: 지하철 3호선 연장 총사업비는 1조 2천억 원으로 추산된다.
○ 연장 구간은 동림역에서 서하역까지 9.4킬로미터이다.
"""
SECRET_QUESTION = "지하철 3호선 연장 총사업비는 얼마인가요?"
PUBLIC_QUESTION = "청년 월세 지원 대상은 몇 명으로 늘어나나요?"


def build_corpus(settings: Any, folder: Path) -> dict[str, str]:
    """Ingest the two public test documents and one internal one; returns name → doc id."""
    from core.kb import KnowledgeBase

    files = write_corpus(folder)
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    kb = KnowledgeBase(settings)
    try:
        report = kb.ingest([folder], overrides={"secret.txt": {"access": "internal"}})
        assert report.ok, report.failed
        ids = {Path(o.path).stem: o.doc_id for o in report.outcomes}
    finally:
        kb.close()
    assert set(ids) == {*(p.stem for p in files.values()), "secret"}
    return {k: str(v) for k, v in ids.items()}


def make_keys(settings: Any) -> dict[tuple[str, str], str]:
    """One token per (role, clearance)."""
    from api.auth import KeyStore, Role
    from core.types import AccessLevel

    store = KeyStore.for_data_dir(settings.data_dir)
    try:
        return {(role.value, level.value): store.create(f"{role.value}-{level.value}", role, level)[1]
                for role in Role for level in AccessLevel}
    finally:
        store.close()


def free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


class LiveServer:
    """A real uvicorn server for one app, on a free loopback port, in a background thread."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.app = app
        self.sock = free_socket()
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(app, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        wait_ready(self.url)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)
        self.sock.close()

    @property
    def services(self) -> Any:
        return self.app.state.services


def wait_ready(url: str, timeout: float = 120.0, proc: subprocess.Popen[bytes] | None = None,
               log: Path | None = None) -> dict[str, Any]:
    """Poll ``/readyz``; a child server that exits first fails at once, with the end of its log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log else ""
            raise RuntimeError(f"server at {url} exited with {proc.returncode}: {tail}")
        try:
            response = httpx.get(url + "/readyz", timeout=5)
            if response.status_code == 200:
                return dict(response.json())
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"server at {url} not ready")


@contextmanager
def serve_subprocess(env: dict[str, str], workers: int) -> Iterator[str]:
    """``pressroom serve`` in a child process (several uvicorn workers need their own processes)."""
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    full_env = {**os.environ, **env, "PYTHONPATH": str(REPO)}
    # The log goes to a file, not a pipe nobody reads while the test runs: a full pipe would block the server.
    log = Path(env["PRESSROOM_DATA_DIR"]).parent / "serve.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen([sys.executable, "-c", "from api.cli import main; main()", "serve", "--port",
                                 str(port), "--workers", str(workers)], env=full_env, cwd=REPO,
                                stdout=subprocess.DEVNULL, stderr=sink)
    url = f"http://127.0.0.1:{port}"
    try:
        # Several workers each import the whole stack; on 2 busy cores (the full suite beside them) that
        # has taken over 120 s once, so they get longer, and a crash still fails at once.
        wait_ready(url, timeout=300.0, proc=proc, log=log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_job(client: httpx.Client, job_id: str, timeout: float = 120.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/v1/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return dict(job)
        time.sleep(0.3)
    raise TimeoutError(job_id)


def parse_sse(text: str) -> list[tuple[str, Any]]:
    import json

    events = []
    for block in text.strip().split("\n\n"):
        kind, data = "message", ""
        for line in block.splitlines():
            if line.startswith("event:"):
                kind = line[6:].strip()
            elif line.startswith("data:"):
                data += line[5:].strip()
        events.append((kind, json.loads(data)))
    return events


@contextmanager
def scripted_chat_server(reply: str) -> Iterator[str]:
    """An OpenAI-compatible chat server on loopback that streams ``reply`` (as vLLM or Ollama would) to every
    request: a model whose words the tests choose. Yields its base URL."""
    import json
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for piece in reply.split(" "):
                chunk = {"choices": [{"index": 0, "delta": {"content": piece + " "}}]}
                self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")

        def log_message(self, *args: Any) -> None:
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


@contextmanager
def live_service(root: Path, **settings_overrides: Any) -> Iterator[dict[str, Any]]:
    """A real HTTP server over a fresh knowledge base of the test corpus (hashing embedder, extractive
    answers unless ``settings_overrides`` say otherwise, no rate limit), with one key per (role, clearance)."""
    from api.app import create_app
    from core.settings import Settings

    options: dict[str, Any] = {"generator": "extractive", **settings_overrides}
    settings = Settings(data_dir=root / "data", models_dir=root / "models", embedder="hashing",
                        rate_limit_per_minute=0, **options)
    ids = build_corpus(settings, root / "docs")
    keys = make_keys(settings)
    with LiveServer(create_app(settings)) as server:
        yield {"url": server.url, "ids": ids, "keys": keys, "root": root}
