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
is as often answered by a role ("부서의 장", "AI 활용 책임관") as by a name, and is left alone — unless asked of a
trade ("건축가가 누구예요").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from functools import lru_cache

from core.korean import tagged_morphemes
from core.textnorm import compact, is_unit

# Trades whose name is a person's or a firm's ("설계 맡은 건축가", "어느 건설사"), never a quoted title.
_BUILDERS = "건축가|설계자|시공사|건설사|설계사무소|건축사무소"
_ASKS_NAME = re.compile(
    # "이름이 뭐야", "이름 좀 알려줘", "명칭은?" — not "이름이 바뀐 뒤 예산은" (a name spoken of, not asked)
    r"(?:이름|명칭|상호명|업체명|기업명|회사명|모델명)(?:이|은|는|을|를)?\s*(?:뭐|뭔|무엇|무슨|어떻게|알려|좀|궁금|\?|$)"
    # "이름과 개발사는 무엇인가요": a name asked with another thing (fresh-33's rm1-017)
    r"|(?:이름|명칭)(?:과|와|이랑|하고)\s?[가-힣]{1,6}(?:은|는|이|가)?\s*(?:뭐|뭔|무엇|어떻게|알려|궁금)"
    r"|(?:어느|어떤)\s?(?:건축가|의원|(?:AI\s?|언어\s?)?모델)"  # and any organisation kind: _ASKS_ORGANISATION
    # "설계 맡은 건축가가 누구예요?": who, of a trade, is a name (fresh-24's rd2-011; the museum's architect again)
    rf"|(?:{_BUILDERS})(?:이|가|은|는)?\s?누구")
# "센터장이 누구야?", "지정한 공무원은 누구인가요?": who holds a post is a person's name. "누구한테 알려야", "누구
# 승인이", "누가 맡게" are answered by a role (AI 활용 책임관) and are not read.
# "담당 공무원으로 누가 뽑혔나요?": who was picked for a post is a person too (fresh-37's rq3-018).
_ASKS_PERSON = re.compile(r"[가-힣](?:이|가|은|는)\s?누구(?:야|예요|에요|인가요|인지|입니까|죠|지|일까|였)"
                          r"|(?:공무원|직원|담당자|책임자|위원장|센터장)(?:으로|로)\s?누가\s?(?:뽑|지정|임명|위촉|선정|선임|발탁)")
# A person is named beside a post, as the contact lines write it ("팀장 이서연", "한승훈 교수").
_POSTS = "센터장|공동위원장|위원장|교수|팀장|과장|국장|주무관|대표|대변인|부시장|시장|원장|관장"
_PERSON = re.compile(rf"(?:{_POSTS})\s([가-힣]{{2,3}})(?:[을를이가은는의와과도]|에게|께서)?(?![가-힣])"
                     rf"|(?<![가-힣])([가-힣]{{2,3}})\s(?:{_POSTS})(?![가-힣])")
# Kinds of organisation a question may ask the name of. Asked of one ("병원 이름", "어느 회사", "카드사 3곳이 어디"), a
# quoted title answers only when it names an organisation: the archive quotes its programmes, services and tools
# (‘한빛 늘봄 통합돌봄’), which are no hospital's or firm's name.
_ORGANISATION_KINDS = (r"카드\s?회사|회사|업체|기업|카드사|여행사|출판사|제작사|보험사|건설사|시공사|운영사|은행|병원|소아과|치과|약국|재단|대학"
                       r"|건축사무소|설계사무소|사무소|단체|협회|사업자|예매처|판매처|가맹점")  # 예매처: fresh-31's rk2-016
# "어느 민간 업체가 운영을 맡기로": one word may stand between "어느" and the kind (fresh-53's sg1-020).
_ASKS_ORGANISATION = re.compile(
    rf"(?:{_ORGANISATION_KINDS})(?:\s*\d+\s*곳)?\s*(?:이름|명칭)|(?:어느|어떤)\s?(?:[가-힣]{{2,4}}\s)?(?:{_ORGANISATION_KINDS})"
    rf"|(?:{_ORGANISATION_KINDS})(?:\s*\d+\s*곳|들)?\s*(?:은|는|이|가)?\s*(?:구체적으로|정확히|각각)?\s*어디")
