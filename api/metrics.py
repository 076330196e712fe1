"""Prometheus metrics of one app: requests and latency per route, ingestion counters, LLM tokens/s.

Each app gets its own registry (tests build many apps in one process). With several uvicorn workers
each worker reports its own numbers; a scraper sums them per instance.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

# Latency buckets around the service's targets (search p95 ≤ 300 ms; answers take seconds).
_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("pressroom_http_requests_total", "HTTP requests by route, method and status",
                                ["route", "method", "status"], registry=self.registry)
        self.latency = Histogram("pressroom_http_request_seconds", "Time to response headers by route",
                                 ["route", "method"], buckets=_BUCKETS, registry=self.registry)
        self.ingested = Counter("pressroom_ingest_files_total", "Files processed by ingestion jobs by outcome",
                                ["status"], registry=self.registry)
        self.ingested_chunks = Counter("pressroom_ingest_chunks_total", "Chunks written by ingestion jobs",
                                       registry=self.registry)
        self.jobs = Counter("pressroom_ingest_jobs_total", "Ingestion jobs finished by status", ["status"],
                            registry=self.registry)
        self.llm_tps = Gauge("pressroom_llm_tokens_per_second", "Decoding speed of the last LLM generation",
                             registry=self.registry)
        self.answers = Counter("pressroom_answers_total", "Answers by generator actually used", ["generator"],
                               registry=self.registry)

    def observe_request(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests.labels(route, method, str(status)).inc()
        self.latency.labels(route, method).observe(seconds)

    def observe_job(self, job: Any) -> None:
        self.jobs.labels(job.status).inc()
        for outcome in job.outcomes:
            self.ingested.labels(outcome.get("status", "unknown")).inc()
            self.ingested_chunks.inc(outcome.get("chunks") or 0)

    def observe_llm(self, model: Any) -> None:
        tps = getattr(model, "tokens_per_second", None)
        if tps:
            self.llm_tps.set(float(tps))

    def render(self) -> bytes:
        return generate_latest(self.registry)
