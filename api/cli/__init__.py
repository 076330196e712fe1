"""The ``pressroom`` command. Each command group lives in its own module; heavy imports stay inside commands."""

from __future__ import annotations

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
    app()
