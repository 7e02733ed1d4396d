"""Guarantee 5, disk full: the attachment store is a real, tiny filesystem (a tmpfs the test
mounts) that fills up while a customer sends a complaint with a photo. The customer is told
plainly (507, try later), no complaint is half stored, and no file is left behind once intake
has tidied up. Needs the right to mount (root, as in CI); skipped otherwise."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Attachment, Complaint
from complaintdesk.intake.attachments import sweep_staged_files
from complaintdesk.intake.tasks import tidy_intake
from complaintdesk.intake.tests.webform import VALID, send

pytestmark = pytest.mark.django_db
STORE_BYTES = 256 * 1024
PHOTO_HEADER = b"\xff\xd8\xff\xe0\x00\x10JFIF"


def photo(size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "broken-jug.jpg", PHOTO_HEADER + b"\x01" * (size - len(PHOTO_HEADER)), "image/jpeg"
    )


@pytest.fixture
def tiny_store(tmp_path: Path, settings):
    store = tmp_path / "attachments"
    store.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={STORE_BYTES}", "tmpfs", str(store)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here: {mounted.stderr.decode().strip()}")
    settings.ATTACHMENTS_DIR = store
    try:
        yield store
    finally:
        subprocess.run(["umount", str(store)], check=True)


def files_in(store: Path) -> list[str]:
    return sorted(str(p.relative_to(store)) for p in store.rglob("*") if p.is_file())


def send_with(size: int, django_capture_on_commit_callbacks):
    client = Client(raise_request_exception=False)
    with django_capture_on_commit_callbacks(execute=True):
        return send(client, {**VALID, "attachments": [photo(size)]})


def test_a_photo_that_does_not_fit_on_the_disk_is_answered_507_with_a_message(
    tiny_store, django_capture_on_commit_callbacks
):
    answer = send_with(2 * STORE_BYTES, django_capture_on_commit_callbacks)
    assert answer.status_code == 507
    assert "cannot store files just now" in answer.content.decode()
    assert answer["Retry-After"]


def test_a_full_disk_leaves_no_half_stored_complaint_and_no_file(
    tiny_store, django_capture_on_commit_callbacks
):
    send_with(2 * STORE_BYTES, django_capture_on_commit_callbacks)
    assert not Complaint.objects.exists()
    assert not Attachment.objects.exists()
    assert not Event.objects.filter(action__startswith="complaint.").exists()
    sweep_staged_files(older_than_seconds=0)
    tidy_intake.call()
    assert files_in(tiny_store) == []


def test_once_there_is_room_the_same_complaint_is_taken_with_its_photo(
    tiny_store, django_capture_on_commit_callbacks
):
    send_with(2 * STORE_BYTES, django_capture_on_commit_callbacks)
    answer = send_with(STORE_BYTES // 4, django_capture_on_commit_callbacks)
    assert answer.status_code == 302
    attachment = Complaint.objects.get().attachments.get()
    assert files_in(tiny_store) == [
        f"{attachment.sha256[:2]}/{attachment.sha256[2:4]}/{attachment.sha256}"
    ]