_ORGANISATION_WORD = re.compile(rf"{_ORGANISATION_KINDS}|의원|공사|공단|연구원|연구소|컨소시엄|㈜|\(주\)")
_QUOTED = re.compile(r"‘([^’]{2,40})’|“([^”]{2,40})”|'([^']{2,40})'|\"([^\"]{2,40})\"|「([^」]{2,40})」|『([^』]{2,40})』")
# Firms are named by their trade as well ("누리카드", "한빛은행"); the card words every release uses are no firm's. A
# name ends the word or meets a particle ("한결건축사사무소가"): "전자증명서" names no firm.
_ORGANISATION = re.compile(
    r"(?<![가-힣A-Za-z0-9])(?!(?:신용|체크|교통|선불|후불|직불|기프트|충전식|실물|모바일)카드)"
    r"[가-힣A-Za-z0-9]{2,}(?:건축사사무소|사무소|재단|협회|병원|의원|약국|주식회사|대학교|연구원|연구소|공사|공단|컨소시엄"
    r"|여행사|출판사|카드|은행|증권|건설|전자|통신|제약|항공)(?=[^가-힣]|$|[이가은는을를와과의에로도만])"
    r"|㈜\s?[가-힣A-Za-z0-9]+|\(주\)\s?[가-힣A-Za-z0-9]+")
_NAME_TAGS = frozenset({"NNP", "SL"})
# Words in Latin letters (and loanwords) that name a kind of thing, not one thing: "AI 전용 서버(GPU)와 자체 언어모델
# 운영 환경" names no language model (fresh-29's ri3-019).
_GENERIC_KINDS = frozenset({"AI", "GPU", "CPU", "NPU", "IT", "ICT", "IOT", "PC", "SW", "HW", "DB", "API", "OCR", "LLM",
                            "SLLM", "CCTV", "SNS", "QR", "APP", "URL", "PDF", "HWP", "LNG", "ESG", "VR", "AR", "XR", "5G",
                            # loanwords for kinds of thing that Kiwi tags as proper nouns: "다이어그램 도구로 직접
                            # 그렸다" names no firm (fresh-30's rj3-001)
                            "다이어그램", "클라우드", "메타버스"})
# "병원 1곳씩을 ‘달빛어린이병원’으로 새로 지정했다", "달빛어린이병원 동림구·북산구에 새로 지정", "달빛어린이병원 4곳": the
# title hospitals are given, or a kind counted in places — not one hospital's name.
_DESIGNATION = re.compile(r"[’”'\"」』]?(?:\s*(?:으로|로)|\s+[^을를.\n]{0,15}?에)\s*(?:새로|추가로|각각|새롭게)?\s*"
                          r"(?:지정|선정|뽑|인증|선발|명명)|[’”'\"」』]?\s*\d+\s*(?:곳|개소)")


# A trade asked by name ("공사는 어느 건설사가 맡았어", "설계한 건축가나 설계사무소 이름"): only a sentence that speaks
# of the trade can give the name. The release about the building names places, programmes and people on every
# line; "설계를 맡은 건축가들은 콘크리트 벽에 …" names none (fresh-15's qf1-018, qf2-018; the museum's architect,
# asked in six sets). A language model's name likewise ("보고서 초안 도우미에 들어간 AI 언어모델 이름": only
# "외부에 공개된 모델을 … 조정한 것" speaks of it; the tool list's "다이어그램", which Kiwi tags a proper noun, names no
# model: fresh-20's qq1-020, asked in three sets).
_TRADES = (("건설사", "건설"), ("시공사", "시공"), ("설계사무소", "설계"), ("건축사무소", "건축|설계"), ("건축가", "건축|설계"),
           ("설계자", "설계"), ("여행사", "여행"), ("출판사", "출판"), ("제작사", "제작"), ("운영사", "운영"), ("보험사", "보험"),
           ("(?<!리)모델", "모델"))  # "언어모델", "AI 모델", "모델 이름" (fresh-29's ri1-020), not "리모델링"
