"""What the web server answers when it cannot do the work now, instead of a 500 or a hang.

- The database does not answer (stopped, restarting, unreachable, locked past the busy
  timeout): 503 with Retry-After. Nothing was stored, the client may send the same request
  again (with its Idempotency-Key on the API). The next request opens a new connection, so the
  service comes back by itself when the database does. DB_CONNECT_TIMEOUT bounds the wait.
- The disk is full or the attachment store cannot be written: 507 with a message. The
  complaint's transaction rolled back and the files it staged were deleted (intake/attachments.py).
- Too many intake requests at once (a flood of complaints): IntakeLimiter answers the ones
  beyond INTAKE_MAX_IN_FLIGHT with 503 and Retry-After at once, so the web server's workers stay
  free for agents' pages.

An error raised inside a view reaches DatabaseUnavailable.process_exception; one raised by
another middleware (the session, the permission gate) reaches `server_error`, the handler500.
See docs/reliability.md, guarantees 2, 5 and 6.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger(__name__)

# Errors of the disk, not of the request: the same request may succeed once space is freed.
STORAGE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO}
API_PREFIX = "/api/"


def is_database_unavailable(exc: BaseException) -> bool:
    return isinstance(exc, (OperationalError, InterfaceError))


def is_storage_failure(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in STORAGE_ERRNOS


def _answer(request: HttpRequest, status: int, detail: str, retry_after: int) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith(API_PREFIX):
        response = JsonResponse({"detail": detail}, status=status)
    else:
        response = HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def database_unavailable(request: HttpRequest) -> HttpResponse:
    # Drop the broken connection now rather than at the end of the request.
    for connection in connections.all(initialized_only=True):
        connection.close_if_unusable_or_obsolete()
    return _answer(
        request,
        503,
        _("The service cannot reach its database just now; nothing was stored. Please try again."),
        settings.RETRY_AFTER_SECONDS,
    )


def storage_full(request: HttpRequest) -> HttpResponse:
    return _answer(
        request,
        507,
        _(
            "The service cannot store files just now (its storage is full or failing); "
            "nothing was stored. Please try again later."
        ),
        settings.RETRY_AFTER_SECONDS,
    )


def unavailable_answer(request: HttpRequest, exc: BaseException) -> HttpResponse | None:
    """503 or 507 for an error of the database or the disk; None for any other error."""
    if is_database_unavailable(exc):
        logger.error("database unavailable for %s %s: %s", request.method, request.path, exc)
        return database_unavailable(request)
    if is_storage_failure(exc):
        logger.error("storage failure for %s %s: %s", request.method, request.path, exc)
        return storage_full(request)
    return None


class DatabaseUnavailable:
    """Middleware: a view that met a database or disk failure answers 503 or 507."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return unavailable_answer(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the same 503 or 507 for an error raised outside any view (a middleware
    reading the session or the user), Django's own 500 page for anything else."""
    exc = sys.exc_info()[1]
    if exc is not None:
        answer = unavailable_answer(request, exc)
        if answer is not None:
            return answer
    return defaults.server_error(request)


class IntakeSlots:
    """INTAKE_MAX_IN_FLIGHT slots shared by every web server process of the installation: one
    lock file each under DATA_DIR/run, taken with flock. The kernel frees a slot when its
    process dies, even by SIGKILL, so a crash never leaves one taken."""

    def __init__(self, directory: Path, count: int) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.paths = [directory / f"intake-slot-{n}.lock" for n in range(count)]
        self.files: dict[int, int] = {}
        self.busy: set[int] = set()
        self.lock = threading.Lock()

    def _descriptor(self, slot: int) -> int:
        if slot not in self.files:
            self.files[slot] = os.open(self.paths[slot], os.O_RDWR | os.O_CREAT, 0o600)
        return self.files[slot]

    def take(self) -> int | None:
        """A free slot, or None at once if all are taken."""
        with self.lock:
            for slot in range(len(self.paths)):
                if slot in self.busy:
                    continue
                try:
                    fcntl.flock(self._descriptor(slot), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue
                self.busy.add(slot)
                return slot
        return None

    def give_back(self, slot: int) -> None:
        with self.lock:
            fcntl.flock(self.files[slot], fcntl.LOCK_UN)
            self.busy.discard(slot)


def slot_directory() -> Path:
    """One set of slots per database: the processes of one installation share it, and two
    installations (or test runs) beside each other in one data folder do not."""
    name = str(connections["default"].settings_dict["NAME"])
    key = hashlib.sha256(name.encode()).hexdigest()[:16]
    return Path(settings.DATA_DIR) / "run" / key


class IntakeLimiter:
    """Middleware: at most INTAKE_MAX_IN_FLIGHT intake requests (new complaints by the API,
    the signed intake endpoints or the web form) are worked on at once across all web server
    processes; one more is answered 503 with Retry-After at once, without waiting and without
    touching the database. Other requests (agents' pages, tracking pages, reads) are never
    held back, and with more web server processes than intake slots one is always free for
    them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.slots = IntakeSlots(slot_directory(), settings.INTAKE_MAX_IN_FLIGHT)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_intake(request):
            return self.get_response(request)
        slot = self.slots.take()
        if slot is None:
            logger.warning("intake full: shed %s %s", request.method, request.path)
            return _answer(
                request,
                503,
                _("Too many complaints are arriving at once; nothing was stored. Try again."),
                settings.RETRY_AFTER_SECONDS,
            )
        try:
            return self.get_response(request)
        finally:
            self.slots.give_back(slot)


INTAKE_PATHS = ("/api/v1/complaints", "/api/v1/intake/", "/complain/")


def is_intake(request: HttpRequest) -> bool:
    if request.method != "POST":
        return False
    path = request.path
    return path.rstrip("/") == INTAKE_PATHS[0] or path.startswith(INTAKE_PATHS[1:])
