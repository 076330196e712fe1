"""Section prompts, declared as data (DESIGN.md practice 11): each states its inputs in the user message
and the JSON structure it must return; the output is parsed and validated before anything is used.

Prompts are short on purpose: on 2 cores every 100 prompt tokens cost ~1.4 s before the first word.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SYSTEM = (
    "당신은 한빛광역시 대변인실의 보도자료 작성자입니다. [사실]에 있는 내용만 한국어 보도자료 문체(…한다, …했다)로 "
    "씁니다. {F1} 같은 표시는 수치 자리이니 글자 그대로 옮겨 쓰고, [사실]에 없는 숫자·날짜·이름은 쓰지 마세요. "
    "JSON으로만 답하세요."
)


@dataclass(frozen=True)
class SectionPrompt:
    name: str
    task: str  # what to write, in Korean
    schema: dict[str, Any]
    max_tokens: int
    min_tokens: int  # a typical complete reply; a call that cannot afford it is not started


def _object(**fields: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": fields, "required": list(fields), "additionalProperties": False}


_TEXT = {"type": "string", "minLength": 2}

HEADLINE = SectionPrompt(
    "headline",
    "보도자료 제목 한 줄(20~45자, 핵심 수치 포함)과 부제 2개(각 60자 이내, 명사형으로 끝맺음)를 쓰세요.",
    _object(headline=_TEXT, subheadlines={"type": "array", "items": _TEXT, "minItems": 1, "maxItems": 2}),
    140,
    80,
)
BODY = SectionPrompt(
    "body",
    "위 사실을 빠짐없이 담아 보도자료 본문 한 문단(2~4문장)을 쓰세요. 문장을 자연스럽게 잇되 내용을 더하지 마세요.",
    _object(paragraph=_TEXT),
    260,
    120,
)
QUOTE = SectionPrompt(
    "quote",
    "[발언 요지] 두 가지를 각각 발언자가 직접 말하는 한 문장(…하겠다)으로 다듬으세요. 따옴표는 쓰지 마세요.",
    _object(first=_TEXT, second=_TEXT),
    160,
    70,
)


def messages(prompt: SectionPrompt, facts: str, example: str | None = None,
             feedback: str | None = None) -> list[dict[str, str]]:
    user = f"[사실]\n{facts}\n"
    if example:
        user += f"\n[예시: 지난 보도자료의 형식]\n{example}\n"
    user += f"\n[할 일] {prompt.task}"
    if feedback:
        user += f"\n[주의] 앞선 답에 문제가 있었습니다: {feedback}. [사실]의 표시와 내용만 쓰세요."
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]
