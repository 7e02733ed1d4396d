"""Reading MIME as it really arrives: every corpus shape gives the right sender, subject and
text, in the right charset, with its files, and machines are told from people."""

from __future__ import annotations

import pytest

from complaintdesk.intake.mail.attachments import refusal_reason, safe_filename
from complaintdesk.intake.mail.charsets import decode_header_value, decode_text
from complaintdesk.intake.mail.parsing import UnreadableMail, identity_of, parse_mail
from tests.mail.samples import eml


def test_multipart_alternative_is_read_from_its_plain_text_part():
    mail = parse_mail(eml("multipart_alternative.eml"))
    assert mail.text.startswith("Bonjour,\n\nLe lave-linge livré le 31 octobre")
    assert "HTML VERSION" not in mail.text


def test_encoded_headers_give_the_senders_name_address_and_subject():
    mail = parse_mail(eml("multipart_alternative.eml"))
    assert (mail.sender_name, mail.sender) == ("Claire Martin", "claire.martin@example.fr")
    assert mail.subject == "Commande 4471 : lave-linge livré cassé"


def test_the_declared_content_language_is_kept():
    assert parse_mail(eml("multipart_alternative.eml")).language == "fr"


def test_html_only_mail_is_reduced_to_its_text_without_scripts_or_styles():
    mail = parse_mail(eml("html_only_with_script_and_remote_image.eml"))
    assert "it leaks from the base. It nearly burnt my hand!" in mail.text
    assert "Please refund me." in mail.text
    for unsafe in ("document.cookie", "alert", "<script", "font-family", "onclick"):
        assert unsafe not in mail.text


def test_remote_images_in_html_become_their_description_and_are_never_linked():
    mail = parse_mail(eml("html_only_with_script_and_remote_image.eml"))
    assert "[photo of the kettle]" in mail.text
    assert "tracker.example" not in mail.text
    assert "cdn.example" not in mail.text


def test_gb2312_labelled_gbk_text_is_read_whole_in_subject_name_and_body():
    mail = parse_mail(eml("gbk_subject_and_body.eml"))
    assert mail.subject == "投诉：电饭煲内胆破裂（朱镕基路门店）"
    assert mail.sender_name == "张喆"
    assert "请尽快为我更换。朱镕基路的门店也不处理。" in mail.text
    assert mail.charsets == ["gb2312→gb18030"]


def test_big5_text_is_read():
    mail = parse_mail(eml("big5.eml"))
    assert mail.subject == "吹風機冒煙"
    assert mail.sender_name == "陳大文"
    assert "我上週購買的吹風機冒煙了" in mail.text


def test_iso_8859_1_labelled_windows_1252_keeps_euro_sign_and_curly_quotes():
    mail = parse_mail(eml("windows_1252_labelled_latin1.eml"))
    assert "I was charged €149.90 twice – the “premium” plan" in mail.text
    assert mail.subject == "Double débit – €149,90"


def test_raw_eight_bit_header_is_read_in_the_closest_charset():
    assert parse_mail(eml("windows_1252_labelled_latin1.eml")).sender_name == "Benoît Lefèvre"


def test_utf8_text_labelled_us_ascii_is_read_as_utf8():
    mail = parse_mail(eml("mislabelled_utf8_as_ascii.eml"))
    assert mail.text == "Hola, el pedido 5521 no llegó y nadie me contestó. ¿Dónde está?"


def test_text_in_no_charset_it_could_be_is_still_kept_with_replacements():
    text, codec = decode_text(b"caf\xe9 \x81\x8d\x8f\x90\x9d", "x-unknown-charset")
    assert text.startswith("caf")
    assert codec


def test_a_malformed_encoded_word_is_kept_as_written():
    assert decode_header_value("=?utf-8?B?not base64!?= tail") != ""


