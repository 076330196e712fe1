"""Load test of the service: N concurrent clients for T seconds mixing search and extractive ask, with an
ingestion job (an upload through the API) running during the load. Prints errors and p50/p95 per route.

    python benchmarks/load.py --serve --ingest DIR            # starts `pressroom serve` on a free port
    python benchmarks/load.py --url http://127.0.0.1:8000 --key prk_… --ingest DIR

With ``--serve`` the server uses the current ``PRESSROOM_*`` environment (data dir, embedder) with the
rate limit switched off. The client runs on the same machine, so it shares the CPU with the server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
FALLBACK_QUESTIONS = ["청년 월세 지원 대상은 몇 명인가요?", "버스 노선 개편 사업비는 얼마인가요?",
                      "소상공인 경영안정자금 신청 기간", "탄소중립 추진 계획의 목표", "공공 와이파이 확대"]


@dataclass
class Sample:
    route: str
    started: float  # seconds since the load began
    seconds: float
    status: int
    error: str | None = None


@dataclass
class IngestRun:
    files: int = 0
    job_id: str | None = None
    started: float | None = None
    finished: float | None = None
    status: str = "not started"
    failed_files: int = 0
    error: str | None = None
    samples: list[Sample] = field(default_factory=list)


def load_questions(folder: Path) -> list[str]:
    questions = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                questions.append(json.loads(line)["question"])
    return questions or FALLBACK_QUESTIONS


def variant(question: str, rng: random.Random) -> str:
    """The question with one word dropped and two swapped: repeated questions would only measure the
    server's query-vector cache, not the embedder."""
    words = question.split()
    if len(words) > 3:
        words.pop(rng.randrange(len(words)))
        i, j = rng.randrange(len(words)), rng.randrange(len(words))
        words[i], words[j] = words[j], words[i]
    return " ".join(words)


async def client_loop(client: httpx.AsyncClient, questions: list[str], ask_share: float, t0: float,
                      deadline: float, seed: int, out: list[Sample], vary: bool, think: float) -> None:
    rng = random.Random(seed)
    while time.perf_counter() < deadline:
        if think > 0:  # a person reads the result before the next request (exponential, mean ``think``)
            await asyncio.sleep(min(rng.expovariate(1 / think), deadline - time.perf_counter()))
            if time.perf_counter() >= deadline:
                break
        question = variant(rng.choice(questions), rng) if vary else rng.choice(questions)
        ask = rng.random() < ask_share
        route, body = (("/v1/ask", {"question": question, "generator": "extractive"}) if ask
                       else ("/v1/search", {"query": question, "k": 10}))
        started = time.perf_counter()
        try:
            response = await client.post(route, json=body)
            error = None if response.status_code == 200 else response.text[:200]
            status = response.status_code
        except httpx.HTTPError as exc:
            status, error = 0, f"{type(exc).__name__}: {exc}"
        out.append(Sample(route, started - t0, time.perf_counter() - started, status, error))


async def ingest_during_load(client: httpx.AsyncClient, folder: Path, t0: float, delay: float,
                             run: IngestRun) -> None:
    await asyncio.sleep(delay)
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "_")))[:20]
    run.files = len(files)
    run.started = time.perf_counter() - t0
    stamp = time.strftime("%H%M%S")  # fresh names: a re-run must ingest, not skip unchanged files
    multipart = [("files", (f"load-{stamp}-{p.name}", p.read_bytes(), "application/octet-stream")) for p in files]
    response = await client.post("/v1/documents", files=multipart)
    if response.status_code != 202:
        run.status, run.error = "upload failed", response.text[:300]
        return
    run.job_id = response.json()["job_id"]
    while True:
        job = (await client.get(f"/v1/jobs/{run.job_id}")).json()
        if job["status"] in ("done", "failed"):
            run.status, run.error = job["status"], job.get("error")
            run.failed_files = len(job["errors"])
            run.finished = time.perf_counter() - t0
            return
        await asyncio.sleep(0.5)


async def run_load(url: str, key: str | None, clients: int, duration: float, ask_share: float,
                   questions: list[str], ingest: Path | None, ingest_at: float,
                   vary: bool = True, think: float = 0.0) -> tuple[list[Sample], IngestRun]:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    limits = httpx.Limits(max_connections=clients + 4, max_keepalive_connections=clients + 4)
    samples: list[Sample] = []
    run = IngestRun()
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=120, limits=limits) as client:
        t0 = time.perf_counter()
        deadline = t0 + duration
        tasks = [client_loop(client, questions, ask_share, t0, deadline, i, samples, vary, think) for i in range(clients)]
        if ingest is not None:
            tasks.append(ingest_during_load(client, ingest, t0, ingest_at, run))
        await asyncio.gather(*tasks)
    return samples, run


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def summarise(samples: list[Sample], duration: float, window: tuple[float, float] | None) -> dict[str, Any]:
    report: dict[str, Any] = {}
    for route in sorted({s.route for s in samples}):
        mine = [s for s in samples if s.route == route]
        report[route] = _stats(mine, duration)
        if window is not None:
            during = [s for s in mine if window[0] <= s.started <= window[1]]
            report[route]["during_ingestion"] = _stats(during, max(window[1] - window[0], 1e-9))
    return report


