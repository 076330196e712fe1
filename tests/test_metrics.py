"""Metrics on hand-made cases whose right answer is computed by hand in the comments."""

from __future__ import annotations

import doctest
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest

import evaluation.metrics
from evaluation.metrics import (
    CitedSentence,
    LatencyStats,
    RefusalRecord,
    binary_agreement,
    brief_figure_coverage,
    character_f,
    chrf,
    citation_precision,
    citation_recall,
    figure_fidelity,
    hit_at_k,
    key_fact_recall,
    key_facts,
    mrr,
    ndcg_at_k,
    passage_found,
    percentile,
    recall_at_k,
    refusal_scores,
    rouge_l_f,
    token_f1,
)


def test_doctests() -> None:
    result = doctest.testmod(evaluation.metrics)
    assert result.attempted >= 20 and result.failed == 0


# --- retrieval ---------------------------------------------------------------------------------------

RANKED = ["d3", "d1", "d3", "d7", "d2"]  # d3 repeats: two chunks of one document


def test_hit_at_k() -> None:
    assert hit_at_k(RANKED, {"d1"}, 1) == 0.0
    assert hit_at_k(RANKED, {"d1"}, 2) == 1.0
    assert hit_at_k(RANKED, set(), 5) == 0.0


def test_recall_at_k_counts_distinct_ids() -> None:
    # distinct ranking: d3 d1 d7 d2; top-3 = {d3, d1, d7}; gold {d1, d2}: 1 of 2
    assert recall_at_k(RANKED, {"d1", "d2"}, 3) == 0.5
    assert recall_at_k(RANKED, {"d1", "d2"}, 4) == 1.0
    assert recall_at_k(RANKED, [], 4) == 0.0


def test_mrr() -> None:
    assert mrr(RANKED, {"d7"}) == pytest.approx(1 / 3)  # distinct rank 3, not 4
    assert mrr(RANKED, {"d9"}) == 0.0
    assert mrr(RANKED, {"d2"}, k=3) == 0.0


def test_ndcg_two_gold() -> None:
    # ranked a x b, gold {a, b}: DCG = 1 + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3) = 1.6309
    assert ndcg_at_k(["a", "x", "b"], {"a", "b"}, 3) == pytest.approx(1.5 / (1 + 1 / math.log2(3)))
    assert ndcg_at_k(["a", "b"], {"a", "b"}, 2) == pytest.approx(1.0)
    # k smaller than |gold|: ideal has only k gold ids, so a perfect top-1 scores 1.0
    assert ndcg_at_k(["a", "b"], {"a", "b", "c"}, 1) == pytest.approx(1.0)
    assert ndcg_at_k(["x"], {"a"}, 1) == 0.0


def test_passage_found() -> None:
    assert passage_found("청년 월세를\n 지원한다", "월세를지원")
    assert passage_found("ｘ청년", "ｘ청년")
    assert not passage_found("노인 일자리", "청년 월세")
    assert not passage_found("노인 일자리", "청년 월세", chunk_span=(0, 10), gold_span=(10, 20))  # touching
    assert passage_found("노인 일자리", "청년 월세", chunk_span=(0, 11), gold_span=(10, 20))
    assert not passage_found("노인", "", chunk_span=None, gold_span=(0, 5))


# --- groundedness -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class V:
    supported: bool


def word_judge(sentence: str, cited: Sequence[str]) -> V:
    """Supported when every word of the sentence occurs in the cited texts."""
    words = set(" ".join(cited).split())
    return V(all(w in words for w in sentence.split()))


def test_citation_recall() -> None:
    answer = [
        CitedSentence("a b", ["a", "b"]),  # supported only jointly
        CitedSentence("a c", ["a"]),  # c unsupported
        CitedSentence("a", []),  # no citation
        CitedSentence("b", ["b x"]),
    ]
    assert citation_recall(answer, word_judge) == 0.5
    assert citation_recall([], word_judge) == 0.0


def test_citation_precision_alce_rules() -> None:
    answer = [
        # joint support; "a" and "b" are each needed (alone no, removal hurts) → both relevant;
        # "z" alone no, and "a b" still support without it → irrelevant
        ("a b", ["a", "b", "z"]),
        # unsupported sentence → its citation is irrelevant
        ("c", ["a"]),
        # single citation that supports → relevant
        ("d", ["d"]),
        # both citations alone support → both relevant (redundant, not irrelevant, per ALCE)
        ("e", ["e", "e f"]),
    ]
    # relevant: 2 + 0 + 1 + 2 = 5 of 3 + 1 + 1 + 2 = 7 citations
    assert citation_precision(answer, word_judge) == pytest.approx(5 / 7)
    assert citation_precision([("a", [])], word_judge) == 0.0


