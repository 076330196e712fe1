"""The LLM section path with a scripted model: slot filling, guard, retry with feedback, drop/flag, coverage,
time budget. The real embedded model is exercised by ``benchmarks/drafts.py`` (marker ``llm`` below)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from evaluation.metrics import brief_figure_coverage, figure_fidelity
from generate.draft.brief import parse_brief
from generate.draft.drafter import Drafter
from generate.draft.style import load_style, structure_ok
from tests.test_draft import BRIEF

Reply = Callable[[str, str], dict[str, Any]]  # (section name, user message) → JSON reply


class ScriptedChat:
    """Answers each section prompt from a script; records every prompt it saw."""

    name = "scripted"
    tokens_per_second = 1000.0  # a fast stand-in: the time budget never cuts it short

    def __init__(self, reply: Reply) -> None:
        self.reply = reply
        self.calls: list[tuple[str, str]] = []

    def stream(self, messages: Sequence[dict[str, str]], *, max_tokens: int = 256, temperature: float = 0.1,
               json_schema: dict[str, object] | None = None) -> Iterator[str]:
        assert json_schema is not None, "every section call is constrained to a JSON schema"
        section = _section(json_schema)
        user = messages[-1]["content"]
        self.calls.append((section, user))
        text = json.dumps(self.reply(section, user), ensure_ascii=False)
        for i in range(0, len(text), 7):
            yield text[i:i + 7]


def _section(schema: dict[str, object]) -> str:
    props = schema["properties"]
    assert isinstance(props, dict)
    return "headline" if "headline" in props else "body" if "paragraph" in props else "quote"


def good(section: str, user: str) -> dict[str, Any]:
    if section == "headline":
        return {"headline": "한빛시, 청년 월세 지원 {F2}으로 확대", "subheadlines": ["소득 기준 중위소득 {F3} 이하로 완화"]}
    if section == "body":  # what the embedded model does at best: the masked facts, joined
        facts = [line[2:] for line in user.split("[사실]\n", 1)[1].split("\n\n", 1)[0].split("\n")]
        return {"paragraph": " ".join(facts)}
    return {"first": "청년이 떠나지 않는 도시를 꼭 만들겠다", "second": "윤서진 시장은 주거 부담을 덜겠다"}


@pytest.fixture(scope="module")
def style():  # type: ignore[no-untyped-def]
    return load_style()


def test_sections_use_slots_and_keep_brief_figures(style) -> None:  # type: ignore[no-untyped-def]
    model = ScriptedChat(good)
    brief = parse_brief(BRIEF)
    result = Drafter(None, model, style).draft(brief)
    text = result.release.to_text(style)
    assert result.generator == "scripted"
    assert result.release.headline == "한빛시, 청년 월세 지원 3,000명으로 확대"  # {F2} filled from the brief
    assert "{F" not in text and result.flags == []
    assert structure_ok(text, style)
    assert brief_figure_coverage(brief.key_facts, text) == 1.0
    assert all("1,500명" not in user for _, user in model.calls), "the model sees slots, never raw figures"


def test_invented_figure_is_retried_then_dropped_and_flagged(style) -> None:  # type: ignore[no-untyped-def]
    def invents(section: str, user: str) -> dict[str, Any]:
        if section == "body":
            return {"paragraph": "소득 기준을 중위소득 {F3} 이하로 완화한다. 예산 5억 원을 더 투입한다."}
        return good(section, user)

    model = ScriptedChat(invents)
    brief = parse_brief(BRIEF)
    result = Drafter(None, model, style).draft(brief)
    text = result.release.to_text(style)
    body_calls = [user for section, user in model.calls if section == "body"]
    assert len(body_calls) == 2 and "5억 원" in body_calls[1], "one retry that names the problem"
    assert "5억 원" not in text
    assert {(f.raw, f.action) for f in result.flags} >= {("5억 원", "dropped")}
    assert {f.action for f in result.flags} == {"dropped"}
    assert "소득 기준을 중위소득 150% 이하로 완화한다. 예산" not in text
    assert "소득 기준을 중위소득 150% 이하로 완화한다." in text, "the sound sentence of the paragraph is kept"
    assert figure_fidelity(text, brief.source_texts()).invented == []


def test_keep_flagged_marks_instead_of_dropping(style) -> None:  # type: ignore[no-untyped-def]
    def invents(section: str, user: str) -> dict[str, Any]:
        return {"paragraph": "예산 5억 원을 투입한다."} if section == "body" else good(section, user)

    result = Drafter(None, ScriptedChat(invents), style, keep_flagged=True).draft(parse_brief(BRIEF))
    assert "5억 원" in result.release.to_text(style)
    assert ("5억 원", "marked") in {(f.raw, f.action) for f in result.flags}
    assert {f.action for f in result.flags} == {"marked"}


def test_dropped_figures_come_back_from_the_brief(style) -> None:  # type: ignore[no-untyped-def]
    def vague(section: str, user: str) -> dict[str, Any]:
        return {"paragraph": "시는 청년 지원을 크게 넓힌다."} if section == "body" else good(section, user)

    brief = parse_brief(BRIEF)
    result = Drafter(None, ScriptedChat(vague), style).draft(brief)
    assert brief_figure_coverage(brief.key_facts, result.release.to_text(style)) == 1.0


def test_unsupported_sentence_is_dropped_even_without_a_figure(style) -> None:  # type: ignore[no-untyped-def]
    def adds_claim(section: str, user: str) -> dict[str, Any]:
        if section == "body":
            reply = good(section, user)
            return {"paragraph": reply["paragraph"] + " 이 사업은 전국 최초로 시행된다."}
        return good(section, user)

    result = Drafter(None, ScriptedChat(adds_claim), style).draft(parse_brief(BRIEF))
    assert "전국 최초" not in result.release.to_text(style)
    assert [f.kind for f in result.flags] == ["unsupported"]


def test_headline_with_bad_figure_falls_back_to_template(style) -> None:  # type: ignore[no-untyped-def]
    def bad_head(section: str, user: str) -> dict[str, Any]:
        if section == "headline":
            return {"headline": "한빛시, 청년 월세 5,000명 지원", "subheadlines": ["예산 90억 원"]}
        return good(section, user)

    result = Drafter(None, ScriptedChat(bad_head), style).draft(parse_brief(BRIEF))
    assert "5,000명" not in result.release.headline
    assert {f.action for f in result.flags} == {"replaced"}
    assert result.generator == "scripted+template"


def test_broken_json_and_no_time_left_fall_back(style) -> None:  # type: ignore[no-untyped-def]
    class Broken(ScriptedChat):
        def stream(self, messages: Sequence[dict[str, str]], **kwargs: Any) -> Iterator[str]:
            self.calls.append(("?", messages[-1]["content"]))
            yield "제목: 좋은 소식입니다"

    brief = parse_brief(BRIEF)
    broken = Broken(good)
    result = Drafter(None, broken, style).draft(brief)
    assert result.generator == "scripted→template" and len(broken.calls) >= 2
    assert structure_ok(result.release.to_text(style), style)
    idle = ScriptedChat(good)
    result = Drafter(None, idle, style, time_budget_s=0).draft(brief)
    assert idle.calls == [] and result.generator == "scripted→template"
    slow = ScriptedChat(good)
    slow.tokens_per_second = 1.0  # 20 s for the prompt, 80 s for a headline: nothing fits in 75 s
    assert Drafter(None, slow, style).draft(brief).generator == "scripted→template" and slow.calls == []


@pytest.mark.llm
@pytest.mark.slow
def test_embedded_model_draft_is_guarded(style) -> None:  # type: ignore[no-untyped-def]
    from core.settings import Settings
    from generate.backends import make_chat_model

    try:
        model = make_chat_model(Settings(), "embedded")
    except Exception as exc:
        pytest.skip(f"embedded LLM weights absent: {exc}")
    brief_path = Path(__file__).resolve().parents[1] / "corpus" / "eval" / "briefs" / "b-a-01.yaml"
    from generate.draft.brief import load_brief

    brief = load_brief(brief_path)
    result = Drafter(None, model, style).draft(brief)
    text = result.release.to_text(style)
    assert structure_ok(text, style)
    marked = {f.raw for f in result.flags if f.action == "marked"}
    assert [r for r in figure_fidelity(text, brief.source_texts()).invented if r not in marked] == []
    assert result.timings["total"] <= 90
