"""A real SMTP server on loopback that stands for the company's outgoing mail server: it keeps
every message it is given, in order, and can be stopped and started again on the same port."""

from __future__ import annotations

import email
import email.policy
import logging
import threading
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller

# aiosmtpd logs every SMTP command at INFO: under `pytest -s` (CI's reliability step, which
# shows the harness's figures) that was ~35,000 lines of a CI log of 38,000.
logging.getLogger("mail.log").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Delivered:
    message_id: str
    subject: str
    to: tuple[str, ...]


@dataclass
class MailSink:
    port: int
    delivered: list[Delivered] = field(default_factory=list)
    # Recipients this server refuses (550), as a real one refuses an unknown mailbox.
    refused: set[str] = field(default_factory=set)
    _controller: Controller | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, options) -> str:
        if address in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self._lock:
            self.delivered.append(
                Delivered(
                    message_id=str(parsed["Message-ID"] or ""),
                    subject=str(parsed["Subject"] or ""),
                    to=tuple(envelope.rcpt_tos),
                )
            )
        return "250 2.0.0 OK"

    def start(self) -> MailSink:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def message_ids(self) -> list[str]:
        with self._lock:
            return [mail.message_id for mail in self.delivered]

    def settings(self) -> dict:
        """MAILERS pointing Django at this server."""
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 5},
            }
        }
