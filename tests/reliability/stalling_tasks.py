"""Tasks the reliability tests queue for a real worker process to run."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.tasks import task

STALL_SECONDS = 120


@task()
def stall_the_first_time(marker: str) -> str:
    """The first run writes `marker` and hangs (long enough to be killed); any later run sees
    the marker and finishes at once."""
    path = Path(marker)
    if path.exists():
        return "finished"
    path.write_text(str(os.getpid()))
    time.sleep(STALL_SECONDS)
    return "woke up"
