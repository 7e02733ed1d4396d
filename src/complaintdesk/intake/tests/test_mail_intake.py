"""A received e-mail opens a complaint once, completely, in one transaction; automatic mail
opens nothing; nothing that arrives is lost."""

from __future__ import annotations

import threading
from unittest import mock

import pytest
from django.db import OperationalError, connection

from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Channel, Complaint, Direction, Message
from complaintdesk.intake import attachments
from complaintdesk.intake.mail import services
from complaintdesk.intake.mail.services import receive_mail
from complaintdesk.intake.models import InboundMail, MailSource, MailStatus
from tests.mail.samples import eml


def receive(name: str, **values: str):
    return receive_mail(raw=eml(name, **values), source=MailSource.SMTP)


def test_a_new_mail_opens_one_complaint_from_its_sender(db):
    mail = receive("multipart_alternative.eml").mail
    complaint = Complaint.objects.get()
    assert mail.status == MailStatus.FILED
    assert mail.complaint == complaint
    assert complaint.channel == Channel.EMAIL
    assert (complaint.customer.name, complaint.customer.email) == (
        "Claire Martin",
        "claire.martin@example.fr",
    )
    assert complaint.subject == "Commande 4471 : lave-linge livré cassé"
    assert complaint.description.startswith("Bonjour,\n\nLe lave-linge livré")


def test_the_new_complaint_is_acknowledged_to_the_sender_in_their_language(db):
    receive("multipart_alternative.eml")
    complaint = Complaint.objects.get()
    acknowledgement = complaint.messages.get(direction=Direction.OUTBOUND)
    assert complaint.language == "fr"
    assert complaint.reference in acknowledgement.subject


def test_the_message_is_kept_whole_as_received_with_its_id(db):
    raw = eml("gbk_subject_and_body.eml")
    mail = receive_mail(raw=raw, source=MailSource.SMTP).mail
    mail.refresh_from_db()
    assert bytes(mail.raw) == raw
    assert mail.message_id == "<202511051003110817745@example.cn>"
    assert (mail.size, mail.charsets) == (len(raw), "gb2312→gb18030")


def test_gbk_mail_opens_a_complaint_with_its_chinese_text_exact(db):
    receive("gbk_subject_and_body.eml")
    complaint = Complaint.objects.get()
    assert complaint.subject == "投诉：电饭煲内胆破裂（朱镕基路门店）"
    assert "朱镕基路的门店也不处理" in complaint.description
    assert complaint.customer.name == "张喆"


def test_the_same_message_delivered_twice_is_stored_once(db):
    first = receive("multipart_alternative.eml")
    second = receive("multipart_alternative.eml")
    assert (first.duplicate, second.duplicate) == (False, True)
    assert second.mail.pk == first.mail.pk
    assert Complaint.objects.count() == 1
    assert InboundMail.objects.count() == 1


def test_a_different_message_reusing_a_message_id_is_not_taken_for_a_duplicate(db):
    receive("multipart_alternative.eml")
    other = eml("big5.eml").replace(
        b"<big5-0004@example.com.tw>", b"<5f2a9c1e-3b7d-4e61-9d2a-alt-0001@example.fr>"
    )
    delivery = receive_mail(raw=other, source=MailSource.SMTP)
    assert not delivery.duplicate
    assert Complaint.objects.count() == 2


@pytest.mark.parametrize(
    "name", ["auto_reply_out_of_office.eml", "bounce_delivery_status.eml", "mailing_list.eml"]
)
def test_automatic_mail_opens_nothing_and_is_recorded_as_ignored(db, name):
    mail = receive(name).mail
    assert mail.status == MailStatus.IGNORED_AUTO
    assert mail.reason
    assert not Complaint.objects.exists()
    assert not Message.objects.exists()


def test_a_bounce_with_an_empty_envelope_sender_opens_nothing(db):
    raw = eml("mislabelled_utf8_as_ascii.eml")
    mail = receive_mail(raw=raw, source=MailSource.SMTP, envelope_sender="").mail
    assert mail.status == MailStatus.IGNORED_AUTO
    assert not Complaint.objects.exists()


def test_an_unreadable_message_is_quarantined_whole_with_the_reason(db):
    raw = eml("garbage.eml")
    mail = receive_mail(raw=raw, source=MailSource.SMTP).mail
    mail.refresh_from_db()
    assert mail.status == MailStatus.QUARANTINED
    assert "no sender address" in mail.error
    assert bytes(mail.raw) == raw
    assert not Complaint.objects.exists()


