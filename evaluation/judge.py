"""Does the cited text support an answer sentence? A lexical Korean judge (default) and an LLM judge.

The lexical judge needs no model. A sentence is supported when
1. enough of its content morphemes (Kiwi) appear in the cited text (``coverage >= threshold``),
2. every figure it states is in the cited text (normalised by :mod:`core.textnorm`),
3. every proper noun it names (district, agency, programme) is in the cited text,
4. each of its clauses has the polarity (negated or not) of the cited clause it matches best, and
5. no term it uses contradicts the best-matching cited sentence (증가/감소, 유료/무료, 이상/이하 …).

Rules 2-5 catch what overlap alone misses in press-office text: the right topic with the wrong figure,
year or district, "지원하지 않는다" against "지원한다". Known misses: a figure of the evidence put in the
wrong slot ("둘째 200만 원" when 200만 원 is for the first child), a single substituted noun outside the
contrast sets ("교통 분야" for "복지 분야"), an extra item in a list, and a contrast word whose partner
sits in a sentence other than the best-matching one ("감소" against "이는 … 늘어난 규모다"). The threshold was tuned on
``evaluation/data/judge_labels.jsonl``; ``benchmarks/judge_agreement.py`` prints the agreement.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from core.errors import PressroomError
from core.korean import nfc, split_sentences, tagged_morphemes
from core.textnorm import Figure, compact, computed_from, figures_supported, misread_enumeration

__all__ = ["DEFAULT_THRESHOLD", "JudgeError", "LLMJudge", "LexicalJudge", "SupportVerdict", "support"]

# Tuned on the dev half of judge_labels.jsonl; see benchmarks/judge_agreement.py --sweep.
DEFAULT_THRESHOLD = 0.7


@dataclass(frozen=True)
class SupportVerdict:
    supported: bool
    coverage: float  # share of the sentence's content terms and figures found in the cited text
    missing_terms: tuple[str, ...] = ()
    missing_figures: tuple[str, ...] = ()
    reason: str = ""  # Korean, for people reading an evaluation report


class JudgeError(PressroomError):
    code = "judge_failed"


# Figures are checked as figures (rule 2) and removed before term extraction, or "천 명" would miss "1,000명".
_TERM_TAGS = ("NNG", "NNP", "NR", "NP", "VV", "VA", "XR", "SL", "SH", "MM")
# Light verbs and relational nouns ("신청 기간은", "2주 동안", "도입 후") say nothing about the claim;
# paraphrases add and drop them freely.
_STOP_TERMS = frozenset({
    "하", "되", "있", "없", "위하", "통하", "대하", "따르", "관하", "이", "그", "저", "것", "수", "등", "및",
    "이번", "해당", "밝히", "말하", "전하", "설명", "예정", "계획", "동안", "후", "전", "안", "중", "가운데",
    "이후", "이전", "규모", "대상", "기간", "내", "간", "경우", "때", "관련", "총", "각",
})
_NEGATORS = frozenset({("않", "VX"), ("못하", "VX"), ("못", "MAG"), ("안", "MAG"), ("없", "VA"),
                       ("아니", "VCN"), ("불", "XPN"), ("미", "XPN"), ("비", "XPN"), ("말", "VX")})
# Clause-ending connectives; "지"/"게"/"어" are left out because they glue auxiliaries ("하지 않는다").
_CLAUSE_ENDS = frozenset({"고", "며", "으며", "지만", "나", "으나", "는데", "은데", "ㄴ데", "면서", "으면서", "거나"})
_CITATION_MARK = re.compile(r"\s*\[\d+(?:\s*[,\-–]\s*\d+)*\]")
_PLACE_SUFFIX = re.compile(r"(?<=..)(특별시|광역시|시청|구청|군청|시|구|군|도|청|동|읍|면)$")
# One-syllable district names that Kiwi tags as common nouns at a sentence start ("서구는").
_DISTRICTS = frozenset({"동구", "서구", "남구", "북구", "중구"})
# Contrast sets: a claim term absent from the evidence, whose contrast partner is in the evidence sentence
# that matches the claim best, contradicts it (증가 vs 감소, 유료 vs 무료, 이상 vs 이하, 국비 vs 시비).
# Each tuple lists sides; any two sides clash.
_CONTRASTS: tuple[tuple[frozenset[str], ...], ...] = tuple(
    tuple(frozenset(side.split()) for side in sides) for sides in (
        ("증가 늘 늘어나 늘리 상승 확대 상향 인상 증액 증설", "감소 줄 줄어들 줄이 하락 축소 하향 인하 감액 단축 감축 절감"),
        ("유료", "무료"), ("고정", "변동"), ("이상 초과", "이하 미만"), ("오전", "오후"), ("상반기", "하반기"),
        ("신설 개설 개통 도입 개시 재개", "폐지 폐쇄 중단 종료 철거"), ("허용 허가", "금지 불허"),
        ("포함", "제외"), ("국비", "시비", "구비", "도비"), ("첫째", "둘째", "셋째", "넷째"),
        ("평일", "주말", "휴일"), ("흑자", "적자"), ("최대", "최소"),
        # A bill's stages: "조례는 시의회를 통과했습니다" cited to "… 조례 제정을 시의회에 제출할 예정" or "조례가
        # 시의회에서 보류되면" names the bill and the council, and only the stage it claims is missing (fresh-29's
        # ri3-011).
        ("통과 가결 의결", "제출 상정 발의 계류 보류 부결"),
    ))


@dataclass(frozen=True)
class _Clause:
    terms: frozenset[str]
    negated: bool


@dataclass(frozen=True)
class _Evidence:
    """The cited texts of one call, each text analysed once per process (see ``_analyse``)."""

    clauses: list[_Clause]
    sentences: list[frozenset[str]]  # terms of each sentence
    terms: frozenset[str]
    compact: str

    @classmethod
    def of(cls, texts: Sequence[str]) -> _Evidence:
        analysed = [_analyse(text) for text in texts]
        clauses = [c for own, _ in analysed for c in own]
        sentences = [t for _, terms in analysed for t in terms]
        terms = frozenset().union(*(c.terms for c in clauses))
        return cls(clauses, sentences, terms, compact(" ".join(texts)))


@lru_cache(maxsize=512)
def _analyse(text: str) -> tuple[tuple[_Clause, ...], tuple[frozenset[str], ...]]:
    """Clauses and per-sentence terms of one cited text. Cached: answer composition judges the same
    passages against many sentences, and tokenising a 1,800-character passage takes ~50 ms."""
    clauses: list[_Clause] = []
    sentences: list[frozenset[str]] = []
    for sentence in split_sentences(text):
        own = _clauses(sentence)
        clauses.extend(own)
        sentences.append(frozenset().union(*(c.terms for c in own)))
    return tuple(clauses), tuple(sentences)  # immutable: the cache hands the same object to every caller


def _clauses(text: str) -> list[_Clause]:
    """Content terms and polarity of each clause (split at connective endings and commas)."""
    out: list[_Clause] = []
    terms: set[str] = set()
    negated = False
    for form, tag in tagged_morphemes(text):
        if (form, tag) in _NEGATORS:
            negated = True
        elif tag.startswith(_TERM_TAGS) and form not in _STOP_TERMS:
            terms.add(form.lower() if tag == "SL" else form)
        if (tag == "EC" and form in _CLAUSE_ENDS) or tag in ("SP", "SF"):
            if terms:
                out.append(_Clause(frozenset(terms), negated))
            terms, negated = set(), False
    if terms:
        out.append(_Clause(frozenset(terms), negated))
    return out


def _without_figures(text: str, figures: Sequence[Figure]) -> str:
    for figure in figures:
        text = text.replace(figure.raw, " ")
    return text


def _names(text: str) -> list[str]:
    """Proper nouns of two or more syllables (Kiwi tags some one-syllable prefixes NNP, e.g. 미)."""
    tagged = tagged_morphemes(text)
    names = [form for form, tag in tagged if (tag == "NNP" and len(form) >= 2) or form in _DISTRICTS]
    return list(dict.fromkeys(names))


def _name_present(name: str, evidence_compact: str) -> bool:
    """"서울시" is present in "서울특별시", "마포구청" in "마포구": compare without the place suffix."""
    return name in evidence_compact or _PLACE_SUFFIX.sub("", name) in evidence_compact


def _polarity_ok(claim: _Clause, evidence: list[_Clause]) -> bool:
    """The evidence clause sharing most terms with the claim clause must have its polarity."""
    if not evidence:
        return True
    best = max(len(claim.terms & c.terms) for c in evidence)
    if best == 0:
        return True
    return any(c.negated == claim.negated for c in evidence if len(claim.terms & c.terms) == best)


def _aligned_terms(terms: frozenset[str], evidence: _Evidence) -> frozenset[str]:
    """Terms of the evidence sentence(s) sharing most terms with the claim."""
    best = max((len(terms & t) for t in evidence.sentences), default=0)
    return frozenset().union(*(t for t in evidence.sentences if best and len(terms & t) == best))


def _contradictions(missing: Sequence[str], aligned: frozenset[str]) -> list[str]:
    """Missing claim terms whose contrast partner the aligned evidence states ("증가" against "감소")."""
    out: list[str] = []
    for term in missing:
        for sides in _CONTRASTS:
            own = next((side for side in sides if term in side), None)
            if own is not None and any(aligned & side for side in sides if side is not own):
                out.append(term)
    return out


# The words of a stated comparison or total, for figures worked out from two others.
_COMPARES = re.compile(r"차이|늘|줄|많|적어|적었|적게|높|낮|증가|감소|커졌|컸|크다|작아|작았|보다")
_ADDS = re.compile(r"합계|합치|합하|합산|더하면")


def _worked_out(figure: Figure, stated: list[Figure], sentence: str) -> bool:
    """Whether ``figure`` is a difference (in a sentence that compares) or a sum (in one that adds) of two
    ``stated`` figures."""
    if _COMPARES.search(sentence) and computed_from(figure, stated):
        return True
    return bool(_ADDS.search(sentence)) and computed_from(figure, stated, sums=True)


class LexicalJudge:
    """The default support judge: Kiwi term coverage plus figure, name, negation and contrast checks, and
    whether a figure listed with others is claimed for its own item ("첫째 200만 원, 둘째 300만 원")."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, *, check_names: bool = True,
                 check_negation: bool = True, check_contrasts: bool = True, check_items: bool = True) -> None:
        self.threshold = threshold
        self.check_names = check_names
        self.check_negation = check_negation
        self.check_contrasts = check_contrasts
        self.check_items = check_items

    def __call__(self, sentence: str, cited_texts: Sequence[str]) -> SupportVerdict:
        return self.support(sentence, cited_texts)

    def support(self, sentence: str, cited_texts: Sequence[str]) -> SupportVerdict:
        sentence = _CITATION_MARK.sub("", nfc(sentence)).strip()
        texts = [_CITATION_MARK.sub("", nfc(t)) for t in cited_texts if t and t.strip()]
        if not texts:
            return SupportVerdict(False, 0.0, reason="인용된 근거가 없습니다.")
        evidence = _Evidence.of(texts)
        found, missing_figs = figures_supported(sentence, texts)
        # A comparison's difference (or a total) of two figures the sources state, worked out in the sentence
        # itself ("420개에서 510개로 90개 늘었다"), is supported when the arithmetic holds — and the sentence
        # says it compares (or adds): "14곳을 갖췄고 6곳을 새로 설치했으므로 갖춘 곳은 8곳" is a difference, wrong.
        computed = [f for f in missing_figs if _worked_out(f, found, sentence)]
        found, missing_figs = found + computed, [f for f in missing_figs if f not in computed]
        claim = _clauses(_without_figures(sentence, found + missing_figs))
        terms = frozenset().union(*(c.terms for c in claim))
        missing = sorted(t for t in terms if t not in evidence.terms and t not in evidence.compact)
        total = len(terms) + len(found) + len(missing_figs)
        coverage = 1.0 - (len(missing) + len(missing_figs)) / total if total else 1.0
        reasons = self._reasons(sentence, claim, missing, missing_figs, evidence, coverage)
        if self.check_items and misread_enumeration(sentence, texts):
            reasons.append("근거에서 다른 항목의 수치를 가져왔습니다.")
        return SupportVerdict(not reasons, round(coverage, 4), tuple(missing),
                              tuple(f.raw for f in missing_figs), " ".join(reasons))

    def _reasons(self, sentence: str, claim: list[_Clause], missing: list[str], missing_figs: list[Figure],
                 evidence: _Evidence, coverage: float) -> list[str]:
        """Korean reasons the sentence is not supported; empty when it is."""
        reasons = [self._coverage_reason(coverage), _listed("근거에 없는 수치", [f.raw for f in missing_figs])]
        if self.check_names:
            absent = [n for n in _names(sentence) if not _name_present(n, evidence.compact)]
            reasons.append(_listed("근거에 없는 고유명사", absent))
        if self.check_negation and not all(_polarity_ok(c, evidence.clauses) for c in claim):
            reasons.append("근거와 긍정·부정이 다릅니다.")
        if self.check_contrasts:
            terms = frozenset().union(*(c.terms for c in claim))
            reasons.append(_listed("근거와 반대되는 표현", _contradictions(missing, _aligned_terms(terms, evidence))))
        return [r for r in reasons if r]

    def _coverage_reason(self, coverage: float) -> str:
        if coverage >= self.threshold:
            return ""
        return f"근거와 겹치는 핵심어·수치 비율이 {coverage:.0%}로 기준({self.threshold:.0%})보다 낮습니다."


