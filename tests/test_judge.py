"""The lexical support judge (each rule on its own case), the labelled set, and the LLM judge over a mock."""

from __future__ import annotations

import doctest
import json
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

import evaluation.judge
from evaluation.judge import JudgeError, LexicalJudge, LLMJudge, support
from evaluation.metrics import binary_agreement

PASSAGE = ("동구는 올해 노인일자리 사업에 총 312억 원을 투입해 어르신 일자리 8,450개를 제공한다. "
           "이는 지난해보다 1,020개(13.7%) 늘어난 규모다. 공익활동형 참여자는 월 29만 원의 활동비를 받는다.")
LABELS = Path(__file__).resolve().parents[1] / "evaluation" / "data" / "judge_labels.jsonl"


def test_doctests() -> None:
    result = doctest.testmod(evaluation.judge)
    assert result.attempted > 0 and result.failed == 0


def test_supported_despite_other_figure_writing_and_citation_marker() -> None:
    verdict = support("동구는 올해 어르신 일자리 8450개를 제공한다[1].", [PASSAGE])
    assert verdict.supported, verdict.reason
    assert verdict.coverage == 1.0 and verdict.missing_figures == ()


@pytest.mark.parametrize(
    ("sentence", "reason_part"),
    [
        ("동구는 올해 어르신 일자리 9,450개를 제공한다.", "근거에 없는 수치: 9,450개"),
        ("서구는 올해 어르신 일자리 8,450개를 제공한다.", "고유명사: 서구"),
        ("공익활동형 참여자는 활동비를 받지 않는다.", "긍정·부정"),
        ("어르신 일자리는 지난해보다 13.7%p 늘었다.", "13.7%p"),
        ("한빛시는 청년 월세를 지원한다.", "비율이"),
    ],
)
def test_each_rule_rejects_its_hard_negative(sentence: str, reason_part: str) -> None:
    verdict = support(sentence, [PASSAGE])
    assert not verdict.supported
    assert reason_part in verdict.reason


def test_contrast_word_contradicts_the_matching_sentence() -> None:
    passage = "올해 1~9월 공공자전거 이용 건수는 410만 건으로 지난해 같은 기간보다 18% 증가했다."
    verdict = support("올해 1~9월 공공자전거 이용 건수는 지난해보다 18% 감소했다.", [passage])
    assert not verdict.supported and "반대되는 표현: 감소" in verdict.reason
    assert support("올해 1~9월 공공자전거 이용 건수는 지난해보다 18% 늘었다.", [passage]).supported
    assert LexicalJudge(check_contrasts=False)("올해 1~9월 공공자전거 이용 건수는 지난해보다 18% 감소했다.",
                                               [passage]).supported


@pytest.mark.xfail(reason="known limit: contrast checked against the best-matching sentence only", strict=True)
def test_contrast_in_a_following_sentence() -> None:
    assert not support("어르신 일자리는 지난해보다 1,020개 감소했다.", [PASSAGE]).supported


def test_figure_in_the_wrong_slot() -> None:
    passage = "첫째 200만 원, 둘째 300만 원의 출산지원금을 지급한다."
    verdict = support("둘째 출산지원금은 200만 원이다.", [passage])
    assert not verdict.supported and "다른 항목" in verdict.reason
    assert support("첫째 출산지원금은 200만 원이다.", [passage]).supported
    assert support("출산지원금은 200만 원부터다.", [passage]).supported, "a figure under no item's name is not judged"
    assert LexicalJudge(check_items=False)("둘째 출산지원금은 200만 원이다.", [passage]).supported


def test_rules_can_be_switched_off() -> None:
    sentence = "공익활동형 참여자는 활동비를 받지 않는다."
    assert LexicalJudge(check_negation=False)(sentence, [PASSAGE]).supported
    assert LexicalJudge(check_names=False)("서구는 올해 어르신 일자리 8,450개를 제공한다.", [PASSAGE]).supported


def test_a_difference_worked_out_from_cited_figures_is_supported_when_the_arithmetic_holds() -> None:
    cited = ["2023년 시민이 오래 머무는 횡단보도와 교통섬에는 그늘막 420개를 운영한다.",
             "2024년 횡단보도와 교통섬의 그늘막은 510개로 늘린다."]
    assert support("그늘막은 2023년 420개에서 2024년 510개로 90개 늘었습니다.", cited).supported
    wrong = support("그늘막은 2023년 420개에서 2024년 510개로 80개 늘었습니다.", cited)
    assert not wrong.supported and wrong.missing_figures == ("80개",)
    # The operands must be in the sentence: a bare difference is not checked against every pair in the sources.
    assert not support("그늘막은 2024년에 90개 늘었습니다.", cited).supported
    # Arithmetic the sentence does not present as a comparison is not taken for one (the model's qc-006 answer):
    # 14 − 6 = 8 holds, but "갖춘 곳은 8곳" is a wrong claim, not a difference.
    shelters = ["침수 우려가 있는 지하차도 14곳에는 모두 자동 진입차단시설을 갖췄다. 올해 6곳에 새로 설치했다."]
    wrong_sum = support("14곳에 자동 진입차단시설을 갖추었고, 올해 6곳에 새로 설치했으므로, 침수 우려 지하차도 가운데 "
                        "자동 진입차단시설을 갖춘 곳은 8곳입니다.", shelters)
    assert not wrong_sum.supported and wrong_sum.missing_figures == ("8곳",)
    assert support("지하차도 14곳과 6곳을 합치면 20곳입니다.", shelters).supported
    rates = ["2024년 시범 운영의 정답률은 91.3%였다.", "2025년 1만 건 검증의 정답률은 94.6%였다."]
    assert support("정답률은 2024년 91.3%에서 2025년 94.6%로 3.3%p 높아졌습니다.", rates).supported
    assert not support("정답률은 2024년 91.3%에서 2025년 94.6%로 3.5%p 높아졌습니다.", rates).supported


