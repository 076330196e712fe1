"""``pressroom ask "…" [--generator embedded|openai|extractive] [--stream] [--json] [--conversation ID]``."""

from __future__ import annotations

from typing import Annotated, Any

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


def ask(
    question: str,
    generator: Annotated[str | None, typer.Option(help="embedded | openai | extractive (기본: 설정값)")] = None,
    stream: Annotated[bool, typer.Option("--stream", help="생성되는 대로 출력")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    clearance: Annotated[str, typer.Option(help="열람 등급 public|internal")] = "internal",
    date_from: Annotated[str | None, typer.Option("--from")] = None,
    date_to: Annotated[str | None, typer.Option("--to")] = None,
    department: Annotated[list[str] | None, typer.Option("--department")] = None,
    doc_type: Annotated[list[str] | None, typer.Option("--type")] = None,
    conversation: Annotated[str | None, typer.Option(
        "--conversation", help="대화 id: 같은 id로 물은 앞선 질문에 이어 읽습니다 (예: '그럼 지원 금액은?')")] = None,
) -> None:
    """질문에 문서 근거를 인용해 답합니다. 문서에 없으면 없다고 답합니다."""
    from generate.answer import Answerer
    from generate.backends import make_chat_model
    from generate.llm import LLMUnavailable
    from generate.types import Answer

    require_text(question, "질문이 비어 있습니다. 물어볼 내용을 입력하세요.")
    kb = open_kb()
    name = generator or kb.settings.generator
    if name not in ("embedded", "openai", "extractive"):
        fail(f"--generator: embedded, openai, extractive 중 하나여야 합니다 (입력: {name})")
    try:
        model = make_chat_model(kb.settings, name)
    except (LLMUnavailable, Exception) as exc:  # missing weights or server: fall back, say so
        typer.echo(f"알림: LLM을 쓸 수 없어 추출형 답변으로 대신합니다 ({exc})", err=True)
        model = None
    filters = make_filters(date_from, date_to, department, doc_type, clearance)
    warn_unknown_departments(kb, department)
    answerer = Answerer(kb, model)
    turns = _conversations(kb) if conversation else None
    history = turns.history(CLI_KEY, conversation) if turns and conversation else []
    final: dict[str, Any] = {}
    for event in answerer.stream(question, filters, history=history, generator=name,  # type: ignore[arg-type]
                                 conversation_id=conversation):
        if stream and not as_json and event.kind == "token":
            typer.echo(event.data["delta"], nl=False)
        if event.kind == "done":
            final = event.data
    answer = Answer.model_validate(final)
    if turns and conversation:
        turns.add(CLI_KEY, conversation, question)
        turns.close()
    if as_json:
        emit_json({"answer": answer.text, "refused": answer.refused, "refusal_reason": answer.refusal_reason,
                   "standalone_query": answer.standalone_query, "conversation_id": answer.conversation_id,
                   "generator": answer.generator, "sentences": [s.model_dump() for s in answer.sentences],
                   "citations": [c.model_dump(mode="json") for c in answer.citations],
                   "closest_sources": [c.model_dump(mode="json") for c in answer.closest_sources],
                   "dropped": [s.model_dump() for s in answer.dropped], "timings": answer.timings})
        return
    if stream:
        typer.echo("\n")
    _print(answer)


CLI_KEY = "cli"  # the CLI's conversations, apart from any API key's


def _conversations(kb: Any) -> Any:
    from api.conversations import ConversationStore

    return ConversationStore.for_data_dir(kb.settings.data_dir)


def _print(answer: Any) -> None:
    typer.echo(answer.text)
    sources = answer.citations or answer.closest_sources
    if sources:
        typer.echo("\n가까운 자료:" if answer.refused else "\n출처:")
    for c in sources:
        where = location(c.page, c.section, c.ocr)
        typer.echo(f"[{c.n}] {c.title} ({c.date or '날짜 없음'}, {c.department or '부서 없음'}) {where}")
        if c.context:  # a table row: its header names the columns
            typer.echo(f"    {c.context[:160]}")
        typer.echo(f"    “{c.quote[:160]}”")
