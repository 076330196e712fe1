"""``pressroom documents list|show|remove``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from api.cli.common import emit_json, fail, open_kb

if TYPE_CHECKING:
    from core.kb import KnowledgeBase
    from core.types import SearchFilters
    from ingest.manifest import DocumentRecord

DOCUMENT_HELP = "문서 id(d_…), 파일 이름 또는 파일 경로"

app = typer.Typer(help="수집된 문서 관리", no_args_is_help=True)


def _as_administrator() -> SearchFilters:
    """The CLI runs with the data folder in hand, as an administrator (like ``search`` and ``ask``, whose
    clearance defaults to internal): it lists and shows internal documents too."""
    from core.types import AccessLevel, SearchFilters

    return SearchFilters(clearance=AccessLevel.INTERNAL)


@app.command("list")
def list_documents(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """수집된 문서 목록."""
    records = open_kb().documents(_as_administrator())
    if as_json:
        emit_json([{**r.meta.model_dump(mode="json"), "status": r.status, "chunks": r.chunk_count,
                    "error": r.last_error} for r in records])
        return
    for r in records:
        date = r.meta.date.isoformat() if r.meta.date else "----------"
        mark = "" if r.status == "ready" else f" [{r.status}: {r.error_reason}]"
        # The file name: a failed document's title is its stem, and "bad.pdf" and "bad.hwp" share one.
        name = Path(r.meta.source_path).name
        typer.echo(f"{r.meta.doc_id}  {date}  {r.meta.doc_type:<13} {r.meta.access:<8} {name}  {r.meta.title}{mark}")


def resolve(kb: KnowledgeBase, ref: str) -> DocumentRecord:
    """The one document ``ref`` names: its id, its source path, its file name or its file name without the
    extension. Exits 1 naming ``ref`` when none does, and lists the candidates when several do."""
    records = kb.documents(_as_administrator())
    by_id = [r for r in records if r.meta.doc_id == ref]
    if by_id:
        return by_id[0]
    path = str(Path(ref).expanduser().resolve())
    for same in (lambda r: r.meta.source_path == path, lambda r: Path(r.meta.source_path).name == ref,
                 lambda r: Path(r.meta.source_path).stem == ref):
        found = [r for r in records if same(r)]
        if len(found) == 1:
            return found[0]
        if found:
            listed = ", ".join(f"{r.meta.doc_id} ({r.meta.source_path})" for r in found)
            fail(f"'{ref}'에 해당하는 문서가 {len(found)}건입니다. 문서 id나 경로로 지정하세요: {listed}")
    fail(f"문서가 없습니다: {ref} (문서 id, 파일 이름 또는 경로로 찾습니다; 목록은 pressroom documents list)")


@app.command("show")
def show(document: Annotated[str, typer.Argument(help=DOCUMENT_HELP)],
         text: Annotated[bool, typer.Option("--text", help="추출한 본문 출력")] = False,
         as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """문서 한 건의 메타데이터(와 본문)."""
    kb = open_kb()
    record = resolve(kb, document)
    body = kb.manifest.document_text(record.meta.doc_id) if text else None
    data = {**record.meta.model_dump(mode="json"), "status": record.status, "chunks": record.chunk_count,
            "characters": record.char_count, "pages": record.page_count, "error": record.last_error}
    if body is not None:
        data["text"] = body
    if as_json:
        emit_json(data)
    else:
        for key, value in data.items():
            typer.echo(f"{key}: {value}")


@app.command("remove")
def remove(document: Annotated[str, typer.Argument(help=DOCUMENT_HELP)]) -> None:
    """문서와 그 청크를 삭제합니다."""
    kb = open_kb()
    record = resolve(kb, document)
    if not kb.remove(record.meta.doc_id):
        fail(f"문서가 없습니다: {document}")
    typer.echo(f"삭제했습니다: {record.meta.doc_id} ({record.meta.source_path})")
