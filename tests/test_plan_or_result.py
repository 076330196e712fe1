"""Which figures a sentence states as a plan, and which questions ask for a result (generate.plan_or_result)."""

from __future__ import annotations

import doctest

import pytest

import generate.plan_or_result
from generate.plan_or_result import asks_result_only, only_plans_in, planned_figures


def test_plan_or_result_doctests() -> None:
    assert doctest.testmod(generate.plan_or_result).failed == 0


@pytest.mark.parametrize(("sentence", "planned"), [
    ("한빛패스는 올해 월평균 이용자 12만 명을 목표로 이용을 넓힌다.", ["12만 명"]),
    ("월 2만 원씩 12개월 동안 지원할 계획이다.", ["2만 원", "12개월"]),
    ("현재 124대인 무인민원발급기를 연말까지 140대로 늘리고, 화면 높이를 낮춘다.", ["140대"]),
    ("시는 위험 가구 1만 2천 가구를 찾아내고, 10월부터 모든 가구를 직접 방문해 확인한다.", ["1만 2천 가구"]),
    ("정답 근거가 나오는 비율 90% 이상을 개방 조건으로 삼음", ["90%"]),
    ("지난해 경영안정자금 1,200억 원이 3,150개 업체에 공급됐으며, 평균 지원액은 약 3,800만 원이었다.", []),
    ("누적 가입자는 14만 2천 명으로 목표였던 10만 명을 크게 넘어섰다.", ["10만 명"]),
    ("참여 청년 781명 가운데 381명이 정규직으로 채용돼 전환율 48.6%를 기록했다.", []),
    ("3등급 | 53,100 | 30% | 21,240", []),
])
def test_planned_figures(sentence: str, planned: list[str]) -> None:
    assert [f.raw for f in planned_figures(sentence)] == planned


@pytest.mark.parametrize(("question", "result_only"), [
    ("통합돌봄을 넓힌 뒤 2025년 한 해 실제로 서비스를 받은 어르신은 몇 명이었나요?", True),
    ("기금은 본예산 확정 뒤에 최종적으로 얼마 규모로 정해졌어요?", True),
    ("시범운영은 처음 몇 명 규모로 계획했고, 실제로는 몇 명이 참여했나요?", False),
    ("배차간격 목표는 몇 분이었고, 개편 뒤 실제로는 몇 분이었나요?", False),
    ("청년 월세 지원 대상은 몇 명인가요?", False),
    ("서하구 물류단지 옥상 태양광 발전단지는 몇 MW 규모로 완공됐나요?", True),  # built: a result
    ("태양광 단지는 완공되면 몇 MW 규모가 되나요?", False),
])
def test_asks_result_only(question: str, result_only: bool) -> None:
    assert asks_result_only(question) is result_only


def test_only_the_asked_measure_is_judged() -> None:
    # The construction cost is no plan, but the question asks for people: only the 3만 명 counts.
    quotes = ["‘한빛잡’ 구축에는 12억 원이 들며, 시는 개통 첫해 구직자 3만 명과 기업 2,000곳이 가입하는 것을 목표로 잡았다."]
    assert only_plans_in("한빛잡에 실제로 가입한 구직자는 몇 명이야?", quotes)
    assert not only_plans_in("한빛잡에 실제로 가입한 구직자는 몇 명이야?",
                             [*quotes, "개통 첫해 구직자 2만 1천 명이 가입했다."])
    assert not only_plans_in("한빛잡 가입 목표는 몇 명이야?", quotes), "a plan asked for is answered by the plan"


def test_asked_reason_doctests() -> None:
    import generate.asked_reason

    assert doctest.testmod(generate.asked_reason).failed == 0


def test_asked_year_doctests() -> None:
    import generate.asked_year

    assert doctest.testmod(generate.asked_year).failed == 0


def test_asked_measure_doctests() -> None:
    import generate.asked_measure

    assert doctest.testmod(generate.asked_measure).failed == 0


