"""Signing in and out of the console."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_queue_sends_an_anonymous_visitor_to_the_sign_in_page(client):
    response = client.get(reverse("console:queue"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:login"))


def test_a_complaint_page_sends_an_anonymous_visitor_to_the_sign_in_page(client):
    response = client.get(reverse("console:complaint", args=["CD-0000-0000"]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:login"))


def test_the_sign_in_form_has_stable_ids_and_labelled_fields(client):
    html = client.get(reverse("console:login")).content.decode()

    assert 'id="login-form"' in html
    assert 'id="login-submit"' in html
    assert '<label for="id_username"' in html
    assert '<label for="id_password"' in html


def test_signing_in_leads_to_the_queue(client, agent):
    response = client.post(
        reverse("console:login"), {"username": "alice", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("console:queue")
    assert response.context["user"] == agent


def test_a_wrong_password_is_refused_with_a_message(client, agent):
    response = client.post(reverse("console:login"), {"username": "alice", "password": "nope"})

    assert response.status_code == 200
    assert 'id="login-error"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signing_out_is_a_post(client, agent):
    client.force_login(agent)

    assert client.get(reverse("console:logout")).status_code == 405
    client.post(reverse("console:logout"))
    assert "_auth_user_id" not in client.session
