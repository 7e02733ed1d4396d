"""The responsibility matrix in admin: one category per line with its departments; a row needs
exactly one responsible department and gives each department one role, with messages saying
what is wrong; the database holds the same rules."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from complaintdesk.routing.models import MatrixRole, ResponsibilityEntry
from tests.factories import CategoryFactory, file

pytestmark = pytest.mark.django_db

PREFIX = "responsibilities"


@pytest.fixture
def charges(db):
    return CategoryFactory(code="billing-and-charges", name="Billing and charges")


def post(client, category, *rows):
    data = {
        f"{PREFIX}-TOTAL_FORMS": str(len(rows)),
        f"{PREFIX}-INITIAL_FORMS": "0",
        f"{PREFIX}-MIN_NUM_FORMS": "0",
        f"{PREFIX}-MAX_NUM_FORMS": "1000",
    }
    for index, (department, role) in enumerate(rows):
        data[f"{PREFIX}-{index}-department"] = str(department.pk)
        data[f"{PREFIX}-{index}-role"] = role
        data[f"{PREFIX}-{index}-category"] = str(category.pk)
    url = reverse("admin:routing_matrixcategory_change", args=[category.pk])
    return client.post(url, data)


def errors_of(response):
    return " ".join(
        str(e) for e in response.context["inline_admin_formsets"][0].formset.non_form_errors()
    )


def test_an_administrator_sets_a_categorys_row_and_sees_it_in_the_list(
    client, admin_user, charges, billing, delivery, quality
):
    client.force_login(admin_user)

    response = post(
        client,
        charges,
        (billing, MatrixRole.RESPONSIBLE),
        (delivery, MatrixRole.CONSULTED),
        (quality, MatrixRole.INFORMED),
    )

    assert response.status_code == 302
    assert set(ResponsibilityEntry.objects.values_list("department__code", "role")) == {
        ("billing", "responsible"),
        ("delivery", "consulted"),
        ("quality", "informed"),
    }
    listing = client.get(reverse("admin:routing_matrixcategory_changelist")).content.decode()
    assert "Billing and charges" in listing
    assert "Quality and safety" in listing


def test_a_row_without_a_responsible_department_is_refused_with_the_reason(
    client, admin_user, charges, delivery
):
    client.force_login(admin_user)

    response = post(client, charges, (delivery, MatrixRole.CONSULTED))

    assert response.status_code == 200
    assert "Name exactly one responsible department" in errors_of(response)
    assert not ResponsibilityEntry.objects.exists()


def test_two_responsible_departments_are_refused_naming_both(
    client, admin_user, charges, billing, delivery
):
    client.force_login(admin_user)

    response = post(
        client, charges, (billing, MatrixRole.RESPONSIBLE), (delivery, MatrixRole.RESPONSIBLE)
    )

    assert "not 2: Billing, Delivery" in errors_of(response)
    assert not ResponsibilityEntry.objects.exists()


def test_a_department_both_responsible_and_consulted_is_refused(
    client, admin_user, charges, billing
):
    client.force_login(admin_user)

    response = post(
        client, charges, (billing, MatrixRole.RESPONSIBLE), (billing, MatrixRole.CONSULTED)
    )

    assert "Billing is named more than once (Responsible, Consulted)" in errors_of(response)
    assert not ResponsibilityEntry.objects.exists()


def test_categories_are_neither_added_nor_deleted_from_the_matrix(client, admin_user, charges):
    client.force_login(admin_user)

    add = client.get(reverse("admin:routing_matrixcategory_add"))
    delete = client.get(reverse("admin:routing_matrixcategory_delete", args=[charges.pk]))

    assert (add.status_code, delete.status_code) == (403, 403)


def test_the_database_holds_one_responsible_department_per_category(charges, billing, delivery):
    ResponsibilityEntry.objects.create(category=charges, department=billing, role="responsible")
    second = ResponsibilityEntry(category=charges, department=delivery, role="responsible")

    with pytest.raises(ValidationError) as refused:
        second.full_clean()

    assert "exactly one responsible department" in str(refused.value)


def test_the_database_holds_one_role_per_department_and_category(charges, billing):
    ResponsibilityEntry.objects.create(category=charges, department=billing, role="responsible")
    again = ResponsibilityEntry(category=charges, department=billing, role="consulted")

    with pytest.raises(ValidationError) as refused:
        again.full_clean()

    assert "cannot be, say, both responsible and consulted" in str(refused.value)


def test_trying_a_rule_that_gives_way_to_the_matrix_shows_the_matrix_deciding(
    client, admin_user, charges, billing, delivery
):
    ResponsibilityEntry.objects.create(category=charges, department=billing, role="responsible")
    complaint = file()
    client.force_login(admin_user)
    form = {
        "name": "Charges to delivery",
        "position": "10",
        "active": "on",
        "department": str(delivery.pk),
        "categories": [str(charges.pk)],
        "sample": complaint.reference,
        "_try": "1",
    }

    response = client.post(reverse("admin:routing_routingrule_add"), form)

    trial = response.context["adminform"].form.trial
    assert trial.met is True
    assert (trial.decided_by, trial.department) == (
        "the responsibility matrix of Billing and charges",
        "Billing",
    )
