"""``pressroom draft --brief brief.yaml [--format hwpx|docx|md] [--out FILE] [--json]`` and
``pressroom summarize DOC… [--length short|medium|long] [--explainer] [--json]``.

The brief's YAML schema is documented in ``corpus/eval/README.md`` ("Brief schema") and in
``generate/draft/brief.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli.common import emit_json, fail, make_filters, open_kb

FORMATS = ("md", "hwpx", "docx")
GENERATORS = ("template", "embedded", "openai")


def draft(
    brief: Annotated[Path, typer.Option(help="브리프 YAML 파일 (형식: corpus/eval/README.md)")],
    fmt: Annotated[str | None, typer.Option("--format", help="md | hwpx | docx (기본: --out 확장자, 없으면 md)")] = None,
    out: Annotated[Path | None, typer.Option(help="저장할 파일")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="구조화된 초안과 확인 필요 수치를 JSON으로 출력")] = False,
    generator: Annotated[str, typer.Option(help="template | embedded | openai")] = "template",
    clearance: Annotated[str, typer.Option(help="참고 자료 열람 등급 public|internal")] = "public",
    style: Annotated[Path | None, typer.Option(help="문체 프로필 YAML (기본: generate/house_style.yaml)")] = None,
    keep_flagged: Annotated[bool, typer.Option("--keep-flagged", help="확인 필요 문장을 지우지 않고 표시만")] = False,
) -> None:
    """브리프로 보도자료 초안을 씁니다. 브리프·근거에 없는 수치는 지우거나 【확인 필요】로 표시합니다."""
    from core.errors import PressroomError
    from generate.draft.brief import load_brief
    from generate.draft.drafter import Drafter
    from generate.draft.export import export, to_markdown
    from generate.draft.style import load_style

    fmt = _format(fmt, out)
    if generator not in GENERATORS:
        fail(f"--generator: {', '.join(GENERATORS)} 중 하나여야 합니다 (입력: {generator})")
    try:
        parsed = load_brief(brief)
        profile = load_style(style)
    except PressroomError as exc:
        fail(str(exc))
    if parsed.kind == "explainer":
        _explainer(parsed, fmt, out, as_json)
        return
    kb = open_kb()
    model = _model(kb, generator)
    filters = make_filters(None, None, None, None, clearance)
    result = Drafter(kb, model, profile, keep_flagged=keep_flagged).draft(parsed, filters)
    written = export(result, fmt, out, profile) if out else None
    if as_json:
        emit_json(_draft_json(result, profile, written))
        return
    if written is None:
        typer.echo(to_markdown(result, profile))
    else:
        typer.echo(f"저장했습니다: {written}")
    _report_flags(result)


def _explainer(brief: Any, fmt: str, out: Path | None, as_json: bool) -> None:
    from generate.draft.export import export_text
    from generate.draft.summarize import explainer_from_brief

    result = explainer_from_brief(brief)
    written = export_text(result.text, fmt, out, title=result.title) if out else None
    if as_json:
        emit_json(result.model_dump(mode="json") | {"text": result.text, "out": str(written) if written else None})
    elif written is None:
        typer.echo(result.text)
    else:
        typer.echo(f"저장했습니다: {written}")


def _format(fmt: str | None, out: Path | None) -> str:
    chosen = fmt or (out.suffix.lstrip(".").lower() if out and out.suffix else "md")
    if chosen not in FORMATS:
        fail(f"--format: {', '.join(FORMATS)} 중 하나여야 합니다 (입력: {chosen})")
    return chosen


def _model(kb: Any, generator: str) -> Any:
    if generator == "template":
        return None
    from generate.backends import make_chat_model

    try:
        return make_chat_model(kb.settings, generator)
    except Exception as exc:  # missing weights or server: the template still drafts, say so
        typer.echo(f"알림: LLM을 쓸 수 없어 양식(템플릿) 초안으로 대신합니다 ({exc})", err=True)
        return None


def _draft_json(result: Any, profile: Any, written: Path | None) -> dict[str, Any]:
    return {"release": result.release.model_dump(mode="json"), "text": result.release.to_text(profile),
            "flags": [f.model_dump() for f in result.flags], "exemplars": result.exemplars,
            "background": [c.model_dump(mode="json") for c in result.background], "generator": result.generator,
            "style_issues": result.style_issues, "timings": result.timings,
            "out": str(written) if written else None}


def _report_flags(result: Any) -> None:
    for f in result.flags:
        typer.echo(f"확인 필요 [{f.section}] {f.raw}: {f.reason} — {f.action}", err=True)
    for issue in result.style_issues:
        typer.echo(f"양식 점검: {issue}", err=True)


def summarize(
    docs: Annotated[list[str], typer.Argument(help="문서 ID(d_…) 또는 파일 이름(pr-010)")],
    length: Annotated[str, typer.Option(help="short | medium | long")] = "short",
    explainer: Annotated[bool, typer.Option("--explainer", help="정책 설명문 형식(무엇이·누가·언제·얼마·문의)")] = False,
    generator: Annotated[str, typer.Option(help="extractive | embedded | openai")] = "extractive",
    as_json: Annotated[bool, typer.Option("--json")] = False,
    clearance: Annotated[str, typer.Option(help="열람 등급 public|internal")] = "public",
    fmt: Annotated[str | None, typer.Option("--format", help="md | hwpx | docx (--out과 함께)")] = None,
    out: Annotated[Path | None, typer.Option(help="저장할 파일")] = None,
) -> None:
    """문서를 요약하거나 정책 설명문으로 풀어 씁니다. 모든 문장에 출처 [n]을 답니다."""
    from generate.draft.summarize import Summarizer, SummaryError

    if length not in ("short", "medium", "long"):
        fail(f"--length: short, medium, long 중 하나여야 합니다 (입력: {length})")
    kb = open_kb()
    model = None if generator == "extractive" else _model(kb, generator)
    summarizer = Summarizer(kb, model)
    filters = make_filters(None, None, None, None, clearance)
    try:
        result = (summarizer.explain if explainer else summarizer.summarize)(docs, length, filters)  # type: ignore[arg-type]
    except SummaryError as exc:
        fail(str(exc))
    if out:
        from generate.draft.export import export_text

        export_text(result.text, _format(fmt, out), out, title=result.title or "요약")
    if as_json:
        emit_json(result.model_dump(mode="json") | {"text": result.text, "out": str(out) if out else None})
        return
    typer.echo(result.text)
    typer.echo("\n출처:")
    for c in result.citations:
        typer.echo(f"[{c.n}] {c.title} ({c.date or '날짜 없음'}) “{c.quote[:120]}”")
