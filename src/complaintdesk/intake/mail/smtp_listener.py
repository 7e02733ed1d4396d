"""`complaintdesk smtpd`: an SMTP server the company's mail server relays the complaints
address to. A message is answered 250 only once it is committed; if it cannot be stored now
(the database is down) the answer is 451, so the sending server keeps it and tries again."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session
from django.conf import settings
from django.db import close_old_connections, connections

from complaintdesk.intake.mail.services import receive_mail
from complaintdesk.intake.models import MailSource

logger = logging.getLogger(__name__)
# How long a stopping listener lets messages being stored finish and be answered.
DRAIN_SECONDS = 30


def _close_connections(every_worker: threading.Barrier) -> None:
    # Held at the barrier, each worker thread takes exactly one of these calls.
    with contextlib.suppress(threading.BrokenBarrierError):
        every_worker.wait(timeout=DRAIN_SECONDS)
    connections.close_all()


def _store(raw: bytes, mail_from: str, rcpt_tos: list[str]) -> str:
    """Runs in a worker thread, which owns its database connection."""
    close_old_connections()
    try:
        delivery = receive_mail(
            raw=raw, source=MailSource.SMTP, envelope_sender=mail_from, recipients=rcpt_tos
        )
    finally:
        close_old_connections()
    if delivery.duplicate:
        return f"250 2.0.0 Already received as #{delivery.mail.pk}"
    return f"250 2.0.0 Stored as #{delivery.mail.pk}"


class IntakeHandler:
    """aiosmtpd hooks: any recipient is accepted (the relaying server decides what reaches
    us); each message is stored in a worker thread so the event loop never blocks."""

    def __init__(self, executor: ThreadPoolExecutor) -> None:
        self.executor = executor
        self.storing = 0

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list
    ) -> str:
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        self.storing += 1
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(
                self.executor, _store, bytes(raw), envelope.mail_from or "", envelope.rcpt_tos
            )
        except Exception:
            logger.exception("could not store a message from %s", envelope.mail_from)
            return "451 4.3.0 Cannot store the message now; please try again later"
        finally:
            self.storing -= 1


class MailListener:
    """One listening socket and its sessions, run by `serve()` until `stop()`."""

    def __init__(self, host: str, port: int, *, workers: int = 4) -> None:
        self.host = host
        self.port = port
        self.workers = workers
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="smtp-store")
        self.handler = IntakeHandler(self.executor)
        self.sessions: set[SMTP] = set()
        self.hostname = socket.gethostname()
        self.ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None

    def _new_session(self) -> SMTP:
        session = _TrackedSMTP(
            self.handler,
            data_size_limit=settings.INTAKE_MAIL_MAX_BYTES,
            enable_SMTPUTF8=True,
            # Named once here: left to aiosmtpd, every connection would look its name up.
            hostname=self.hostname,
            ident="Complaintdesk",
        )
        session.sessions = self.sessions
        return session

    async def serve(self, *, handle_signals: bool = False) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        if handle_signals:
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._loop.add_signal_handler(signum, self._stopping.set)
        server = await self._loop.create_server(self._new_session, self.host, self.port)
        self.port = server.sockets[0].getsockname()[1]
        logger.info("listening for mail on %s:%s", self.host, self.port)
        self.ready.set()
        try:
            await self._stopping.wait()
        finally:
            logger.info("stopping: no new connections; finishing messages being stored")
            server.close()
            for _tick in range(DRAIN_SECONDS * 10):
                if not self.handler.storing:
                    break
                await asyncio.sleep(0.1)
            for session in list(self.sessions):
                if session.transport is not None:
                    session.transport.close()
            await asyncio.sleep(0)
            await server.wait_closed()
            # A store still running finishes its commit; its sender never got 250 and will
            # send again, which the Message-ID makes harmless.
            every_worker = threading.Barrier(self.workers)
            for _worker in range(self.workers):
                self.executor.submit(_close_connections, every_worker)
            self.executor.shutdown(wait=True)
            logger.info("stopped")

    def stop(self) -> None:
        """Ask a listener running in another thread to stop."""
        if self._loop is not None and self._stopping is not None:
            self._loop.call_soon_threadsafe(self._stopping.set)


class _TrackedSMTP(SMTP):
    sessions: set[SMTP]

    def connection_made(self, transport: Any) -> None:
        self.sessions.add(self)
        super().connection_made(transport)

    def connection_lost(self, error: Exception | None) -> None:
        self.sessions.discard(self)
        super().connection_lost(error)
