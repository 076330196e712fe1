"""The template drafter: a complete release in house style from the brief alone, no model.

Every sentence is a brief fact (verbatim, or rewritten by a fixed rule of :mod:`generate.draft.korean`),
so every figure is the brief's own: the template path cannot invent one. It is the fallback of the LLM
path section by section, and the whole draft when no model is configured.
"""

from __future__ import annotations

import re

from core.textnorm import extract_figures, figure_matches
from generate.draft.brief import Brief
from generate.draft.korean import headline_phrase, lead_clause, split_clauses
from generate.draft.release import Contact, PressRelease, Quote
from generate.draft.style import StyleProfile

_CITY_SUBJECT = re.compile(r"^(시는|시가|한빛시는|한빛시가)\s+")


def template_release(brief: Brief, style: StyleProfile) -> PressRelease:
    headline = template_headline(brief, style)
    return PressRelease(
        release_at=brief.release_at, embargo=brief.embargo, label=style.label, headline=headline,
        subheadlines=template_subheadlines(brief, style, headline), lead=template_lead(brief, style),
        body=template_body(brief, style), quotes=template_quotes(brief), contact=brief_contact(brief),
        closing=style.closing)


def brief_contact(brief: Brief) -> Contact:
    return Contact(department=brief.department, team=brief.contact.team, people=brief.contact.people,
                   phone=brief.contact.phone)


def template_quotes(brief: Brief) -> list[Quote]:
    if brief.quote is None:
        return []
    return [Quote(speaker=brief.quote.speaker, parts=list(brief.quote.points))]


def template_headline(brief: Brief, style: StyleProfile) -> str:
    """The topic, with the city prefix unless it already names the city, and a figure phrase from the
    facts when it is shorter than the house minimum."""
    topic = brief.topic.strip()
    names = [n for n in style.fixed_names if len(n) >= 2]
    city = style.headline.city_prefix.rstrip(", ")
    starts_with_city = bool(city) and topic.startswith(city[:2])
    head = topic if starts_with_city or any(topic.startswith(n) for n in names) else style.headline.city_prefix + topic
    if len(head) >= style.headline.min_chars:
        return head
    budget = style.headline.max_chars - len(head) - len(style.headline.separator)
    need = style.headline.min_chars - len(head) - len(style.headline.separator)
    phrase = _figure_phrase(brief.key_facts, head, budget, need)
    return head + style.headline.separator + phrase if phrase else head


def _figure_phrase(facts: list[str], already: str, budget: int, need: int = 0) -> str | None:
    """The first clause phrase of the facts that adds a figure the text does not state yet and fits;
    else the shortest word window ending at such a figure (``안내요원 200명``)."""
    have = extract_figures(already)
    snippets: list[str] = []
    for fact in facts:
        for clause in split_clauses(fact):
            phrase = headline_phrase(clause)
            new = [f for f in extract_figures(phrase) if not any(figure_matches(f, h) for h in have)]
            if new and len(phrase) <= budget:
                return phrase
            snippets += [_window(phrase, f.start + len(f.raw), already, need) for f in new]
    fitting = [s for s in snippets if 0 < len(s) <= budget]
    return fitting[0] if fitting else None


def _window(phrase: str, end: int, already: str, need: int) -> str:
    """The word holding ``end`` and the words before it (not already in the headline), as many as the
    headline needs to reach its minimum length (at least two)."""
    cut = phrase.find(" ", end)
    cut = cut if cut >= 0 else len(phrase)
    words = [w for w in phrase[:cut].split() if w not in already]
    after = phrase[cut:].split()
    kept = words[-1:]
    for word in reversed(words[:-1]):
        if len(kept) >= 3 and len(" ".join(kept)) >= need:
            break
        kept.insert(0, word)
    while after and len(" ".join(kept)) < need:  # a figure opening its clause: read on
        kept.append(after.pop(0))
    return " ".join(kept).strip(" ,")


def template_subheadlines(brief: Brief, style: StyleProfile, headline: str) -> list[str]:
    """Sub-headline phrases from the facts after the lead's, preferring those with figures the headline
    lacks; two short phrases share one line, as the house does (``참여기업 230곳, 직무 분야 9개로 늘려``)."""
    limit = style.subheadlines.max_chars
    phrases = [p for p in (_short_phrase(f, limit) for f in brief.key_facts[1:] or brief.key_facts) if p]
    have = extract_figures(headline)
    fresh = [p for p in phrases if any(not any(figure_matches(f, h) for h in have) for f in extract_figures(p))]
    ordered = fresh + [p for p in phrases if p not in fresh]
    lines: list[str] = []
    for phrase in ordered:
        if lines and len(lines) >= style.subheadlines.max_count:
            if len(lines[-1]) + len(phrase) + 2 <= limit:
                lines[-1] = f"{lines[-1]}, {phrase}"
            continue
        lines.append(phrase)
        if len(lines) >= style.subheadlines.max_count and len(lines[-1]) > limit // 2:
            break
    return lines[: style.subheadlines.max_count]


def _short_phrase(fact: str, limit: int) -> str | None:
    phrase = headline_phrase(fact)
    if len(phrase) <= limit:
        return phrase
    first = headline_phrase(split_clauses(fact)[0])
    return first if len(first) <= limit else None


def template_lead(brief: Brief, style: StyleProfile) -> str:
    """The lead formula of the profile around the first fact: ``한빛광역시(시장 윤서진)는 …한다고 27일 밝혔다.``"""
    clause = _CITY_SUBJECT.sub("", lead_clause(brief.key_facts[0]))
    return style.lead.formula.format(subject=style.lead.subject, clause=clause, day=brief.release_date.day)


def template_body(brief: Brief, style: StyleProfile, per_paragraph: int = 2) -> list[str]:
    """The remaining facts, two per paragraph, under ``□`` section headings when the house uses them."""
    facts = [f.strip() for f in brief.key_facts[1:]]
    if not facts:
        return [brief.key_facts[0].strip()]
    groups = [facts[i:i + per_paragraph] for i in range(0, len(facts), per_paragraph)]
    body: list[str] = []
    for group in groups:
        heading = _section_heading(group[0], style) if style.body_sections and len(groups) > 1 else None
        if heading:
            body.append(heading)
        body.append(" ".join(_sentence(f) for f in group))
    return body


def _section_heading(fact: str, style: StyleProfile) -> str | None:
    phrase = headline_phrase(split_clauses(fact)[0])
    return style.body_section_mark + phrase if len(phrase) <= 40 else None


def _sentence(fact: str) -> str:
    fact = fact.strip()
    return fact if fact.endswith((".", "다", "!", "?")) else fact + "."
