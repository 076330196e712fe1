"""What came of a year is not in a document written before it (generate.asked_period), over a real store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generate.answer import Answerer
from generate.asked_period import reported_from
from tests.test_answers import ScriptedModel

# A plan written early in 2025: its table gives the year's targets, written as bare cells (neither plan nor result).
PLAN_2025 = ("2025년 어르신 돌봄 시행계획\n작성 부서: 노인복지과\n작성일: 2025. 2. 18.\n\n"
             "○ AI 안부전화는 홀로 사는 어르신에게 주 2회 전화를 걸어 건강 상태를 확인하는 서비스다.\n\n"
             "사업 | 2025년 이용 어르신 | 예산\n"
             "AI 안부전화 | 4,500명 | 12억 원\n")
# The report written after the year ended.
REPORT_2026 = ("2025년 어르신 돌봄 결과 보고\n작성 부서: 노인복지과\n작성일: 2026. 1. 27.\n\n"
               "○ 지난해 AI 안부전화는 어르신 4,180명이 이용했으며, 이상 징후 알림은 312건이었다.\n")
ASKED = "AI 안부전화를 2025년 한 해 동안 실제로 이용한 어르신은 몇 명이었나요?"


def _ingest(kb: Any, folder: Path, files: dict[str, str]) -> Any:
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert kb.ingest([folder]).ok
    return kb


def test_a_years_outcome_is_not_taken_from_a_document_written_before_the_year_ended(kb: Any, tmp_path: Path) -> None:
    _ingest(kb, tmp_path / "plan", {"plan.txt": PLAN_2025})
    model = ScriptedModel("2025년 한 해 AI 안부전화를 이용한 어르신은 4,500명입니다.")
    for answer in (Answerer(kb).ask(ASKED, generator="extractive"), Answerer(kb, model).ask(ASKED, generator="embedded")):
        assert answer.refused and answer.refusal_reason == "period_not_reported", answer.text
        assert answer.text.endswith("2025년의 결과가 나오기 전에 작성된 것이어서, 실제 결과는 나와 있지 않습니다.")
        assert any("4,500명" in c.quote for c in answer.closest_sources), "the plan is still shown as the closest source"
    assert model.prompts == [], "the model never saw the plan as evidence for the outcome"
    # The plan still answers what was planned.
    planned = Answerer(kb).ask("AI 안부전화 2025년 이용 어르신 목표는 몇 명이야?", generator="extractive")
    assert not planned.refused and "4,500명" in planned.text


def test_the_report_written_after_the_year_answers_and_the_plan_is_set_aside(kb: Any, tmp_path: Path) -> None:
    _ingest(kb, tmp_path / "docs", {"plan.txt": PLAN_2025, "report.txt": REPORT_2026})
    answer = Answerer(kb).ask(ASKED, generator="extractive")
    assert not answer.refused and "4,180명" in answer.text, answer.text
    assert "4,500명" not in answer.text
    assert all(c.date is None or str(c.date) >= "2026-01-01" for c in answer.citations)


@pytest.mark.parametrize(("question", "since"), [
    (ASKED, "2026-01-01"),
    ("2025년에 열린 제7회 빛축제에는 실제로 몇 명이 다녀갔나요?", "2025-01-01"),
    ("한빛시 2025년 온실가스 배출량은 몇 톤으로 집계됐습니까?", "2025-01-01"),
    # A season's outcome is not reported before the season began (stop 44) — what came of it: a change or a result.
    ("2024년 여름 온열질환자 수는 몇 명으로 집계됐나요?", "2024-06-01"),
    ("2026년 여름 풍수해 대책기간에 회의록 요약기를 적용했다는데, 지시사항 전파 시간이 얼마나 줄었습니까?", "2026-06-01"),
    # What only happens is never planned: "나왔어요" is an outcome without a result word (stop 50).
    ("2024년 여름 한빛시에서 온열질환자 몇 명 나왔어요?", "2024-06-01"),
    ("2022년 한빛시 고독사 사망자 중에 여성은 몇 명이었어요?", "2022-01-01"),
    # A year asked as last year is past in any tense; "작년보다" compares and dates nothing (stop 50).
    ("작년(2025년) 공공심야약국 이용 6만 2,900건 중에 중앙구 약국 이용은 몇 건이에요?", "2025-01-01"),
    ("2025년 공공심야약국 이용 건수는 작년보다 몇 건 많아요?", None),
    # A season's plan ("대기시킨 응급 차량은 몇 대") is announced before it; a month's change ("7월 … 늘었어") is too.
    ("2023년 여름 폭염특보 때 열사병 환자 이송에 대비해 대기시킨 응급 차량은 몇 대였나요?", None),
    ("2023년 7월 한빛 민원24 앱 바뀌고 나서 폰으로 바로 뗄 수 있는 증명서가 몇 가지로 늘었어?", None),
    # A budget year, a plan, the present tense, two asks, no year: no outcome of a year is asked.
    ("2024년 예산은 의회를 통과하면서 최종적으로 얼마나 깎였어?", None),
    ("2025년 제1회 추경은 시의회에서 최종적으로 얼마로 통과됐어?", None),
    ("2027년 한 해에 국비를 얼마 넣기로 했습니까?", None),
    ("2026년 고용보험료 지원에서 사장님이 매달 실제로 부담하는 보험료는 얼마예요?", None),
    ("2024년 추경으로 얼마까지 늘었고, 8월 말까지 실제로 얼마가 지원됐나요?", None),
    ("AI 안부전화를 실제로 이용한 어르신은 몇 명이었나요?", None),
])
def test_the_date_an_outcome_can_first_be_reported(question: str, since: str | None) -> None:
    found = reported_from(question)
    assert (found.isoformat() if found else None) == since


def test_asked_period_doctests() -> None:
    import doctest

    import generate.asked_period

    assert doctest.testmod(generate.asked_period).failed == 0
