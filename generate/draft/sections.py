"""The LLM section drafter: one short constrained-JSON call per section, figures filled from the brief by
slot, every section checked by the figure guard, one retry with the problems named, then the offending
sentences are dropped (and flagged) or the section falls back to the template.

The 1.5B embedded model drops and garbles figures when asked for a whole release (checked, see the
issue), so it never writes the parts whose form is fixed (dateline, lead formula, contact, closing) and
never gets more than a few facts at a time. A time budget keeps a draft under the 90 s goal: a section
that would start too late is taken from the template.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from core.korean import split_sentences
from generate.draft import prompts
from generate.draft.guard import FigureGuard, Finding
from generate.draft.release import FlaggedFigure, Quote
from generate.draft.slots import SlotTable
from generate.llm import ChatModel, LLMUnavailable, complete


@dataclass
class SectionOutcome:
    value: Any  # the section's parsed value, or None when the template must be used
    flags: list[FlaggedFigure] = field(default_factory=list)
    calls: int = 0


@dataclass
class Budget:
    """The deadline of a draft's model calls and how many tokens a call may still generate.

    Speeds are the model's own last measurement when it reports one, else conservative guesses for 2
    shared cores (DESIGN.md measured 71 prompt / 12 generated tokens/s on idle cores; with other jobs
    running we saw 15–29 / 0.7–3). A call gets ``max_tokens`` cut to what fits before the deadline, and
    is not started when a typical reply does not fit: xllamacpp cannot cancel a running generation.
    """

    deadline: float
    prompt_chars_per_s: float = 20.0  # Korean is ~1 token per character for Qwen's tokenizer
    default_tokens_per_s: float = 2.0

    def affordable(self, prompt_chars: int, wanted: int, minimum: int, tokens_per_s: float | None) -> int:
        """Tokens a call may generate, or 0 when not even ``minimum`` (a typical reply) fits: a reply cut
        short is broken JSON, so starting it would only waste the time."""
        left = self.deadline - time.perf_counter() - prompt_chars / self.prompt_chars_per_s
        fit = int(left * (tokens_per_s or self.default_tokens_per_s))
        return min(wanted, fit) if fit >= minimum else 0


BODY_SUPPORT = 0.7  # evaluation.judge.DEFAULT_THRESHOLD, tuned on hand labels
QUOTE_SUPPORT = 0.9  # a quotation is the speaker's approved words: hardly any new word


class SectionWriter:
    def __init__(self, model: ChatModel, guard: FigureGuard, budget: Budget, *, keep_flagged: bool = False,
                 retries: int = 1) -> None:
        self.model = model
        self.guard = guard
        self.budget = budget
        self.keep_flagged = keep_flagged
        self.retries = retries
        self.slots = SlotTable()

    # -- sections ------------------------------------------------------------------------------------
    def headline(self, facts: list[str], topic: str, example: str | None) -> SectionOutcome:
        masked = "\n".join(f"- {self.slots.mask(f)}" for f in [topic, *facts])

        def parse(data: dict[str, Any]) -> tuple[str, list[str]]:
            subs = [str(s).strip().lstrip("- ").strip() for s in data["subheadlines"] if str(s).strip()]
            return str(data["headline"]).strip(), subs

        return self._run(prompts.HEADLINE, masked, example, parse, droppable=False)

    def paragraph(self, facts: list[str]) -> SectionOutcome:
        masked = "\n".join(f"- {self.slots.mask(f)}" for f in facts)
        return self._run(prompts.BODY, masked, None, lambda d: str(d["paragraph"]).strip(), droppable=True,
                         support=(facts, BODY_SUPPORT))

    def quote(self, speaker: str, points: list[str]) -> SectionOutcome:
        masked = f"발언자: {speaker}\n[발언 요지]\n" + "\n".join(f"- {self.slots.mask(p)}" for p in points)

        def parse(data: dict[str, Any]) -> Quote:
            parts = [_unspeak(_unquote(str(data[k])), speaker) for k in ("first", "second")]
            return Quote(speaker=speaker, parts=[p for p in parts if p])

        return self._run(prompts.QUOTE, masked, None, parse, droppable=False, support=(points, QUOTE_SUPPORT))

    # -- the generate → fill → guard → retry → drop loop ------------------------------------------------
    def _run(self, prompt: prompts.SectionPrompt, facts: str, example: str | None,
             parse: Callable[[dict[str, Any]], Any], *, droppable: bool,
             support: tuple[list[str], float] | None = None) -> SectionOutcome:
        outcome = SectionOutcome(None)
        feedback: str | None = None
        value: Any = None
        findings: list[tuple[str, Finding]] = []
        for _attempt in range(self.retries + 1):
            messages = prompts.messages(prompt, facts, example, feedback)
            tokens = self.budget.affordable(sum(len(m["content"]) for m in messages), prompt.max_tokens,
                                            prompt.min_tokens, getattr(self.model, "tokens_per_second", None))
            if not tokens:
                break
            outcome.calls += 1
            value = self._call(prompt, messages, tokens, parse)
            if value is None:
                feedback = "JSON 형식이 맞지 않았습니다"
                continue
            findings = [(text, f) for text in _texts(value) for f in self._problems(text, support)]
            if not findings:
                outcome.value = value
                return outcome
            feedback = ", ".join(dict.fromkeys(f"{f.raw}({f.reason})" for _, f in findings))
        if value is None:
            return outcome
        return self._settle(prompt.name, value, findings, outcome, droppable=droppable, support=support)

    def _problems(self, text: str, support: tuple[list[str], float] | None) -> list[Finding]:
        """Guard findings, plus sentences the brief's facts do not support (the lexical judge of answers:
        content words, figures, names, negation, contrast words) — a model that reorders a fact's figures
        or adds a claim is caught even when every figure is the brief's."""
        from evaluation.judge import support as judge

        problems = self.guard.check(text)
        if support is None:
            return problems
        facts, threshold = support
        for sentence in split_sentences(text):
            verdict = judge(sentence, facts)
            if not (verdict.supported and verdict.coverage >= threshold):
                problems.append(Finding(sentence[:30], "unsupported", "", "브리프 사실로 뒷받침되지 않는 문장"))
        return problems

    def _drop_sentences(self, section: str, text: str,
                        support: tuple[list[str], float] | None) -> tuple[str, list[FlaggedFigure]]:
        kept: list[str] = []
        flags: list[FlaggedFigure] = []
        for sentence in split_sentences(text):
            problems = self._problems(sentence, support)
            if problems:
                flags += [_flag(section, sentence, p, "dropped") for p in problems]
            else:
                kept.append(sentence)
        return " ".join(kept), flags

    def _call(self, prompt: prompts.SectionPrompt, messages: list[dict[str, str]], max_tokens: int,
              parse: Callable[[dict[str, Any]], Any]) -> Any:
        try:
            raw = complete(self.model, messages, max_tokens=max_tokens, temperature=0.2, json_schema=prompt.schema)
            data = json.loads(_json_part(raw))
            return _filled(parse(data), self.slots)
        except LLMUnavailable:
            raise
        except (ValueError, KeyError, TypeError):
            return None

    def _settle(self, section: str, value: Any, findings: list[tuple[str, Finding]], outcome: SectionOutcome, *,
                droppable: bool, support: tuple[list[str], float] | None) -> SectionOutcome:
        """After the last retry: mark (keep_flagged), drop the offending sentences, or give up the section."""
        if self.keep_flagged:
            outcome.value = value
            outcome.flags = [_flag(section, text, f, "marked") for text, f in findings]
            return outcome
        if droppable and isinstance(value, str):
            kept, flags = self._drop_sentences(section, value, support)
            outcome.flags = flags
            outcome.value = kept or None
            if not kept:
                outcome.flags = [f.model_copy(update={"action": "replaced"}) for f in flags]
            return outcome
        outcome.flags = [_flag(section, text, f, "replaced") for text, f in findings]
        return outcome