# Kinds of hospital, bank or firm a passage counts without naming one ("종합병원과 요양병원 등 9곳과 협약"): no
# name (fresh-18's qh1-020, "협약 맺은 병원 9곳이 어디어디예요?").
_GENERIC_ORGANISATION = re.compile(
    r"(?:상급)?(?:종합|요양|대학|공공|전문|협약|협력|거점|지역|민간|재활|정신|한방|참여|지정|주관|시중|지방|인터넷)"
    r"(?:병원|의원|은행|기업|대학교|재단|약국)")
# A facility asked by its kind ("그 발전소 이름이 뭐고") is named with it ("한빛열병합발전소", ‘남강 어울림센터’):
# "액화천연가스(LNG)" or "코로나19" in the same passage names no power plant (fresh-18's qh3-020).
_FACILITY_NAME_ASKED = re.compile(
    r"(발전소|센터|공원|도서관|학교|터미널|경기장|체육관|미술관|박물관|공장|소각장|매립장|정수장|처리장|복지관|회관|보건소)"
    r"\s*(?:\d+\s*곳\s*)?(?:의\s*)?(?:이름|명칭)")
_BUILDER_ASKED = re.compile(_BUILDERS)
# Words that say what is asked, not about what: never the subject a name is built on.
_ASKING_WORDS = frozenset({"이름", "명칭", "회사", "업체", "기업", "사무소", "건축가", "설계자", "어디", "무엇", "뭐"})


@lru_cache(maxsize=256)  # read for every passage and proper noun of the same question
def trade_asked(question: str) -> re.Pattern[str] | None:
    """The stems a sentence must hold to speak of the trade a name question asks for, if it asks for one.

    >>> trade_asked("리모델링 설계한 건축가나 설계사무소 이름이 뭐예요").pattern, trade_asked("병원 이름이 뭐야?") is None
    ('건축|설계', True)
    """
    if not asks_a_name(question):
        return None
    stems = {stem for kind, stems in _TRADES if re.search(kind, question) for stem in stems.split("|")}
    return re.compile("|".join(sorted(stems))) if stems else None


def asks_a_name(question: str) -> bool:
    """Whether the question asks for a name in so many words.

    >>> asks_a_name("동림구에 새로 지정된 달빛어린이병원 이름이 뭐야?"), asks_a_name("설계는 어느 건축가가 맡았나요?")
    (True, True)
    >>> asks_a_name("부서에서 생성형 AI 쓰는 걸 관리하는 사람은 누가 맡게 돼 있어요?"), asks_a_name("사업 이름이 바뀐 뒤 예산은 얼마야?")
    (False, False)
    >>> asks_a_name("후불형 한빛패스 같이 내놓는 카드사 3곳이 어디어디예요?"), asks_a_name("설명회는 어디서 열려?")
    (True, False)
    >>> asks_a_name("관광상품 같이 만든 여행사 5곳 이름 좀 알려줘"), asks_a_name("새로 뽑힌 소아과 이름이 뭐야?")
    (True, True)
    >>> asks_a_name("문화패스로 결제할 수 있는 온라인 가맹 예매처 5곳이 구체적으로 어디 어디예요?")
    True
    >>> asks_a_name("남강분관 리모델링할 때 설계 맡은 건축가가 누구예요?")
    True
    >>> asks_a_name("시범운영에 쓰인 언어모델의 이름과 개발사는 무엇인가요?")
    True
    """
    return bool(_ASKS_NAME.search(question) or _ASKS_ORGANISATION.search(question) or asks_a_person(question))


