"""What intake could not settle waits for an administrator: quarantined mail is processed
again once the fault is fixed, held mail is added, opened as new or dismissed, each through
the admin and recorded in the audit trail."""

from __future__ import annotations

from unittest import mock

import pytest
from django.urls import reverse

from complaintdesk.audit.models import Event
from complaintdesk.complaints.lifecycle import RoleNotAllowed
from complaintdesk.complaints.models import Complaint, Direction
from complaintdesk.intake.mail import services
from complaintdesk.intake.mail.services import (
    MailNotPending,
    add_held_mail_to_named_complaint,
    dismiss_mail,
    file_held_mail_as_new,
    receive_mail,
    reprocess_mail,
)
from complaintdesk.intake.models import InboundMail, MailSource, MailStatus
from tests.factories import file
from tests.mail.samples import eml


def quarantined_by_a_fault() -> InboundMail:
    with mock.patch.object(services, "file_complaint", side_effect=RuntimeError("bug")):
        return receive_mail(raw=eml("big5.eml"), source=MailSource.SMTP).mail


def held_from_a_stranger() -> tuple[InboundMail, Complaint]:
    complaint = file(email="dana@example.com")
    raw = eml(
        "subject_names_a_reference.eml",
        reference=complaint.reference,
        sender="Dana at work <dana@work.example>",
        nonce="1",
    )
    return receive_mail(raw=raw, source=MailSource.SMTP).mail, complaint


def test_quarantined_mail_processed_again_opens_its_complaint(db, admin_user):
    mail = quarantined_by_a_fault()
    mail = reprocess_mail(mail_id=mail.pk, actor=admin_user)
    assert mail.status == MailStatus.FILED
    assert (mail.attempts, mail.error) == (2, "")
    assert mail.complaint.subject == "吹風機冒煙"


def test_processing_again_is_recorded_with_who_did_it(db, admin_user):
    mail = reprocess_mail(mail_id=quarantined_by_a_fault().pk, actor=admin_user)
    event = Event.objects.get(action="mail.reprocessed")
    assert (event.actor, event.complaint, event.note) == (
        admin_user,
        mail.complaint,
        "quarantined → filed",
    )


def test_mail_already_filed_is_not_processed_again(db, admin_user):
    mail = receive_mail(raw=eml("big5.eml"), source=MailSource.SMTP).mail
    with pytest.raises(MailNotPending):
        reprocess_mail(mail_id=mail.pk, actor=admin_user)
    assert Complaint.objects.count() == 1


def test_only_an_administrator_handles_held_mail(db, handler):
    with pytest.raises(RoleNotAllowed):
        reprocess_mail(mail_id=quarantined_by_a_fault().pk, actor=handler)


def test_a_reviewer_adds_held_mail_to_the_complaint_it_names(db, admin_user):
    mail, complaint = held_from_a_stranger()
    mail = add_held_mail_to_named_complaint(mail_id=mail.pk, actor=admin_user)
    assert (mail.status, mail.complaint) == (MailStatus.THREADED, complaint)
    assert complaint.messages.filter(direction=Direction.INBOUND).count() == 1
    assert Event.objects.filter(action="mail.added_by_reviewer", actor=admin_user).exists()


def test_a_reviewer_opens_held_mail_as_a_complaint_of_its_own(db, admin_user):
    mail, complaint = held_from_a_stranger()
    mail = file_held_mail_as_new(mail_id=mail.pk, actor=admin_user)
    assert mail.status == MailStatus.FILED
    assert mail.complaint != complaint
    assert mail.complaint.customer.email == "dana@work.example"


def test_a_reviewer_dismisses_held_mail(db, admin_user):
    mail, complaint = held_from_a_stranger()
    assert dismiss_mail(mail_id=mail.pk, actor=admin_user).status == MailStatus.DISMISSED
    assert not complaint.messages.filter(direction=Direction.INBOUND).exists()


def test_the_admin_action_processes_quarantined_mail_again(db, client, admin_user):
    mail = quarantined_by_a_fault()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:intake_inboundmail_changelist"),
        {"action": "process_again", "_selected_action": [mail.pk]},
        follow=True,
    )
    assert response.status_code == 200
    mail.refresh_from_db()
    assert mail.status == MailStatus.FILED


def test_the_admin_action_on_mail_with_nothing_to_do_says_so(db, client, admin_user):
    mail = receive_mail(raw=eml("mailing_list.eml"), source=MailSource.SMTP).mail
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:intake_inboundmail_changelist"),
        {"action": "process_again", "_selected_action": [mail.pk]},
        follow=True,
    )
    assert "there is nothing to do" in response.content.decode()


def test_the_admin_lists_every_outcome_and_shows_a_message(db, client, admin_user):
    for name in ("big5.eml", "garbage.eml", "mailing_list.eml"):
        receive_mail(raw=eml(name), source=MailSource.SMTP)
    client.force_login(admin_user)
    listing = client.get(reverse("admin:intake_inboundmail_changelist"))
    assert listing.status_code == 200
    assert listing.content.decode().count('name="_selected_action"') == 3
    mail = InboundMail.objects.get(status=MailStatus.QUARANTINED)
    page = client.get(reverse("admin:intake_inboundmail_change", args=[mail.pk]))
    assert "no sender address" in page.content.decode()


def test_the_admin_downloads_the_original_exactly_as_received(db, client, admin_user):
    raw = eml("garbage.eml")
    mail = receive_mail(raw=raw, source=MailSource.SMTP).mail
    client.force_login(admin_user)
    response = client.get(reverse("admin:intake_inboundmail_original", args=[mail.pk]))
    assert response["Content-Type"] == "message/rfc822"
    assert response.content == raw


def test_staff_without_admin_rights_cannot_download_originals(db, client, handler):
    mail = receive_mail(raw=eml("garbage.eml"), source=MailSource.SMTP).mail
    client.force_login(handler)
    response = client.get(reverse("admin:intake_inboundmail_original", args=[mail.pk]))
    assert response.status_code == 403  # the admin site is for administrators only
