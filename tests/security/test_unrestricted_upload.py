"""Unrestricted upload and path traversal: a program or active content sent as an attachment
is refused whatever its name; a file name cannot lead outside the store; whatever is kept is
only ever served as a download that cannot run as a page of our site."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import Attachment, Complaint

pytestmark = pytest.mark.django_db

WINDOWS_PROGRAM = b"MZ\x90\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode"
SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML_PAGE = b"<html><body onload=alert(document.cookie)>Invoice</body></html>"
# A GIF that is also a script: harmless only if never run or shown as a page.
POLYGLOT = b"GIF89a/*\x00\x00*/=1;document.title='pwned';/*" + b"\x00" * 32


def _complain(client, *files: SimpleUploadedFile):
    shown = client.get(reverse("webform:complain")).content.decode()
    form_key = shown.split('name="form_key" value="', 1)[1].split('"', 1)[0]
    return client.post(
        reverse("webform:complain"),
        {
            "form_key": form_key,
            "name": "Dana Customer",
            "email": "dana@example.com",
            "description": "The jug arrived broken; photos attached.",
            "consent": "on",
            "attachments": list(files),
        },
        follow=True,
    )


@pytest.mark.parametrize(
    ("name", "content", "declared"),
    [
        ("invoice.pdf", WINDOWS_PROGRAM, "application/pdf"),
        ("photo.svg", SVG_WITH_SCRIPT, "image/svg+xml"),
        ("receipt.html", HTML_PAGE, "text/html"),
        ("notes.txt", b"#!/bin/sh\nrm -rf ~\n", "text/plain"),
    ],
)
def test_unrestricted_upload_of_programs_and_active_content_is_refused(
    client, name, content, declared
):
    response = _complain(client, SimpleUploadedFile(name, content, content_type=declared))

    assert (Attachment.objects.count(), name in response.content.decode()) == (0, True)


def test_path_traversal_in_a_file_name_stays_inside_the_store(client):
    _complain(
        client,
        SimpleUploadedFile("../../../../etc/cron.d/evil.pdf", b"%PDF-1.4 x", "application/pdf"),
    )

    attachment = Attachment.objects.get()
    stored = list(Path(settings.ATTACHMENTS_DIR).rglob("*"))
    assert attachment.filename == "evil.pdf"
    assert all(Path(settings.ATTACHMENTS_DIR) in path.parents for path in stored)


def test_a_kept_file_is_served_only_as_a_download_that_cannot_run(client):
    _complain(client, SimpleUploadedFile("kettle.gif", POLYGLOT, content_type="text/html"))
    complaint = Complaint.objects.get()
    attachment = Attachment.objects.get()
    token = tracking.token_for(complaint.reference, complaint.tracking_salt)

    response = client.get(reverse("portal:file", args=[token, attachment.pk]))

    assert (
        response["Content-Type"],
        response["Content-Disposition"].startswith("attachment;"),
        response["X-Content-Type-Options"],
        "sandbox" in response["Content-Security-Policy"],
    ) == ("image/gif", True, "nosniff", True)
