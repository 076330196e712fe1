"""Uploads over a live server: good files become searchable through a job; bad types, zip bombs,
oversized files and path-traversal names are refused or neutralised; hidden documents cannot be replaced."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ingest.parsers.ocr import ocr_available
from tests.api_support import LiveServer, make_keys, wait_job

LIMIT_MB = 0.2


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    from api.app import create_app
    from core.settings import Settings

    root = tmp_path_factory.mktemp("uploads")
    settings = Settings(data_dir=root / "data", models_dir=root / "models", embedder="hashing",
                        generator="extractive", rate_limit_per_minute=0, max_upload_mb=LIMIT_MB)
    keys = make_keys(settings)
    with LiveServer(create_app(settings)) as server:
        yield {"url": server.url, "keys": keys, "data": settings.data_dir, "server": server}


@pytest.fixture
def writer(live: dict[str, Any]) -> Iterator[httpx.Client]:
    with _client(live, "writer", "public") as c:
        yield c


@pytest.fixture
def admin(live: dict[str, Any]) -> Iterator[httpx.Client]:
    with _client(live, "admin", "internal") as c:
        yield c


def _client(live: dict[str, Any], role: str, level: str) -> httpx.Client:
    return httpx.Client(base_url=live["url"], timeout=60,
                        headers={"Authorization": f"Bearer {live['keys'][(role, level)]}"})


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload(client: httpx.Client, name: str, content: bytes, **fields: str) -> httpx.Response:
    return client.post("/v1/documents", files={"files": (name, content, "application/octet-stream")}, data=fields)


def test_good_docx_becomes_searchable_with_its_metadata(live: dict[str, Any], writer: httpx.Client) -> None:
    body = "한빛시 자전거 도로 확충 계획\n한빛시는 2026년까지 자전거 도로 42킬로미터를 새로 만든다."
    response = _upload(writer, "자전거 도로.docx", _docx(body), department="교통정책과", doc_type="policy")
    assert response.status_code == 202 and response.headers["location"].endswith(response.json()["job_id"])
    job = wait_job(writer, response.json()["job_id"])
    assert job["status"] == "done" and job["outcomes"][0]["status"] == "added", job
    hits = writer.post("/v1/search", json={"query": "자전거 도로 확충"}).json()["hits"]
    assert hits and hits[0]["file_name"] == "자전거 도로.docx" and hits[0]["department"] == "교통정책과"
    assert hits[0]["doc_type"] == "policy"
    deadline = time.monotonic() + 60  # the job is done in SQLite a moment before its process is reaped (slow under load)
    while 'pressroom_ingest_files_total{status="added"}' not in httpx.get(live["url"] + "/metrics").text:
        assert time.monotonic() < deadline, "ingestion counters never appeared"
        time.sleep(0.2)


def test_distribution_hwp_upload_becomes_searchable(writer: httpx.Client) -> None:
    """The 배포용 (copy-protected) HWP a city publishes its releases in: its text is read, not refused."""
    from corpus.hwp5 import hwp_bytes

    content = hwp_bytes(["한빛시 공공자전거 야간 대여 시작", "한빛시는 3월부터 공공자전거를 밤 11시까지 빌려준다."],
                        distribution=True)
    job = wait_job(writer, _upload(writer, "배포용 보도자료.hwp", content).json()["job_id"])
    assert job["status"] == "done" and job["outcomes"][0]["status"] == "added", job
    hits = writer.post("/v1/search", json={"query": "공공자전거 야간 대여"}).json()["hits"]
    assert hits and hits[0]["file_name"] == "배포용 보도자료.hwp" and "밤 11시" in hits[0]["text"]


@pytest.mark.skipif(not ocr_available(), reason="tesseract with the kor model is not installed")
def test_an_uploaded_scan_image_is_read_by_ocr_and_its_citations_say_so(writer: httpx.Client) -> None:
    from tests.test_ocr import RELEASE, page_image

    scan = io.BytesIO()
    page_image(RELEASE).convert("1").save(scan, "PNG", optimize=True)  # a black-and-white scan, ~15 KB
    job = wait_job(writer, _upload(writer, "하수처리장 스캔.png", scan.getvalue()).json()["job_id"])
    assert job["status"] == "done" and job["outcomes"][0]["status"] == "added", job
    hits = writer.post("/v1/search", json={"query": "하수처리장 증설 사업비"}).json()["hits"]
    assert hits and hits[0]["file_name"] == "하수처리장 스캔.png" and hits[0]["ocr"] is True
    assert "1,240억 원" in hits[0]["text"]
    answer = writer.post("/v1/ask", json={"question": "하수처리장 증설 공사 사업비는 얼마야?"}).json()
    cited = [c for c in answer["citations"] if c["file_name"] == "하수처리장 스캔.png"]
    assert cited and all(c["ocr"] is True for c in cited), answer
    typed = writer.post("/v1/search", json={"query": "공공자전거 야간 대여"}).json()["hits"]
    assert typed and all(h["ocr"] is False for h in typed if h["file_name"] != "하수처리장 스캔.png")


@pytest.mark.parametrize(("name", "content", "code"), [
    ("사진.pdf", b"GIF89a" + b"\0" * 100, "file_unsupported"),
    ("setup.exe", b"MZ" + b"\0" * 100, "unsupported_type"),
    ("본문.docx", "그냥 텍스트입니다".encode(), "type_mismatch"),
    ("압축.docx", b"PK\x03\x04 not really a zip", "corrupt_file"),
])
def test_type_is_checked_by_content(writer: httpx.Client, name: str, content: bytes, code: str) -> None:
    response = _upload(writer, name, content)
    assert response.status_code == 415
    problem = response.json()
    assert problem["code"] == code and problem["detail"].startswith(f"'{name}'")
    assert response.headers["content-type"].startswith("application/problem+json")


def test_zip_bomb_is_refused_before_parsing(writer: httpx.Client) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (8 << 20))  # 8 MB of zeros: ~1000× inflation
    assert len(out.getvalue()) < LIMIT_MB * 1_000_000
    response = _upload(writer, "폭탄.docx", out.getvalue())
    assert response.status_code == 413 and response.json()["code"] == "zip_bomb"


def test_zip_total_size_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from api import uploads
    from api.problems import ApiProblem

    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:  # stored: no inflation at all
        archive.writestr("xl/workbook.xml", b"x" * 5000)
    monkeypatch.setattr(uploads, "MAX_UNCOMPRESSED_BYTES", 4000)
    with pytest.raises(ApiProblem) as caught:
        uploads.check_zip(path, "big.xlsx")
    assert caught.value.code == "zip_bomb"


def test_oversized_upload_is_refused(writer: httpx.Client) -> None:
    response = _upload(writer, "큰 파일.txt", "가".encode() * int(LIMIT_MB * 1_000_000))
    assert response.status_code == 413
    assert response.json()["code"] in ("request_too_large", "file_too_large")


def test_traversal_names_stay_inside_uploads(live: dict[str, Any], writer: httpx.Client) -> None:
    text = "한빛시 알림\n공원 산책로 야간 조명을 켭니다.".encode()
    for raw in ("../../../../srv/evil.txt", "..\\..\\evil2.txt", "/etc/evil3.txt"):
        response = _upload(writer, raw, text)
        assert response.status_code == 202, response.text
        assert response.json()["files"] == [raw.replace("\\", "/").split("/")[-1]]
        wait_job(writer, response.json()["job_id"])
    uploads = live["data"] / "uploads"
    assert {"evil.txt", "evil2.txt", "evil3.txt"} <= {p.name for p in uploads.iterdir()}
    assert not (live["data"] / "evil.txt").exists() and not (live["data"].parent / "evil2.txt").exists()


@pytest.mark.parametrize(("raw", "safe"), [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("C:\\Users\\a\\보도자료.HWPX", "보도자료.hwpx"),
    (".hidden.txt", "hidden.txt"),
    ("_metadata.jsonl", "metadata.jsonl"),
    ("a\x00b<>:|?.pdf", "ab_____.pdf"),
    ("...", "upload"),
    ("", "upload"),
])
def test_safe_name(raw: str, safe: str) -> None:
    from api.uploads import safe_name

    assert safe_name(raw) == safe


def test_hidden_document_cannot_be_replaced(writer: httpx.Client, admin: httpx.Client) -> None:
    secret = "도시철도과 내부 검토\n경전철 2호선 노선은 동림역을 지난다.".encode()
    first = _upload(admin, "노선검토.txt", secret, access="internal")
    assert wait_job(admin, first.json()["job_id"])["status"] == "done"
    second = _upload(writer, "노선검토.txt", "바꿔치기 시도".encode())
    job = wait_job(writer, second.json()["job_id"])
    assert job["files"] != ["노선검토.txt"]  # stored under a fresh name; nothing reveals the hidden one
    hits = admin.post("/v1/search", json={"query": "경전철 2호선 노선"}).json()["hits"]
    assert any("동림역" in h["text"] and h["file_name"] == "노선검토.txt" for h in hits)


def test_failed_file_is_reported_without_server_paths(live: dict[str, Any], writer: httpx.Client) -> None:
    response = _upload(writer, "깨진.pdf", b"%PDF-1.4\n this is not a real pdf body")
    job = wait_job(writer, response.json()["job_id"])
    assert job["status"] == "done" and job["errors"] and job["errors"][0]["name"] == "깨진.pdf"
    assert str(live["data"]) not in str(job)


def test_delete_removes_document_and_upload(live: dict[str, Any], admin: httpx.Client) -> None:
    response = _upload(admin, "삭제될 문서.txt", "한빛시 알림\n분수대 가동 시간을 늘립니다.".encode())
    job = wait_job(admin, response.json()["job_id"])
    doc_id = job["outcomes"][0]["doc_id"]
    assert admin.delete(f"/v1/documents/{doc_id}").status_code == 204
    assert admin.get(f"/v1/documents/{doc_id}").status_code == 404
    assert not (live["data"] / "uploads" / "삭제될 문서.txt").exists()
    hits = admin.post("/v1/search", json={"query": "분수대 가동 시간"}).json()["hits"]
    assert doc_id not in {h["doc_id"] for h in hits}
    entries = admin.get("/v1/audit", params={"action": "delete"}).json()["entries"]
    assert entries[-1]["target"] == doc_id and entries[-1]["key_name"] == "admin-internal"


def test_job_of_another_key_is_not_found(live: dict[str, Any], writer: httpx.Client) -> None:
    response = _upload(writer, "내 작업.txt", "한빛시 알림\n도서관 휴관일을 바꿉니다.".encode())
    with _client(live, "writer", "internal") as other:
        assert other.get(f"/v1/jobs/{response.json()['job_id']}").status_code == 404
    wait_job(writer, response.json()["job_id"])


def test_a_crashed_ingestion_process_fails_only_its_job(live: dict[str, Any], writer: httpx.Client) -> None:
    runner = live["server"].services.runner
    response = _upload(writer, "충돌.txt", "한빛시 알림\n시민 체육대회를 엽니다.".encode())
    deadline, name = time.monotonic() + 30, f"pressroom-ingest-{response.json()['job_id']}"
    while (child := runner._child) is None or child.name != name or not child.is_alive():
        assert time.monotonic() < deadline
        time.sleep(0.01)
    child.kill()  # as if a native parser had crashed the process
    job = wait_job(writer, response.json()["job_id"])
    assert job["status"] == "failed" and "비정상 종료" in job["error"]
    again = _upload(writer, "충돌.txt", "한빛시 알림\n시민 체육대회를 엽니다.".encode())
    assert wait_job(writer, again.json()["job_id"])["status"] == "done"
    assert writer.post("/v1/search", json={"query": "시민 체육대회"}).json()["hits"]


def test_the_pdf_of_an_uploaded_hwp_release_is_named_as_its_copy(writer: httpx.Client, tmp_path: Path) -> None:
    from corpus.build import render
    from corpus.source import read_source

    source = read_source(Path(__file__).resolve().parents[1] / "corpus" / "source" / "pr-206.md")
    files = []
    for fmt in ("hwp", "pdf"):
        (tmp_path / fmt).mkdir()
        path = render(source, tmp_path / fmt, fmt)
        files.append(("files", (f"폭염 대책.{fmt}", path.read_bytes())))
    job = wait_job(writer, writer.post("/v1/documents", files=files).json()["job_id"])
    notes = {o["name"]: o.get("message") for o in job["outcomes"]}
    assert job["status"] == "done" and not notes["폭염 대책.hwp"], job
    assert "폭염 대책.hwp" in notes["폭염 대책.pdf"] and "한 번만" in notes["폭염 대책.pdf"]
