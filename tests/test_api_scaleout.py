"""Scale-out over a real Chroma server: two uvicorn workers share one data dir; a document uploaded
through one worker is found by both (the keyword index reloads when the manifest generation changes)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api_support import build_corpus, free_socket, make_keys, serve_subprocess, wait_job

pytestmark = [pytest.mark.server, pytest.mark.slow]


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    binary = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    if not Path(binary).exists():
        pytest.skip("the `chroma` command is not installed")
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    proc = subprocess.Popen([binary, "run", "--path", str(tmp_path / "chroma-server"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not _heartbeat(port):
            if time.monotonic() > deadline or proc.poll() is not None:
                pytest.fail(f"the Chroma server on port {port} did not start (exit code {proc.poll()})")
            time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        proc.wait(30)


def _heartbeat(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def test_two_workers_over_a_chroma_server(tmp_path: Path, chroma_server: int) -> None:
    from core.settings import Settings

    env = {"PRESSROOM_DATA_DIR": str(tmp_path / "data"), "PRESSROOM_MODELS_DIR": str(tmp_path / "models"),
           "PRESSROOM_EMBEDDER": "hashing", "PRESSROOM_GENERATOR": "extractive",
           "PRESSROOM_CHROMA_HOST": "127.0.0.1", "PRESSROOM_CHROMA_PORT": str(chroma_server),
           "PRESSROOM_RATE_LIMIT_PER_MINUTE": "0"}
    settings = Settings(data_dir=tmp_path / "data", models_dir=tmp_path / "models", embedder="hashing",
                        generator="extractive", chroma_host="127.0.0.1", chroma_port=chroma_server)
    build_corpus(settings, tmp_path / "docs")
    token = make_keys(settings)[("admin", "internal")]
    auth = {"Authorization": f"Bearer {token}"}
    with serve_subprocess(env, workers=2) as url:
        with httpx.Client(base_url=url, headers=auth, timeout=60) as c:
            text = "한빛시 알림\n수소 버스 충전소 세 곳을 새로 연다.".encode()
            job = c.post("/v1/documents", files={"files": ("수소 버스.txt", text, "text/plain")}).json()
            assert wait_job(c, job["job_id"])["status"] == "done"
        pids, found = set(), []
        for _ in range(40):  # fresh connections land on either worker
            pids.add(httpx.get(url + "/readyz", timeout=60).json()["worker_pid"])
            hits = httpx.post(url + "/v1/search", json={"query": "수소 버스 충전소"}, headers=auth,
                              timeout=60).json()["hits"]
            found.append(bool(hits) and hits[0]["file_name"] == "수소 버스.txt")
            if len(pids) == 2 and len(found) >= 10:
                break
    assert len(pids) == 2, "both workers must have answered"
    assert all(found), "every worker finds the document uploaded through one of them"


def test_several_workers_need_a_chroma_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from api.cli import app

    monkeypatch.setenv("PRESSROOM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PRESSROOM_CHROMA_HOST", raising=False)
    result = CliRunner().invoke(app, ["serve", "--workers", "2"])
    assert result.exit_code == 1 and "Chroma 서버" in result.output
