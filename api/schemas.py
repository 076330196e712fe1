"""Request and response bodies of the API, with Korean examples for the OpenAPI page."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from core.types import AccessLevel, DocType, SearchFilters


def _not_blank(value: str, message: str) -> str:
    """Spaces alone pass ``min_length`` but would search for nothing and answer with unrelated sources."""
    if not value.strip():
        raise ValueError(message)
    return value


class Filters(BaseModel):
    """What a caller may filter on. The clearance is never taken from the request: it comes from the key."""

    model_config = ConfigDict(extra="forbid")

    date_from: dt.date | None = Field(default=None, description="이 날짜 이후 문서", examples=["2025-01-01"])
    date_to: dt.date | None = Field(default=None, description="이 날짜 이전 문서", examples=["2025-12-31"])
    departments: list[str] | None = Field(default=None, description="부서", examples=[["청년정책과"]])
    doc_types: list[DocType] | None = Field(default=None, description="문서 유형", examples=[["press_release"]])
    doc_ids: list[str] | None = Field(default=None, description="이 문서들 안에서만")

    @model_validator(mode="after")
    def _range_is_ordered(self) -> Filters:
        # An inverted range matches nothing; saying so beats an empty result the caller cannot explain.
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"시작일(date_from) {self.date_from}이 종료일(date_to) {self.date_to}보다 늦습니다")
        return self

    def with_clearance(self, clearance: AccessLevel) -> SearchFilters:
        return SearchFilters(**self.model_dump(), clearance=clearance)


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"query": "청년 월세 지원 대상 확대", "k": 5, "filters": {"date_from": "2025-01-01"}}]})

    query: str = Field(..., min_length=1, max_length=1000, description="검색어")
    k: int = Field(10, ge=1, le=50, description="결과 수")
    mode: Literal["hybrid", "keyword", "dense"] = "hybrid"
    filters: Filters = Filters()

    @field_validator("query")
    @classmethod
    def _query_not_blank(cls, value: str) -> str:
        return _not_blank(value, "검색어가 비어 있습니다")


class SearchHit(BaseModel):
    chunk_id: str
    doc_id: str
    title: str
    date: dt.date | None
    department: str | None
    doc_type: str
    file_name: str
    page: int | None
    section: str | None
    ocr: bool = Field(False, description="스캔을 OCR로 읽은 구절 (숫자가 잘못 읽혔을 수 있어 원문 확인 권장)")
    text: str
    start: int
    end: int
    score: float
    scores: dict[str, float] = Field(default_factory=dict, description=(
        "단계별 점수: keyword(BM25), dense(코사인), dense_z(기준 구절 대비 표준점수), coverage·window(2단계)"))
    matched_terms: list[str]


class SearchResponse(BaseModel):
    query: str
    hits: list[SearchHit]
    took_ms: float
    notices: list[str] = Field(default_factory=list, description="결과를 읽을 때 알아 둘 점 (예: 문서에 없는 부서)")


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"question": "청년 월세 지원은 몇 명까지 늘어나나요?", "stream": False},
                     {"question": "그럼 지원 금액은요?", "history": ["청년 월세 지원은 몇 명까지 늘어나나요?"],
                      "stream": True}]})

    question: str = Field(..., min_length=1, max_length=2000, description="질문")
    history: list[str] = Field(default_factory=list, max_length=20, description="이전 질문들 (후속 질문용)")
    generator: Literal["embedded", "openai", "extractive"] | None = Field(
        default=None, description="답변 생성 방식 (기본: 서버 설정)")
    stream: bool = Field(False, description="true면 Server-Sent Events로 스트리밍")
    conversation_id: str | None = Field(
        default=None, max_length=100,
        description="대화 id: 같은 id로 보낸 후속 질문은 앞선 질문과 이어 읽습니다 (없으면 새로 만들어 응답에 돌려줌)")
    filters: Filters = Filters()

    @field_validator("question")
    @classmethod
    def _question_not_blank(cls, value: str) -> str:
        return _not_blank(value, "질문이 비어 있습니다")


class DraftRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "brief": {"topic": "청년 월세 지원 대상 확대", "department": "청년정책과", "release_date": "2025-03-04",
                  "key_facts": ["지원 대상을 1,500명에서 3,000명으로 확대", "월 20만 원, 최대 12개월 지원"],
                  "quote": {"speaker": "윤서진 시장", "points": ["청년이 떠나지 않는 도시를 만들겠다"]},
                  "contact": {"team": "청년정책과 청년주거팀", "people": "팀장 김하늘", "phone": "070-7120-3412"}},
        "kind": "press_release", "format": "json"}]})

    brief: dict[str, Any] = Field(..., description="보도자료 개요: topic, department, release_date, key_facts, "
                                  "quote{speaker, points}, contact{team, people, phone} (corpus/eval/README.md)")
    kind: Literal["press_release", "explainer"] = "press_release"
    generator: Literal["embedded", "openai", "extractive", "template"] | None = Field(
        default=None, description="template(기본, 1초 안) 또는 embedded/openai (LLM이 절별로 다듬음, 수십 초)")
    format: Literal["json", "md", "docx", "hwpx"] = Field("json", description="json이면 구조화된 초안, 아니면 파일")
    filters: Filters = Filters()


class SummaryRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"doc_ids": ["d_0123456789abcdef"], "length": "short"}]})

    doc_ids: list[str] = Field(..., min_length=1, max_length=20, description="요약할 문서 id (d_…) 또는 파일 이름")
    length: Literal["short", "medium", "long"] = "short"
    kind: Literal["summary", "explainer"] = "summary"


class KeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"name": "홍보담당관실 김하늘", "role": "writer", "clearance": "internal"}]})

    name: str = Field(..., min_length=1, max_length=100)
    role: Literal["reader", "writer", "admin"] = "reader"
    clearance: AccessLevel = AccessLevel.PUBLIC
