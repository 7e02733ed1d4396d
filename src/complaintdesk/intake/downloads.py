"""Handing a stored file to a browser, for staff (console) and customers (tracking page) alike:
always as a download under its safe name, never shown inline, so a file cannot run as a page of
our site whatever it contains."""

from __future__ import annotations

import logging

from django.http import FileResponse, Http404

from complaintdesk.complaints.models import Attachment
from complaintdesk.intake.attachments import open_stored

logger = logging.getLogger(__name__)


def download(attachment: Attachment) -> FileResponse:
    try:
        stored = open_stored(attachment.sha256)
    except FileNotFoundError:
        logger.error(
            "attachment %s: file %s is missing from the store", attachment.pk, attachment.sha256
        )
        raise Http404("The file is missing") from None
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser open it anyway, it gets no scripts, no plugins and no access to us.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
