"""`complaintdesk createuser`: a staff account from the command line, or a clear refusal."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from complaintdesk.accounts.models import Role, User
from complaintdesk.audit.models import Event

PASSWORD = "plum-orchard-42"


@pytest.fixture
def stdin(monkeypatch):
    def feed(text: str, *, terminal: bool = False) -> None:
        fake = io.StringIO(text)
        fake.isatty = lambda: terminal  # type: ignore[method-assign]
        monkeypatch.setattr("sys.stdin", fake)

    return feed


def createuser(*arguments: str) -> str:
    out = io.StringIO()
    call_command("createuser", *arguments, stdout=out)
    return out.getvalue()


def test_createuser_reads_the_password_from_standard_input_and_joins_the_departments(
    db, stdin, billing, delivery
):
    stdin(PASSWORD + "\n")
    output = createuser(
        "nina",
        "--role",
        "handler",
        "--department",
        "billing",
        "--department",
        "delivery",
        "--email",
        "nina@staff.example.com",
        "--password-stdin",
    )
    nina = User.objects.get(username="nina")
    assert (nina.role, nina.email, nina.check_password(PASSWORD)) == (
        Role.HANDLER,
        "nina@staff.example.com",
        True,
    )
    assert set(nina.departments.values_list("code", flat=True)) == {"billing", "delivery"}
    assert "Created nina" in output


def test_createuser_records_the_new_account_in_the_audit_trail(db, stdin):
    stdin(PASSWORD + "\n")
    createuser("nina", "--role", "auditor", "--password-stdin")
    assert Event.objects.filter(action="user.created").count() == 1


def test_createuser_asks_twice_for_the_password_on_a_terminal(db, stdin, monkeypatch):
    stdin("", terminal=True)
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    createuser("nina", "--role", "agent")
    assert User.objects.get(username="nina").check_password(PASSWORD)


def test_createuser_refuses_two_different_passwords(db, stdin, monkeypatch):
    stdin("", terminal=True)
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="password: the two passwords differ"):
        createuser("nina", "--role", "agent")
    assert not User.objects.filter(username="nina").exists()


def test_createuser_without_a_terminal_points_to_password_stdin(db, stdin):
    stdin("")
    with pytest.raises(CommandError, match="--password-stdin"):
        createuser("nina", "--role", "agent")


def test_createuser_names_a_department_that_does_not_exist(db, stdin, billing):
    stdin(PASSWORD + "\n")
    with pytest.raises(CommandError, match=r"department: .*'claims'.*\(known: billing\)"):
        createuser("nina", "--role", "agent", "--department", "claims", "--password-stdin")


def test_createuser_refuses_a_username_already_taken(db, stdin, agent):
    stdin(PASSWORD + "\n")
    with pytest.raises(CommandError, match="username: a user named 'ALICE' already exists"):
        createuser("ALICE", "--role", "agent", "--password-stdin")


def test_createuser_refuses_a_weak_password_naming_the_field(db, stdin):
    stdin("1234\n")
    with pytest.raises(CommandError, match=r"password: .*too short"):
        createuser("nina", "--role", "agent", "--password-stdin")


def test_createuser_refuses_an_invalid_email_naming_the_field(db, stdin):
    stdin(PASSWORD + "\n")
    with pytest.raises(CommandError, match="email: "):
        createuser("nina", "--role", "agent", "--email", "not-an-address", "--password-stdin")


def test_an_unknown_role_fails_with_the_roles_to_choose_from_and_no_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "complaintdesk.cli", "createuser", "nina", "--role", "boss"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "argument --role: invalid choice: 'boss'" in result.stderr
    assert "quality_manager" in result.stderr
    assert "Traceback" not in result.stderr
