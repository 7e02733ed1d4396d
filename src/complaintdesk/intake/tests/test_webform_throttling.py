"""A flood from one address cannot fill the database: past the hourly limit the form answers 429
with a friendly page, and other customers are not affected."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from complaintdesk.complaints.models import Complaint
from complaintdesk.intake.tests.webform import send

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _two_an_hour(settings):
    settings.WEBFORM_SUBMISSIONS_PER_HOUR = 2


def from_address(address):
    return Client(REMOTE_ADDR=address)


def test_past_the_hourly_limit_the_form_answers_429_and_files_nothing():
    client = from_address("198.51.100.7")
    send(client)
    send(client)

    response = send(client)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert 'id="too-many"' in response.content.decode()
    assert Complaint.objects.count() == 2


def test_another_address_is_not_held_back():
    flooding = from_address("198.51.100.7")
    send(flooding)
    send(flooding)

    assert send(from_address("203.0.113.9")).status_code == 302


def test_an_hour_later_the_address_may_send_again():
    client = from_address("198.51.100.7")
    send(client)
    send(client)

    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        assert send(client).status_code == 302


def test_behind_a_trusted_proxy_the_address_it_saw_is_counted(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = from_address("10.0.0.2")
    for _ in range(2):
        send(proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert send(proxy, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    assert send(proxy, HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9").status_code == 302


def test_addresses_of_one_ipv6_network_count_as_one_client():
    send(from_address("2001:db8:1:2::1"))
    send(from_address("2001:db8:1:2:ffff::9"))

    assert send(from_address("2001:db8:1:2::77")).status_code == 429
    assert send(from_address("2001:db8:1:3::1")).status_code == 302
