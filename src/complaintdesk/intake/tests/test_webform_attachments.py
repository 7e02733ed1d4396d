"""Files sent with the web form go through the one attachment store: judged by content, held to
the limits, and a refused one never costs the customer the rest of their complaint."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Complaint
from complaintdesk.intake.tests.webform import VALID, send

pytestmark = pytest.mark.django_db

PHOTO = b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 64
PROGRAM = b"MZ\x90\x00" + b"\x00" * 64


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(settings):
    return sorted(p.name for p in settings.ATTACHMENTS_DIR.rglob("*") if p.is_file())


def test_files_are_kept_with_the_complaint_under_their_content_hash(
    client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, {**VALID, "attachments": [upload("jug.jpg", PHOTO, "image/jpeg")]})

    attachment = Complaint.objects.get().attachments.get()
    assert (attachment.filename, attachment.content_type) == ("jug.jpg", "image/jpeg")
    assert stored_files(settings) == [attachment.sha256]


def test_a_program_named_like_a_pdf_is_refused_and_the_complaint_filed_with_the_rest(client):
    response = send(
        client,
        {
            **VALID,
            "attachments": [
                upload("invoice.pdf", PROGRAM, "application/pdf"),
                upload("jug.jpg", PHOTO, "image/jpeg"),
            ],
        },
        follow=True,
    )

    complaint = Complaint.objects.get()
    html = response.content.decode()
    assert [a.filename for a in complaint.attachments.all()] == ["jug.jpg"]
    assert 'id="refused-files"' in html
    assert "invoice.pdf" in html
    assert "it is a program" in html


def test_an_svg_image_carrying_a_script_is_refused(client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>'

    send(client, {**VALID, "attachments": [upload("drawing.svg", svg, "image/svg+xml")]})

    assert not Complaint.objects.get().attachments.exists()
    assert "containing a script" in Event.objects.get(action="attachment.refused").note


def test_a_shell_script_is_refused_whatever_it_is_called(client):
    send(client, {**VALID, "attachments": [upload("notes.txt", b"#!/bin/sh\nrm -rf ~\n")]})

    assert not Complaint.objects.get().attachments.exists()


def test_a_file_over_the_size_limit_is_refused_without_being_kept(client, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000

    response = send(
        client,
        {**VALID, "attachments": [upload("scan.pdf", b"%PDF-1.7\n" + b"x" * 5000)]},
        follow=True,
    )

    assert not Complaint.objects.get().attachments.exists()
    assert "scan.pdf" in response.content.decode()
    assert stored_files(settings) == []


def test_files_past_the_limit_for_one_complaint_are_refused_and_the_first_kept(client, settings):
    settings.COMPLAINT_ATTACHMENTS_MAX_BYTES = 100
    first, second = b"%PDF-1.7 first" + b"1" * 60, b"%PDF-1.7 second" + b"2" * 60

    send(client, {**VALID, "attachments": [upload("a.pdf", first), upload("b.pdf", second)]})

    complaint = Complaint.objects.get()
    assert [a.filename for a in complaint.attachments.all()] == ["a.pdf"]
    assert "b.pdf: the complaint's files would exceed" in (
        Event.objects.get(action="attachment.refused").note
    )


def test_a_form_sent_back_with_mistakes_asks_for_the_files_again(client):
    response = send(
        client, {**VALID, "consent": "", "attachments": [upload("jug.jpg", PHOTO, "image/jpeg")]}
    )

    assert 'id="id_attachments_error"' in response.content.decode()
    assert not Complaint.objects.exists()
