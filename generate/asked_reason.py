"""A question that asks why is answered only by a passage that gives a reason.

Releases and reports state figures far more often than their causes, so "…을 연 매출 2억 원 이하로 정한 이유가
뭐야?" or "… 예산이 전년보다 줄어든 이유는?" is a natural near-miss: the passages hold the 2억 원 rule or the two
budget lines, not why. The 1.5B model then supplies a plausible cause of its own ("…가 증가했기 때문입니다") and
cites the passage it took the figures from — the words match, so the citation check passes. A passage that
gives a reason says so in a few ways Korean writing keeps to (때문, 위해, 따라, 인해, 탓, 덕분, 배경, -어서,
-므로, -느라, -자, 필요, 요구 …, or a noun in the instrumental case: "성적 부진으로 경질"); the check only asks that at least one cited passage has one of them, so it
declines the answers whose sources give no reason at all and leaves the reading of the reason to the model
(``Answerer``; docs/measurements.md, "Answers"). A reason given only by a bare connective ("사업이 끝나 예산이 줄었다") is
not seen — reading every "-아/-어" as a cause would find one in nearly every sentence.

A reason given for another event the question itself names does not answer it: "심야약국에 달아 둔 비상벨이 두 번
쓰였다던데 무슨 일 때문이었어?" is not answered by "약사의 안전을 위해 설치한 112 긴급 신고 버튼은 1년 동안 두 차례
쓰였고" — the 위해 says why the button was put in (달다 | 설치), not what the two calls were (six sets asked it). The asked
event is the predicate the question ties its reason word to (the nearest before "이유" / "때문", those after "왜").
Causal words are read as morphemes (the old pattern read "상반기에" as the ending "-기에"), each with the first
predicate it governs:
- a passage that names a reason outright counts ("가장 큰 이유는", "…의 영향이 컸다", "…때문이다", "…때문으로 분석된다");
- a strong causal word (때문에, 위해, 인해, 탓, -어서, -므로, -느라 …) counts unless it governs another event the
  question names;
- a weak one — an ending as often of time or manner (-면서, -자, 에 따라) or a noun in the instrumental case, as often a
  means or a result ("정규직으로 채용돼", "목표로 삼았다") — counts only when it governs the asked event ("도입하면서
  사업비가 늘었다", "성적 부진으로 경질되어"): the same verb (늘다 | 늘리다 | 늘어나다 share their first syllable) or
  one of its family (늘다 | 확대 | 증가).
A question whose event is not found is judged by any causal word, as before. Measured on thirty why-questions written
for this check (20 answerable, 10 not; docs/measurements.md, stop 58).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

ASKS_REASON = re.compile(r"이유|원인|까닭|(?<![가-힣])왜(?![가-힣])|왜요|(?:무슨\s?일|무엇|뭐|무슨)\s?때문|어째서")
# Another question word beside the reason's ("몇 명이고, 이유는 뭐야?"): the answer may rightly give a figure.
_OTHER_ASK = re.compile(r"몇|얼마|며칠|언제|어디|어느|누가|누구|각각")
CAUSAL = re.compile(
    r"때문|위해|위한|위하여|따라|따른|인해|인한|원인|이유|탓|덕분|덕에|배경|계기|목적|취지|필요|요구|지적|반영|"
    r"[어아해]서(?![가-힣])|므로|느라|만큼|바람에|[하되자]자(?![가-힣])|면서(?![가-힣])|기에(?![가-힣])")


def asks_reason_only(question: str) -> bool:
    """The question asks why, and nothing else.

    >>> asks_reason_only("노란우산 희망장려금 대상을 연 매출 2억 원 이하로 정한 이유가 뭐야?")
    True
    >>> asks_reason_only("첫 재난 보도자료가 시한을 넘긴 원인은 무엇이었나?")
    True
    >>> asks_reason_only("비상 신고 버튼이 두 번 눌렸다던데 무슨 일 때문이었어?"), asks_reason_only("어째서 늦어졌어?")
    (True, True)
    >>> asks_reason_only("떠나고 싶다고 답한 청년은 얼마나 되고, 주된 이유는 뭐였어?")
    False
    >>> asks_reason_only("왜곡된 통계는 몇 건이야?")
    False
    """
    return bool(ASKS_REASON.search(question)) and not _OTHER_ASK.search(question)


def states_a_reason(text: str) -> bool:
    """The passage words a reason or a purpose: a causal word or ending, or a cause in the instrumental case
    ("성적 부진으로 경질되어", "광복절 특별사면으로 석방되었고") — a noun, not a quantity ("3,000명으로 늘린다").

    >>> states_a_reason("청년 유출을 막기 위해 월세 지원을 늘렸다."), states_a_reason("성적 부진으로 경질되어 물러났다.")
    (True, True)
    >>> states_a_reason("시는 연 매출 2억 원 이하 소상공인에게 월 2만 원씩 적립해 준다.")
    False
    >>> states_a_reason("지원 대상을 1,500명에서 3,000명으로 늘린다.")
    False
    """
    if CAUSAL.search(text):
        return True
    tokens = _tokens(text)
    return any(_is_a_cause_noun(tokens, i) for i in range(len(tokens)))


def gives_no_stated_reason(question: str, sources: Sequence[str]) -> bool:
    """A why-question answered from ``sources`` of which none gives a reason for the asked event.

    >>> gives_no_stated_reason("예산이 줄어든 이유는?", ["고용 안정 지원 | 212 | 196 | -16"])
    True
    >>> gives_no_stated_reason("예산이 줄어든 이유는?", ["사업이 끝났기 때문에 예산이 줄었다."])
    False
    """
    return asks_reason_only(question) and not any(states_a_reason_for(question, s) for s in sources)


# Predicates that tell no event of their own: the copula, "have", "do" after a quote ("쓰였다고 하던데"),
# auxiliaries, and the size of the reason itself ("제일 큰 이유").
_LIGHT = frozenset({"하", "되", "있", "없", "이", "아니", "않", "같", "크", "그렇", "이렇", "어떻", "싶", "주", "보", "두"})
# The native verbs (matched by their first syllable: 늘 | 늘리 | 늘어나) and the verbal nouns (matched as written)
# one event is told by.
_SAME_EVENT: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset({"늘"}), frozenset({"확대", "증가", "증액", "확충", "상향"})),
    (frozenset({"줄"}), frozenset({"감소", "축소", "감액", "삭감", "하향"})),
    (frozenset({"바꾸", "바뀌"}), frozenset({"변경", "개편", "조정", "개정", "전환"})),
    (frozenset({"정하"}), frozenset({"결정", "책정", "설정", "선정"})),
    (frozenset({"쓰"}), frozenset({"사용", "이용", "활용"})),
    (frozenset({"열"}), frozenset({"개최", "개소", "개관", "개통", "개장"})),
    (frozenset({"그만두"}), frozenset({"중단", "포기", "이탈", "탈락"})),
    (frozenset({"늦"}), frozenset({"지연"})),
    (frozenset({"쉬"}), frozenset({"휴회", "휴관", "휴업", "휴무"})),
    (frozenset({"막"}), frozenset({"차단", "제한", "금지"})),
    (frozenset({"달"}), frozenset({"설치"})),
)
_REASON_NOUNS = frozenset({"이유", "원인", "까닭", "배경", "사유", "계기", "목적", "취지", "영향"})
_ASKED_REASON_NOUNS = frozenset({"이유", "원인", "까닭", "사유", "때문"})
_CAUSAL_ENDINGS = frozenset({"어서", "아서", "므로", "으므로", "느라", "느라고", "니까", "으니까"})
# Endings as often of time or manner as of cause ("약을 드리면서 설명해 드리면", "에 따라"): they must govern the
# asked event itself ("도입하면서 사업비가 늘었다").
_WEAK_CAUSAL_ENDINGS = frozenset({"면서", "으면서", "자"})
_CAUSAL_VERBS = frozenset({"위하", "인하"})
_CAUSAL_NOUNS = frozenset({"때문", "탓", "덕분", "덕", "필요"})
# Verbal nouns that give a cause as verbs ("의견을 반영해", "감사에서 지적돼"), not as nouns ("감사 지적 사항").
_CAUSAL_VERBAL_NOUNS = frozenset({"반영", "지적", "요구"})
_Token = tuple[str, str]
_Tokens = Sequence[_Token]
# A predicate's stem, and whether it is a verbal noun ("설치" of "설치한") rather than a verb ("쓰" of "썼다").
_Predicate = tuple[str, bool]


def states_a_reason_for(question: str, text: str) -> bool:
    """``text`` gives a reason for the event ``question`` asks about (or any reason, when no event is found).

    >>> q = "심야약국에 달아 둔 긴급 신고 버튼이 두 번 쓰였다던데 무슨 일 때문이었어?"
    >>> states_a_reason_for(q, "약사의 안전을 위해 설치한 112 긴급 신고 버튼은 1년 동안 두 차례 쓰였다.")
    False
    >>> states_a_reason_for("청년 월세 지원을 왜 늘렸어?", "청년 유출을 막기 위해 지원 대상을 3,000명으로 늘린다.")
    True
    >>> states_a_reason_for("사업비가 왜 늘어난 거야?", "드론 쇼를 새로 도입하면서 사업비가 4억 원 늘었다.")
    True
    >>> states_a_reason_for("센터를 왜 동림구에 열었어?", "동림구에 센터를 연 것은 고립 청년이 가장 많기 때문이다.")
    True
    >>> states_a_reason_for("청년들이 떠나려는 가장 큰 이유는?", "가장 큰 이유는 ‘원하는 일자리가 없어서’(57%)였음")
    True
    >>> states_a_reason_for("환승 비율이 올라간 원인은?", "환승이 늘었기 때문으로 분석된다.")
    True
    >>> states_a_reason_for("8월 첫째 주 회의가 열리지 않은 이유는?", "재시범 여부는 2026년 상반기에 판단한다.")  # 상반기 + 에
    False
    """
    event = asked_event(question)
    if event is None:
        return states_a_reason(text)
    others = frozenset(p for p in _predicates(_tokens(question)) if not _same_event(p, event))
    return _reason_for(event, others, _tokens(text))


def asked_event(question: str) -> frozenset[_Predicate] | None:
    """The predicates of the event a why-question asks about: those after "왜", else the nearest before its reason
    word ("늘어난 이유", "쓰였다던데 무슨 일 때문"); None when there is none.

    >>> sorted(asked_event("9명은 왜 안 썼대?") or ())
    [('쓰', False)]
    >>> sorted(asked_event("간부회의가 열리지 않은 이유는 무엇인가요?") or ())
    [('열리', False)]
    >>> sorted(asked_event("보도자료가 1시간 늦어졌다는데 왜 그렇게 된 거야?") or ())
    [('늦', False)]
    >>> sorted(asked_event("약사 안전 때문에 달아 둔 비상벨이 두 번 쓰였다던데 무슨 일 때문이었어?") or ())
    [('쓰이', False)]
    >>> sorted(asked_event("한명숙이 1981년 석방될 수 있었던 이유는?") or ())
    [('석방', True)]
    """
    tokens = _tokens(question)
    why = [i for i, (form, tag) in enumerate(tokens) if tag == "MAG" and form in ("왜", "어째서")]
    # The asked reason noun is the last: "약사 안전 때문에 달아 둔 비상벨이 … 무슨 일 때문이었어?"
    nouns = [i for i, (form, tag) in enumerate(tokens) if tag.startswith("NN") and form in _ASKED_REASON_NOUNS]
    at = why[0] if why else nouns[-1] if nouns else None
    if at is None:
        return None
    after = _predicates(tokens[at + 1:]) if tokens[at][1] == "MAG" else []
    if after:
        return frozenset(after)
    before = _predicates(tokens[:at])
    return frozenset(before[-1:]) or None


def _predicates(tokens: _Tokens) -> list[_Predicate]:
    return [p for p in (_predicate(tokens, i) for i in range(len(tokens))) if p is not None]


def _reason_for(event: frozenset[_Predicate], others: frozenset[_Predicate], tokens: _Tokens) -> bool:
    """A passage names a reason outright, or a causal word of it governs the asked event — or, for a causal word
    or ending, any predicate but another event the question itself names ("달아 둔 비상벨": 위해 설치한)."""
    for i, (form, tag) in enumerate(tokens):
        if tag.startswith("NN") and form in _REASON_NOUNS:
            return True  # "가장 큰 이유는", "… 배경에는", "… 도입 등의 영향이 컸다"
        if form == "때문" and i + 1 < len(tokens) and tokens[i + 1][0] != "에":
            return True  # "… 것은 … 때문이다", "… 늘었기 때문으로 분석된다"
        if _is_a_cause_noun(tokens, i) or _is_a_weak_cause(tokens, i):
            # "성적 부진으로 경질되어", "장비 납품 지연으로 … 늦어짐": the instrumental case is as often a means or a
            # result ("정규직으로 채용돼", "목표로 삼았다"), so it must govern the asked event itself.
            governed = _governed(tokens, i)
            if governed is not None and _same_event(governed, event):
                return True
        elif _is_causal(tokens, i):
            governed = _governed(tokens, i)
            if governed is None or _same_event(governed, event) or not _same_event(governed, others):
                return True
    return False


def _is_a_cause_noun(tokens: _Tokens, i: int) -> bool:
    form, tag = tokens[i]
    return (tag == "JKB" and form in ("으로", "로") and i > 0 and tokens[i - 1][1] in ("NNG", "NNP")
            and not (i > 1 and tokens[i - 2][1] in ("SN", "NR")))


def _is_a_weak_cause(tokens: _Tokens, i: int) -> bool:
    form, tag = tokens[i]
    return (tag == "EC" and form in _WEAK_CAUSAL_ENDINGS) or (tag == "VV" and form == "따르" and i > 0
                                                              and tokens[i - 1][1] == "JKB")


def _is_causal(tokens: _Tokens, i: int) -> bool:
    form, tag = tokens[i]
    previous = tokens[i - 1] if i else ("", "")
    following = tokens[i + 1] if i + 1 < len(tokens) else ("", "")
    return ((tag == "EC" and form in _CAUSAL_ENDINGS) or (tag == "VV" and form in _CAUSAL_VERBS)
            or (tag.startswith("NN") and form in _CAUSAL_NOUNS)
            or (tag == "NNG" and form in _CAUSAL_VERBAL_NOUNS and following[1] in ("XSV", "XSA"))
            or (form == "바람" and following[0] == "에")
            or (tag == "JKB" and form == "에" and previous == ("기", "ETN")))


def _governed(tokens: _Tokens, at: int) -> _Predicate | None:
    """The first predicate after a causal word, in its sentence; "정하" for "…하기로 하다" (a decision)."""
    for i in range(at + 1, len(tokens)):
        if tokens[i][1] in ("SF", "EF"):
            return None
        if (p := _predicate(tokens, i)) is not None:
            after = [form for form, _ in tokens[i + 1:i + 5]]
            return ("정하", False) if _decided(after) else p
    return None


def _decided(after: list[str]) -> bool:
    """"…하기로 하다" follows the predicate: a decision ("지원하기로 했다")."""
    return after[:3] == ["기", "로", "하"] or after[1:4] == ["기", "로", "하"]


def _predicate(tokens: _Tokens, i: int) -> _Predicate | None:
    """The stem a token predicates with: a verb or adjective, or a noun made a verb by 하다 / 되다 ("설치한")."""
    form, tag = tokens[i]
    if tag in ("VV", "VA") and form not in _LIGHT:
        return form, False
    if tag == "NNG" and i + 1 < len(tokens) and tokens[i + 1][1] in ("XSV", "XSA"):
        return form, True
    return None


def _same_event(governed: _Predicate, event: frozenset[_Predicate]) -> bool:
    return any(_alike(governed, asked) or any(_in(governed, family) and _in(asked, family) for family in _SAME_EVENT)
               for asked in event)


def _alike(a: _Predicate, b: _Predicate) -> bool:
    """The same stem, or two native verbs sharing their first syllable (늘 | 늘리 | 늘어나, 쓰 | 쓰이)."""
    return a == b or (not a[1] and not b[1] and a[0][0] == b[0][0])


def _in(predicate: _Predicate, family: tuple[frozenset[str], frozenset[str]]) -> bool:
    stem, noun = predicate
    verbs, nouns = family
    return stem in nouns if noun else any(stem[0] == verb[0] for verb in verbs)


@lru_cache(maxsize=4096)  # a question's tokens are read for every passage of the pool
def _tokens(text: str) -> tuple[_Token, ...]:
    from core.korean import tagged_morphemes  # under core.korean's lock: Kiwi is shared across threads

    return tuple(tagged_morphemes(text))
