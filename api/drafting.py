"""Thin adapter over ``generate.draft`` (issue 7), imported lazily.

Until the drafting package is installed the routes answer 503 ``drafts_unavailable``; the adapter is the
one place that knows the drafting API, so the routes do not change when it does.
"""

from __future__ import annotations

from typing import Any

from api.problems import ApiProblem
from core.types import SearchFilters

UNAVAILABLE = "보도자료 초안·요약 기능이 아직 설치되지 않았습니다 (generate.draft 모듈 없음)."


class Drafting:
    def __init__(self, kb: Any, model: Any) -> None:
        self.kb = kb
        self.model = model

    def _module(self) -> Any:
        try:
            import generate.draft as draft
        except ImportError as exc:
            raise ApiProblem(503, "drafts_unavailable", UNAVAILABLE) from exc
        return draft

    def draft(self, brief: dict[str, Any], kind: str, generator: str | None, filters: SearchFilters) -> Any:
        draft = self._module()
        raise ApiProblem(503, "drafts_unavailable", UNAVAILABLE + f" ({draft.__name__})")

    def export(self, result: Any, fmt: str) -> tuple[bytes, str, str]:
        """(file bytes, media type, file name) of a draft in md/docx/hwpx."""
        raise ApiProblem(503, "drafts_unavailable", UNAVAILABLE)

    def summarize(self, doc_ids: list[str], length: str, kind: str, filters: SearchFilters) -> Any:
        self._module()
        raise ApiProblem(503, "drafts_unavailable", UNAVAILABLE)