def _flag(section: str, sentence: str, finding: Finding, action: str) -> FlaggedFigure:
    return FlaggedFigure(section=section, raw=finding.raw, kind=finding.kind, norm=finding.norm,
                         sentence=sentence, reason=finding.reason, action=action)  # type: ignore[arg-type]


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Quote):
        return list(value.parts)
    if isinstance(value, tuple):
        return [value[0], *value[1]]
    return []


def _filled(value: Any, slots: SlotTable) -> Any:
    if isinstance(value, str):
        return slots.fill(value)
    if isinstance(value, Quote):
        return Quote(speaker=value.speaker, parts=[slots.fill(p) for p in value.parts])
    if isinstance(value, tuple):
        return slots.fill(value[0]), [slots.fill(s) for s in value[1]]
    return value


def _json_part(raw: str) -> str:
    """The JSON object of a reply (a server without grammar support may wrap it in prose or fences)."""
    start, end = raw.find("{"), raw.rfind("}")
    if start < 0 or end <= start:
        raise ValueError("no JSON object in the reply")
    return raw[start:end + 1]


def _unspeak(text: str, speaker: str) -> str:
    """The model often repeats "윤서진 시장은" inside the quotation; the formula already names the speaker."""
    return re.sub(rf"^{re.escape(speaker)}\s*(은|는|이|가)?\s*", "", text).strip()


def _unquote(text: str) -> str:
    return re.sub(r"[“”\"']", "", text).strip().rstrip(".")
