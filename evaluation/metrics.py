"""Pure evaluation metrics: retrieval, groundedness, answers, drafts, speed, judge agreement.

Every function takes plain values and returns a number or a small dataclass; nothing reads files or
models (Kiwi is the one exception, through :mod:`core.korean`). Docstring examples are checked by
``tests/test_metrics.py`` (``doctest.testmod``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from core.korean import content_morphemes, nfc, tagged_morphemes
from core.textnorm import compact, extract_figures, figure_matches

# --- retrieval -----------------------------------------------------------------------------------------


def _unique(ids: Iterable[str]) -> list[str]:
    """Ranked ids with repeats dropped: chunk hits mapped to document ids repeat, and a document found
    twice must not count twice."""
    return list(dict.fromkeys(ids))


def hit_at_k(ranked_ids: Sequence[str], gold_ids: Iterable[str], k: int) -> float:
    """1.0 when any gold id is among the first ``k`` (distinct) ranked ids.

    >>> hit_at_k(["a", "b", "c"], {"c"}, 2), hit_at_k(["a", "b", "c"], {"c"}, 3)
    (0.0, 1.0)
    """
    gold = set(gold_ids)
    return 1.0 if gold.intersection(_unique(ranked_ids)[:k]) else 0.0


def recall_at_k(ranked_ids: Sequence[str], gold_ids: Iterable[str], k: int) -> float:
    """Share of the gold ids found among the first ``k`` ranked ids (0.0 when there is no gold id).

    >>> recall_at_k(["a", "x", "b"], ["a", "b", "c", "d"], 3)
    0.5
    """
    gold = set(gold_ids)
    if not gold:
        return 0.0
    return len(gold.intersection(_unique(ranked_ids)[:k])) / len(gold)


def mrr(ranked_ids: Sequence[str], gold_ids: Iterable[str], k: int | None = None) -> float:
    """Reciprocal rank of the first gold id (0.0 if none within ``k``); average it over queries for MRR.

    >>> mrr(["x", "y", "a"], {"a"}), mrr(["x", "y", "a"], {"a"}, k=2)
    (0.3333333333333333, 0.0)
    """
    gold = set(gold_ids)
    ranked = _unique(ranked_ids)
    for rank, doc_id in enumerate(ranked[:k] if k is not None else ranked, start=1):
        if doc_id in gold:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked_ids: Sequence[str], gold_ids: Iterable[str], k: int) -> float:
    """nDCG@k with binary relevance: DCG = Σ 1/log2(rank+1) over gold hits, divided by the DCG of an
    ideal ranking that puts min(|gold|, k) gold ids first.

    >>> round(ndcg_at_k(["x", "a"], {"a"}, 2), 4)  # (1/log2 3) / (1/log2 2)
    0.6309
    """
    gold = set(gold_ids)
    if not gold:
        return 0.0
    dcg = sum(1.0 / math.log2(rank + 1) for rank, doc_id in enumerate(_unique(ranked_ids)[:k], 1)
              if doc_id in gold)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(gold), k) + 1))
    return dcg / ideal


def passage_found(chunk_text: str, gold_quote: str, chunk_span: tuple[int, int] | None = None,
                  gold_span: tuple[int, int] | None = None) -> bool:
    """Whether a retrieved chunk holds the gold passage: the quote is contained in the chunk after NFC
    and whitespace removal (Korean spacing and line breaks vary between parsers), or the half-open
    character spans ``[start, end)`` overlap (same document assumed; the caller checks that).

    >>> passage_found("청년 월세를\\n지원한다", "월세를 지원")
    True
    >>> passage_found("다른 내용", "월세", chunk_span=(0, 100), gold_span=(90, 120))
    True
    """
    quote = compact(gold_quote)
    if quote and quote in compact(chunk_text):
        return True
    if chunk_span is None or gold_span is None:
        return False
    return max(chunk_span[0], gold_span[0]) < min(chunk_span[1], gold_span[1])


# --- groundedness (ALCE) -------------------------------------------------------------------------------


class Verdict(Protocol):
    @property
    def supported(self) -> bool: ...


Judge = Callable[[str, Sequence[str]], Verdict]
"""(sentence, cited passage texts) → verdict with ``.supported``; ``evaluation.judge.support`` fits."""


class CitedSentence(NamedTuple):
    """One answer sentence and the texts of the passages it cites (empty when it cites none)."""

    sentence: str
    cited: Sequence[str]


def citation_recall(sentences: Sequence[CitedSentence] | Sequence[tuple[str, Sequence[str]]],
                    judge: Judge) -> float:
    """Share of answer sentences fully supported by the union of their cited passages (ALCE citation
    recall, Gao et al. 2023, https://github.com/princeton-nlp/ALCE/blob/main/eval.py). A sentence
    without citations counts as unsupported; an answer without sentences scores 0.0.

    >>> judge = lambda s, cited: _Yes("".join(cited).count(s) > 0)
    >>> citation_recall([("가", ["가나"]), ("다", ["가"]), ("라", [])], judge)
    0.3333333333333333
    """
    if not sentences:
        return 0.0
    return sum(bool(cited) and judge(s, list(cited)).supported for s, cited in sentences) / len(sentences)


def citation_precision(sentences: Sequence[CitedSentence] | Sequence[tuple[str, Sequence[str]]],
                       judge: Judge) -> float:
    """Share of citations that are relevant (ALCE citation precision, same source as above).

    A citation of a sentence whose cited set does not support it is irrelevant. When the set does
    support it, a citation is irrelevant only if it alone does not support the sentence AND the other
    citations still do without it. Returns 0.0 when there are no citations, as ALCE does.

    >>> judge = lambda s, cited: _Yes(all(ch in "".join(cited) for ch in s))
    >>> citation_precision([("가나", ["가", "나", "다"])], judge)  # 다 is superfluous
    0.6666666666666666
    """
    relevant = total = 0
    for sentence, cited in sentences:
        cited = list(cited)
        total += len(cited)
        if not cited or not judge(sentence, cited).supported:
            continue
        if len(cited) == 1:
            relevant += 1
            continue
        for i, passage in enumerate(cited):
            alone = judge(sentence, [passage]).supported
            rest = cited[:i] + cited[i + 1:]
            relevant += alone or not judge(sentence, rest).supported
    return relevant / total if total else 0.0


@dataclass(frozen=True)
class _Yes:
    """Tiny verdict for the examples above."""

    supported: bool


# --- answers -------------------------------------------------------------------------------------------


def key_facts(reference: str) -> list[str]:
    """The facts a reference answer commits to: its figures (as written) and its proper nouns (Kiwi
    NNP of two or more syllables).

    >>> key_facts("한빛시는 2025년 3월 청년 1,000명을 지원한다.")
    ['2025년 3월', '1,000명', '한빛']
    """
    figures = [f.raw for f in extract_figures(reference)]
    names = [form for form, tag in tagged_morphemes(reference) if tag == "NNP" and len(form) >= 2]
    return list(dict.fromkeys(figures + names))


def key_fact_recall(reference: str, answer: str) -> float:
    """Share of the reference's key facts (:func:`key_facts`) found in the answer: figures compared
    normalised (``천 명`` = ``1,000명``), names as substrings ignoring spaces. A reference without
    key facts scores 1.0 (nothing to miss); filter such references out when averaging if that matters.

    >>> key_fact_recall("한빛시는 청년 1,000명에게 20만 원을 지원한다.", "한빛시가 천 명에게 지원합니다.")
    0.6666666666666666
    """
    figures = extract_figures(reference)
    names = [form for form, tag in tagged_morphemes(reference) if tag == "NNP" and len(form) >= 2]
    names = list(dict.fromkeys(names))
    unique_figures = list({(f.kind, f.norm): f for f in figures}.values())
    total = len(unique_figures) + len(names)
    if total == 0:
        return 1.0
    answer_figures = extract_figures(answer)
    answer_compact = compact(answer)
    found = sum(any(figure_matches(f, a) for a in answer_figures) for f in unique_figures)
    found += sum(name in answer_compact for name in names)
    return found / total


def token_f1(reference: str, answer: str) -> float:
    """SQuAD-style bag-of-tokens F1 over Kiwi content morphemes (particles and endings ignored, so
    "월세를 지원한다" and "월세 지원" agree). Both empty → 1.0, one empty → 0.0.

    >>> token_f1("청년 월세를 지원한다", "청년에게 월세 지원")
    1.0
    >>> round(token_f1("청년 월세 지원", "노인 월세 지원"), 4)
    0.6667
    """
    ref, ans = content_morphemes(reference), content_morphemes(answer)
    if not ref or not ans:
        return float(ref == ans)
    common = sum((Counter(ref) & Counter(ans)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(ans), common / len(ref)
    return 2 * precision * recall / (precision + recall)


class RefusalRecord(NamedTuple):
    """``should_refuse``: the question has no answer in the corpus; ``refused``: the system declined."""

    should_refuse: bool
    refused: bool


def refusal_scores(records: Iterable[RefusalRecord] | Iterable[tuple[bool, bool]]) -> dict[str, float]:
    """Refusal precision (refusals that were right), recall (unanswerable questions refused) and the
    false-refusal rate (answerable questions refused). An empty denominator gives 0.0.

    >>> refusal_scores([(True, True), (True, False), (False, True), (False, False), (False, False)])
    {'refusal_precision': 0.5, 'refusal_recall': 0.5, 'false_refusal_rate': 0.3333333333333333}
    """
    tp = fp = fn = tn = 0
    for should, did in records:
        tp += should and did
        fp += (not should) and did
        fn += should and not did
        tn += (not should) and not did
    return {
        "refusal_precision": _ratio(tp, tp + fp),
        "refusal_recall": _ratio(tp, tp + fn),
        "false_refusal_rate": _ratio(fp, fp + tn),
    }


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


# --- drafts --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureFidelity:
    """Figures of a draft found in the allowed sources vs invented; ``share`` = found / all (1.0 if
    the draft states no figure)."""

    found: list[str]
    invented: list[str]
    share: float


def figure_fidelity(draft_text: str, allowed_texts: Sequence[str]) -> FigureFidelity:
    """Which figures of a draft come from the sources it may use (brief, cited passages).

    >>> figure_fidelity("참가자 천 명, 예산 5억 원", ["참가자 1,000명"])
    FigureFidelity(found=['천 명'], invented=['5억 원'], share=0.5)
    """
    allowed = [f for text in allowed_texts for f in extract_figures(text)]
    found: list[str] = []
    invented: list[str] = []
    for figure in extract_figures(draft_text):
        (found if any(figure_matches(figure, a) for a in allowed) else invented).append(figure.raw)
    total = len(found) + len(invented)
    return FigureFidelity(found, invented, len(found) / total if total else 1.0)


def brief_figure_coverage(brief_facts: Sequence[str], draft_text: str) -> float:
    """Share of the figures in the brief's facts that the draft states (normalised); 1.0 when the
    brief has no figures.

    >>> brief_figure_coverage(["참가자 1,000명", "예산 3억 원", "행사는 5월 4일"], "천 명이 5월 4일 참가")
    0.6666666666666666
    """
    wanted = list({(f.kind, f.norm): f for fact in brief_facts for f in extract_figures(fact)}.values())
    if not wanted:
        return 1.0
    draft = extract_figures(draft_text)
    return sum(any(figure_matches(w, d) for d in draft) for w in wanted) / len(wanted)


def _lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b, 1):
            current.append(previous[j - 1] + 1 if x == y else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


def rouge_l_f(reference: str, draft: str) -> float:
    """ROUGE-L F1 (Lin 2004) over Kiwi content morphemes: the similarity measure between a draft and
    a reference text. Longest common subsequence, so word order counts but gaps are allowed;
    morphemes, so "지원한다"/"지원했다" and spacing do not matter.

    >>> rouge_l_f("청년 월세 지원 확대", "청년 지원 확대")  # LCS 3; P = 3/3, R = 3/4
    0.8571428571428571
    """
    ref, hyp = content_morphemes(reference), content_morphemes(draft)
    if not ref or not hyp:
        return float(ref == hyp)
    lcs = _lcs_length(ref, hyp)
    if lcs == 0:
        return 0.0
    precision, recall = lcs / len(hyp), lcs / len(ref)
    return 2 * precision * recall / (precision + recall)


def chrf(reference: str, hypothesis: str, max_n: int = 6, beta: float = 2.0) -> float:
    """chrF (Popović 2015): character n-gram F-score, n = 1..``max_n``, recall weighted ``beta`` times,
    whitespace removed (as sacreBLEU). Precision and recall are averaged over the n-gram orders both
    texts are long enough for. Cheap and tokenizer-free, a useful second opinion next to ROUGE-L.

    >>> chrf("가나다", "가나다"), round(chrf("가나", "가다", max_n=2, beta=1.0), 4)
    (1.0, 0.25)
    """
    ref, hyp = compact(reference), compact(hypothesis)
    precisions: list[float] = []
    recalls: list[float] = []
    for n in range(1, max_n + 1):
        ref_grams = Counter(ref[i:i + n] for i in range(len(ref) - n + 1))
        hyp_grams = Counter(hyp[i:i + n] for i in range(len(hyp) - n + 1))
        if not ref_grams or not hyp_grams:
            break
        common = sum((ref_grams & hyp_grams).values())
        precisions.append(common / sum(hyp_grams.values()))
        recalls.append(common / sum(ref_grams.values()))
    if not precisions:
        return float(ref == hyp)
    p, r = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    return (1 + beta**2) * p * r / (beta**2 * p + r) if p + r else 0.0


character_f = chrf


def roc_auc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    """Probability that a positive scores above a negative (ties count half): how well a refusal signal
    separates unanswerable questions (positives) from answerable ones; 0.5 is no separation.

    >>> roc_auc([0.9, 0.4], [0.1, 0.4])
    0.875
    """
    pairs = [(p > n) + 0.5 * (p == n) for p in positives for n in negatives]
    return sum(pairs) / len(pairs) if pairs else float("nan")


# --- speed ---------------------------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (0-100) with linear interpolation between ranks (numpy's default).

    >>> percentile([1, 2, 3, 4], 50), round(percentile([1, 2, 3, 4], 95), 6)
    (2.5, 3.85)
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be in [0, 100], got {p}")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * p / 100
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


@dataclass(frozen=True)
class LatencyStats:
    """Latency summary in the unit of the input (seconds, usually).

    >>> LatencyStats.of([0.1, 0.2, 0.3, 0.4])
    LatencyStats(p50=0.25, p95=0.385, mean=0.25, n=4)
    """

    p50: float
    p95: float
    mean: float
    n: int

    @classmethod
    def of(cls, values: Sequence[float]) -> LatencyStats:
        if not values:
            return cls(0.0, 0.0, 0.0, 0)
        return cls(round(percentile(values, 50), 6), round(percentile(values, 95), 6),
                   round(sum(values) / len(values), 6), len(values))


# --- judge agreement -----------------------------------------------------------------------------------


def binary_agreement(predicted: Sequence[bool], gold: Sequence[bool]) -> dict[str, float]:
    """Accuracy, precision, recall (positive class = True) and Cohen's kappa of predictions vs labels.

    Kappa = (p_o - p_e) / (1 - p_e), p_e the agreement expected by chance from the two marginals
    (Cohen 1960); 1.0 when both raters are constant and agree.

    >>> binary_agreement([True, True, False, False], [True, False, False, False])
    {'accuracy': 0.75, 'precision': 0.5, 'recall': 1.0, 'kappa': 0.5, 'n': 4}
    """
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold differ in length")
    n = len(gold)
    if n == 0:
        return {"accuracy": 0.0, "precision": 0.0, "recall": 0.0, "kappa": 0.0, "n": 0}
    tp = sum(p and g for p, g in zip(predicted, gold, strict=True))
    fp = sum(p and not g for p, g in zip(predicted, gold, strict=True))
    fn = sum(g and not p for p, g in zip(predicted, gold, strict=True))
    observed = sum(p == g for p, g in zip(predicted, gold, strict=True)) / n
    p_yes, g_yes = sum(predicted) / n, sum(gold) / n
    expected = p_yes * g_yes + (1 - p_yes) * (1 - g_yes)
    kappa = 1.0 if expected == 1 else (observed - expected) / (1 - expected)
    return {"accuracy": observed, "precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn),
            "kappa": kappa, "n": n}


def normalise_text(text: str) -> str:
    """NFC with runs of whitespace collapsed to one space (for exact-match style comparisons).

    >>> normalise_text(" 청년\\n 월세 ")
    '청년 월세'
    """
    return " ".join(nfc(text).split())
