"""The customer's tracking link.

The token is an HMAC of the complaint's reference and a per-complaint salt under the secret key:
256 bits no one can guess, never stored (only its SHA-256 is), yet recomputable whenever we
write to the customer. A new salt revokes the old link."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.conf import settings
from django.urls import reverse


def new_salt() -> str:
    return secrets.token_hex(16)


def token_for(reference: str, salt: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"tracking:{reference}:{salt}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def hash_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def tracking_path(complaint) -> str:  # type: ignore[no-untyped-def]
    return reverse("portal:track", args=[token_for(complaint.reference, complaint.tracking_salt)])


def tracking_url(complaint) -> str:  # type: ignore[no-untyped-def]
    return settings.SITE_URL + tracking_path(complaint)
