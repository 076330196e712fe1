"""Chat models behind one small interface: the embedded GGUF model (xllamacpp) and any OpenAI-compatible
server (vLLM, Ollama, llama.cpp server, OpenAI). Both stream text deltas.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

Message = dict[str, str]


class ChatModel(Protocol):
    name: str

    def stream(self, messages: Sequence[Message], *, max_tokens: int = 256, temperature: float = 0.1,
               json_schema: dict[str, object] | None = None) -> Iterator[str]:
        """Yield the reply's text in pieces as it is generated."""
        ...


def complete(model: ChatModel, messages: Sequence[Message], **kwargs: object) -> str:
    return "".join(model.stream(messages, **kwargs))  # type: ignore[arg-type]


class LLMUnavailable(RuntimeError):
    """The model could not be reached or loaded; callers fall back to the extractive path."""
