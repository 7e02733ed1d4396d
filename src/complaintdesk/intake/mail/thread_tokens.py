"""The signed token that ties a reply to its complaint.

Every message we send carries a Message-ID holding the complaint's reference, the message's
id and an HMAC of both under SECRET_KEY. A reply names it in In-Reply-To or References, which
proves the sender received our message, so the reply may join that complaint whoever sends
it. A reference typed in a subject proves nothing and is trusted only from the customer."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

from django.conf import settings

REFERENCE = re.compile(r"\bCD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}\b", re.IGNORECASE)
OUR_MESSAGE_ID = re.compile(
    r"^<cd\.(?P<reference>CD-[0-9A-Z]{4}-[0-9A-Z]{4})\.(?P<pk>\d+)\.(?P<signature>[0-9a-f]{24})@",
    re.IGNORECASE,
)


def signature_for(reference: str, message_pk: int) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"mail-thread:{reference}:{message_pk}".encode(),
        hashlib.sha256,
    )
    return digest.hexdigest()[:24]


def message_id_for(reference: str, message_pk: int, domain: str) -> str:
    return f"<cd.{reference}.{message_pk}.{signature_for(reference, message_pk)}@{domain}>"


def referenced_complaint(message_ids: Iterable[str]) -> str | None:
    """The complaint reference carried by the first of our own, correctly signed, message ids
    among `message_ids`; None when none of them is ours."""
    for message_id in message_ids:
        match = OUR_MESSAGE_ID.match(message_id)
        if match is None:
            continue
        reference = match["reference"].upper()
        expected = signature_for(reference, int(match["pk"]))
        if hmac.compare_digest(expected, match["signature"].lower()):
            return reference
    return None


def reference_in(subject: str) -> str | None:
    match = REFERENCE.search(subject)
    return match.group(0).upper() if match else None
