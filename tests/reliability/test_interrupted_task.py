"""Guarantee 4, worker failure: a real worker is SIGKILLed halfway through a task, and the next
worker started on this machine runs that task again at once and finishes it."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
from django.db import connection, connections
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.reliability.processes import (
    Process,
    assert_test_database,
    database_url,
    environment,
)
from tests.reliability.stalling_tasks import stall_the_first_time

WAIT_SECONDS = 60
WORKER = ["-m", "complaintdesk.cli", "worker", "--interval=0.2"]


def wait_for(condition, what: str, process: Process) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if process.popen.poll() is not None:
            raise AssertionError(f"{process.name} exited early:\n{process.stderr}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen in {WAIT_SECONDS} s:\n{process.stderr}")
        time.sleep(0.1)


def status_of(result_id) -> str:
    status = DBTaskResult.objects.get(pk=result_id).status
    connections.close_all()
    return status


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_worker_was_killed_halfway_is_run_again_by_the_next_worker(tmp_path: Path):
    assert_test_database()
    marker = tmp_path / "started"
    queued = stall_the_first_time.enqueue(str(marker))
    env = environment(data_dir=tmp_path / "data", database=database_url(connection.settings_dict))
    connections.close_all()

    first = Process("worker-1", WORKER, env=env, logs=tmp_path)
    try:
        wait_for(marker.exists, "the first worker starting the task", first)
        first.popen.send_signal(signal.SIGKILL)
        first.popen.wait()
    finally:
        first.stop()
    assert status_of(queued.id) == TaskResultStatus.RUNNING

    second = Process("worker-2", WORKER, env=env, logs=tmp_path)
    try:
        wait_for(
            lambda: status_of(queued.id) == TaskResultStatus.SUCCESSFUL,
            "the second worker finishing the task",
            second,
        )
    finally:
        second.stop()
    row = DBTaskResult.objects.get(pk=queued.id)
    assert row.return_value == "finished"
    assert len(row.worker_ids) == 2