def test_forwarded_mail_keeps_its_text_and_the_files_of_both_messages():
    mail = parse_mail(eml("forwarded_with_attachments.eml"))
    assert "arrived with a cracked jug" in mail.text
    assert "Subject: Your order 9034 has shipped" in mail.text
    assert "Your order 9034 (blender, 1 unit) has shipped." in mail.text
    assert [p.filename for p in mail.parts] == [
        "cracked jug — photo.jpg",
        "../../etc/passwd.txt",
        "invoice-9034.pdf",
    ]


def test_an_inline_image_of_an_html_mail_is_kept_as_a_file():
    mail = parse_mail(eml("html_with_inline_image.eml"))
    assert "The table top is deeply scratched" in mail.text
    (image,) = mail.parts
    assert (image.content_type, image.inline) == ("image/png", True)
    assert image.data.startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("auto_reply_out_of_office.eml", "Auto-Submitted: auto-replied"),
        ("bounce_delivery_status.eml", "Auto-Submitted: auto-replied"),
        ("mailing_list.eml", "Precedence: list"),
    ],
)
def test_automatic_mail_is_recognised(name, reason):
    assert parse_mail(eml(name)).automatic == reason


def test_a_delivery_report_without_auto_headers_is_still_recognised():
    raw = eml("bounce_delivery_status.eml").replace(b"Auto-Submitted: auto-replied\r\n", b"")
    raw = raw.replace(b"Return-Path: <>\r\n", b"")
    assert parse_mail(raw).automatic.startswith("delivery or read report")


def test_an_empty_envelope_sender_marks_a_bounce():
    raw = eml("mislabelled_utf8_as_ascii.eml")
    assert parse_mail(raw, envelope_sender="").automatic == "empty envelope sender (a bounce)"


def test_a_person_writing_auto_submitted_no_is_not_automatic():
    raw = b"Auto-Submitted: no\r\n" + eml("mislabelled_utf8_as_ascii.eml")
    assert parse_mail(raw).automatic == ""


def test_mail_without_a_sender_address_is_unreadable():
    with pytest.raises(UnreadableMail, match="no sender address"):
        parse_mail(eml("garbage.eml"))


def test_mail_without_a_message_id_is_identified_by_its_content():
    raw = eml("mislabelled_utf8_as_ascii.eml").replace(
        b"Message-ID: <mislabelled-0006@example.es>\r\n", b""
    )
    assert identity_of(raw) == identity_of(raw)
    assert identity_of(raw).message_id.startswith("<sha256.")
    assert identity_of(raw + b"x").dedupe_key != identity_of(raw).dedupe_key


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\x\\report.pdf", "report.pdf"),
        ("..", "attachment.pdf"),
        ("in\x00voice\r\n.pdf", "in_voice__.pdf"),
        (None, "attachment.pdf"),
        ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
    ],
)
def test_file_names_are_made_safe(given, kept):
    assert safe_filename(given, "application/pdf") == kept


def test_a_program_is_refused_by_its_content_whatever_its_name():
    (program, pdf) = parse_mail(eml("exe_disguised_as_pdf.eml")).parts
    assert program.filename == "invoice.pdf"
    assert "program" in refusal_reason(program.data, program.content_type)
    assert refusal_reason(pdf.data, pdf.content_type) == ""


@pytest.mark.parametrize(
    "content",
    [
        b"#!/bin/sh\nrm -rf /\n",
        b"\xef\xbb\xbf@ECHO OFF\r\ndel *.*\r\n",
        b"<html><body><script>steal()</script></body></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>',
        b"\x7fELF\x02\x01\x01",
    ],
)
def test_scripts_and_programs_are_refused(content):
    assert refusal_reason(content, "application/octet-stream") != ""


def test_ordinary_documents_are_accepted():
    for content in (b"%PDF-1.7\n", b"\xff\xd8\xff\xe0JFIF", b"PK\x03\x04", b"Plain text notes"):
        assert refusal_reason(content, "application/octet-stream") == ""