def _stats(samples: list[Sample], duration: float) -> dict[str, Any]:
    ms = [s.seconds * 1000 for s in samples if s.error is None]
    return {"requests": len(samples), "errors": sum(1 for s in samples if s.error is not None),
            "rps": round(len(samples) / duration, 1), "p50_ms": round(percentile(ms, 50), 1),
            "p95_ms": round(percentile(ms, 95), 1), "p99_ms": round(percentile(ms, 99), 1),
            "max_ms": round(max(ms), 1) if ms else None,
            "mean_ms": round(statistics.fmean(ms), 1) if ms else None}


@contextmanager
def serve(workers: int) -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PRESSROOM_RATE_LIMIT_PER_MINUTE": "0", "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-c", "from api.cli import main; main()", "serve", "--port", str(port),
                             "--workers", str(workers)], env=env, cwd=REPO, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url)
        yield url
    finally:
        proc.terminate()
        proc.wait(60)


def _wait_ready(url: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/readyz", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"서버가 준비되지 않았습니다: {url}")


def print_report(report: dict[str, Any], run: IngestRun, samples: list[Sample], args: argparse.Namespace) -> None:
    print(f"\n{args.clients} clients × {args.duration:.0f} s, ask share {args.ask_share:.0%}, "
          f"think time {args.think:g} s, load average before/after {args.loadavg}")
    print(f"{'route':<12}{'n':>7}{'err':>5}{'rps':>7}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}  (ms)")
    for route, s in report.items():
        print(f"{route:<12}{s['requests']:>7}{s['errors']:>5}{s['rps']:>7}{s['p50_ms']:>9}{s['p95_ms']:>9}"
              f"{s['p99_ms']:>9}{s['max_ms']!s:>9}")
        if "during_ingestion" in s:
            d = s["during_ingestion"]
            print(f"{'  ↳ ingest':<12}{d['requests']:>7}{d['errors']:>5}{d['rps']:>7}{d['p50_ms']:>9}"
                  f"{d['p95_ms']:>9}{d['p99_ms']:>9}{d['max_ms']!s:>9}")
    if args.ingest:
        took = f"{run.finished - run.started:.1f} s" if run.finished and run.started is not None else "-"
        print(f"ingestion: {run.files} files, job {run.status} in {took} "
              f"(from {run.started} s), failed files {run.failed_files}, error {run.error}")
    errors = [s for s in samples if s.error]
    for s in errors[:10]:
        print(f"  error {s.route} {s.status}: {s.error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="running server (default: start one with --serve)")
    parser.add_argument("--serve", action="store_true", help="start `pressroom serve` for the run")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers with --serve")
    parser.add_argument("--key", default=os.environ.get("PRESSROOM_API_KEY"), help="API key (writer+)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--ask-share", type=float, default=0.3, help="share of requests that are /v1/ask")
    parser.add_argument("--ingest", type=Path, help="folder whose files are uploaded as one job during the load")
    parser.add_argument("--ingest-at", type=float, default=5.0, help="seconds into the load to upload")
    parser.add_argument("--questions", type=Path, default=REPO / "corpus" / "eval" / "questions")
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean think time between a client's requests, s (0: back-to-back)")
    parser.add_argument("--repeat", action="store_true", help="send the questions verbatim (cache-friendly)")
    parser.add_argument("--json", type=Path, help="also write the report as JSON")
    parser.add_argument("--samples", type=Path, help="also write every request (route, start s, ms, status) as CSV")
    args = parser.parse_args(argv)
    if not args.url and not args.serve:
        parser.error("--url 또는 --serve 가 필요합니다")
    questions = load_questions(args.questions)
    before = os.getloadavg()[0]
    with (serve(args.workers) if args.serve else _given(args.url)) as url:
        samples, run = asyncio.run(run_load(url, args.key, args.clients, args.duration, args.ask_share,
                                            questions, args.ingest, args.ingest_at, not args.repeat,
                                            args.think))
    args.loadavg = f"{before:.1f}/{os.getloadavg()[0]:.1f}"
    window = (run.started, run.finished or args.duration) if run.started is not None else None
    report = summarise(samples, args.duration, window)
    print_report(report, run, samples, args)
    if args.json:
        args.json.write_text(json.dumps({"routes": report, "ingestion": run.__dict__ | {"samples": None}},
                                        ensure_ascii=False, indent=2), encoding="utf-8")
    if args.samples:
        args.samples.write_text("route,started_s,ms,status\n" + "".join(
            f"{x.route},{x.started:.3f},{x.seconds * 1000:.1f},{x.status}\n" for x in samples), encoding="utf-8")
    failed = any(s.error for s in samples) or run.status == "failed" or (run.failed_files > 0)
    return 1 if failed else 0


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url.rstrip("/")


if __name__ == "__main__":
    sys.exit(main())
