"""Counts of the bundled corpus and its evaluation set, printed as Markdown tables (for corpus/README.md).

    python corpus/stats.py [--source DIR] [--documents DIR] [--source-only]

Document type, format and access level come from each source's front matter. Characters are counted on
the text ingestion sees: every built document in ``corpus/documents`` parsed with
``ingest.parsers.parse_file`` (the front matter of .md/.txt removed, as ingestion does). When a document
is missing or older than its source, or with ``--source-only``, the source bodies are counted instead
(each line and each table row as ``a | b``); the output says which was counted.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.types import AccessLevel, DocType
from corpus.source import FORMATS, SourceDoc, expected_lines, read_source
from evaluation.datasets import EvalQuestion, QuestionType, load_questions

CORPUS = Path(__file__).resolve().parent


@dataclass(frozen=True)
class CharCount:
    per_doc: dict[str, int]
    basis: str  # what was counted, said in the output


def load_sources(source: Path) -> list[SourceDoc]:
    return [read_source(path) for path in sorted(source.glob("*.md"))]


def extracted_chars(docs: Sequence[SourceDoc], documents: Path) -> CharCount | None:
    """Characters of ``parse_file(document).text`` per document; None when a document is missing or stale."""
    from ingest.metadata import split_front_matter
    from ingest.parsers import parse_file

    per_doc: dict[str, int] = {}
    for doc in docs:
        path = documents / f"{doc.doc_id}.{doc.format}"
        source = CORPUS / "source" / f"{doc.doc_id}.md"
        if not path.exists() or (source.exists() and source.stat().st_mtime > path.stat().st_mtime):
            return None
        text = parse_file(path).text
        if doc.format in ("md", "txt"):
            text = split_front_matter(text)[1].lstrip("\n")
        per_doc[doc.doc_id] = len(text)
    return CharCount(per_doc, f"extracted text of the built documents (`parse_file`, {documents.name}/)")


def source_chars(docs: Sequence[SourceDoc]) -> CharCount:
    per_doc = {doc.doc_id: len("\n".join(expected_lines(doc))) for doc in docs}
    return CharCount(per_doc, "source bodies (corpus/source/*.md, table rows as `a | b`): an approximation of the extracted text")


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def n(value: int) -> str:
    return f"{value:,}"


def documents_section(docs: Sequence[SourceDoc], chars: CharCount) -> str:
    types = [t.value for t in DocType]
    formats = [f for f in FORMATS if any(d.format == f for d in docs)]
    by_type: dict[str, list[SourceDoc]] = {t: [d for d in docs if d.front.get("type") == t] for t in types}
    cross = Counter((d.front.get("type", ""), d.format) for d in docs)
    type_rows = [[t, *(cross[t, f] or "" for f in formats), len(by_type[t])] for t in types if by_type[t]]
    type_rows.append(["**total**", *(sum(d.format == f for d in docs) for f in formats), len(docs)])

    access_rows = []
    for level in AccessLevel:
        ids = [d.doc_id for d in docs if d.front.get("access", "public") == level.value]
        listed = ", ".join(ids) if level is not AccessLevel.PUBLIC else ""
        access_rows.append([level.value, len(ids), listed])

    total = sum(chars.per_doc.values())
    char_rows = []
    for t in types:
        counts = [chars.per_doc[d.doc_id] for d in by_type[t]]
        if counts:
            char_rows.append([t, len(counts), n(sum(counts)), n(sum(counts) // len(counts))])
    char_rows.append(["**total**", len(docs), n(total), n(total // max(len(docs), 1))])
    shortest = min(chars.per_doc, key=chars.per_doc.__getitem__)
    longest = max(chars.per_doc, key=chars.per_doc.__getitem__)
    return "\n\n".join([
        "### Documents by type and format",
        table(["type", *formats, "total"], type_rows),
        "### Access levels",
        table(["access", "documents", "ids"], access_rows),
        "### Characters",
        f"Counted on: {chars.basis}.",
        table(["type", "documents", "characters", "mean per document"], char_rows),
        f"Shortest: {shortest} ({n(chars.per_doc[shortest])}), longest: {longest} ({n(chars.per_doc[longest])}).",
    ])


def questions_section(questions: Sequence[EvalQuestion]) -> str:
    rows = []
    for kind in get_args(QuestionType):
        group = [q for q in questions if q.type == kind]
        rows.append([kind, len(group), sum(q.paraphrased for q in group)])
    rows.append(["**total**", len(questions), sum(q.paraphrased for q in questions)])
    unanswerable = [q for q in questions if not q.answerable]
    near = sum(q.near_miss for q in unanswerable)
    paraphrased = sum(q.paraphrased for q in questions)
    share = paraphrased / len(questions) if questions else 0.0
    answer_rows = [
        ["answerable", len(questions) - len(unanswerable)],
        ["unanswerable, near-miss (topic in the corpus, fact not)", near],
        ["unanswerable, off-topic", len(unanswerable) - near],
    ]
    return "\n\n".join([
        "### Questions by type",
        table(["type", "questions", "paraphrased"], rows),
        table(["answerability", "questions"], answer_rows),
        f"Paraphrased: {paraphrased} of {len(questions)} ({share:.0%}); "
        f"questions with several gold documents: {sum(len(q.gold_doc_ids) > 1 for q in questions)}.",
    ])


def eval_section(eval_dir: Path) -> str:
    briefs = sorted((eval_dir / "briefs").glob("*.yaml"))
    references = sorted((eval_dir / "references").glob("*.txt"))
    tasks = [json.loads(line) for path in sorted(eval_dir.glob("summaries*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    lengths = Counter(str(task.get("length", "")) for task in tasks)
    multi = sum(len(task.get("doc_ids", [])) > 1 for task in tasks)
    rows: list[list[object]] = [
        ["question files (questions/*.jsonl)", len(list((eval_dir / "questions").glob("*.jsonl")))],
        ["drafting briefs (briefs/*.yaml)", len(briefs)],
        ["reference releases (references/*.txt)", len(references)],
        ["summary tasks (summaries-*.jsonl)", len(tasks)],
        ["summary tasks, short / medium", f"{lengths['short']} / {lengths['medium']}"],
        ["summary tasks over several documents", multi],
    ]
    return "\n\n".join(["### Drafting briefs and summary tasks", table(["set", "count"], rows)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="코퍼스와 평가 세트의 건수를 마크다운 표로 출력합니다.")
    parser.add_argument("--source", type=Path, default=CORPUS / "source", help="원본 폴더")
    parser.add_argument("--documents", type=Path, default=CORPUS / "documents", help="생성된 문서 폴더")
    parser.add_argument("--source-only", action="store_true", help="문서를 파싱하지 않고 원본 본문 글자 수를 셈")
    args = parser.parse_args(argv)
    docs = load_sources(args.source)
    if not docs:
        print(f"원본 문서가 없습니다: {args.source}", file=sys.stderr)
        return 1
    chars = None if args.source_only else extracted_chars(docs, args.documents)
    if chars is None:
        if not args.source_only:
            print("문서가 없거나 원본보다 오래되어 원본 본문을 셉니다 (python corpus/build.py)", file=sys.stderr)
        chars = source_chars(docs)
    print(documents_section(docs, chars))
    print()
    print(questions_section(load_questions(CORPUS / "eval" / "questions")))
    print()
    print(eval_section(CORPUS / "eval"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
