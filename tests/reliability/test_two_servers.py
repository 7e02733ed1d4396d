"""Several machines, one PostgreSQL (docs/deployment.md): two web servers (`complaintdesk serve
--no-worker`, each with its own data folder, as on two machines, sharing SECRET_KEY) and two
`complaintdesk worker` processes work on the same database. Complaints are filed alternately
on both web servers; every one is stored once and its acknowledgement reaches the mail server
exactly once, whichever worker claimed it.

The workers are stopped before the test database is emptied: a worker still running a task
would hold locks the flush waits for (see test_overload.py)."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection, connections
from django.db.models import QuerySet
from django.tasks import TaskResultStatus
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from complaintdesk.accounts.models import Role
from complaintdesk.accounts.services import issue_token
from complaintdesk.complaints.models import Complaint, Direction, Message
from tests.api.clients import BASE, NEW_COMPLAINT
from tests.factories import UserFactory
from tests.reliability.mail_sink import MailSink
from tests.reliability.processes import (
    Process,
    assert_test_database,
    database_url,
    emptied_afterwards,
    environment,
    free_port,
    wait_until_listening,
)

# About 80–110 s on the 2-CPU machine under load (four processes start, each importing
# scikit-learn, then the test database is emptied): past the 30 s that keeps a test in the main
# run, so it runs with the crash harness (`make test-reliability`).
pytestmark = [
    pytest.mark.reliability,
    pytest.mark.django_db,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="several servers share one PostgreSQL; SQLite is one machine's file",
    ),
]
COMPLAINTS = 24
ANSWER_WITHIN_SECONDS = 30
DELIVERED_WITHIN_SECONDS = 90
STARTED_WITHIN_SECONDS = 60
ACKNOWLEDGEMENT = "We have received your complaint "
SHARED_SECRET_KEY = "two-servers-one-database-secret-key-for-the-test"


@dataclass
class Run:
    # Per web server: the references it answered 201 with.
    filed: dict[str, list[str]] = field(default_factory=dict)
    answers: Counter[int] = field(default_factory=Counter)
    # (Message-ID, recipient, subject) of every mail the mail server received.
    mails: list[tuple[str, str, str]] = field(default_factory=list)
    stored: Counter[str] = field(default_factory=Counter)
    customer_of: dict[str, str] = field(default_factory=dict)
    acknowledgement_statuses: Counter[str] = field(default_factory=Counter)
    deliveries_claimed: list[list[str]] = field(default_factory=list)
    undelivered: int = 0
    stderr: dict[str, str] = field(default_factory=dict)


@pytest.fixture(scope="module")
def run(django_db_setup, django_db_blocker, tmp_path_factory):
    work = tmp_path_factory.mktemp("two-servers")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        assert_test_database()
        with emptied_afterwards():
            yield two_servers_two_workers(work)


def two_servers_two_workers(work: Path) -> Run:
    user = UserFactory(username="ines-integrator", role=Role.SUPERVISOR)
    _token, raw = issue_token(user=user, name="two servers")
    sink = MailSink(free_port()).start()
    database = database_url(connection.settings_dict)
    connections.close_all()
    started: dict[str, Process] = {}
    ports: dict[str, int] = {}
    result = Run()
    try:
        for name in ("web-a", "web-b", "worker-1", "worker-2"):
            # Each its own data folder, as on its own machine; the keys are the installation's.
            env = environment(data_dir=work / name, database=database)
            env.update(
                SECRET_KEY=SHARED_SECRET_KEY,
                API_REQUESTS_PER_MINUTE="100000",
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=str(sink.port),
                LOG_LEVEL="INFO",
            )
            if name.startswith("web"):
                ports[name] = free_port()
                arguments = ["serve", f"--port={ports[name]}", "--workers=1", "--no-worker"]
            else:
                arguments = ["worker", "--interval=0.2"]
            started[name] = Process(
                name, ["-m", "complaintdesk.cli", *arguments], env=env, logs=work
            )
        for name, port in ports.items():
            wait_until_listening(port, started[name])
        for name in ("worker-1", "worker-2"):
            wait_until_started(started[name])
        file_alternately(result, ports, raw)
        result.undelivered = wait_until_delivered()
    finally:
        for process in started.values():
            process.stop()
            result.stderr[process.name] = process.stderr
        sink.stop()
    result.mails = [
        (mail.message_id, to, mail.subject) for mail in sink.delivered for to in mail.to
    ]
    gather(result)
    return result


def wait_until_started(worker: Process) -> None:
    deadline = time.monotonic() + STARTED_WITHIN_SECONDS
    while "started on queues" not in worker.stderr:
        if worker.popen.poll() is not None:
            raise AssertionError(f"{worker.name} exited early:\n{worker.stderr}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{worker.name} did not start in {STARTED_WITHIN_SECONDS} s")
        time.sleep(0.1)


def file_alternately(result: Run, ports: dict[str, int], token: str) -> None:
    servers = list(ports)
    for number in range(COMPLAINTS):
        server = servers[number % len(servers)]
        answer = requests.post(
            f"http://127.0.0.1:{ports[server]}{BASE}/complaints",
            json={
                **NEW_COMPLAINT,
                "subject": f"Two servers {number}",
                "customer": {"name": f"Customer {number}", "email": f"c{number}@example.com"},
            },
            headers={"Authorization": f"Bearer {token}"},
            timeout=ANSWER_WITHIN_SECONDS,
        )
        result.answers[answer.status_code] += 1
        if answer.status_code == 201:
            result.filed.setdefault(server, []).append(answer.json()["reference"])


def _deliveries() -> QuerySet[DBTaskResult]:
    return DBTaskResult.objects.filter(task_path__endswith=".deliver_message")


def wait_until_delivered() -> int:
    """The acknowledgements' deliveries; periodic jobs the workers run meanwhile are not what
    this test is about."""
    waiting = _deliveries().filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
    deadline = time.monotonic() + DELIVERED_WITHIN_SECONDS
    while waiting.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    unfinished = waiting.count()
    connections.close_all()
    return int(unfinished)


def gather(result: Run) -> None:
    for reference, email in Complaint.objects.values_list("reference", "customer__email"):
        result.stored[reference] += 1
        result.customer_of[reference] = email
    result.acknowledgement_statuses.update(
        Message.objects.filter(direction=Direction.OUTBOUND, author__isnull=True).values_list(
            "delivery_status", flat=True
        )
    )
    result.deliveries_claimed = [
        list(worker_ids) for worker_ids in _deliveries().values_list("worker_ids", flat=True)
    ]


def test_both_web_servers_file_complaints_and_each_is_stored_once(run):
    assert run.answers == {201: COMPLAINTS}, run.stderr
    assert {server: len(refs) for server, refs in run.filed.items()} == {
        "web-a": COMPLAINTS // 2,
        "web-b": COMPLAINTS // 2,
    }
    filed = [reference for refs in run.filed.values() for reference in refs]
    assert run.stored == Counter(filed)


def test_every_acknowledgement_reaches_the_mail_server_exactly_once(run):
    assert run.undelivered == 0, run.stderr
    acknowledged = Counter(
        (to, subject.removeprefix(ACKNOWLEDGEMENT))
        for _id, to, subject in run.mails
        if subject.startswith(ACKNOWLEDGEMENT)
    )
    expected = Counter((run.customer_of[reference], reference) for reference in run.stored)
    assert acknowledged == expected, run.mails
    assert set(run.acknowledgement_statuses) == {"sent"}


def test_no_mail_reaches_the_mail_server_twice(run):
    sent = Counter(message_id for message_id, _to, _subject in run.mails)
    assert [message_id for message_id, count in sent.items() if count != 1] == [], run.mails


def test_each_delivery_was_claimed_by_one_worker_once(run):
    assert len(run.deliveries_claimed) == COMPLAINTS
    assert [ids for ids in run.deliveries_claimed if len(ids) != 1] == []
