"""The ``pressroom`` command. Each command group lives in its own module; heavy imports stay inside commands."""

from __future__ import annotations

from typing import Any

import typer

from api.cli import cmd_documents, cmd_ingest, cmd_models, cmd_search

app = typer.Typer(help="Pressroom — 시 보도자료·정책 문서 지식베이스 (근거 인용 답변, 보도자료 초안)",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
app.command("ingest")(cmd_ingest.ingest)
app.add_typer(cmd_documents.app, name="documents")
app.add_typer(cmd_models.app, name="models")
app.command("search")(cmd_search.search)


def register(name: str, module: str, attr: str, group: bool = False) -> None:
    """Attach a command from another module when it exists (keeps this file small)."""
    import importlib

    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError:
        return
    if group:
        app.add_typer(getattr(mod, attr), name=name)
    else:
        app.command(name)(getattr(mod, attr))


register("ask", "api.cli.cmd_ask", "ask")
register("draft", "api.cli.cmd_draft", "draft")
register("summarize", "api.cli.cmd_draft", "summarize")
register("eval", "api.cli.cmd_eval", "evaluate")
register("serve", "api.cli.cmd_serve", "serve")
register("demo", "api.cli.cmd_serve", "demo")
register("keys", "api.cli.cmd_keys", "app", group=True)
register("audit", "api.cli.cmd_keys", "audit_app", group=True)


def main() -> None:
    from pydantic import ValidationError

    try:
        app()
    except ValidationError as exc:
        if exc.title != "Settings":
            raise
        typer.echo(f"오류: {settings_problem(exc)}", err=True)
        raise SystemExit(2) from None


def settings_problem(exc: Any) -> str:
    """A bad ``PRESSROOM_*`` value (or TOML key) named as the user wrote it, instead of a traceback.

    >>> from pydantic import ValidationError
    >>> from core.settings import Settings
    >>> try:
    ...     Settings(default_access="secret", chunk_chars="abc")
    ... except ValidationError as exc:
    ...     print(settings_problem(exc))
    설정값이 잘못되었습니다: PRESSROOM_CHUNK_CHARS='abc' (정수여야 합니다); PRESSROOM_DEFAULT_ACCESS='secret' (허용값: 'public', 'internal')
    """
    parts = []
    for error in sorted(exc.errors(), key=lambda e: str(e["loc"])):
        name = "PRESSROOM_" + "_".join(str(p) for p in error["loc"]).upper()
        expected = error.get("ctx", {}).get("expected")
        why = f"허용값: {expected.replace(' or ', ', ')}" if expected else _KINDS.get(error["type"], error["msg"])
        parts.append(f"{name}={error.get('input')!r} ({why})")
    return "설정값이 잘못되었습니다: " + "; ".join(parts)


_KINDS = {"int_parsing": "정수여야 합니다", "float_parsing": "숫자여야 합니다", "bool_parsing": "true 또는 false여야 합니다"}
