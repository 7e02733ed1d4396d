"""Files on the tracking page: the customer adds them with information, and downloads only the
files of their own complaint that they may see."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import Attachment, Visibility
from complaintdesk.intake.attachments import IncomingFile
from complaintdesk.intake.services import ComplaintDetails, CustomerDetails, file_complaint
from tests.factories import file

pytestmark = pytest.mark.django_db

RECEIPT = b"%PDF-1.7\n% receipt 1001\n"


def token(complaint):
    return tracking.token_for(complaint.reference, complaint.tracking_salt)


def add_information(client, complaint, *files, body="The receipt is attached."):
    return client.post(
        reverse("portal:add_information", args=[token(complaint)]),
        {"info-body": body, "info-attachments": list(files)},
        follow=True,
    )


def with_receipt():
    return file_complaint(
        channel="web",
        customer=CustomerDetails(name="Dana Customer", email="dana@example.com"),
        complaint=ComplaintDetails(subject="Broken jug", description="It arrived broken."),
        attachments=[IncomingFile.from_bytes("receipt.pdf", "application/pdf", RECEIPT)],
    )


def download(client, complaint, attachment):
    return client.get(reverse("portal:file", args=[token(complaint), attachment.pk]))


def test_information_sent_with_a_file_joins_the_complaint_with_it(client):
    complaint = file()

    add_information(client, complaint, SimpleUploadedFile("photo.jpg", b"\xff\xd8\xffJFIF"))

    message = complaint.messages.get(direction="inbound")
    assert [a.filename for a in message.attachments.all()] == ["photo.jpg"]


def test_a_refused_file_is_named_and_the_message_kept(client):
    complaint = file()

    response = add_information(client, complaint, SimpleUploadedFile("run.pdf", b"MZ\x90\x00"))

    assert "run.pdf" in response.content.decode()
    assert complaint.messages.filter(direction="inbound").exists()
    assert not Attachment.objects.exists()


def test_the_owner_is_told_when_the_customer_adds_information(client, agent, billing):
    complaint = file()
    type(complaint).objects.filter(pk=complaint.pk).update(owner=agent)

    add_information(client, complaint)

    assert DBTaskResult.objects.filter(task_path__endswith="tell_owner").exists()


def test_the_customer_downloads_a_file_of_their_complaint_as_an_attachment(client):
    complaint = with_receipt()
    attachment = complaint.attachments.get()

    response = download(client, complaint, attachment)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == RECEIPT
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="receipt.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_page_lists_the_files_sent_with_the_complaint(client):
    complaint = with_receipt()
    attachment = complaint.attachments.get()

    html = client.get(reverse("portal:track", args=[token(complaint)])).content.decode()

    assert reverse("portal:file", args=[token(complaint), attachment.pk]) in html


def test_a_file_for_staff_only_is_neither_listed_nor_downloadable(client):
    complaint = with_receipt()
    attachment = complaint.attachments.get()
    Attachment.objects.filter(pk=attachment.pk).update(visibility=Visibility.INTERNAL)

    html = client.get(reverse("portal:track", args=[token(complaint)])).content.decode()

    assert "receipt.pdf" not in html
    assert download(client, complaint, attachment).status_code == 404


def test_another_complaints_file_cannot_be_reached_with_ones_own_link(client):
    mine = file(email="erik@example.com")
    theirs = with_receipt()

    assert download(client, mine, theirs.attachments.get()).status_code == 404
