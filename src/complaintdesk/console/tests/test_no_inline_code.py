"""Pages carry no inline script, handler or style, so a strict Content-Security-Policy fits."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import Status
from tests.factories import complaint_in

pytestmark = pytest.mark.django_db

INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\sstyle\s*=", re.IGNORECASE)


def test_the_console_and_tracking_pages_have_no_inline_code(client, agent, billing):
    complaint = complaint_in(Status.REMEDY_PROPOSED, actor=agent, department=billing)
    token = tracking.token_for(complaint.reference, complaint.tracking_salt)
    anonymous = [reverse("portal:track", args=[token]), reverse("console:login")]
    staff = [
        reverse("console:queue"),
        reverse("console:new_complaint"),
        reverse("console:complaint", args=[complaint.reference]),
    ]

    html = {url: client.get(url).content.decode() for url in anonymous}
    client.force_login(agent)
    html |= {url: client.get(url).content.decode() for url in staff}

    assert all("</main>" in page for page in html.values())
    assert {url: INLINE.findall(page) for url, page in html.items()} == {url: [] for url in html}
