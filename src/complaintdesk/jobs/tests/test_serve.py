"""`complaintdesk serve` for real: a web server and a worker started, checked and stopped as
an operator would, in subprocesses on a throwaway data directory."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the process tree from /proc"
)


def command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "complaintdesk.cli", *arguments]


def environment(data: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    return {**env, "COMPLAINTDESK_DATA": str(data), "LOG_LEVEL": "WARNING"}


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A data directory with a migrated SQLite database, made once for the module."""
    data = tmp_path_factory.mktemp("migrated")
    migrate = command("migrate", "-v0")
    subprocess.run(migrate, env=environment(data), check=True, timeout=120)  # noqa: S603
    return data


@pytest.fixture
def data(migrated, tmp_path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(migrated, copy)
    return copy


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(condition, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def healthz(port: int) -> int | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return response.status
    except OSError:
        return None


@pytest.fixture
def serving(data):
    """A running `complaintdesk serve`, its port and its process tree."""
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        command("serve", "--port", str(port), "--workers", "1"),
        env=environment(data),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert wait_until(lambda: healthz(port) == 200), "serve never answered /healthz"
        assert wait_until(lambda: len(descendants(server.pid)) >= 3)
        yield server, port
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_serve_answers_health_checks_and_ctrl_c_stops_every_process_it_started(serving):
    server, port = serving
    children = descendants(server.pid)
    server.send_signal(signal.SIGINT)
    output, _ = server.communicate(timeout=20)
    assert server.returncode == 0, output
    assert f"http://127.0.0.1:{port}/" in output
    assert wait_until(lambda: not any(alive(pid) for pid in children), timeout=5)


def test_serve_stops_the_web_server_and_fails_when_the_worker_dies(serving):
    server, port = serving
    children = descendants(server.pid)
    worker = next(
        pid
        for pid in children
        if Path(f"/proc/{pid}/cmdline").read_bytes().endswith(b"complaintdesk.cli\0worker\0")
    )
    os.kill(worker, signal.SIGKILL)
    output, _ = server.communicate(timeout=20)
    assert server.returncode != 0
    assert "the worker stopped unexpectedly" in output
    assert wait_until(lambda: not any(alive(pid) for pid in children), timeout=5)
    assert healthz(port) is None


def test_serve_refuses_a_port_that_is_already_taken(data):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(  # noqa: S603
            command("serve", "--port", str(port)),
            env=environment(data),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_refuses_a_port_number_out_of_range():
    with pytest.raises(CommandError, match="--port: must be between 1 and 65535"):
        call_command("serve", "--port", "70000")
