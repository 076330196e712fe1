"""A plan's figure is no result: questions that ask what actually happened, and figures stated as a target.

A near-miss question often asks for an outcome the archive states only as a plan: "한빛잡 개통 이후 실제로 가입한
구직자는 몇 명이야?" when the release says "개통 첫해 구직자 3만 명 … 가입하는 것을 목표로 잡았다". The 1.5B model
then answers "실제로 가입한 구직자는 3만 명입니다" — the figure stands in the cited passage, so the citation check
passes. Releases write plans in a few fixed ways: a target noun bound to the figure ("목표 3만 8천 개", "12만 명을
목표로"), a future or intention ending ("늘릴 계획이다", "지원할 예정", "늘리겠다"), or the present tense of an
action verb, which a Korean release uses for what the city is about to do ("5,000가구에 설치한다", "3,000명으로
늘린다고 밝혔다") while results are past ("설치했다", "채용돼 … 기록했다"). A question that asks for a result
and not for the plan too ("실제로 몇 명", "최종적으로 얼마", not "계획했고, 실제로는") is answered only by a figure
stated as a result (``Answerer``; docs/measurements.md, "Answers").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from core.textnorm import VALUED_KINDS, Figure, extract_figures, valued_figures, years_written_or_relative
from generate.evidence import LIST_MARKS

PLAN, RESULT = "plan", "result"
# "결국 얼마로 만들어졌어요", "최종 몇 명이었나요": what came of it in the end (fresh-29's ri3-011).
# "완공됐나요", "다 지어졌어요": a building finished is a result, not the plan to build it (fresh-45's ry3-019).
ASKS_RESULT = re.compile(r"실제|실적|최종|결과적으로|결국|완공됐|완공되었|준공됐|준공되었|지어졌")
# A question that asks for the plan as well (two-part: "처음 계획했고, 실제로는 …") takes either kind of figure.
ASKS_PLAN = re.compile(r"목표|계획|예정|하려|하기로|잡아|잡았|겠다고|처음에|당초|기대|전망|예상|추산|줄이겠|늘리겠")

# Clause boundaries: a comma, a connective ending before a space ("늘렸고, ", "넘어섰다며 ", "늘어서 "), a
# sentence end. Not the comma grouping a number's digits ("2,940명") nor the particles 에서 / 로서 ("지난해 두
# 병원에서 진료를 받은 어린이는 3만 8,400명": the year leads the whole clause).
_BOUNDARY = re.compile(r",(?!\d{3}(?!\d))\s*|(?<=며)\s|(?<=[고만나])\s(?=[^밝])|(?<=[^에로]서)\s(?=[^밝])|[.;]\s|\n|\s·\s")
_TARGET_NOUN = r"(목표|계획)(치|인원|량|액|규모)?"
# "목표 3만 8천 개", "목표였던 10만 명", "계획 인원 800명": the noun right before the figure.
_TARGET_BEFORE = re.compile(_TARGET_NOUN + r"(는|은|를|을|인|이었던|였던|로 한|로 잡은|의|상)?\s*(\S{1,6}\s*)?$")
# "12만 명을 목표로", "2,000곳이 가입하는 것을 목표로 잡았다", "70%(목표)": the noun after the figure, as its goal; a
# headline's "올해 4,000명 목표, 64억 원 투입" ends its clause on the noun (fresh-51's se1-018).
_TARGET_AFTER = re.compile(r"^(?:\((?:목표|계획)\)|\s?(?:목표|계획)\s*(?:[,…·]|$)|"
                           r"[^,\d]{0,24}?((목표|계획)(로|으로|이다|다|를|을|치|\s*인원)|(조건|기준)으로\s*삼))")
# "목표보다 많은 3만 9,100개", "목표 대비 103%": measured against the target, so a result.
_AGAINST_TARGET = re.compile(r"(목표|계획)\S*\s*(보다|대비|를 넘|을 넘|을 웃|를 웃|의)")
# "2024년 실적 4,380명" (a plan's table read with its header: "…: 2024년 실적 4,380명, 2025년 목표 7,000명"): what
# was achieved, the noun right before the figure.
_RESULT_BEFORE = re.compile(r"(실적|결과)(치|은|는|이|으로)?\s*(\S{1,6}\s*)?$")
_FUTURE = re.compile(r"[할릴일될갈볼줄낼펼칠울]\s*(계획|예정|방침|것)|겠|하기로|키로|기대|전망|예상|추진한다")
# Between two figures only a coordinator: "구직자 3만 명과 기업 2,000곳이 …" share one predicate.
_COORDINATED = re.compile(r"^\s*(과|와|및|,|·|이나|또는|에서)\s*[가-힣\s]{0,12}$")
_PRESENT_ENDINGS = frozenset({"ᆫ다", "는다", "ᆫ다고", "는다고", "ᆫ다며", "는다며", "ᆫ다는", "는다는"})
ACTION_TAGS = frozenset({"VV", "VV-R", "VV-I", "XSV", "VX"})  # action verbs, not adjectives or copulas


def asks_result_only(question: str) -> bool:
    """The question asks for a figure of what actually happened, and not for the plan as well.

    >>> asks_result_only("한빛잡 개통 이후 실제로 가입한 구직자는 몇 명이야?")
    True
    >>> asks_result_only("처음 몇 명 규모로 계획했고, 실제로는 몇 명이 참여했나요?")
    False
    >>> asks_result_only("한빛잡 가입 목표는 몇 명이야?")
    False
    >>> asks_result_only("2025년 문화패스, 목표 말고 실제 이용률은 최종적으로 몇 %였어요?")
    True
    >>> asks_result_only("2026년 고용보험료 지원을 받으면 3등급은 한 달에 실제로 얼마 내게 돼요?")
    False
    >>> asks_result_only("고용보험료 지원 받으면 기준보수 3등급은 한 달에 실제로 얼마만 내면 돼요?")
    False
    >>> asks_result_only("기후대응기금은 결국 얼마로 만들어졌어요?"), asks_result_only("빛축제 방문객은 최종 몇 명이었나요?")
    (True, True)
    """
    from generate.asked_measure import asks_a_figure

    asked = _NET_PAYMENT.sub(" ", _PLAN_SET_ASIDE.sub(" ", question))
    return bool(ASKS_RESULT.search(asked)) and not ASKS_PLAN.search(asked) and asks_a_figure(question)


# "지원을 받으면 … 한 달에 실제로 얼마 내게 돼요", "실제 부담": what one pays after a subsidy, a rule, not an outcome
# (fresh-28's rh1-016; the same asked by thirteen earlier sets), "실제로 얼마만 내면" (fresh-30's rj1-010).
_NET_PAYMENT = re.compile(r"실제(?:로)?\s?(?:얼마(?:를|나|만)?\s?)?(?:내|부담)")
# "목표 말고 실제 이용률은", "계획 아니고 실제로": the plan is named to be set aside, not asked (fresh-27's rg2-002).
_PLAN_SET_ASIDE = re.compile(r"(?:목표|계획)(?:치|했던 거|한 거)?\s?(?:말고|아니고|아니라|빼고|는 빼고)")


def planned_figures(text: str) -> list[Figure]:
    """The valued figures ``text`` states as a plan or a target.

    >>> [f.raw for f in planned_figures("시는 개통 첫해 구직자 3만 명과 기업 2,000곳이 가입하는 것을 목표로 잡았다.")]
    ['3만 명', '2,000곳']
    >>> [f.raw for f in planned_figures("누적 가입자가 14만 2천 명으로 목표였던 10만 명을 크게 넘어섰다며 본사업으로 전환한다고 밝혔다.")]
    ['10만 명']
    >>> [f.raw for f in planned_figures("목표 3만 8천 개보다 많은 3만 9,100개를 만들어 목표의 103%를 달성했다.")]
    ['3만 8천 개']
    >>> [f.raw for f in planned_figures("고위험 가구 가운데 동의한 5,000가구에는 스마트 플러그를 설치한다.")]
    ['5,000가구']
    >>> planned_figures("이 가운데 381명이 정규직으로 채용돼 전환율 48.6%를 기록했다.")
    []
    """
    return [f for f, stance in figure_stances(text) if stance == PLAN]


def figure_stances(text: str) -> list[tuple[Figure, str | None]]:
    """Each valued figure of ``text`` with how it is stated: ``PLAN``, ``RESULT`` (past tense, or measured
    against a target) or None (a table cell, a headline, a copula: it does not say).

    >>> [(f.raw, s) for f, s in figure_stances("목표 3만 8천 개보다 많은 3만 9,100개를 만들어 목표의 103%를 달성했다.")]
    [('3만 8천 개', 'plan'), ('3만 9,100개', 'result'), ('103%', 'result')]
    >>> [(f.raw, s) for f, s in figure_stances("한빛시, 청년 월세 지원 대상 3천 명으로 확대")]
    [('3천 명', None)]
    >>> [(f.raw, s) for f, s in figure_stances("이용 어르신: 2024년 실적 4,380명, 2025년 목표 7,000명")]
    [('4,380명', 'result'), ('7,000명', 'plan')]
    >>> [(f.raw, s) for f, s in figure_stances("행정업무 비율: 2024년 목표 8%, 2024년 실적 9.2%, 달성률 115.0%")]
    [('8%', 'plan'), ('9.2%', 'result'), ('115.0%', None)]
    >>> [(f.raw, s) for f, s in figure_stances("4월부터 5개 자치구 전체로 확대… 올해 4,000명 목표, 64억 원 투입")]
    [('5개', None), ('4,000명', 'plan'), ('64억 원', None)]
    """
    figures = [f for f in extract_figures(text) if f.kind in VALUED_KINDS and f.start >= 0]
    stances = [_stance(text, figures, i) for i in range(len(figures))]
    # Coordinated figures share the last one's predicate: "구직자 3만 명과 기업 2,000곳이 가입하는 것을 목표로" — unless
    # a label says what the figure is: "…, 2024년 실적 9.2%, 달성률 115.0%" (a table row read with its header).
    for i in range(len(figures) - 2, -1, -1):
        before = _before(text, figures, i)
        if not (_RESULT_BEFORE.search(before) or _TARGET_BEFORE.search(before)) and _COORDINATED.match(_between(text, figures[i], figures[i + 1])):
            stances[i] = stances[i + 1]
    return list(zip(figures, stances, strict=True))


def gives_a_plan_as_result(question: str, sentence: str, sources: Sequence[str]) -> bool:
    """The question asks for a result only, and the figures of ``sentence`` that answer it (of the asked
    measure, when the question fixes one) are stated as a plan by ``sources`` (the passages the sentence was
    written from), and by none of them as a result (``only_planned``).

    >>> gives_a_plan_as_result("실제로 가입한 구직자는 몇 명이야?", "실제로 가입한 구직자는 3만 명입니다.",
    ...                        ["구축에는 12억 원이 들며, 구직자 3만 명이 가입하는 것을 목표로 잡았다."])
    True
    >>> gives_a_plan_as_result("가입 목표는 몇 명이야?", "가입 목표는 3만 명입니다.",
    ...                        ["구직자 3만 명이 가입하는 것을 목표로 잡았다."])
    False
    """
    return asks_result_only(question) and only_planned(sentence, sources, units=asked_units(question))


_PLAN_TITLE = re.compile(r"계획|\(안\)")


def is_a_plan(title: str | None) -> bool:
    """A document whose title names it a plan or a draft ("2025년 한빛광역시 청년정책 시행계획", "…(안)").

    >>> is_a_plan("2025년 한빛광역시 청년정책 시행계획"), is_a_plan("공공심야약국 첫해 4만여 건 이용"), is_a_plan(None)
    (True, False, False)
    """
    return bool(title and _PLAN_TITLE.search(title))


def plan_year(title: str | None) -> int | None:
    """The year a plan is for: the earliest year its title names ("2026년 대변인실 주요업무계획(안)": 2026), or None
    for a document that is no plan or a plan whose title names no year.

    >>> plan_year("2026년 대변인실 주요업무계획(안)"), plan_year("제1차 탄소중립 기본계획(2024~2033)"), plan_year("2026년 예산 확정")
    (2026, 2024, None)
    """
    if not is_a_plan(title):
        return None
    years = [int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", title or "")]
    return min(years) if years else None


def only_plans_in(question: str, sentences: Sequence[str], *, strict: bool = False,
                  written: Sequence[int | None] = (), planned: Sequence[bool] = (),
                  plan_years: Sequence[int | None] = (), part_years: Sequence[int | None] = ()) -> bool:
    """Of quoted evidence sentences, for a result-only question: some state a figure that would answer (of the
    asked measure, when fixed) and each such figure is stated as a plan — quoting them would answer a result
    with a plan. Sentences without such a figure do not count either way. ``strict`` (after the model itself
    gave a plan's figure for the result): a figure stated neither way (a headline, a table cell) is no result
    either — only one stated as a result answers.

    >>> only_plans_in("한빛잡에 실제로 가입한 구직자는 몇 명이야?",
    ...               ["구축에는 12억 원이 들며, 구직자 3만 명이 가입하는 것을 목표로 잡았다.", "한빛잡은 AI가 일자리를 추천한다."])
    True
    >>> only_plans_in("실제로 채용된 청년은 몇 명이야?", ["381명이 정규직으로 채용돼 전환율 48.6%를 기록했다."])
    False
    >>> headline = ["스마트 플러그 5천 가구 설치", "동의한 5,000가구에 스마트 플러그를 설치한다."]
    >>> asked = "실제로 설치한 가구는 몇 가구야?"
    >>> only_plans_in(asked, headline), only_plans_in(asked, headline, strict=True)
    (False, True)

    When the question names a year, a figure whose clause names only other years does not answer: a plan's
    table read with its header gives the year before's result beside the asked year's target.

    >>> only_plans_in("2025년에 실제로 이용한 어르신은 몇 명이었습니까?",
    ...               ["이용 어르신: 2024년 실적 4,380명, 2025년 목표 7,000명"])
    True

    ``written``: each sentence's document year. A figure stated neither way whose clause names only later years is
    what the document plans: "2026년 기후대응기금 380억 원을 새로 조성" in a plan written in 2025.

    >>> asked, fund = "기금 조례 통과돼서 실제로 얼마 모였어요?", ["2026년 기후대응기금 380억 원을 새로 조성"]
    >>> only_plans_in(asked, fund, written=[2025]), only_plans_in(asked, fund, written=[2026])
    (True, False)

    ``planned``: whether each sentence's document is a plan (its title names one: "2025년 … 시행계획"). What a plan
    written in the asked year states neither way is what it plans, unless its clause names an earlier year: "청년
    2,000명에게 이사비를 … 지원" in the 2025 plan is no count of those who got 2025's grant (fresh-19's qi3-002,
    fresh-20's qq1-017). A later year's plan reports what the asked year did ("8개 부서 시범" in the 2025 plan for
    2024's pilot: fresh-13's qk3-009), and a question naming no year is not judged so ("… 실제로 얼마나
    빨라졌어": fresh-7's qt3-004).

    >>> asked, item = "2025년 실제 이사비 받은 청년은 몇 명이에요?", ["무주택 청년 2,000명에게 이사비를 최대 40만 원까지 지원"]
    >>> only_plans_in(asked, item, written=[2025], planned=[True]), only_plans_in(asked, item, written=[2025])
    (True, False)

    ``plan_years``: the year each plan is for (``plan_year``). A plan written before the year it is for reports no
    result of it, whatever year is asked: "프레스룸 도입으로 … 시간을 40% 줄여" in the 2026 plan written in December 2025
    (fresh-21's ra3-005, whose other quote, another tool's pilot result, still answers it).

    >>> asked, aim = "프레스룸 도입하고 나서 보도자료 쓰는 시간이 실제로 몇 % 줄었어요?", ["프레스룸 도입으로 검토 시간을 40% 줄여"]
    >>> only_plans_in(asked, aim, written=[2025], planned=[True], plan_years=[2026])
    True

    ``part_years``: the year of the part of its document each sentence sits in (``evidence.part_years``). Asked no
    year, what a plan written in the year it is for states neither way is what it plans — outside a part reporting
    an earlier year ("Ⅱ. 2024년 추진 실적"): "비전공 청년 300명 대상 6개월 과정 첫 운영" in the 2025 plan counts no one
    who finished the course (fresh-30's rj1-004).

    >>> asked, item = "한빛 AI 아카데미, 지금까지 실제로 과정 마친 사람은 몇 명이에요?", ["비전공 청년 300명 대상 6개월 과정 첫 운영"]
    >>> only_plans_in(asked, item, written=[2025], planned=[True], plan_years=[2025])
    True
    >>> only_plans_in(asked, item, written=[2025], planned=[True], plan_years=[2025], part_years=[2024])
    False
    """
    if not asks_result_only(question):
        return False
    from generate.asked_year import the_year_asked

    units, year = asked_units(question), the_year_asked(question)
    years = _padded(written, len(sentences), None)
    plans = [plan and _states_plans(year, at, ahead, part)
             for plan, at, ahead, part in zip(_padded(planned, len(sentences), False), years,
                                              _padded(plan_years, len(sentences), None),
                                              _padded(part_years, len(sentences), None), strict=True)]
    stated = [[_dated(s, f, stance, at, plan) for f, stance in figure_stances(s) if f in answering]
              for s, at, plan in zip(sentences, years, plans, strict=True)
              if (answering := _answering_for_year(s, units, year, at))]
    if strict:
        return bool(stated) and all(RESULT not in stances for stances in stated)
    return bool(stated) and all(PLAN in stances and RESULT not in stances for stances in stated)


def _states_plans(asked: int | None, written: int | None, planned_for: int | None, part: int | None) -> bool:
    """Whether what a plan's sentence states neither way is planned: the plan was written in the ``asked`` year, or
    before the year it is for (``planned_for``), or — no year asked — in that year, outside a ``part`` reporting an
    earlier one."""
    if written is None:
        return False
    if asked is not None:
        return written == asked or (planned_for is not None and planned_for > written)
    return planned_for is not None and (planned_for > written or (planned_for == written and (part is None or part >= written)))


def _padded(values: Sequence[Any], length: int, fill: Any) -> list[Any]:
    return list(values) + [fill] * (length - len(values))


def _dated(text: str, figure: Figure, stance: str | None, written: int | None, planned: bool = False) -> str | None:
    """A figure's stance, a figure stated neither way counting as a plan when its clause names only years after
    ``written`` (its document's year) — or, in a plan (``planned``), no year before it."""
    if stance is not None or written is None:
        return stance
    named = years_in_clause(text, figure)
    if planned and not any(y < written for y in named):
        return PLAN
    return PLAN if named and min(named) > written else None


def _answering_for_year(text: str, units: frozenset[str] | None, year: int | None,
                        written: int | None = None) -> list[Figure]:
    """The figures of ``text`` that could answer (``answering_figures``), less those whose clause names years —
    written, or relative to its document's year ``written`` ("지난해에는 … 61%에 그쳐") — and not ``year``."""
    figures = answering_figures(text, units)
    if year is None:
        return figures
    return [f for f in figures if (named := years_in_clause(text, f, written)) == set() or year in named]


def years_in_clause(text: str, figure: Figure, written: int | None = None) -> set[int]:
    """The years the clause stating ``figure`` names: written, or relative to its document's year ``written`` —
    else the year that opens its sentence, which speaks for each clause after it ("○ 2024년 … 단체는 214곳이었으며,
    지급한 보조금은 모두 38억 6천만 원이었음": 2024's money; fresh-35's ro3-011).

    >>> text = "○ 2024년 지원사업에 참여한 단체는 214곳이었으며, 지급한 보조금은 모두 38억 6천만 원이었음"
    >>> years_in_clause(text, extract_figures(text)[-1], 2025)
    {2024}
    """
    left, right = clause_around(text, figure.start, figure.start + len(figure.raw))
    years = years_written_or_relative(text[left:right], "", written)
    if not years and (lead := _LEADING_YEAR.match(text)) is not None and lead.end() <= left:
        years = {int(lead.group(1))}
    return years


# A year opening its sentence, after any list mark: "○ 2024년 한빛 예술창작 지원사업 등 …".
_LEADING_YEAR = re.compile(rf"^\s*(?:[{LIST_MARKS}]\s*)*((?:19|20)\d{{2}})년(?:도)?(?:에는|에|은|는)?\s")


def only_planned(sentence: str, sources: Sequence[str], *, units: frozenset[str] | None = None) -> bool:
    """Some valued figure of ``sentence`` (of ``units`` when given) is stated as a plan by a source, and none
    is stated as a result by any. A figure the sources state only neutrally (a table cell, a headline) is
    not judged; a sentence with no judged figure is not either.

    >>> only_planned("실제로 가입한 구직자는 3만 명입니다.", ["개통 첫해 구직자 3만 명이 가입하는 것을 목표로 잡았다."])
    True
    >>> only_planned("정규직 전환율은 48.6%였습니다.", ["381명이 채용돼 전환율 48.6%를 기록했다."])
    False
    >>> only_planned("가입자는 3만 명입니다.", ["구직자 3만 명이 가입하는 것을 목표로 잡았다.", "가입자 3만 명 돌파"])
    True
    """
    from core.textnorm import figure_matches

    statements = [fs for s in sources for fs in figure_stances(s)]  # read once, not once per claim
    judged = False
    for claim in answering_figures(sentence, units):
        stated = {stance for f, stance in statements if figure_matches(claim, f)}
        if RESULT in stated:
            return False
        judged = judged or PLAN in stated
    return judged


def asked_units(question: str) -> frozenset[str] | None:
    """The units of the one measure the question's wording fixes (``asked_measure``), if it fixes one."""
    from generate.asked_measure import asked_measure

    measure = asked_measure(question)
    return measure.units if measure else None


def answering_figures(text: str, units: frozenset[str] | None) -> list[Figure]:
    """The valued figures of ``text`` that could answer: of ``units`` only, when given."""
    return valued_figures(text, units)


def _between(text: str, a: Figure, b: Figure) -> str:
    return text[a.start + len(a.raw):b.start]


def clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``text[start:end]``: from the boundary before it to the boundary after it."""
    left = max((m.end() for m in _BOUNDARY.finditer(text, 0, start)), default=0)
    after = _BOUNDARY.search(text, end)
    return left, after.start() if after else len(text)


def _before(text: str, figures: list[Figure], i: int) -> str:
    """The words of the figure's clause before it, after the figure before it."""
    figure = figures[i]
    left, _ = clause_around(text, figure.start, figure.start + len(figure.raw))
    return text[max(left, figures[i - 1].start + len(figures[i - 1].raw) if i else left):figure.start]


def _stance(text: str, figures: list[Figure], i: int) -> str | None:
    figure = figures[i]
    end = figure.start + len(figure.raw)
    _, right = clause_around(text, figure.start, end)
    before = _before(text, figures, i)
    nxt = figures[i + 1].start if i + 1 < len(figures) and figures[i + 1].start < right else right
    after = text[end:nxt]
    if _AGAINST_TARGET.search(before) or _AGAINST_TARGET.search(after[:12]):
        return RESULT
    if _TARGET_BEFORE.search(before) or _TARGET_AFTER.search(after) or _FUTURE.search(text[end:right]):
        return PLAN
    if _RESULT_BEFORE.search(before):
        return RESULT
    return _tense_after(text, end)


@lru_cache(maxsize=4096)
def _tokens(text: str) -> list[Any]:
    from core.korean import kiwi

    return list(kiwi().tokenize(text))


def _tense_after(text: str, offset: int) -> str | None:
    """The tense of the first predicate after a figure that says one: ``RESULT`` (the past, "채용돼 … 기록했다": a connective
    without tense takes the next predicate's), ``PLAN`` (the present tense of an action verb, "설치한다",
    "찾아내고, … 확인한다", "늘린다고 밝혔다", or a future ending), or None (a copula, a noun ending)."""
    tokens = _tokens(text)  # the whole sentence: a fragment would mis-read "124대인" ("인" as a noun)
    for i, t in enumerate(tokens):
        if t.start < offset:
            continue
        if t.tag == "EP":
            return PLAN if t.form == "겠" else RESULT
        if t.form in _PRESENT_ENDINGS and i and tokens[i - 1].tag in ACTION_TAGS:
            return PLAN
        if t.tag == "ETM" and t.form == "ᆯ":
            return PLAN  # "늘릴 계획", "줄일 것"
        if t.tag == "EF" or (t.tag in ("EC", "ETM") and i and tokens[i - 1].tag in ("VCP", "VA")):
            return None  # a sentence end or a copula/adjective: no action in time
    return None


# An analysis, survey or evaluation asked for its finding: "정책 덕분에 몇 % 줄어든 걸로 분석됐어요?", "분석 결과 나왔어?".
_ASKS_FINDING = re.compile(r"(분석|조사|평가|연구|용역)\S*\s*(결과|됐|되었|됩|했|해\s*보니|나왔|나온)|(으?로)\s*(분석|평가|조사)")
# A finding the passage says is still to come: "결과는 8월에 나온다", "분석 결과는 연말에 발표할 예정이다".
_PENDING = re.compile(r"(결과|분석|조사|평가|연구)[^.?!\n]{0,40}?(나온다|나올\s*(예정|전망|것)|"
                      r"(발표|공개|공표)(할|될)\s*(예정|계획|것)|(발표|공개)한다|나오는\s*대로)")
# A finding stated: "분석 결과 … 6%p로 나타났다", "조사 결과 만족도는 4.5점이었다".
_FINDING_STATED = re.compile(r"(분석|조사|평가|연구)\S*\s*결과[^.?!\n]{0,60}?\d")


def finding_still_to_come(question: str, sentences: Sequence[str]) -> bool:
    """The question asks what an analysis or survey found, a sentence says its finding comes out later, and no
    sentence states a finding: the figures beside it (the raw change the analysis is to explain) answer nothing.

    >>> finding_still_to_come("날씨 영향 빼면 정책 덕분에 몇 퍼센트 줄어든 걸로 분석됐어요?",
    ...     ["농도가 10% 낮아졌다.", "시는 정책 효과를 가려내기 위해 정밀 분석을 맡겼으며, 결과는 8월에 나온다."])
    True
    >>> finding_still_to_come("만족도 조사 결과는 몇 점이었어?",
    ...     ["조사 결과 만족도는 4.5점이었다.", "다음 조사 결과는 12월에 나온다."])
    False
    >>> finding_still_to_come("농도는 몇 % 낮아졌어?", ["농도가 10% 낮아졌다.", "분석 결과는 8월에 나온다."])
    False
    """
    if not asks_for_a_finding(question):
        return False
    pending = [s for s in sentences if _PENDING.search(s)]
    return bool(pending) and not any(_FINDING_STATED.search(s) for s in sentences if s not in pending)


def asks_for_a_finding(question: str) -> bool:
    """Whether the question asks what an analysis, survey or evaluation found (cheap: read before the pool is).

    >>> asks_for_a_finding("정책 덕분에 몇 % 줄어든 걸로 분석됐어요?"), asks_for_a_finding("농도는 몇 % 낮아졌어?")
    (True, False)
    """
    return bool(_ASKS_FINDING.search(question))
