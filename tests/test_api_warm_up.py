"""The server's warm-up stops between steps once the server shuts down: a Ctrl-C during it waited for the
whole warm-up (21 s on 2 AVX2-only cores), now for the step in progress (4 s)."""

from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import Any

import pytest

from api import services as services_module
from api.services import Readiness, _warm_up


def fake_services() -> Any:
    return SimpleNamespace(stopping=threading.Event(), ready=Readiness(llm="pending"))


def test_a_shutdown_during_the_warm_up_skips_the_steps_not_yet_begun(monkeypatch: pytest.MonkeyPatch) -> None:
    services = fake_services()
    ran: list[str] = []

    def first() -> None:
        ran.append("first")
        services.stopping.set()  # Ctrl-C arrives while the first step runs

    monkeypatch.setattr(services_module, "_warm_up_steps",
                        lambda s: [first, lambda: ran.append("second"), lambda: ran.append("third")])
    _warm_up(services)
    assert ran == ["first"]
    assert services.ready.done.is_set(), "/readyz and waiting requests are released"


def test_without_a_shutdown_every_step_runs_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    services = fake_services()
    ran: list[int] = []
    monkeypatch.setattr(services_module, "_warm_up_steps", lambda s: [lambda i=i: ran.append(i) for i in range(3)])
    _warm_up(services)
    assert ran == [0, 1, 2] and services.ready.done.is_set() and services.ready.error is None


def test_a_failing_step_is_reported_and_ends_the_warm_up(monkeypatch: pytest.MonkeyPatch) -> None:
    services = fake_services()

    def broken() -> None:
        raise RuntimeError("임베딩 모델이 없습니다")

    ran: list[str] = []
    monkeypatch.setattr(services_module, "_warm_up_steps", lambda s: [broken, lambda: ran.append("later")])
    _warm_up(services)
    assert ran == [] and services.ready.error == "임베딩 모델이 없습니다" and services.ready.done.is_set()


class LocalModel:
    """An in-process model stand-in: loads, then records what it is asked to read."""

    def __init__(self) -> None:
        self.loaded = False
        self.read: list[list[dict[str, str]]] = []

    def load(self) -> None:
        self.loaded = True

    def stream(self, messages: list[dict[str, str]], **_: Any) -> Any:
        self.read.append(list(messages))
        yield "준"


def test_the_local_model_reads_every_answers_opening_turns_before_the_first_question() -> None:
    # The worked examples cost ~660 prompt tokens once; the model server's prompt cache keeps them after.
    from generate.answer import AnswerConfig, prompt_messages

    model = LocalModel()
    services = SimpleNamespace(stopping=threading.Event(), ready=Readiness(llm="pending"), model=model,
                               answerer=SimpleNamespace(config=AnswerConfig()))
    services_module._warm_up_steps(services)[-1]()  # type: ignore[arg-type]
    an_answers_prompt = prompt_messages("청년 월세 지원 대상은 몇 명인가요?", [])
    assert model.loaded and services.ready.llm == "loaded"
    assert len(model.read) == 1 and model.read[0][:-1] == an_answers_prompt[:-1]
    assert len(an_answers_prompt) > 2, "the worked examples are part of the opening turns"
