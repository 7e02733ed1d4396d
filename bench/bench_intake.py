"""How fast complaints come in through the API: POST /api/v1/complaints at several
concurrencies, with the acknowledgement (message and queued e-mail) written in the same
transaction, as in production.

    .venv/bin/python -m bench.bench_intake \\
        --database-url postgres://postgres@127.0.0.1:5432/complaintdesk_bench \\
        --concurrency 1 8 32 --runs 3 --seconds 20

Starts the product under gunicorn (2 workers, a free loopback port) against a seeded database
and has that many client threads file complaints as fast as they are answered, for a fixed
time per level and run. Reports sustained throughput (complaints stored per second), server
and client latency percentiles, and the most memory each gunicorn worker used under load
(VmRSS, sampled five times a second). The background worker is not started, so the queued
acknowledgement e-mails wait in the task table rather than competing for the CPUs."""

from __future__ import annotations

import argparse
import os
import random
import threading
import time
from typing import Any

from bench import measure
from bench.phrases import BANKS, LANGUAGE_SHARES, THEMES
from bench.seed import load_manifest

CHANNELS = ("api", "web", "email", "phone")
# Some customers complain again: found by e-mail and joined to their history.
RETURNING_SHARE = 0.3


def complaint_payload(rnd: random.Random, serial: str) -> dict[str, Any]:
    """A complaint as an integration would send it, in one of the four languages."""
    bank = rnd.choices(BANKS, weights=LANGUAGE_SHARES)[0]
    theme = bank.themes[rnd.choice(THEMES)]
    amount = round(rnd.uniform(10, 400), 2)
    slots = {
        "item": rnd.choice(bank.items),
        "order": str(rnd.randrange(10_000_000, 99_999_999)),
        "amount": f"{amount:.2f} {bank.currency}",
        "date": bank.date(rnd.randrange(1, 29), rnd.randrange(1, 13)),
    }
    joiner = "" if bank.family_name_first else " "
    description = joiner.join(
        [rnd.choice(bank.openings), rnd.choice(theme.problems).format(**slots),
         rnd.choice(bank.asks)]
    )  # fmt: skip
    name, local = bank.name(rnd.randrange(16), rnd.randrange(16))
    who = rnd.randrange(200) if rnd.random() < RETURNING_SHARE else serial
    payload: dict[str, Any] = {
        "customer": {"name": name, "email": f"{local}.intake-{who}@example.com"},
        "subject": rnd.choice(theme.subjects).format(**slots),
        "description": description,
        "language": bank.language,
        "channel": rnd.choice(CHANNELS),
        "product_reference": f"ORD-{slots['order']}",
    }
    if rnd.random() < 0.3:
        payload["claimed_amount"] = f"{amount:.2f}"
        payload["claimed_currency"] = bank.currency
        payload["remedy_sought"] = ["refund"]
    return payload


