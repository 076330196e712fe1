"""Answers speak the city's formal register (합니다체), whatever register the question was asked in.

The embedded model mirrors the asker: "3,000명이 신청했어?" gets "3,000명이 신청했어." and "몇 명 왔어요?" gets "690명
왔어요." (8 of its sentences over the four question sets' 319 answers, stop 36). A city's answer service
writes "신청했습니다". Only the sentence's last word changes: Kiwi reads its final ending, and a conversational
one (해체, 해요체) is replaced by "-습니다", which Kiwi spells with the stem ("왔습니다", "엽니다", "명입니다").
Written plain style ("늘렸다"), a noun ending ("… 공공부지.") and requests ("알려 주세요") are left as written.
"""

from __future__ import annotations

import re

from core.korean import join_morphemes, morphemes_with_offsets

_CASUAL = frozenset({"어", "아", "야", "지", "어요", "아요", "에요", "예요", "지요", "죠", "네요"})
_LAST_WORD = re.compile(r"(\S+?)([.!]?)\s*$")


def formal(sentence: str) -> str:
    """The sentence with a conversational final ending made formal; any other sentence unchanged.

    >>> formal("2025년에는 3,000명이 신청했어.")
    '2025년에는 3,000명이 신청했습니다.'
    >>> formal("설명회 11회에는 주민이 690명 왔어요.")
    '설명회 11회에는 주민이 690명 왔습니다.'
    >>> formal("실제로 이용한 분은 4,380명이었어요.")
    '실제로 이용한 분은 4,380명이었습니다.'
    >>> formal("6곳은 새벽 1시까지 문 열어.")
    '6곳은 새벽 1시까지 문 엽니다.'
    >>> formal("시는 올해 배정 인원을 1,500명으로 늘렸다.")
    '시는 올해 배정 인원을 1,500명으로 늘렸다.'
    >>> formal("구청 청소행정과에 먼저 알려 주세요.")
    '구청 청소행정과에 먼저 알려 주세요.'
    """
    match = _LAST_WORD.search(sentence)
    if match is None:
        return sentence
    stop = match.group(2)
    # The whole sentence is read, so the ending is tagged in context; then the morphemes of its last word.
    morphs = [(form, tag) for form, tag, start in morphemes_with_offsets(sentence)
              if start >= match.start(1) and tag != "SF"]
    if len(morphs) < 2 or morphs[-1][1] != "EF" or morphs[-1][0] not in _CASUAL:
        return sentence
    rewritten = join_morphemes([*morphs[:-1], ("습니다", "EF")])
    return sentence[:match.start(1)] + rewritten + stop
