from __future__ import annotations

from django.urls import reverse


def test_the_rule_test_box_shows_what_a_sample_text_gets(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:triage_rule_try"), {"text": "My lawyer will hear about this", "language": ""}
    )
    assert response.status_code == 200
    assert "legal_threat" in response.content.decode()


def test_the_rule_test_box_is_for_staff_only(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("admin:triage_rule_try"))
    assert response.status_code == 403  # the admin site is for administrators only
