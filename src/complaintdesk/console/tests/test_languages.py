"""The console speaks the language the browser asks for, or the one chosen with the switcher."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from complaintdesk.complaints.models import Status
from tests.factories import complaint_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "translated"),
    [("es", "Reclamaciones"), ("fr", "Réclamations"), ("zh-hans", "投诉")],
)
def test_the_queue_follows_the_browsers_language(client, agent, language, translated):
    client.force_login(agent)

    response = client.get(reverse("console:queue"), headers={"Accept-Language": language})

    assert f"<h1>{translated}</h1>" in response.content.decode()


def test_the_action_buttons_come_from_the_table_in_the_chosen_language(client, agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    client.force_login(agent)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = client.get(reverse("console:complaint", args=[complaint.reference]))

    assert 'data-action="resolve">Résoudre</summary>' in response.content.decode()