def load_level(
    server: measure.Server,
    token: str,
    *,
    concurrency: int,
    seconds: float,
    max_requests: int,
    tag: str,
) -> dict[str, Any]:
    """`concurrency` threads filing complaints for `seconds` (or `max_requests` in all)."""
    answers: list[measure.Answer] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    peak: dict[int, float] = {}
    sampling = threading.Event()

    def file_complaints(number: int) -> None:
        client = measure.Client(server.base, token=token)
        rnd = random.Random(f"{tag}-{number}")
        sent = 0
        while time.monotonic() < deadline:
            with lock:
                if len(answers) >= max_requests:
                    return
            answer = client.post_json(
                "/api/v1/complaints", complaint_payload(rnd, f"{tag}-{number}-{sent}")
            )
            sent += 1
            with lock:
                answers.append(answer)

    def sample_memory() -> None:
        while not sampling.is_set():
            for pid, mib in server.worker_rss_mib().items():
                peak[pid] = max(peak.get(pid, 0.0), mib)
            sampling.wait(0.2)

    sampler = threading.Thread(target=sample_memory, daemon=True)
    sampler.start()
    threads = [
        threading.Thread(target=file_complaints, args=(n,), daemon=True) for n in range(concurrency)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    sampling.set()
    sampler.join()
    stored = [a for a in answers if a.status == 201]
    failures: dict[str, int] = {}
    for answer in answers:
        if answer.status != 201:
            key = f"HTTP {answer.status}"
            failures[key] = failures.get(key, 0) + 1
    return {
        "ids": [a.request_id for a in stored],
        "client": measure.distribution([a.client_ms for a in stored]),
        "throughput": round(len(stored) / elapsed, 1),
        "stored": len(stored),
        "seconds": round(elapsed, 1),
        "failures": failures,
        "worker_peak_rss_mib": sorted(round(v) for v in peak.values()),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=20, help="per level and run")
    parser.add_argument(
        "--max-requests", type=int, default=5_000, help="per level and run, at most"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", default="", help="write the results to this file")
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url is required (or set DATABASE_URL)")

    manifest = load_manifest(args.database_url)
    token = manifest["tokens"]["bench.agent"]
    levels: dict[int, list[dict[str, Any]]] = {c: [] for c in args.concurrency}
    with measure.running(args.database_url, workers=args.workers) as server:
        # Warm up: both workers load their code and open their connections.
        warm = load_level(server, token, concurrency=args.workers, seconds=3,
                          max_requests=50, tag=f"warm-{time.time_ns()}")  # fmt: skip
        idle_rss = sorted(round(v) for v in server.worker_rss_mib().values())
        if warm["stored"] == 0:
            raise SystemExit(f"filing failed while warming up: {warm['failures']}")
        for run in range(args.runs):
            for concurrency in args.concurrency:
                level = load_level(
                    server,
                    token,
                    concurrency=concurrency,
                    seconds=args.seconds,
                    max_requests=args.max_requests,
                    tag=f"{time.time_ns()}-{run}-{concurrency}",
                )
                levels[concurrency].append(level)
                print(
                    f"run {run + 1}, concurrency {concurrency}: {level['throughput']}/s, "
                    f"{level['stored']} stored, failures {level['failures'] or 'none'}"
                )
        time.sleep(0.5)
        times = server.server_times_ms()

    results = []
    for concurrency, runs in levels.items():
        for level in runs:
            level["server"] = measure.distribution(
                [times[i] for i in level.pop("ids") if i in times]
            )
        summary = {
            "concurrency": concurrency,
            "throughput": measure.across_runs(runs, "throughput"),
            "server": {k: measure.across_runs([r["server"] for r in runs], k)
                       for k in ("p50", "p95", "p99")},
            "client": {k: measure.across_runs([r["client"] for r in runs], k)
                       for k in ("p50", "p95", "p99")},
            "worker_peak_rss_mib": max(max(r["worker_peak_rss_mib"] or [0]) for r in runs),
            "runs": runs,
        }  # fmt: skip
        results.append(summary)

    print(f"\nidle worker RSS: {idle_rss} MiB")
    print("concurrency  throughput /s           server p50 / p95 / p99 (ms)         peak RSS")
    for r in results:
        server_figures = " / ".join(
            f"{r['server'][k]['median']:.0f}" for k in ("p50", "p95", "p99")
        )
        print(
            f"{r['concurrency']:>11}  {measure.shown(r['throughput'], '/s'):<22}  "
            f"{server_figures:<34}  {r['worker_peak_rss_mib']} MiB"
        )
    measure.save(
        args.json,
        {
            "benchmark": "intake",
            "machine": measure.machine(),
            "database": measure.database_facts(args.database_url),
            "workers": args.workers,
            "seconds_per_level": args.seconds,
            "idle_worker_rss_mib": idle_rss,
            "results": results,
        },
    )


if __name__ == "__main__":
    main()
