"""Validation errors in Korean: pydantic writes English, and what a user reads (API errors, a brief's
problems) is Korean-first."""

from __future__ import annotations

from typing import Any

# pydantic's error types, in Korean: what a caller reads is Korean-first.
_MESSAGES = {
    "missing": "필수 항목입니다",
    "extra_forbidden": "알 수 없는 항목입니다",
    "string_too_short": "{min_length}자 이상이어야 합니다",
    "string_too_long": "너무 깁니다 (최대 {max_length}자)",
    "too_long": "항목이 너무 많습니다 (최대 {max_length}개)",
    "too_short": "항목이 {min_length}개 이상이어야 합니다",
    "greater_than_equal": "{ge} 이상이어야 합니다",
    "less_than_equal": "{le} 이하여야 합니다",
    "int_parsing": "정수여야 합니다",
    "int_type": "정수여야 합니다",
    "bool_parsing": "true 또는 false여야 합니다",
    "date_parsing": "올바른 날짜(YYYY-MM-DD)가 아닙니다",
    "date_from_datetime_parsing": "올바른 날짜(YYYY-MM-DD)가 아닙니다",
    "date_type": "올바른 날짜(YYYY-MM-DD)가 아닙니다",
    "literal_error": "허용값: {expected}",
    "enum": "허용값: {expected}",
    "json_invalid": "JSON 형식이 올바르지 않습니다",
    "string_type": "문자열이어야 합니다",
    "list_type": "목록이어야 합니다",
    "model_type": "객체여야 합니다",
    "model_attributes_type": "객체여야 합니다",
}


def korean_message(error: Any) -> str:
    """One validation error's message in Korean; our own validators' messages (already Korean) lose pydantic's
    "Value error, " prefix, and an error type not listed keeps pydantic's text.

    >>> korean_message({"type": "less_than_equal", "msg": "Input should be less than or equal to 50",
    ...                 "ctx": {"le": 50}})
    '50 이하여야 합니다'
    >>> korean_message({"type": "literal_error", "msg": "…", "ctx": {"expected": "'hybrid', 'keyword' or 'dense'"}})
    "허용값: 'hybrid', 'keyword', 'dense'"
    """
    kind = str(error.get("type", ""))
    if kind == "string_too_short" and (error.get("ctx") or {}).get("min_length") == 1:
        return "비어 있을 수 없습니다"
    if kind == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    template = _MESSAGES.get(kind)
    if template is None:
        return str(error.get("msg", ""))
    context = {k: str(v).replace(" or ", ", ") for k, v in (error.get("ctx") or {}).items()}
    try:
        return template.format(**context)
    except KeyError:  # a context value the template names is missing: the template without it
        return template.split(" (")[0].split(":")[0]


def korean_problems(errors: list[Any]) -> str:
    """``field: message; …`` for every error of a ``ValidationError.errors()`` list.

    >>> korean_problems([{"type": "missing", "loc": ("brief", "key_facts"), "msg": "Field required"}])
    'brief.key_facts: 필수 항목입니다'
    """
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {korean_message(e)}" for e in errors)

