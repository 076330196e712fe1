"""``pressroom eval --dataset … [--corpus …] [--pipeline …] --out DIR``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import fail, offline_env


def evaluate(
    dataset: Annotated[str, typer.Option(help="corpus | SQuAD 형식 .json | 질문 JSONL(폴더) | triples 폴더")],
    out: Annotated[Path, typer.Option(help="결과 폴더 (report.md, report.html, results.jsonl)")],
    corpus: Annotated[Path, typer.Option(help="문서 폴더 또는 코퍼스 루트")] = Path("corpus"),
    pipeline: Annotated[list[str] | None, typer.Option(help="ours, fusion, keyword, dense, naive (여러 번)")] = None,
    task: Annotated[list[str] | None, typer.Option(help="retrieval, answer, draft, summary (여러 번)")] = None,
    generator: Annotated[list[str] | None, typer.Option(help="answer 과제의 생성기: extractive, embedded, openai")] = None,
    limit: Annotated[int | None, typer.Option(help="문항 표본 수 (seed 고정)")] = None,
    seed: Annotated[int, typer.Option(help="표본 seed")] = 13,
    store: Annotated[Path | None, typer.Option(help="기존 데이터 폴더 (없으면 out/store에 새로 수집)")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """평가: 검색·근거·답변·초안 품질과 속도를 측정해 보고서를 씁니다."""
    offline_env()
    from evaluation.harness import run_evaluation

    out.mkdir(parents=True, exist_ok=True)
    try:
        summary_path = run_evaluation(dataset=dataset, out_dir=out, corpus=corpus,
                                      pipelines=pipeline or ["ours", "fusion", "keyword", "dense", "naive"],
                                      tasks=task or ["retrieval"], limit=limit, seed=seed, store=store,
                                      show_progress=not quiet,
                                      generators=tuple(generator or ["extractive"]))
    except (ValueError, FileNotFoundError) as exc:
        fail(str(exc))
    typer.echo(summary_path.read_text(encoding="utf-8"))
