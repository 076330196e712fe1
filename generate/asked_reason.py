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
"""

from __future__ import annotations

import re
from collections.abc import Sequence

ASKS_REASON = re.compile(r"이유|원인|까닭|(?<![가-힣])왜(?![가-힣])|왜요|(?:무슨\s?일|무엇|뭐|무슨)\s?때문|어째서")
# Another question word beside the reason's ("몇 명이고, 이유는 뭐야?"): the answer may rightly give a figure.
_OTHER_ASK = re.compile(r"몇|얼마|며칠|언제|어디|누가|누구|각각")
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
    return bool(CAUSAL.search(text)) or _noun_as_cause(text)


def _noun_as_cause(text: str) -> bool:
    from core.korean import kiwi

    tokens = kiwi().tokenize(text)
    return any(t.tag == "JKB" and t.form in ("으로", "로") and i and tokens[i - 1].tag in ("NNG", "NNP")
               and not (i > 1 and tokens[i - 2].tag in ("SN", "NR"))
               for i, t in enumerate(tokens))


def gives_no_stated_reason(question: str, sources: Sequence[str]) -> bool:
    """A why-question answered from ``sources`` of which none gives a reason.

    >>> gives_no_stated_reason("예산이 줄어든 이유는?", ["고용 안정 지원 | 212 | 196 | -16"])
    True
    >>> gives_no_stated_reason("예산이 줄어든 이유는?", ["사업이 끝났기 때문에 예산이 줄었다."])
    False
    """
    return asks_reason_only(question) and not any(states_a_reason(s) for s in sources)
