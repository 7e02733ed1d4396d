from __future__ import annotations

import argparse
import math

from django.core.management.base import BaseCommand

from complaintdesk.jobs.worker import QUEUES, BackgroundWorker
from complaintdesk.operations.checks import assert_durable


def seconds(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a number of seconds") from None
    if not math.isfinite(value) or value < 0.1:
        raise argparse.ArgumentTypeError("must be at least 0.1 seconds")
    return value


class Command(BaseCommand):
    help = (
        f"Run the background worker: the queued tasks ({', '.join(QUEUES)}) and the periodic "
        "jobs. Start as many as you like; they never run one task twice. Stops cleanly on "
        "SIGINT or SIGTERM after the task in hand."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--interval",
            type=seconds,
            default=1.0,
            help="seconds to wait before looking again when the queues are empty (default 1)",
        )

    def handle(self, *args: object, interval: float, **options: object) -> None:
        assert_durable()
        BackgroundWorker(interval=interval).run()
