"""Figure extraction and normalisation: every writing of a figure gets one norm."""

from __future__ import annotations

import doctest

import pytest

import core.ages
import core.korean
import core.textnorm
from core.textnorm import (
    Figure,
    compact,
    extract_figures,
    figure_matches,
    figures_supported,
    normalise_query,
    spacing_variants,
    years_named,
    years_spoken_of,
)


def norms(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.norm) for f in extract_figures(text)]


@pytest.mark.parametrize(
    ("writings", "expected"),
    [
        (["1,000명", "1000명", "천 명", "1천명", "1,000여 명"], ("count", "1000명")),
        (["3억 5천만 원", "350000000원", "350,000,000원", "3.5억 원"], ("amount", "350000000원")),
        (["12.5%", "12.5퍼센트", "12.5 %"], ("percent", "12.5%")),
        (["2024년 3월", "2024. 3.", "24.3.", "2024-03", "'24년 3월"], ("date", "2024-03")),
        (["2025. 3. 4.(화)", "2025년 3월 4일", "2025-03-04", "2025.3.4"], ("date", "2025-03-04")),
        (["3. 10.(월)", "3월 10일", "3.10."], ("date", "--03-10")),
        (["12. 5.", "12월 5일"], ("date", "--12-05")),
        (["3천 명", "3,000명"], ("count", "3000명")),
        (["2만 5천 명", "25,000명"], ("count", "25000명")),
        (["1.5배"], ("ratio", "1.5배")),
        (["3분기"], ("period", "3분기")),
        (["2028년까지", "2028년"], ("date", "2028")),
        (["120개소", "120곳"], ("count", "120곳")),
        (["20가지", "20개", "20종"], ("count", "20개")),  # kinds of things: "20가지 문의" = "20개 유형"
        (["4,800㎡", "4800제곱미터"], ("measure", "4800㎡")),
        (["3.2㎞", "3.2km"], ("measure", "3.2km")),
        (["오후 2시 30분", "14:30"], ("time", "14:30")),
        (["1.5%p", "1.5퍼센트포인트"], ("percent", "1.5%p")),
        (["제2차", "2차"], ("period", "2차")),
        (["02-123-4567"], ("phone", "021234567")),
    ],
)
def test_every_writing_has_the_same_norm(writings: list[str], expected: tuple[str, str]) -> None:
    for writing in writings:
        assert norms(writing) == [expected], writing


def test_numbers_without_unit_keep_their_value() -> None:
    assert norms("참여 기업 1,250, 전년 980") == [("number", "1250"), ("number", "980")]
    assert norms("국비 60억") == [("number", "6000000000")]


@pytest.mark.parametrize("text", ["□ 1. 추진 배경", "Ⅱ. 사업 내용", "1) 목적", "(2) 대상", "  3. 향후 계획",
                                  "○ 2. 기대 효과"])
def test_list_numbering_is_not_a_figure(text: str) -> None:
    assert extract_figures(text) == []


@pytest.mark.parametrize("text", ["수천 명이 모였다", "이것만 남았다", "백화점 앞", "3원칙을 세웠다", "5G 통신",
                                  "PM2.5 농도", "천안 방문", "조회수는 얼마", "만회를 노린다", "벚꽃이 만개했다",
                                  "5개년 계획"])
def test_words_that_look_like_numbers_are_not_figures_with_units(text: str) -> None:
    assert all(f.kind == "number" for f in extract_figures(text)), norms(text)
    assert not any(f.kind in ("count", "amount") for f in extract_figures(text))


def test_units_followed_by_particles_still_count() -> None:
    assert norms("3명의 청년") == [("count", "3명")]
    assert norms("3건의 민원") == [("count", "3건")]
    assert norms("3월부터 시행") == [("date", "--03")]
    assert norms("지난 4일에 발표") == [("date", "---04")]


def test_month_day_ranges_and_line_start_dates() -> None:
    assert norms("접수 3. 10.(월)~4. 4.(금)") == [("date", "--03-10"), ("date", "--04-04")]
    assert norms("3. 10.(월) 10:00 개최") == [("date", "--03-10"), ("time", "10:00")]
    assert norms("'12. 5. 기준") == [("date", "2012-05")]