def _listed(label: str, items: Sequence[str]) -> str:
    return f"{label}: {', '.join(dict.fromkeys(items)).rstrip('.')}." if items else ""


_DEFAULT = LexicalJudge()


def support(sentence: str, cited_texts: Sequence[str]) -> SupportVerdict:
    """Whether ``cited_texts`` (together) support ``sentence``, by the default lexical judge.

    >>> support("강남구는 청년 1,000명에게 월세를 지원한다.", ["강남구는 청년 천 명에게 월세를 지원한다고 밝혔다."]).supported
    True
    >>> support("강남구는 청년 2,000명에게 월세를 지원한다.", ["강남구는 청년 천 명에게 월세를 지원한다."]).missing_figures
    ('2,000명',)
    """
    return _DEFAULT.support(sentence, cited_texts)


# --- LLM judge ---------------------------------------------------------------------------------------

_SYSTEM_PROMPT = (
    "당신은 보도자료 사실 확인 담당자입니다. 근거 문서가 문장의 모든 내용(수치, 날짜, 지역, 기관, 긍정·부정)을 "
    "직접 뒷받침하면 '예', 하나라도 근거에 없거나 다르면 '아니오'라고만 답하십시오."
)
_YES = ("예", "네", "yes", "true", "지지")
_NO = ("아니오", "아니요", "아니", "no", "false")


