"""Round-trip check: every body line and every table row (``a | b | c``) of each source must appear
verbatim in ``parse_file(document).text``.

    python corpus/check.py [--source DIR] [--documents DIR] [--format FMT]

Exits non-zero and lists the lines that did not survive.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.source import SourceDoc, expected_lines, read_source

CORPUS = Path(__file__).resolve().parent


@dataclass
class DocumentCheck:
    file: str
    missing: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None and not self.missing


def check_document(doc: SourceDoc, document: Path) -> DocumentCheck:
    from core.errors import ParseError
    from ingest.parsers import parse_file

    result = DocumentCheck(document.name)
    started = time.perf_counter()
    try:
        text = parse_file(document).text
    except ParseError as exc:
        result.error = f"{exc.reason}: {exc}"
        return result
    finally:
        result.seconds = time.perf_counter() - started
    result.missing = [line for line in expected_lines(doc) if line not in text]
    return result


def check_corpus(source: Path = CORPUS / "source", documents: Path = CORPUS / "documents",
                 fmt: str | None = None) -> list[DocumentCheck]:
    """Check every source whose document exists in ``documents`` (``fmt`` overrides the format)."""
    results = []
    for path in sorted(source.glob("*.md")):
        doc = read_source(path)
        document = documents / f"{doc.doc_id}.{fmt or doc.format}"
        if not document.exists():
            results.append(DocumentCheck(document.name, error="missing: 문서가 생성되지 않았습니다"))
            continue
        results.append(check_document(doc, document))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="원본의 모든 줄이 파싱 결과에 그대로 남는지 확인합니다.")
    parser.add_argument("--source", type=Path, default=CORPUS / "source")
    parser.add_argument("--documents", type=Path, default=CORPUS / "documents")
    parser.add_argument("--format", help="모든 문서를 이 형식으로 찾음(build.py --format과 함께)")
    args = parser.parse_args(argv)
    results = check_corpus(args.source, args.documents, args.format)
    for result in results:
        if result.error:
            print(f"{result.file}: 오류 {result.error}")
        for line in result.missing:
            print(f"{result.file}: 누락 {line!r}")
    bad = [r for r in results if not r.ok]
    total = sum(r.seconds for r in results)
    print(f"문서 {len(results)}건 중 {len(results) - len(bad)}건 통과 (파싱 {total:.1f}초)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
