"""Backups for the backup and restore tests: one taken of the test database, and copies of it
changed the way a damaged disk or another installation would change them."""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management import call_command

from complaintdesk.accounts.models import CUSTOMER, Party
from complaintdesk.complaints.models import Attachment
from complaintdesk.complaints.services import receive_customer_message
from complaintdesk.intake.mail.attachments import store_content
from tests.factories import file

INVOICE = b"%PDF-1.4\n% invoice 1001, charged twice\n"


def two_complaints_with_an_attachment() -> None:
    first = file(email="dana@example.com")
    file(email="erik@example.com", subject="Parcel never arrived")
    message = receive_customer_message(
        complaint=first,
        body="The invoice is attached.",
        channel="email",
        actor=Party(CUSTOMER, "Dana Customer"),
    )
    Attachment.objects.create(
        complaint=first,
        message=message,
        filename="invoice.pdf",
        content_type="application/pdf",
        size=len(INVOICE),
        sha256=store_content(INVOICE),
    )


def back_up(target: Path) -> tuple[str, str]:
    """Run `complaintdesk backup --output target`; returns what it printed (out, err)."""
    out, err = io.StringIO(), io.StringIO()
    call_command("backup", output=target, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {
            member.name: tar.extractfile(member).read()  # type: ignore[union-attr]
            for member in tar.getmembers()
            if member.isfile()
        }


def manifest_of(archive: Path) -> dict[str, Any]:
    return json.loads(members(archive)["manifest.json"])


def altered(
    archive: Path,
    target: Path,
    *,
    manifest: Callable[[dict[str, Any]], None] = lambda manifest: None,
    replace: dict[str, bytes] | None = None,
    drop: set[str] = frozenset(),
) -> Path:
    """A copy of the archive with its manifest edited, some members' bytes replaced and some
    members left out."""
    content = members(archive)
    edited = json.loads(content["manifest.json"])
    manifest(edited)
    content["manifest.json"] = json.dumps(edited).encode()
    content.update(replace or {})
    with tarfile.open(target, "w:gz") as tar:
        for name, data in content.items():
            if name in drop:
                continue
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target
