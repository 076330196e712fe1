"""What a refusal tells the reader: that the documents hold no answer, and why the service concluded so.

A researcher who reads only "답을 찾을 수 없습니다" cannot tell an archive that never covered the topic from one
that covers it for another year or edition — and the second case is worth a follow-up question (the closest
sources are shown under the refusal either way).
"""

from __future__ import annotations

from core.textnorm import extract_figures, years_named
from generate.asked_measure import applicant_counter, asked_measure, asks_applicants_and_ratio
from generate.asked_year import fiscal_years

REFUSAL_TEXT = "제공된 문서에서 이 질문에 대한 답을 찾을 수 없습니다."

_NOT_THE_ASKED_FACT = "가까운 자료는 있지만 질문이 묻는 바로 그 내용은 담고 있지 않습니다."
_NOT_THE_MEASURE = "가까운 자료는 있지만 질문이 묻는 {asked}에 대한 내용은 담고 있지 않습니다."
# Why, per refusal reason (``Answer.refusal_reason``); {asked} is what the question names that the evidence lacks.
_WHY = {
    "no_documents": "열람할 수 있는 문서 가운데 관련 자료가 없습니다.",
    "weak_evidence": "질문과 겹치는 내용을 담은 자료가 거의 없습니다.",
    "topic_not_in_documents": "문서에 이 주제를 다룬 내용이 없는 것으로 보입니다.",
    "figure_not_in_documents": "질문에 나온 날짜나 수치를 담은 문서가 없습니다.",
    "year_not_in_evidence": "관련 자료는 있지만 {asked}의 내용이 아니라 다른 해의 것입니다.",
    "edition_not_in_evidence": "관련 자료는 있지만 {asked}에 대한 내용은 없습니다.",
    "month_not_in_evidence": "관련 자료에는 여러 달을 합친 수치만 있고, {asked} 한 달의 수치는 나와 있지 않습니다.",
    "breakdown_not_in_evidence": "관련 자료는 있지만 {asked}로 나눈 수치는 나와 있지 않습니다.",
    "model_doubted_evidence": _NOT_THE_ASKED_FACT,
    "model_found_no_answer": _NOT_THE_ASKED_FACT,
    "evidence_holds_another_measure": _NOT_THE_MEASURE,
    "unit_not_in_evidence": "관련 자료는 있지만 {asked}에 대한 내용은 없습니다.",
    "unit_figure_not_in_evidence": "관련 자료는 있지만 {asked}에 대한 수치는 나와 있지 않습니다.",
    "evidence_states_no_reason": "관련 자료는 있지만 그 이유나 원인은 나와 있지 않습니다.",
    "evidence_holds_only_plan": "관련 자료에는 계획이나 목표로 잡은 수치만 있고, 실제 결과는 나와 있지 않습니다.",
    "finding_not_yet_out": "관련 자료에는 분석이나 조사의 결과가 나중에 나온다고만 되어 있고, 그 결과는 나와 있지 않습니다.",
    "part_not_in_evidence": "관련 자료에는 전체 수치만 있고, {asked}에 대한 수치는 나와 있지 않습니다.",
    "age_band_not_in_evidence": "관련 자료는 있지만 {asked} 연령대에 대한 수치는 나와 있지 않습니다.",
    "name_not_in_evidence": "관련 자료는 있지만 질문이 묻는 이름은 나와 있지 않습니다.",
    "ranking_not_in_evidence": "관련 자료는 있지만 어느 것이 가장 많거나 적은지 가릴 수 있는 세부 수치나 순위는 나와 있지 않습니다.",
    "period_not_reported": "관련 자료는 모두 {asked}의 결과가 나오기 전에 작성된 것이어서, 실제 결과는 나와 있지 않습니다.",
}


def refusal_text(reason: str, question: str, asked: str | None = None) -> str:
    """The refusal sentence, followed by why (when the reason is known); ``asked`` names what the question
    asks that the evidence lacks, where the question alone cannot tell (a district, a department).

    >>> refusal_text("year_not_in_evidence", "2026년 참가자는 몇 명인가요?")
    '제공된 문서에서 이 질문에 대한 답을 찾을 수 없습니다. 관련 자료는 있지만 2026년의 내용이 아니라 다른 해의 것입니다.'
    >>> refusal_text("edition_not_in_evidence", "제7회 빛축제에는 몇 명이 왔나요?").split(". ")[1]
    '관련 자료는 있지만 제7회에 대한 내용은 없습니다.'
    >>> refusal_text("edition_not_in_evidence", "2024년도 예산안 심사 때 질의는 몇 건이었나요?").split(". ")[1]
    '관련 자료는 있지만 2024년도에 대한 내용은 없습니다.'
    >>> refusal_text("evidence_holds_another_measure", "홍보 영상의 조회수는 얼마였나요?").split(". ")[1]
    '가까운 자료는 있지만 질문이 묻는 조회수에 대한 내용은 담고 있지 않습니다.'
    >>> refusal_text("unit_not_in_evidence", "서하구 병원 대기 시간은?", "서하구").split(". ")[1]
    '관련 자료는 있지만 서하구에 대한 내용은 없습니다.'
    >>> refusal_text("part_not_in_evidence", "환자 가운데 10대 이하 아이들은 몇 명이었어?").split(". ")[1]
    '관련 자료에는 전체 수치만 있고, 10대 이하 아이들에 대한 수치는 나와 있지 않습니다.'
    """
    why = _WHY.get(reason)
    if why is None:
        return REFUSAL_TEXT
    return f"{REFUSAL_TEXT} {why.format(asked=asked or _asked(reason, question))}"


def _asked(reason: str, question: str) -> str:
    """The year or the editions the question names, as it writes them."""
    if reason in ("year_not_in_evidence", "period_not_reported"):
        return ", ".join(f"{y}년" for y in sorted(years_named(question))) or "질문한 해"
    if reason == "evidence_holds_another_measure":
        measure = asked_measure(question)
        counter = applicant_counter(question)
        if counter is not None or asks_applicants_and_ratio(question):
            return {"팀": "신청한 팀 수", "곳": "신청한 곳 수"}.get(counter or "명", "신청 인원")
        return measure.name if measure else "수치"
    if reason == "edition_not_in_evidence":
        # "제7회", "2단지", and "제6차" (read as a period: "6차" alone may be a stage of anything)
        ordinals = [f.raw for f in extract_figures(question) if f.kind == "ordinal" or f.raw.startswith("제")]
        ordinals += [f"{year}년도" for year in sorted(fiscal_years(question))]  # "2024년도 예산안"
        return ", ".join(dict.fromkeys(ordinals)) or "질문한 회차"
    if reason == "month_not_in_evidence":
        from generate.asked_month import months_asked

        return "·".join(f"{month}월" for month in months_asked(question)) or "질문한 달"
    if reason == "breakdown_not_in_evidence":
        from generate.asked_breakdown import kind_named

        return kind_named(question)
    if reason == "age_band_not_in_evidence":
        from core.textnorm import nfc
        from generate.asked_age import the_band_asked

        band = the_band_asked(question)
        return nfc(question)[band.start:band.end] if band else "질문한"
    if reason == "part_not_in_evidence":
        from generate.asked_part import the_part_asked

        return str(the_part_asked(question) or "질문한 대상")
    return "질문한 곳" if reason in ("unit_not_in_evidence", "unit_figure_not_in_evidence") else ""