def asks_a_person(question: str) -> bool:
    """Whether the question asks who holds a post — a person's name, never a quoted title or a firm.

    >>> asks_a_person("고립 청년 돕는 청년이음센터 센터장이 누구야?"), asks_a_person("언제까지 누구한테 알려야 해?")
    (True, False)
    >>> asks_a_person("보도유예 걸어서 내는 보도자료는 누구 승인이 필요해요?"), asks_a_person("관리하는 사람은 누가 맡게 돼 있어요?")
    (False, False)
    >>> asks_a_person("청년정책과에서 도구 사용을 돕는 담당 공무원으로 누가 뽑혔나요?")
    True
    """
    return bool(_ASKS_PERSON.search(question))


def names_given(question: str, text: str, *, known: Collection[str] = (),
                common: Callable[[list[str]], set[str]] | None = None) -> list[str]:
    """The names ``text`` gives that the question does not already hold, leaving out ``known`` ones (the
    archive's districts and departments) and those ``common`` says most passages repeat.

    >>> names_given("설계는 어느 건축가가 맡았나요?", "설계는 한결건축사사무소가 맡았다.")
    ['한결건축사사무소']
    >>> names_given("달빛어린이병원 이름이 뭐야?", "소아청소년과 병원 1곳씩을 ‘달빛어린이병원’으로 새로 지정했다.")
    []
    >>> names_given("새로 지정된 병원 이름이 뭐예요", "4월부터 ‘늘봄 통합돌봄’ 시범사업을 시작한다.")  # no hospital
    []
    >>> names_given("새로 지정된 병원 이름이 뭐예요", "늘봄아동병원이 새로 지정됐다.")
    ['늘봄아동병원']
    >>> names_given("도구 이름이 뭐야?", "동림구에서 ‘회의록 요약기’를 썼다.")
    ['회의록 요약기']
    >>> names_given("설계 맡은 건축가가 누구예요?", "설계 단계부터 ‘무장애 미술관’으로 지었다.")
    []
    >>> names_given("흐름도 만들어 준 외부 용역 업체 이름이 뭐였어요?", "직원이 다이어그램 도구로 직접 그렸다.")
    []
    >>> names_given("협약 맺은 병원 9곳이 어디어디예요?", "종합병원과 요양병원 등 9곳과 협약을 맺었다.")
    []
    >>> asked = "석탄 쓰는 그 발전소 이름이 뭐예요?"
    >>> names_given(asked, "발전소의 액화천연가스(LNG) 전환"), names_given(asked, "한빛열병합발전소는 석탄을 쓴다.")
    ([], ['한빛열병합발전소'])
    """
    asked = compact(question)
    if asks_a_person(question):
        return _people_named(question, text, known=known, common=common)
    organisation = bool(_ASKS_ORGANISATION.search(question))
    titles = [next(g for g in m.groups() if g) for m in _QUOTED.finditer(text)]
    # A quoted title answers only as an organisation's ("‘좌파단체 소속 청년들’"): the others are no name, nor are
    # the proper nouns inside them ("무장애" of ‘무장애 미술관’).
    # So is a title asked of a builder or designer (‘무장애 미술관’ is what was built: fresh-24's rd2-011).
    firm = organisation or bool(_BUILDER_ASKED.search(question))
    rejected = [title for title in titles if not _ORGANISATION_WORD.search(title)] if firm else []
    found = [title for title in titles if title not in rejected]
    found += [m.group(0) for m in _ORGANISATION.finditer(text)]
    proper = [form for form, tag in tagged_morphemes(text)  # "MW" is a unit, not a name
              if tag in _NAME_TAGS and len(form) >= 2 and not is_unit(form) and form.upper() not in _GENERIC_KINDS]
    if organisation or trade_asked(question):
        proper = [form for form in proper if not any(form in title for title in rejected)
                  and not _built_on(form, question)]
    repeated = common(proper) if common and proper else set()
    found += [form for form in proper if form not in repeated]
    if organisation:
        found = [name for name in found if not _only_a_designation(name, text)]
    found = [name for name in found if not _GENERIC_ORGANISATION.fullmatch(name) and not _of_another_trade(name, question)]
    if facility := _FACILITY_NAME_ASKED.search(question):
        kind = facility.group(1)
        found = [name for name in found if kind in name] + _facilities_named(kind, text)
    return [name for name in dict.fromkeys(found)
            if compact(name) not in asked and name not in known]


