"""What an answer leads with: the sentence that answers (not the headline's restatement), table rows read
with their header and units, and the source document named before what it says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from evaluation.judge import support
from generate.answer import Answerer
from generate.evidence import answer_type_bonus, render_table_row, table_header, table_intro, table_lead_in

BUDGET_PLAN = """# 2025년 디지털혁신과 주요업무계획

작성 부서: 디지털혁신과
작성일: 2025. 1. 15.

## 팀별 예산

(단위: 백만 원)

| 팀 | 2024년 예산 | 2025년 예산 | 집행률 |
|---|---|---|---|
| 디지털정책팀 | 8,260 | 8,900 | 84.0% |
| D-LAB팀 | 4,100 | 5,890 | 91.2% |
"""

FUND_RELEASE = """보도자료
보도일시: 2023. 2. 14.(화) 06:00
한빛시, 2023년 소상공인 경영안정자금 1,800억 원 지원

한빛광역시(시장 윤서진)는 지역 소상공인의 자금 부담을 덜기 위해 총 1,800억 원 규모의 ‘2023년 소상공인 경영안정자금’을 지원한다고 14일 밝혔다.
업체당 한도는 최대 5천만 원이며 시가 2년 동안 이자 2%를 보전한다.
신청은 2월 20일(월)부터 자금이 모두 소진될 때까지 받는다.

