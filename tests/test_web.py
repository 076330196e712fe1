"""The Korean web page in a real headless Chromium (Debian ``chromium`` driven by Python playwright):
ask with clickable citations, upload with progress, draft download."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api_support import PUBLIC_QUESTION, live_service, scripted_chat_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    with live_service(tmp_path_factory.mktemp("web")) as service:
        yield {**service, "key": service["keys"][("admin", "internal")]}


@pytest.fixture
def page(live: dict[str, Any], tmp_path: Path) -> Iterator[Any]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        context = browser.new_context(accept_downloads=True, locale="ko-KR")
        tab = context.new_page()
        tab.set_default_timeout(30_000)
        tab.goto(live["url"] + "/")
        tab.fill("#key", live["key"])
        tab.click("#key-form button")
        tab.wait_for_function("document.querySelector('#who').textContent.includes('관리자')")
        yield tab
        browser.close()


def test_ask_streams_an_answer_with_clickable_citations(live: dict[str, Any], page: Any) -> None:
    page.fill("#question", PUBLIC_QUESTION)
    page.click("#ask-button")
    page.wait_for_selector(".turn .answer:not(.pending) button.cite")
    answer = page.inner_text(".turn .answer")
    assert "3,000명" in answer and "[1]" in answer
    source = page.inner_text("#sources li")
    assert "청년 월세" in source and "2025-03-04" in source and "청년정책과" in source
    page.click(".turn .answer button.cite")
    page.wait_for_selector("#doc-dialog[open] mark#quoted")
    quoted = page.inner_text("mark#quoted")
    assert "3,000명" in quoted
    assert page.inner_text("#doc-title").startswith("한빛시, 청년 월세")
    page.click("#doc-close")
    page.fill("#question", "지원 금액은요?")  # a follow-up carries the conversation's topic
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('.turn .meta').length >= 2")
    assert len(page.query_selector_all(".turn")) == 2


DROPPED = "지원 예산은 500억 원이다."


@pytest.fixture(scope="module")
def live_model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The service answering with a model (an OpenAI-compatible server on loopback) that makes one figure up."""
    with scripted_chat_server(f"청년 월세 지원 대상은 3,000명으로 늘어난다. {DROPPED}") as url, \
            live_service(tmp_path_factory.mktemp("web-model"), generator="openai", llm_base_url=url) as service:
        yield {**service, "key": service["keys"][("admin", "internal")]}


def test_the_models_unsupported_sentences_are_listed_apart_not_answered(live_model: dict[str, Any],
                                                                        page: Any) -> None:
    page.goto(live_model["url"] + "/")
    page.fill("#key", live_model["key"])
    page.click("#key-form button")
    page.wait_for_function("document.querySelector('#who').textContent.includes('관리자')")
    ask_on_page(page, PUBLIC_QUESTION)
    page.wait_for_selector(".turn details.dropped")
    assert "3,000명으로 늘어난다" in page.inner_text(".turn .answer")
    assert "500억" not in page.inner_text(".turn .answer"), "a made-up figure never reaches the answer"
    assert page.is_hidden(".turn details.dropped li"), "folded until opened"
    page.click(".turn details.dropped summary")
    listed = page.inner_text(".turn details.dropped")
    assert "뺀 문장 1개" in listed and DROPPED in listed and "근거에 없는 수치: 500억 원" in listed


def upload_public(page: Any, doc: Path) -> None:
    """Upload one file as public through the documents tab and wait for its ingestion job."""
    page.click("[data-tab=docs]")
    page.set_input_files("#upload-files", str(doc))
    page.select_option("#upload-access", "public")
    page.click("#upload-form button[type=submit]")
    page.wait_for_function("document.querySelector('#upload-status').textContent.includes('수집 완료')",
                           timeout=120_000)


def ask_on_page(page: Any, question: str) -> None:
    """Ask a question on the ask tab (the answer streams in after this returns)."""
    page.click("[data-tab=ask]")
    page.fill("#question", question)
    page.click("#ask-button")


