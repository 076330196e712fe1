"""Smoke evaluation: the harness end to end on tiny datasets (triples folder and SQuAD format), through the
CLI, with baselines side by side — so the harness cannot silently rot."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import write_corpus

pytestmark = pytest.mark.slow

QUESTIONS = [
    {"id": "t1", "question": "청년 월세 지원은 몇 명까지 늘어나나요?", "answer": "3,000명", "source": "release.txt"},
    {"id": "t2", "question": "간선버스 노선은 몇 개 새로 생기나요?", "answer": "간선버스", "source": "plan.txt"},
    {"id": "t3", "question": "한빛시 지하철 5호선 개통일은 언제인가요?", "answer": ""},
]


def _triples(root: Path) -> Path:
    folder = root / "triples"
    write_corpus(folder / "documents")
    (folder / "questions.jsonl").write_text(
        "\n".join(json.dumps(q, ensure_ascii=False) for q in QUESTIONS) + "\n", encoding="utf-8")
    return folder


def _run_cli(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRESSROOM_EMBEDDER": "hashing", "PRESSROOM_GENERATOR": "extractive",
           "PRESSROOM_DATA_DIR": str(data)}
    return subprocess.run([sys.executable, "-c", "from api.cli import main; main()", "eval", *args, "-q"],
                          env=env, capture_output=True, text=True, timeout=300)


def _records(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()]


def test_cli_evaluates_pipelines_and_answers_and_resumes(tmp_path: Path) -> None:
    folder, out = _triples(tmp_path), tmp_path / "out"
    args = ("--dataset", str(folder), "--out", str(out), "--pipeline", "ours", "--pipeline", "keyword",
            "--pipeline", "naive", "--task", "retrieval", "--task", "answer")
    done = _run_cli(*args, data=tmp_path / "data")
    assert done.returncode == 0, done.stderr[-2000:]
    records = _records(out)
    retrieval = {(r["pipeline"], r["qid"]): r for r in records if r["task"] == "retrieval"}
    assert {p for p, _ in retrieval} == {"ours", "keyword", "naive"}
    assert retrieval[("ours", "t1")]["metrics"]["hit@1"] == 1.0
    answers = {r["qid"]: r for r in records if r["task"] == "answer"}
    assert answers["t3"]["metrics"]["refusal_recall"] == 1.0, "the unanswerable question is refused"
    assert answers["t1"]["metrics"]["false_refusal"] == 0.0 and "3,000명" in answers["t1"]["answer"]
    assert all(c["supported"] for c in answers["t1"]["citations"])
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert "retrieval/naive" in json.dumps(summary)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<svg" in html and "<script src" not in html and "<link" not in html  # self-contained plots
    assert "| ours |" in (out / "report.md").read_text(encoding="utf-8")

    again = _run_cli(*args, data=tmp_path / "data")  # resumable: nothing is run or written twice
    assert again.returncode == 0, again.stderr[-2000:]
    assert len(_records(out)) == len(records)


def test_squad_format_runs_as_corpus_and_questions(tmp_path: Path) -> None:
    squad = {"data": [{"title": "한빛시", "paragraphs": [
        {"context": "한빛시는 2025년 청년 월세 지원 대상을 3,000명으로 늘렸다.",
         "qas": [{"id": "s1", "question": "청년 월세 지원 대상은 몇 명인가?",
                  "answers": [{"text": "3,000명", "answer_start": 30}]}]},
        {"context": "한빛시 교통정책과는 간선버스 노선 4개를 신설한다.",
         "qas": [{"id": "s2", "question": "간선버스 노선을 신설하는 부서는?",
                  "answers": [{"text": "교통정책과", "answer_start": 4}]}]}]}]}
    path = tmp_path / "tiny_squad.json"
    path.write_text(json.dumps(squad, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    done = _run_cli("--dataset", str(path), "--out", str(out), "--pipeline", "ours", "--task", "retrieval",
                    data=tmp_path / "data")
    assert done.returncode == 0, done.stderr[-2000:]
    records = _records(out)
    assert {r["qid"] for r in records} == {"s1", "s2"}
    assert all(r["metrics"]["hit@1"] == 1.0 for r in records)

    other = tmp_path / "other-out"  # a second evaluation over the same store ingests nothing again
    done = _run_cli("--dataset", str(path), "--out", str(other), "--store", str(out / "store"),
                    "--pipeline", "keyword", "--task", "retrieval", data=tmp_path / "data")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "- documents: 2" in (other / "report.md").read_text(encoding="utf-8")
    assert "- ingest_embedded_chunks: 0" in (other / "report.md").read_text(encoding="utf-8")


def _questions_file(folder: Path, rows: list[Any]) -> Path:
    (folder / "documents").mkdir(parents=True, exist_ok=True)
    (folder / "questions.jsonl").write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
        encoding="utf-8")
    return folder


def test_a_questions_file_may_hold_triples_or_our_own_schema(tmp_path: Path) -> None:
    # A held-out set written in our schema must not be read as triples without a source (all "unanswerable").
    from evaluation.datasets import triples_dataset

    folder = _questions_file(tmp_path, [
        {"id": "own", "question": "청년 월세 지원 인원은?", "gold_doc_ids": ["release"],
         "gold_passages": ["3,000명"], "type": "factoid"},
        {"question": "노선은 몇 개?", "answer": ["12개", "열두 개"], "source": ["docs/plan.hwp", "release.pdf"]},
        {"question": "5호선 개통일은?"},
    ])
    own, triple, missing = triples_dataset(folder).questions
    assert own.answerable and own.gold_doc_ids == ["release"] and own.gold_passages == ["3,000명"]
    assert triple.gold_doc_ids == ["plan", "release"] and triple.reference_answer == "12개"
    assert triple.passage_quotes() == [["12개", "열두 개"]]
    assert not missing.answerable and missing.type == "unanswerable" and not missing.gold_doc_ids


@pytest.mark.parametrize(("row", "named"), [
    ({"answer": "3,000명", "source": "release.txt"}, "question"),
    ("{not json", "questions.jsonl:2"),
    ({"question": "인원은?", "gold_doc_ids": "release", "gold_passages": []}, "gold_doc_ids"),
])
def test_a_bad_question_row_is_named_by_file_line_and_field(tmp_path: Path, row: Any, named: str) -> None:
    from evaluation.datasets import triples_dataset

    folder = _questions_file(tmp_path, [{"question": "청년 월세 지원 인원은?", "source": "release.txt"}, row])
    with pytest.raises(ValueError, match=r"questions\.jsonl:2") as error:
        triples_dataset(folder)
    assert named in str(error.value)


def test_a_folder_laid_out_like_the_corpus_is_a_dataset(tmp_path: Path) -> None:
    from evaluation.harness import resolve_dataset

    write_corpus(tmp_path / "set" / "documents")
    (tmp_path / "set" / "eval" / "questions").mkdir(parents=True)
    (tmp_path / "set" / "eval" / "questions" / "part.jsonl").write_text(json.dumps(
        {"id": "q1", "question": "청년 월세 지원 인원은?", "gold_doc_ids": ["release"]}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    ds = resolve_dataset(str(tmp_path / "set"), tmp_path / "unused", tmp_path / "work", None, 13)
    assert ds.documents == tmp_path / "set" / "documents" and [q.id for q in ds.questions] == ["q1"]
    with pytest.raises(FileNotFoundError, match=r"questions\.jsonl"):
        resolve_dataset(str(tmp_path / "nowhere"), tmp_path / "unused", tmp_path / "work", None, 13)


def test_a_questions_file_reads_the_documents_of_a_corpus_root(tmp_path: Path) -> None:
    # "--corpus corpus" names the corpus root: its documents/, not its build scripts, sources and gold questions.
    from evaluation.harness import resolve_dataset

    write_corpus(tmp_path / "root" / "documents")
    (tmp_path / "root" / "eval").mkdir()
    questions = tmp_path / "root" / "eval" / "some.jsonl"
    questions.write_text(json.dumps({"id": "q1", "question": "청년 월세 지원 인원은?", "gold_doc_ids": ["release"]},
                                    ensure_ascii=False) + "\n", encoding="utf-8")
    ds = resolve_dataset(str(questions), tmp_path / "root", tmp_path / "work", None, 13)
    assert ds.documents == tmp_path / "root" / "documents"
    ds = resolve_dataset(str(questions), tmp_path / "root" / "documents", tmp_path / "work", None, 13)
    assert ds.documents == tmp_path / "root" / "documents", "a documents folder is taken as it is"


def test_a_corpus_root_without_documents_is_never_ingested_whole(tmp_path: Path) -> None:
    # A checkout whose documents were never built: "--corpus corpus" must not ingest its eval/ (gold questions and
    # reference answers) as documents — that put 107 such files into a store once.
    from evaluation.harness import resolve_dataset

    (tmp_path / "root" / "eval").mkdir(parents=True)
    questions = tmp_path / "root" / "eval" / "some.jsonl"
    questions.write_text(json.dumps({"id": "q1", "question": "청년 월세 지원 인원은?", "gold_doc_ids": ["release"]},
                                    ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="documents") as error:
        resolve_dataset(str(questions), tmp_path / "root", tmp_path / "work", None, 13)
    assert "문서 폴더가 없습니다" in str(error.value)


def test_the_bundled_corpus_root_gets_its_documents_built(tmp_path: Path) -> None:
    import shutil

    from evaluation.harness import documents_folder

    bundled = Path(__file__).resolve().parents[1] / "corpus"
    root = tmp_path / "corpus"
    (root / "source").mkdir(parents=True)
    (root / "eval").mkdir()
    shutil.copy(bundled / "build.py", root / "build.py")
    shutil.copy(bundled / "source" / "pr-001.md", root / "source" / "pr-001.md")
    assert documents_folder(root) == root / "documents"
    built = (root / "documents" / "_metadata.jsonl").read_text(encoding="utf-8")
    assert '"doc_id": "pr-001"' in built and not (root / "documents" / "eval").exists()