def test_citation_metrics_with_the_lexical_judge() -> None:
    from evaluation.judge import support

    passages = ["동구는 어르신 일자리 8,450개를 제공한다.", "공익활동형 참여자는 월 29만 원을 받는다."]
    answer = [("동구는 어르신 일자리 8450개를 제공한다.", passages), ("참여자는 월 30만 원을 받는다.", [passages[1]])]
    assert citation_recall(answer, support) == 0.5
    assert citation_precision(answer, support) == pytest.approx(1 / 3)  # passages[1] on sentence 1 is extra


# --- answers ------------------------------------------------------------------------------------------


def test_key_facts_and_recall() -> None:
    reference = "한빛시는 2025년 3월 4일 청년 1,000명에게 3억 5천만 원을 지원한다."
    assert key_facts(reference) == ["2025년 3월 4일", "1,000명", "3억 5천만 원", "한빛"]
    answer = "한빛시가 2025. 3. 4. 천 명에게 지원합니다."
    # found: date, 1000명, 한빛; missing: 350000000원 → 3 of 4
    assert key_fact_recall(reference, answer) == 0.75
    assert key_fact_recall(reference, "") == 0.0
    assert key_fact_recall("지원한다.", "아무 답") == 1.0


def test_token_f1() -> None:
    # ref morphemes 청년 월세 지원 확대 (4); answer 청년 월세 (2): P = 1, R = 0.5, F1 = 2/3
    assert token_f1("청년 월세 지원 확대", "청년의 월세") == pytest.approx(2 / 3)
    assert token_f1("", "") == 1.0
    assert token_f1("청년", "") == 0.0
    assert token_f1("청년", "노인") == 0.0


def test_refusal_scores() -> None:
    records = [RefusalRecord(True, True), RefusalRecord(True, True), RefusalRecord(True, False),
               RefusalRecord(False, True), RefusalRecord(False, False)]
    # TP 2, FN 1, FP 1, TN 1
    assert refusal_scores(records) == {"refusal_precision": 2 / 3, "refusal_recall": 2 / 3,
                                       "false_refusal_rate": 0.5}
    assert refusal_scores([]) == {"refusal_precision": 0.0, "refusal_recall": 0.0, "false_refusal_rate": 0.0}


# --- drafts -------------------------------------------------------------------------------------------


def test_figure_fidelity() -> None:
    result = figure_fidelity("2025년 3월 1,000명에게 20만 원씩, 총 2억 원을 12.5% 늘려 지원",
                             ["지원 대상 천 명, 월 20만 원", "2025. 3. 4. 보도, 증가율 12.5퍼센트"])
    assert result.found == ["2025년 3월", "1,000명", "20만 원", "12.5%"]
    assert result.invented == ["2억 원"]
    assert result.share == 0.8
    assert figure_fidelity("수치 없는 문장", []).share == 1.0


def test_brief_figure_coverage() -> None:
    facts = ["대상: 청년 1,000명", "예산 3억 원", "접수 3. 10.~4. 4."]
    assert brief_figure_coverage(facts, "청년 천 명에게 3억 원을 지원한다") == pytest.approx(2 / 4)
    assert brief_figure_coverage(["수치 없음"], "아무 초안") == 1.0


def test_rouge_l_f() -> None:
    # ref 청년 월세 지원 확대; draft 월세 청년 지원: LCS = 2 (청년 지원 or 월세 지원); P 2/3, R 2/4 → F 4/7
    assert rouge_l_f("청년 월세 지원 확대", "월세 청년 지원") == pytest.approx(4 / 7)
    assert rouge_l_f("청년 월세", "청년 월세") == 1.0
    assert rouge_l_f("청년", "노인") == 0.0


def test_chrf() -> None:
    assert chrf("가나다", "가나다") == 1.0
    assert chrf("가나다", "라마바") == 0.0
    # unigrams: P = R = 1/2; bigrams: 가나 vs 가다: 0; mean P = R = 1/4; beta 2 → F = 1/4
    assert chrf("가나", "가다", max_n=2) == pytest.approx(0.25)
    assert character_f is chrf


# --- speed and agreement ------------------------------------------------------------------------------


def test_percentile() -> None:
    values = [5.0, 1.0, 3.0]
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 5.0
    assert percentile(values, 50) == 3.0
    assert percentile(values, 25) == 2.0
    assert percentile([7.0], 95) == 7.0
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_latency_stats() -> None:
    stats = LatencyStats.of([1.0, 2.0, 3.0, 10.0])
    assert (stats.p50, stats.mean, stats.n) == (2.5, 4.0, 4)
    assert stats.p95 == pytest.approx(8.95)  # 3 + 0.85 * 7
    assert LatencyStats.of([]) == LatencyStats(0.0, 0.0, 0.0, 0)


