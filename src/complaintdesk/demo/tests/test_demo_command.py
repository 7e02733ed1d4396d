"""`complaintdesk demo --if-empty`, which `make run` calls on every start."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.db import transaction

from complaintdesk.complaints.models import Complaint
from complaintdesk.demo.organisation import ROLE_ACCOUNTS, load_organisation
from tests.factories import file


def demo(*arguments: str) -> str:
    out = io.StringIO()
    call_command("demo", *arguments, stdout=out)
    return out.getvalue()


def test_if_empty_leaves_a_database_with_complaints_alone(db):
    file()
    output = demo("--if-empty")
    assert Complaint.objects.count() == 1
    assert "not loaded" in output


def test_if_empty_still_prints_the_demo_logins_when_the_demo_was_loaded_before(db):
    with transaction.atomic():
        load_organisation()
    file()
    output = demo("--if-empty")
    for account in ROLE_ACCOUNTS:
        assert f"{account.username}" in output
        assert account.password in output


def test_if_empty_prints_no_logins_where_there_are_no_demo_accounts(db):
    file()
    assert "password" not in demo("--if-empty")