담당 부서: 소상공인지원과
"""


@pytest.fixture
def answer_kb(kb: Any, tmp_path: Path) -> Any:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "plan.md").write_text(BUDGET_PLAN, encoding="utf-8")
    (docs / "fund.txt").write_text(FUND_RELEASE, encoding="utf-8")
    assert kb.ingest([docs]).ok
    return kb


def test_table_row_reads_with_its_header_and_units() -> None:
    header = "(단위: 백만 원)\n팀 | 2024년 예산 | 2025년 예산 | 집행률"
    assert render_table_row(header, "D-LAB팀 | 4,100 | 5,890 | 91.2%") == (
        "D-LAB팀: 2024년 예산 4,100백만 원, 2025년 예산 5,890백만 원, 집행률 91.2%.")
    # A column's own unit wins; counts are never given the table's money unit.
    assert render_table_row("(단위: 백만 원)\n구분 | 참여 인원 | 사업비(억 원)", "청년 | 320 | 12") == (
        "청년: 참여 인원 320, 사업비 12억 원.")
    assert render_table_row("구분 | 개편 전 | 개편 후", "하루 평균 이용객(명) | 612,400 | 637,100") == (
        "하루 평균 이용객: 개편 전 612,400명, 개편 후 637,100명.")
    assert render_table_row("a | b", "x | y | z") == "x, y, z", "a header that does not fit is ignored"


def test_a_parenthesis_that_is_no_unit_stays_in_the_column_name() -> None:
    # "(안)" marks a draft budget, "(연간)" a period: appended to the figure they read "870안", "3,200연간".
    header = "(단위: 백만 원)\n사업 | 2025년 예산 | 2026년 예산(안) | 증감"
    assert render_table_row(header, "한빛TV·누리소통망 운영 | 820 | 870 | 50") == (
        "한빛TV·누리소통망 운영: 2025년 예산 820백만 원, 2026년 예산(안) 870백만 원, 증감 50백만 원.")
    assert render_table_row("구분 | 청년 순유출 인원(연간) | 직매립량(톤/일)", "2024년 | 3,200 | 412") == (
        "2024년: 청년 순유출 인원(연간) 3,200, 직매립량 412톤/일.")
    assert render_table_row("구분 | 2024년(도입 전) | 2025년(도입 후)", "처리 시간(분) | 30 | 12") == (
        "처리 시간: 2024년(도입 전) 30분, 2025년(도입 후) 12분.")


def test_evidence_doctests() -> None:
    import doctest

    import generate.evidence

    assert doctest.testmod(generate.evidence).failed == 0


def test_table_header_finds_the_unit_note_and_the_header_line() -> None:
    text = "본문 문장.\n(단위: 억 원)\n사업 | 예산\n가 사업 | 12\n나 사업 | 30"
    assert table_header(text, text.index("나 사업")) == "(단위: 억 원)\n사업 | 예산"
    assert table_header(text, text.index("사업 | 예산")) == "", "the header row has no header above it"
    assert table_header("사업 | 예산\n가 | 1", 8, section="Ⅰ. 사업별 예산(단위: 백만 원)").startswith("Ⅰ.")


def test_two_tables_printed_back_to_back_each_keep_their_own_header() -> None:
    # lab-02's before/after table runs straight into its table of complaint types: the type rows were read as
    # "도입 전(2023년 같은 기간) 187건", so a 2024 question was declined as another year's.
    text = ("구분 | 도입 전(2023년) | 시범 기간(2024년) | 변화\n답변 1건 작성 시간 | 47분 | 21분 | 55.3%\n"
            "민원 유형 | 처리 건수 | 초안 활용 건수 | 초안 활용률\n급여 지급일 | 187건 | 176건 | 94.1%\n"
            "합계 | - | - | -")
    assert table_header(text, text.index("급여 지급일")) == "민원 유형 | 처리 건수 | 초안 활용 건수 | 초안 활용률"
    assert table_header(text, text.index("답변 1건")) == "구분 | 도입 전(2023년) | 시범 기간(2024년) | 변화"
    assert table_header(text, text.index("민원 유형")) == "", "the second table's header has none above it"
    assert table_header(text, text.index("합계")).startswith("민원 유형"), "a dash row is a row, not a header"
    assert table_lead_in(text + "\n", text.index("급여 지급일")).endswith("민원 유형 | 처리 건수 | 초안 활용 건수 | 초안 활용률\n")
    assert table_lead_in(text, text.index("민원 유형")) == "", "a chunk that opens with a header needs no lead-in"


def test_a_chunk_opening_at_a_tables_header_keeps_the_line_introducing_it() -> None:
    # pr-115's chunk opens at "구분 | 중앙구 병원 | 남강구 병원"; the line above says the rows are last year's (2025 in a
    # 2026 release), and without it a 2025 question was declined as asking another year (fresh-45's ry1-009).
    text = "요구가 많았다.\n지난해 두 병원의 진료 현황은 다음과 같다.\n구분 | 중앙구 병원 | 남강구 병원\n평균 대기 시간(분) | 47 | 39\n"
    assert table_lead_in(text, text.index("구분")) == "지난해 두 병원의 진료 현황은 다음과 같다.\n"
    noted = text.replace("다음과 같다.\n", "다음과 같다.\n(단위: 분)\n")
    assert table_lead_in(noted, noted.index("구분")) == "지난해 두 병원의 진료 현황은 다음과 같다.\n(단위: 분)\n"
    chunk = text[text.index("구분"):]
    lead_in = table_lead_in(text, text.index("구분"))
    assert table_intro(lead_in + chunk, len(lead_in) + chunk.index("평균")) == "지난해 두 병원의 진료 현황은 다음과 같다."


def test_table_intro_is_the_prose_line_above_the_header() -> None:
    text = "□ 지원 청년\n지난해 지원 청년을 나이대별로 보면 다음과 같다.\n(단위: 명)\n구분 | 인원\n19~24세 | 312\n25~29세 | 604"
    assert table_intro(text, text.index("25~29세")) == "지난해 지원 청년을 나이대별로 보면 다음과 같다."
    assert table_intro("구분 | 인원\n19~24세 | 312", 9) == "", "a table opening the text has no intro"
    assert table_intro("- 항목\n구분 | 인원\n가 | 1", 14) == "- 항목"


def test_answer_leads_with_the_answering_sentence_not_the_headline(answer_kb: Any) -> None:
    answer = Answerer(answer_kb).ask("2023년 소상공인 경영안정자금 신청은 언제부터 받았나요?", generator="extractive")
    assert not answer.refused
    assert "2월 20일(월)부터" in answer.sentences[0].text, answer.text


def test_table_answer_states_units_and_cites_the_exact_row(answer_kb: Any) -> None:
    answer = Answerer(answer_kb).ask("D-LAB팀의 2025년 예산은 얼마야?", generator="extractive")
    assert not answer.refused
    assert "2025년 예산 5,890백만 원" in answer.sentences[0].text, "the row, read with its units, answers 얼마"
    row = next(c for c in answer.citations if "D-LAB팀" in c.quote)
    assert answer_kb.manifest.document_text(row.doc_id)[row.start:row.end] == row.quote == (
        "D-LAB팀 | 4,100 | 5,890 | 91.2%")
    assert row.context == "(단위: 백만 원)\n팀 | 2024년 예산 | 2025년 예산 | 집행률"


def test_first_sentence_from_each_document_names_it_and_stays_supported(answer_kb: Any) -> None:
    answer = Answerer(answer_kb).ask("2023년 소상공인 경영안정자금 신청은 언제부터 받았나요?", generator="extractive")
    first = answer.sentences[0]
    cited = next(c for c in answer.citations if c.n == first.citations[0])
    assert first.text.startswith(f"「{cited.title}」(") and "2023년 2월 14일)에 따르면," in first.text
    by_doc = [next(c.doc_id for c in answer.citations if c.n == s.citations[0]) for s in answer.sentences]
    named = [s.text.startswith("「") for s in answer.sentences]
    assert named == [doc not in by_doc[:i] for i, doc in enumerate(by_doc)], "named once per document"
    for s in answer.sentences:
        quotes = [c.evidence_text() for c in answer.citations if c.n in s.citations]
        assert support(s.text, quotes).supported, s.text
        assert not support(s.text, [c.quote for c in answer.citations if c.n in s.citations]).supported or \
            not s.text.startswith("「"), "the attribution is vouched for by the citation's metadata, not the quote"


def test_announcement_date_is_not_what_a_when_question_asks() -> None:
    lead = "한빛광역시는 경영안정자금을 지원한다고 14일 밝혔다."
    assert answer_type_bonus("신청은 언제부터 받나요?", lead) < 0
    assert answer_type_bonus("신청은 언제부터 받나요?", "신청은 2월 20일(월)부터 받는다.") > 0
    # A bare year does not say from when; it does answer a plain "언제".
    assert answer_type_bonus("신청 기간은 언제부터 언제까지?", "중앙구: 2024년 지원 인원 270명.") < 0
    assert answer_type_bonus("3호선은 언제 개통해?", "3호선은 2027년 개통한다.") > 0


def _release(doc_id: str, day: str, text: str, score: float) -> Any:
    import datetime as dt

    from core.types import Chunk, DocumentMeta, Hit

    meta = DocumentMeta(doc_id=doc_id, title=f"보도자료 {doc_id}", date=dt.date.fromisoformat(day),
                        source_path=f"{doc_id}.txt")
    return Hit(chunk=Chunk(chunk_id=f"{doc_id}-0", doc_id=doc_id, text=text, start=0, end=len(text)),
               doc=meta, score=score)


LATEST_HITS = [
    _release("shelter-2023", "2023-06-08", "올해 무더위쉼터는 모두 1,180곳을 운영한다.", 0.80),
    _release("shelter-2024", "2024-05-28", "올해 무더위쉼터를 1,260곳으로 늘려 운영한다.", 0.78),
    # Newer, but another topic that retrieval ranked far lower: it must not lead a "latest" answer.
    _release("insurance-2026", "2026-01-20", "고용보험료 지원 사업장은 모두 3,000곳으로 운영한다.", 0.45),
]


def test_a_latest_question_leads_with_the_newest_relevant_document() -> None:
    from generate.evidence import recency_bonus, select_evidence

    question = "무더위쉼터는 가장 최근 기준으로 몇 곳이야?"
    bonus = recency_bonus(question, LATEST_HITS)
    assert "insurance-2026" not in bonus  # best hit 0.45 < 0.8 × 0.80
    assert bonus["shelter-2024"] > bonus["shelter-2023"] > 0
    assert recency_bonus("2023년 무더위쉼터는 몇 곳이야?", LATEST_HITS) == {}  # not a "latest" question
    evidence = select_evidence(question, LATEST_HITS)
    assert evidence[0].hit.doc.doc_id == "shelter-2024" and "1,260곳" in evidence[0].text


# A table longer than a chunk: its later rows sit in chunks that open inside the table, under no header line.
DISTRICTS = [f"{name}동" for name in ("명륜", "대흥", "신암", "효자", "청운", "삼청", "계동", "원서", "봉익", "훈정",
                                      "인의", "낙원", "관철", "관수", "장사", "수표", "묵정", "필동", "예장", "회현",
                                      "남창", "북창", "태평", "순화", "의주", "충정", "만리", "청파", "효창", "용문")]
LONG_TABLE = "# 2025년 동별 청년 월세 배정 계획\n\n작성 부서: 청년정책과\n작성일: 2025. 2. 10.\n\n## 동별 배정\n\n" + \
    "| 행정동 | 2024년 지원 인원(명) | 2025년 배정 인원(명) |\n|---|---|---|\n" + \
    "".join(f"| {name} | {100 + i} | {300 + 7 * i} |\n" for i, name in enumerate(DISTRICTS))


@pytest.fixture
def table_kb(kb: Any, tmp_path: Path) -> Any:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "districts.md").write_text(LONG_TABLE, encoding="utf-8")
    assert kb.ingest([docs]).ok
    return kb


def test_a_row_in_a_chunk_that_opens_inside_a_table_is_read_under_the_tables_header(table_kb: Any) -> None:
    last = DISTRICTS[-1]
    chunk = next(c for c in table_kb.manifest.doc_chunks(next(iter(table_kb.document_metas())))
                 if f"{last} | " in c.text)
    assert "행정동" not in chunk.text, "the fixture must put the row in a chunk without the header line"
    answer = Answerer(table_kb).ask(f"{last}의 2025년 배정 인원은 몇 명이야?", generator="extractive")
    row = next(c for c in answer.citations if last in c.quote)
    assert row.context == "행정동 | 2024년 지원 인원(명) | 2025년 배정 인원(명)"
    assert f"{last}: 2024년 지원 인원 129명, 2025년 배정 인원 503명." in answer.text


def test_a_figure_read_under_another_years_column_is_not_supported() -> None:
    from generate.answer import align
    from generate.types import Citation

    row = Citation(n=1, chunk_id="c", doc_id="d", title="어르신 일자리 계획", source_path="p.md", start=0, end=1,
                   quote="사회서비스형 | 4,700 | 5,800 | 1,100", context="유형 | 2024년(개) | 2025년(개) | 증감(개)")
    assert not align("2024년 사회서비스형 일자리는 5,800개였습니다.", [row], 0.6).supported, "5,800 is 2025's"
    assert align("2025년 사회서비스형 일자리는 5,800개였습니다.", [row], 0.6).citations == [1]
    assert align("사회서비스형 일자리는 2024년 4,700개에서 2025년 5,800개로 1,100개 늘었습니다.", [row], 0.6).supported
    assert align("사회서비스형 일자리는 5,800개입니다.", [row], 0.6).supported, "a figure under no year is not judged"


def test_binding_doctests() -> None:
    import doctest

    import generate.binding

    assert doctest.testmod(generate.binding).failed == 0


def test_a_figure_pinned_to_a_year_its_passage_does_not_speak_of_is_not_supported() -> None:
    import datetime as dt

    from generate.answer import align
    from generate.types import Citation

    release = Citation(n=1, chunk_id="c", doc_id="d", title="청년 월세 지원, 2025년까지 3천 명으로", source_path="p.txt",
                       date=dt.date(2024, 2, 20), start=0, end=1,
                       quote="올해 배정 인원은 중앙구 270명, 동림구 310명, 서하구 240명이다.")
    assert not align("2025년 동림구 배정 인원은 310명입니다.", [release], 0.6).supported, "올해 is 2024 here"
    assert align("2024년 동림구 배정 인원은 310명입니다.", [release], 0.6).supported
    assert align("동림구 배정 인원은 310명입니다.", [release], 0.6).supported, "a sentence naming no year"
    undated = release.model_copy(update={"quote": "배정 인원은 중앙구 270명, 동림구 310명, 서하구 240명이다.",
                                         "title": "2025년 청년 월세 지원 배정 계획"})
    assert align("2025년 동림구 배정 인원은 310명입니다.", [undated], 0.6).supported, \
        "a passage naming no year is not judged: a plan's sentences speak of the years it plans"


def test_a_model_sentence_reading_another_years_column_gives_way_to_the_row_itself(answer_kb: Any) -> None:
    from tests.test_answers import ScriptedModel

    model = ScriptedModel("2024년 D-LAB팀 예산은 5,890백만 원입니다.")  # 5,890 is the 2025 column's
    answer = Answerer(answer_kb, model).ask("D-LAB팀의 2024년 예산은 얼마야?", generator="embedded")
    assert not answer.refused
    assert "2024년 D-LAB팀 예산은 5,890백만 원" not in answer.text
    assert "D-LAB팀: 2024년 예산 4,100백만 원, 2025년 예산 5,890백만 원" in answer.text, answer.text


def test_each_line_of_a_model_reply_is_a_claim_checked_on_its_own(kb: Any, tmp_path: Path) -> None:
    from tests.test_answers import ScriptedModel

    docs = tmp_path / "solar"
    docs.mkdir()
    (docs / "plan.md").write_text(
        "# 한빛시 탄소중립 기본계획\n\n작성 부서: 기후환경정책과\n작성일: 2024. 6. 25.\n\n## 에너지 전환\n\n"
        "태양광 발전 설비를 2023년 누적 238MW에서 2030년 620MW까지 늘린다.\n", encoding="utf-8")
    assert kb.ingest([docs]).ok
    model = ScriptedModel("2023년: 238MW\n2024년: 620MW")  # 620MW is the 2030 target, not 2024's capacity
    answer = Answerer(kb, model).ask("태양광 발전 용량은 2023년과 2024년에 얼마였어?", generator="embedded")
    assert any(s.text.endswith("2023년: 238MW") for s in answer.sentences), answer.text
    assert "2024년: 620MW" not in answer.text


def test_a_model_sentence_reading_another_rows_figure_is_dropped(table_kb: Any) -> None:
    from tests.test_answers import ScriptedModel

    neighbour = 300 + 7 * 2  # 신암동's 2025 allocation, one row below 대흥동's 307
    model = ScriptedModel(f"2025년 대흥동 배정 인원은 {neighbour}명입니다.")
    answer = Answerer(table_kb, model).ask("대흥동의 2025년 배정 인원은 몇 명이야?", generator="embedded")
    assert f"대흥동 배정 인원은 {neighbour}명" not in answer.text, answer.text
    assert "대흥동: 2024년 지원 인원 101명, 2025년 배정 인원 307명." in answer.text


def test_a_row_cited_alone_is_checked_against_the_rows_beside_it_among_the_sources() -> None:
    from generate.answer import align
    from generate.types import Citation

    header = "구 | 2024년 지원 인원(명) | 2025년 배정 인원(명)"
    rows = [Citation(n=i + 1, chunk_id="c", doc_id="d", title="2025년 청년정책 시행계획", source_path="p.md",
                     start=0, end=1, quote=quote, context=header)
            for i, quote in enumerate(["동림구 | 310 | 620", "북산구 | 325 | 650"])]
    assert not align("2025년 동림구 배정 인원은 650명입니다.", rows, 0.6).supported, "650 is 북산구's"
    assert align("2025년 동림구 배정 인원은 620명입니다.", rows, 0.6).citations == [1]
    assert align("2025년 북산구 배정 인원은 650명입니다.", rows, 0.6).citations == [2]


APP_RELEASE = """보도자료
보도일시: 2023. 6. 20.(화) 06:00
한빛시, 모바일 민원 앱 ‘한빛 민원24’ 전면 개편

