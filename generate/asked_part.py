"""A question about one part of a whole is answered only by a passage that names that part.

Near-misses often single out a part the archive never breaks its figure down into: "AI 혁신밸리 일자리 5,000개
가운데 청년 일자리는 몇 개로 잡혀 있나", "환자 가운데 10대 이하 아이들은 몇 명이었나요?", "가게 중에 서빙로봇을
들여놓은 데가 몇 곳이에요?". The passages give the whole (5,000개, the patients, the shops), and the 1.5B model
answers with it under the part's name — the figure stands in the cited passage, so the citation check passes.

Korean marks the part plainly: a whole, then "가운데" / "중(에)", then the part — or names a language, a part of
any foreign-language count ("베트남어로 들어온 상담은 몇 건"). The part's head is the first
noun group after it — nouns written together ("서빙 로봇", "청년 일자리"), an age ("10대", "25~29세", "여든 넘은") —
leaving out words that only say "how much" or "who" in general ("돈", "숫자", "물량", "사람": a colloquial question's
"돈 단위" is the release's "금액 단위"). A passage names the part when it writes more than half the words of the head
("청년 일자리": both; "삼성 엑시노스 9 Serise 장착 모델": three of five — KorQuAD's typo and "탑재" for "장착"), a person noun
in "-자" by its stem ("당선자": "당선"), an age by its number. The check reads only questions that ask one figure: "각각", "얼마씩", two question words or a
choice between two ("어디가 더") may rightly be answered by the whole's passage (docs/measurements.md, "Answers").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from generate.asked_measure import asked_measure, asks_a_figure, asks_one_thing
from generate.plan_or_result import answering_figures, asked_units

# The numerals Koreans use for ages ("여든 넘으신 분"): a passage writes them as numbers ("80세 이상").
_NUMERAL_WORDS = {"스물": 20, "서른": 30, "마흔": 40, "쉰": 50, "예순": 60, "일흔": 70, "여든": 80, "아흔": 90}
_AGE_UNITS = frozenset({"대", "세", "살"})
# Nouns that say how much or who in general, not which part: never the head of a part.
_GENERIC = frozenset({
    "돈", "숫자", "내용", "것", "거", "게", "데", "곳", "분", "사람", "수", "건", "개", "명", "정도", "경우", "때", "쪽",
    "부분", "비율", "비중", "인원", "규모", "금액", "물량", "평균", "전체", "모두", "이하", "이상", "관련", "들", "등",
    "몫", "양", "가량", "쯤", "만", "이번", "당시", "가구", "집",
    "올해", "작년", "지난해", "내년", "금년", "전년",  # when, not which part
    "뒤", "후", "전", "이후", "이전",  # "6개월 뒤 매출이 늘어난 곳": when, too (stop 50)
})
_NOT_THE_ITEM = frozenset({"옛날", "예전", "처음", "당초", "가운데", "중"})  # when, or the partitive itself
_NOUN_TAGS = frozenset({"NNG", "NNP", "SL", "SH", "XR"})
# Where the part ends: the question word.
_ASKS = frozenset({"몇", "얼마", "어느", "며칠", "어디", "무엇", "뭐", "누구", "언제", "어떻", "어떤"})
_ASKS_FIGURE = re.compile(r"몇|얼마|며칠|비율|비중|퍼센트|%")


@dataclass(frozen=True)
class Part:
    """The part a question singles out: the words its head writes, or the age it names."""

    words: tuple[str, ...] = ()
    age: int | None = None
    shown: str = ""  # as the question writes it ("10대 이하 아이들", "청년 일자리"): what a refusal names
    # The words of the head that are proper nouns ("일본 후쿠오카 여행박람회": 일본, 후쿠오카): a place or a name
    # singles out the part, so a passage must write the most specific.
    proper: tuple[str, ...] = field(default=(), repr=False)

    def __str__(self) -> str:
        return self.shown or " ".join(self.words)


# "몇 시까지": an hour of the day, which no part's count answers ("석간·방송 | 당일 11:00": fresh-33's rm3-003).
_ASKS_A_TIME_OF_DAY = re.compile(r"몇\s*시(?!간)")


def the_part_asked(question: str) -> Part | None:
    """The part of a whole a one-figure question asks about ("A 가운데 B는 몇 …"), if it singles one out.

    >>> the_part_asked("AI 혁신밸리 일자리 5,000개 가운데 청년 일자리는 몇 개로 잡혀 있나")
    Part(words=('청년', '일자리'), age=None, shown='청년 일자리')
    >>> the_part_asked("2023년 여름 더위로 병원을 찾은 환자 가운데 10대 이하 아이들은 몇 명이었나요?")
    Part(words=(), age=10, shown='10대 이하 아이들')
    >>> the_part_asked("늘봄 통합돌봄을 이용하신 어르신 가운데 여든 넘으신 분 비율이 어느 정도예요?").age
    80
    >>> the_part_asked("숫자가 틀린 슬라이드 가운데 돈 단위를 헷갈린 건 몇 장이었어?").words
    ('단위',)
    >>> the_part_asked("AI가 써 준 보고서 초안 중에 숫자나 내용이 틀려서 걸린 게 얼마나 됐어?") is None
    True
    >>> the_part_asked("노인 일자리 예산 중에 시가 자체로 댄 돈이 2024년이랑 2025년에 얼마씩이야?") is None  # 씩: several
    True
    >>> the_part_asked("북산구 회사들 중에 올해 청년 일경험 사업에 들어온 데가 몇 군데야?").words  # "올해": when
    ('청년', '일경험', '사업')
    >>> the_part_asked("시 보도자료 중에 석간·방송용은 보도 당일 몇 시까지 배포해야 돼요?") is None  # an hour
    True
    """
    if not (asks_a_figure(question) and asks_one_thing(question)) or _ASKS_A_TIME_OF_DAY.search(question):
        return None
    return (_head_after_partitive(question) or _one_language(question) or _spent_only_on(question)
            or _foreign_visitors(question))


# "스캔하는 데만 들어간 돈", "설치에만 드는 비용": one item's share of a cost that releases give whole.
# The money may be named between: "마이크 늘리는 데만 돈이 얼마 들었어요" (fresh-34's rn3-011).
_SPENT = re.compile(r"^\s?(?:(?:돈|비용|예산|금액)(?:이|은|는|을)?\s?)?(?:얼마(?:나|를)?\s?)?"
                    r"(들어간|들어가는|들어갔|든|드는|들었|쓴|쓰인|썼|배정된|배정했|나간)")


@lru_cache(maxsize=1024)
def _spent_only_on(question: str) -> Part | None:
    """The item an amount question singles out with "(하는 데 / 에)만 … 들어간 돈" ("종이 책자 스캔").

    >>> _spent_only_on("검색 도우미 준비하면서 옛날 종이 책자 스캔하는 데만 들어간 돈은 얼마예요?")
    Part(words=('종이', '책자', '스캔'), age=None, shown='종이 책자 스캔')
    >>> _spent_only_on("31억 원 가운데 스마트 플러그 설치에만 드는 돈은 얼마?").shown, _spent_only_on("설치에 든 돈은 얼마야?")
    ('스마트 플러그 설치', None)
    >>> _spent_only_on("재난안전대책본부 상황실 마이크 늘리는 데만 돈이 얼마 들었어요?")
    Part(words=('본부', '상황실', '마이크'), age=None, shown='재난안전대책본부 상황실 마이크')
    """
    from core.korean import kiwi

    measure = asked_measure(question)
    if measure is None or measure.name != "금액":
        return None
    tokens = list(kiwi().tokenize(question))
    for i, t in enumerate(tokens):
        if not (t.form == "만" and t.tag == "JX" and i >= 2 and _SPENT.match(question[t.start + t.len:])):
            continue
        before = i - 1  # "에" (JKB), or "데" (NNB) after "하는"
        if tokens[before].form == "데" and before >= 2 and tokens[before - 1].tag == "ETM":
            before -= 2 if tokens[before - 2].tag == "XSV" else 1
            before -= 1 if tokens[before].tag == "ETM" else 0
        elif tokens[before].tag != "JKB":
            return None
        # The last three nouns name the item: "재난안전대책본부 상황실 마이크 늘리는 데만" pays for the 상황실 마이크,
        # and a passage stating that need not name the headquarters as well.
        named = _nouns_before(tokens, before)[-3:]
        if not named:
            return None
        # Shown from the start of its first word: "재난안전대책본부 상황실 마이크", not "본부 상황실 마이크".
        first = question.rfind(" ", 0, named[0].start) + 1
        return Part(words=tuple(t.form for t in named), shown=question[first:named[-1].start + named[-1].len])
    return None


def _nouns_before(tokens: list[Any], end: int) -> list[Any]:
    """The run of nouns that ends right before token ``end`` (the words that name what was paid for), leaving out
    words of when and how much."""
    first = end
    while first > 0 and tokens[first - 1].tag in _NOUN_TAGS:
        first -= 1
    return [t for t in tokens[first:end] if t.form not in _GENERIC and t.form not in _NOT_THE_ITEM]


# Languages are parts of a whole without a partitive: "외국어 상담 … 베트남어로 들어온 상담은 몇 건" asks one
# language's share of a count that releases give for all languages together.
_LANGUAGE = re.compile(r"(?<![가-힣])(영어|중국어|베트남어|일본어|러시아어|몽골어|태국어|우즈베크어|캄보디아어|"
                       r"인도네시아어|네팔어|필리핀어|타갈로그어|아랍어|프랑스어|스페인어|독일어)")  # not "운영어린이집"


# Said plainly, a language is its people's speech: "베트남 말로 물어본 상담" is the 베트남어 one.
_SPEECH = re.compile(r"(?<![가-힣])(중국|베트남|일본|러시아|몽골|태국|우즈베크|캄보디아|인도네시아|네팔|필리핀|아랍|프랑스|"
                     r"스페인|독일)\s?말(?:로|을|은|이|도|만)?(?![가-힣])")


def _one_language(question: str) -> Part | None:
    """The one language a question names, as the part it asks about.

    >>> _one_language("바로한빛 외국어 상담 시작한 뒤에 베트남어로 들어온 질문은 몇 건이었나요?")
    Part(words=('베트남어',), age=None, shown='베트남어')
    >>> _one_language("영어·중국어 상담은 몇 건이야?") is None, _one_language("공동 운영어린이집은 몇 곳이야?") is None
    (True, True)
    >>> _one_language("챗봇 바로한빛에 베트남 말로 물어본 상담은 몇 건이나 돼?").shown
    '베트남어'
    """
    named = set(_LANGUAGE.findall(question)) | {f"{nation}어" for nation in _SPEECH.findall(question)}
    if len(named) != 1:
        return None
    language = named.pop()
    return Part(words=(language,), shown=language)


# Foreign visitors are a part of the visitors without a partitive, as a language is of the consultations: "남강분관을
# 찾은 외국인 관람객은 몇 명" asks a share of the 7만 2,400명 the release gives for everyone (fresh-43's rw2-016; four
# earlier sets asked a festival's foreign visitors of an edition whose release counts only all of them).
_FOREIGN_VISITORS = re.compile(r"(?<![가-힣])(?:외국인|외국|해외)\s?(?:관광객|방문객|관람객|손님|이용객|여행객)"
                               r"|(?<![가-힣])외국인(?:은|이|들은|들이)?\s?(?:모두\s?)?몇")


def _foreign_visitors(question: str) -> Part | None:
    """Foreigners as the part a count asks about ("외국인 관람객은 몇 명"): a passage must write "외국" (외국인, 외국).

    >>> _foreign_visitors("남강분관이 개관한 뒤 두 달 동안 찾아온 외국인 관람객은 몇 명이었나요?")
    Part(words=('외국',), age=None, shown='외국인 관람객')
    >>> _foreign_visitors("빛축제 방문객은 몇 명이었어?") is None
    True
    """
    found = _FOREIGN_VISITORS.search(question)
    if found is None:
        return None
    return Part(words=("외국",), shown=re.sub(r"(은|이|들은|들이)?\s?(모두\s?)?몇$", "", found.group(0)).strip())


@lru_cache(maxsize=1024)
def _head_after_partitive(question: str) -> Part | None:
    from core.korean import kiwi

    tokens = list(kiwi().tokenize(question))
    start = next((i + 1 for i, t in enumerate(tokens) if i and _is_partitive(question, tokens, i)), None)
    if start is None or not _ASKS_FIGURE.search(question, tokens[start - 1].start):
        return None  # "분야 중 하나가 된 교육분야는 무엇인가": the figure asked, if any, is not the part's
    head: int | None = None  # the token the head starts at
    spans: list[list[int]] = []  # the head's words: adjacent noun morphemes joined ("서빙"+"로봇", "서"+"하"+"구")
    proper: set[int] = set()  # the spans holding a proper noun, by index
    for i in range(start, len(tokens)):
        t = tokens[i]
        if t.form in _ASKS:
            break
        if not spans and (age := _age_at(tokens, i)) is not None:
            return Part(age=age, shown=_shown(question, tokens, i))
        if t.tag in _NOUN_TAGS:
            if t.form in _GENERIC or _pointed_back_to(tokens, i):
                continue
            if spans and spans[-1][1] == t.start and tokens[i - 1].tag in _NOUN_TAGS:
                spans[-1][1] = t.start + t.len
            else:
                spans.append([t.start, t.start + t.len])
                head = head if head is not None else i
            if t.tag == "NNP":
                proper.add(len(spans) - 1)
            continue
        if t.tag == "SN" or (t.tag == "NNB" and tokens[i - 1].tag == "SN"):
            continue  # a date or a count ("2025년에") says when or how many, not which part
        if spans:
            break
    if head is None:
        return None
    words = tuple(question[a:b] for a, b in spans)
    return Part(words=words, shown=_shown(question, tokens, head), proper=tuple(words[i] for i in sorted(proper)))


@lru_cache(maxsize=1024)
def the_whole_named(question: str) -> tuple[str, ...]:
    """The nouns naming the whole a part is asked of, right before the partitive (a figure between them left out);
    none without a partitive.

    >>> the_whole_named("고독사 예방 종합대책에서 밝힌 지난해 고독사 사망자 가운데 65세 이상 어르신은 몇 명이었나요?")
    ('고독사', '사망자')
    >>> the_whole_named("AI 혁신밸리 일자리 5,000개 가운데 청년 일자리는 몇 개로 잡혀 있나"), the_whole_named("베트남어 상담은 몇 건?")
    (('AI', '혁신밸리', '일자리'), ())
    """
    from core.korean import kiwi

    tokens = list(kiwi().tokenize(question))
    at = next((i for i, t in enumerate(tokens) if i and _is_partitive(question, tokens, i)), None)
    if at is None:
        return ()
    while at > 0 and (tokens[at - 1].tag == "SN" or (tokens[at - 1].tag == "NNB" and tokens[at - 2].tag == "SN")):
        at -= 1  # "일자리 5,000개 가운데": the whole's figure
    return tuple(t.form for t in _nouns_before(tokens, at) if len(t.form) >= 2)


def _pointed_back_to(tokens: list[Any], i: int) -> bool:
    """A noun after "그"/"이"/"저" points back to what the question has named ("청년 가운데 그 회사 정직원이 된
    사람": the company of the programme), so it singles out no part (fresh-53's sg1-004).

    >>> the_part_asked("과정을 마친 청년 가운데 그 회사 정직원이 된 사람의 비율은 몇 %인가요?").words
    ('정직원',)
    """
    return i > 0 and tokens[i - 1].tag == "MM" and tokens[i - 1].form in ("그", "이", "저")


def _shown(question: str, tokens: list[Any], first: int) -> str:
    """The part as the question writes it: from its head's first word up to the particle or verb that ends
    its noun phrase ("10대 이하 아이들은 몇 명" → "10대 이하 아이들", "청년 일자리는" → "청년 일자리")."""
    last = tokens[first]
    for t in tokens[first + 1:]:
        if t.form in _ASKS or t.tag[0] in "JVE" or t.tag in ("XSV", "XSA", "ETM", "SF", "SP"):
            break
        last = t
    return question[tokens[first].start:last.start + last.len]


def _is_partitive(question: str, tokens: list[Any], i: int) -> bool:
    """"가운데" or "중" written as a word of its own ("재원 중 순세계잉여금", "가게 중에"; not "중장년"), or as "그중".

    >>> the_part_asked("융자가 2,310억 원 풀렸다는데, 그중 창업 3년 미만 초기 기업 몫으로 나간 금액은 얼마였나요?").shown
    '창업 3년 미만 초기 기업 몫'
    """
    t = tokens[i]
    if not ((t.form == "가운데" and t.tag == "NNG") or (t.form == "중" and t.tag in ("NNB", "NNG"))):
        return False
    end = t.start + t.len
    # "그중", "이중에": "among them" written as one word is a partitive too (fresh-45's ry1-016).
    among_them = i > 0 and tokens[i - 1].tag == "MM" and tokens[i - 1].form in ("그", "이") and t.form == "중"
    alone_before = t.start == 0 or not question[t.start - 1].isalnum() or among_them
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    alone_after = end >= len(question) or not question[end].isalnum() or (nxt is not None and nxt.tag == "JKB")
    return alone_before and alone_after


def _age_at(tokens: list[Any], i: int) -> int | None:
    """The age written at token ``i``: "10대", "25~29세" (its first number), "여든 넘으신"."""
    t = tokens[i]
    if t.tag == "NR" and t.form in _NUMERAL_WORDS:
        return _NUMERAL_WORDS[t.form]
    if t.tag != "SN":
        return None
    j = i + 1
    if j + 1 < len(tokens) and tokens[j].tag == "SO" and tokens[j + 1].tag == "SN":
        j += 2  # a range: "25~29세"
    if j < len(tokens) and tokens[j].form in _AGE_UNITS:
        return int(float(t.form.replace(",", "")))
    return None


def names_the_part(part: Part, text: str) -> bool:
    """The text writes more than half the words of the part's head, or its age as a number ("80세", "10대", "25~29세").

    >>> names_the_part(Part(words=("청년", "일자리")), "청년 일자리 1,200개를 포함해")
    True
    >>> names_the_part(Part(words=("청년", "일자리")), "일자리 5,000개를 만든다")
    False
    >>> names_the_part(Part(words=("당선자",)), "후보 40명 가운데 27명이 당선됐다")
    True
    >>> names_the_part(Part(age=80), "이용자 가운데 80세 이상이 41%였다"), names_the_part(Part(age=10), "환자 87명")
    (True, False)
    """
    if part.age is not None:
        return re.search(rf"(?<![\d.,]){part.age}(?![\d.,])\s*(대|세|살|~|-)", text) is not None
    compact = re.sub(r"\s+", "", text)
    if part.proper and part.proper[-1] not in compact:
        # The last is the most specific ("일본 후쿠오카"): "일본 관광박람회" names no 후쿠오카 fair, "후쿠오카
        # 여행박람회" does (the fresh set's qx3-018).
        return False
    return 2 * sum(_writes(word, compact) for word in part.words) > len(part.words)


def _writes(word: str, compact: str) -> bool:
    """The word, or for a person noun in "-자" its stem ("당선자": "27명이 당선"), or an official wording of it the
    bundled glossary gives ("정직원": "정규직으로 채용돼"; fresh-53's sg1-004), stands in the text.

    >>> _writes("정직원", "381명이참여기업에정규직으로채용돼"), _writes("정직원", "784명이과정을마쳤다")
    (True, False)
    """
    return word in compact or (len(word) >= 3 and word.endswith("자") and word[:-1] in compact) or \
        any(other in compact for other in _wordings().get(word, ()))


@lru_cache(maxsize=1)
def _wordings() -> dict[str, tuple[str, ...]]:
    """For each one-word member of the bundled glossary (index/glossary_ko.txt), its group's other members as
    written without spaces: the everyday word a question uses, and the document's. Only the bundled file: a site's
    own (``PRESSROOM_GLOSSARY``) widens search, and reading it here would let a site's wordings loosen this check."""
    from index.glossary import BUNDLED, parse

    # The file's groups only: building a ``Glossary`` reads every member with Kiwi, which this check never uses.
    wordings: dict[str, tuple[str, ...]] = {}
    for group in parse(BUNDLED.read_text(encoding="utf-8"), BUNDLED.name):
        forms = [re.sub(r"\s+", "", member) for member in group]
        for form in forms:
            wordings[form] = wordings.get(form, ()) + tuple(f for f in forms if f != form)
    return wordings


def part_named_in(question: str, texts: Sequence[str]) -> bool:
    """No part is singled out, or one of ``texts`` names it."""
    part = the_part_asked(question)
    return part is None or any(names_the_part(part, t) for t in texts)


def gives_the_whole(question: str, sentence: str, passages: Sequence[tuple[str, str]]) -> bool:
    """The question singles out a part, and the sentence's answer — its first figure that would answer (of the
    asked measure, when the question fixes one) and that ``passages`` state — is stated by them only in
    sentences that do not name the part: the whole's figure, or another part's, under the part's name.
    ``passages``: each passage's text and its table header ("" when none).

    >>> whole = [("혁신밸리가 완공되면 AI 기업 300곳이 입주하고 일자리 5,000개가 생길 것으로 기대된다.", "")]
    >>> gives_the_whole("일자리 5,000개 가운데 청년 일자리는 몇 개로 잡혀 있나", "청년 일자리는 5,000개입니다.", whole)
    True
    >>> part = [("일자리 5,000개 가운데 청년 일자리는 2,000개다.", "")]
    >>> gives_the_whole("일자리 5,000개 가운데 청년 일자리는 몇 개로 잡혀 있나", "청년 일자리는 2,000개입니다.", part)
    False
    """
    part = the_part_asked(question)
    if part is None:
        return False
    from core.textnorm import extract_figures, figure_matches

    for claim in answering_figures(sentence, _part_units(question)):
        holders = [f"{header} {s}" for text, header in passages for s in _sentences(text)
                   if any(figure_matches(claim, f) for f in extract_figures(s))]
        if holders:
            return not any(names_the_part(part, h) for h in holders)
    return False


def quotes_of_the_whole(question: str, quotes: Sequence[tuple[str, str]]) -> bool:
    """Of quoted evidence sentences (text and table header), for a question singling out a part: some state a
    figure that would answer, and none of those names the part — quoting them would answer with the whole.

    >>> quotes_of_the_whole("환자 가운데 10대 이하 아이들은 몇 명이었나요?", [("지난해 온열질환자는 87명이었다.", "")])
    True
    >>> quotes_of_the_whole("환자 가운데 10대 이하 아이들은 몇 명이었나요?", [("10대 이하 환자는 9명이었다.", "")])
    False
    """
    if the_part_asked(question) is None:
        return False
    units = _part_units(question)
    return any(answering_figures(text, units) for text, _ in quotes) and \
        not any(states_the_part(question, text, header) for text, header in quotes)


def states_the_part(question: str, text: str, header: str = "") -> bool:
    """The sentence (with its table header) names the part the question singles out and states a figure that
    would answer (of the asked measure, when the question fixes one, else of the whole's unit: ``_part_units``)."""
    part = the_part_asked(question)
    return part is not None and names_the_part(part, f"{header} {text}") \
        and bool(answering_figures(text, _part_units(question)))


@lru_cache(maxsize=1024)  # read for every passage of the pool, as the_part_asked is
def _part_units(question: str) -> frozenset[str] | None:
    """The units a part's figure is counted in: the asked measure's, or the unit of the whole the question counts
    with the same counter ("순환컵 320만 개 가운데 민간 카페에서 돌아온 건 몇 개": cups, so "민간 카페 260곳" counts
    no part of them; fresh-32's rl2-008).

    >>> sorted(_part_units("순환컵 320만 개 가운데 민간 카페에서 돌아온 건 몇 개예요?") or [])
    ['개']
    >>> _part_units("일자리 가운데 청년 일자리는 몇 개로 잡혀 있나") is None  # no whole counted
    True
    """
    from core.textnorm import extract_figures, value_and_unit

    units = asked_units(question)
    partitive = re.search(r"가운데|\s중(?:에|에서)?\s", question)
    counter = re.search(r"몇\s*([가-힣]+)", question)
    if units is not None or partitive is None or counter is None:
        return units
    whole = [v[1] for f in extract_figures(question[:partitive.start()]) if (v := value_and_unit(f)) is not None]
    return next((frozenset({unit}) for unit in whole if counter.group(1).startswith(unit)), None)


def _sentences(text: str) -> list[str]:
    from core.korean import split_sentences

    return split_sentences(text) or [text]
