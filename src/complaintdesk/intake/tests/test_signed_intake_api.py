"""POST /api/v1/intake/{source}: chat transcripts and other systems' complaints, accepted only
when signed with the source's secret, within five minutes, once."""

from __future__ import annotations

import base64
import json
import time
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.utils import timezone

from complaintdesk.complaints.models import Channel, Complaint
from complaintdesk.intake import api as intake_api
from complaintdesk.intake.models import IntakeSource, SeenSignature
from complaintdesk.intake.signed import forget_old_signatures
from complaintdesk.notifications.webhooks import signature_for

pytestmark = pytest.mark.django_db

SECRET = "a-long-secret-shared-with-the-chat-tool-only"
URL = "/api/v1/intake/chat"
TRANSCRIPT = {
    "external_id": "chat-8812",
    "customer": {"name": "Dana Customer", "email": "dana@example.com"},
    "transcript": [
        {"at": "2024-03-01T10:02:00Z", "author": "Dana", "text": "My parcel came broken."},
        {"at": "2024-03-01T10:03:00Z", "author": "agent", "text": "I am sorry to hear it."},
    ],
}


@pytest.fixture
def chat_tool(db):
    return IntakeSource.objects.create(name="Chat tool", slug="chat", secret=SECRET)


def signed(body, *, secret=SECRET, at=None):
    raw = json.dumps(body).encode()
    timestamp = str(int(at if at is not None else time.time()))
    headers = {
        "X-Complaintdesk-Signature": signature_for(secret, timestamp, raw),
        "X-Complaintdesk-Timestamp": timestamp,
    }
    return raw, headers


def post(client, raw, headers, url=URL):
    return client.post(url, data=raw, content_type="application/json", headers=headers)


def send(client, body=TRANSCRIPT, **signing):
    return post(client, *signed(body, **signing))


def test_a_signed_chat_transcript_opens_a_chat_complaint(client, chat_tool):
    response = send(client)

    complaint = Complaint.objects.get()
    assert response.status_code == 201
    assert response.json()["reference"] == complaint.reference
    assert response.json()["created"] is True
    assert complaint.channel == Channel.CHAT
    assert "[2024-03-01 10:02] Dana: My parcel came broken." in complaint.description
    assert complaint.subject == "My parcel came broken."


def test_the_same_external_id_twice_opens_one_complaint_and_returns_the_first(client, chat_tool):
    first = send(client)

    again = send(client, at=time.time() + 1)

    assert again.status_code == 200
    assert again.json()["reference"] == first.json()["reference"]
    assert again.json()["created"] is False
    assert Complaint.objects.count() == 1


def test_a_replayed_request_is_refused(client, chat_tool):
    raw, headers = signed(TRANSCRIPT)
    post(client, raw, headers)

    replay = post(client, raw, headers)

    assert replay.status_code == 409
    assert "received before" in replay.json()["detail"]


def test_a_body_changed_after_signing_is_refused(client, chat_tool):
    raw, headers = signed(TRANSCRIPT)

    response = post(client, raw.replace(b"broken", b"fine!!"), headers)

    assert response.status_code == 401
    assert not Complaint.objects.exists()


def test_a_request_signed_with_another_secret_is_refused(client, chat_tool):
    response = send(client, secret="someone-elses-secret-of-enough-length")

    assert response.status_code == 401
    assert "signature does not match" in response.json()["detail"]


@pytest.mark.parametrize("minutes", [-6, 6])
def test_a_request_signed_more_than_five_minutes_away_is_refused(client, chat_tool, minutes):
    response = send(client, at=time.time() + minutes * 60)

    assert response.status_code == 401
    assert "5 minutes" in response.json()["detail"]


def test_a_request_without_a_signature_is_refused_naming_the_header(client, chat_tool):
    raw, headers = signed(TRANSCRIPT)

    response = post(
        client, raw, {"X-Complaintdesk-Timestamp": headers["X-Complaintdesk-Timestamp"]}
    )

    assert response.status_code == 401
    assert "X-Complaintdesk-Signature" in response.json()["detail"]


def test_an_unknown_or_switched_off_source_is_refused_like_a_bad_signature(client, chat_tool):
    chat_tool.active = False
    chat_tool.save()

    assert send(client).status_code == 401
    assert post(client, *signed(TRANSCRIPT), url="/api/v1/intake/crm").status_code == 401


def test_a_complaint_with_neither_description_nor_transcript_is_refused_naming_it(
    client, chat_tool
):
    response = send(client, {**TRANSCRIPT, "transcript": [], "description": "   "})

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "description", "message": "a description or a transcript is required"}
    ]


def test_a_malformed_contact_is_refused_naming_the_field(client, chat_tool):
    body = {**TRANSCRIPT, "customer": {"name": "Dana", "email": "dana-at-example"}}

    response = send(client, body)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "customer.email"


def test_attachments_are_kept_and_a_refused_one_is_named_in_the_answer(client, chat_tool):
    body = {
        **TRANSCRIPT,
        "attachments": [
            {
                "filename": "photo.jpg",
                "content_base64": base64.b64encode(b"\xff\xd8\xffJFIF").decode(),
            },
            {"filename": "setup.pdf", "content_base64": base64.b64encode(b"MZ\x90\x00").decode()},
        ],
    }

    response = send(client, body)

    complaint = Complaint.objects.get()
    assert [a.filename for a in complaint.attachments.all()] == ["photo.jpg"]
    assert response.json()["refused_attachments"][0]["filename"] == "setup.pdf"


def test_a_body_that_is_not_base64_is_refused_naming_the_attachment(client, chat_tool):
    body = {**TRANSCRIPT, "attachments": [{"filename": "x.pdf", "content_base64": "%%%"}]}

    response = send(client, body)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "attachments.0.content_base64"


def test_a_request_larger_than_the_limit_is_refused_with_413(client, chat_tool, settings):
    settings.COMPLAINT_ATTACHMENTS_MAX_BYTES = 30
    with mock.patch.object(intake_api, "TEXT_BYTES_MAX", 100):
        response = send(client, {**TRANSCRIPT, "description": "x" * 500})

    assert response.status_code == 413


def test_the_language_declared_wins_and_otherwise_the_text_decides(client, chat_tool):
    in_french = [
        {
            "at": "2024-03-01T10:02:00Z",
            "author": "Dana",
            "text": "Mon colis est arrivé cassé et personne ne répond à mes messages.",
        }
    ]
    send(client, {**TRANSCRIPT, "external_id": "one", "transcript": in_french})
    send(
        client,
        {**TRANSCRIPT, "external_id": "two", "transcript": in_french, "language": "es"},
        at=time.time() + 1,
    )

    assert list(Complaint.objects.order_by("id").values_list("language", flat=True)) == [
        "fr",
        "es",
    ]


def test_signatures_are_forgotten_once_they_can_no_longer_be_replayed(client, chat_tool):
    send(client)

    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        assert forget_old_signatures() == 1
    assert not SeenSignature.objects.exists()
