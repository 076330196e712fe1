"""``Drafter``: brief → ``DraftResult`` (a structured ``PressRelease`` in house style, flagged figures,
exemplar releases, background citations, timings).

1. Exemplars: the most similar past releases, retrieved with the caller's filters (access level!).
2. Background: sentences of the brief's background documents (and the best hits) the draft may cite.
3. Draft: the template from the brief; with a model, headline, body paragraphs and quote are rewritten
   section by section (:mod:`generate.draft.sections`), each guarded, each falling back to the template.
4. Coverage: a brief fact whose figures no section states is added back verbatim.
5. Guard and style check of the final release.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from core.textnorm import extract_figures, figure_matches
from core.types import DocType, Hit, SearchFilters
from generate.draft.brief import Brief
from generate.draft.guard import FigureGuard
from generate.draft.release import DraftResult, FlaggedFigure, PressRelease
from generate.draft.sections import Budget, SectionWriter
from generate.draft.style import StyleProfile, check_text, load_style
from generate.draft.template import template_release
from generate.llm import ChatModel, LLMUnavailable
from generate.types import Citation

EXEMPLARS = 3
BACKGROUND = 4
GUARDED_SECTIONS = ("headline", "subheadlines", "lead", "body", "quote")


class Drafter:
    def __init__(self, kb: Any | None, model: ChatModel | None = None, style: StyleProfile | None = None, *,
                 time_budget_s: float = 75.0, keep_flagged: bool = False, facts_per_paragraph: int = 3) -> None:
        self.kb = kb
        self.model = model
        self.style = style or load_style()
        self.time_budget_s = time_budget_s
        self.keep_flagged = keep_flagged
        self.facts_per_paragraph = facts_per_paragraph

    def draft(self, brief: Brief, filters: SearchFilters | None = None) -> DraftResult:
        t0 = time.perf_counter()
        filters = filters or SearchFilters()
        timings: dict[str, float] = {}
        exemplars, background = self._context(brief, filters)
        timings["retrieval"] = time.perf_counter() - t0
        release = template_release(brief, self.style)
        guard = self.guard_for(brief, background)
        flags: list[FlaggedFigure] = []
        generator = "template"
        if self.model is not None:
            generator, flags = self._rewrite(release, brief, guard, exemplars, t0)
            _restore_coverage(release, brief)
        timings["generation"] = time.perf_counter() - t0 - timings["retrieval"]
        flags += self._final_check(release, guard, flags)
        text = release.to_text(self.style)
        timings["total"] = time.perf_counter() - t0
        return DraftResult(release=release, flags=flags, exemplars=[doc_id for doc_id, _ in exemplars],
                           background=background, generator=generator, timings=timings,
                           style_issues=[str(i) for i in check_text(text, self.style)])

    def guard_for(self, brief: Brief, background: list[Citation]) -> FigureGuard:
        sources = brief.source_texts() + [c.quote for c in background]
        return FigureGuard(sources, fixed_names=self.style.fixed_names, release=brief.release_date)

    # -- context -------------------------------------------------------------------------------------
    def _context(self, brief: Brief, filters: SearchFilters) -> tuple[list[tuple[str, str]], list[Citation]]:
        if self.kb is None or not self.kb.document_metas():
            return [], []  # drafting from the brief alone works without any archive
        query = f"{brief.topic} {brief.key_facts[0]}"
        releases = filters.model_copy(update={"doc_types": _intersect(filters.doc_types, [DocType.PRESS_RELEASE])})
        hits: list[Hit] = self.kb.search(query, releases, k=12)
        exemplars: list[tuple[str, str]] = []
        for hit in hits:
            if hit.doc.doc_id not in [d for d, _ in exemplars]:
                exemplars.append((hit.doc.doc_id, self.kb.manifest.document_text(hit.doc.doc_id) or ""))
            if len(exemplars) >= EXEMPLARS:
                break
        return exemplars, self._background(brief, filters, query)

    def _background(self, brief: Brief, filters: SearchFilters, query: str) -> list[Citation]:
        from generate.evidence import select_evidence, table_lead_ins

        assert self.kb is not None
        wanted = resolve_doc_ids(self.kb, brief.background_doc_ids, filters)
        if not wanted:
            return []
        scoped = filters.model_copy(update={"doc_ids": wanted})
        hits = self.kb.search(query, scoped, k=8)
        evidence = select_evidence(query, hits, limit=BACKGROUND, lead_ins=table_lead_ins(hits, self.kb))
        return [_citation(i + 1, e) for i, e in enumerate(evidence)]

    # -- the model path --------------------------------------------------------------------------------
    def _rewrite(self, release: PressRelease, brief: Brief, guard: FigureGuard,
                 exemplars: list[tuple[str, str]], t0: float) -> tuple[str, list[FlaggedFigure]]:
        assert self.model is not None
        writer = SectionWriter(self.model, guard, Budget(t0 + self.time_budget_s),
                               keep_flagged=self.keep_flagged)
        flags: list[FlaggedFigure] = []
        used = fell_back = 0
        try:
            for step in (self._headline, self._body, self._quote):
                done, fallback = step(release, brief, writer, exemplars, flags)
                used, fell_back = used + done, fell_back + fallback
        except LLMUnavailable:
            fell_back += 1
        name = getattr(self.model, "name", "llm")
        if not used:
            return f"{name}→template", flags
        return (f"{name}+template" if fell_back else name), flags

    def _headline(self, release: PressRelease, brief: Brief, writer: SectionWriter,
                  exemplars: list[tuple[str, str]], flags: list[FlaggedFigure]) -> tuple[int, int]:
        example = _masked_headline(exemplars[0][1], self.style) if exemplars else None
        outcome = writer.headline(brief.key_facts[:4], brief.topic, example)
        flags += outcome.flags
        if outcome.value is None:
            return 0, 1
        headline, subs = _polish(outcome.value[0]), [_polish(x) for x in outcome.value[1]]
        if headline and self.style.headline.min_chars // 2 <= len(headline) <= self.style.headline.max_chars + 10:
            release.headline = headline
        if subs:
            release.subheadlines = subs[: self.style.subheadlines.max_count]
        return 1, 0

    def _body(self, release: PressRelease, brief: Brief, writer: SectionWriter,
              exemplars: list[tuple[str, str]], flags: list[FlaggedFigure]) -> tuple[int, int]:
        facts = brief.key_facts[1:] or brief.key_facts
        n = self.facts_per_paragraph
        paragraphs: list[str] = []
        used = fell_back = 0
        for group in (facts[i:i + n] for i in range(0, len(facts), n)):
            outcome = writer.paragraph(group)
            flags += outcome.flags
            if outcome.value:
                paragraphs.append(outcome.value)
                used += 1
            else:
                paragraphs.append(" ".join(f.strip() for f in group))
                fell_back += 1
        if used:
            release.body = paragraphs
        return used, fell_back

    def _quote(self, release: PressRelease, brief: Brief, writer: SectionWriter,
               exemplars: list[tuple[str, str]], flags: list[FlaggedFigure]) -> tuple[int, int]:
        if brief.quote is None or len(brief.quote.points) < 2:
            return 0, 0
        outcome = writer.quote(brief.quote.speaker, brief.quote.points[:2])
        flags += outcome.flags
        if outcome.value is None or len(outcome.value.parts) < 2:
            return 0, 1
        release.quotes = [outcome.value]
        return 1, 0

    # -- final check -------------------------------------------------------------------------------------
    def _final_check(self, release: PressRelease, guard: FigureGuard,
                     known: list[FlaggedFigure]) -> list[FlaggedFigure]:
        """Whatever the path, nothing unmatched leaves unflagged: a finding no earlier flag covers is
        flagged here as marked (the template path never produces one; this is the safety net)."""
        marked = {(f.raw, f.section) for f in known if f.action == "marked"}
        out: list[FlaggedFigure] = []
        for section, texts in release.section_texts(self.style).items():
            if section not in GUARDED_SECTIONS:
                continue
            for text in texts:
                for finding in guard.check(text):
                    if (finding.raw, section) not in marked:
                        out.append(FlaggedFigure(section=section, raw=finding.raw, kind=finding.kind,
                                                 norm=finding.norm, sentence=text, reason=finding.reason,
                                                 action="marked"))
                        marked.add((finding.raw, section))
        return out


def _polish(phrase: str) -> str:
    """House form for a model's headline phrase: curly quotes, no weekday, no sentence ending
    (``…한곳에 모았다`` → ``…한곳에 모아``)."""
    from generate.draft.korean import headline_phrase

    phrase = re.sub(r"'([^']+)'", r"‘\1’", phrase.strip().lstrip("-").strip())
    phrase = re.sub(r"\s?\([월화수목금토일]\)", "", phrase)
    return headline_phrase(phrase) if re.search(r"다\.?$", phrase) else phrase


def _restore_coverage(release: PressRelease, brief: Brief) -> None:
    """Add back, verbatim, every brief fact with a figure the draft no longer states (the model dropped it)."""
    text = " ".join([release.headline, *release.subheadlines, release.lead, *release.body])
    have = extract_figures(text)
    missing = [fact for fact in brief.key_facts
               if any(not any(figure_matches(f, h) for h in have) for f in extract_figures(fact))]
    if missing:
        release.body.append(" ".join(f.strip() for f in missing))


def _masked_headline(text: str, style: StyleProfile) -> str | None:
    """An exemplar's headline and sub-headlines with figures blanked, so its numbers cannot leak."""
    from generate.draft.style import split_parts

    parts = {p.name: p.lines for p in split_parts(text, style)}
    lines = parts.get("headline", []) + parts.get("subheadlines", [])
    if not lines:
        return None
    masked = "\n".join(lines)
    for figure in sorted(extract_figures(masked), key=lambda f: -f.start):
        masked = masked[: figure.start] + "○○" + masked[figure.start + len(figure.raw):]
    return masked


def _intersect(current: list[DocType] | None, wanted: list[DocType]) -> list[DocType]:
    return wanted if current is None else [t for t in current if t in wanted]


def resolve_doc_ids(kb: Any, ids: list[str], filters: SearchFilters) -> list[str]:
    """Document ids (``d_…``) for ids or file stems (``pr-010``), keeping only documents the filters admit."""
    metas = kb.document_metas()
    by_stem = {Path(m.source_path).stem: m.doc_id for m in metas.values()}
    out = []
    for ident in ids:
        doc_id = ident if ident in metas else by_stem.get(ident)
        if doc_id and filters.model_copy(update={"doc_ids": None}).admits(metas[doc_id]):
            out.append(doc_id)
    return out


def _citation(n: int, e: Any) -> Citation:
    return Citation.of(n, e.hit.doc, e.hit.chunk, e.text, e.start, e.end)
