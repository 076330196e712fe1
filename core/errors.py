"""Errors with Korean messages that name the file or field at fault, and a stable code."""

from __future__ import annotations


class PressroomError(Exception):
    code = "pressroom_error"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)
        self.message = message


class ParseError(PressroomError):
    """A file could not be read into text (corrupt, encrypted, empty, unsupported, too large)."""

    code = "parse_error"

    def __init__(self, message: str, *, path: str, reason: str = "corrupt") -> None:
        super().__init__(message, path=path)
        self.reason = reason


class ModelMissingError(PressroomError):
    code = "model_missing"


class ModelFetchError(PressroomError):
    code = "model_fetch_failed"
