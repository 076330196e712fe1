"""Chat models behind one small interface: the embedded GGUF model (xllamacpp) and any OpenAI-compatible
server (vLLM, Ollama, llama.cpp server, OpenAI). Both stream text deltas.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from typing import Any, Protocol

Message = dict[str, str]
# Receives the first generated token's most likely alternatives, {token text: log-probability}.
FirstTokenHook = Callable[[dict[str, float]], None]
TOP_LOGPROBS = 10


class ChatModel(Protocol):
    name: str

    def stream(self, messages: Sequence[Message], *, max_tokens: int = 256, temperature: float = 0.1,
               json_schema: dict[str, object] | None = None,
               on_first_token: FirstTokenHook | None = None) -> Generator[str, None, None]:
        """Yield the reply's text in pieces as it is generated. A backend that reports log-probabilities
        calls ``on_first_token`` once, before the first piece; others never call it. Closing the iterator
        early stops the generation."""
        ...


def complete(model: ChatModel, messages: Sequence[Message], **kwargs: object) -> str:
    return "".join(model.stream(messages, **kwargs))  # type: ignore[arg-type]


def first_token_alternatives(choice: dict[str, Any]) -> dict[str, float] | None:
    """The top alternatives of the first token in an OpenAI-format (streamed) choice, if it carries any."""
    content = (choice.get("logprobs") or {}).get("content") or []
    if not content:
        return None
    return {alt["token"]: float(alt["logprob"]) for alt in content[0].get("top_logprobs") or []}


class LLMUnavailable(RuntimeError):
    """The model could not be reached or loaded; callers fall back to the extractive path."""
