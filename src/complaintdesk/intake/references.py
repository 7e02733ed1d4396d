"""Reference numbers customers read out on the phone: short, unambiguous, not sequential (so
they reveal nothing about volume and need no shared counter)."""

from __future__ import annotations

import secrets

# Crockford's base 32: no I, L, O or U, so nothing is misread.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "CD"


def new_reference() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{PREFIX}-{body[:4]}-{body[4:]}"
