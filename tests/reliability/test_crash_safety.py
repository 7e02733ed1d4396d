"""Guarantee 1, crash safety: a sustained stream of complaints through the API and the SMTP
listener while the web server (gunicorn, master and workers), the background worker and the
SMTP listener are SIGKILLed at random moments and started again. Afterwards:

- every complaint whose filing was answered 201 (API) or 250 (SMTP) exists exactly once, under
  the reference it was given, complete with its attachment;
- no complaint exists that was never submitted;
- every acknowledgement was delivered to the outgoing mail server (an SMTP sink of the test's
  own), under its stable Message-ID, and no complaint was acknowledged under two Message-IDs.

Clients behave as real ones do: a request that got no answer (connection refused or cut, 503)
is sent again, with the same Idempotency-Key or the same Message-ID.

Bounded: COMPLAINTDESK_KILLS kills (20 by default, 200 in CI), each process group started by
this test on 127.0.0.1 and SIGKILLed by it. Run alone with `pytest -m reliability`."""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import smtplib
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection, connections
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from complaintdesk.accounts.models import Role
from complaintdesk.accounts.services import issue_token
from complaintdesk.complaints.models import Attachment, Complaint, DeliveryStatus, Message
from complaintdesk.notifications.tasks import message_id_for
from tests.api.clients import BASE, NEW_COMPLAINT
from tests.factories import UserFactory
from tests.reliability.mail_sink import MailSink
from tests.reliability.processes import (
    ROOT,
    assert_test_database,
    database_url,
    emptied_afterwards,
    environment,
    free_port,
)

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.django_db(transaction=True),
]

KILLS = int(os.environ.get("COMPLAINTDESK_KILLS", "20"))
API_CLIENTS = 2
MAIL_CLIENTS = 1
WEB_CLIENTS = 1
CLIENT_PAUSE = 0.05
ANSWER_TIMEOUT = 10
# After the last kill: how long clients may take to get their last submission answered, and
# the worker to send every acknowledgement.
SETTLE_SECONDS = 120
# The photo every mailed complaint carries, and the one every web form complaint carries.
PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(256)) * 4
# Between two kills, at random (seconds), once the process is up again.
PAUSE = (0.0, 0.3)
WORKER_SETTLES_SECONDS = 1.0
# A process restarted after a kill works at least this long before it may be killed again.
UP_SECONDS = 0.5
WEIGHTS = {"web": 0.45, "worker": 0.35, "smtpd": 0.20}


class Service:
    """One process group: SIGKILLed whole (gunicorn's master and workers together)."""

    def __init__(self, name: str, arguments: list[str], env: dict[str, str], logs: Path):
        self.name = name
        self.arguments = arguments
        self.env = env
        self.logs = logs
        self.port: int | None = None
        self.health_url = ""
        self.popen: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.started_at = 0.0
        self.ready_at = None

    def start(self) -> None:
        self.starts += 1
        self.started_at = time.monotonic()
        self.ready_at: float | None = None
        with (self.logs / f"{self.name}.log").open("ab") as log:
            self.popen = subprocess.Popen(
                [sys.executable, *self.arguments],
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        assert self.popen is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait()

    def is_ready(self) -> bool:
        """Answering (web server: /healthz; SMTP listener: its port), or up for a second
        (worker: set up and looking at the queue)."""
        if self.popen is None or self.popen.poll() is not None:
            return False
        if self.port is None:
            return time.monotonic() - self.started_at > WORKER_SETTLES_SECONDS
        if self.health_url:
            # gunicorn listens before its workers have loaded the application.
            try:
                return requests.get(self.health_url, timeout=1).status_code == 200
            except requests.RequestException:
                return False
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return True
        except OSError:
            return False

    def has_served_a_while(self) -> bool:
        """Ready for at least UP_SECONDS, so some work gets done between two kills."""
        if self.ready_at is None:
            if not self.is_ready():
                return False
            self.ready_at = time.monotonic()
        return time.monotonic() - self.ready_at >= UP_SECONDS

    def wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not self.is_ready():
            assert self.popen is not None
            if self.popen.poll() is not None:
                raise AssertionError(f"{self.name} exited:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{self.name} was not ready in {timeout} s:\n{self.log_tail()}"
                )
            time.sleep(0.05)

    def log_tail(self) -> str:
        text = (self.logs / f"{self.name}.log").read_text(errors="replace")
        return "\n".join(line for line in text.splitlines() if '" 200 ' not in line)[-4000:]

    def stop(self) -> None:
        if self.popen is not None and self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Stream:
    """What the clients submitted and what they were answered."""

    submitted: set[str] = field(default_factory=set)
    acked: dict[str, str] = field(default_factory=dict)  # subject → reference ("" for mail)
    unanswered: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    retries: int = 0
    why_retried: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class CrashRun:
    kills: Counter[str] = field(default_factory=Counter)
    stream: Stream = field(default_factory=Stream)
    complaints: Counter[str] = field(default_factory=Counter)
    references: dict[str, str] = field(default_factory=dict)
    sent_without_attachment: list[str] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)
    acknowledgements: Counter[int] = field(default_factory=Counter)
    unsent: int = 0
    expected_ids: set[str] = field(default_factory=set)
    delivered_ids: Counter[str] = field(default_factory=Counter)
    complaint_ids: list[int] = field(default_factory=list)
    failed_tasks: list[str] = field(default_factory=list)
    seconds: float = 0.0


