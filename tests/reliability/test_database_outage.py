"""Guarantee 2, database outage: while the database cannot be reached the API answers 503 with
Retry-After (never a 500, never a hang), the SMTP listener answers 451 so the sending server
keeps the mail, and when the database returns everything works again without a restart.

The in-process tests run on both engines (the connection is pointed at a database that does
not exist). The end-to-end test runs on PostgreSQL only: it puts a TCP proxy of its own between
real `complaintdesk serve` and `smtpd` processes and the database, and stops and starts the
proxy (on SQLite there is no server to lose)."""

from __future__ import annotations

import json
import smtplib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path

import pytest
import requests
from django.db import connection, connections
from django.test import Client

from complaintdesk.accounts.services import issue_token
from complaintdesk.complaints.models import Complaint, DeliveryStatus, Direction, Message
from tests.api.clients import BASE, NEW_COMPLAINT
from tests.reliability.processes import (
    Process,
    assert_test_database,
    database_url,
    environment,
    free_port,
    wait_until_listening,
)
from tests.reliability.tcp_proxy import TcpProxy

# requests gives up after this long: a hang past it fails the test instead of blocking it.
ANSWER_WITHIN_SECONDS = 30
POSTGRES = connection.vendor == "postgresql"


def complaint(subject: str) -> dict:
    return {**NEW_COMPLAINT, "subject": subject}


@contextmanager
def unreachable_database() -> Iterator[None]:
    """Point the default connection at a database that is not there, as an outage does."""
    connections.close_all()
    original = dict(connection.settings_dict)
    if POSTGRES:
        connection.settings_dict.update(HOST="127.0.0.1", PORT=free_port())
    else:
        connection.settings_dict["NAME"] = "/no/such/folder/db.sqlite3"
    try:
        yield
    finally:
        connections.close_all()
        connection.settings_dict.update(original)


@pytest.mark.django_db(transaction=True)
def test_the_api_answers_503_with_retry_after_while_the_database_is_unreachable(agent):
    _token, raw = issue_token(user=agent, name="outage")
    client = Client(headers={"Authorization": f"Bearer {raw}"}, raise_request_exception=False)
    with unreachable_database():
        answer = client.post(
            BASE + "/complaints", json.dumps(complaint("During")), content_type="application/json"
        )
    assert answer.status_code == 503
    assert answer["Retry-After"] == "30"
    assert "database" in answer.json()["detail"]

    after = client.post(
        BASE + "/complaints", json.dumps(complaint("After")), content_type="application/json"
    )
    assert after.status_code == 201
    assert list(Complaint.objects.values_list("subject", flat=True)) == ["After"]


@pytest.mark.django_db(transaction=True)
def test_an_agent_page_answers_503_not_500_while_the_database_is_unreachable(agent):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a-session-the-database-would-have-to-read"
    with unreachable_database():
        answer = client.get("/")
    assert answer.status_code == 503
    assert answer["Retry-After"] == "30"


# End to end, on PostgreSQL.


def send_mail(port: int, subject: str) -> str:
    """The SMTP reply code to a complaint sent by mail, as text ("250", "451")."""
    mail = EmailMessage()
    mail["From"] = "Mail Customer <mail-customer@example.com>"
    mail["To"] = "complaints@localhost"
    mail["Subject"] = subject
    mail["Message-ID"] = f"<{subject.replace(' ', '-')}@example.com>"
    mail.set_content("The parcel arrived broken.")
    with smtplib.SMTP("127.0.0.1", port, timeout=ANSWER_WITHIN_SECONDS) as smtp:
        try:
            smtp.send_message(mail)
        except smtplib.SMTPResponseException as refused:
            return str(refused.smtp_code)
    return "250"


def post(url: str, token: str, subject: str) -> requests.Response:
    return requests.post(
        url,
        json=complaint(subject),
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": subject.replace(" ", "-")},
        timeout=ANSWER_WITHIN_SECONDS,
    )


def wait_until(condition, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen in {seconds} s")
        time.sleep(0.5)


@pytest.mark.skipif(not POSTGRES, reason="SQLite has no database server to lose")
@pytest.mark.django_db(transaction=True)
def test_with_the_database_gone_serve_and_smtpd_refuse_for_now_and_resume_when_it_returns(
    agent, tmp_path: Path
):
    assert_test_database()
    _token, raw = issue_token(user=agent, name="outage")
    settings_dict = connection.settings_dict
    proxy = TcpProxy(
        listen_port=free_port(),
        target_host=settings_dict.get("HOST") or "127.0.0.1",
        target_port=int(settings_dict.get("PORT") or 5432),
    ).start()
    through_proxy = database_url({**settings_dict, "HOST": "127.0.0.1", "PORT": proxy.listen_port})
    env = environment(data_dir=tmp_path / "data", database=through_proxy)
    env["DB_CONNECT_TIMEOUT"] = "3"
    connections.close_all()
    web_port, smtp_port = free_port(), free_port()
    url = f"http://127.0.0.1:{web_port}{BASE}/complaints"
    processes = [
        Process(
            "serve",
            ["-m", "complaintdesk.cli", "serve", f"--port={web_port}", "--workers=2"],
            env=env,
            logs=tmp_path,
        ),
        Process(
            "smtpd",
            ["-m", "complaintdesk.cli", "smtpd", "--host=127.0.0.1", f"--port={smtp_port}"],
            env=env,
            logs=tmp_path,
        ),
    ]
    try:
        wait_until_listening(web_port, processes[0])
        wait_until_listening(smtp_port, processes[1])
        assert post(url, raw, "Before the outage").status_code == 201
        assert send_mail(smtp_port, "Mailed before the outage") == "250"

        proxy.stop()
        during = post(url, raw, "During the outage")
        mailed_during = send_mail(smtp_port, "Mailed during the outage")
        health = requests.get(f"http://127.0.0.1:{web_port}/healthz", timeout=30)

        proxy.start()
        # The first request after the return may meet a connection cut by the outage; it is
        # answered 503 too, and the next one gets a new connection.
        wait_until(
            lambda: post(url, raw, "After the outage").status_code == 201,
            "the API filing again",
        )
        assert send_mail(smtp_port, "Mailed after the outage") == "250"
        assert send_mail(smtp_port, "Mailed during the outage") == "250"
        wait_until(
            lambda: (
                not Message.objects.filter(
                    direction=Direction.OUTBOUND, delivery_status=DeliveryStatus.PENDING
                ).exists()
            ),
            "the worker sending every acknowledgement",
        )
    finally:
        for process in processes:
            process.stop()
        proxy.close()

    assert (during.status_code, during.headers.get("Retry-After")) == (503, "30")
    assert mailed_during == "451"
    assert health.status_code == 503
    subjects = sorted(Complaint.objects.values_list("subject", flat=True))
    assert subjects == sorted(
        [
            "Before the outage",
            "After the outage",
            "Mailed before the outage",
            "Mailed after the outage",
            "Mailed during the outage",
        ]
    )
