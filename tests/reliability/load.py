"""The load of the concurrency test, one role per process:

    python -m tests.reliability.load web NAME GO_FILE SECONDS
    python -m tests.reliability.load reader NAME GO_FILE SECONDS USERNAME
    python -m tests.reliability.load mailer NAME GO_FILE SECONDS SMTP_PORT

Each prints "ready", waits until GO_FILE exists (so all start together), works for SECONDS, and
prints one JSON line: what it did and every error it met. Nothing is retried here: an error
the service itself does not absorb is an error the test must see."""

from __future__ import annotations

import json
import smtplib
import sys
import time
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import django

# Between two requests of one client; without it one process could hog the database.
PAUSE_SECONDS = 0.01


def main(role: str, name: str, go_file: str, seconds: str, *extra: str) -> None:
    if role != "mailer":
        django.setup()
    print("ready", flush=True)
    while not Path(go_file).exists():
        time.sleep(0.01)
    until = time.monotonic() + float(seconds)
    report = ROLES[role](name, until, *extra)
    print(json.dumps(report), flush=True)


def web(name: str, until: float) -> dict[str, Any]:
    """Files complaints as the web form does, one after the other."""
    from complaintdesk.intake.services import ComplaintDetails, CustomerDetails, file_complaint

    filed: dict[str, str] = {}
    errors = []
    number = 0
    slowest = 0.0
    while time.monotonic() < until:
        number += 1
        subject = f"{name} complaint {number}"
        started = time.monotonic()
        try:
            complaint = file_complaint(
                channel="web",
                customer=CustomerDetails(name=f"{name} {number}", email=f"{name}-{number}@ex.com"),
                complaint=ComplaintDetails(subject=subject, description="Charged twice."),
            )
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
        else:
            filed[subject] = complaint.reference
        slowest = max(slowest, time.monotonic() - started)
        time.sleep(PAUSE_SECONDS)
    return {"filed": filed, "errors": errors, "slowest": slowest}


def reader(name: str, until: float, username: str) -> dict[str, Any]:
    """Reads what an agent's pages read: the queue, then the newest complaint and its messages."""
    from complaintdesk.accounts.models import User
    from complaintdesk.complaints.selectors import access_complaint, scoped_complaints

    user = User.objects.get(username=username)
    reads = 0
    errors = []
    while time.monotonic() < until:
        try:
            queue = list(scoped_complaints(user).select_related("customer")[:50])
            if queue:
                complaint = access_complaint(user, queue[0].reference)
                list(complaint.messages.all())
                list(complaint.events.all())
            reads += 1
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
        time.sleep(PAUSE_SECONDS)
    return {"reads": reads, "errors": errors}


def mailer(name: str, until: float, port: str) -> dict[str, Any]:
    """Sends complaints by e-mail to `complaintdesk smtpd`, as the company's mail server would;
    anything but 250 is an error."""
    accepted = []
    errors = []
    number = 0
    slowest = 0.0
    with smtplib.SMTP("127.0.0.1", int(port), timeout=60) as smtp:
        while time.monotonic() < until:
            number += 1
            mail = EmailMessage()
            mail["From"] = f"Mail Customer {number} <{name}-{number}@ex.com>"
            mail["To"] = "complaints@localhost"
            mail["Subject"] = f"{name} complaint {number}"
            mail["Message-ID"] = f"<{name}-{number}@ex.com>"
            mail["Content-Language"] = "en"
            mail.set_content("The parcel arrived broken.")
            started = time.monotonic()
            try:
                smtp.send_message(mail)
            except smtplib.SMTPException as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
            else:
                accepted.append(mail["Subject"])
            slowest = max(slowest, time.monotonic() - started)
            time.sleep(PAUSE_SECONDS)
    return {"accepted": accepted, "errors": errors, "slowest": slowest}


ROLES = {"web": web, "reader": reader, "mailer": mailer}

if __name__ == "__main__":
    main(*sys.argv[1:])
