"""``pressroom serve`` (the API and web page) and ``pressroom demo`` (the README's one-command start)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli.common import fail, offline_env


def serve(
    host: Annotated[str | None, typer.Option(help="주소 (기본: 설정값 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="포트 (기본: 설정값 8000)")] = None,
    workers: Annotated[int, typer.Option(help="uvicorn 작업자 프로세스 수")] = 1,
) -> None:
    """API와 웹 화면을 띄웁니다. API 키가 하나도 없으면 이 컴퓨터에서만 접속되는 데모 모드입니다."""
    from core.settings import Settings

    offline_env()
    settings = Settings()
    _run(settings, host or settings.host, port or settings.port, workers)


def demo(
    port: Annotated[int, typer.Option(help="포트")] = 8000,
    documents: Annotated[Path | None, typer.Option(help="수집할 폴더 (기본: corpus/documents, 비어 있으면 생성)")]
    = None,
    skip_models: Annotated[bool, typer.Option("--skip-models", help="모델 내려받기를 건너뜀 (설정된 모델이 이미 있을 때)")]
    = False,
) -> None:
    """처음 실행: 예시 코퍼스를 만들고, 모델이 없으면 받고, 문서를 수집한 뒤 http://127.0.0.1:8000 을 띄웁니다."""
    from core.settings import Settings

    offline_env()
    settings = Settings()
    documents = _build_corpus(documents)
    if not skip_models:
        _fetch_missing_models(settings)
    # The server answers at once and ingests the folder as a background job (Settings.ingest_on_start; the
    # uvicorn factory reads the environment); re-running skips unchanged files.
    os.environ["PRESSROOM_INGEST_ON_START"] = str(documents.resolve())
    typer.echo(f"문서는 서버가 뜬 뒤 백그라운드에서 수집합니다 (바뀐 파일만): {documents}\n"
               f"  진행 상황: 웹 화면 또는 http://localhost:{port}/readyz 의 \"ingest\" — 다 끝나기 전의 답변은 "
               "그때까지 수집된 문서만 봅니다.")
    _run(settings, "127.0.0.1", port, 1)


def _run(settings: Any, host: str, port: int, workers: int) -> None:
    import uvicorn

    from api.auth import KeyStore
    from api.deps import is_loopback

    if workers > 1 and not settings.chroma_host:
        fail("여러 작업자(--workers)는 Chroma 서버가 필요합니다: 내장 Chroma는 여러 프로세스가 함께 쓸 수 없습니다. "
             "`chroma run --path DIR --port 8001`을 띄우고 PRESSROOM_CHROMA_HOST를 설정하세요.")
    if not KeyStore.for_data_dir(settings.data_dir).any_keys() and not is_loopback(host):
        typer.echo(f"알림: API 키가 없어 데모 모드입니다. {host} 대신 127.0.0.1에서만 받습니다. "
                   "외부에 열려면 `pressroom keys create`로 관리자 키를 먼저 만드세요.", err=True)
        host = "127.0.0.1"
    typer.echo(f"Pressroom: http://{'localhost' if host == '127.0.0.1' else host}:{port}  "
               f"(API 문서: /docs, 데이터: {settings.data_dir}) — 끝내려면 Ctrl-C")
    uvicorn.run("api.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="info", timeout_graceful_shutdown=10)


def _build_corpus(out: Path | None) -> Path:
    try:
        from corpus.build import DEFAULT_OUT, DEFAULT_SOURCE, build
    except ImportError:
        fail("예시 코퍼스(corpus/)를 찾을 수 없습니다. 저장소 폴더에서 실행하세요.")
    out = out or DEFAULT_OUT
    if not out.is_dir() or not any(out.glob("*.*")):
        typer.echo("예시 코퍼스 문서를 만드는 중…")
        report = build(DEFAULT_SOURCE, out)
        if report.errors:
            fail(f"코퍼스 생성 오류 {len(report.errors)}건: {next(iter(report.errors.values()))}")
        typer.echo(f"문서 {len(report.written)}건 생성 ({report.seconds:.1f}초)")
    return out


def _fetch_missing_models(settings: Any) -> None:
    from core.errors import ModelMissingError, PressroomError
    from index.models import ensure_query_encoder, fetch_models, gemma_path, llm_path

    wanted = [(key, check) for key, check, used in (("gemma", gemma_path, settings.embedder == "gemma"),
                                                    ("llm", llm_path, settings.generator == "embedded")) if used]
    missing = []
    for key, check in wanted:
        try:
            check(settings)
        except ModelMissingError:
            missing.append(key)
    try:
        if missing:
            typer.echo(f"모델을 내려받는 중: {', '.join(missing)} (처음 한 번, 수 분 걸립니다)…")
            fetch_models(settings, missing, progress=lambda p: typer.echo(f"  {p.message} ({p.done}/{p.total})"))
        if settings.embedder == "gemma":
            ensure_query_encoder(settings, lambda p: typer.echo(f"  {p.message}") if p.done == 0 else None)
    except PressroomError as exc:
        fail(str(exc))
