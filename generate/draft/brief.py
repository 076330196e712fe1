"""The drafting brief: what the press office knows before a release is written (schema in
``corpus/eval/README.md``, "Brief schema"). Every figure a draft may state comes from here or from a cited
source; the brief's own fields (date, phone) count as sources too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, field_validator

from core.errors import PressroomError


class BriefError(PressroomError):
    code = "brief_invalid"


class ContactInfo(BaseModel):
    team: str | None = None
    people: str | None = None  # "팀장 김하늘, 주무관 이도윤"
    phone: str | None = None


class QuoteBrief(BaseModel):
    speaker: str  # "윤서진 시장", "김도현 디지털혁신과장"
    points: list[str] = Field(min_length=1)


class Brief(BaseModel):
    id: str = "brief"
    kind: Literal["press_release", "explainer"] = "press_release"
    topic: str = Field(min_length=2)
    department: str
    contact: ContactInfo = Field(default_factory=ContactInfo)
    release_date: dt.date
    release_time: str = "06:00"
    embargo: bool = False
    key_facts: list[str] = Field(min_length=1)
    quote: QuoteBrief | None = None
    background_doc_ids: list[str] = Field(default_factory=list)

    @field_validator("release_time", mode="before")
    @classmethod
    def _time(cls, value: object) -> str:
        # YAML reads an unquoted 06:00 as the sexagesimal integer 360.
        if isinstance(value, int):
            return f"{value // 60:02d}:{value % 60:02d}"
        text = str(value).strip()
        hour, _, minute = text.partition(":")
        if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60):
            raise ValueError(f"release_time은 HH:MM 형식이어야 합니다 (입력: {text})")
        return f"{int(hour):02d}:{int(minute):02d}"

    @property
    def release_at(self) -> dt.datetime:
        hour, minute = (int(x) for x in self.release_time.split(":"))
        return dt.datetime.combine(self.release_date, dt.time(hour, minute))

    def source_texts(self) -> list[str]:
        """Everything a draft may take figures and names from, as texts for the figure guard."""
        texts = [self.topic, *self.key_facts, self.department,
                 f"{self.release_date.isoformat()} {self.release_time}"]
        texts += [t for t in (self.contact.team, self.contact.people, self.contact.phone) if t]
        if self.quote is not None:
            texts += [self.quote.speaker, *self.quote.points]
        return texts


def load_brief(path: Path) -> Brief:
    """Read a brief YAML file; errors name the file and the field in Korean."""
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BriefError("브리프 파일이 없습니다", path=str(path)) from exc
    except yaml.YAMLError as exc:
        raise BriefError(f"YAML 형식 오류: {exc}", path=str(path)) from exc
    if not isinstance(data, dict):
        raise BriefError("브리프는 YAML 매핑(키: 값)이어야 합니다", path=str(path))
    return parse_brief(data, source=str(path))


def parse_brief(data: dict[str, object], source: str | None = None) -> Brief:
    try:
        return Brief.model_validate(data)
    except ValidationError as exc:
        from core.validation import korean_problems

        raise BriefError(f"브리프 항목 오류 — {korean_problems(exc.errors())}", path=source) from exc