class Refused(Exception):
    """An answer that is neither success nor "try again later": a client error to report."""


def submit_until_answered(
    subject: str, send: Callable[[], str | None], stream: Stream, stop: threading.Event
) -> None:
    """Send one submission again and again until it is answered, as a real client does.
    `send` returns the reference ("" when the channel gives none) on success, None when there
    was no answer or a "try later" (retried), and raises Refused on anything else."""
    with stream.lock:
        stream.submitted.add(subject)
    deadline = None
    while True:
        if stop.is_set() and deadline is None:
            deadline = time.monotonic() + SETTLE_SECONDS
        try:
            reference = send()
        except Refused as refusal:
            with stream.lock:
                stream.errors.append(f"{subject}: {refusal}")
            return
        if reference is not None:
            with stream.lock:
                stream.acked[subject] = reference
            # Clients pause between complaints; one that never pauses can hog SQLite's write
            # lock, which is not fair (docs/reliability.md, 8).
            time.sleep(CLIENT_PAUSE)
            return
        if deadline is not None and time.monotonic() > deadline:
            with stream.lock:
                stream.unanswered.add(subject)
            return
        with stream.lock:
            stream.retries += 1
        time.sleep(0.05)


def api_client(number: int, url: str, token: str, stream: Stream, stop: threading.Event) -> None:
    sent = 0
    while not stop.is_set():
        sent += 1
        subject = f"api-{number}-{sent}"

        def send(subject: str = subject) -> str | None:
            try:
                answer = requests.post(
                    url,
                    json={**NEW_COMPLAINT, "subject": subject},
                    headers={"Authorization": f"Bearer {token}", "Idempotency-Key": subject},
                    timeout=ANSWER_TIMEOUT,
                )
            except requests.RequestException as exc:
                stream.why_retried[f"api {type(exc).__name__}"] += 1
                return None
            if answer.status_code == 201:
                return str(answer.json()["reference"])
            if answer.status_code in (502, 503):
                stream.why_retried[f"api {answer.status_code} {answer.text[:80]}"] += 1
                return None
            raise Refused(f"HTTP {answer.status_code} {answer.text[:200]}")

        submit_until_answered(subject, send, stream, stop)