한빛광역시(시장 윤서진)는 모바일 민원 앱 ‘한빛 민원24’를 전면 개편해 7월 1일부터 서비스한다고 20일 밝혔다.
앱 개편으로 휴대폰에서 바로 발급받을 수 있는 전자증명서가 18종에서 60종으로 늘어난다.
개편 사업에는 시비 6억 8천만 원이 들었으며, 9개월간 구축과 시험 운영을 거쳤다.
개편 이후 앱 누적 내려받기는 32만 건을 넘었다.

담당 부서: 민원봉사과
"""


def test_a_glossary_equivalent_of_a_question_term_counts_for_the_sentence(kb: Any, tmp_path: Path) -> None:
    # "시 예산" is what the release calls "시비" (index/glossary_ko.txt): the sentence giving it answers.
    from generate.evidence import coverage, question_equivalents

    assert "시비" in question_equivalents("앱 개편에 시 예산은 얼마나 들어갔어?", kb)["예산"]
    assert coverage(["예산"], "시비 6억 원", equivalents={"예산": ("시비",)}) == 1.0
    assert coverage(["예산"], "시비 6억 원") == 0.0
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "app.txt").write_text(APP_RELEASE, encoding="utf-8")
    assert kb.ingest([docs]).ok
    answer = Answerer(kb).ask("민원24 앱 싹 바꿀 때 시 예산은 얼마나 썼어?", generator="extractive")
    assert not answer.refused and "6억 8천만 원" in answer.sentences[0].text, answer.text


FEE_TABLE = """# 대형폐기물 배출 신고와 수수료 안내

