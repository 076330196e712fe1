"""A model reply caught in a loop: the same words over and over until the token limit.

The embedded 1.5B model sometimes repeats a phrase it copied from a passage instead of finishing the
sentence (stop 36, qz2-013: "한 가구당 설치비는 1,850가구 물막이판·역류방지기 설치 완료 시" six times). Every word of
such a sentence is in the cited passage, so the support check passes it; it is no answer. It is caught here
while it streams, so the generation stops instead of running to the token limit.
"""

from __future__ import annotations

import re

# A span of MIN_SPAN to MAX_SPAN characters written LOOPS times in a row (spaces between copies allowed). A
# table row or a list repeats words ("2024년 … 2025년 …"), never a whole span back to back three times. The
# longest loop seen spans ~50 characters; the cap keeps the check linear (it runs as each token streams in).
MIN_SPAN, MAX_SPAN = 8, 120
LOOPS = 3
_LOOP = re.compile(rf"(\S.{{{MIN_SPAN - 1},{MAX_SPAN - 1}}}?)(?:\s*\1){{{LOOPS - 1},}}", re.DOTALL)


def repeats_itself(text: str) -> bool:
    """True when some span of the text is written three times back to back.

    >>> repeats_itself("설치비는 1,850가구 설치 완료 시 1,850가구 설치 완료 시 1,850가구 설치 완료 시")
    True
    >>> repeats_itself("2024년 지원 인원 355명, 2025년 배정 인원 710명, 2026년 배정 인원 720명.")
    False
    >>> repeats_itself("하하하하하하 좋다")
    False
    """
    return _LOOP.search(text) is not None
