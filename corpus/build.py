"""Build ``corpus/documents/`` from ``corpus/source/*.md``: each source in its front matter's format,
plus the ``_metadata.jsonl`` sidecar ingestion reads.

    python corpus/build.py [--source DIR] [--out DIR] [--format FMT]

Output is deterministic (fixed timestamps and ids), so building twice gives the same bytes; files of
sources that no longer exist are removed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.source import FORMATS, SourceDoc, SourceError, read_source

CORPUS = Path(__file__).resolve().parent
DEFAULT_SOURCE = CORPUS / "source"
DEFAULT_OUT = CORPUS / "documents"
METADATA_FILE = "_metadata.jsonl"


@dataclass
class BuildReport:
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def render(doc: SourceDoc, out_dir: Path, fmt: str | None = None) -> Path:
    """Write one document in ``fmt`` (default: its front matter's format); returns the file written."""
    from corpus.writers import WRITERS

    fmt = fmt or doc.format
    target = out_dir / f"{doc.doc_id}.{fmt}"
    partial = target.with_name(f".{target.name}.partial")
    try:
        WRITERS[fmt](doc, partial)
        partial.chmod(0o644)  # some libraries write through private temp files (mode 600)
        partial.replace(target)  # never leave a half-written document where ingestion can see it
    finally:
        partial.unlink(missing_ok=True)
    return target


def metadata_record(doc: SourceDoc, file_name: str) -> dict[str, str]:
    return {
        "file": file_name,
        "doc_id": Path(file_name).stem,
        "title": doc.title,
        "date": doc.front.get("date", ""),
        "department": doc.front.get("department", ""),
        "doc_type": doc.front.get("type", "other"),
        "access": doc.front.get("access", "public"),
    }


def build(source: Path = DEFAULT_SOURCE, out: Path = DEFAULT_OUT, fmt: str | None = None) -> BuildReport:
    """Render every ``source/*.md`` into ``out``; ``fmt`` forces one format for all (for tests)."""
    started = time.perf_counter()
    report = BuildReport()
    out.mkdir(parents=True, exist_ok=True)
    records = []
    for path in sorted(source.glob("*.md")):
        try:
            doc = read_source(path)
            written = render(doc, out, fmt)
        except (SourceError, OSError, ValueError, KeyError) as exc:
            report.errors[path.name] = f"{type(exc).__name__}: {exc}"
            continue
        report.written.append(written)
        records.append(metadata_record(doc, written.name))
    report.removed = _remove_stale(out, {p.name for p in report.written}, set(report.errors))
    lines = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records]
    (out / METADATA_FILE).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    report.seconds = time.perf_counter() - started
    return report


def _remove_stale(out: Path, keep: set[str], failed_sources: set[str]) -> list[Path]:
    """Delete documents no source produces any more (a failed source keeps its previous file)."""
    failed_ids = {Path(name).stem for name in failed_sources}
    stale = [p for p in out.iterdir()
             if p.suffix.lstrip(".") in FORMATS and p.name not in keep and p.stem not in failed_ids]
    for path in stale:
        path.unlink()
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="코퍼스 원본(corpus/source/*.md)으로 문서를 생성합니다.")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="원본 폴더")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="출력 폴더")
    parser.add_argument("--format", choices=FORMATS, help="모든 문서를 이 형식으로 생성(시험용)")
    args = parser.parse_args(argv)
    report = build(args.source, args.out, args.format)
    print(f"문서 {len(report.written)}건 생성, {len(report.removed)}건 삭제, "
          f"오류 {len(report.errors)}건 ({report.seconds:.1f}초) → {args.out}")
    for name, message in report.errors.items():
        print(f"  오류 {name}: {message}", file=sys.stderr)
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
