"""The one attachment store: a file is in place once its complaint commits, and a complaint that
does not commit leaves no file behind."""

from __future__ import annotations

import os
import time
from unittest import mock

import pytest
from django.db import transaction

from complaintdesk.complaints.models import Attachment
from complaintdesk.intake import services
from complaintdesk.intake.attachments import (
    IncomingFile,
    delete_stored,
    open_stored,
    path_for,
    refusal_reason,
    sweep_staged_files,
)
from complaintdesk.intake.selectors import attachment_of
from complaintdesk.intake.services import ComplaintDetails, CustomerDetails, file_complaint

pytestmark = pytest.mark.django_db

RECEIPT = b"%PDF-1.7\n% receipt for order 1001\n"


def file_with(*files):
    return file_complaint(
        channel="web",
        customer=CustomerDetails(name="Dana Customer", email="dana@example.com"),
        complaint=ComplaintDetails(subject="Broken jug", description="It arrived broken."),
        attachments=[
            IncomingFile.from_bytes(name, "application/pdf", data) for name, data in files
        ],
    )


def files_in(settings):
    return [p for p in settings.ATTACHMENTS_DIR.rglob("*") if p.is_file()]


def age(path, seconds):
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_complaint_that_fails_to_commit_leaves_no_file_behind(settings):
    with (
        mock.patch.object(services, "announce", side_effect=RuntimeError("crash")),
        pytest.raises(RuntimeError),
    ):
        file_with(("receipt.pdf", RECEIPT))

    assert not Attachment.objects.exists()
    assert files_in(settings) == []


def test_the_file_is_put_in_place_only_when_the_complaint_commits(
    settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as on_commit:
        complaint = file_with(("receipt.pdf", RECEIPT))
    sha256 = complaint.attachments.get().sha256
    assert not path_for(sha256).exists()

    for callback in on_commit:
        callback()

    assert path_for(sha256).read_bytes() == RECEIPT
    assert files_in(settings) == [path_for(sha256)]


def test_the_same_content_is_stored_once(settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        file_with(("receipt.pdf", RECEIPT), ("copy of receipt.pdf", RECEIPT))

    assert len(files_in(settings)) == 1


def filed_then_rolled_back() -> None:
    with transaction.atomic():
        file_with(("receipt.pdf", RECEIPT))
        raise RuntimeError("the caller's transaction fails after filing")


def test_a_file_left_staged_by_an_outer_rollback_is_swept_away(settings):
    with pytest.raises(RuntimeError):
        filed_then_rolled_back()
    (staged,) = files_in(settings)
    age(staged, 2 * 86400)

    assert sweep_staged_files() == {"published": 0, "deleted": 1}
    assert files_in(settings) == []


def test_a_file_staged_before_a_crash_is_put_in_place_by_the_sweep(settings):
    # The row committed but the process died before renaming the file into place.
    complaint = file_with(("receipt.pdf", RECEIPT))
    sha256 = complaint.attachments.get().sha256
    (staged,) = files_in(settings)
    age(staged, 2 * 86400)

    assert sweep_staged_files() == {"published": 1, "deleted": 0}
    assert path_for(sha256).read_bytes() == RECEIPT


def test_the_sweep_leaves_files_of_transactions_still_running(settings):
    file_with(("receipt.pdf", RECEIPT))

    assert sweep_staged_files() == {"published": 0, "deleted": 0}
    assert len(files_in(settings)) == 1


def test_a_file_still_staged_is_served_and_put_in_place_when_read(settings):
    complaint = file_with(("receipt.pdf", RECEIPT))
    attachment = attachment_of(
        complaint, complaint.attachments.get().pk, customer_visible_only=True
    )
    with open_stored(attachment.sha256) as stored:
        assert stored.read() == RECEIPT
    assert path_for(attachment.sha256).exists()


@pytest.mark.parametrize(
    "content",
    [
        b"\x7fELF\x02\x01\x01",
        b"\xcf\xfa\xed\xfe\x07\x00",
        b"\xef\xbb\xbf  @echo off\r\ndel *.*",
        b"<html><body><script>alert(1)</script></body></html>",
        b'<?xml version="1.0"?><svg><a href="javascript:alert(1)">x</a></svg>',
    ],
)
def test_programs_scripts_and_active_pages_are_refused_by_content(content):
    assert refusal_reason(content, "application/octet-stream") != ""


def test_an_empty_file_is_refused_and_the_complaint_kept():
    complaint = file_with(("empty.pdf", b""))

    assert not complaint.attachments.exists()


def test_deleting_a_stored_file_removes_it_whether_in_place_or_still_staged(settings):
    sha256 = file_with(("receipt.pdf", RECEIPT)).attachments.get().sha256

    delete_stored(sha256)

    assert files_in(settings) == []