def mail_for(subject: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = f"Mail Customer <{subject}@example.com>"
    mail["To"] = "complaints@localhost"
    mail["Subject"] = subject
    mail["Message-ID"] = f"<{subject}@example.com>"
    mail["Content-Language"] = "en"
    mail.set_content("The parcel arrived broken; photo attached.")
    mail.add_attachment(PHOTO, maintype="image", subtype="png", filename="parcel.png")
    return mail


def mail_client(number: int, port: int, stream: Stream, stop: threading.Event) -> None:
    sent = 0
    while not stop.is_set():
        sent += 1
        subject = f"mail-{number}-{sent}"
        mail = mail_for(subject)

        def send(mail: EmailMessage = mail) -> str | None:
            try:
                with smtplib.SMTP("127.0.0.1", port, timeout=ANSWER_TIMEOUT) as smtp:
                    smtp.send_message(mail)
            except smtplib.SMTPResponseException as refused:
                if refused.smtp_code // 100 == 4:
                    return None
                raise Refused(f"SMTP {refused.smtp_code}") from None
            except (smtplib.SMTPException, OSError):
                return None
            return ""

        submit_until_answered(subject, send, stream, stop)


FORM_KEY = re.compile(r'name="form_key" value="([^"]+)"')
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def web_client(number: int, base: str, stream: Stream, stop: threading.Event) -> None:
    """A browser without JavaScript: loads the form (its CSRF cookie and form key), posts it
    with a photo, and posts the same form again until it is answered with the redirect to the
    confirmation page (the form key makes a repeat harmless)."""
    sent = 0
    while not stop.is_set():
        sent += 1
        subject = f"web-{number}-{sent}"
        browser = requests.Session()
        form: dict[str, str] = {}

        def send(subject: str = subject, browser=browser, form=form) -> str | None:
            try:
                if not form:
                    page = browser.get(f"{base}/complain/", timeout=ANSWER_TIMEOUT)
                    key, csrf = FORM_KEY.search(page.text), CSRF_TOKEN.search(page.text)
                    if page.status_code != 200 or key is None or csrf is None:
                        return None
                    form.update(
                        name="Web Customer",
                        email=f"{subject}@example.com",
                        description=f"{subject}\nThe jug arrived cracked; photo attached.",
                        consent="on",
                        form_key=key[1],
                        csrfmiddlewaretoken=csrf[1],
                    )
                answer = browser.post(
                    f"{base}/complain/",
                    data=form,
                    files={"attachments": ("jug.jpg", JPEG, "image/jpeg")},
                    headers={"Referer": f"{base}/complain/"},
                    allow_redirects=False,
                    timeout=ANSWER_TIMEOUT,
                )
            except requests.RequestException:
                return None
            if answer.status_code == 302:
                return ""
            if answer.status_code in (502, 503):
                return None
            raise Refused(f"HTTP {answer.status_code} {answer.text[:300]}")

        submit_until_answered(subject, send, stream, stop)


@pytest.fixture(scope="module")
def crash_run(django_db_setup, django_db_blocker, tmp_path_factory):
    work = tmp_path_factory.mktemp("crash")
    with django_db_blocker.unblock():
        assert_test_database()
        with emptied_afterwards():
            yield run_with_kills(work)


def run_with_kills(work: Path) -> CrashRun:
    started = time.monotonic()
    run = CrashRun()
    user = UserFactory(username="crash-agent", role=Role.SUPERVISOR)
    _token, token = issue_token(user=user, name="crash")
    sink = MailSink(port=free_port()).start()
    env = environment(data_dir=work / "data", database=database_url(connection.settings_dict))
    env.update(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(sink.port),
        EMAIL_TIMEOUT="5",
        API_REQUESTS_PER_MINUTE="1000000",
        WEBFORM_SUBMISSIONS_PER_HOUR="1000000",
        INTAKE_MAX_IN_FLIGHT="4",
        RETRY_AFTER_SECONDS="1",
        TASK_RETRY_SECONDS="0",
        # Ours, so message_id_for() here names the acknowledgements as the worker did.
        SECRET_KEY=settings.SECRET_KEY,
    )
    connections.close_all()
    web_port, smtp_port = free_port(), free_port()
    services = {
        "web": Service(
            "web",
            [
                "-m",
                "gunicorn",
                "complaintdesk.wsgi:application",
                f"--bind=127.0.0.1:{web_port}",
                "--workers=2",
                "--no-control-socket",
                "--access-logfile=-",
            ],
            env,
            work,
        ),
        "worker": Service(
            "worker", ["-m", "complaintdesk.cli", "worker", "--interval=0.1"], env, work
        ),
        "smtpd": Service(
            "smtpd",
            ["-m", "complaintdesk.cli", "smtpd", "--host=127.0.0.1", f"--port={smtp_port}"],
            env,
            work,
        ),
    }
    services["web"].port = web_port
    services["web"].health_url = f"http://127.0.0.1:{web_port}/healthz"
    services["smtpd"].port = smtp_port
    stop = threading.Event()
    base = f"http://127.0.0.1:{web_port}"
    url = f"{base}{BASE}/complaints"
    clients = (
        [
            threading.Thread(target=api_client, args=(n, url, token, run.stream, stop))
            for n in range(API_CLIENTS)
        ]
        + [
            threading.Thread(target=mail_client, args=(n, smtp_port, run.stream, stop))
            for n in range(MAIL_CLIENTS)
        ]
        + [
            threading.Thread(target=web_client, args=(n, base, run.stream, stop))
            for n in range(WEB_CLIENTS)
        ]
    )
    chance = random.Random(os.environ.get("COMPLAINTDESK_KILL_SEED"))
    try:
        for service in services.values():
            service.start()
        for service in services.values():
            service.wait_until_ready()
        for client in clients:
            client.start()
        # A victim is any process that is up; one still starting after its own kill is left
        # to start while another is killed, so kills of different processes overlap.
        while sum(run.kills.values()) < KILLS:
            time.sleep(chance.uniform(*PAUSE))
            for service in services.values():
                assert service.popen is not None
                if service.popen.poll() is not None:
                    raise AssertionError(f"{service.name} exited:\n{service.log_tail()}")
            ready = [name for name in WEIGHTS if services[name].has_served_a_while()]
            if not ready:
                continue
            victim = services[chance.choices(ready, [WEIGHTS[name] for name in ready])[0]]
            victim.kill()
            run.kills[victim.name] += 1
            victim.start()
        for service in services.values():
            service.wait_until_ready()
        stop.set()
        for client in clients:
            client.join(timeout=SETTLE_SECONDS + 30)
        run.unsent = wait_for_every_acknowledgement()
    finally:
        stop.set()
        for service in services.values():
            service.stop()
        sink.stop()
    gather(run, sink, work / "data")
    run.seconds = time.monotonic() - started
    print(
        f"\ncrash run: {dict(run.kills)} kills in {run.seconds:.0f} s; "
        f"{len(run.stream.acked)} complaints acknowledged "
        f"{dict(Counter(subject.split('-')[0] for subject in run.stream.acked))}, "
        f"{run.stream.retries} retries {dict(run.stream.why_retried)}; "
        f"{sum(run.delivered_ids.values())} acknowledgements delivered "
        f"({sum(n - 1 for n in run.delivered_ids.values())} repeated under the same Message-ID)"
    )
    return run


def wait_for_every_acknowledgement() -> int:
    pending = Message.objects.filter(delivery_status=DeliveryStatus.PENDING)
    deadline = time.monotonic() + SETTLE_SECONDS
    while pending.exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    unsent = pending.count()
    connections.close_all()
    return unsent


def gather(run: CrashRun, sink: MailSink, data_dir: Path) -> None:
    for subject, reference in Complaint.objects.values_list("subject", "reference"):
        run.complaints[subject] += 1
        run.references[subject] = reference
    run.complaint_ids = list(Complaint.objects.values_list("id", flat=True))
    with_photo = set(
        Attachment.objects.filter(filename__in=["parcel.png", "jug.jpg"]).values_list(
            "complaint__subject", flat=True
        )
    )
    run.sent_without_attachment = sorted(
        subject
        for subject in run.complaints
        if subject.startswith(("mail-", "web-")) and subject not in with_photo
    )
    # The store of the processes under test, not this one's.
    store = data_dir / "attachments"
    run.missing_files = [
        sha
        for sha in Attachment.objects.values_list("sha256", flat=True)
        if not (store / sha[:2] / sha[2:4] / sha).exists()
    ]
    acknowledgements = Message.objects.filter(direction="outbound", author__isnull=True)
    for message in acknowledgements.select_related("complaint"):
        run.acknowledgements[message.complaint_id] += 1
        run.expected_ids.add(message_id_for(message))
    run.delivered_ids = Counter(sink.message_ids())
    run.failed_tasks = [
        f"{path}: {traceback.strip().splitlines()[-1:]}"
        for path, traceback in DBTaskResult.objects.filter(
            status=TaskResultStatus.FAILED
        ).values_list("task_path", "traceback")
    ]


def test_the_processes_were_killed_as_many_times_as_asked(crash_run):
    assert sum(crash_run.kills.values()) == KILLS


def test_complaints_came_in_on_every_channel_while_the_processes_were_killed(crash_run):
    channels = Counter(subject.split("-")[0] for subject in crash_run.stream.acked)
    assert set(channels) == {"api", "mail", "web"}, channels


def test_every_submission_was_answered_and_no_client_met_an_error(crash_run):
    assert crash_run.stream.errors == []
    assert crash_run.stream.unanswered == set()
    assert set(crash_run.stream.acked) == crash_run.stream.submitted


def test_every_acknowledged_complaint_exists_exactly_once_under_its_reference(crash_run):
    acked = crash_run.stream.acked
    assert [s for s in acked if crash_run.complaints[s] != 1] == []
    api = {subject: ref for subject, ref in acked.items() if ref}
    assert {subject: crash_run.references[subject] for subject in api} == api


def test_no_complaint_exists_that_was_never_submitted(crash_run):
    assert set(crash_run.complaints) - crash_run.stream.submitted == set()


def test_every_mailed_or_web_form_complaint_is_complete_with_its_attachment(crash_run):
    assert crash_run.sent_without_attachment == []
    assert crash_run.missing_files == []


def test_every_acknowledgement_reached_the_mail_server_and_none_under_two_ids(crash_run):
    assert crash_run.unsent == 0
    assert crash_run.acknowledgements == Counter(crash_run.complaint_ids)
    assert set(crash_run.delivered_ids) == crash_run.expected_ids
    assert crash_run.failed_tasks == []


def test_an_acknowledgement_is_repeated_only_when_a_worker_died_between_send_and_record(
    crash_run,
):
    # Sending and recording the send cannot be one transaction: a worker killed in between
    # sends that message again, under the same Message-ID, which mail systems drop. Nothing
    # else may repeat one.
    repeated = sum(count - 1 for count in crash_run.delivered_ids.values())
    assert repeated <= crash_run.kills["worker"]