def test_upload_with_progress_then_listed(live: dict[str, Any], page: Any, tmp_path: Path) -> None:
    doc = tmp_path / "가로수 정비.txt"
    doc.write_text("한빛시 가로수 정비 계획\n담당 부서: 공원녹지과\n가로수 1,200그루를 새로 심는다.", encoding="utf-8")
    upload_public(page, doc)
    assert page.get_attribute("#upload-progress", "value") == "100"
    page.wait_for_selector("#docs-body tr:has-text('가로수 정비')")
    assert page.query_selector("#docs-body tr:has-text('가로수 정비') button.danger") is not None  # admin
    assert page.inner_text("#docs-body tr:has-text('가로수 정비') .meta.file") == "가로수 정비.txt"
    # The list comes newest first, a page at a time, and narrows to a title or file name.
    assert "개 중" in page.inner_text("#docs-count") and page.is_hidden("#docs-more")
    page.fill("#docs-q", "가로수정비")
    page.click("#docs-filter button[type=submit]")
    page.wait_for_function("document.querySelector('#docs-count').textContent === '1개 중 1개'")
    assert [r.inner_text().split("\n")[0] for r in page.query_selector_all("#docs-body tr")] == ["한빛시 가로수 정비 계획"]


def test_search_with_filters_opens_the_passage(live: dict[str, Any], page: Any) -> None:
    # The department field suggests the departments the archive holds.
    page.wait_for_function("document.querySelectorAll('#departments option').length > 0")
    suggested = page.eval_on_selector_all("#departments option", "os => os.map(o => o.value)")
    assert "교통정책과" in suggested and suggested == sorted(set(suggested))
    page.click("[data-tab=search]")
    page.fill("#search-query", "버스 노선 개편")
    page.fill("#search-dept", "교통정책과")
    page.fill("#search-to", "2025-12-31")
    page.click("#search-form button")
    page.wait_for_selector("#search-results li")
    metas = [m.inner_text() for m in page.query_selector_all("#search-results .meta")]
    assert metas and all("교통정책과" in m for m in metas)
    # The terms the query matched are marked in each passage; the meta line names the file.
    marked = {m.inner_text() for m in page.query_selector_all("#search-results mark.hit")}
    assert {"버스", "노선"} & marked, marked
    assert any("." in m.rsplit(" · ", 1)[-1] for m in metas), metas
    page.click("#search-results li button.link")
    page.wait_for_selector("#doc-dialog[open] mark#quoted")
    assert "노선" in page.inner_text("#doc-text")
    # The open document can be summarised, each sentence cited to its passage.
    page.click("#doc-dialog [data-summary=summary]")
    page.wait_for_selector("#doc-summary:not([hidden])", timeout=60_000)
    summary = page.inner_text("#doc-summary")
    assert summary.startswith("요약") and "[1]" in summary and "노선" in summary


def test_draft_with_flags_and_downloads(live: dict[str, Any], page: Any) -> None:
    page.click("[data-tab=draft]")
    page.fill("#brief-topic", "청년 월세 지원 대상 확대")
    page.fill("#brief-dept", "청년정책과")
    page.fill("#brief-date", "2025-03-04")
    page.fill("#brief-facts", "지원 대상을 1,500명에서 3,000명으로 확대\n월 20만 원, 최대 12개월 지원")
    page.fill("#brief-speaker", "윤서진 시장")
    page.fill("#brief-quote", "청년이 떠나지 않는 도시를 만들겠다")
    page.fill("#brief-team", "청년정책과 청년주거팀")
    page.click("#draft-form button")
    page.wait_for_selector("#draft-result:not([hidden])", timeout=120_000)
    text = page.inner_text("#draft-text")
    assert "3,000명" in text and "윤서진 시장" in text
    assert page.inner_text("#draft-flags")  # either the flagged figures or "none to check"
    # A flagged figure (as an LLM draft may carry) is highlighted wherever the text shows it.
    page.evaluate("renderDraft({text: '예산은 999억 원이다.\\n다시 999억 원.', flags: [{raw: '999억 원'}], "
                  "generator: 'x'})")
    assert [m.inner_text() for m in page.query_selector_all("#draft-text mark.flag")] == ["999억 원"] * 2
    assert "999억 원" in page.inner_text("#draft-flags")
    page.click("#draft-form button")
    page.wait_for_function("!document.querySelector('#draft-text mark.flag')")
    for fmt in ("hwpx", "docx", "md"):
        with page.expect_download() as info:
            page.click(f"[data-export={fmt}]")
        download = info.value
        assert download.suggested_filename == f"청년 월세 지원 대상 확대.{fmt}"
        content = Path(download.path()).read_bytes()
        assert content.startswith(b"PK") if fmt != "md" else "3,000명" in content.decode()
    # A policy explainer from the same brief: questions a resident asks, and its downloads carry that kind.
    page.select_option("#brief-kind", "explainer")
    page.click("#draft-form button")
    page.wait_for_function("document.querySelector('#draft-text').innerText.includes('정책 설명')")
    assert "누가 대상인가요?" in page.inner_text("#draft-text")
    with page.expect_download() as info:
        page.click("[data-export=md]")
    assert "누가 대상인가요?" in Path(info.value.path()).read_text(encoding="utf-8")


