"""Shared fixtures: an isolated knowledge base per test with the deterministic hashing embedder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

REPO = Path(__file__).resolve().parents[1]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """With ``PRESSROOM_NO_SKIPS=1`` (set by ``.ci/run``, which installs the weights, Chromium and Chroma)
    a skip is a failure: a real-model or real-browser test that quietly skips proves nothing."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if os.environ.get("PRESSROOM_NO_SKIPS") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped, but PRESSROOM_NO_SKIPS=1 forbids skips: {report.longrepr}"


@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    from core.settings import Settings

    return Settings(data_dir=tmp_path / "data", models_dir=tmp_path / "models", embedder="hashing",
                    generator="extractive")


@pytest.fixture
def kb(settings) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from core.kb import KnowledgeBase

    base = KnowledgeBase(settings)
    yield base
    base.close()


RELEASE = """보도자료
보도일시: 2025. 3. 4.(화) 06:00
한빛시, 청년 월세 지원 대상 3천 명으로 확대
- ‘주거비 지원’ 넘어 ‘청년 정착’으로

한빛광역시(시장 윤서진)는 청년 월세 지원 대상을 1,500명에서 3,000명으로 늘린다고 4일 밝혔다.
지원 금액은 월 20만 원이며 최대 12개월 동안 지급한다.
신청은 3월 10일부터 한빛청년포털에서 받는다.

윤서진 시장은 “청년이 떠나지 않는 도시를 만들겠다”라며 “주거 부담을 덜겠다”고 말했다.

담당 부서: 청년정책과 청년주거팀
담당자: 팀장 김하늘
연락처: 070-7120-3412
"""

PLAN = """2025년 버스 노선 개편 시행계획
작성 부서: 교통정책과
작성일: 2025. 1. 15.

□ 추진 배경
○ 동림구 신도시 입주로 출퇴근 수요가 40% 늘었다.
□ 주요 내용
○ 간선버스 12개 노선을 신설하고 마을버스 8개 노선을 조정한다.
- 총사업비 45억 원 (시비 30억 원, 구비 15억 원)
"""


def write_corpus(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {"release": folder / "release.txt", "plan": folder / "plan.txt"}
    files["release"].write_text(RELEASE, encoding="utf-8")
    files["plan"].write_text(PLAN, encoding="utf-8")
    return files
