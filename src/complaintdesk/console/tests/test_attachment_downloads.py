"""Staff download a complaint's files from the console: always as a download with a safe name,
and only within their scope."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaintdesk.complaints.models import Status
from complaintdesk.intake.attachments import IncomingFile, keep_attachments
from tests.factories import complaint_in

pytestmark = pytest.mark.django_db

PAGE = b"<html><body>Order 1001 summary</body></html>"


@pytest.fixture
def complaint(agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    keep_attachments(
        complaint=complaint,
        files=[IncomingFile.from_bytes('../../order "1001".html', "text/html", PAGE)],
        actor_label="Dana Customer",
    )
    return complaint


def url(complaint):
    return reverse("console:attachment", args=[complaint.reference, complaint.attachments.get().pk])


def test_a_handler_downloads_the_file_as_an_attachment_never_shown_inline(
    client, handler, complaint
):
    client.force_login(handler)

    response = client.get(url(complaint))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PAGE
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_the_file_is_offered_under_a_safe_name(client, handler, complaint):
    client.force_login(handler)

    disposition = client.get(url(complaint))["Content-Disposition"]

    assert "/" not in disposition
    assert 'filename="order _1001_.html"' in disposition


def test_the_complaint_page_links_to_its_files(client, handler, complaint):
    client.force_login(handler)

    html = client.get(reverse("console:complaint", args=[complaint.reference])).content.decode()

    assert url(complaint) in html


def test_someone_outside_the_complaints_scope_gets_not_found(client, outsider, complaint):
    client.force_login(outsider)

    assert client.get(url(complaint)).status_code == 404
