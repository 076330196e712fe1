"""Thin adapter over ``generate.draft`` (issue 7): the one place that knows the drafting API.

Imported lazily (the drafting package pulls in the export libraries); if it is missing the routes answer
503 ``drafts_unavailable``. Every call passes the caller's ``SearchFilters``, so exemplars, background
passages and summarised documents stay within the caller's clearance.
"""

from __future__ import annotations

import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from api.problems import ApiProblem
from api.views import public_citation
from core.types import SearchFilters

UNAVAILABLE = "보도자료 초안·요약 기능이 설치되지 않았습니다 (generate.draft 모듈 없음)."
MEDIA_TYPES = {"md": "text/markdown; charset=utf-8", "hwpx": "application/hwp+zip",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@dataclass
class Drafted:
    """A draft as the client sees it (``data``) and the drafting result it came from (for export)."""

    data: dict[str, Any]
    result: Any
    title: str


class Drafting:
    def __init__(self, kb: Any, model: Any) -> None:
        self.kb = kb
        self.model = model
        self._style: Any = None
        self._lock = threading.Lock()

    def style(self) -> Any:
        with self._lock:
            if self._style is None:
                self._style = _load("generate.draft.style").load_style()
            return self._style

    def draft(self, brief: dict[str, Any], kind: str, generator: str | None, filters: SearchFilters) -> Drafted:
        parsed = self._brief({**brief, "kind": kind})
        if parsed.kind == "explainer":
            summary = _load("generate.draft.summarize").explainer_from_brief(parsed)
            return Drafted(_summary_json(summary) | {"flags": [], "exemplars": []}, summary, summary.title or "설명문")
        model = self.model if generator in ("embedded", "openai") else None  # default: the template (≤ 1 s)
        drafter = _load("generate.draft.drafter").Drafter(self.kb, model, self.style())
        result = drafter.draft(parsed, filters)
        data = {"release": result.release.model_dump(mode="json"), "text": result.release.to_text(self.style()),
                "flags": [f.model_dump() for f in result.flags], "exemplars": result.exemplars,
                "background": [public_citation(c.model_dump(mode="json")) for c in result.background],
                "generator": result.generator, "style_issues": result.style_issues, "timings": result.timings}
        return Drafted(data, result, parsed.topic)

    def export(self, drafted: Drafted, fmt: str) -> tuple[bytes, str, str]:
        """(file bytes, media type, file name) of a draft in md, docx or hwpx."""
        export = _load("generate.draft.export")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"draft.{fmt}"
            if "release" in drafted.data:
                export.export(drafted.result, fmt, path, self.style())
            else:
                export.export_text(drafted.result.text, fmt, path, title=drafted.title)
            content = path.read_bytes()
        return content, MEDIA_TYPES[fmt], f"{drafted.title[:60]}.{fmt}"

    def summarize(self, doc_ids: list[str], length: str, kind: str, filters: SearchFilters) -> dict[str, Any]:
        module = _load("generate.draft.summarize")
        summarizer = module.Summarizer(self.kb, None)
        try:
            summary = (summarizer.explain if kind == "explainer" else summarizer.summarize)(doc_ids, length, filters)
        except module.SummaryError as exc:  # unknown or above the caller's clearance: the same answer
            raise ApiProblem(404, "document_not_found", exc.message) from exc
        return _summary_json(summary)

    def _brief(self, data: dict[str, Any]) -> Any:
        module = _load("generate.draft.brief")
        try:
            return module.parse_brief(data)
        except module.BriefError as exc:
            raise ApiProblem(422, "invalid_brief", exc.message) from exc


def _summary_json(summary: Any) -> dict[str, Any]:
    data = summary.model_dump(mode="json")
    data["citations"] = [public_citation(c) for c in data["citations"]]
    return data | {"text": summary.text}


def _load(name: str) -> Any:
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise ApiProblem(503, "drafts_unavailable", UNAVAILABLE) from exc
