"""The soak: the product under a steady load for a long time, to see memory and latency stay
flat (guarantee 11 of docs/reliability.md).

    .venv/bin/python -m bench.soak                      # 30 minutes, a fresh SQLite database
    .venv/bin/python -m bench.soak --minutes 5 --rate 5 --reads 2
    .venv/bin/python -m bench.soak --database-url postgres://postgres@127.0.0.1:5432/cd_soak

What runs: gunicorn (2 workers, as `complaintdesk serve` starts it but without worker recycling,
so a leak shows) and the background worker, on a fresh installation in a temporary folder (or
the empty database given; it is migrated). Two open-loop streams: new complaints through the
API at --rate a second, and an agent reading the queue and the newest complaint at --reads a
second; each request is sent on its schedule whatever the previous one took. The worker sends
every acknowledgement (to Django's in-memory mail backend).

Every --window seconds it prints one line: requests and errors in the window, client latency
(p50, p95, p99) of filing and of reading, the resident memory of each gunicorn worker and of the
background worker, and the tasks still queued. At the end: the first window against the last
(memory growth, p95 ratio) and a verdict, and with --output the whole series as JSON."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import measure

# The first window warms caches and imports: the comparison starts from the second.
WARM_UP_WINDOWS = 1
# Flat: memory grew less than this over the run, p95 less than this factor.
FLAT_MEMORY_GROWTH_MIB = 20.0
FLAT_P95_FACTOR = 1.5


@dataclass
class Window:
    filed_ms: list[float] = field(default_factory=list)
    read_ms: list[float] = field(default_factory=list)
    errors: int = 0


@dataclass
class Soak:
    base: str
    token: str
    windows: list[Window] = field(default_factory=lambda: [Window()])
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    def record(self, kind: str, answer: measure.Answer | None, expected: int) -> None:
        with self.lock:
            window = self.windows[-1]
            if answer is None or answer.status != expected:
                window.errors += 1
                return
            (window.filed_ms if kind == "file" else window.read_ms).append(answer.client_ms)


def on_schedule(soak: Soak, per_second: float, action: Any) -> None:
    """Call `action` per_second times a second, open loop: late calls go at once."""
    interval = 1.0 / per_second
    next_at = time.monotonic()
    number = 0
    while not soak.stop.is_set():
        number += 1
        action(number)
        next_at += interval
        soak.stop.wait(max(0.0, next_at - time.monotonic()))


def filer(soak: Soak) -> Any:
    client = measure.Client(soak.base, token=soak.token)

    def file(number: int) -> None:
        payload = {
            "customer": {"name": f"Soak Customer {number}", "email": f"soak{number}@example.com"},
            "subject": f"Soak complaint {number}",
            "description": "The parcel arrived late and the box was crushed.",
        }
        try:
            answer = client.post_json("/api/v1/complaints", payload)
        except OSError:
            answer = None
        soak.record("file", answer, 201)

    return file


def reader(soak: Soak) -> Any:
    client = measure.Client(soak.base, token=soak.token)

    def read(_number: int) -> None:
        try:
            answer = client.get("/api/v1/complaints?limit=50")
            if answer.status == 200:
                items = answer.json().get("items", [])
                if items:
                    answer = client.get(f"/api/v1/complaints/{items[0]['reference']}")
        except OSError:
            answer = None
        soak.record("read", answer, 200)

    return read


def prepare(database_url: str, environment: dict[str, str]) -> str:
    """Migrate, create the soak's supervisor and return their API token."""
    subprocess.run(
        [sys.executable, "-m", "complaintdesk.cli", "migrate", "--verbosity=0"],
        env=environment,
        check=True,
    )
    script = (
        "import django; django.setup()\n"
        "from complaintdesk.accounts.models import Role, User\n"
        "from complaintdesk.accounts.services import issue_token\n"
        "user, _ = User.objects.get_or_create(\n"
        "    username='soak', defaults={'role': Role.SUPERVISOR})\n"
        "print(issue_token(user=user, name='soak')[1])\n"
    )
    made = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], env=environment, check=True, capture_output=True, text=True
    )
    return made.stdout.strip().splitlines()[-1]


def queued_tasks(environment: dict[str, str]) -> int:
    script = (
        "import django; django.setup()\n"
        "from django_tasks_db.models import DBTaskResult\n"
        "print(DBTaskResult.objects.filter(status__in=['READY', 'RUNNING']).count())\n"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True
    )
    return int(done.stdout.strip() or -1)


