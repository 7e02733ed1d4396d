"""`complaintdesk serve`: the web server (gunicorn) and the background worker, from one command.

Both run as child processes in their own sessions, so only this process decides when they stop:
SIGINT, SIGTERM or SIGHUP here stops both gracefully (forcefully after GRACE_SECONDS), and if
either dies the other is stopped and the command fails. On Linux the children are also told to
stop should this process be killed outright, so nothing is left behind."""

from __future__ import annotations

import argparse
import ctypes
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connections
from django.db.migrations.executor import MigrationExecutor

from complaintdesk.operations.checks import assert_durable

GRACE_SECONDS = 10
# Gunicorn's own limit for finishing requests in flight; below GRACE_SECONDS.
GUNICORN_GRACEFUL_TIMEOUT = 5
STARTUP_TIMEOUT_SECONDS = 60
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
PR_SET_PDEATHSIG = 1


def port_number(raw: str) -> int:
    try:
        port = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError("must be between 1 and 65535")
    return port


def positive(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _stop_with_parent() -> None:  # pragma: no cover (runs in the child, before exec)
    """Ask Linux to send SIGTERM to this child if `serve` dies without stopping it."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Command(BaseCommand):
    help = (
        "Run Complaintdesk: apply pending migrations, then start the web server and the "
        "background worker. Ctrl-C stops both."
    )
    requires_migrations_checks = False

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=port_number, default=8000, help="port to listen on")
        parser.add_argument(
            "--workers",
            type=positive,
            default=3,
            help="web server processes (default 3; each serves one request at a time)",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="serve the web only; run `complaintdesk worker` elsewhere (docs/deployment.md)",
        )

    def handle(
        self,
        *args: object,
        host: str,
        port: int,
        workers: int,
        no_worker: bool = False,
        **options: object,
    ) -> None:
        # Refuse a database that could lose an acknowledged complaint in a crash.
        assert_durable()
        self.check_port_is_free(host, port)
        self.migrate_if_needed()
        self.stop_requested = False
        previous = {signum: signal.signal(signum, self.request_stop) for signum in STOP_SIGNALS}
        try:
            failure = self.run_children(host, port, workers, with_worker=not no_worker)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if failure is not None:
            raise CommandError(failure)
        self.stdout.write("Complaintdesk stopped.")

    def run_children(self, host: str, port: int, workers: int, with_worker: bool) -> str | None:
        """Start both, wait until asked to stop or until one dies, stop both; say what failed."""
        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        children = {
            "web server": self.start(
                "-m",
                "gunicorn",
                "complaintdesk.wsgi:application",
                f"--bind={bind}",
                f"--workers={workers}",
                f"--graceful-timeout={GUNICORN_GRACEFUL_TIMEOUT}",
                "--access-logfile=-",
                "--max-requests=2000",
                "--max-requests-jitter=200",
                # Its control socket lives at one path per user, which a second installation
                # on the machine would fight over; we do not use it.
                "--no-control-socket",
            ),
        }
        if with_worker:
            children["worker"] = self.start("-m", "complaintdesk.cli", "worker")
        try:
            failure = self.wait_until_listening(host, port, children)
            if failure is None and not self.stop_requested:
                shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host  # noqa: S104
                url = f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"
                self.stdout.write(f"Complaintdesk is running at {url}  (Ctrl-C to stop)")
                self.stdout.flush()
                failure = self.supervise(children)
        finally:
            self.stop_all(children)
        return failure

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        self.stop_requested = True

    def check_port_is_free(self, host: str, port: int) -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        try:
            with socket.socket(family, socket.SOCK_STREAM) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                probe.bind((host, port))
        except OSError as exc:
            raise CommandError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None

    def migrate_if_needed(self) -> None:
        try:
            executor = MigrationExecutor(connections["default"])
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
            if plan:
                call_command("migrate", interactive=False, verbosity=0)
                self.stdout.write(f"Applied {len(plan)} database migrations.")
        except OperationalError as exc:
            raise CommandError(f"cannot reach the database: {exc}") from None
        # WhiteNoise serves from the package but warns at every start when this is missing.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        # The children open their own connections; this process needs none while it waits.
        connections.close_all()

    def start(self, *arguments: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(  # noqa: S603 (our own interpreter and fixed arguments)
            [sys.executable, *arguments],
            start_new_session=True,
            preexec_fn=_stop_with_parent,  # single-threaded here, so safe
        )

    def wait_until_listening(
        self, host: str, port: int, children: dict[str, subprocess.Popen[bytes]]
    ) -> str | None:
        target = "127.0.0.1" if host == "0.0.0.0" else "::1" if host == "::" else host  # noqa: S104
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while not self.stop_requested:
            failure = self.first_failure(children)
            if failure is not None:
                return failure
            try:
                with socket.create_connection((target, port), timeout=0.5):
                    return None
            except OSError:
                if time.monotonic() > deadline:
                    return f"the web server did not start listening on {host}:{port}"
                time.sleep(0.1)
        return None

    def supervise(self, children: dict[str, subprocess.Popen[bytes]]) -> str | None:
        while not self.stop_requested:
            failure = self.first_failure(children)
            if failure is not None:
                return failure
            time.sleep(0.2)
        return None

    def first_failure(self, children: dict[str, subprocess.Popen[bytes]]) -> str | None:
        for name, child in children.items():
            code = child.poll()
            if code is not None:
                return f"the {name} stopped unexpectedly (exit code {code}); stopping everything"
        return None

    def stop_all(self, children: dict[str, subprocess.Popen[bytes]]) -> None:
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS
        for name, child in children.items():
            try:
                child.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.stderr.write(f"The {name} did not stop in {GRACE_SECONDS} s; killing it.")
                child.kill()
                child.wait()
