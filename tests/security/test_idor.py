"""IDOR (insecure direct object reference) through search, lists and attachment links: what is
outside a caller's scope does not exist for them, whichever way they ask (404, never 403, so
existence does not leak)."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.urls import reverse

from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import Visibility
from complaintdesk.intake.attachments import IncomingFile, keep_attachments
from tests.api.clients import bearer
from tests.factories import file

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 receipt"
CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def _unmasked(html: bytes) -> bytes:
    return CSRF_TOKEN.sub(b'name="csrfmiddlewaretoken"', html)


def _attach(complaint, visibility=Visibility.CUSTOMER):
    with transaction.atomic():
        kept = keep_attachments(
            complaint=complaint,
            files=[IncomingFile.from_bytes("receipt.pdf", "application/pdf", PDF)],
            actor_label="Dana Customer",
            visibility=visibility,
        )
    return kept.kept[0]


def test_idor_searching_the_queue_for_another_departments_reference_finds_nothing(
    client, outsider, billing_complaint
):
    client.force_login(outsider)

    response = client.get(
        reverse("console:queue"), {"q": billing_complaint.reference, "status": "all"}
    )

    html = response.content.decode()
    assert (f'id="row-{billing_complaint.reference}"' in html, 'data-total="0"' in html) == (
        False,
        True,
    )


def test_idor_searching_the_api_for_another_departments_customer_finds_nothing(
    outsider, billing_complaint
):
    response = bearer(outsider).get("/api/v1/complaints", {"q": "dana@example.com"})

    assert response.json()["total"] == 0


def test_idor_the_spreadsheet_export_holds_only_the_callers_scope(
    client, outsider, billing_complaint
):
    client.force_login(outsider)

    csv = b"".join(client.get(reverse("console:queue_csv"), {"status": "all"}).streaming_content)

    assert billing_complaint.reference.encode() not in csv


def test_idor_an_attachment_link_of_another_department_answers_not_found(
    client, outsider, billing_complaint
):
    attachment = _attach(billing_complaint)
    client.force_login(outsider)

    response = client.get(
        reverse("console:attachment", args=[billing_complaint.reference, attachment.pk])
    )

    assert response.status_code == 404


def test_idor_another_complaints_file_cannot_be_reached_through_ones_own_complaint(
    client, agent, billing_complaint
):
    elsewhere = _attach(file(subject="Another customer's parcel", email="eve@example.com"))
    client.force_login(agent)

    response = client.get(
        reverse("console:attachment", args=[billing_complaint.reference, elsewhere.pk])
    )

    assert response.status_code == 404


def test_idor_a_customers_link_does_not_reach_another_customers_file(client, billing_complaint):
    elsewhere = _attach(file(subject="Another customer's parcel", email="eve@example.com"))
    token = tracking.token_for(billing_complaint.reference, billing_complaint.tracking_salt)

    response = client.get(reverse("portal:file", args=[token, elsewhere.pk]))

    assert response.status_code == 404


def test_idor_a_customers_link_does_not_reach_a_file_kept_for_staff_only(client, billing_complaint):
    internal = _attach(billing_complaint, visibility=Visibility.INTERNAL)
    token = tracking.token_for(billing_complaint.reference, billing_complaint.tracking_salt)

    response = client.get(reverse("portal:file", args=[token, internal.pk]))

    assert response.status_code == 404


def test_idor_another_departments_complaint_answers_not_found_as_if_it_did_not_exist(
    client, outsider, billing_complaint
):
    client.force_login(outsider)

    existing = client.get(reverse("console:complaint", args=[billing_complaint.reference]))
    missing = client.get(reverse("console:complaint", args=["CD-0000-NONE"]))

    # The same page, but for the address it was asked at (the language switcher's return)
    # and its CSRF token, masked anew for every page.
    same_page = existing.content.replace(billing_complaint.reference.encode(), b"CD-0000-NONE")
    assert (existing.status_code, _unmasked(same_page)) == (404, _unmasked(missing.content))
