"""Who read sensitive records: seeing a complaint's compensation (console page, approvals, API)
and exporting a customer's data are recorded with who, what and when, and auditors list them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Status
from complaintdesk.resolution import compensation
from tests.api.clients import BASE, bearer
from tests.factories import complaint_in

pytestmark = pytest.mark.django_db


def _request(complaint, agent, amount: str):
    return compensation.request_compensation(
        complaint=complaint,
        actor=agent,
        amount=Decimal(amount),
        currency=settings.DEFAULT_CURRENCY,
        kind="money",
        reason="Charged twice.",
    )


@pytest.fixture
def compensated(agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    _request(complaint, agent, "20.00")
    return complaint


def _reads(**filters):
    return Event.objects.filter(action="compensation.read", **filters)


def test_seeing_a_complaints_compensation_on_its_page_records_who_read_which_records(
    client, handler, compensated
):
    client.force_login(handler)

    page = client.get(reverse("console:complaint", args=[compensated.reference]))

    read = _reads().get()
    request_id = compensated.compensation_requests.get().pk
    assert page.status_code == 200
    assert (read.actor, read.complaint, f"#{request_id}" in read.note) == (
        handler,
        compensated,
        True,
    )


def test_reloading_the_page_records_the_read_once(client, handler, compensated):
    client.force_login(handler)

    for _ in range(3):
        client.get(reverse("console:complaint", args=[compensated.reference]))

    assert _reads().count() == 1


def test_a_new_record_shown_after_a_reload_is_a_new_read(client, handler, agent, compensated):
    client.force_login(handler)
    client.get(reverse("console:complaint", args=[compensated.reference]))
    _request(compensated, agent, "5.00")

    client.get(reverse("console:complaint", args=[compensated.reference]))

    assert _reads().count() == 2


def test_the_same_page_read_again_later_is_recorded_again(client, handler, compensated):
    client.force_login(handler)
    client.get(reverse("console:complaint", args=[compensated.reference]))

    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        client.get(reverse("console:complaint", args=[compensated.reference]))

    assert _reads().count() == 2


def test_a_complaint_without_compensation_records_no_read(client, handler, agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    client.force_login(handler)

    client.get(reverse("console:complaint", args=[complaint.reference]))

    assert not _reads().exists()


def test_reading_compensation_through_the_api_records_the_read(auditor, compensated):
    answer = bearer(auditor).get(f"{BASE}/complaints/{compensated.reference}/compensation")

    assert answer.status_code == 200
    assert _reads(actor=auditor, complaint=compensated).count() == 1


def test_the_approvals_page_records_a_read_of_each_complaint_it_shows(
    client, agent, supervisor, compensated
):
    waiting = _request(compensated, agent, "400.00")
    client.force_login(supervisor)

    page = client.get(reverse("resolution:approvals"))

    assert page.status_code == 200
    assert f"#{waiting.pk}" in _reads(actor=supervisor, complaint=compensated).get().note


def test_the_pending_list_of_the_api_records_a_read(agent, supervisor, compensated):
    _request(compensated, agent, "400.00")

    answer = bearer(supervisor).get(f"{BASE}/compensation/pending")

    assert answer.status_code == 200
    assert _reads(actor=supervisor, complaint=compensated).count() == 1


def test_exporting_a_customers_data_from_the_page_records_who_read_it(
    client, quality_manager, compensated
):
    client.force_login(quality_manager)

    client.post(reverse("privacy:export", args=[compensated.customer_id]))

    read = Event.objects.get(action="customer.exported")
    assert (read.actor, read.subject) == (quality_manager, f"customer:{compensated.customer_id}")


def test_an_auditor_lists_who_read_what_on_the_reads_page(client, handler, auditor, compensated):
    client.force_login(handler)
    client.get(reverse("console:complaint", args=[compensated.reference]))
    read = _reads().get()
    client.force_login(auditor)

    page = client.get(reverse("privacy:reads"), {"reference": compensated.reference.lower()})

    text = page.content.decode()
    assert page.status_code == 200
    assert f'id="read-{read.pk}"' in text
    assert str(handler) in text


def test_an_auditor_lists_the_reads_through_the_api_filtered_by_kind_and_person(
    client, handler, auditor, quality_manager, compensated
):
    client.force_login(handler)
    client.get(reverse("console:complaint", args=[compensated.reference]))
    client.force_login(quality_manager)
    client.post(reverse("privacy:export", args=[compensated.customer_id]))
    api = bearer(auditor)

    compensation_reads = api.get(f"{BASE}/privacy/reads", {"action": "compensation.read"})
    by_person = api.get(f"{BASE}/privacy/reads", {"person": quality_manager.username})

    assert [(r["action"], r["username"], r["complaint"]) for r in compensation_reads.json()] == [
        ("compensation.read", handler.username, compensated.reference)
    ]
    assert [r["action"] for r in by_person.json()] == ["customer.exported"]


def test_the_reads_list_is_refused_to_those_who_do_not_see_every_complaint(
    client, handler, supervisor
):
    client.force_login(supervisor)

    page = client.get(reverse("privacy:reads"))
    answer = bearer(handler).get(f"{BASE}/privacy/reads")

    assert (page.status_code, answer.status_code) == (403, 403)


def test_a_bad_day_in_the_filter_is_refused_naming_it(auditor):
    answer = bearer(auditor).get(f"{BASE}/privacy/reads", {"since": "3 May"})

    assert answer.status_code == 422
    assert "since" in answer.content.decode()


def test_a_bad_day_on_the_page_is_shown_not_failed(client, auditor):
    client.force_login(auditor)

    page = client.get(reverse("privacy:reads"), {"since": "3 May"})

    assert page.status_code == 200
    assert 'id="no-reads"' in page.content.decode()
