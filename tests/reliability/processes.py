"""Complaintdesk processes started by the reliability tests: real `complaintdesk` commands and the
roles of load.py, each in its own process, on 127.0.0.1, against the test database, with their
output in files (a full pipe would stall them) and stopped by the test that started them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
STOP_TIMEOUT_SECONDS = 30


def database_url(settings_dict: dict[str, Any]) -> str:
    """The DATABASE_URL that points a child process at the same database as this one."""
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(settings_dict['NAME']).resolve()}"
    user = quote(settings_dict.get("USER") or "")
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{quote(password)}@" if password else f"{user}@" if user else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{quote(settings_dict['NAME'])}"


def assert_test_database() -> None:
    """These tests commit and flush: never against anything but the test database."""
    from django.db import connection

    name = Path(str(connection.settings_dict["NAME"])).name
    assert name.startswith("test"), f"refusing to run against {name}, not a test database"


@contextmanager
def emptied_afterwards() -> Iterator[None]:
    """For a module's worth of committed work: afterwards the test database is emptied and
    the rows the migrations wrote (seed data such as root-cause categories) are put back, as
    a transactional test with serialized_rollback does, so the tests after it find them."""
    from django.core.management import call_command
    from django.db import connection, connections

    as_migrated = connection.creation.serialize_db_to_string()
    try:
        yield
    finally:
        connections.close_all()
        # Without post_migrate: the snapshot brings the permissions and content types back.
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(as_migrated)
        # The snapshot comes back with its ids but the flush restarted PostgreSQL's sequences
        # at 1: move them past the rows, or the next insert collides (seen: AppealOption id 1).
        from django.apps import apps
        from django.core.management.color import no_style

        statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)


def environment(*, data_dir: Path, database: str | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SECRET_KEY", "PYTEST_CURRENT_TEST"}
    }
    env.update(
        COMPLAINTDESK_DATA=str(data_dir),
        DJANGO_SETTINGS_MODULE="complaintdesk.settings",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    )
    if database is not None:
        env["DATABASE_URL"] = database
    return env


class Process:
    """One child process whose stdout and stderr go to files named after it."""

    def __init__(self, name: str, arguments: list[str], *, env: dict[str, str], logs: Path):
        self.name = name
        self.stdout_path = logs / f"{name}.out"
        self.stderr_path = logs / f"{name}.err"
        with self.stdout_path.open("wb") as out, self.stderr_path.open("wb") as err:
            self.popen = subprocess.Popen(
                [sys.executable, *arguments], env=env, cwd=ROOT, stdout=out, stderr=err
            )

    @property
    def stdout(self) -> str:
        return self.stdout_path.read_text()

    @property
    def stderr(self) -> str:
        return self.stderr_path.read_text()

    def wait_for_output(self, line: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while line not in self.stdout.splitlines():
            if self.popen.poll() is not None:
                raise AssertionError(f"{self.name} exited early:\n{self.stderr}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name} did not print {line!r} in {timeout} s")
            time.sleep(0.05)

    def wait(self, timeout: float = STOP_TIMEOUT_SECONDS) -> int:
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()
            raise AssertionError(f"{self.name} did not finish in {timeout} s") from None

    def stop(self) -> int:
        """SIGTERM, the way an operator stops it; SIGKILL if it does not go."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
        return self.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(port: int, process: Process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if process.popen.poll() is not None:
                raise AssertionError(f"{process.name} exited early:\n{process.stderr}") from None
            if time.monotonic() > deadline:
                raise AssertionError(f"{process.name} is not listening on {port}") from None
            time.sleep(0.05)
