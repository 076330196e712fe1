"""The house style as data: a profile loaded from ``generate/house_style.yaml`` (derived from the city's past
releases by :mod:`generate.draft.derive`, then edited by people), and checks of a release against it.

A city changes its style by editing the YAML: the drafter formats every part from these templates and the
checks read the same file, so code and style never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field

from core.errors import PressroomError

DEFAULT_STYLE_PATH = Path(__file__).resolve().parents[1] / "house_style.yaml"
PARTS = ("label", "dateline", "embargo", "headline", "subheadlines", "lead", "body", "quote", "contact",
         "closing")


class StyleError(PressroomError):
    code = "style_invalid"


class HeadlineStyle(BaseModel):
    min_chars: int = 20
    max_chars: int = 48
    city_prefix: str = "한빛시, "  # used when the topic does not already name the city
    separator: str = "…"  # between the main claim and a figure phrase


class SubheadlineStyle(BaseModel):
    marker: str = "- "
    min_count: int = 1
    max_count: int = 2
    max_chars: int = 60


class LeadStyle(BaseModel):
    subject: str = "한빛광역시(시장 윤서진)는"
    formula: str = "{subject} {clause}고 {day}일 밝혔다."
    pattern: str = r"(고|며) \d{1,2}일 밝혔다\.$|했다\.$"


class QuoteStyle(BaseModel):
    two_parts: str = "{speaker}{particle} “{first}”라며 “{second}”고 말했다."
    one_part: str = "{speaker}{particle} “{first}”고 말했다."
    pattern: str = r"“[^”]+”(이)?라며 “[^”]+”(이라)?고 말했다\.$|“[^”]+”(이라)?고 말했다\.$"


class ContactStyle(BaseModel):
    lines: list[str] = Field(default_factory=lambda: ["담당 부서: {department} {team}", "담당자: {people}",
                                                      "연락처: {phone}"])

    def prefixes(self) -> list[str]:
        return [line.split("{", 1)[0] for line in self.lines]


class StyleProfile(BaseModel):
    """Everything the drafter formats and the checker verifies; see ``generate/house_style.yaml``."""

    derived_from: str = ""
    order: list[str] = Field(default_factory=lambda: list(PARTS))
    required: list[str] = Field(default_factory=lambda: [p for p in PARTS if p != "embargo"])
    label: str = "보도자료"
    date_format: str = "{y}. {m}. {d}.({w})"
    dateline: str = "보도일시: {date} {time}"
    embargo_line: str = "엠바고: {date} {time} 이후 보도 가능"
    headline: HeadlineStyle = Field(default_factory=HeadlineStyle)
    subheadlines: SubheadlineStyle = Field(default_factory=SubheadlineStyle)
    lead: LeadStyle = Field(default_factory=LeadStyle)
    body_section_mark: str = "□ "
    body_sections: bool = True  # group body paragraphs under "□ …" headings
    quote: QuoteStyle = Field(default_factory=QuoteStyle)
    contact: ContactStyle = Field(default_factory=ContactStyle)
    closing: str = "※ 이 보도자료는 한빛광역시 누리집(www.hanbit.go.kr)에서도 볼 수 있습니다."
    fixed_names: list[str] = Field(default_factory=lambda: ["한빛광역시", "한빛시", "윤서진"])
    thousands_separator: str = ","
    stats: dict[str, float] = Field(default_factory=dict)

    def prefix(self, template: str) -> str:
        return template.split("{", 1)[0]


def load_style(path: Path | None = None) -> StyleProfile:
    """The house style; the bundled ``generate/house_style.yaml`` unless a path is given."""
    import yaml

    path = Path(path or DEFAULT_STYLE_PATH)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return StyleProfile.model_validate(data)
    except FileNotFoundError as exc:
        raise StyleError("문체 프로필 파일이 없습니다", path=str(path)) from exc
    except (yaml.YAMLError, ValueError) as exc:
        raise StyleError(f"문체 프로필 형식 오류: {exc}", path=str(path)) from exc


# --- reading a release back into its parts -------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    name: str
    lines: list[str]
    index: int  # line number of the part's first line in the text


def split_parts(text: str, style: StyleProfile) -> list[Part]:
    """A release's parts in the order they appear, recognised by the style's own markers (so a reference
    release and a draft are read the same way). Unrecognised paragraphs between lead and quote are body."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    parts: list[Part] = []
    quote_re = re.compile(style.quote.pattern)
    contact_prefixes = tuple(p for p in style.contact.prefixes() if p)
    state = "start"
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            if state == "headline":
                state = "lead"
            continue
        name = _classify(stripped, state, style, quote_re, contact_prefixes)
        if name in ("headline", "subheadlines"):
            state = "headline"
        elif name == "lead" or name == "body":
            state = "body"
        if parts and parts[-1].name == name and name in ("subheadlines", "contact", "body"):
            parts[-1].lines.append(stripped)
        else:
            parts.append(Part(name, [stripped], i))
    return _only_last_quote(parts)


