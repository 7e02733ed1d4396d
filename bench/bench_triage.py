"""How long the automatic assessment takes with an installation's active models, and what
a process holds in memory for it.

    COMPLAINTDESK_DATA=… .venv/bin/python -m bench.bench_triage \\
        --database-url postgres://…/db --runs 3 [--filings 100]

Texts: 300 complaints as the intake bench files them (bench_intake.complaint_payload, four
languages) and 100 dev texts of each language from ../shared/data when present. Measures, per
run: `triage.services.assess()` of one text at a time (median and p95, wall clock and this
thread's processor time; the language is detected, as when intake was given none),
`assess_many()` of 5,000 texts (texts per second of wall clock and of processor time, which
other load hardly moves). With `--filings N` (a seeded database: bench/seed.py), N complaints
are filed through the API in this process and `assess_complaint` — the assessment, its
`FieldAssessment` rows, the complaint's fields and its event — is timed inside each filing
(each one is stored). Then the resident memory of the process, and whether scikit-learn or
scipy were loaded."""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
DEV_FILES = (
    "airline_tweets_en.csv",
    "airline_tweets_es.csv",
    "insurance_reviews_fr.csv",
    "car_complaints_zh.csv",
)


def rss_mib() -> float:
    status = Path("/proc/self/status").read_text()
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else 0.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def texts() -> list[str]:
    from bench.bench_intake import complaint_payload

    chance = random.Random(3)
    found = []
    for number in range(300):
        payload = complaint_payload(chance, str(number))
        found.append(f"{payload['subject']}\n{payload['description']}")
    for name in DEV_FILES:
        path = SHARED / name
        if path.is_file():
            rows = csv.DictReader(path.open(encoding="utf-8"))
            found += [row["text"] for row in rows if row["split"] == "dev"][:100]
    return found


def assessment_speed(samples: list[str]) -> dict[str, float]:
    from complaintdesk.triage import services

    wall, cpu = [], []
    for text in samples:
        started, thread = time.perf_counter(), time.thread_time()
        services.assess(text)
        cpu.append(time.thread_time() - thread)
        wall.append(time.perf_counter() - started)
    batch = (samples * 13)[:5000]
    started, process = time.perf_counter(), time.process_time()
    services.assess_many(batch)
    return {
        "one_ms_median": statistics.median(wall) * 1000,
        "one_ms_p95": percentile(wall, 0.95) * 1000,
        "one_cpu_ms_median": statistics.median(cpu) * 1000,
        "batch_per_second": len(batch) / (time.perf_counter() - started),
        "batch_per_cpu_second": len(batch) / (time.process_time() - process),
    }


def filing_speed(database_url: str, count: int) -> dict[str, float]:
    """assess_complaint's time inside real filings through the API (test client)."""
    from django.test import Client

    from bench.bench_intake import complaint_payload
    from bench.seed import load_manifest
    from complaintdesk import wiring
    from complaintdesk.triage import services

    token = load_manifest(database_url)["tokens"]["bench.agent"]
    client = Client(SERVER_NAME="127.0.0.1")
    chance = random.Random(time.time_ns())
    timings: list[float] = []
    original = services.assess_complaint

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            timings.append(time.perf_counter() - started)

    wiring.assess_complaint = timed  # type: ignore[attr-defined]
    try:
        for number in range(count + 5):
            answer = client.post(
                "/api/v1/complaints",
                json.dumps(complaint_payload(chance, f"triage-{time.time_ns()}-{number}")),
                content_type="application/json",
                headers={"Authorization": f"Bearer {token}"},
            )
            if answer.status_code != 201:
                raise SystemExit(f"filing failed: {answer.status_code} {answer.content[:300]!r}")
    finally:
        wiring.assess_complaint = original  # type: ignore[attr-defined]
    timings = timings[5:]  # the first ones load the models
    return {
        "assess_complaint_ms_median": statistics.median(timings) * 1000,
        "assess_complaint_ms_p95": percentile(timings, 0.95) * 1000,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--filings", type=int, default=0, help="also time N filings (stored)")
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url is required (or set DATABASE_URL)")
    os.environ.update(
        DATABASE_URL=args.database_url, DJANGO_SETTINGS_MODULE="complaintdesk.settings"
    )
    import django

    django.setup()
    from complaintdesk.triage import services

    print(f"load average at start: {os.getloadavg()}")
    _configuration, models = services._current()
    print(f"active models: {sorted(models)}; resident memory {rss_mib():.0f} MiB")
    samples = texts()
    services.assess("warm up")
    runs = []
    for run in range(args.runs):
        figures = assessment_speed(samples)
        if args.filings:
            figures.update(filing_speed(args.database_url, args.filings))
        figures["load_average"] = os.getloadavg()[0]
        runs.append(figures)
        print(f"run {run + 1}: " + ", ".join(f"{k} {v:.3f}" for k, v in figures.items()))
    for key in runs[0]:
        values = [run[key] for run in runs]
        low, high = min(values), max(values)
        print(f"{key}: median {statistics.median(values):.3f} (range {low:.3f}–{high:.3f})")
    print(f"resident memory {rss_mib():.0f} MiB; scikit-learn loaded: {'sklearn' in sys.modules}, "
          f"scipy loaded: {'scipy' in sys.modules}")  # fmt: skip


if __name__ == "__main__":
    main()
