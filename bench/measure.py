"""What the benchmarks share: the product started as in production (gunicorn, its own access
log giving each request's server-side time), an HTTP client that signs in like a browser,
per-worker memory, percentiles, and the machine a figure was measured on.

Server time is gunicorn's own measure (%(D)s in its access log): from the moment a worker
starts handling the request until the response is written, so it leaves out the client and
time spent waiting for a free worker. Each request carries an X-Bench-Id header that the log
repeats, which ties every log line to the request that caused it."""

from __future__ import annotations

import http.cookiejar
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import count
from pathlib import Path
from typing import Any

LOOPBACK = "127.0.0.1"
STARTUP_TIMEOUT = 60
REQUEST_TIMEOUT = 120
ACCESS_LOG_FORMAT = "%({x-bench-id}i)s %(D)s %(s)s %(p)s"
_request_ids = count(1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def rss_kib(pid: int) -> int:
    """Resident memory of a process (VmRSS), in KiB; 0 once it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) if match else 0


def children_of(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


@dataclass
class Server:
    """The product under gunicorn on a free loopback port; or, given another interpreter,
    application and directory, another Django project started the same way (compare_peer.py)."""

    database_url: str
    workers: int = 2
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    log: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="cd-bench-")))
    python: str = sys.executable
    application: str = "complaintdesk.wsgi:application"
    directory: str | None = None
    environment: dict[str, str] = field(default_factory=dict)
    health_path: str = "/healthz"

    @property
    def base(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def access_log(self) -> Path:
        return self.log / "access.log"

    def start(self) -> None:
        environment = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
            # The benchmarks measure capacity: the per-token limit (still counted on every
            # request) must not be what answers.
            "API_REQUESTS_PER_MINUTE": "10000000",
            **self.environment,
        }
        self.process = subprocess.Popen(  # noqa: S603 (our interpreter, fixed arguments)
            [
                self.python, "-m", "gunicorn", self.application,
                f"--bind={LOOPBACK}:{self.port}",
                f"--workers={self.workers}",
                f"--access-logfile={self.access_log}",
                f"--access-logformat={ACCESS_LOG_FORMAT}",
                f"--error-logfile={self.log / 'error.log'}",
                "--timeout=120",
                "--graceful-timeout=5",
                "--no-control-socket",
                # As `complaintdesk serve` does; the benchmarks stay below the recycling limit.
                "--max-requests=100000",
            ],
            env=environment,
            cwd=self.directory,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start-up; see {self.log / 'error.log'}")
            try:
                with urllib.request.urlopen(f"{self.base}{self.health_path}", timeout=5) as answer:  # noqa: S310
                    if answer.status == 200 and len(self.worker_pids()) == self.workers:
                        return
            except (OSError, urllib.error.HTTPError):
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"gunicorn did not answer on {self.base} within 60 s")
            time.sleep(0.2)

    def worker_pids(self) -> list[int]:
        return children_of(self.process.pid) if self.process else []

    def worker_rss_mib(self) -> dict[int, float]:
        return {pid: rss_kib(pid) / 1024 for pid in self.worker_pids()}

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def server_times_ms(self) -> dict[str, float]:
        """Server time of every logged request, by its X-Bench-Id."""
        times: dict[str, float] = {}
        if not self.access_log.exists():
            return times
        for line in self.access_log.read_text().splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[0] != "-" and parts[1].isdigit():
                times[parts[0]] = int(parts[1]) / 1000
        return times


@contextmanager
def running(database_url: str, *, workers: int = 2, **options: Any) -> Iterator[Server]:
    """The server for the block; its logs are kept only if the block fails. `options` are
    Server's (another project: python, application, directory, environment, health_path)."""
    server = Server(database_url, workers=workers, **options)
    server.start()
    try:
        yield server
    finally:
        server.stop()
    shutil.rmtree(server.log, ignore_errors=True)


@dataclass
class Answer:
    request_id: str
    status: int
    body: bytes
    client_ms: float

    def json(self) -> Any:
        return json.loads(self.body)


class Client:
    """A browser-like client: keeps cookies, signs in through the login form."""

    def __init__(self, base: str, *, token: str = "", scheme: str = "Bearer") -> None:
        self.base = base
        self.token = token
        # How the token is presented: "Bearer" (ours), "Token" (Django REST framework's).
        self.scheme = scheme
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        request_id = f"r{os.getpid()}-{next(_request_ids)}"
        request = urllib.request.Request(  # noqa: S310 (always our loopback server)
            self.base + path, data=body, method=method, headers={"X-Bench-Id": request_id}
        )
        if self.token:
            request.add_header("Authorization", f"{self.scheme} {self.token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as answer:
                status, content = answer.status, answer.read()
        except urllib.error.HTTPError as refusal:
            status, content = refusal.code, refusal.read()
        return Answer(request_id, status, content, (time.perf_counter() - started) * 1000)

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post_json(self, path: str, payload: Any) -> Answer:
        return self.request(
            "POST",
            path,
            body=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )

    def sign_in(self, username: str, password: str) -> None:
        form = self.get("/login/").body.decode()
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        if match is None:
            raise RuntimeError("the login page has no CSRF token")
        answer = self.request(
            "POST",
            "/login/",
            body=urllib.parse.urlencode(
                {"username": username, "password": password, "csrfmiddlewaretoken": match[1]}
            ).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if not any(cookie.name == "sessionid" for cookie in self.cookies):
            raise RuntimeError(f"signing in as {username} failed (HTTP {answer.status})")


def percentile(values: Sequence[float], share: float) -> float:
    """The `share` percentile (0–100), interpolated between the nearest ranks."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = (len(ordered) - 1) * share / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def distribution(values: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": round(percentile(values, 50), 2),
        "p95": round(percentile(values, 95), 2),
        "p99": round(percentile(values, 99), 2),
        "max": round(max(values), 2) if values else float("nan"),
    }


def across_runs(runs: Sequence[dict[str, float]], key: str) -> dict[str, float]:
    """Median and range of one figure over several runs."""
    values = [run[key] for run in runs if key in run]
    return {
        "median": round(statistics.median(values), 2) if values else float("nan"),
        "min": round(min(values), 2) if values else float("nan"),
        "max": round(max(values), 2) if values else float("nan"),
    }


def shown(figure: dict[str, float], unit: str = "ms") -> str:
    """The median and the range, e.g. 12.3 ms (11.8–13.0)."""
    return f"{figure['median']:.1f} {unit} ({figure['min']:.1f}–{figure['max']:.1f})"


def machine() -> dict[str, Any]:
    memory = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "memory_gib": round(int(memory.group(1)) / 1024**2, 1) if memory else None,
        "cpu": cpu.group(1).strip() if cpu else platform.processor(),
        "python": platform.python_version(),
        "kernel": platform.release(),
        # Other work on the machine skews every figure; this says how busy it was.
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def database_facts(database_url: str) -> dict[str, Any]:
    """The database engine and size, and how many rows the main tables hold."""
    import dj_database_url

    config = dj_database_url.parse(database_url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        import sqlite3

        path = Path(config["NAME"])
        with sqlite3.connect(path) as db:
            version = db.execute("select sqlite_version()").fetchone()[0]
            rows = db.execute("select count(*) from complaints_complaint").fetchone()[0]
        return {
            "engine": f"SQLite {version}",
            "size_mib": round(path.stat().st_size / 2**20),
            "complaints": rows,
        }
    import psycopg

    with psycopg.connect(
        dbname=config["NAME"],
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
    ) as db:
        version, size, rows = db.execute(
            "select current_setting('server_version'), "
            "pg_database_size(current_database()), "
            "(select count(*) from complaints_complaint)"
        ).fetchone() or ("?", 0, 0)
        settings: dict[str, str] = dict(
            db.execute(
                "select name, setting || coalesce(unit, '') from pg_settings where name in "
                "('shared_buffers', 'work_mem', 'effective_cache_size', 'max_wal_size')"
            ).fetchall()
        )
    return {"engine": f"PostgreSQL {version}", "size_mib": round(size / 2**20),
            "complaints": rows, "settings": settings}  # fmt: skip


def save(path: str, result: dict[str, Any]) -> None:
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(result, indent=2, ensure_ascii=False))
        print(f"results: {path}")
