"""Everything the routes share, built once per server process in the app's lifespan."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from api.audit import AuditLog
from api.auth import KeyStore
from api.conversations import ConversationStore
from api.drafting import Drafting
from api.jobs import JobRunner, JobStore
from api.metrics import Metrics
from api.ratelimit import RateLimiter
from core.errors import PressroomError
from core.settings import Settings

log = logging.getLogger("pressroom.api")
# The embedded LLM runs one generation at a time anyway: admitting one such answer at a time per worker keeps
# searches fast under load while extra questions wait their turn. A remote LLM server handles concurrency
# itself, and extractive answers (a search plus ~20 ms of cached sentence analysis) need no slot: queuing them
# behind one another made extractive asks 5.4 s at p50 under a 20-client load while searches took 0.4 s.
ANSWER_SLOTS = {"openai": 8}


@dataclass
class Readiness:
    """Set by the warm-up thread; ``/readyz`` reports it."""

    embedder: bool = False
    llm: str = "pending"   # loaded | extractive | unavailable: … | pending
    error: str | None = None
    done: threading.Event = field(default_factory=threading.Event)


@dataclass
class Services:
    settings: Settings
    kb: Any
    answerer: Any
    model: Any
    keys: KeyStore
    audit: AuditLog
    jobs: JobStore
    conversations: ConversationStore
    runner: JobRunner
    limiter: RateLimiter
    metrics: Metrics
    drafting: Drafting
    ready: Readiness
    answer_slots: threading.BoundedSemaphore
    warm_up: threading.Thread | None = None
    stopping: threading.Event = field(default_factory=threading.Event)  # set when the server shuts down
    # The job of settings.ingest_on_start and how many files it covers (shown by /readyz and the web page).
    startup_ingest: tuple[str, int] | None = None

    def answer_slot(self, generator: str) -> AbstractContextManager[Any]:
        """The admission an answer by ``generator`` waits for (extractive answers go straight through)."""
        return nullcontext() if generator == "extractive" else self.answer_slots

    def close(self) -> None:
        self.stopping.set()  # the warm-up stops after its current step (a Ctrl-C during it took 21 s)
        if self.warm_up is not None:  # the warm-up reads the stores: let that step finish before they close
            self.warm_up.join(timeout=60)
        self.runner.close()
        for closable in (self.kb, self.keys, self.audit, self.jobs, self.conversations):
            closable.close()


def server_settings(settings: Settings) -> Settings:
    """A server gets its parallelism from concurrent requests; torch's intra-op threads on top of that
    oversubscribe the cores (EmbeddingGemma, busy 2-core machine: 153 ms per query on 1 thread, 2–3 s on 2),
    so torch gets one thread unless PRESSROOM_EMBED_THREADS says otherwise. The int8 query encoder keeps
    ``query_threads``: the query batcher runs one encode at a time and its idle threads do not spin."""
    if settings.embed_threads is None:
        return settings.model_copy(update={"embed_threads": 1})
    return settings


def build_services(settings: Settings, metrics: Metrics) -> Services:
    from api.cli.common import offline_env

    offline_env()
    from api.embedding import QueryBatcher
    from core.kb import KnowledgeBase
    from generate.answer import Answerer
    from index.embedders import make_embedder

    settings = server_settings(settings)
    kb = KnowledgeBase(settings, embedder=QueryBatcher(lambda: make_embedder(settings)))
    if settings.reranker:
        _ = kb.retriever  # loads the cross-encoder now: a wrong PRESSROOM_RERANKER stops the start, not a search
    model, llm_state = _chat_model(settings)
    jobs = JobStore.for_data_dir(settings.data_dir)
    jobs.fail_orphans()
    services = Services(
        settings=settings, kb=kb, answerer=Answerer(kb, model), model=model,
        keys=KeyStore.for_data_dir(settings.data_dir), audit=AuditLog.for_data_dir(settings.data_dir),
        jobs=jobs, runner=JobRunner(settings, jobs, lambda: kb.store, on_finished=metrics.observe_job),
        conversations=ConversationStore.for_data_dir(settings.data_dir),
        limiter=RateLimiter(settings.rate_limit_per_minute), metrics=metrics,
        drafting=Drafting(kb, model), ready=Readiness(llm=llm_state),
        answer_slots=threading.BoundedSemaphore(ANSWER_SLOTS.get(settings.generator, 1)))
    services.startup_ingest = _ingest_on_start(settings, jobs, services.runner)
    services.warm_up = threading.Thread(target=_warm_up, args=(services,), name="pressroom-warmup", daemon=True)
    services.warm_up.start()
    return services


def _ingest_on_start(settings: Settings, jobs: JobStore, runner: JobRunner) -> tuple[str, int] | None:
    """Queue settings.ingest_on_start as an ordinary ingestion job (a low-priority child process; searches
    keep the CPU). A missing folder is logged, never a failed start: the rest of the archive still serves."""
    from ingest.pipeline import discover

    folder = settings.ingest_on_start
    if folder is None:
        return None
    try:
        total = len(discover([Path(folder)]))
    except PressroomError as exc:
        log.error("시작 시 수집할 폴더를 찾을 수 없습니다: %s", exc)
        return None
    job = jobs.create("demo", [{"path": str(folder), "name": Path(folder).name}], {})
    runner.submit(job)
    log.info("시작 시 수집: %s (파일 %d개, 작업 %s)", folder, total, job.job_id)
    return job.job_id, total


def _chat_model(settings: Settings) -> tuple[Any, str]:
    """The configured chat model, or None (extractive answers) with the reason, never a crash at start."""
    from generate.backends import make_chat_model

    try:
        model = make_chat_model(settings)
    except Exception as exc:  # missing weights or no server URL: answers stay extractive, /readyz says why
        log.warning("LLM unavailable, answers will be extractive: %s", exc)
        return None, f"unavailable: {exc}"
    return model, "extractive" if model is None else "pending"


def _warm_up(services: Services) -> None:
    """Load the embedder, Kiwi, the keyword index and the LLM before the first user waits for them — one
    step at a time, so that a shutdown waits for the current step only (on 2 AVX2-only cores the whole
    warm-up takes ~20 s)."""
    try:
        for step in _warm_up_steps(services):
            if services.stopping.is_set():
                return
            step()
    except Exception as exc:
        log.exception("warm-up failed")
        services.ready.error = str(exc)
        if services.ready.embedder:
            services.ready.llm = f"unavailable: {exc}"
    finally:
        services.ready.done.set()


def read_fixed_turns(model: Any, worked_examples: bool) -> None:
    """Have the in-process model read the turns every answer's prompt opens with — the system prompt and the
    worked examples (667 tokens, 11.6 s in a `make run` on 2 AVX-512 cores) — into its prompt cache, so the first user's
    question pays only for its own passages (~250 tokens), like every later one."""
    from generate.answer import prompt_messages

    for _ in model.stream(prompt_messages("준비", [], worked_examples=worked_examples), max_tokens=1):
        pass


def _warm_up_steps(services: Services) -> list[Callable[[], object]]:
    from core.korean import split_sentences

    def embedder_ready() -> None:
        services.ready.embedder = True

    def llm() -> None:
        load = getattr(services.model, "load", None)
        if load is not None:
            load()
            read_fixed_turns(services.model, services.answerer.config.worked_examples)
        if services.model is not None:
            services.ready.llm = "loaded" if load is not None else "remote"

    return [lambda: services.kb.embedder.embed_queries(["준비"]),
            lambda: split_sentences("준비합니다. 곧 시작합니다."),
            # the whole answer path, once
            lambda: services.answerer.ask("시청 보도자료 준비", generator="extractive"),
            embedder_ready, llm]