def test_union_of_cited_passages_supports() -> None:
    cited = ["중구는 전통시장 5곳에 아케이드를 설치한다.", "아케이드 설치 사업비는 총 48억 원이다."]
    assert support("중구는 48억 원을 들여 전통시장 5곳에 아케이드를 설치한다.", cited).supported
    assert not support("중구는 48억 원을 들여 전통시장 5곳에 아케이드를 설치한다.", cited[:1]).supported


def test_no_evidence_is_not_support() -> None:
    verdict = support("동구는 일자리를 제공한다.", ["", "  "])
    assert not verdict.supported and verdict.reason == "인용된 근거가 없습니다."


# --- the hand-labelled set ----------------------------------------------------------------------------


def load_labels() -> list[dict[str, Any]]:
    with LABELS.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_label_file_is_well_formed() -> None:
    rows = load_labels()
    assert len(rows) >= 60
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert isinstance(r["sentence"], str) and r["sentence"].strip()
        assert r["cited"] and all(isinstance(c, str) and c.strip() for c in r["cited"])
        assert isinstance(r["supported"], bool)
        assert r["split"] in {"dev", "test", "holdout"}
    categories = Counter(r["category"] for r in rows if not r["supported"])
    for hard in ("wrong_figure", "wrong_year", "wrong_district", "negation", "wrong_unit"):
        assert categories[hard] >= 3, hard
    assert Counter(r["category"] for r in rows if r["supported"])["paraphrase"] >= 10


def test_agreement_with_labels_does_not_regress() -> None:
    rows = load_labels()
    predicted = [support(r["sentence"], r["cited"]).supported for r in rows]
    scores = binary_agreement(predicted, [r["supported"] for r in rows])
    # Measured at commit time: accuracy 0.90, kappa 0.80 over all 133 pairs.
    assert scores["accuracy"] >= 0.88 and scores["kappa"] >= 0.75, scores


# --- LLM judge over httpx.MockTransport ---------------------------------------------------------------


def llm(reply: str | None = None, status: int = 200, exc: Exception | None = None,
        seen: list[httpx.Request] | None = None) -> LLMJudge:
    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        if exc is not None:
            raise exc
        body = {"choices": [{"message": {"role": "assistant", "content": reply}}]}
        return httpx.Response(status, json=body if reply is not None else {"error": "x"})

    return LLMJudge("http://judge.test/v1/", "tiny-judge", "secret", timeout=3,
                    transport=httpx.MockTransport(handler))


def test_llm_judge_request_and_yes() -> None:
    seen: list[httpx.Request] = []
    verdict = llm("예. 근거와 일치합니다.", seen=seen)("동구는 일자리 8,450개를 제공한다 [1].", [PASSAGE])
    assert verdict.supported and verdict.coverage == 1.0
    request = seen[0]
    assert str(request.url) == "http://judge.test/v1/chat/completions"
    assert request.headers["Authorization"] == "Bearer secret"
    body = json.loads(request.content)
    assert body["model"] == "tiny-judge" and body["temperature"] == 0
    user = body["messages"][-1]["content"]
    assert "[1] 동구는" in user and "문장: 동구는 일자리 8,450개를 제공한다." in user


@pytest.mark.parametrize(("reply", "expected"), [("아니오", False), ("아니요, 수치가 다릅니다.", False),
                                                 ("Yes", True), ("**네**", True), ("no", False)])
def test_llm_judge_parses_yes_no(reply: str, expected: bool) -> None:
    assert llm(reply)("문장", ["근거"]).supported is expected


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"reply": "잘 모르겠습니다"}, "예/아니오"),
        ({"reply": "예", "status": 500}, "HTTP 500"),
        ({"exc": httpx.ReadTimeout("slow")}, "3초"),
        ({"exc": httpx.ConnectError("refused")}, "연결할 수 없습니다"),
        ({"reply": None}, "형식"),
    ],
)
def test_llm_judge_errors_are_korean(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(JudgeError, match=message):
        llm(**kwargs)("문장", ["근거"])


def test_llm_judge_without_evidence_does_not_call_the_server() -> None:
    seen: list[httpx.Request] = []
    assert not llm("예", seen=seen)("문장", [" "]).supported
    assert seen == []


@pytest.mark.parametrize("evidence", ["조례 제정안을 2026년 3월 시의회에 제출할 예정이다.",
                                      "기금 조례가 시의회에서 보류되면 예비비로 대신 마련한다."])
def test_a_bills_later_stage_is_not_supported_by_an_earlier_one(evidence: str) -> None:
    """"통과했습니다" cited to the sentence saying the bill will be submitted (fresh-29's ri3-011): the bill and the
    council are there, only the claimed stage is missing — and another stage stands in its place."""
    claim = "기금 조례는 시의회를 통과했습니다."
    verdict = support(claim, [evidence])
    assert not verdict.supported and "반대되는 표현: 통과" in verdict.reason
    assert support(claim, ["기금 조례는 3월 시의회에 제출돼 4월 본회의를 통과했다."]).supported