def test_a_fault_while_filing_quarantines_the_mail_and_leaves_no_half_complaint(db):
    with mock.patch.object(attachments, "stage_content", side_effect=OSError("disk full")):
        mail = receive("forwarded_with_attachments.eml").mail
    assert mail.status == MailStatus.QUARANTINED
    assert "disk full" in mail.error
    assert not Complaint.objects.exists()
    assert not Event.objects.filter(action="complaint.received").exists()


def test_one_bad_message_does_not_stop_the_next(db):
    with mock.patch.object(services, "file_complaint", side_effect=RuntimeError("bug")):
        receive("big5.eml")
    receive("multipart_alternative.eml")
    assert list(InboundMail.objects.order_by("id").values_list("status", flat=True)) == [
        MailStatus.QUARANTINED,
        MailStatus.FILED,
    ]


def test_a_database_failure_stores_nothing_and_is_raised_so_the_sender_retries(db):
    with (
        mock.patch.object(services, "parse_mail", side_effect=OperationalError("gone")),
        pytest.raises(OperationalError),
    ):
        receive("big5.eml")
    assert not InboundMail.objects.exists()


def test_attachments_are_stored_by_content_with_safe_names(
    db, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        receive("forwarded_with_attachments.eml")
    complaint = Complaint.objects.get()
    files = list(complaint.attachments.order_by("id"))
    assert [f.filename for f in files] == [
        "cracked jug — photo.jpg",
        "passwd.txt",
        "invoice-9034.pdf",
    ]
    photo = files[0]
    path = settings.ATTACHMENTS_DIR / photo.sha256[:2] / photo.sha256[2:4] / photo.sha256
    assert path.read_bytes().startswith(b"\xff\xd8\xff")
    assert (photo.content_type, photo.size) == ("image/jpeg", path.stat().st_size)


def test_a_program_disguised_as_a_pdf_is_refused_and_the_rest_is_kept(db):
    mail = receive("exe_disguised_as_pdf.eml").mail
    complaint = Complaint.objects.get()
    assert [f.filename for f in complaint.attachments.all()] == ["receipt.pdf"]
    assert "invoice.pdf" in mail.reason
    refusal = Event.objects.get(action="attachment.refused")
    assert refusal.complaint == complaint
    assert "program" in refusal.note


def test_a_file_over_the_size_limit_is_refused_and_the_complaint_kept(db, settings):
    settings.ATTACHMENT_MAX_BYTES = 80
    mail = receive("forwarded_with_attachments.eml").mail
    names = set(Complaint.objects.get().attachments.values_list("filename", flat=True))
    assert names == {"passwd.txt", "invoice-9034.pdf"}
    assert "cracked jug — photo.jpg: it is larger than" in mail.reason


def test_an_html_only_mail_is_filed_as_safe_text(db):
    receive("html_only_with_script_and_remote_image.eml")
    description = Complaint.objects.get().description
    assert "It nearly burnt my hand!" in description
    assert "<" not in description.replace("<https://", "")
    assert "alert" not in description


def test_without_a_declared_language_the_detector_decides(db):
    receive("gbk_subject_and_body.eml")
    assert Complaint.objects.get().language == "zh-hans"


def test_a_text_whose_language_cannot_be_told_is_taken_as_english(db):
    with mock.patch.object(services, "detect_language", return_value=""):
        receive("big5.eml")
    assert Complaint.objects.get().language == "en"


def test_two_deliveries_of_one_message_at_the_same_moment_open_one_complaint(transactional_db):
    both_checked = threading.Barrier(2, timeout=10)
    real_stored = services._stored
    calls = 0

    def stored_then_wait(key):
        nonlocal calls
        found = real_stored(key)
        calls += 1
        if calls <= 2:
            both_checked.wait()  # both have looked and found nothing
        return found

    results = []

    def deliver():
        try:
            results.append(receive("big5.eml"))
        finally:
            connection.close()

    with mock.patch.object(services, "_stored", stored_then_wait):
        threads = [threading.Thread(target=deliver) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert sorted(r.duplicate for r in results) == [False, True]
    assert Complaint.objects.count() == 1
    assert InboundMail.objects.count() == 1
