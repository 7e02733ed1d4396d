"""The web form's pages: public, accessible, and free of inline code like every other page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from complaintdesk.intake.tests.webform import COMPLAIN, RECEIVED, VALID, send

pytestmark = pytest.mark.django_db

INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\sstyle\s*=", re.IGNORECASE)


def test_the_form_its_confirmation_and_the_privacy_notice_have_no_inline_code(client):
    pages = [client.get(COMPLAIN), client.get(reverse("webform:privacy"))]
    pages.append(send(client, {**VALID, "name": ""}))
    send(client)
    pages.append(client.get(RECEIVED))

    html = [page.content.decode() for page in pages]

    assert all("</main>" in page for page in html)
    assert [INLINE.findall(page) for page in html] == [[], [], [], []]


def test_every_field_has_a_label_and_the_groups_have_legends(client):
    html = client.get(COMPLAIN).content.decode()

    for field in ("name", "email", "phone", "description", "occurred_on", "attachments"):
        assert f'<label for="id_{field}"' in html
    assert html.count("<legend>") >= 6


def test_the_form_is_made_for_phone_screens(client):
    html = client.get(COMPLAIN).content.decode()

    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    assert 'enctype="multipart/form-data"' in html


def test_the_form_and_its_answers_are_never_cached(client):
    response = client.get(COMPLAIN)

    assert "no-store" in response["Cache-Control"]