# Trades by family: a 소아과 is a 병원, a 설계사무소 a 사무소; a 재단 is no 은행. A kind outside every family ("업체",
# "회사", "기업") says only "a firm", and any firm's name answers it.
_TRADE_FAMILIES = (
    ("은행", "증권", "카드사", "카드", "보험사"),
    ("병원", "의원", "소아과", "치과", "약국"),
    ("재단", "협회", "공사", "공단", "연구원", "연구소", "단체"),
    ("건축사무소", "설계사무소", "사무소"),
    ("여행사",), ("출판사",), ("제작사",), ("건설사", "시공사", "건설"), ("대학", "대학교"),
)


def _family(trade: str) -> int | None:
    return next((i for i, family in enumerate(_TRADE_FAMILIES) if trade in family), None)


def _of_another_trade(name: str, question: str) -> bool:
    """A firm named by a trade of another family than the one asked: "한빛신용보증재단" is no bank for "어느
    은행들에서 대출받을 수 있는지" (fresh-52's sf1-017); "늘봄아동병원" answers "소아과 이름". A name carrying no trade
    word ("농협") is kept.

    >>> asked = "경영안정자금은 어느 은행들에서 대출받을 수 있나요?"
    >>> _of_another_trade("한빛신용보증재단", asked), _of_another_trade("한빛은행", asked), _of_another_trade("농협", asked)
    (True, False, False)
    >>> _of_another_trade("한빛신용보증재단", "어느 업체가 맡았나요?"), _of_another_trade("늘봄아동병원", "소아과 이름이 뭐야?")
    (False, False)
    >>> _of_another_trade("한결건축사사무소", "리모델링 설계한 건축가나 설계사무소 이름이 뭐예요")
    False
    """
    asked = _ASKS_ORGANISATION.search(question)
    trade = _ORGANISATION_WORD.search(name)
    if asked is None or trade is None:
        return False
    families = {_family(m.group(0)) for m in re.finditer(_ORGANISATION_KINDS, asked.group(0))} - {None}
    own = _family(trade.group(0))
    return bool(families) and own is not None and own not in families


def _people_named(question: str, text: str, *, known: Collection[str] = (),
                  common: Callable[[list[str]], set[str]] | None = None) -> list[str]:
    """The people ``text`` names beside a post ("팀장 이서연"), or as Kiwi's proper nouns, that the question does not
    already hold and most passages do not repeat (the mayor). A quoted title (‘AI 활용 도우미’) or a firm is no one's
    name.

    >>> asked = "노인복지과가 ‘AI 활용 도우미’로 지정한 공무원은 누구인가요?"
    >>> _people_named(asked, "부서마다 ‘AI 활용 도우미’ 공무원을 지정함"), _people_named(asked, "노인복지과 팀장 이서연을 지정함")
    ([], ['이서연'])
    """
    found = [next(g for g in m.groups() if g) for m in _PERSON.finditer(text)]
    titles = " ".join(next(g for g in m.groups() if g) for m in _QUOTED.finditer(text))
    found += [form for form, tag in tagged_morphemes(text) if tag == "NNP" and len(form) >= 2 and form not in titles]
    repeated = common(found) if common and found else set()
    asked = compact(question)
    return [name for name in dict.fromkeys(found)
            if name not in repeated and compact(name) not in asked and name not in known]


