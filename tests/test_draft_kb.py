"""Drafting against a real (hashing-embedder) knowledge base: exemplars respect access, background is cited,
summaries and explainers cite exact passages, exports round-trip through the ingest parsers, CLI, eval."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from core.types import AccessLevel, SearchFilters
from generate.draft.brief import parse_brief
from generate.draft.drafter import Drafter
from generate.draft.export import export, export_text
from generate.draft.release import FlaggedFigure
from generate.draft.style import load_style
from generate.draft.summarize import Summarizer, SummaryError, explainer_from_brief
from tests.conftest import RELEASE
from tests.test_draft import BRIEF

SECRET = """보도자료
보도일시: 2025. 2. 1.(토) 06:00
한빛시, 청년 월세 지원 4천 명 확대 검토
- 내부 검토안: 예산 협의 중

한빛광역시(시장 윤서진)는 청년 월세 지원 대상을 4,000명까지 늘리는 방안을 검토한다고 1일 밝혔다.
청년 월세 지원 예산은 96억 원으로 잡았다.

윤서진 시장은 “청년 월세 지원을 더 넓히겠다”라며 “예산을 확보하겠다”고 말했다.

담당 부서: 청년정책과 청년주거팀
담당자: 팀장 김하늘
연락처: 070-7120-3412
"""
PUBLIC = RELEASE
# Metadata through the sidecar file (the ingest pipeline's documented way for any format).
SIDECAR = [
    {"file": "pr-public.txt", "title": "한빛시, 청년 월세 지원 대상 3천 명으로 확대", "date": "2025-03-04",
     "department": "청년정책과", "type": "press_release", "access": "public"},
    {"file": "pr-secret.txt", "title": "한빛시, 청년 월세 지원 비공개 검토안", "date": "2025-02-01",
     "department": "청년정책과", "type": "press_release", "access": "internal"},
]


@pytest.fixture
def draft_kb(kb: Any, tmp_path: Path) -> Any:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "pr-public.txt").write_text(PUBLIC, encoding="utf-8")
    (docs / "pr-secret.txt").write_text(SECRET, encoding="utf-8")
    (docs / "_metadata.jsonl").write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in SIDECAR),
                                          encoding="utf-8")
    assert kb.ingest([docs]).ok
    return kb


def test_exemplars_and_background_respect_access(draft_kb: Any) -> None:
    brief = parse_brief(BRIEF | {"background_doc_ids": ["pr-public", "pr-secret"]})
    metas = draft_kb.document_metas()
    secret = next(d for d, m in metas.items() if m.access == AccessLevel.INTERNAL)
    public = Drafter(draft_kb).draft(brief, SearchFilters())
    assert public.exemplars and secret not in public.exemplars
    assert public.background and all(c.doc_id != secret for c in public.background)
    staff = Drafter(draft_kb).draft(brief, SearchFilters(clearance=AccessLevel.INTERNAL))
    assert secret in staff.exemplars
    for c in public.background:  # background is cited like an answer: the exact passage
        assert draft_kb.manifest.document_text(c.doc_id)[c.start:c.end] == c.quote


def test_summary_cites_every_sentence_exactly(draft_kb: Any) -> None:
    summary = Summarizer(draft_kb).summarize(["pr-public"], "short")
    assert summary.sentences and all(s.citations for s in summary.sentences)
    numbers = {c.n for c in summary.citations}
    for s in summary.sentences:
        assert set(s.citations) <= numbers
    for c in summary.citations:
        assert draft_kb.manifest.document_text(c.doc_id)[c.start:c.end] == c.quote
        assert c.chunk_id in draft_kb.manifest.chunk_ids(c.doc_id)
    assert "[1]" in summary.text


def test_summary_and_explainer_refuse_documents_beyond_clearance(draft_kb: Any) -> None:
    with pytest.raises(SummaryError):
        Summarizer(draft_kb).summarize(["pr-secret"], "short", SearchFilters())
    explainer = Summarizer(draft_kb).explain(["pr-secret"], "medium", SearchFilters(clearance=AccessLevel.INTERNAL))
    headings = [s.heading for s in explainer.sections]
    assert headings[0] == "무엇이 달라지나요?" and headings[-1] == "문의"
    assert "연락처: 070-7120-3412" in explainer.text


def test_explainer_from_brief_places_each_fact_once() -> None:
    explainer = explainer_from_brief(parse_brief(BRIEF))
    texts = [s.text for s in explainer.sentences]
    assert sorted(t for t in texts if not t.startswith(("담당", "연락처"))) == sorted(BRIEF["key_facts"])
    assert "‘한빛청년포털’" in " ".join(s.text for sec in explainer.sections if "언제" in sec.heading
                                       for s in sec.sentences)


@pytest.mark.parametrize("fmt", ["md", "hwpx", "docx"])
def test_exports_round_trip_through_the_ingest_parsers(fmt: str, tmp_path: Path) -> None:
    from ingest.parsers import parse_file

    style = load_style()
    result = Drafter(None, style=style).draft(parse_brief(BRIEF))
    result.release.body.append("예산 5억 원을 더 투입한다.")
    result.flags.append(FlaggedFigure(section="body", raw="5억 원", kind="amount", norm="500000000원",
                                      sentence="예산 5억 원을 더 투입한다.", reason="자료에 없음", action="marked"))
    path = export(result, fmt, tmp_path / f"draft.{fmt}", style)
    parsed = parse_file(path).text
    for line in result.release.to_text(style).split("\n"):
        if line.strip():
            assert line.replace("5억 원", "【확인 필요: 5억 원】") in parsed
    assert "【확인 필요: 5억 원】" in parsed


def test_docx_and_hwpx_highlight_flagged_figures(tmp_path: Path) -> None:
    import zipfile

    from docx import Document

    result = Drafter(None).draft(parse_brief(BRIEF))
    result.release.body.append("예산 5억 원을 더 투입한다.")
    result.flags.append(FlaggedFigure(section="body", raw="5억 원", kind="amount", sentence="…", reason="x",
                                      action="marked"))
    docx = export(result, "docx", tmp_path / "d.docx")
    runs = [r for p in Document(str(docx)).paragraphs for r in p.runs if r.text == "【확인 필요: 5억 원】"]
    assert runs and runs[0].font.highlight_color is not None
    hwpx = export(result, "hwpx", tmp_path / "d.hwpx")
    with zipfile.ZipFile(hwpx) as z:
        header = z.read("Contents/header.xml").decode("utf-8")
    assert "FFFF00" in header.upper()
    assert export_text("제목\n\n본문", "md", tmp_path / "s.md", title="제목").read_text(encoding="utf-8") == "제목\n\n본문\n"


def test_cli_draft_json_and_errors(draft_kb: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml
    from typer.testing import CliRunner

    from api.cli import app

    monkeypatch.setenv("PRESSROOM_DATA_DIR", str(draft_kb.settings.data_dir))
    monkeypatch.setenv("PRESSROOM_EMBEDDER", "hashing")
    brief = tmp_path / "brief.yaml"
    brief.write_text(yaml.safe_dump(BRIEF, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "draft.hwpx"
    run = CliRunner().invoke(app, ["draft", "--brief", str(brief), "--out", str(out), "--json"])
    assert run.exit_code == 0, run.output
    data = json.loads(run.stdout)
    assert data["release"]["headline"] and data["flags"] == [] and Path(data["out"]).exists()
    assert data["text"].startswith("보도자료\n보도일시: 2025. 3. 4.(화) 06:00\n엠바고:")
    bad = CliRunner().invoke(app, ["draft", "--brief", str(tmp_path / "none.yaml")])
    assert bad.exit_code == 1
    summary = CliRunner().invoke(app, ["summarize", "pr-public", "--json"])
    assert summary.exit_code == 0 and json.loads(summary.stdout)["citations"]
    assert CliRunner().invoke(app, ["summarize", "pr-secret"]).exit_code == 1


def test_eval_records(draft_kb: Any, tmp_path: Path) -> None:
    import yaml

    from evaluation.drafts import run_drafts
    from evaluation.report import summarise
    from evaluation.runner import load_results

    corpus = tmp_path / "corpus"
    (corpus / "eval" / "briefs").mkdir(parents=True)
    (corpus / "eval" / "references").mkdir()
    (corpus / "eval" / "briefs" / "t-01.yaml").write_text(yaml.safe_dump(BRIEF, allow_unicode=True), encoding="utf-8")
    (corpus / "eval" / "references" / "t-01.txt").write_text(RELEASE, encoding="utf-8")
    (corpus / "eval" / "summaries-t.jsonl").write_text(json.dumps(
        {"id": "s-1", "doc_ids": ["pr-public"], "length": "short", "reference_summary": "청년 월세 지원 대상을 3,000명으로 늘린다.",
         "key_points": ["3,000명"]}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    run_drafts(draft_kb, corpus, out)
    run_drafts(draft_kb, corpus, out)  # resumable: nothing twice
    records = load_results(out)
    assert [(r["task"], r["qid"]) for r in records] == [("draft", "t-01"), ("summary", "s-1")]
    metrics = records[0]["metrics"]
    assert metrics["structure"] == 1.0 and metrics["invented_unflagged"] == 0.0
    assert metrics["figure_coverage"] == 1.0 and 0 < metrics["rouge_l"] < 1
    assert records[1]["metrics"]["citation_recall"] == 1.0
    assert set(summarise(records)) == {"draft/template", "summary/extractive"}


def test_model_summary_keeps_only_aligned_sentences(draft_kb: Any) -> None:
    from tests.test_draft_llm import ScriptedChat

    def reply(section: str, user: str) -> dict[str, Any]:
        return {"sentences": ["청년 월세 지원 대상을 1,500명에서 3,000명으로 늘린다.", "지원 예산은 500억 원이다."]}

    class SummaryChat(ScriptedChat):
        def stream(self, messages: Any, **kwargs: Any) -> Any:
            self.calls.append(("summary", messages[-1]["content"]))
            yield json.dumps(reply("", ""), ensure_ascii=False)

    model = SummaryChat(reply)
    summary = Summarizer(draft_kb, model).summarize(["pr-public"], "short")
    assert summary.generator == "scripted"
    assert [s.text for s in summary.sentences] == ["청년 월세 지원 대상을 1,500명에서 3,000명으로 늘린다."]
    assert summary.sentences[0].citations and model.calls
