"""Evaluation datasets: our JSONL schema, a SQuAD/KorQuAD adapter, and generic (question, answer, source) triples.

Every dataset becomes the same thing: a folder of documents to ingest and a list of ``EvalQuestion``s whose
gold ids are document *keys* (file stems), so any pipeline can be scored on any dataset.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, model_validator

QuestionType = Literal["factoid", "table", "multi_doc", "temporal", "comparison", "unanswerable"]


class AlternativePassage(BaseModel):
    """A verbatim passage, in any document, that states the same fact as gold passage ``gold_index``: a
    release's headline, sub-title or fact box often repeats the figure its body sentence gives, and a later
    document can restate it. Retrieving either answers the question, so passage recall counts either."""

    gold_index: int = Field(ge=0)
    doc_id: str
    passage: str


class EvalQuestion(BaseModel):
    id: str
    question: str
    type: QuestionType = "factoid"
    answerable: bool = True
    gold_doc_ids: list[str] = Field(default_factory=list)
    gold_passages: list[str] = Field(default_factory=list)
    reference_answer: str = ""
    paraphrased: bool = False
    near_miss: bool = False
    alternative_passages: list[AlternativePassage] = Field(default_factory=list)
    # Documents whose text is a copy of a gold document's and hold its answer (KorQuAD-dev repeats some
    # paragraphs word for word); set by an adapter that checked for copies, None when nobody did.
    gold_copies: dict[str, list[str]] | None = None

    @model_validator(mode="after")
    def _alternatives_name_a_gold_passage(self) -> EvalQuestion:
        for alt in self.alternative_passages:
            if alt.gold_index >= len(self.gold_passages):
                raise ValueError(f"alternative_passages.gold_index {alt.gold_index}: 정답 구절(gold_passages)은 "
                                 f"{len(self.gold_passages)}개뿐입니다")
        return self

    def passage_quotes(self) -> list[list[str]]:
        """Per gold passage, every quote that states it: the labelled one first, then its alternatives."""
        quotes = [[p] for p in self.gold_passages]
        for alt in self.alternative_passages:
            quotes[alt.gold_index].append(alt.passage)
        return quotes


@dataclass
class Dataset:
    name: str
    documents: Path
    questions: list[EvalQuestion]


def load_questions(path: Path) -> list[EvalQuestion]:
    """Questions from one JSONL file or every ``*.jsonl`` in a folder (sorted, so order is stable)."""
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    out = []
    for file in files:
        for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    out.append(EvalQuestion.model_validate_json(line))
                except ValueError as exc:
                    raise ValueError(f"{file}:{n}: 평가 문항 형식 오류: {exc}") from exc
    return out


def corpus_dataset(corpus_dir: Path) -> Dataset:
    """The bundled corpus: built documents + the gold questions."""
    documents = corpus_dir / "documents"
    if not (documents / "_metadata.jsonl").exists():
        from corpus.build import build

        build(corpus_dir / "source", documents)
    return Dataset("corpus", documents, load_questions(corpus_dir / "eval" / "questions"))


def squad_dataset(json_path: Path, workdir: Path, *, limit: int | None = None, seed: int = 13) -> Dataset:
    """SQuAD-format file (e.g. KorQuAD) → one .txt per paragraph + questions whose gold is that paragraph.

    ``limit`` samples that many questions (deterministically from ``seed``) and keeps every paragraph, so
    the retrieval difficulty stays that of the full corpus.
    """
    data = json.loads(json_path.read_text(encoding="utf-8"))["data"]
    docs = workdir / "documents"
    docs.mkdir(parents=True, exist_ok=True)
    questions: list[EvalQuestion] = []
    sidecar = []
    for a, article in enumerate(data):
        contexts = {f"p{a:03d}-{p:02d}": para["context"] for p, para in enumerate(article["paragraphs"])}
        copies = paragraph_copies(contexts)
        for p, para in enumerate(article["paragraphs"]):
            key = f"p{a:03d}-{p:02d}"
            path = docs / f"{key}.txt"
            if not path.exists():
                path.write_text(para["context"], encoding="utf-8")
            sidecar.append({"file": path.name, "title": article["title"], "doc_type": "other"})
            for qa in para["qas"]:
                answer = qa["answers"][0]["text"] if qa["answers"] else ""
                same = [c for c in copies.get(key, []) if answer and answer in contexts[c]]
                questions.append(EvalQuestion(id=str(qa["id"]), question=qa["question"], gold_doc_ids=[key],
                                              gold_passages=[answer] if answer else [],
                                              reference_answer=answer, gold_copies={key: same} if same else {}))
    (docs / "_metadata.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in sidecar) + "\n", encoding="utf-8")
    if limit is not None and limit < len(questions):
        questions = random.Random(seed).sample(questions, limit)
    return Dataset(json_path.stem, docs, questions)


COPY_JACCARD = 0.95  # character 4-gram Jaccard above which two paragraphs are one text (KorQuAD's pairs: 0.975–1.0)


def paragraph_copies(contexts: dict[str, str]) -> dict[str, list[str]]:
    """For each paragraph, the other paragraphs that repeat its text (4-gram Jaccard ≥ ``COPY_JACCARD``).

    KorQuAD-dev holds 9 such pairs and one triple (one article's sections repeated word for word). No ranking can
    tell two copies apart, and the service shows one copy of a near-duplicate (``index.hybrid``), so a copy
    of the gold paragraph that holds the answer is counted beside the strict paragraph hit (``hit@k_or_copy``).
    """
    grams = {key: {text[i:i + 4] for i in range(len(text) - 3)} for key, text in contexts.items()}
    out: dict[str, list[str]] = {}
    keys = list(grams)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            union = len(grams[a] | grams[b])
            if union and len(grams[a] & grams[b]) / union >= COPY_JACCARD:
                out.setdefault(a, []).append(b)
                out.setdefault(b, []).append(a)
    return out


def triples_dataset(folder: Path) -> Dataset:
    """``folder/questions.jsonl`` over ``folder/documents/``: rows ``{"question", "answer", "source"}``, or rows
    in our own schema (``gold_doc_ids``, ``gold_passages``, ``answerable`` …), told apart row by row.

    ``source`` is the file name (or a list of them) of the document holding the answer; a row without one is
    unanswerable unless it says ``"answerable": true``. ``answer`` may list several acceptable answers.
    """
    path = folder / "questions.jsonl"
    questions: list[EvalQuestion] = []
    for n, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            questions.append(_question_of(row, default_id=str(len(questions))))
        except (ValueError, TypeError, KeyError) as exc:
            raise ValueError(f"{path}:{n}: 평가 문항 형식 오류: {exc}") from exc
    return Dataset(folder.name, folder / "documents", questions)


_OUR_FIELDS = {"gold_doc_ids", "gold_passages", "reference_answer", "alternative_passages", "near_miss"}


def _question_of(row: object, default_id: str) -> EvalQuestion:
    if not isinstance(row, dict):
        raise ValueError("한 줄에 JSON 객체 하나가 있어야 합니다")
    if _OUR_FIELDS & row.keys():
        return EvalQuestion.model_validate({"id": default_id, **row})
    if not str(row.get("question") or "").strip():
        raise ValueError("'question'(질문)이 비어 있거나 없습니다")
    sources = row.get("source") or row.get("sources") or []
    stems = [Path(str(s)).stem for s in ([sources] if isinstance(sources, str) else sources)]
    answers = row.get("answer") or []
    answers = [str(a) for a in ([answers] if isinstance(answers, str) else answers) if str(a).strip()]
    answerable = bool(row.get("answerable", bool(stems)))
    return EvalQuestion(
        id=str(row.get("id", default_id)), question=row["question"], reference_answer=answers[0] if answers else "",
        type=row.get("type", "factoid" if answerable else "unanswerable"), answerable=answerable,
        gold_doc_ids=stems if answerable else [], gold_passages=answers[:1] if answerable else [],
        alternative_passages=[AlternativePassage(gold_index=0, doc_id=stems[0] if stems else "", passage=a)
                              for a in answers[1:]] if answerable else [])