def _facilities_named(kind: str, text: str) -> list[str]:
    """Words of ``text`` naming one facility of ``kind``: the kind with a proper noun before it
    ("한빛열병합발전소"), not the kind alone or a common compound ("열병합발전소")."""
    words = re.findall(rf"[가-힣A-Za-z0-9]+{kind}", text)
    return [w for w in words if w != kind and any(tag in _NAME_TAGS for _, tag in tagged_morphemes(w[:-len(kind)]))]


def _built_on(name: str, question: str) -> bool:
    """A proper noun built on the question's own words names what the question is about, not who did it:
    "남강분관" for "남강 미술관 … 설계사무소 이름".

    >>> _built_on("남강분관", "정수장 고쳐서 만든 남강 미술관, 설계한 건축가나 설계사무소 이름이 뭐예요")
    True
    >>> _built_on("한결설계", "정수장 고쳐서 만든 남강 미술관, 설계한 건축가나 설계사무소 이름이 뭐예요")
    False
    """
    from core.korean import content_morphemes

    trade = trade_asked(question)
    words = {w for w in content_morphemes(question)
             if len(w) >= 2 and w not in _ASKING_WORDS and not (trade and trade.search(w))}
    return any(word in name for word in words)


def _only_a_designation(name: str, text: str) -> bool:
    """Every mention of ``name`` in ``text`` is a title something is designated as ("…을 ‘달빛어린이병원’으로 지정").

    >>> _only_a_designation("달빛어린이병원", "병원 1곳씩을 ‘달빛어린이병원’으로 새로 지정했다.")
    True
    >>> _only_a_designation("달빛어린이병원", "달빛어린이병원 동림구·북산구에 새로 지정… 4곳으로 늘어")
    True
    >>> _only_a_designation("늘봄아동병원", "늘봄아동병원을 달빛어린이병원으로 지정했다.")
    False
    """
    ends = [m.end() for m in re.finditer(re.escape(name), text)]
    return bool(ends) and all(_DESIGNATION.match(text, end) for end in ends)


def gives_no_name(question: str, texts: Sequence[str], *, known: Collection[str] = (),
                  common: Callable[[list[str]], set[str]] | None = None) -> bool:
    """A name is asked and not one of ``texts`` gives one — of those speaking of the trade, when one is asked."""
    if not asks_a_name(question):
        return False
    return not any(gives_a_name(question, t, known=known, common=common) for t in texts)


def gives_a_name(question: str, text: str, *, known: Collection[str] = (),
                 common: Callable[[list[str]], set[str]] | None = None) -> bool:
    """``text`` gives a name the question asks for, speaking of the trade when one is asked (``names_given``)."""
    trade = trade_asked(question)
    return (trade is None or bool(trade.search(text))) and \
        bool(names_given(question, text, known=known, common=common))


def organisations_not_in(sentence: str, question: str, texts: Sequence[str]) -> list[str]:
    """The organisations ``sentence`` names that neither its cited ``texts`` nor the question hold. The 1.5B model
    attaches a name it read elsewhere to a cited clause ("… 제공한 센터장은 한승훈 한빛대학교 사회복지학과 교수입니다"
    cited to the plan that names no one: fresh-12's qj2-018); the clause's words carry the citation check, and Kiwi
    reads no proper noun in "한승훈". An organisation's name is read as ``names_given`` reads it.

    >>> cited = ["고립·은둔 청년 지원센터를 2025년 개소해 상담 프로그램을 제공"]
    >>> organisations_not_in("지원센터를 2025년 개소한 센터장은 한빛대학교 교수입니다.", "센터장이 누구야?", cited)
    ['한빛대학교']
    >>> organisations_not_in("공공심야약국 운영비는 연 4,800만 원입니다.", "공공심야약국 운영비는?", ["운영비 연 4,800만 원"])
    []
    """
    held = compact(question + " " + " ".join(texts))
    return [name for name in dict.fromkeys(m.group(0) for m in _ORGANISATION.finditer(sentence))
            if compact(name) not in held]

