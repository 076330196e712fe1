"""``pressroom ingest PATH… [--prune] [--metadata FILE] [--default-access public|internal] [--json] [--quiet]``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli.common import emit_json, fail, open_kb


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="파일 또는 폴더")],
    prune: Annotated[bool, typer.Option("--prune", help="사라진 파일의 문서를 삭제")] = False,
    metadata: Annotated[Path | None, typer.Option("--metadata", help="파일 이름별 메타데이터 (JSONL, CSV, YAML)")] = None,
    default_access: Annotated[str | None, typer.Option(
        "--default-access", help="메타데이터에 열람 등급이 없는 문서의 등급 public|internal (기본: 설정값, public)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="파일별 결과를 JSON으로 출력")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="진행 표시 없이 요약만")] = False,
) -> None:
    """문서를 수집해 색인합니다 (바뀐 파일만 다시 처리)."""
    from core.errors import PressroomError
    from ingest.metadata import load_metadata_file

    if default_access not in (None, "public", "internal"):
        fail(f"--default-access: public, internal 중 하나여야 합니다 (입력: {default_access})", code=2)
    kb = open_kb(**({"default_access": default_access} if default_access else {}))
    try:
        overrides = load_metadata_file(metadata) if metadata else None
        report = _run(kb, paths, prune, overrides, show=not (quiet or as_json))
    except PressroomError as exc:
        fail(str(exc))
    if as_json:
        emit_json({"ok": report.ok, "counts": report.counts(), "seconds": round(report.seconds, 2),
                   "files": [o.as_dict() for o in report.outcomes]})
    else:
        _summary(report)
    if not report.ok:
        raise typer.Exit(1)


def _run(kb: Any, paths: list[Path], prune: bool, overrides: Any, show: bool) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ingest.pipeline import discover

    total = len(discover(paths))
    started = time.perf_counter()
    chunks = 0
    with Progress(TextColumn("[bold]수집"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                  TimeElapsedColumn(), disable=not show, transient=True) as progress:
        task = progress.add_task("ingest", total=total, rate="")

        def tick(outcome: Any) -> None:
            nonlocal chunks
            chunks += outcome.chunks
            elapsed = max(time.perf_counter() - started, 1e-6)
            done = progress.tasks[0].completed + 1
            progress.update(task, advance=1, rate=f"{done / elapsed:.1f} 파일/s · {chunks / elapsed:.1f} 청크/s")

        return kb.ingest(paths, prune=prune, overrides=overrides, progress=tick)


def _summary(report: Any) -> None:
    labels = {"added": "추가", "updated": "갱신", "unchanged": "변경 없음", "removed": "삭제", "failed": "실패"}
    counts = ", ".join(f"{labels[k]} {v}" for k, v in report.counts().items())
    typer.echo(f"수집 완료: {counts} ({report.seconds:.1f}초, 임베딩 {report.embedded_chunks}개 청크)")
    for outcome in report.failed:
        typer.echo(f"  실패 [{outcome.reason}] {outcome.message}", err=True)
    for outcome in report.outcomes:
        if outcome.status in ("added", "updated") and outcome.message:
            typer.echo(f"  알림 {Path(outcome.path).name}: {outcome.message}")
