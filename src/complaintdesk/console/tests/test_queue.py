"""The queue: only what is in the user's scope, filtered, sorted and paged."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaintdesk.complaints.models import Status
from complaintdesk.complaints.services import update_complaint
from tests.factories import complaint_in, file

pytestmark = pytest.mark.django_db

QUEUE = reverse("console:queue")


def references(response):
    return [c.reference for c in response.context["page"].object_list]


def test_an_outsider_sees_nothing_of_billings_complaints(client, outsider, agent, billing):
    complaint_in(Status.TRIAGED, actor=agent, department=billing)
    client.force_login(outsider)

    response = client.get(QUEUE)

    assert response.status_code == 200
    assert references(response) == []
    assert 'id="queue-empty"' in response.content.decode()


def test_an_agent_sees_their_departments_and_unrouted_complaints(client, agent, billing):
    routed = complaint_in(Status.TRIAGED, actor=agent, department=billing)
    unrouted = file(subject="Rude driver")
    client.force_login(agent)

    assert set(references(client.get(QUEUE))) == {routed.reference, unrouted.reference}


def test_the_queue_shows_the_total_count(client, agent):
    for n in range(3):
        file(subject=f"Complaint {n}")
    client.force_login(agent)

    response = client.get(QUEUE)

    assert 'data-total="3"' in response.content.decode()


def test_filtering_by_status_shows_only_that_status(client, agent, billing):
    triaged = complaint_in(Status.TRIAGED, actor=agent, department=billing)
    file(subject="Still acknowledged")
    client.force_login(agent)

    assert references(client.get(QUEUE, {"status": "triaged"})) == [triaged.reference]


def test_closed_complaints_are_left_out_unless_asked_for(client, agent, billing):
    closed = complaint_in(Status.CLOSED, actor=agent, department=billing)
    client.force_login(agent)

    assert closed.reference not in references(client.get(QUEUE))
    assert closed.reference in references(client.get(QUEUE, {"status": "all"}))


def test_mine_shows_only_the_complaints_the_user_owns(client, agent, handler, billing):
    mine, other = file(subject="Mine"), file(subject="Not mine")
    for complaint, owner in ((mine, agent), (other, handler)):
        update_complaint(
            complaint=complaint,
            actor=agent,
            expected_version=None,
            fields={"owner": owner},
            note="Shared out the new complaints.",
        )
    client.force_login(agent)

    assert references(client.get(QUEUE, {"owner": "mine"})) == [mine.reference]


def test_the_free_text_search_finds_a_customer_by_name(client, agent):
    wanted = file(name="Zoë Quist", email="zoe@example.com")
    file(name="Someone Else", email="else@example.com")
    client.force_login(agent)

    assert references(client.get(QUEUE, {"q": "quist"})) == [wanted.reference]


def test_filtering_by_channel_and_abnormal(client, agent):
    phone = file(channel="phone")
    file(channel="api")
    client.force_login(agent)

    assert references(client.get(QUEUE, {"channel": "phone"})) == [phone.reference]
    assert references(client.get(QUEUE, {"abnormal": "yes"})) == []


def test_sorting_oldest_first_reverses_newest_first(client, agent):
    first, second = file(subject="First"), file(subject="Second")
    client.force_login(agent)

    assert references(client.get(QUEUE, {"sort": "-received"})) == [
        second.reference,
        first.reference,
    ]
    assert references(client.get(QUEUE, {"sort": "received"})) == [
        first.reference,
        second.reference,
    ]


def test_an_unknown_filter_value_is_named_next_to_its_field(client, agent):
    client.force_login(agent)

    response = client.get(QUEUE, {"priority": "p9"})

    assert response.status_code == 400
    assert response.context["filters"].errors["priority"]
    assert 'id="id_priority_error"' in response.content.decode()


def test_htmx_gets_only_the_results(client, agent):
    file()
    client.force_login(agent)

    response = client.get(QUEUE, headers={"HX-Request": "true", "HX-Target": "queue-results"})

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="queue-results"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_the_queue_pages_through_many_complaints(client, agent):
    for n in range(27):
        file(subject=f"Complaint {n}")
    client.force_login(agent)

    second = client.get(QUEUE, {"page": 2})

    assert len(references(second)) == 2
    assert 'data-total="27"' in second.content.decode()


def test_the_number_of_queries_does_not_grow_with_the_rows(
    client, agent, billing, django_assert_max_num_queries
):
    complaint_in(Status.TRIAGED, actor=agent, department=billing)
    client.force_login(agent)
    with CaptureQueriesContext(connection) as few_rows:
        client.get(QUEUE)
    for n in range(8):
        complaint_in(Status.TRIAGED, actor=agent, department=billing, subject=f"Another {n}")

    with django_assert_max_num_queries(len(few_rows)):
        response = client.get(QUEUE)
    assert len(references(response)) == 9
