"""The dashboard page: charts drawn as inline SVG, each linking to the queue of the
complaints behind it, counted within the reader's scope."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import file

pytestmark = pytest.mark.django_db

NOVEMBER = {"period": "2026-11"}


def test_the_dashboard_draws_its_charts_as_inline_svg_without_scripts(
    client, november, quality_manager
):
    client.force_login(quality_manager)
    response = client.get(reverse("insights:dashboard"), NOVEMBER)
    page = response.content.decode()
    assert response.status_code == 200
    for chart in ("chart-volume", "chart-channels", "chart-categories", "chart-outcomes"):
        assert f'id="{chart}"' in page
    assert page.count("<svg") >= 5
    assert "<script>" not in page
    assert 'style="' not in page


def test_a_bar_of_a_chart_opens_the_queue_of_the_complaints_behind_it(
    client, november, quality_manager
):
    client.force_login(quality_manager)
    page = client.get(reverse("insights:dashboard"), NOVEMBER).content.decode()
    chart = page.split('id="chart-channels"', 1)[1].split("</figure>", 1)[0]
    email_link = next(
        unescape(href)
        for href in re.findall(r'<a href="([^"]+)"', chart)
        if "channel=email" in href
    )
    queue = client.get(email_link).content.decode()
    assert november["B"].reference in queue
    assert november["C"].reference in queue
    assert november["A"].reference not in queue


def test_the_queue_link_of_a_day_lists_only_that_days_complaints(client, november, quality_manager):
    client.force_login(quality_manager)
    queue = client.get(
        reverse("console:queue"),
        {"status": "all", "received_from": "2026-11-03", "received_to": "2026-11-03"},
    ).content.decode()
    assert november["B"].reference in queue
    assert november["C"].reference in queue
    assert november["A"].reference not in queue
    assert november["D"].reference not in queue


def test_a_department_handler_sees_only_their_department_on_the_dashboard(
    client, november, handler
):
    client.force_login(handler)
    page = client.get(reverse("insights:dashboard"), NOVEMBER).content.decode()
    assert 'id="kpi-received">4<' in page
    assert "Delivery" not in page.split('id="scorecards"', 1)[1]


def test_a_bad_month_is_named_and_the_default_period_shown(client, quality_manager):
    client.force_login(quality_manager)
    response = client.get(reverse("insights:dashboard"), {"period": "2026-13"})
    assert response.status_code == 400
    assert "YYYY-MM" in response.content.decode()


def test_a_customer_without_an_account_is_sent_to_sign_in(client):
    response = client.get(reverse("insights:dashboard"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_number_of_queries_does_not_grow_with_the_complaints(client, november, quality_manager):
    client.force_login(quality_manager)
    client.get(reverse("insights:dashboard"), NOVEMBER)
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("insights:dashboard"), NOVEMBER)
    for n in range(5):
        with time_machine.travel(datetime(2026, 11, 10 + n, 9, tzinfo=UTC), tick=False):
            file(email=f"more{n}@example.com", channel=["web", "email", "chat", "letter", "api"][n])
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("insights:dashboard"), NOVEMBER)
    assert len(after.captured_queries) == len(before.captured_queries) <= 40


def test_the_dashboard_speaks_the_readers_language(client, november, quality_manager):
    client.force_login(quality_manager)
    page = client.get(
        reverse("insights:dashboard"), NOVEMBER, headers={"accept-language": "zh-hans"}
    ).content.decode()
    assert "仪表板" in page
    assert "按渠道" in page


def test_a_start_before_the_year_2000_is_shown_as_wrong_on_the_page(client, quality_manager):
    client.force_login(quality_manager)

    response = client.get(reverse("insights:dashboard"), {"start": "0143-05-12"})

    assert (response.status_code, set(response.context["filters"].errors)) == (400, {"start"})
