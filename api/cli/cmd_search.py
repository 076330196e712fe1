"""``pressroom search "…" [--from --to --department --type -k] [--json]``."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.common import (
    emit_json,
    fail,
    location,
    make_filters,
    open_kb,
    require_text,
    warn_unknown_departments,
)


def search(
    query: str,
    k: Annotated[int, typer.Option("-k", help="결과 수")] = 5,
    date_from: Annotated[str | None, typer.Option("--from", help="시작일 YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="종료일 YYYY-MM-DD")] = None,
    department: Annotated[list[str] | None, typer.Option("--department", help="부서 (여러 번 가능)")] = None,
    doc_type: Annotated[list[str] | None, typer.Option("--type", help="press_release|policy|case_study|other")] = None,
    clearance: Annotated[str, typer.Option(help="열람 등급 public|internal (CLI는 관리자 권한)")] = "internal",
    mode: Annotated[str, typer.Option(help="hybrid|fusion|keyword|dense")] = "hybrid",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """문서에서 관련 구절을 찾습니다."""
    require_text(query, "검색어가 비어 있습니다. 찾을 내용을 입력하세요.")
    if k < 1:
        fail(f"-k: 결과 수는 1 이상이어야 합니다 (입력: {k})", code=2)
    filters = make_filters(date_from, date_to, department, doc_type, clearance)
    if mode not in ("hybrid", "fusion", "keyword", "dense"):
        fail(f"--mode: hybrid, fusion, keyword, dense 중 하나여야 합니다 (입력: {mode})")
    kb = open_kb()
    warn_unknown_departments(kb, department)
    hits = kb.search(query, filters, k=k, mode=mode)
    if as_json:
        emit_json([{
            "chunk_id": h.chunk.chunk_id, "doc_id": h.doc.doc_id, "source_path": h.doc.source_path,
            "title": h.doc.title, "date": h.doc.date, "department": h.doc.department,
            "doc_type": h.doc.doc_type, "page": h.chunk.page, "section": h.chunk.section,
            "ocr": h.doc.read_by_ocr(h.chunk.page),
            "text": h.chunk.text, "score": round(h.score, 4),
            "scores": {k: round(v, 4) for k, v in h.scores.items()}, "matched_terms": h.matched_terms,
        } for h in hits])
        return
    if not hits:
        typer.echo("관련 문서를 찾지 못했습니다.")
    for i, h in enumerate(hits, 1):
        where = location(h.chunk.page, h.chunk.section, h.doc.read_by_ocr(h.chunk.page))
        typer.echo(f"[{i}] {h.doc.title} ({h.doc.date or '날짜 없음'}, {h.doc.department or '부서 없음'}) {where}"
                   f"  score={h.score:.3f}")
        typer.echo("    " + h.chunk.text.replace("\n", " ")[:200])
