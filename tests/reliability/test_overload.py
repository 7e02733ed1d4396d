"""Guarantee 6, overload: a real `complaintdesk serve` (3 web server processes, no worker: a
worker still busy with the flood's tasks would deadlock the database flush after each test)
with at most 2 intake requests in flight. Intake beyond that is answered 503 with Retry-After
at once, and an agent's reads are still answered while intake is flooded."""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import requests
from django.db import connection, connections

from complaintdesk.accounts.models import Role
from complaintdesk.accounts.services import issue_token
from complaintdesk.complaints.models import Complaint
from tests.api.clients import BASE, NEW_COMPLAINT
from tests.factories import UserFactory
from tests.reliability.processes import (
    Process,
    assert_test_database,
    database_url,
    environment,
    free_port,
    wait_until_listening,
)

# No test transaction: one would hold SQLite's write lock and stall the server under test.
pytestmark = pytest.mark.django_db(transaction=True)
ANSWER_WITHIN_SECONDS = 30
FLOOD_SECONDS = 3
FLOODERS = 8


class Server:
    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.token = token
        self.base = f"http://127.0.0.1:{port}{BASE}"

    def file(self, subject: str) -> requests.Response:
        return requests.post(
            f"{self.base}/complaints",
            json={**NEW_COMPLAINT, "subject": subject},
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=ANSWER_WITHIN_SECONDS,
        )

    def read_queue(self) -> requests.Response:
        return requests.get(
            f"{self.base}/complaints",
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=ANSWER_WITHIN_SECONDS,
        )

    def start_slow_upload(self, subject: str) -> tuple[socket.socket, bytes]:
        """An intake request whose body is still on its way: it holds its intake slot."""
        body = (
            f'{{"subject": "{subject}", "description": "Charged twice.", '
            '"customer": {"name": "Slow Sender", "email": "slow@example.com"}}'
        ).encode()
        slow = socket.create_connection(("127.0.0.1", self.port), timeout=ANSWER_WITHIN_SECONDS)
        slow.sendall(
            (
                f"POST {BASE}/complaints HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Authorization: Bearer {self.token}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            ).encode()
            + body[:10]
        )
        return slow, body[10:]


def finish(upload: tuple[socket.socket, bytes]) -> str:
    slow, rest = upload
    slow.sendall(rest)
    answer = b""
    while chunk := slow.recv(65536):
        answer += chunk
    slow.close()
    return answer.split(b"\r\n", 1)[0].decode()


@pytest.fixture(scope="module")
def server_port(django_db_setup, django_db_blocker, tmp_path_factory):
    work: Path = tmp_path_factory.mktemp("overload")
    with django_db_blocker.unblock():
        assert_test_database()
        env = environment(data_dir=work / "data", database=database_url(connection.settings_dict))
        env.update(
            INTAKE_MAX_IN_FLIGHT="2", RETRY_AFTER_SECONDS="5", API_REQUESTS_PER_MINUTE="100000"
        )
        connections.close_all()
        port = free_port()
        serve = Process(
            "serve",
            ["-m", "complaintdesk.cli", "serve", f"--port={port}", "--workers=3", "--no-worker"],
            env=env,
            logs=work,
        )
        try:
            wait_until_listening(port, serve)
            yield port
        finally:
            serve.stop()
            connections.close_all()


@pytest.fixture
def server(server_port):
    """Each test its own supervisor and token; the test database is emptied after each."""
    user = UserFactory(username="sofia-in-the-flood", role=Role.SUPERVISOR)
    _token, raw = issue_token(user=user, name="overload")
    return Server(server_port, raw)


def wait_for_slots_taken(server: Server) -> None:
    """Until a third intake request is shed (the two slow ones have reached the middleware)."""
    deadline = time.monotonic() + ANSWER_WITHIN_SECONDS
    while time.monotonic() < deadline:
        probe = server.file("Probe while full")
        if probe.status_code == 503:
            return
        time.sleep(0.1)
    raise AssertionError("the intake slots were never both taken")


def test_intake_beyond_the_limit_is_shed_at_once_and_agents_are_still_served(server):
    slow = [server.start_slow_upload(f"Slow {n}") for n in (1, 2)]
    wait_for_slots_taken(server)
    shed = server.file("Shed while full")
    agent_read = server.read_queue()
    finished = [finish(upload) for upload in slow]
    after = server.file("After the slow ones")

    assert shed.status_code == 503
    assert shed.headers["Retry-After"] == "5"
    assert "Too many complaints" in shed.json()["detail"]
    assert agent_read.status_code == 200
    assert all(" 201 " in line for line in finished), finished
    assert after.status_code == 201
    stored = set(Complaint.objects.values_list("subject", flat=True))
    assert {"Slow 1", "Slow 2", "After the slow ones"} <= stored
    assert not stored & {"Shed while full", "Probe while full"}


def test_under_a_flood_intake_is_answered_201_or_503_and_every_agent_read_succeeds(server):
    answers: Counter[int] = Counter()
    created: list[str] = []
    reads: Counter[int] = Counter()
    lock = threading.Lock()
    until = time.monotonic() + FLOOD_SECONDS

    def flood(name: int) -> None:
        number = 0
        while time.monotonic() < until:
            number += 1
            subject = f"Flood {name}-{number}"
            answer = server.file(subject)
            with lock:
                answers[answer.status_code] += 1
                if answer.status_code == 201:
                    created.append(subject)

    def read() -> None:
        while time.monotonic() < until:
            status = server.read_queue().status_code
            with lock:
                reads[status] += 1
            time.sleep(0.05)

    threads = [threading.Thread(target=flood, args=(n,)) for n in range(FLOODERS)]
    threads.append(threading.Thread(target=read))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert set(answers) <= {201, 503}, answers
    assert set(reads) == {200}, reads
    stored = Counter(
        Complaint.objects.filter(subject__startswith="Flood ").values_list("subject", flat=True)
    )
    assert stored == Counter(created)