@pytest.mark.parametrize(("question", "judged"), [
    ("한명숙이 1981년 석방될 수 있었던 이유는?", False),          # a reason, not a figure: the year check stays out
    ("전지현이 1999년 박신양과 함께 출연한 영화는?", False),      # a name
    ("재난안전대책본부 회의가 2025년 한 해 동안 모두 몇 번 열렸나요?", True),
])
def test_the_year_check_reads_only_questions_asking_a_figure(question: str, judged: bool) -> None:
    from generate.asked_year import the_year_asked

    assert (the_year_asked(question) is not None) is judged


def test_a_cause_in_the_instrumental_case_is_a_reason() -> None:
    from generate.asked_reason import gives_no_stated_reason

    # KorQuAD's "1994년 차범근이 감독직에서 경질된 이유는?" is answered by "성적 부진으로 경질되어".
    assert not gives_no_stated_reason("차범근이 경질된 이유는?", ["1994년 시즌을 마치고 성적 부진으로 경질되어 팀에서 물러났다."])
    assert gives_no_stated_reason("예산이 줄어든 이유는?", ["고용 안정 지원(청년 채용 장려금 등) | 212 | 196 | -16"])


def test_asked_part_doctests() -> None:
    import generate.asked_part

    assert doctest.testmod(generate.asked_part).failed == 0


def test_asked_age_doctests() -> None:
    import generate.asked_age

    result = doctest.testmod(generate.asked_age)
    assert result.attempted >= 6 and result.failed == 0


@pytest.mark.parametrize(("question", "part"), [
    ("2024년에 스마트상점 지원받은 가게 중에 서빙로봇을 들여놓은 데가 몇 곳이에요?", ("서빙로봇",)),
    ("2024년 제1회 추경 재원 중 순세계잉여금은 얼마였나요?", ("세계잉여금",)),
    ("침수 우려 지하차도 가운데 자동 진입차단시설을 갖춘 곳은 모두 몇 곳인가요?", ("자동", "진입차단시설")),
    ("D-LAB 직원 가운데 인공지능 관련 자격증을 가진 사람은 몇 명이야?", ("인공지능", "자격증")),
    # "집" restates the whole (the housing): the district is the part, and a row naming it answers.
    ("2024년에 모집한 청년 매입임대주택 중 북산구 집들은 평균 월세가 얼마였어?", ("북산구",)),
    # "뒤" says when, as "6개월" does: the part is the sales (stop 50).
    ("스마트상점 지원받은 가게 중에 6개월 뒤 매출이 늘어난 곳 비율, 2023년이랑 2024년 비교하면 어때요?", ("매출",)),
])
def test_the_part_a_question_singles_out(question: str, part: tuple[str, ...]) -> None:
    from generate.asked_part import the_part_asked

    found = the_part_asked(question)
    assert found is not None and found.words == part


@pytest.mark.parametrize("question", [
    "혼자 사는 중장년이 동네 식당에서 같이 밥 먹는 사업, 한 끼 본인 부담이 얼마야?",  # 중장년: no partitive
    "2025년 달빛어린이병원 두 곳 가운데 아이들이 더 오래 기다린 곳은 어디고, 몇 분 차이가 났어요?",  # a choice
    "늘봄 통합돌봄 예산 가운데 시비는 2024년과 2025년에 각각 얼마야?",  # several figures
    "청년 월세 지원을 받은 청년 중 가장 많은 연령대는?",  # no figure asked
    # KorQuAD-dev: "분야 중 하나가 된" asks a name; the figure word ("등록자수") comes before the partitive.
    "대학교의 등록자수 기준으로 가장 경쟁력있는 분야 중 하나가 된 교육분야는 무엇인가?",
])
def test_no_part_is_read_where_the_question_singles_none_out(question: str) -> None:
    from generate.asked_part import the_part_asked

    assert the_part_asked(question) is None
