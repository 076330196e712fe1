"""``pressroom documents list|show|remove``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from api.cli.common import emit_json, fail, open_kb

if TYPE_CHECKING:
    from core.types import SearchFilters

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
        typer.echo(f"{r.meta.doc_id}  {date}  {r.meta.doc_type:<13} {r.meta.access:<8} {r.meta.title}{mark}")


@app.command("show")
def show(doc_id: str, text: Annotated[bool, typer.Option("--text", help="추출한 본문 출력")] = False,
         as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """문서 한 건의 메타데이터(와 본문)."""
    kb = open_kb()
    record = kb.document(doc_id, _as_administrator())
    if record is None:
        fail(f"문서가 없습니다: {doc_id}")
    body = kb.manifest.document_text(doc_id) if text else None
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
def remove(doc_id: str) -> None:
    """문서와 그 청크를 삭제합니다."""
    if not open_kb().remove(doc_id):
        fail(f"문서가 없습니다: {doc_id}")
    typer.echo(f"삭제했습니다: {doc_id}")
