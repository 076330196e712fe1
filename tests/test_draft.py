"""House-style drafting without a model: brief schema, style profile, template drafter, figure guard, slots."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from evaluation.metrics import brief_figure_coverage, figure_fidelity
from generate.draft.brief import BriefError, load_brief, parse_brief
from generate.draft.derive import derive_style, release_texts
from generate.draft.drafter import Drafter
from generate.draft.guard import FigureGuard
from generate.draft.korean import headline_phrase, house_date, lead_clause, topic_particle
from generate.draft.slots import SlotTable
from generate.draft.style import check_text, load_style, split_parts, structure_ok

REPO = Path(__file__).resolve().parents[1]
BRIEFS = sorted((REPO / "corpus" / "eval" / "briefs").glob("*.yaml"))
REFERENCES = sorted((REPO / "corpus" / "eval" / "references").glob("*.txt"))

BRIEF = {
    "id": "t-01", "topic": "청년 월세 지원 대상 확대", "department": "청년정책과",
    "contact": {"team": "청년주거팀", "people": "팀장 김하늘, 주무관 이도윤", "phone": "070-7120-3412"},
    "release_date": "2025-03-04", "release_time": 360, "embargo": True,
    "key_facts": ["지원 대상을 1,500명에서 3,000명으로 늘린다.", "소득 기준을 중위소득 150% 이하로 완화한다.",
                  "신청은 3월 10일(월)부터 ‘한빛청년포털’에서 받는다.", "올해 예산은 72억 원이다."],
    "quote": {"speaker": "윤서진 시장", "points": ["청년이 떠나지 않는 도시를 만들겠다", "주거 부담을 덜겠다"]},
}


@pytest.fixture(scope="module")
def style():  # type: ignore[no-untyped-def]
    return load_style()


def test_brief_schema_reads_yaml_time_and_rejects_missing_fields(tmp_path: Path) -> None:
    brief = parse_brief(BRIEF)
    assert brief.release_time == "06:00"  # YAML's sexagesimal 360 is 06:00
    assert brief.release_at == dt.datetime(2025, 3, 4, 6, 0)
    bad = tmp_path / "bad.yaml"
    bad.write_text("topic: 제목만 있음\n", encoding="utf-8")
    with pytest.raises(BriefError, match="department: 필수 항목입니다") as missing:
        load_brief(bad)
    assert "Field required" not in str(missing.value) and str(bad) in str(missing.value)
    with pytest.raises(BriefError, match="release_date: 올바른 날짜"):
        parse_brief({**BRIEF, "release_date": "2025-02-30"})


@pytest.mark.parametrize("path", BRIEFS, ids=lambda p: p.stem)
def test_every_corpus_brief_loads(path: Path) -> None:
    brief = load_brief(path)
    assert brief.key_facts and brief.department


def test_korean_rules() -> None:
    assert house_date(dt.date(2026, 1, 27)) == "2026. 1. 27.(화)"
    assert topic_particle("윤서진 시장") == "은" and topic_particle("김도현 디지털혁신과장") == "은"
    assert topic_particle("교통정책국장") == "은" and topic_particle("대변인") == "은"
    assert topic_particle("안전실장") == "은" and topic_particle("관광진흥과 과장") == "은"
    assert topic_particle("박지호") == "는"
    assert lead_clause("사업비는 7억 2천만 원이다.") == "사업비는 7억 2천만 원이라"
    assert lead_clause("2028년 12월 준공이 목표다.") == "2028년 12월 준공이 목표라"
    assert lead_clause("참여 인원을 900명으로 늘린다.") == "참여 인원을 900명으로 늘린다"
    assert headline_phrase("참여기업은 230곳을 선정했다.") == "참여기업 230곳 선정"
    assert headline_phrase("구인·구직 플랫폼 ‘한빛잡’이 3월 4일(수) 문을 연다.") == "구인·구직 플랫폼 ‘한빛잡’ 3월 4일 문 열어"
    assert headline_phrase("신청은 2월 2일부터 2월 20일까지 받는다.") == "신청 2월 2일부터 2월 20일까지 받아"


def test_profile_is_derived_from_the_archive_not_hardcoded() -> None:
    texts = release_texts(REPO / "corpus" / "source")
    assert len(texts) >= 10
    profile = derive_style(texts)
    assert profile.lead.subject == "한빛광역시(시장 윤서진)는"
    assert profile.closing.startswith("※ 이 보도자료는")
    assert profile.stats["lead_formula_share"] > 0.8
    changed = [t.replace("한빛광역시(시장 윤서진)는", "우리시(시장 홍길동)는") for t in texts]
    assert derive_style(changed).lead.subject == "우리시(시장 홍길동)는"
    assert "홍길동" in derive_style(changed).fixed_names


@pytest.mark.parametrize("path", REFERENCES, ids=lambda p: p.stem)
def test_hand_written_references_conform_to_the_profile(path: Path, style) -> None:  # type: ignore[no-untyped-def]
    """The profile and the part reader agree with the people who write releases (held-out references)."""
    text = path.read_text(encoding="utf-8")
    assert structure_ok(text, style), check_text(text, style)


def test_checker_finds_missing_and_misordered_parts(style) -> None:  # type: ignore[no-untyped-def]
    text = Drafter(None, style=style).draft(parse_brief(BRIEF)).release.to_text(style)
    assert structure_ok(text, style)
    no_quote = "\n".join(line for line in text.split("\n") if "말했다" not in line)
    assert [i.part for i in check_text(no_quote, style) if i.code == "structure.missing"] == ["quote"]
    lines = text.split("\n")
    contact_first = "\n".join([*lines[:3], lines[-2], *lines[3:-2], *lines[-1:]])
    assert any(i.code == "structure.order" for i in check_text(contact_first, style))


@pytest.mark.parametrize("path", BRIEFS, ids=lambda p: p.stem)
def test_template_draft_is_complete_correct_and_in_house_order(path: Path, style) -> None:  # type: ignore[no-untyped-def]
    brief = load_brief(path)
    result = Drafter(None, style=style).draft(brief)
    text = result.release.to_text(style)
    assert structure_ok(text, style), result.style_issues
    assert [p.name for p in split_parts(text, style) if p.name != "body"][:3] == ["label", "dateline",
                                                                                  "embargo" if brief.embargo else "headline"]
    assert brief_figure_coverage(brief.key_facts, text) == 1.0
    assert figure_fidelity(text, brief.source_texts()).invented == []
    assert result.flags == [] and result.generator == "template"


def test_style_is_changed_by_editing_data(style) -> None:  # type: ignore[no-untyped-def]
    edited = style.model_copy(deep=True)
    edited.closing = "※ 문의는 대변인실로 해 주십시오."
    edited.quote.two_parts = "{speaker}{particle} “{first}. {second}”라고 강조했다."
    edited.quote.pattern = r"라고 강조했다\.$"
    text = Drafter(None, style=edited).draft(parse_brief(BRIEF)).release.to_text(edited)
    assert text.endswith("※ 문의는 대변인실로 해 주십시오.")
    assert "라고 강조했다." in text and structure_ok(text, edited)
    assert not structure_ok(text, style)  # the old profile no longer recognises the quote or the closing


def test_guard_matches_normalised_figures_and_flags_the_rest() -> None:
    brief = parse_brief(BRIEF)
    guard = FigureGuard(brief.source_texts(), fixed_names=["한빛광역시", "윤서진"], release=brief.release_date)
    assert guard.check("지원 대상은 3천 명으로 늘고 예산은 72억 원이다.") == []
    found = {(f.kind, f.raw) for f in guard.check("예산 5억 원, 신청은 3월 10일(화)부터, 서울시와 함께 {F9}")}
    assert ("amount", "5억 원") in found
    assert ("weekday", "3월 10일(화)") in found  # 10 March 2025 is a Monday
    assert ("name", "서울시") in found
    assert ("slot", "{F9}") in found


def test_slots_round_trip_and_share_numbers() -> None:
    slots = SlotTable()
    masked = slots.mask("지원 대상을 1,500명에서 3,000명으로 늘리고 1,500명은 유지")
    assert masked == "지원 대상을 {F1}에서 {F2}으로 늘리고 {F1}은 유지"
    assert slots.fill("{F2} 확대, {F 1} 유지, {F7}") == "3,000명 확대, 1,500명 유지, {F7}"
