"""Hostile e-mail, built as a stranger would send it."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid


def hostile_mail(
    *,
    subject: str,
    html: str,
    sender: str = "mallory@attacker.example",
    headers: dict[str, str] | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = f"Mallory <{sender}>"
    message["To"] = "complaints@localhost"
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="attacker.example")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(html, subtype="html")
    return message.as_bytes()
