"""Derive the house style profile from past releases and write it as editable YAML.

    python -m generate.draft.derive corpus/source [--out generate/house_style.yaml]

Reads every press release (``type: press_release`` front matter, or any ``.txt`` file) and measures what
the releases agree on: the label line, the 보도일시/엠바고 lines, headline length, the city prefix of
headlines, sub-headline marker and count, the lead's subject and closing formula, the quote formula,
the contact lines and the closing line. Values most releases share become the profile; the measured
spread is kept under ``stats`` so an editor can see why a limit is what it is.
"""

from __future__ import annotations

import argparse
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generate.draft.style import DEFAULT_STYLE_PATH, StyleProfile

_DATE = r"\d{4}\. \d{1,2}\. \d{1,2}\.\([월화수목금토일]\)"
_DATE_TIME = re.compile(rf"{_DATE} \d{{2}}:\d{{2}}")


def release_texts(folder: Path) -> list[str]:
    """Bodies of the press releases in a folder (front matter stripped)."""
    texts = []
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".md", ".txt"):
            continue
        raw = path.read_text(encoding="utf-8")
        if raw.startswith("---\n"):
            front, _, body = raw[4:].partition("\n---\n")
            if not re.search(r"(?m)^type:\s*press_release\b", front):
                continue
            raw = body
        if raw.lstrip().startswith("보도자료"):
            texts.append(raw.strip())
    return texts


def derive_style(texts: Sequence[str], base: StyleProfile | None = None) -> StyleProfile:
    """A profile whose every field is measured on ``texts`` (fields with no evidence keep ``base``)."""
    profile = (base or StyleProfile()).model_copy(deep=True)
    shaped = [s for s in (_shape(t) for t in texts) if s is not None]
    if not shaped:
        raise ValueError("보도자료를 찾지 못했습니다 (첫 줄이 '보도자료'인 문서가 없습니다)")
    profile.derived_from = f"{len(shaped)}건의 과거 보도자료에서 측정"
    profile.label = _most_common(s.label for s in shaped)
    _dates(profile, shaped)
    _headlines(profile, shaped)
    _leads(profile, shaped)
    _quotes(profile, shaped)
    _ending(profile, shaped)
    return profile


@dataclass(frozen=True)
class _Release:
    label: str
    dateline: str
    embargo: str | None
    headline: str
    subs: list[str]
    lead: str
    quote: str | None
    closing: str
    contact: list[str]
    body: list[str]


def _shape(text: str) -> _Release | None:
    """Split a release by position: label, dateline, [embargo], headline, '- ' lines, then paragraphs."""
    filled = [line.strip() for line in text.strip().split("\n") if line.strip()]
    if len(filled) < 8:
        return None
    i = 2
    embargo = filled[i] if filled[i].startswith("엠바고") else None
    i += embargo is not None
    headline = filled[i]
    subs = []
    i += 1
    while filled[i].startswith("- "):
        subs.append(filled[i])
        i += 1
    paragraphs = filled[i:]
    quote = next((p for p in reversed(paragraphs) if p.endswith("말했다.")), None)
    contact = [p for p in paragraphs if re.match(r"^[^\s:]{2,6}( [^\s:]{2,4})?: ", p)]
    return _Release(filled[0], filled[1], embargo, headline, subs, paragraphs[0], quote, paragraphs[-1], contact,
                    paragraphs[1:-1])


def _dates(profile: StyleProfile, shaped: list[_Release]) -> None:
    datelines = [s.dateline for s in shaped]
    prefixes = Counter(d.split(":", 1)[0] for d in datelines)
    if all(_DATE_TIME.search(d) for d in datelines):
        profile.date_format = "{y}. {m}. {d}.({w})"
        profile.dateline = f"{prefixes.most_common(1)[0][0]}: {{date}} {{time}}"
    embargoes = [s.embargo for s in shaped if s.embargo]
    if embargoes:
        profile.embargo_line = _most_common(_DATE_TIME.sub("{date} {time}", e) for e in embargoes)
    profile.stats["embargo_share"] = round(len(embargoes) / len(shaped), 3)


