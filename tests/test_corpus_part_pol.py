"""Data checks for the policy part of the corpus (pol-01..13, questions qp-*, summaries s-p*).

Gold passages and summary figures are trusted blindly by the metrics, so a passage that drifted from
its source line, or a summary figure no document contains, would silently corrupt every score.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SOURCE_IDS = [f"pol-{i:02d}" for i in range(1, 14)]
NOT_FOUND = "제공된 문서에서 확인할 수 없습니다."
NUMBER = re.compile(r"\d[\d,.]*\d|\d")
OUTLINE_MARKS = ("□", "○", "-", "※")


def _split(doc_id: str) -> tuple[dict[str, str], str]:
    raw = (CORPUS / "source" / f"{doc_id}.md").read_text(encoding="utf-8")
    assert raw.startswith("---\n"), doc_id
    front, body = raw[4:].split("\n---\n", 1)
    return dict(line.split(": ", 1) for line in front.splitlines()), body


def _is_separator(cells: list[str]) -> bool:
    return all(set(c) <= set("-: ") for c in cells)


def _lines(doc_id: str) -> tuple[list[str], list[str]]:
    """(prose lines, table rows rendered as cells joined by ' | ') as every format extracts them."""
    prose, rows = [], []
    for line in _split(doc_id)[1].splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not _is_separator(cells):
                rows.append(" | ".join(cells))
        elif line.strip():
            prose.append(line)
    return prose, rows


def _table_count(body: str) -> int:
    starts = [i for i, line in enumerate(body.splitlines()) if line.startswith("|---")]
    return len(starts)


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _questions() -> list[dict[str, Any]]:
    return _jsonl(CORPUS / "eval" / "questions" / "part-pol.jsonl")


def test_sources_follow_policy_style() -> None:
    formats: Counter[str] = Counter()
    internal = []
    for doc_id in SOURCE_IDS:
        meta, body = _split(doc_id)
        formats[meta["format"]] += 1
        assert meta["type"] == "policy", doc_id
        assert 5500 <= len(body.strip()) <= 8500, doc_id
        assert 2 <= _table_count(body) <= 4, doc_id
        assert "작성 부서: " in body and "작성일: " in body, doc_id
        assert "Ⅰ. " in body and "Ⅱ. " in body, doc_id
        for line in body.splitlines():
            assert not line.startswith("#") and "**" not in line, (doc_id, line)
            if line[:1] in OUTLINE_MARKS and not line.startswith("|"):
                assert line[1:2] == " ", (doc_id, line)  # marks are followed by a space
        if meta["access"] == "internal":
            internal.append(doc_id)
            assert meta["title"].endswith("(안)") and body.lstrip().startswith("대외비"), doc_id
    assert formats == {"hwpx": 6, "hwp": 4, "docx": 1, "xlsx": 1, "pdf": 1}
    assert len(internal) == 3


def test_question_mix_and_schema() -> None:
    records = _questions()
    assert len({r["id"] for r in records}) == len(records) == 50
    types = Counter(r["type"] for r in records)
    assert types == {"factoid": 15, "table": 12, "multi_doc": 7, "temporal": 5, "comparison": 3,
                     "unanswerable": 8}
    assert sum(r["near_miss"] for r in records) == 4
    assert sum(r["paraphrased"] for r in records) * 2 >= len(records)
    access = {doc_id: _split(doc_id)[0]["access"] for doc_id in SOURCE_IDS}
    internal_only = [r["id"] for r in records
                     if r["gold_doc_ids"] and all(access[d] == "internal" for d in r["gold_doc_ids"])]
    assert len(internal_only) == 3


@pytest.mark.parametrize("record", _questions(), ids=lambda r: r["id"])
def test_gold_passages_are_verbatim(record: dict[str, Any]) -> None:
    if not record["answerable"]:
        assert record["type"] == "unanswerable" and record["gold_doc_ids"] == []
        assert record["gold_passages"] == [] and record["reference_answer"] == NOT_FOUND
        return
    docs, passages = record["gold_doc_ids"], record["gold_passages"]
    assert docs and set(docs) <= set(SOURCE_IDS)
    if record["type"] in ("multi_doc", "comparison"):
        assert len(docs) == len(passages) == len(set(docs)) == 2  # one passage per document
    for doc_id, passage in zip(docs * len(passages) if len(docs) == 1 else docs, passages, strict=True):
        assert 10 <= len(passage) <= 120 and "\n" not in passage
        prose, rows = _lines(doc_id)
        assert any(passage in line for line in prose + rows), (doc_id, passage)
        if record["type"] == "table":
            # The asked figure lives only in the table: some number of the row is absent from the prose.
            assert " | " in passage
            numbers = [n for n in NUMBER.findall(passage) if len(n) > 1]
            assert any(all(n not in line for line in prose) for n in numbers), passage


def test_summaries_cite_real_figures() -> None:
    records = _jsonl(CORPUS / "eval" / "summaries-pol.jsonl")
    assert [r["id"] for r in records] == [f"s-p{i}" for i in range(1, 6)]
    sizes = Counter(len(r["doc_ids"]) for r in records)
    assert sizes[1] == 3 and sizes[2] + sizes[3] == 2
    for record in records:
        assert record["length"] in ("short", "medium") and record["key_points"]
        summary = record["reference_summary"]
        assert 3 <= summary.count("다.") <= 6, record["id"]
        bodies = " ".join(_split(d)[1] for d in record["doc_ids"])
        missing = [n for n in NUMBER.findall(summary) if n not in bodies]
        assert not missing, (record["id"], missing)
