"""The access matrix over a live server: role × clearance × endpoint, including citations and sources.

A public-clearance key must never see the internal document: not in search hits, answer citations,
closest sources, streamed source events, document lists, metadata, text, downloads or summaries. The
internal document carries a canary word; no response to a public key may contain it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.api_support import (
    CANARY,
    PUBLIC_QUESTION,
    SECRET_QUESTION,
    live_service,
    parse_sse,
)

ROLES = ("reader", "writer", "admin")
LEVELS = ("public", "internal")
CELLS = [(r, c) for r in ROLES for c in LEVELS]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    with live_service(tmp_path_factory.mktemp("access")) as service:
        yield service


def client(live: dict[str, Any], role: str, level: str) -> httpx.Client:
    return httpx.Client(base_url=live["url"], timeout=60,
                        headers={"Authorization": f"Bearer {live['keys'][(role, level)]}"})


def sees_secret(level: str) -> bool:
    return level == "internal"


def check_canary(response: httpx.Response, level: str) -> None:
    if not sees_secret(level):
        assert CANARY not in response.text, "internal text leaked to a public-clearance key"


@pytest.mark.parametrize(("role", "level"), CELLS)
def test_search(live: dict[str, Any], role: str, level: str) -> None:
    with client(live, role, level) as c:
        response = c.post("/v1/search", json={"query": SECRET_QUESTION, "k": 10})
    assert response.status_code == 200
    hits = response.json()["hits"]
    doc_ids = {h["doc_id"] for h in hits}
    assert (live["ids"]["secret"] in doc_ids) is sees_secret(level)
    check_canary(response, level)
    # each leg's score, to debug a ranking or show it: every hit was found by at least one leg
    assert hits and all({"keyword", "dense"} & set(h["scores"]) for h in hits)


@pytest.mark.parametrize(("role", "level"), CELLS)
def test_search_names_a_department_no_readable_document_has(live: dict[str, Any], role: str, level: str) -> None:
    # "청년정책" for "청년정책과" matches nothing; the response says so. The internal document's department
    # (도시철도과) counts as known only to a caller who may read it.
    with client(live, role, level) as c:
        typo = c.post("/v1/search", json={"query": "청년 월세", "filters": {"departments": ["청년정책"]}}).json()
        right = c.post("/v1/search", json={"query": "청년 월세", "filters": {"departments": ["청년정책과"]}}).json()
        hidden = c.post("/v1/search", json={"query": SECRET_QUESTION, "filters": {"departments": ["도시철도과"]}})
    assert typo["hits"] == [] and typo["notices"] == ["열람할 수 있는 문서에 없는 부서입니다: 청년정책"]
    assert right["hits"] and right["notices"] == []
    assert (hidden.json()["notices"] == []) is sees_secret(level)
    check_canary(hidden, level)


@pytest.mark.parametrize(("role", "level"), CELLS)
def test_ask_citations_and_sources(live: dict[str, Any], role: str, level: str) -> None:
    with client(live, role, level) as c:
        response = c.post("/v1/ask", json={"question": SECRET_QUESTION, "generator": "extractive"})
    assert response.status_code == 200
    answer = response.json()
    cited = {x["doc_id"] for x in answer["citations"]} | {x["doc_id"] for x in answer["closest_sources"]}
    if sees_secret(level):
        assert not answer["refused"] and live["ids"]["secret"] in {x["doc_id"] for x in answer["citations"]}
        assert "1조 2천억 원" in answer["answer"]
    else:
        assert live["ids"]["secret"] not in cited
        assert "1조 2천억" not in answer["answer"]
    check_canary(response, level)


@pytest.mark.parametrize(("role", "level"), CELLS)
def test_ask_stream_sources(live: dict[str, Any], role: str, level: str) -> None:
    with client(live, role, level) as c:
        response = c.post("/v1/ask", json={"question": SECRET_QUESTION, "stream": True, "generator": "extractive"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(response.text)
    shown = {s["doc_id"] for kind, data in events if kind == "sources" for s in data["sources"]}
    assert (live["ids"]["secret"] in shown) is sees_secret(level)
    check_canary(response, level)


@pytest.mark.parametrize(("role", "level"), CELLS)
def test_public_answer_is_cited_for_everyone(live: dict[str, Any], role: str, level: str) -> None:
    with client(live, role, level) as c:
        answer = c.post("/v1/ask", json={"question": PUBLIC_QUESTION}).json()
    assert not answer["refused"]
    assert live["ids"]["release"] in {x["doc_id"] for x in answer["citations"]}


@pytest.mark.parametrize(("role", "level"), CELLS)
def test_document_list(live: dict[str, Any], role: str, level: str) -> None:
    with client(live, role, level) as c:
        response = c.get("/v1/documents")
    listed = {d["doc_id"] for d in response.json()["documents"]}
    assert {live["ids"]["release"], live["ids"]["plan"]} <= listed
    assert (live["ids"]["secret"] in listed) is sees_secret(level)
    assert all("source_path" not in d for d in response.json()["documents"])
    check_canary(response, level)


@pytest.mark.parametrize("level", LEVELS)
def test_document_list_comes_in_pages_newest_first_within_clearance(live: dict[str, Any], level: str) -> None:
    with client(live, "reader", level) as c:
        everything = c.get("/v1/documents").json()
        pages = [c.get("/v1/documents", params={"limit": 1, "offset": i}).json() for i in range(3)]
        named = c.get("/v1/documents", params={"q": "내부문건"}).json()  # spacing ignored
        departments = c.get("/v1/documents/departments").json()["departments"]
    listed = [d["doc_id"] for d in everything["documents"]]
    assert everything["count"] == len(listed) == (3 if sees_secret(level) else 2)
    assert [p["documents"][0]["doc_id"] for p in pages[:len(listed)]] == listed
    assert all(p["count"] == len(listed) for p in pages)
    dates = [d["date"] or "" for d in everything["documents"]]
    assert dates == sorted(dates, reverse=True)
    assert [d["doc_id"] for d in named["documents"]] == ([live["ids"]["secret"]] if sees_secret(level) else [])
    assert departments == sorted(departments) and ("도시철도과" in departments) is sees_secret(level)


@pytest.mark.parametrize(("role", "level"), CELLS)
@pytest.mark.parametrize("path", ["/v1/documents/{id}", "/v1/documents/{id}?text=true", "/v1/documents/{id}/file"])
def test_document_read(live: dict[str, Any], role: str, level: str, path: str) -> None:
    with client(live, role, level) as c:
        response = c.get(path.format(id=live["ids"]["secret"]))
        missing = c.get(path.format(id="d_0000000000000000"))
    if sees_secret(level):
        assert response.status_code == 200
        if "text=true" in path or path.endswith("/file"):
            assert CANARY in response.text
    else:  # indistinguishable from a document that does not exist
        assert response.status_code == 404 and missing.status_code == 404
        assert response.json()["code"] == missing.json()["code"] == "document_not_found"
    check_canary(response, level)


@pytest.mark.parametrize(("role", "level"), CELLS)
@pytest.mark.parametrize("kind", ["summary", "explainer"])
def test_summary_of_hidden_document(live: dict[str, Any], role: str, level: str, kind: str) -> None:
    with client(live, role, level) as c:
        response = c.post("/v1/summaries", json={"doc_ids": [live["ids"]["secret"]], "kind": kind})
        both = c.post("/v1/summaries", json={"doc_ids": [live["ids"]["release"], "secret"], "kind": kind})
    if sees_secret(level):
        assert response.status_code == 200 and both.status_code == 200
        assert {x["doc_id"] for x in response.json()["citations"]} == {live["ids"]["secret"]}
        assert live["ids"]["secret"] in {x["doc_id"] for x in both.json()["citations"]}
    else:  # by id or by file name: reported as missing, exactly like an unknown document
        for r in (response, both):
            assert r.status_code == 404 and r.json()["code"] == "document_not_found"
    check_canary(response, level)
    check_canary(both, level)


BRIEF = {"topic": "지하철 3호선 연장 착공", "department": "도시철도과", "release_date": "2025-06-02",
         "key_facts": ["연장 구간은 9.4킬로미터", "2030년 개통 목표"],
         "quote": {"speaker": "윤서진 시장", "points": ["동서 교통 격차를 줄이겠다"]}}


@pytest.mark.parametrize(("role", "level"), CELLS)
def test_draft_exemplars_and_background(live: dict[str, Any], role: str, level: str) -> None:
    brief = {**BRIEF, "background_doc_ids": [live["ids"]["secret"], live["ids"]["plan"]]}
    with client(live, role, level) as c:
        response = c.post("/v1/drafts", json={"brief": brief})
    if role == "reader":
        assert response.status_code == 403 and response.json()["code"] == "forbidden_role"
        return
    assert response.status_code == 200, response.text
    draft = response.json()
    used = set(draft["exemplars"]) | {b["doc_id"] for b in draft["background"]}
    assert (live["ids"]["secret"] in used) is sees_secret(level)
    assert "9.4킬로미터" in draft["text"]
    check_canary(response, level)


@pytest.mark.parametrize(("role", "level"), CELLS)
def test_upload_role(live: dict[str, Any], role: str, level: str) -> None:
    files = {"files": (f"note-{role}-{level}.txt", "한빛시 알림: 시청 주차장을 주말에 개방합니다.".encode(), "text/plain")}
    with client(live, role, level) as c:
        response = c.post("/v1/documents", files=files)
    assert response.status_code == (403 if role == "reader" else 202)


@pytest.mark.parametrize(("role", "level"), CELLS)
def test_delete_role_and_clearance(live: dict[str, Any], role: str, level: str) -> None:
    with client(live, role, level) as c:
        hidden = c.delete(f"/v1/documents/{live['ids']['secret']}") if level == "public" else None
        missing = c.delete("/v1/documents/d_0000000000000000")
    if role != "admin":
        assert missing.status_code == 403
        if hidden is not None:
            assert hidden.status_code == 403
    else:
        assert missing.status_code == 404
        if hidden is not None:  # an admin without internal clearance cannot delete what it cannot see
            assert hidden.status_code == 404


@pytest.mark.parametrize(("role", "level"), CELLS)
@pytest.mark.parametrize("path", ["/v1/keys", "/v1/audit"])
def test_admin_endpoints(live: dict[str, Any], role: str, level: str, path: str) -> None:
    with client(live, role, level) as c:
        response = c.get(path)
    assert response.status_code == (200 if role == "admin" else 403)
    assert "token" not in response.text.replace('"token_', "")  # key values are never listed


def test_no_key_and_bad_key_are_rejected(live: dict[str, Any]) -> None:
    with httpx.Client(base_url=live["url"]) as c:
        none = c.post("/v1/search", json={"query": "청년"})
        bad = c.post("/v1/search", json={"query": "청년"}, headers={"Authorization": "Bearer prk_nope"})
    assert none.status_code == 401 and none.json()["code"] == "missing_key"
    assert bad.status_code == 401 and bad.json()["code"] == "invalid_key"
    assert none.headers["content-type"].startswith("application/problem+json")
