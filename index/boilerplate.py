"""A release's contact footer ("담당 부서: …", "담당자: …", "연락처: …", "※ 이 보도자료는 … 누리집에서도 …")
is not content, yet the chunk holding it is embedded under the release's title and so ranks with the
document's real passages: in the corpus eval a footer-heavy chunk took one of a release's three slots in the
top 5 ahead of the passage that answers (26 of 860 top-5 slots held a footer). The second stage lowers
such a chunk by the share of its characters on the footer lines that close it, unless the question asks
who to contact or when a place is open.
"""

from __future__ import annotations

import re

_FOOTER_LINE = re.compile(
    r"^[ \t]*(?:[※☎▶]\s*)?(?:담당\s*부서|담당\s*과|담당자|연락처|문의처|전화번호|이 보도자료는|"
    r"(?:보도\s*)?(?:자료\s*)?문의\s*[:：(])")
# ... or when it is open: a release's hours sit beside its contact lines ("토요일은 오후 5시까지 문을 연다. … 전화").
_ASKS_FOR_CONTACT = re.compile(r"담당\s*(?:부서|과|자|팀)|연락처|전화번호|문의처|어디(?:에|로)\s*문의|누구(?:에게|한테)|"
                               r"몇\s?시(?:까지|부터)|(?:운영|이용)\s?시간")


def footer_share(text: str) -> float:
    """Share of the text's characters on the contact lines that close it. Only a closing run counts: a
    release that opens with a header table of 담당 부서 and 연락처 keeps its lead whole.

    >>> footer_share("시장은 말했다.\\n담당 부서: 노인복지과\\n연락처: 070-7120-2451")
    0.775
    >>> footer_share("담당 부서: 노인복지과 | 연락처: 070-7120-2451\\n올해 어르신 일자리는 3만 3,500개다.")
    0.0
    >>> footer_share("올해 어르신 일자리는 3만 3,500개다.\\n문의가 크게 늘었다.") == 0.0 < footer_share("…다.\\n문의: 노인복지과")
    True
    """
    if not text:
        return 0.0
    closing = 0
    for line in reversed(text.splitlines(keepends=True)):
        if line.strip() and not _FOOTER_LINE.match(line):
            break
        closing += len(line)
    return closing / len(text)


def asks_for_contact(question: str) -> bool:
    """Whether the question asks who handles something, how to reach them, or when they are open.

    >>> asks_for_contact("청년 월세 지원 담당 부서 연락처가 어떻게 돼?"), asks_for_contact("AI 안부전화 예산은?")
    (True, False)
    >>> asks_for_contact("청년이음센터 토요일에도 문 여나요? 몇 시까지 해요?")
    True
    """
    return bool(_ASKS_FOR_CONTACT.search(question))