def test_a_table_citation_shows_its_header(live: dict[str, Any], page: Any, tmp_path: Path) -> None:
    doc = tmp_path / "팀별 예산.md"
    doc.write_text("# 2025년 디지털혁신과 팀별 예산\n\n작성 부서: 디지털혁신과\n\n(단위: 백만 원)\n\n"
                   "| 팀 | 2024년 예산 | 2025년 예산 |\n|---|---|---|\n| 디지털정책팀 | 8,260 | 8,900 |\n"
                   "| D-LAB팀 | 4,100 | 5,890 |\n", encoding="utf-8")
    upload_public(page, doc)
    ask_on_page(page, "D-LAB팀의 2025년 예산은 얼마야?")
    page.wait_for_selector("#sources li .table-header")
    source = page.inner_text("#sources li:has(.table-header)")
    assert "팀 | 2024년 예산 | 2025년 예산" in source and "D-LAB팀 | 4,100 | 5,890" in source
    page.wait_for_selector(".turn .answer button.cite")
    assert "5,890백만 원" in page.inner_text(".turn:last-child .answer")


def test_a_scan_uploaded_as_an_image_is_marked_as_read_by_ocr(live: dict[str, Any], page: Any,
                                                              tmp_path: Path) -> None:
    from ingest.parsers.ocr import ocr_available
    from tests.test_ocr import RELEASE, page_image

    if not ocr_available():
        pytest.skip("tesseract with the kor model is not installed")
    doc = tmp_path / "하수처리장 스캔.png"
    page_image(RELEASE).convert("1").save(doc, optimize=True)
    upload_public(page, doc)
    ask_on_page(page, "하수처리장 증설 공사 사업비는 얼마야?")
    page.wait_for_selector("#sources li")
    source = page.inner_text("#sources li:first-child")
    assert "1,240억 원" in source and "OCR로 읽음" in source, source


def test_the_page_shows_ingestion_on_start_until_it_is_done(tmp_path: Path) -> None:
    """`pressroom demo` serves while its corpus lands: the page says so with progress, then the note goes."""
    import fcntl

    from api.app import create_app
    from tests.api_support import SECRET, LiveServer

    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium)")
    playwright = pytest.importorskip("playwright.sync_api")
    from core.settings import Settings

    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "memo.txt").write_text(SECRET, encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", models_dir=tmp_path / "models", embedder="hashing",
                        generator="extractive", rate_limit_per_minute=0, ingest_on_start=documents)
    settings.data_dir.mkdir(parents=True)
    # Jobs run one at a time under this lock: holding it keeps the job queued while the page looks.
    with (settings.data_dir / "ingest.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with LiveServer(create_app(settings)) as server, playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
            tab = browser.new_page()
            tab.set_default_timeout(60_000)
            tab.goto(server.url + "/")
            tab.wait_for_selector("#ingest-banner:not([hidden])")
            assert "문서를 수집하는 중입니다 (0/1)" in tab.inner_text("#ingest-banner")
            fcntl.flock(lock, fcntl.LOCK_UN)
            tab.wait_for_selector("#ingest-banner", state="hidden")
            browser.close()
            assert server.services.jobs.get(server.services.startup_ingest[0]).status == "done"
