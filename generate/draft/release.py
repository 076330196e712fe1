"""The structured press release and the draft result around it.

``PressRelease`` holds the parts a press office edits separately (headline, sub-headlines, lead, body
paragraphs, quotes, contact block); :meth:`PressRelease.to_text` lays them out in house order using the
style profile, so the text form and the structured form never drift apart.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from generate.draft.korean import house_date, topic_particle
from generate.draft.style import StyleProfile, load_style
from generate.types import Citation

Section = Literal["headline", "subheadlines", "lead", "body", "quote", "contact", "dateline"]


class Quote(BaseModel):
    speaker: str  # "윤서진 시장"
    parts: list[str] = Field(min_length=1)  # what is said, each a complete sentence without quotation marks

    def render(self, style: StyleProfile) -> str:
        parts = [p.strip().rstrip(".") for p in self.parts if p.strip()]
        particle = topic_particle(self.speaker)
        if len(parts) == 1:
            return style.quote.one_part.format(speaker=self.speaker, particle=particle, first=parts[0])
        first = parts[0]
        second = ". ".join(parts[1:])  # a third point joins the second quotation
        return style.quote.two_parts.format(speaker=self.speaker, particle=particle, first=first, second=second)


class Contact(BaseModel):
    department: str
    team: str | None = None
    people: str | None = None
    phone: str | None = None

    def render(self, style: StyleProfile) -> list[str]:
        values = {"department": self.department, "team": self.team or "", "people": self.people or "",
                  "phone": self.phone or ""}
        lines = []
        for template in style.contact.lines:
            line = template.format(**values).strip()
            if line != template.split("{", 1)[0].strip():  # skip a line whose value is unknown
                lines.append(line)
        return lines


class PressRelease(BaseModel):
    release_at: dt.datetime  # 보도일시
    embargo: bool = False  # embargoed until release_at
    headline: str
    subheadlines: list[str] = Field(default_factory=list)
    lead: str
    body: list[str] = Field(default_factory=list)  # paragraphs; a "□ …" paragraph is a section heading
    quotes: list[Quote] = Field(default_factory=list)
    contact: Contact
    label: str = "보도자료"
    closing: str = ""

    def dateline(self, style: StyleProfile) -> str:
        return _stamp(style.dateline, self.release_at, style)

    def to_text(self, style: StyleProfile | None = None) -> str:
        """The release as one text in house order (label, 보도일시, 엠바고, headline, sub-headlines, lead,
        body, quote, contact block, closing line)."""
        return "\n".join(self.lines(style or load_style()))

    def lines(self, style: StyleProfile) -> list[str]:
        return [text for _, text in self.blocks(style)]

    def blocks(self, style: StyleProfile) -> list[tuple[str, str]]:
        """(part name, line) in house order; blank separator lines have the part name ""."""
        out = [("label", self.label or style.label), ("dateline", self.dateline(style))]
        if self.embargo:
            out.append(("embargo", _stamp(style.embargo_line, self.release_at, style)))
        out.append(("headline", self.headline))
        out += [("subheadlines", style.subheadlines.marker + s) for s in self.subheadlines]
        out += [("", ""), ("lead", self.lead)]
        for paragraph in self.body:
            out += [("", ""), ("body", paragraph)]
        for quote in self.quotes:
            out += [("", ""), ("quote", quote.render(style))]
        out += [("", "")] + [("contact", line) for line in self.contact.render(style)]
        out.append(("closing", self.closing or style.closing))
        return out

    def section_texts(self, style: StyleProfile) -> dict[str, list[str]]:
        """Text of each editable part, for the figure guard and for exporters that mark flagged figures."""
        return {"headline": [self.headline], "subheadlines": list(self.subheadlines), "lead": [self.lead],
                "body": list(self.body), "quote": [q.render(style) for q in self.quotes],
                "contact": self.contact.render(style), "dateline": [self.dateline(style)]}


def _stamp(template: str, when: dt.datetime, style: StyleProfile) -> str:
    day = when.date()
    date = house_date(day, style.date_format)
    return template.format(date=date, time=when.strftime("%H:%M"))


class FlaggedFigure(BaseModel):
    """A figure or name in a draft that neither the brief nor a cited source states."""

    section: str
    raw: str  # as written in the draft
    kind: str  # figure kind (amount, date, …), "name", "weekday" or "slot"
    norm: str = ""
    sentence: str
    reason: str  # Korean, for the editor
    action: Literal["dropped", "marked", "replaced"]  # dropped from the draft / kept with a visible mark /
    # the section fell back to the template


class DraftResult(BaseModel):
    release: PressRelease
    flags: list[FlaggedFigure] = Field(default_factory=list)
    exemplars: list[str] = Field(default_factory=list)  # doc ids of the past releases used as style models
    background: list[Citation] = Field(default_factory=list)  # sources the draft may cite
    generator: str = "template"
    style_issues: list[str] = Field(default_factory=list)
    timings: dict[str, float] = Field(default_factory=dict)

    def text(self, style: StyleProfile | None = None) -> str:
        return self.release.to_text(style)

    @property
    def marked(self) -> list[FlaggedFigure]:
        """Flags still present in the release text (shown to the editor as 【확인 필요: …】)."""
        return [f for f in self.flags if f.action == "marked"]