def _only_last_quote(parts: list[Part]) -> list[Part]:
    """Releases quote people inside the body too; the quote *part* is the last quote paragraph."""
    quotes = [i for i, p in enumerate(parts) if p.name == "quote"]
    if len(quotes) <= 1:
        return parts
    return [Part("body", p.lines, p.index) if p.name == "quote" and i != quotes[-1] else p
            for i, p in enumerate(parts)]


def _classify(line: str, state: str, style: StyleProfile, quote_re: re.Pattern[str],
              contact_prefixes: tuple[str, ...]) -> str:
    if line == style.label and state == "start":
        return "label"
    if line.startswith(style.prefix(style.dateline)):
        return "dateline"
    if line.startswith(style.prefix(style.embargo_line)):
        return "embargo"
    if line == style.closing or (line.startswith("※") and state in ("contact", "body")
                                 and style.prefix(style.closing)[:6] in line):
        return "closing"
    if contact_prefixes and line.startswith(contact_prefixes):
        return "contact"
    if state == "headline" and line.startswith(style.subheadlines.marker):
        return "subheadlines"
    if state in ("start",):
        return "headline"
    if state == "headline":
        return "headline"
    if state == "lead" and line.startswith(style.lead.subject):
        return "lead"
    if quote_re.search(line):
        return "quote"
    return "body"


# --- checks --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StyleIssue:
    code: str
    part: str
    message: str  # Korean, for the editor

    def __str__(self) -> str:
        return f"[{self.part}] {self.message}"


def check_text(text: str, style: StyleProfile) -> list[StyleIssue]:
    """Structure (every required part, once, in house order) and form (headline length, sub-headline
    count, lead and quote formulas, contact lines, closing line) of a release text."""
    parts = split_parts(text, style)
    issues = _structure_issues(parts, style)
    by_name: dict[str, list[Part]] = {}
    for p in parts:
        by_name.setdefault(p.name, []).append(p)
    issues += _form_issues(by_name, style)
    return issues


def structure_ok(text: str, style: StyleProfile) -> bool:
    return not [i for i in check_text(text, style) if i.code.startswith("structure")]


def _structure_issues(parts: list[Part], style: StyleProfile) -> list[StyleIssue]:
    issues: list[StyleIssue] = []
    names = [p.name for p in parts]
    for name in style.required:
        if name not in names:
            issues.append(StyleIssue("structure.missing", name, f"필수 항목 '{name}'이(가) 없습니다"))
    rank = {name: i for i, name in enumerate(style.order)}
    seen = [rank[n] for n in names if n in rank]
    if seen != sorted(seen):
        issues.append(StyleIssue("structure.order", "release", "항목 순서가 보도자료 양식과 다릅니다: "
                                 + " → ".join(dict.fromkeys(names))))
    for name in set(names) - {"body"}:
        if names.count(name) > 1:
            issues.append(StyleIssue("structure.repeated", name, f"'{name}' 항목이 두 번 이상 나옵니다"))
    return issues


def _form_issues(by_name: dict[str, list[Part]], style: StyleProfile) -> list[StyleIssue]:
    issues: list[StyleIssue] = []
    for part in by_name.get("headline", [])[:1]:
        length = len(" ".join(part.lines))
        if not style.headline.min_chars <= length <= style.headline.max_chars:
            issues.append(StyleIssue("form.headline_length", "headline",
                                     f"제목 길이 {length}자 (양식: {style.headline.min_chars}~"
                                     f"{style.headline.max_chars}자)"))
    subs = by_name.get("subheadlines", [])
    count = len(subs[0].lines) if subs else 0
    if subs and not style.subheadlines.min_count <= count <= style.subheadlines.max_count:
        issues.append(StyleIssue("form.subheadline_count", "subheadlines",
                                 f"부제 {count}개 (양식: {style.subheadlines.min_count}~"
                                 f"{style.subheadlines.max_count}개)"))
    for part in by_name.get("lead", [])[:1]:
        if not re.search(style.lead.pattern, part.lines[0]):
            issues.append(StyleIssue("form.lead_formula", "lead", "리드 문단이 '…고 N일 밝혔다.' 형식이 아닙니다"))
    issues += _contact_issues(by_name, style)
    return issues


def _contact_issues(by_name: dict[str, list[Part]], style: StyleProfile) -> list[StyleIssue]:
    contact = by_name.get("contact", [])
    if not contact:
        return []
    present = {p for p in style.contact.prefixes() if any(line.startswith(p) for line in contact[0].lines)}
    missing = [p.rstrip(": ") for p in style.contact.prefixes() if p not in present]
    if missing:
        return [StyleIssue("form.contact", "contact", "연락처 블록에 없는 줄: " + ", ".join(missing))]
    return []