class LLMJudge:
    """The same check through any OpenAI-compatible ``/v1/chat/completions`` endpoint (yes/no answer).

    ``base_url`` includes the API prefix, as for the OpenAI client: ``http://localhost:8080/v1``.
    ``coverage`` is 1.0 for yes and 0.0 for no; the missing lists stay empty (the model gives no reasons).
    """

    def __init__(self, base_url: str, model: str, api_key: str | None = None, *, timeout: float = 60.0,
                 transport: Any = None) -> None:
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self.api_key = api_key
        self.timeout = timeout
        self.transport = transport  # httpx.MockTransport in tests

    def __call__(self, sentence: str, cited_texts: Sequence[str]) -> SupportVerdict:
        return self.support(sentence, cited_texts)

    def support(self, sentence: str, cited_texts: Sequence[str]) -> SupportVerdict:
        sentence = _CITATION_MARK.sub("", nfc(sentence)).strip()
        if not any(t.strip() for t in cited_texts):
            return SupportVerdict(False, 0.0, reason="인용된 근거가 없습니다.")
        answer = self._ask(self._messages(sentence, cited_texts))
        verdict = _parse_yes_no(answer)
        return SupportVerdict(verdict, 1.0 if verdict else 0.0, reason=f"LLM 판정: {answer.strip()[:40]}")

    @staticmethod
    def _messages(sentence: str, cited_texts: Sequence[str]) -> list[dict[str, str]]:
        evidence = "\n\n".join(f"[{i}] {nfc(t).strip()}" for i, t in enumerate(cited_texts, 1) if t.strip())
        user = f"근거:\n{evidence}\n\n문장: {sentence}\n\n근거가 문장을 뒷받침합니까? (예/아니오)"
        return [{"role": "system", "content": _SYSTEM_PROMPT}, {"role": "user", "content": user}]

    def _ask(self, messages: list[dict[str, str]]) -> str:
        import httpx

        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        body = {"model": self.model, "messages": messages, "temperature": 0, "max_tokens": 8}
        try:
            with httpx.Client(timeout=self.timeout, transport=self.transport) as client:
                response = client.post(self.url, json=body, headers=headers)
                response.raise_for_status()
                return str(response.json()["choices"][0]["message"]["content"])
        except httpx.TimeoutException as exc:
            raise JudgeError(f"판정 모델이 {self.timeout:.0f}초 안에 답하지 않았습니다: {self.url}") from exc
        except httpx.HTTPStatusError as exc:
            raise JudgeError(f"판정 모델 서버 오류 (HTTP {exc.response.status_code}): {self.url}") from exc
        except httpx.HTTPError as exc:
            raise JudgeError(f"판정 모델 서버에 연결할 수 없습니다: {self.url} ({exc})") from exc
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise JudgeError(f"판정 모델 응답 형식이 올바르지 않습니다: {self.url}") from exc


def _parse_yes_no(answer: str) -> bool:
    """First word decides: "예." / "아니오, 수치가 다릅니다" / "Yes"."""
    head = re.sub(r"^[\s\"'*`]+", "", answer).lower()
    if head.startswith(_NO):  # before _YES: "아니오" must not be read as a prefix of anything positive
        return False
    if head.startswith(_YES):
        return True
    raise JudgeError(f"판정 모델이 예/아니오로 답하지 않았습니다: {answer.strip()[:60]!r}")