def summary(window: Window, memory: dict[str, float], queued: int, started: float) -> dict:
    return {
        "minute": round((time.monotonic() - started) / 60, 1),
        "filed": len(window.filed_ms),
        "reads": len(window.read_ms),
        "errors": window.errors,
        "file_ms": measure.distribution(window.filed_ms) if window.filed_ms else {},
        "read_ms": measure.distribution(window.read_ms) if window.read_ms else {},
        "memory_mib": memory,
        "queued_tasks": queued,
    }


def line(row: dict) -> str:
    def p(figures: dict, key: str) -> str:
        return f"{figures.get(key, float('nan')):6.1f}"

    memory = " ".join(f"{name}={mib:.0f}" for name, mib in row["memory_mib"].items())
    return (
        f"{row['minute']:5.1f} min  filed {row['filed']:4d} reads {row['reads']:4d} "
        f"errors {row['errors']:3d} | file p50/p95/p99 {p(row['file_ms'], 'p50')} "
        f"{p(row['file_ms'], 'p95')} {p(row['file_ms'], 'p99')} ms | read "
        f"{p(row['read_ms'], 'p50')} {p(row['read_ms'], 'p95')} {p(row['read_ms'], 'p99')} ms"
        f" | MiB {memory} | queued {row['queued_tasks']}"
    )


def verdict(rows: list[dict]) -> dict[str, Any]:
    steady = rows[WARM_UP_WINDOWS:] or rows
    first, last = steady[0], steady[-1]
    growth = {
        name: round(last["memory_mib"].get(name, 0) - mib, 1)
        for name, mib in first["memory_mib"].items()
    }
    ratios = {
        kind: round(last[kind].get("p95", 0) / first[kind]["p95"], 2)
        for kind in ("file_ms", "read_ms")
        if first[kind].get("p95")
    }
    flat = (
        all(value < FLAT_MEMORY_GROWTH_MIB for value in growth.values())
        and all(ratio < FLAT_P95_FACTOR for ratio in ratios.values())
        and sum(row["errors"] for row in rows) == 0
    )
    return {"memory_growth_mib": growth, "p95_last_over_first": ratios, "flat": flat}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--rate", type=float, default=5.0, help="complaints filed a second")
    parser.add_argument("--reads", type=float, default=2.0, help="agent reads a second")
    parser.add_argument("--window", type=float, default=60.0, help="seconds per report line")
    parser.add_argument("--database-url", default="", help="an empty database (default: SQLite)")
    parser.add_argument("--output", default="", help="write the series and verdict as JSON")
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="cd-soak-"))
    database_url = options.database_url or f"sqlite:///{folder / 'soak.sqlite3'}"
    environment = {
        **os.environ,
        "COMPLAINTDESK_DATA": str(folder / "data"),
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "complaintdesk.settings",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "INTAKE_MAX_IN_FLIGHT": "100",
    }
    os.environ.update(environment)
    token = prepare(database_url, environment)
    server = measure.Server(database_url, workers=2)
    server.start()
    worker = subprocess.Popen(
        [sys.executable, "-m", "complaintdesk.cli", "worker"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=(folder / "worker.err").open("wb"),
    )
    soak = Soak(base=server.base, token=token)
    streams = [
        threading.Thread(target=on_schedule, args=(soak, options.rate, filer(soak))),
        threading.Thread(target=on_schedule, args=(soak, options.reads, reader(soak))),
    ]
    print(
        f"soak: {options.minutes} min, {options.rate} complaints/s, {options.reads} reads/s, "
        f"{database_url}, logs in {folder}",
        flush=True,
    )
    rows: list[dict] = []
    started = time.monotonic()
    try:
        for stream in streams:
            stream.start()
        end = started + options.minutes * 60
        while time.monotonic() < end:
            time.sleep(min(options.window, max(0.0, end - time.monotonic())))
            with soak.lock:
                window = soak.windows[-1]
                soak.windows.append(Window())
            memory = {f"web{n}": mib for n, mib in enumerate(server.worker_rss_mib().values(), 1)}
            memory["worker"] = measure.rss_kib(worker.pid) / 1024
            rows.append(summary(window, memory, queued_tasks(environment), started))
            print(line(rows[-1]), flush=True)
    finally:
        soak.stop.set()
        for stream in streams:
            stream.join(timeout=60)
        worker.terminate()
        worker.wait(timeout=30)
        server.stop()
    result = {"machine": measure.machine(), "options": vars(options), "windows": rows}
    result["verdict"] = verdict(rows)
    print(json.dumps(result["verdict"]), flush=True)
    if options.output:
        measure.save(options.output, result)


if __name__ == "__main__":
    main()
