"""The API's per-token rate limit is counted in the database: every web server process and
machine counts against the same API_REQUESTS_PER_MINUTE, answered 429 with a Retry-After that
is long enough and no longer."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.test import Client

from complaintdesk.accounts.models import ApiRequestCount
from complaintdesk.accounts.request_rate import forget_old_request_counts, take
from complaintdesk.accounts.services import issue_token
from complaintdesk.accounts.tasks import forget_old_request_counts as cleanup_task
from complaintdesk.jobs.schedule import PERIODIC_JOBS
from tests.reliability.processes import ROOT, database_url, environment

pytestmark = pytest.mark.django_db

LIST = "/api/v1/complaints"
# Half a minute into a minute, so the sliding window's arithmetic is plain to read.
MID_MINUTE = datetime(2026, 11, 25, 10, 0, 30, tzinfo=UTC)


def token_client(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_two_web_servers_with_their_own_caches_hit_one_limit_together(agent, settings):
    # Two clients stand for two processes; each process's own cache is emptied between
    # requests, so only what the database holds can count them.
    settings.API_REQUESTS_PER_MINUTE = 4
    _token, raw = issue_token(user=agent, name="two servers")
    first, second = token_client(raw), token_client(raw)

    answers = []
    for client in (first, second, first, second, first):
        cache.clear()
        answers.append(client.get(LIST))

    assert [answer.status_code for answer in answers] == [200, 200, 200, 200, 429]
    assert int(answers[-1]["Retry-After"]) >= 1


def test_the_session_of_a_signed_in_browser_is_limited_too(agent, settings):
    settings.API_REQUESTS_PER_MINUTE = 2
    client = Client()
    client.force_login(agent)

    codes = [client.get(LIST).status_code for _ in range(3)]

    assert codes == [200, 200, 429]


def test_a_client_that_waits_as_long_as_it_is_told_gets_through(agent, settings):
    settings.API_REQUESTS_PER_MINUTE = 2
    _token, raw = issue_token(user=agent, name="patient")
    client = token_client(raw)
    with time_machine.travel(MID_MINUTE, tick=False) as clock:
        client.get(LIST)
        client.get(LIST)
        refused = client.get(LIST)
        clock.shift(int(refused["Retry-After"]) - 1)
        too_early = client.get(LIST)
        clock.shift(1)
        in_time = client.get(LIST)

    assert (refused.status_code, too_early.status_code, in_time.status_code) == (429, 429, 200)


def test_requests_just_before_the_turn_of_a_minute_still_count_just_after_it():
    key = "k" * 64
    with time_machine.travel(MID_MINUTE + timedelta(seconds=29), tick=False) as clock:
        allowed = [take(key, limit=3) for _ in range(3)]
        clock.shift(2)  # into the next minute: the last minute is still almost all in view

        refused = take(key, limit=3)

    assert (allowed, refused is not None) == ([None, None, None], True)


def test_a_refused_request_is_not_counted():
    key = "r" * 64
    with time_machine.travel(MID_MINUTE, tick=False):
        take(key, limit=1)
        for _ in range(5):
            take(key, limit=1)

    assert ApiRequestCount.objects.get(key=key).requests == 1


def test_the_hourly_job_forgets_the_minutes_no_limit_looks_at():
    for minutes_ago in (0, 1, 2, 90):
        with time_machine.travel(MID_MINUTE - timedelta(minutes=minutes_ago), tick=False):
            take("c" * 64, limit=10)

    with time_machine.travel(MID_MINUTE, tick=False):
        deleted = forget_old_request_counts()

    left = sorted(ApiRequestCount.objects.values_list("window_start", flat=True))
    assert (deleted, [MID_MINUTE - start for start in left]) == (
        2,
        [timedelta(seconds=90), timedelta(seconds=30)],
    )


def test_the_clean_up_is_a_periodic_job():
    job = next(job for job in PERIODIC_JOBS if job.task is cleanup_task)

    assert job.every <= timedelta(hours=1)


CHILD = """
import sys

import django

django.setup()
from django.test import Client

client = Client(headers={"Authorization": "Bearer " + sys.argv[1]})
print(" ".join(str(client.get("/api/v1/complaints").status_code) for _ in range(int(sys.argv[2]))))
"""


@pytest.mark.django_db(transaction=True)
def test_another_process_sharing_the_database_uses_up_the_same_limit(agent, settings, tmp_path):
    settings.API_REQUESTS_PER_MINUTE = 3
    _token, raw = issue_token(user=agent, name="shared")
    env = environment(data_dir=tmp_path, database=database_url(connection.settings_dict))
    env.update(
        SECRET_KEY=django_settings.SECRET_KEY,
        API_REQUESTS_PER_MINUTE="3",
        ALLOWED_HOSTS="testserver",
    )

    other = subprocess.run(  # noqa: S603 (this interpreter, our own script)
        [sys.executable, "-c", CHILD, raw, "2"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    here = [token_client(raw).get(LIST) for _ in range(2)]

    assert other.stdout.split() == ["200", "200"]
    assert [answer.status_code for answer in here] == [200, 429]
    assert int(here[-1]["Retry-After"]) >= 1


@pytest.mark.django_db(transaction=True)
def test_counting_a_request_leaves_the_connections_durability_as_it_was():
    # The count is committed without waiting for the disk; the complaint written next is not.
    key = "d" * 64
    take(key, limit=10)

    assert ApiRequestCount.objects.get(key=key).requests == 1
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 2  # FULL, as settings.py sets it
        else:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
