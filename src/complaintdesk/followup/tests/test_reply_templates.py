"""Reply templates per category and language, with placeholders, inserted into the console's
reply box (htmx) and listed through the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from complaintdesk.complaints.models import Status
from complaintdesk.followup.models import ReplyTemplate
from tests.factories import CategoryFactory, complaint_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def triaged(agent, billing):
    return complaint_in(Status.TRIAGED, actor=agent, department=billing, name="Dana Customer")


def test_templates_are_seeded_in_every_language():
    languages = set(ReplyTemplate.objects.values_list("language", flat=True))

    assert languages == {"en", "es", "fr", "zh-hans"}


def test_the_console_inserts_a_template_with_its_placeholders_filled(client, agent, triaged):
    template = ReplyTemplate.objects.get(language="en", title="We are looking into it")
    client.force_login(agent)

    response = client.get(
        reverse("followup:reply_template", args=[triaged.reference]),
        {"template-id": template.pk},
        HTTP_HX_REQUEST="true",
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_reply-body"' in text
    assert "Dear Dana Customer," in text
    assert triaged.reference in text
    assert "{due_date}" not in text


def test_the_reply_box_offers_the_templates_of_the_complaints_language(client, agent, billing):
    complaint = complaint_in(Status.TRIAGED, actor=agent, department=billing, language="fr")
    client.force_login(agent)

    page = client.get(reverse("console:complaint", args=[complaint.reference])).content.decode()

    assert 'id="id_template-id"' in page
    assert "Nous examinons votre réclamation" in page
    assert "We are looking into it" not in page


def test_a_template_of_another_category_is_not_offered(client, agent, triaged):
    other = CategoryFactory(code="delivery", name="Delivery")
    ReplyTemplate.objects.create(
        title="Parcel lost", category=other, language="en", body="Dear {customer_name},"
    )
    own = ReplyTemplate.objects.create(
        title="Double charge", category=triaged.category, language="en", body="Ref {reference}"
    )
    client.force_login(agent)

    listed = client.get(f"/api/v1/complaints/{triaged.reference}/reply-templates").json()

    titles = {t["title"] for t in listed}
    assert "Double charge" in titles
    assert "Parcel lost" not in titles
    assert next(t for t in listed if t["id"] == own.pk)["text"] == f"Ref {triaged.reference}"


def test_a_template_the_complaint_may_not_use_is_refused(client, agent, triaged):
    spanish = ReplyTemplate.objects.filter(language="es").first()
    client.force_login(agent)

    response = client.get(
        reverse("followup:reply_template", args=[triaged.reference]),
        {"template-id": spanish.pk},
    )

    assert response.status_code == 404
    assert b"template-id" in response.content


def test_an_unknown_placeholder_is_refused_by_name():
    template = ReplyTemplate(title="Oops", language="en", body="Dear {customer}, {reference}")

    with pytest.raises(ValidationError) as refused:
        template.full_clean()

    assert "{customer}" in str(refused.value)


def test_an_auditor_may_not_fill_reply_templates(client, auditor, triaged):
    client.force_login(auditor)

    response = client.get(f"/api/v1/complaints/{triaged.reference}/reply-templates")

    assert response.status_code == 403