def test_binary_agreement_kappa() -> None:
    predicted = [True, True, True, False, False, False, True, False]
    gold = [True, True, False, False, False, False, True, True]
    # agree 6/8; both raters say yes half the time → p_e = 0.5 → kappa = (0.75 - 0.5) / 0.5 = 0.5
    result = binary_agreement(predicted, gold)
    assert result == {"accuracy": 0.75, "precision": 0.75, "recall": 0.75, "kappa": 0.5, "n": 8}
    assert binary_agreement([True, True], [True, True])["kappa"] == 1.0
    with pytest.raises(ValueError):
        binary_agreement([True], [])


def _hit(doc_id: str, text: str) -> Any:
    from core.types import Chunk, DocumentMeta, Hit

    return Hit(chunk=Chunk(chunk_id=f"{doc_id}-{len(text)}", doc_id=doc_id, text=text, start=0, end=len(text)),
               doc=DocumentMeta(doc_id=doc_id, title=doc_id, source_path=f"{doc_id}.txt"), score=1.0)


def test_a_passage_stating_the_same_fact_counts_for_passage_recall_but_not_for_the_labelled_one() -> None:
    from evaluation.datasets import EvalQuestion
    from evaluation.runner import score_retrieval

    question = EvalQuestion.model_validate({
        "id": "q", "question": "그늘막은 2023년과 2024년에 몇 개?", "gold_doc_ids": ["a", "b"],
        "gold_passages": ["교통섬에는 그늘막 420개를 운영한다", "그늘막은 510개로 늘리고"],
        "alternative_passages": [{"gold_index": 0, "doc_id": "a", "passage": "그늘막 420개·쿨링포그 35곳"}]})
    # The first document's headline holds the same fact; the second document's passage is not retrieved.
    hits = [_hit("a", "한빛시 폭염대책\n- 그늘막 420개·쿨링포그 35곳 등 확충"), _hit("b", "무더위쉼터 1,260곳")]
    metrics = score_retrieval(question, hits)
    assert metrics["passage_recall@5"] == 0.5  # gold 0 through its alternative, gold 1 not at all
    assert metrics["labelled_passage_recall@5"] == 0.0
    assert score_retrieval(question, [_hit("b", "그늘막은 510개로 늘리고")])["passage_recall@5"] == 0.5


def test_a_word_for_word_copy_of_the_gold_paragraph_counts_beside_the_strict_hit() -> None:
    """KorQuAD-dev repeats some paragraphs; the copy that holds the answer counts for ``hit@k_or_copy`` only,
    and a paragraph that merely shares an opening is no copy."""
    from evaluation.datasets import EvalQuestion, paragraph_copies
    from evaluation.runner import score_retrieval

    section = "2009년 8월에는 현대그룹 회장이 방북하여 개성공단 활성화와 금강산 관광 문제를 논의하였다. " * 3
    copies = paragraph_copies({"p20": section + "이산가족 상봉을 합의했다.", "p42": section + "이산가족 상봉을 합의했다",
                               "p43": section[:60] + "황강댐 무단 방류로 임진강 참사가 발생했다. " * 4})
    assert copies == {"p20": ["p42"], "p42": ["p20"]}
    question = EvalQuestion(id="q", question="추석에 하기로 한 행사는?", gold_doc_ids=["p42"],
                            gold_passages=["이산가족 상봉"], gold_copies={"p42": ["p20"]})
    metrics = score_retrieval(question, [_hit("p20", "이산가족 상봉을 합의했다"), _hit("p43", "임진강")])
    assert metrics["hit@1"] == 0.0 and metrics["hit@5"] == 0.0  # the strict paragraph hit is unchanged
    assert metrics["hit@1_or_copy"] == 1.0
    strict_only = score_retrieval(question.model_copy(update={"gold_copies": {}}), [_hit("p20", "이산가족")])
    assert strict_only["hit@5_or_copy"] == 0.0


def test_an_alternative_must_name_an_existing_gold_passage() -> None:
    from evaluation.datasets import EvalQuestion

    with pytest.raises(ValueError, match="gold_index 1"):
        EvalQuestion.model_validate({"id": "q", "question": "?", "gold_doc_ids": ["a"], "gold_passages": ["x"],
                                     "alternative_passages": [{"gold_index": 1, "doc_id": "a", "passage": "y"}]})
