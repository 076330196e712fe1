"""The service around the routes: SSE streaming, problem details, rate limit, timeout, demo mode,
health/metrics, keys and the audit log (API and CLI)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api_support import PUBLIC_QUESTION, LiveServer, build_corpus, make_keys, parse_sse


def _settings(root: Path, **overrides: Any) -> Any:
    from core.settings import Settings

    values: dict[str, Any] = {"data_dir": root / "data", "models_dir": root / "models", "embedder": "hashing",
                              "generator": "extractive", "rate_limit_per_minute": 0, **overrides}
    return Settings(**values)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    from api.app import create_app

    root = tmp_path_factory.mktemp("service")
    settings = _settings(root)
    ids = build_corpus(settings, root / "docs")
    keys = make_keys(settings)
    with LiveServer(create_app(settings)) as server:
        yield {"url": server.url, "ids": ids, "keys": keys, "server": server, "settings": settings}


def _client(live: dict[str, Any], role: str = "admin", level: str = "internal") -> httpx.Client:
    return httpx.Client(base_url=live["url"], timeout=60,
                        headers={"Authorization": f"Bearer {live['keys'][(role, level)]}"})


def test_sse_stream_order_and_final_answer(live: dict[str, Any]) -> None:
    with _client(live, "reader", "public") as c, c.stream(
            "POST", "/v1/ask", json={"question": PUBLIC_QUESTION},
            headers={"Accept": "text/event-stream"}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        text = "".join(response.iter_text())
    events = parse_sse(text)
    kinds = [k for k, _ in events]
    assert kinds[0] == "sources" and kinds[-1] == "done" and "text" in kinds and "sentence" in kinds
    done = events[-1][1]
    streamed = "".join(d["delta"] for k, d in events if k == "text")
    assert streamed == "".join(s["text"] for s in done["sentences"])
    assert "3,000명" in done["answer"] and "[1]" in done["answer"]
    numbers = {s["n"] for s in events[0][1]["sources"]}
    assert {n for s in done["sentences"] for n in s["citations"]} <= numbers


def test_follow_up_question_uses_history(live: dict[str, Any]) -> None:
    with _client(live, "reader", "internal") as c:
        answer = c.post("/v1/ask", json={"question": "지원 금액은요?", "history": [PUBLIC_QUESTION]}).json()
    assert "청년 월세" in answer["standalone_query"] and not answer["refused"]
    assert live["ids"]["release"] in {c["doc_id"] for c in answer["citations"]}


def test_follow_up_by_conversation_id_alone(live: dict[str, Any]) -> None:
    # An API client that sends only the conversation id (no history) gets its follow-up read in context;
    # the server opens a conversation when the request names none and returns its id.
    with _client(live, "reader", "internal") as c:
        first = c.post("/v1/ask", json={"question": PUBLIC_QUESTION}).json()
        conversation = first["conversation_id"]
        assert conversation
        follow_up = c.post("/v1/ask", json={"question": "그럼 지원 금액은요?", "conversation_id": conversation}).json()
        third = c.post("/v1/ask", json={"question": "소득 기준은?", "conversation_id": conversation}).json()
    assert "청년 월세" in follow_up["standalone_query"] and follow_up["conversation_id"] == conversation
    assert "청년 월세" in third["standalone_query"], "the third question keeps the first one's topic"
    assert live["ids"]["release"] in {c["doc_id"] for c in follow_up["citations"]}
    # A conversation belongs to the key that started it: another key sending the same id starts afresh.
    with _client(live, "writer", "internal") as other:
        elsewhere = other.post("/v1/ask", json={"question": "그럼 지원 금액은요?", "conversation_id": conversation})
    assert elsewhere.json()["standalone_query"] == "그럼 지원 금액은요?"


def test_problem_details(live: dict[str, Any]) -> None:
    with _client(live, "writer", "internal") as c:
        cases = {
            "not_found": c.get("/v1/nope"),
            "method_not_allowed": c.put("/v1/search", json={}),
            "invalid_request": c.post("/v1/search", json={"query": "", "k": 500}),
            "request_too_large": c.post("/v1/search", content=b"{" + b" " * (2 << 20) + b"}",
                                        headers={"Content-Type": "application/json"}),
        }
    for code, response in cases.items():
        body = response.json()
        assert response.headers["content-type"].startswith("application/problem+json"), code
        assert body["code"] == code and body["status"] == response.status_code
        assert any("\uac00" <= ch <= "\ud7a3" for ch in body["detail"]), "detail must be Korean"
    errors = {e["field"]: e["message"] for e in cases["invalid_request"].json()["errors"]}
    assert errors == {"query": "비어 있을 수 없습니다", "k": "50 이하여야 합니다"}  # Korean, not pydantic's English


def test_validation_messages_are_korean_and_an_inverted_date_range_is_named(live: dict[str, Any]) -> None:
    import doctest

    import core.validation

    with _client(live, "reader", "internal") as c:
        bad = c.post("/v1/search", json={"query": "청년", "mode": "x", "extra": 1,
                                         "filters": {"date_from": "2025-13-01"}}).json()["errors"]
        inverted = c.post("/v1/search", json={"query": "청년", "filters": {"date_from": "2026-01-01",
                                                                           "date_to": "2025-01-01"}})
    assert {e["field"]: e["message"] for e in bad} == {
        "mode": "허용값: 'hybrid', 'keyword', 'dense'", "extra": "알 수 없는 항목입니다",
        "filters.date_from": "올바른 날짜(YYYY-MM-DD)가 아닙니다"}
    assert inverted.status_code == 422
    assert inverted.json()["errors"][0]["message"].startswith("시작일(date_from) 2026-01-01이 종료일(date_to)")
    assert doctest.testmod(core.validation).failed == 0


def test_a_blank_question_or_query_is_refused_naming_the_field(live: dict[str, Any]) -> None:
    from typer.testing import CliRunner

    from api.cli import app

    with _client(live, "reader", "internal") as c:
        asked = c.post("/v1/ask", json={"question": " \n\t "})
        searched = c.post("/v1/search", json={"query": "   "})
    assert (asked.status_code, searched.status_code) == (422, 422)
    assert asked.json()["errors"] == [{"field": "question", "message": "질문이 비어 있습니다"}]
    assert searched.json()["errors"] == [{"field": "query", "message": "검색어가 비어 있습니다"}]
    cli_ask = CliRunner().invoke(app, ["ask", "  ", "--generator", "extractive"])
    cli_search = CliRunner().invoke(app, ["search", ""])
    no_results = CliRunner().invoke(app, ["search", "청년", "-k", "0"])
    inverted = CliRunner().invoke(app, ["search", "청년", "--from", "2026-01-01", "--to", "2025-01-01"])
    assert inverted.exit_code == 2 and "--from 2026-01-01이 --to 2025-01-01보다 늦습니다" in inverted.output
    wrong_type = CliRunner().invoke(app, ["search", "청년", "--type", "memo"])
    assert wrong_type.exit_code == 2 and "--type: press_release, policy, case_study, other 중 하나" in wrong_type.output
    assert (cli_ask.exit_code, cli_search.exit_code, no_results.exit_code) == (2, 2, 2)
    assert "질문이 비어" in cli_ask.output and "검색어가 비어" in cli_search.output and "-k" in no_results.output


def test_a_bad_setting_is_named_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    import doctest
    import sys

    import api.cli

    monkeypatch.setenv("PRESSROOM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PRESSROOM_DEFAULT_ACCESS", "secret")
    monkeypatch.setattr(sys, "argv", ["pressroom", "documents", "list"])
    with pytest.raises(SystemExit) as exited:
        api.cli.main()
    assert exited.value.code == 2
    assert "PRESSROOM_DEFAULT_ACCESS='secret' (허용값: 'public', 'internal')" in capsys.readouterr().err
    assert doctest.testmod(api.cli).failed == 0


def test_rate_limit_per_key(tmp_path: Path) -> None:
    from api.app import create_app

    settings = _settings(tmp_path, rate_limit_per_minute=5)
    keys = make_keys(settings)
    with LiveServer(create_app(settings)) as server:
        live = {"url": server.url, "keys": keys}
        with _client(live, "reader", "public") as limited, _client(live, "writer", "public") as other:
            statuses = [limited.post("/v1/search", json={"query": "버스"}).status_code for _ in range(6)]
            assert statuses == [200] * 5 + [429]
            blocked = limited.post("/v1/search", json={"query": "버스"})
            assert blocked.json()["code"] == "rate_limited" and int(blocked.headers["retry-after"]) >= 1
            assert other.post("/v1/search", json={"query": "버스"}).status_code == 200


def test_health_readiness_and_metrics(live: dict[str, Any]) -> None:
    assert httpx.get(live["url"] + "/healthz").json() == {"status": "ok"}
    ready = httpx.get(live["url"] + "/readyz").json()
    assert ready["status"] == "ready" and ready["store"] and ready["embedder"] and ready["documents"] == 3
    with _client(live, "writer", "internal") as c:
        c.post("/v1/search", json={"query": "버스 노선"})
    metrics = httpx.get(live["url"] + "/metrics").text
    assert 'pressroom_http_requests_total{method="POST",route="/v1/search",status="200"}' in metrics
    assert 'pressroom_http_request_seconds_bucket{le="0.3",method="POST",route="/v1/search"}' in metrics


def test_keys_api_create_use_revoke(live: dict[str, Any]) -> None:
    with _client(live) as admin:
        created = admin.post("/v1/keys", json={"name": "보도팀 박서연", "role": "writer", "clearance": "public"})
        assert created.status_code == 201
        token, key_id = created.json()["token"], created.json()["key_id"]
        listed = admin.get("/v1/keys").json()["keys"]
        assert key_id in {k["key_id"] for k in listed} and token not in str(listed)
        me = httpx.get(live["url"] + "/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
        assert (me["role"], me["clearance"], me["demo"]) == ("writer", "public", False)
        assert admin.delete(f"/v1/keys/{key_id}").status_code == 200
        assert admin.delete(f"/v1/keys/{key_id}").json()["code"] == "key_not_found"
    revoked = httpx.get(live["url"] + "/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert revoked.status_code == 401 and revoked.json()["code"] == "invalid_key"


def test_audit_records_who_asked_what_and_cited(live: dict[str, Any]) -> None:
    with _client(live, "reader", "internal") as reader:
        reader.post("/v1/ask", json={"question": PUBLIC_QUESTION})
        reader.post("/v1/search", json={"query": "=HYPERLINK(\"http://x\")"})
    with _client(live) as admin:
        entries = admin.get("/v1/audit", params={"action": "ask"}).json()["entries"]
        csv_text = admin.get("/v1/audit", params={"format": "csv", "action": "ask"}).text
    mine = [e for e in entries if e["key_name"] == "reader-internal" and e["target"] == PUBLIC_QUESTION]
    assert mine and live["ids"]["release"] in mine[-1]["doc_ids"] and mine[-1]["role"] == "reader"
    assert csv_text.splitlines()[0].startswith("id,at,key_id") and PUBLIC_QUESTION in csv_text
    with _client(live) as admin:
        searches = admin.get("/v1/audit", params={"format": "csv", "action": "search"}).text
    assert "'=HYPERLINK" in searches and ",=HYPERLINK" not in searches  # no formula reaches a spreadsheet


def test_audit_and_keys_cli(live: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from api.cli import app

    monkeypatch.setenv("PRESSROOM_DATA_DIR", str(live["settings"].data_dir))
    runner = CliRunner()
    created = runner.invoke(app, ["keys", "create", "CLI 담당", "--role", "admin", "--clearance", "internal"])
    assert created.exit_code == 0 and "prk_" in created.output
    listed = runner.invoke(app, ["keys", "list", "--json"])
    key_id = next(k["key_id"] for k in __import__("json").loads(listed.output) if k["name"] == "CLI 담당")
    assert runner.invoke(app, ["keys", "revoke", key_id]).exit_code == 0
    assert runner.invoke(app, ["keys", "revoke", key_id]).exit_code == 1
    out = tmp_path / "audit.csv"
    exported = runner.invoke(app, ["audit", "export", "--format", "csv", "--out", str(out)])
    assert exported.exit_code == 0 and "search" in out.read_text(encoding="utf-8-sig")
    lines = runner.invoke(app, ["audit", "export", "--since", "2000-01-01"]).output.splitlines()
    assert lines and all(__import__("json").loads(line)["action"] for line in lines)


def test_request_timeout(tmp_path: Path) -> None:
    from api.app import create_app

    app = create_app(_settings(tmp_path, request_timeout_s=0.5))
    with LiveServer(app) as server:

        class Slow:
            def stream(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
                time.sleep(2)
                yield from ()

        server.services.answerer = Slow()
        response = httpx.post(server.url + "/v1/ask", json={"question": "느린 질문"}, timeout=10)
    assert response.status_code == 504 and response.json()["code"] == "timeout"


def test_demo_mode_serves_loopback_only(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app

    app = create_app(_settings(tmp_path))
    with LiveServer(app) as server:
        me = httpx.get(server.url + "/v1/me").json()
        assert me["demo"] and me["role"] == "admin"
        proxied = httpx.get(server.url + "/v1/me", headers={"X-Forwarded-For": "198.51.100.7"})
        assert proxied.status_code == 403 and proxied.json()["code"] == "demo_mode_loopback_only"
        with TestClient(app, client=("192.0.2.10", 40000)) as remote:
            refused = remote.post("/v1/search", json={"query": "청년"})
    assert refused.status_code == 403 and refused.json()["code"] == "demo_mode_loopback_only"


def test_keys_end_demo_mode(tmp_path: Path) -> None:
    from api.app import create_app

    settings = _settings(tmp_path)
    with LiveServer(create_app(settings)) as server:
        assert httpx.get(server.url + "/v1/me").status_code == 200
        make_keys(settings)
        assert httpx.get(server.url + "/v1/me").json()["code"] == "missing_key"


def test_web_page_is_served(live: dict[str, Any]) -> None:
    page = httpx.get(live["url"] + "/")
    assert page.status_code == 200 and 'lang="ko"' in page.text and "/web/app.js" in page.text
    for asset in ("/web/app.js", "/web/style.css"):
        assert httpx.get(live["url"] + asset).status_code == 200
    assert "질문" in httpx.get(live["url"] + "/openapi.json").text


BRIEF = {"topic": "청년 월세 지원 대상 확대", "department": "청년정책과", "release_date": "2025-03-04",
         "key_facts": ["지원 대상을 1,500명에서 3,000명으로 확대", "월 20만 원, 최대 12개월 지원"],
         "quote": {"speaker": "윤서진 시장", "points": ["청년이 떠나지 않는 도시를 만들겠다"]},
         "contact": {"team": "청년정책과 청년주거팀", "people": "팀장 김하늘", "phone": "070-7120-3412"}}


@pytest.mark.parametrize(("fmt", "media", "magic"), [("md", "text/markdown", "3,000명".encode()),
                                                     ("docx", "wordprocessingml", b"PK"),
                                                     ("hwpx", "application/hwp+zip", b"PK")])
def test_draft_exports(live: dict[str, Any], fmt: str, media: str, magic: bytes) -> None:
    with _client(live, "writer", "public") as c:
        response = c.post("/v1/drafts", json={"brief": BRIEF, "format": fmt})
    assert response.status_code == 200 and media in response.headers["content-type"]
    assert "attachment" in response.headers["content-disposition"] and magic in response.content[:4000]


def test_draft_json_and_explainer(live: dict[str, Any]) -> None:
    with _client(live, "writer", "internal") as c:
        draft = c.post("/v1/drafts", json={"brief": BRIEF}).json()
        explainer = c.post("/v1/drafts", json={"brief": BRIEF, "kind": "explainer"}).json()
        bad = c.post("/v1/drafts", json={"brief": {"topic": "주제만"}})
    assert draft["generator"] == "template" and "3,000명" in draft["text"] and draft["release"]["headline"]
    assert explainer["mode"] == "explainer" and "3,000명" in explainer["text"]
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_brief"
    with _client(live) as admin:
        entries = admin.get("/v1/audit", params={"action": "draft"}).json()["entries"]
    assert entries and entries[-1]["target"] == "청년 월세 지원 대상 확대"


def test_summary_is_cited(live: dict[str, Any]) -> None:
    with _client(live, "reader", "public") as c:
        summary = c.post("/v1/summaries", json={"doc_ids": [live["ids"]["release"]], "length": "short"}).json()
    assert summary["sentences"] and all(s["citations"] for s in summary["sentences"])
    assert {x["doc_id"] for x in summary["citations"]} == {live["ids"]["release"]}
    assert all("source_path" not in x for x in summary["citations"])


@pytest.mark.slow
def test_demo_builds_the_corpus_and_serves_with_ingestion_on_start(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    import uvicorn
    from typer.testing import CliRunner

    from api.cli import app

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda target, **kw: calls.append({"target": target, **kw}))
    for key, value in {"DATA_DIR": tmp_path / "data", "MODELS_DIR": tmp_path / "models",
                       "EMBEDDER": "hashing", "GENERATOR": "extractive"}.items():
        monkeypatch.setenv(f"PRESSROOM_{key}", str(value))
    documents = tmp_path / "documents"
    try:
        result = CliRunner().invoke(app, ["demo", "--documents", str(documents)])
        queued = os.environ.get("PRESSROOM_INGEST_ON_START")
    finally:
        os.environ.pop("PRESSROOM_INGEST_ON_START", None)
    assert result.exit_code == 0, result.output
    assert len(list(documents.glob("pr-*"))) >= 10 and "http://localhost:8000" in result.output
    assert "/readyz" in result.output  # where the background ingestion's progress shows
    assert queued == str(documents.resolve())
    assert calls == [{"target": "api.app:app_from_env", "factory": True, "host": "127.0.0.1", "port": 8000,
                      "workers": 1, "log_level": "info", "timeout_graceful_shutdown": 10}]


def _ingested_on_start(url: str, timeout: float = 240.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ingest = httpx.get(url + "/readyz").json()["ingest"]
        if ingest["status"] in ("done", "failed"):
            return dict(ingest)
        time.sleep(0.5)
    raise AssertionError("the ingestion on start did not finish")


@pytest.mark.slow
def test_server_ingests_a_folder_on_start_while_it_serves(tmp_path: Path) -> None:
    """`pressroom demo`'s server: up at once, the folder lands as a background job whose progress /readyz
    shows; a restart re-ingests nothing."""
    from api.app import create_app
    from corpus.build import DEFAULT_SOURCE, build

    documents = tmp_path / "documents"
    report = build(DEFAULT_SOURCE, documents)
    settings = _settings(tmp_path, ingest_on_start=documents)
    with LiveServer(create_app(settings)) as server:
        first = httpx.get(server.url + "/readyz").json()["ingest"]
        assert first["total"] == len(report.written) and first["status"] in ("queued", "running", "done")
        ingest = _ingested_on_start(server.url)
        hits = httpx.post(server.url + "/v1/search", json={"query": "청년 월세 지원"}).json()["hits"]
    assert ingest["status"] == "done" and ingest["failed"] == 0 and ingest["done"] == ingest["total"]
    assert hits, "the ingested corpus is searchable"
    with LiveServer(create_app(settings)) as server:
        again = _ingested_on_start(server.url)
        job = server.services.jobs.get(again["job_id"])
    assert again["status"] == "done" and {o["status"] for o in job.outcomes} == {"unchanged"}


def test_domain_errors_become_problems(tmp_path: Path) -> None:
    from api.app import create_app
    from core.errors import ModelMissingError

    with LiveServer(create_app(_settings(tmp_path))) as server:

        class Missing:
            def search(self, *args: Any, **kwargs: Any) -> Any:
                raise ModelMissingError("임베딩 모델이 없습니다.", path="/secret/models/x")

        server.services.kb.search = Missing().search
        response = httpx.post(server.url + "/v1/search", json={"query": "청년"})
    assert response.status_code == 503 and response.json()["code"] == "model_missing"
    assert response.json()["detail"] == "임베딩 모델이 없습니다." and "/secret" not in response.text


def test_extractive_answers_do_not_queue_behind_the_llm_slot(live: dict[str, Any]) -> None:
    """The embedded LLM answers one question at a time per worker; extractive answers must not wait for
    that slot (under load they queued 5.4 s at p50 behind one another)."""
    slots = live["server"].services.answer_slots
    assert slots.acquire(timeout=5)  # an LLM answer in progress
    try:
        with _client(live) as client:
            started = time.perf_counter()
            response = client.post("/v1/ask", json={"question": PUBLIC_QUESTION, "generator": "extractive"},
                                   timeout=20)
        assert response.status_code == 200 and response.json()["generator"] == "extractive"
        assert time.perf_counter() - started < 15
    finally:
        slots.release()
