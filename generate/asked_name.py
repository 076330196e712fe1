"""A question that asks a name is answered only by a passage that gives one.

Near-misses ask for the name of a hospital, an architect, a company, an official or a model the archive never
names ("동림구에 새로 지정된 달빛어린이병원 이름이 뭐야?", "설계는 어느 건축가가 맡았나요?"). The passages tell the
event — "소아청소년과 병원 1곳씩을 달빛어린이병원으로 새로 지정", "설계를 맡은 건축가는 …" — and the 1.5B model
answers with the question's own words or the passage's ("이름은 '민원 답변 도우미'입니다"); the cited passage holds
those words, so the citation check passes.

A passage gives a name when it holds, beyond the question's own words, a quoted title (‘…’, “…”, 「…」), a proper
noun (Kiwi's NNP) or a word in Latin letters, or an organisation's name (a word ending in 사무소, 재단, 병원 …).
Names that speak for the archive rather than for what was asked do not count: the districts and departments it
names, and words most of its passages repeat (the city, its mayor: "한빛광역시(시장 윤서진)는").
Only questions that ask a name in so many words are read ("이름", "명칭", "어느 회사/건축가/병원"); "누가"/"누구"
is as often answered by a role ("부서의 장", "AI 활용 책임관") as by a name, and is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence

from core.korean import tagged_morphemes
from core.textnorm import compact, is_unit

_ASKS_NAME = re.compile(
    # "이름이 뭐야", "이름 좀 알려줘", "명칭은?" — not "이름이 바뀐 뒤 예산은" (a name spoken of, not asked)
    r"(?:이름|명칭|상호명|업체명|기업명|회사명|모델명)(?:이|은|는|을|를)?\s*(?:뭐|무엇|무슨|어떻게|알려|좀|궁금|\?|$)"
    r"|(?:어느|어떤)\s?(?:회사|업체|기업|건축가|건축사무소|설계사무소|사무소|병원|의원|약국|단체|대학|재단|사업자|언어\s?모델)")
_QUOTED = re.compile(r"‘([^’]{2,40})’|“([^”]{2,40})”|'([^']{2,40})'|\"([^\"]{2,40})\"|「([^」]{2,40})」|『([^』]{2,40})』")
_ORGANISATION = re.compile(
    r"[가-힣A-Za-z0-9]{2,}(?:건축사사무소|사무소|재단|협회|병원|의원|약국|주식회사|대학교|연구원|연구소|공사|공단|컨소시엄)"
    r"|㈜\s?[가-힣A-Za-z0-9]+|\(주\)\s?[가-힣A-Za-z0-9]+")
_NAME_TAGS = frozenset({"NNP", "SL"})


def asks_a_name(question: str) -> bool:
    """Whether the question asks for a name in so many words.

    >>> asks_a_name("동림구에 새로 지정된 달빛어린이병원 이름이 뭐야?"), asks_a_name("설계는 어느 건축가가 맡았나요?")
    (True, True)
    >>> asks_a_name("부서에서 생성형 AI 쓰는 걸 관리하는 사람은 누가 맡게 돼 있어요?"), asks_a_name("사업 이름이 바뀐 뒤 예산은 얼마야?")
    (False, False)
    """
    return bool(_ASKS_NAME.search(question))


def names_given(question: str, text: str, *, known: Collection[str] = (),
                common: Callable[[list[str]], set[str]] | None = None) -> list[str]:
    """The names ``text`` gives that the question does not already hold, leaving out ``known`` ones (the
    archive's districts and departments) and those ``common`` says most passages repeat.

    >>> names_given("설계는 어느 건축가가 맡았나요?", "설계는 한결건축사사무소가 맡았다.")
    ['한결건축사사무소']
    >>> names_given("달빛어린이병원 이름이 뭐야?", "소아청소년과 병원 1곳씩을 ‘달빛어린이병원’으로 새로 지정했다.")
    []
    """
    asked = compact(question)
    found = [next(g for g in m.groups() if g) for m in _QUOTED.finditer(text)]
    found += [m.group(0) for m in _ORGANISATION.finditer(text)]
    proper = [form for form, tag in tagged_morphemes(text)
              if tag in _NAME_TAGS and len(form) >= 2 and not is_unit(form)]  # "MW" is a unit, not a name
    repeated = common(proper) if common and proper else set()
    found += [form for form in proper if form not in repeated]
    return [name for name in dict.fromkeys(found)
            if compact(name) not in asked and name not in known]


def gives_no_name(question: str, texts: Sequence[str], *, known: Collection[str] = (),
                  common: Callable[[list[str]], set[str]] | None = None) -> bool:
    """A name is asked and not one of ``texts`` gives one."""
    return asks_a_name(question) and not any(names_given(question, t, known=known, common=common) for t in texts)