작성 부서: 자원순환과
작성일: 2025. 4. 1.

## 품목별 수수료

| 품목 | 규격 | 수수료(원) |
|---|---|---|
| 장롱 | 높이 180cm 이상(한 짝) | 10,000 |
| 장롱 | 높이 180cm 미만(한 짝) | 6,000 |
| 침대 | 2인용 이상(매트리스 포함) | 15,000 |
| 침대 | 1인용(매트리스 포함) | 10,000 |
| 소파 | 3인용 이상 | 12,000 |
| 소파 | 1~2인용 | 6,000 |
"""


def test_a_word_the_analyser_breaks_into_syllables_still_finds_its_row(kb: Any, tmp_path: Path) -> None:
    from core.korean import content_morphemes, question_morphemes

    question = "세 사람 앉는 큰 소파 내다 버리려면 수수료 얼마 내야 돼요?"
    assert "소파" not in content_morphemes(question), "Kiwi must still split it for this test to mean anything"
    assert "소파" in question_morphemes(question)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "fees.md").write_text(FEE_TABLE, encoding="utf-8")
    assert kb.ingest([docs]).ok
    answer = Answerer(kb).ask(question, generator="extractive")
    assert not answer.refused
    assert "소파" in answer.citations[0].quote and "12,000" in answer.text
