"""``pressroom keys create|list|revoke`` and ``pressroom audit export``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli.common import emit_json, fail

app = typer.Typer(help="API 키 관리 (키는 해시로만 저장됩니다)", no_args_is_help=True)
audit_app = typer.Typer(help="감사 기록", no_args_is_help=True)


def _settings() -> Any:
    from core.settings import Settings

    return Settings()


@app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="키 주인 (예: 홍보담당관실 김하늘)")],
    role: Annotated[str, typer.Option(help="reader | writer | admin")] = "reader",
    clearance: Annotated[str, typer.Option(help="열람 등급 public | internal")] = "public",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """키를 만듭니다. 키 값은 지금 한 번만 표시됩니다."""
    from api.auth import KeyStore, Role
    from core.types import AccessLevel

    try:
        level, kind = AccessLevel(clearance), Role(role)
    except ValueError:
        fail(f"--role은 reader|writer|admin, --clearance는 public|internal 이어야 합니다 (입력: {role}, {clearance})")
    info, token = KeyStore.for_data_dir(_settings().data_dir).create(name, kind, level)
    if as_json:
        emit_json({**info.as_dict(), "token": token})
        return
    typer.echo(f"키를 만들었습니다: {info.key_id} ({name}, {role}, {clearance})")
    typer.echo(f"키 값 (다시 볼 수 없으니 지금 보관하세요): {token}")


@app.command("list")
def list_keys(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """키 목록 (키 값은 저장되지 않으므로 보이지 않습니다)."""
    from api.auth import KeyStore

    keys = KeyStore.for_data_dir(_settings().data_dir).list()
    if as_json:
        emit_json([k.as_dict() for k in keys])
        return
    if not keys:
        typer.echo("키가 없습니다 (서비스는 데모 모드로 이 컴퓨터에서만 열립니다).")
    for k in keys:
        state = f"폐기 {k.revoked_at}" if k.revoked_at else "사용 중"
        typer.echo(f"{k.key_id}  {k.role.value:<6} {k.clearance.value:<8} {k.created_at}  {state}  {k.name}")


@app.command("revoke")
def revoke(key_id: str) -> None:
    """키를 폐기합니다 (모든 서버 작업자에 바로 적용)."""
    from api.auth import KeyStore

    if not KeyStore.for_data_dir(_settings().data_dir).revoke(key_id):
        fail(f"폐기할 키가 없습니다 (이미 폐기되었을 수 있음): {key_id}")
    typer.echo(f"폐기했습니다: {key_id}")


@audit_app.command("export")
def export(
    since: Annotated[str | None, typer.Option(help="이 날짜/시각 이후 (ISO)")] = None,
    until: Annotated[str | None, typer.Option(help="이 날짜/시각까지 (ISO)")] = None,
    action: Annotated[str | None, typer.Option(help="ask, search, draft, summary, upload, delete …")] = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl | csv")] = "jsonl",
    out: Annotated[Path | None, typer.Option("--out", help="저장할 파일 (기본: 표준 출력)")] = None,
) -> None:
    """감사 기록을 JSON Lines 또는 CSV로 내보냅니다."""
    from api.audit import AuditLog, export_lines

    if fmt not in ("jsonl", "csv"):
        fail(f"--format은 jsonl 또는 csv 여야 합니다 (입력: {fmt})")
    try:
        entries = AuditLog.for_data_dir(_settings().data_dir).entries(since=since, until=until, action=action)
    except ValueError:
        fail("--since/--until은 ISO 날짜(YYYY-MM-DD) 또는 시각이어야 합니다")
    if out is None:
        for line in export_lines(entries, fmt):
            sys.stdout.write(line)
        return
    with out.open("w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as fh:
        fh.writelines(export_lines(entries, fmt))
    typer.echo(f"{len(entries)}건을 내보냈습니다: {out}", err=True)
