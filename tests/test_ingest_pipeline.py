"""Ingestion against a real embedded Chroma store: idempotence, updates, prune, resume, bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.types import AccessLevel, SearchFilters
from tests.conftest import write_corpus


def _chroma_ids(kb: Any) -> set[str]:
    return kb.store.ids()


def _live_ids(kb: Any) -> set[str]:
    ids, _, _ = kb.manifest.all_chunk_tokens()
    return set(ids)


def test_ingest_then_search_finds_the_passage(kb: Any, tmp_path: Path) -> None:
    write_corpus(tmp_path / "docs")
    report = kb.ingest([tmp_path / "docs"])
    assert report.ok and report.counts() == {"added": 2}
    hits = kb.search("청년 월세 지원은 몇 명까지 늘어나나요?", k=3)
    assert hits[0].doc.title.startswith("한빛시, 청년 월세")
    assert "3,000명" in hits[0].chunk.text
    assert hits[0].chunk.chunk_id.startswith("c_") and hits[0].doc.doc_id.startswith("d_")
    assert {"keyword", "dense"} & set(hits[0].scores)


def test_metadata_inferred_from_house_style(kb: Any, tmp_path: Path) -> None:
    write_corpus(tmp_path / "docs")
    kb.ingest([tmp_path / "docs"])
    metas = {Path(m.source_path).stem: m for m in kb.document_metas().values()}
    release = metas["release"]
    assert release.doc_type == "press_release"
    assert str(release.date) == "2025-03-04"
    assert release.department == "청년정책과"
    assert metas["plan"].department == "교통정책과"
    assert metas["plan"].doc_type == "policy"


def test_a_placeholder_title_in_the_files_properties_yields_to_the_first_line(kb: Any, tmp_path: Path) -> None:
    # Word processors write "문서1", a template's "보도자료" or a PDF printer's "Microsoft Word - x.docx" as
    # the file's title; taken as is, an archive would list hundreds of documents called "보도자료".
    import doctest

    import docx

    import ingest.metadata

    assert doctest.testmod(ingest.metadata).failed == 0
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, title in (("a", "문서1"), ("b", "보도자료"), ("c", "Microsoft Word - 0304_보도.docx"),
                        ("d", "한빛시 공원 정비 계획"), ("e", "e")):  # e: the file's own name
        document = docx.Document()
        document.core_properties.title = title
        document.add_paragraph(f"한빛시, 가로수 1,200그루 새로 심는다 ({name})")
        document.add_paragraph("시는 올해 가로수 1,200그루를 새로 심는다고 밝혔다.")
        document.save(str(folder / f"{name}.docx"))
    assert kb.ingest([folder]).ok
    titles = {Path(m.source_path).stem: m.title for m in kb.document_metas().values()}
    assert titles == {"a": "한빛시, 가로수 1,200그루 새로 심는다 (a)", "b": "한빛시, 가로수 1,200그루 새로 심는다 (b)",
                      "c": "한빛시, 가로수 1,200그루 새로 심는다 (c)", "d": "한빛시 공원 정비 계획",
                      "e": "한빛시, 가로수 1,200그루 새로 심는다 (e)"}


def test_metadata_comes_from_labelled_lines_not_from_sentences() -> None:
    from ingest.metadata import infer_fields

    release = ("보도자료\n보도일시: 2024. 3. 12.(화) 06:00\n한빛시, AI 도우미 시범운영\n"
               "결과는 담당 부서와 공유할 예정이다.\n담당 부서: 경제산업국 투자유치과 투자팀\n담당자: 팀장 오세진")
    fields = infer_fields(release, None, "r")
    assert fields["department"] == "투자유치과", "a sentence mentioning 담당 부서 is no label; the office wins"
    assert (fields["doc_type"], str(fields["date"])) == ("press_release", "2024-03-12")
    case = ("슬라이드 생성기 시범적용 중단 경과(내부 검토)\n사례명: 간부회의 보고자료 자동 작성\n"
            "참여 부서: 기획조정실 정책기획팀, 디지털혁신과\n기간: 2025. 7. 7. ~ 2025. 8. 29.\n"
            "작성: 디지털혁신과 D-LAB팀 / 작성일: 2025. 9. 19.")
    fields = infer_fields(case, None, "c")
    assert (fields["department"], str(fields["date"])) == ("디지털혁신과", "2025-09-19"), "author, not period"
    assert (fields["doc_type"], fields["access"]) == ("case_study", "internal")
    guide = ("한빛광역시 보도자료 작성 및 배포 지침\n작성일: 2025. 1. 6.\n시행일: 2025. 1. 13.\nⅠ. 개요\n"
             "○ 머리말 예시\n보도자료\n보도일시: 2025. 3. 4.")
    assert infer_fields(guide, None, "g")["doc_type"] == "policy"
    assert str(infer_fields(guide, None, "g")["date"]) == "2025-01-06"


def test_default_access_applies_only_where_a_document_names_no_level(settings: Any, tmp_path: Path) -> None:
    from core.kb import KnowledgeBase

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "plain.txt").write_text("청년 월세 지원 대상을 3천 명으로 늘린다.", encoding="utf-8")
    (docs / "labelled.md").write_text("---\naccess: public\n---\n시내버스 노선을 개편한다.", encoding="utf-8")
    (docs / "marked.txt").write_text("대외비\n예산 조정안 검토 결과를 보고한다.", encoding="utf-8")

    def levels(kb: Any) -> dict[str, str]:
        return {Path(m.source_path).stem: str(m.access) for m in kb.document_metas().values()}

    internal = KnowledgeBase(settings.model_copy(update={"default_access": AccessLevel.INTERNAL}))
    internal.ingest([docs])
    assert levels(internal) == {"plain": "internal", "labelled": "public", "marked": "internal"}
    public_hits = internal.search("청년 월세", SearchFilters(clearance=AccessLevel.PUBLIC))
    assert "plain" not in {Path(h.doc.source_path).stem for h in public_hits}
    internal.close()
    # Back to the default: every file is read again (which levels it decides is known only after parsing).
    public = KnowledgeBase(settings)
    report = public.ingest([docs])
    assert report.counts().get("unchanged", 0) == 0
    assert levels(public) == {"plain": "public", "labelled": "public", "marked": "internal"}
    public.close()


def test_reingest_unchanged_does_no_work(kb: Any, tmp_path: Path) -> None:
    write_corpus(tmp_path / "docs")
    kb.ingest([tmp_path / "docs"])
    before = _chroma_ids(kb)
    report = kb.ingest([tmp_path / "docs"])
    assert report.counts() == {"unchanged": 2}
    assert report.embedded_chunks == 0
    assert _chroma_ids(kb) == before


def test_changed_file_replaces_its_chunks(kb: Any, tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "docs")
    kb.ingest([tmp_path / "docs"])
    old_ids = set(kb.manifest.chunk_ids(kb.search("월세", k=1)[0].doc.doc_id))
    files["release"].write_text(files["release"].read_text(encoding="utf-8").replace("3,000명", "4,500명"),
                                encoding="utf-8")
    report = kb.ingest([tmp_path / "docs"])
    assert report.counts() == {"updated": 1, "unchanged": 1}
    hit = kb.search("청년 월세 지원 대상 인원", k=1)[0]
    assert "4,500명" in hit.chunk.text
    assert not (old_ids & _chroma_ids(kb)), "old chunks must be gone from Chroma"
    assert _chroma_ids(kb) == _live_ids(kb)


def test_prune_removes_documents_of_deleted_files(kb: Any, tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "docs")
    kb.ingest([tmp_path / "docs"])
    files["plan"].unlink()
    report = kb.ingest([tmp_path / "docs"], prune=True)
    assert report.counts() == {"unchanged": 1, "removed": 1}
    assert all("버스" not in h.chunk.text for h in kb.search("버스 노선", k=5))
    assert _chroma_ids(kb) == _live_ids(kb)


def test_killed_run_is_completed_without_orphans(kb: Any, tmp_path: Path, monkeypatch: Any) -> None:
    write_corpus(tmp_path / "docs")
    real_commit = kb.manifest.commit_document

    def crash(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt  # the process dies after Chroma was written, before the manifest swap

    monkeypatch.setattr(kb.manifest, "commit_document", crash)
    with pytest.raises(KeyboardInterrupt):
        kb.ingest([tmp_path / "docs"])
    assert _chroma_ids(kb), "the killed run had written vectors"
    monkeypatch.setattr(kb.manifest, "commit_document", real_commit)
    report = kb.ingest([tmp_path / "docs"])
    assert report.ok and report.counts() == {"added": 2}
    assert _chroma_ids(kb) == _live_ids(kb), "no orphan and no duplicate chunk"


def test_bad_files_are_reported_and_nothing_stored_is_lost(kb: Any, tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "docs")
    kb.ingest([tmp_path / "docs"])
    before = _live_ids(kb)
    (tmp_path / "docs" / "empty.txt").write_bytes(b"")
    (tmp_path / "docs" / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "docs" / "photo.bin").write_bytes(bytes(range(256)) * 4)
    files["release"].write_bytes(b"")  # a once-good file is overwritten with nothing
    report = kb.ingest([tmp_path / "docs"])
    failed = {Path(o.path).name: o for o in report.failed}
    assert set(failed) == {"empty.txt", "broken.docx", "photo.bin", "release.txt"}
    for name, outcome in failed.items():
        assert name in (outcome.message or "")
    assert failed["empty.txt"].reason == "empty"
    assert _live_ids(kb) == before, "the previous version of release.txt stays searchable"
    assert "3,000명" in kb.search("청년 월세 지원 대상", k=1)[0].chunk.text


def test_access_level_is_enforced_in_search(kb: Any, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_corpus(docs)
    kb.ingest([docs], overrides={"plan.txt": {"access": "internal"}})
    public = kb.search("버스 노선 개편 사업비", SearchFilters(clearance=AccessLevel.PUBLIC), k=5)
    internal = kb.search("버스 노선 개편 사업비", SearchFilters(clearance=AccessLevel.INTERNAL), k=5)
    assert all(h.doc.access == "public" for h in public)
    assert any(h.doc.access == "internal" for h in internal)


def test_filters_by_department_type_and_date(kb: Any, tmp_path: Path) -> None:
    import datetime as dt

    write_corpus(tmp_path / "docs")
    kb.ingest([tmp_path / "docs"])
    only_policy = kb.search("계획", SearchFilters(doc_types=["policy"], clearance="internal"), k=5)
    assert only_policy and all(h.doc.doc_type == "policy" for h in only_policy)
    dept = kb.search("지원", SearchFilters(departments=["청년정책과"]), k=5)
    assert dept and all(h.doc.department == "청년정책과" for h in dept)
    late = kb.search("계획", SearchFilters(date_from=dt.date(2025, 2, 1)), k=5)
    assert all(h.doc.date and h.doc.date >= dt.date(2025, 2, 1) for h in late)


@pytest.mark.parametrize("name", ["memo.md", "memo.txt"])
def test_front_matter_sets_metadata_and_is_not_indexed(kb: Any, tmp_path: Path, name: str) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / name).write_text(
        "---\ntitle: 미발표 심야버스 개편안\naccess: internal\ndepartment: 버스정책과\ndate: 2025-06-01\n---\n"
        "# 개편 방향\n\n심야버스 노선을 12개에서 18개로 늘리는 방안을 검토한다.\n", encoding="utf-8")
    kb.ingest([docs])
    meta = next(iter(kb.document_metas().values()))
    assert (meta.title, meta.access, meta.department) == ("미발표 심야버스 개편안", AccessLevel.INTERNAL, "버스정책과")
    assert kb.search("심야버스 노선", SearchFilters(clearance=AccessLevel.PUBLIC), k=3) == []
    hits = kb.search("심야버스 노선", SearchFilters(clearance=AccessLevel.INTERNAL), k=3)
    assert hits and all("access:" not in h.chunk.text for h in hits)


def test_cli_default_access(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from typer.testing import CliRunner

    from api.cli import app

    monkeypatch.setenv("PRESSROOM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PRESSROOM_EMBEDDER", "hashing")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "plain.txt").write_text("청년 월세 지원 대상을 늘린다.", encoding="utf-8")
    wrong = CliRunner().invoke(app, ["ingest", str(tmp_path / "docs"), "--default-access", "secret"])
    assert wrong.exit_code == 2 and "--default-access" in wrong.output
    done = CliRunner().invoke(app, ["ingest", str(tmp_path / "docs"), "--default-access", "internal", "--json"])
    assert done.exit_code == 0, done.output
    # The CLI is the administrator's: it lists and shows internal documents (it once listed public ones only).
    listed = json.loads(CliRunner().invoke(app, ["documents", "list", "--json"]).output)
    assert [d["access"] for d in listed] == ["internal"]
    shown = CliRunner().invoke(app, ["documents", "show", listed[0]["doc_id"], "--json"])
    assert shown.exit_code == 0 and json.loads(shown.output)["access"] == "internal"


def test_cli_finds_a_document_by_file_name_or_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from typer.testing import CliRunner

    from api.cli import app

    monkeypatch.setenv("PRESSROOM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PRESSROOM_EMBEDDER", "hashing")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "plan.txt").write_text("청년 월세 지원 대상을 3천 명으로 늘린다.", encoding="utf-8")
    (docs / "plan.md").write_text("# 버스 노선 개편\n\n시내버스 노선을 20년 만에 바꾼다.", encoding="utf-8")
    assert CliRunner().invoke(app, ["ingest", str(docs)]).exit_code == 0
    listed = CliRunner().invoke(app, ["documents", "list"]).output
    assert "plan.txt" in listed and "plan.md" in listed, "the list names each file"

    by_name = CliRunner().invoke(app, ["documents", "show", "plan.md", "--json"])
    assert by_name.exit_code == 0 and json.loads(by_name.output)["title"] == "버스 노선 개편"
    by_path = CliRunner().invoke(app, ["documents", "show", str(docs / "plan.txt"), "--json"])
    assert by_path.exit_code == 0 and json.loads(by_path.output)["source_path"].endswith("plan.txt")
    both = CliRunner().invoke(app, ["documents", "show", "plan"])
    assert both.exit_code == 1 and "2건" in both.output and "plan.txt" in both.output and "plan.md" in both.output
    missing = CliRunner().invoke(app, ["documents", "remove", "budget.hwp"])
    assert missing.exit_code == 1 and "budget.hwp" in missing.output

    assert CliRunner().invoke(app, ["documents", "remove", "plan.md"]).exit_code == 0
    left = json.loads(CliRunner().invoke(app, ["documents", "list", "--json"]).output)
    assert [Path(d["source_path"]).name for d in left] == ["plan.txt"]


def test_cli_follow_up_in_a_conversation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from typer.testing import CliRunner

    from api.cli import app

    monkeypatch.setenv("PRESSROOM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PRESSROOM_EMBEDDER", "hashing")
    monkeypatch.setenv("PRESSROOM_GENERATOR", "extractive")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "rent.txt").write_text(
        "청년 월세 지원 대상을 3,000명으로 늘린다. 지원 금액은 월 20만 원이다.", encoding="utf-8")
    assert CliRunner().invoke(app, ["ingest", str(tmp_path / "docs")]).exit_code == 0

    def ask(question: str, *extra: str) -> dict[str, Any]:
        done = CliRunner().invoke(app, ["ask", question, "--json", *extra])
        assert done.exit_code == 0, done.output
        return dict(json.loads(done.output))

    ask("청년 월세 지원 대상은 몇 명인가요?", "--conversation", "t1")
    assert "청년 월세" in ask("그럼 지원 금액은요?", "--conversation", "t1")["standalone_query"]
    assert ask("그럼 지원 금액은요?", "--conversation", "t2")["standalone_query"] == "그럼 지원 금액은요?"
    assert ask("그럼 지원 금액은요?")["standalone_query"] == "그럼 지원 금액은요?", "no id, no history"


@pytest.mark.parametrize("encoding", ["cp949", "utf-8-sig"])
def test_metadata_from_a_spreadsheet_csv(kb: Any, tmp_path: Path, encoding: str) -> None:
    # What Excel saves on Korean Windows ("CSV" is CP949, "CSV UTF-8" has a BOM), with Korean headers and values.
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "rent.txt").write_text("청년 월세 지원 대상을 3천 명으로 늘린다.", encoding="utf-8")
    (docs / "bus.txt").write_text("시내버스 노선을 20년 만에 바꾼다.", encoding="utf-8")
    (docs / "_metadata.csv").write_bytes(
        "파일,제목,날짜,부서,유형,등급\n"
        "rent.txt,청년 월세 지원 확대,2025-02-27,청년정책과,보도자료,공개\n"
        "bus.txt,버스 노선 개편 검토,2025. 3. 4.,교통정책과,정책,내부\n".encode(encoding))
    assert kb.ingest([docs]).ok
    metas = {Path(m.source_path).name: m for m in kb.document_metas().values()}
    rent, bus = metas["rent.txt"], metas["bus.txt"]
    assert (rent.title, str(rent.date), rent.department, rent.doc_type, rent.access) == (
        "청년 월세 지원 확대", "2025-02-27", "청년정책과", "press_release", "public")
    assert (bus.doc_type, bus.access, str(bus.date)) == ("policy", "internal", "2025-03-04")
    assert "_metadata.csv" not in metas


def test_korean_type_and_access_values_in_front_matter(kb: Any, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "plan.md").write_text("---\ntype: 정책\naccess: 내부\n---\n# 버스 노선 개편 계획\n\n노선을 바꾼다.",
                                  encoding="utf-8")
    assert kb.ingest([docs]).ok
    meta = next(iter(kb.document_metas().values()))
    assert (meta.doc_type, meta.access) == ("policy", "internal")


def test_a_metadata_csv_with_an_unknown_column_is_named(tmp_path: Path) -> None:
    from core.errors import PressroomError
    from ingest.metadata import load_metadata_file

    sheet = tmp_path / "meta.csv"
    sheet.write_text("파일,제목,비고\nrent.txt,청년 월세,메모\n", encoding="utf-8")
    with pytest.raises(PressroomError) as caught:
        load_metadata_file(sheet)
    assert "비고" in str(caught.value) and "meta.csv" in str(caught.value)


def test_cli_names_a_department_no_document_has(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from api.cli import app

    monkeypatch.setenv("PRESSROOM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PRESSROOM_EMBEDDER", "hashing")
    write_corpus(tmp_path / "docs")
    assert CliRunner().invoke(app, ["ingest", str(tmp_path / "docs")]).exit_code == 0
    typo = CliRunner().invoke(app, ["search", "청년 월세", "--department", "청년정책"])
    assert typo.exit_code == 0 and "문서에 없는 부서입니다: 청년정책" in typo.output and "청년정책과" in typo.output
    right = CliRunner().invoke(app, ["search", "청년 월세", "--department", "청년정책과"])
    assert "문서에 없는 부서" not in right.output and "[1]" in right.output


def test_a_copy_shows_again_once_its_original_changes_or_goes(kb: Any, tmp_path: Path) -> None:
    release = ("보도자료\n보도일시: 2025. 3. 4.(화)\n한빛시, 가로수 1,200그루 새로 심는다\n"
               "시는 올해 가로수 1,200그루를 새로 심고 가로수 길 12곳을 정비한다고 밝혔다.\n"
               "사업비는 모두 18억 원이며 4월부터 11월까지 5개 구에서 차례로 공사한다.\n담당 부서: 공원녹지과")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "1-가로수.txt").write_text(release, encoding="utf-8")  # ingested first: the original
    (folder / "2-가로수.md").write_text(release, encoding="utf-8")
    report = kb.ingest([folder])
    assert "본문이 같음" in (report.outcomes[1].message or "") and not report.outcomes[0].message
    metas = {Path(m.source_path).name: m for m in kb.document_metas().values()}
    assert metas["2-가로수.md"].copy_of == metas["1-가로수.txt"].doc_id
    assert len({h.doc.doc_id for h in kb.search("가로수 사업비", k=4)}) == 1, "one document, shown once"
    (folder / "1-가로수.txt").write_text(release.replace("18억 원", "21억 원"), encoding="utf-8")
    kb.ingest([folder])
    metas = {Path(m.source_path).name: m for m in kb.document_metas().values()}
    assert metas["2-가로수.md"].copy_of is None, "the original now says something else"
    # A copy whose original is gone stands for the document: a third file repeating it is its copy.
    (folder / "1-가로수.txt").write_text(release, encoding="utf-8")
    kb.ingest([folder])
    metas = {Path(m.source_path).name: m for m in kb.document_metas().values()}
    assert metas["1-가로수.txt"].copy_of == metas["2-가로수.md"].doc_id
    kb.remove(metas["2-가로수.md"].doc_id)
    (folder / "2-가로수.md").unlink()
    (folder / "3-가로수.html").write_text(f"<html><body><pre>{release}</pre></body></html>", encoding="utf-8")
    kb.ingest([folder])
    metas = {Path(m.source_path).name: m for m in kb.document_metas().values()}
    assert metas["3-가로수.html"].copy_of == metas["1-가로수.txt"].doc_id
