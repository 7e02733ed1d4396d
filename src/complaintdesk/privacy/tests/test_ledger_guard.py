"""The compensation ledger stays immutable under erasure: the database lets a note become
'[erased]' and nothing else — not an amount, not another note, not a deletion (PostgreSQL)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from complaintdesk.complaints.models import Status
from complaintdesk.resolution import compensation
from complaintdesk.resolution.models import CompensationEntry, LedgerError
from tests.factories import complaint_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    request = compensation.request_compensation(
        complaint=complaint,
        actor=agent,
        amount=Decimal("20.00"),
        currency=settings.DEFAULT_CURRENCY,
        kind="money",
        reason="Charged twice.",
    )
    return compensation.pay_compensation(request=request, actor=agent, note="Paid to Dana.")


def _sql(statement: str, *params) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_the_database_lets_a_ledger_note_be_erased(entry):
    _sql("UPDATE resolution_compensationentry SET note = %s WHERE id = %s", "[erased]", entry.pk)

    assert CompensationEntry.objects.get(pk=entry.pk).note == "[erased]"


def test_the_database_refuses_another_note(entry):
    with pytest.raises(DatabaseError):
        _sql("UPDATE resolution_compensationentry SET note = %s WHERE id = %s", "x", entry.pk)


def test_the_database_refuses_changing_an_amount_even_with_the_note_erased(entry):
    with pytest.raises(DatabaseError):
        _sql(
            "UPDATE resolution_compensationentry SET note = %s, amount = %s WHERE id = %s",
            "[erased]",
            "1.00",
            entry.pk,
        )

    assert CompensationEntry.objects.get(pk=entry.pk).amount == Decimal("20.00")


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_database_refuses_deleting_an_entry(entry):
    with pytest.raises(DatabaseError):
        _sql("DELETE FROM resolution_compensationentry WHERE id = %s", entry.pk)


def test_the_orm_still_refuses_any_other_change(entry):
    with pytest.raises(LedgerError):
        CompensationEntry.objects.filter(pk=entry.pk).update(note="[erased]")
