"""Glue between the CLI and the runner: resolve the dataset, open (or build) a store, run tasks, report."""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

from evaluation.datasets import Dataset, corpus_dataset, load_questions, squad_dataset, triples_dataset
from evaluation.report import summarise, write_reports
from evaluation.runner import load_results, run_retrieval


def resolve_dataset(dataset: str, corpus: Path, workdir: Path, limit: int | None, seed: int) -> Dataset:
    """``workdir`` receives the documents of a SQuAD file; keep it stable per store, since a document's
    id comes from its path (the same paragraphs under a new folder would be ingested again)."""
    path = Path(dataset)
    if dataset == "corpus":
        ds = corpus_dataset(corpus)
    elif path.suffix == ".json":
        return squad_dataset(path, workdir / path.stem, limit=limit, seed=seed)
    elif path.is_dir() and (path / "questions.jsonl").exists():
        ds = triples_dataset(path)
    elif path.is_dir() and (path / "documents").is_dir() and (questions := _questions_folder(path)):
        ds = Dataset(path.name, path / "documents", load_questions(questions))
    elif path.exists():
        ds = Dataset(path.stem, documents_folder(corpus), load_questions(path))
    else:
        raise FileNotFoundError(f"평가 데이터가 없습니다: {dataset} ('corpus', SQuAD 형식 .json, 질문 .jsonl, "
                                "또는 documents/와 questions.jsonl이 든 폴더)")
    if limit is not None and limit < len(ds.questions):
        ds.questions = random.Random(seed).sample(ds.questions, limit)
    return ds


def documents_folder(corpus: Path) -> Path:
    """The documents ``--corpus`` names: a corpus root's ``documents/`` (the bundled ``corpus`` holds its build
    scripts, sources and gold questions beside them, none of which is a document to ingest), else the folder.

    A corpus root whose documents are not built yet (a fresh checkout of the bundled corpus) gets them built,
    as ``--dataset corpus`` does; any other folder holding ``eval/`` but no ``documents/`` is refused — ingesting
    it would put the gold questions and reference answers into the store as documents."""
    documents = corpus / "documents"
    if documents.is_dir():
        return documents
    if (corpus / "source").is_dir() and (corpus / "build.py").is_file():
        from corpus.build import build

        build(corpus / "source", documents)
        return documents
    if (corpus / "eval").is_dir():
        raise FileNotFoundError(f"문서 폴더가 없습니다: {documents} — --corpus에는 documents/가 든 코퍼스 폴더나 "
                                "문서 폴더 자체를 주세요 (평가 문항이 든 eval/은 문서로 수집하지 않습니다).")
    return corpus


def _questions_folder(root: Path) -> Path | None:
    """A dataset laid out like the bundled corpus: ``documents/`` beside ``questions/`` or ``eval/questions/``."""
    return next((d for d in (root / "questions", root / "eval" / "questions") if d.is_dir()), None)


def run_evaluation(*, dataset: str, out_dir: Path, corpus: Path, pipelines: list[str], tasks: list[str],
                   limit: int | None, seed: int, store: Path | None, show_progress: bool,
                   generators: tuple[str, ...] = ("extractive",),
                   settings_overrides: dict[str, Any] | None = None) -> Path:
    from core.kb import KnowledgeBase
    from core.settings import Settings

    data_dir = store or out_dir / "store"
    ds = resolve_dataset(dataset, corpus, data_dir / "datasets", limit, seed)
    settings = Settings(data_dir=data_dir, **(settings_overrides or {}))
    kb = KnowledgeBase(settings)
    t0 = time.perf_counter()
    report = kb.ingest([ds.documents])
    ingest_seconds = time.perf_counter() - t0
    extra: dict[str, Any] = {
        "dataset": ds.name, "questions": len(ds.questions), "documents": len(kb.document_metas()),
        "embedder": settings.embedder, "ingest_seconds": round(ingest_seconds, 1),
        "ingest_embedded_chunks": report.embedded_chunks,
    }
    with _progress(show_progress) as tick:
        if "retrieval" in tasks:
            run_retrieval(kb, ds, pipelines, out_dir, progress=tick)
        if "answer" in tasks:
            from evaluation.answers import run_answers

            run_answers(kb, ds, out_dir, generators=generators, progress=tick)
        if "draft" in tasks:
            from evaluation.drafts import run_drafts

            run_drafts(kb, corpus, out_dir, progress=tick)
    write_reports(summarise(load_results(out_dir)), out_dir, f"Pressroom evaluation — {ds.name}", extra)
    kb.close()
    return out_dir / "report.md"


class _progress:
    def __init__(self, show: bool) -> None:
        self.show = show

    def __enter__(self) -> Any:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self._bar = Progress(BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), disable=not self.show)
        self._bar.__enter__()
        self._task = self._bar.add_task("eval", total=None)

        def tick(done: int, total: int) -> None:
            self._bar.update(self._task, completed=done, total=total)

        return tick

    def __exit__(self, *exc: object) -> None:
        self._bar.__exit__(None, None, None)
