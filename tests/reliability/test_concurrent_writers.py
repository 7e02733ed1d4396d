"""Guarantee 8, embedded mode under concurrency: web writers, the SMTP listener, the background
worker and readers, each in its own process, work on one database at the same time (one SQLite
file in WAL mode with IMMEDIATE transactions and a busy timeout, or PostgreSQL), and none meets
"database is locked"; every complaint acknowledged is stored exactly once.

One bounded run (COMPLAINTDESK_LOAD_SECONDS, 3 s by default) feeds every test of the module."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections
from django.tasks import TaskResultStatus
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from complaintdesk.accounts.models import Role
from complaintdesk.complaints.models import Complaint, Direction, Message
from tests.factories import UserFactory
from tests.reliability.processes import (
    Process,
    assert_test_database,
    database_url,
    emptied_afterwards,
    environment,
    free_port,
    wait_until_listening,
)

SECONDS = float(os.environ.get("COMPLAINTDESK_LOAD_SECONDS", "3"))
# SQLite gives up with "database is locked" after the busy timeout (30 s in settings.py).
BUSY_TIMEOUT_SECONDS = 30
WEB_WRITERS = 3
DRAIN_SECONDS = 60
LOCKED = "database is locked"
# Run until stopped; the other processes stop by themselves after SECONDS.
SERVICES = {"worker", "smtpd"}
# Declares the database, so pytest-django sets up the test database for the module fixture.
pytestmark = pytest.mark.django_db


@dataclass
class LoadRun:
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)
    stderr: dict[str, str] = field(default_factory=dict)
    web_subjects: Counter[str] = field(default_factory=Counter)
    web_references: dict[str, str] = field(default_factory=dict)
    mail_subjects: Counter[str] = field(default_factory=Counter)
    acknowledgements: Counter[int] = field(default_factory=Counter)
    acknowledgement_statuses: Counter[str] = field(default_factory=Counter)
    complaint_ids: list[int] = field(default_factory=list)
    failed_tasks: list[str] = field(default_factory=list)
    unfinished_tasks: int = 0

    def filed_on_the_web(self) -> dict[str, str]:
        return {
            subject: reference
            for name, report in self.reports.items()
            if name.startswith("web")
            for subject, reference in report["filed"].items()
        }


@pytest.fixture(scope="module")
def load_run(django_db_setup, django_db_blocker, tmp_path_factory):
    work = tmp_path_factory.mktemp("load")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        assert_test_database()
        with emptied_afterwards():
            yield run_load(work)


def run_load(work: Path) -> LoadRun:
    UserFactory(username="sofia-under-load", role=Role.SUPERVISOR)
    env = environment(data_dir=work / "data", database=database_url(connection.settings_dict))
    connections.close_all()
    go = work / "go"
    port = free_port()
    load = ["-m", "tests.reliability.load"]
    commands = {
        "worker": ["-m", "complaintdesk.cli", "worker", "--interval=0.2"],
        "smtpd": ["-m", "complaintdesk.cli", "smtpd", "--host=127.0.0.1", f"--port={port}"],
        **{
            f"web-{n}": [*load, "web", f"web{n}", str(go), str(SECONDS)]
            for n in range(1, WEB_WRITERS + 1)
        },
        "reader": [*load, "reader", "reader", str(go), str(SECONDS), "sofia-under-load"],
        "mailer": [*load, "mailer", "mail", str(go), str(SECONDS), str(port)],
    }
    run = LoadRun()
    started: dict[str, Process] = {}
    try:
        for name, arguments in commands.items():
            started[name] = Process(name, arguments, env=env, logs=work)
        roles = [process for name, process in started.items() if name not in SERVICES]
        wait_until_listening(port, started["smtpd"])
        for role in roles:
            role.wait_for_output("ready")
        go.touch()
        for role in roles:
            role.wait(timeout=SECONDS + 60)
            run.reports[role.name] = json.loads(role.stdout.splitlines()[-1])
        run.unfinished_tasks = wait_for_the_worker_to_drain()
    finally:
        for process in started.values():
            process.stop()
            run.stderr[process.name] = process.stderr
    gather(run)
    return run


def wait_for_the_worker_to_drain() -> int:
    # The deliveries the writers caused; the periodic jobs the worker enqueues as it starts
    # (sweeps, reports) are not what this test is about and may take longer on a busy machine.
    waiting = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        task_path__endswith=".deliver_message",
    )
    deadline = time.monotonic() + DRAIN_SECONDS
    while waiting.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    unfinished = waiting.count()
    connections.close_all()
    return unfinished


def gather(run: LoadRun) -> None:
    for subject, reference in Complaint.objects.filter(channel="web").values_list(
        "subject", "reference"
    ):
        run.web_subjects[subject] += 1
        run.web_references[subject] = reference
    run.mail_subjects.update(
        Complaint.objects.filter(channel="email").values_list("subject", flat=True)
    )
    run.complaint_ids = list(Complaint.objects.values_list("id", flat=True))
    acknowledgements = Message.objects.filter(
        direction=Direction.OUTBOUND, author__isnull=True
    ).values_list("complaint_id", "delivery_status")
    for complaint_id, status in acknowledgements:
        run.acknowledgements[complaint_id] += 1
        run.acknowledgement_statuses[status] += 1
    run.failed_tasks = [
        f"{task_path}: {traceback.strip().splitlines()[-1:]}"
        for task_path, traceback in DBTaskResult.objects.filter(
            status=TaskResultStatus.FAILED
        ).values_list("task_path", "traceback")
    ]


def test_no_process_meets_database_is_locked_or_any_other_error(load_run):
    errors = {name: report["errors"] for name, report in load_run.reports.items()}
    assert errors == {name: [] for name in load_run.reports}
    locked = [name for name, text in load_run.stderr.items() if LOCKED in text]
    assert locked == []
    assert load_run.failed_tasks == []


def test_every_writer_and_the_reader_really_worked_side_by_side(load_run):
    filed = {
        name: len(report["filed"]) for name, report in load_run.reports.items() if "filed" in report
    }
    assert all(count > 0 for count in filed.values()), filed
    assert len(load_run.reports["mailer"]["accepted"]) > 0
    assert load_run.reports["reader"]["reads"] > 0


def test_every_complaint_filed_on_the_web_is_stored_exactly_once(load_run):
    filed = load_run.filed_on_the_web()
    assert load_run.web_references == filed
    assert [subject for subject, count in load_run.web_subjects.items() if count != 1] == []


def test_every_mail_answered_250_is_stored_as_exactly_one_complaint(load_run):
    accepted = load_run.reports["mailer"]["accepted"]
    assert load_run.mail_subjects == Counter(accepted)


def test_the_worker_sent_every_acknowledgement_once_while_the_writers_wrote(load_run):
    assert load_run.unfinished_tasks == 0
    assert load_run.acknowledgements == Counter(load_run.complaint_ids)
    assert set(load_run.acknowledgement_statuses) == {"sent"}


def test_no_write_waited_anywhere_near_the_busy_timeout(load_run):
    slowest = {
        name: round(report["slowest"], 2)
        for name, report in load_run.reports.items()
        if "slowest" in report
    }
    assert max(slowest.values()) < BUSY_TIMEOUT_SECONDS / 3, slowest