def test_durations_are_not_years_or_days() -> None:
    assert norms("3년간") == [("count", "3년")]
    assert norms("3일간") == [("count", "3일")]
    assert norms("3시간") == [("count", "3시간")]
    assert norms("12개월") == [("count", "12개월")]


def test_a_sentence_in_reading_order() -> None:
    text = "한빛시는 2025. 3. 4.(화) 청년 1만 5천 명에게 월 20만 원(예산 12.5% 증액)을 지원한다."
    assert norms(text) == [("date", "2025-03-04"), ("count", "15000명"), ("amount", "200000원"),
                           ("percent", "12.5%")]
    first = extract_figures(text)[0]
    assert text[first.start:first.start + len(first.raw)] == first.raw


def test_figure_is_frozen_and_start_is_not_compared() -> None:
    a, b = Figure("천 명", "count", "1000명", 0), Figure("천 명", "count", "1000명", 9)
    assert a == b
    with pytest.raises(AttributeError):
        a.norm = "x"  # type: ignore[misc]


def test_dates_match_more_specific_evidence_only() -> None:
    month = extract_figures("2024년 3월")[0]
    day = extract_figures("2024. 3. 15.")[0]
    other_year = extract_figures("2023. 3. 15.")[0]
    assert figure_matches(month, day)
    assert not figure_matches(day, month)
    assert not figure_matches(month, other_year)


def test_bare_number_matches_same_value_with_unit_but_not_the_reverse() -> None:
    bare, count = extract_figures("참여자 1000")[0], extract_figures("1,000명")[0]
    assert figure_matches(bare, count)
    assert not figure_matches(count, bare)


def test_lone_big_units_with_a_space_or_won_and_people_stay_figures() -> None:
    assert [f.norm for f in extract_figures("만 명, 만원, 억 원")] == ["10000명", "10000원", "100000000원"]


def test_a_bare_year_in_a_range_matches_a_date_of_that_year() -> None:
    found, missing = figures_supported("2023~2024년 겨울", ["2023년 12월부터 2024년 3월까지"])
    assert [f.raw for f in found] == ["2023", "2024년"] and missing == []
    assert figures_supported("2022~2024년", ["2023년 12월부터 2024년 3월까지"])[1][0].raw == "2022"


def test_figures_supported_splits_found_and_missing() -> None:
    found, missing = figures_supported(
        "2024년 3월 천 명에게 12.5% 늘어난 3억 원을 지원",
        ["2024. 3. 2. 발표: 1,000명 대상", "지원액 3억 원, 증가율 12.5퍼센트"],
    )
    assert [f.norm for f in found] == ["2024-03", "1000명", "12.5%", "300000000원"]
    assert missing == []
    _, missing = figures_supported("1,000명에게 12.5%p", ["1000명, 12.5%"])
    assert [f.raw for f in missing] == ["12.5%p"]


def test_ordinals_name_one_instance() -> None:
    # "청년누리 2단지", "도시철도 3호선", "제7회 축제" name one instance, not the number 2, 3 or 7.
    assert [(f.kind, f.norm) for f in extract_figures("청년누리 2단지와 도시철도 3호선")] == [
        ("ordinal", "2단지"), ("ordinal", "3호선")]
    found, missing = figures_supported("제7회 축제와 제6회 축제", ["7회째 열린 축제", "제5회 축제"])
    assert [f.raw for f in found] == ["제7회"] and [f.raw for f in missing] == ["제6회"]
    assert figures_supported("2단지", ["2호선 강변역"])[1][0].raw == "2단지"


def test_years_named_reads_years_spans_and_fiscal_years_not_amounts() -> None:
    assert years_named("2024회계연도 결산, 2026~2028년 계획, 보도일시: 2025. 3. 4.") == {2024, 2025, 2026, 2027, 2028}
    assert years_named("예산 2,030억 원, 참가자 2030명, 전화 062-613-2024") == set()