def _headlines(profile: StyleProfile, shaped: list[_Release]) -> None:
    lengths = sorted(len(s.headline) for s in shaped)
    profile.headline.min_chars = min(lengths)
    profile.headline.max_chars = max(lengths)
    profile.stats["headline_chars_median"] = statistics.median(lengths)
    heads = [s.headline for s in shaped]
    prefixes = Counter(h.split(",", 1)[0] + ", " for h in heads if re.match(r"^\S{2,6}, ", h))
    if prefixes:
        prefix, count = prefixes.most_common(1)[0]
        profile.headline.city_prefix = prefix
        profile.stats["headline_city_prefix_share"] = round(count / len(heads), 3)
    separators = Counter(m for h in heads for m in re.findall(r"… ?", h))
    if separators:
        profile.headline.separator = separators.most_common(1)[0][0]
    counts = [len(s.subs) for s in shaped]
    profile.subheadlines.min_count = max(1, min(counts))
    profile.subheadlines.max_count = max(counts)
    sub_lengths = [len(x) - 2 for s in shaped for x in s.subs]
    if sub_lengths:
        profile.subheadlines.max_chars = max(sub_lengths)
    profile.stats["subheadlines_median"] = statistics.median(counts)


def _leads(profile: StyleProfile, shaped: list[_Release]) -> None:
    leads = [s.lead for s in shaped]
    subjects = Counter(lead.split("는 ", 1)[0] + "는" for lead in leads if "는 " in lead[:30])
    if subjects:
        subject, _ = subjects.most_common(1)[0]
        profile.lead.subject = subject
        city, _, rest = subject.partition("(")
        mayor = re.sub(r"^\S*장 |\)는$", "", rest)
        names = [city, profile.headline.city_prefix.rstrip(", "), mayor]
        profile.fixed_names = list(dict.fromkeys(n for n in names if n))
    formula = sum(bool(re.search(r"고 \d{1,2}일 밝혔다\.$", lead)) for lead in leads)
    profile.stats["lead_formula_share"] = round(formula / len(leads), 3)
    marked = sum(any(p.startswith("□ ") for p in s.body) for s in shaped)
    profile.stats["body_section_mark_share"] = round(marked / len(shaped), 3)
    profile.body_sections = marked / len(shaped) >= 0.5


def _quotes(profile: StyleProfile, shaped: list[_Release]) -> None:
    quotes = [s.quote for s in shaped if s.quote]
    two = sum(bool(re.search(r"”(이)?라며 “", q)) for q in quotes)
    profile.stats["quote_share"] = round(len(quotes) / len(shaped), 3)
    profile.stats["quote_two_part_share"] = round(two / max(1, len(quotes)), 3)


def _ending(profile: StyleProfile, shaped: list[_Release]) -> None:
    profile.closing = _most_common(s.closing for s in shaped)
    site = re.search(r"www\.[\w.]+", profile.closing)
    if site and site.group(0) not in profile.fixed_names:
        profile.fixed_names.append(site.group(0))
    labels = Counter(line.split(": ", 1)[0] for s in shaped for line in s.contact)
    common = [label for label, n in labels.most_common() if n >= len(shaped) / 2]
    if common:
        values = {"담당 부서": "{department} {team}", "담당자": "{people}", "연락처": "{phone}"}
        profile.contact.lines = [f"{label}: {values.get(label, '{' + label + '}')}" for label in common]


def _most_common(values: Iterable[str]) -> str:
    return Counter(values).most_common(1)[0][0]


def save_style(profile: StyleProfile, path: Path) -> None:
    import yaml

    header = ("# House style of the city's press releases, read by the drafter and the style checker.\n"
              "# Derived by `python -m generate.draft.derive corpus/source`; edit any value to change the style.\n"
              "# Templates: {date} {time} {subject} {clause} {day} {speaker} {particle} {first} {second}\n"
              "# {department} {team} {people} {phone}. `stats` records what the derivation measured.\n")
    body = yaml.safe_dump(profile.model_dump(), allow_unicode=True, sort_keys=False, width=110)
    path.write_text(header + body, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="과거 보도자료에서 문체 프로필을 만듭니다")
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=DEFAULT_STYLE_PATH)
    args = parser.parse_args(argv)
    texts = [t for folder in args.folders for t in release_texts(folder)]
    profile = derive_style(texts)
    save_style(profile, args.out)
    print(f"{args.out}: {profile.derived_from}")


if __name__ == "__main__":
    main()