def test_years_spoken_of_reads_relative_words_from_the_document_date() -> None:
    assert years_spoken_of("지난해에는 3,150개 업체에 공급됐다.", "", 2023) == {2022}
    assert years_spoken_of("지난해 600명에서 올해 800명으로 늘린다.", "", 2025) == {2024, 2025}
    assert years_spoken_of("내년부터 모든 구로 넓힌다.", "", 2025) == {2026}
    assert years_spoken_of("지난 한 해 41만 건을 상담했다.", "", 2025) == {2024}
    # Compared with last year, the figure is this year's: "전년 대비 12% 늘어난 1,500명".
    assert years_spoken_of("전년 대비 12% 늘어난 1,500명을 뽑는다.", "", 2025) == {2025}
    assert years_spoken_of("지난해보다 이른 더위에 대비해 쉼터를 늘렸다.", "", 2024) == {2024}
    assert years_spoken_of("신청은 2월 20일부터 받는다.", "", 2023) == {2023}  # nothing written: the release's year
    assert years_spoken_of("2024년 실적은 1,200명이었다.", "", 2025) == {2024}
    # A table row is about the years of its header's columns.
    assert years_spoken_of("수송 | 302 | 181", "구분 | 2018년 | 2030년 목표", 2024) == {2018, 2030}
    assert years_spoken_of("신청은 2월부터 받는다.", "", None) == set()  # undated and silent: nothing to judge


def test_figures_supported_rejects_a_different_unit() -> None:
    _, missing = figures_supported("중위소득 150만 원 이하", ["중위소득 150% 이하"])
    assert [f.raw for f in missing] == ["150만 원"]


def test_normalise_query_unifies_writings() -> None:
    assert normalise_query("천 명") == normalise_query("1,000명") == "1000명"
    assert normalise_query("2025. 3. 4.(화) 배포") == "2025년 3월 4일 배포"
    assert normalise_query("24.3. 기준") == normalise_query("2024년 3월 기준")
    assert normalise_query("오후 2시 회의") == "14시 회의"
    assert normalise_query("□ 1. 추진 배경") == "□ 1. 추진 배경"


def test_normalise_query_is_nfc() -> None:
    decomposed = "\u1100\u1161\u11ab"  # 간 as conjoining jamo
    assert normalise_query(decomposed) == "간"


def test_spacing_variants_and_compact() -> None:
    assert "청년 월세 지원" in spacing_variants("청년월세지원")
    assert "청년월세지원" in spacing_variants("청년 월세 지원")
    assert compact(" 청년 월세\n지원 ") == "청년월세지원"


def test_doctests() -> None:
    for module in (core.textnorm, core.korean, core.ages):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__


def test_cached_kiwi_analysis_hands_out_copies() -> None:
    """Sentence splits and morphemes are cached (answers re-analyse the same passages); a caller that
    edits its list must not change what the next caller gets."""
    from core.korean import content_morphemes, split_sentences

    first = content_morphemes("청년 월세를 지원한다")
    first.append("오염")
    assert content_morphemes("청년 월세를 지원한다") == ["청년", "월세", "지원"]
    sentences = split_sentences("첫 문장이다. 둘째 문장이다.")
    sentences.clear()
    assert split_sentences("첫 문장이다. 둘째 문장이다.") == ["첫 문장이다.", "둘째 문장이다."]


def test_no_sentence_starts_with_a_particle() -> None:
    """Kiwi ends a sentence after a closing 「…」 and starts the next with "에 따라": a quoted evidence
    sentence then read "에 따라 지난해 5월 20일 …" in an answer."""
    from core.korean import split_sentences

    text = ("청년이음센터는 시의 첫 전담 기관이다. 「제2차 한빛광역시 청년 기본계획」에 따라 지난해 5월 20일 "
            "동림구에 문을 열었으며, 상담사 12명이 일한다.")
    assert split_sentences(text) == [
        "청년이음센터는 시의 첫 전담 기관이다.",
        "「제2차 한빛광역시 청년 기본계획」에 따라 지난해 5월 20일 동림구에 문을 열었으며, 상담사 12명이 일한다.",
    ]
    # Without a full stop before it, the stray piece joins the sentence it belongs to.
    assert split_sentences("「청년 기본계획」에 따라 문을 열었다.") == ["「청년 기본계획」에 따라 문을 열었다."]
    # Ingestion's one-pass analysis (chunk boundaries, stored sentence tokens) splits the same way.
    from core.korean import analyse_sentences

    spans = analyse_sentences(text)
    assert [text[a:b] for a, b, _ in spans] == split_sentences(text)
    assert spans[1][2][:3] == ["2", "차", "한빛"]  # the bracketed plan's tokens belong to its sentence
