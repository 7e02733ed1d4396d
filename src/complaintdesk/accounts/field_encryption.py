"""Secrets kept in the database encrypted at rest: the second factor's TOTP keys.

Encrypted with Fernet (AES-128-CBC and HMAC-SHA256, from the `cryptography` library) under a
key derived with HKDF-SHA256 from FIELD_ENCRYPTION_KEY, or from SECRET_KEY when that is not
set. Values are always written under the current key; they are read under the current key,
any of FIELD_ENCRYPTION_OLD_KEYS, or the keys derived from SECRET_KEY and SECRET_KEY_FALLBACKS
(MultiFernet), so keys can be rotated without a moment where a secret cannot be read
(`complaintdesk rotate_field_key` then re-encrypts every value under the current key)."""

from __future__ import annotations

import base64
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

# Changing it changes every derived key: it names what the key is for, not a secret.
HKDF_INFO = b"complaintdesk field encryption v1"


def derived_key(material: str) -> bytes:
    """A Fernet key (32 bytes, URL-safe base64) drawn from a configured secret string."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO).derive(
        material.encode()
    )
    return base64.urlsafe_b64encode(raw)


def key_materials() -> list[str]:
    """The configured secrets, the one that encrypts first, without repeats."""
    current = settings.FIELD_ENCRYPTION_KEY or settings.SECRET_KEY
    readable = [
        current,
        *settings.FIELD_ENCRYPTION_OLD_KEYS,
        settings.SECRET_KEY,
        *getattr(settings, "SECRET_KEY_FALLBACKS", []),
    ]
    return list(dict.fromkeys(material for material in readable if material))


@lru_cache(maxsize=4)
def _cipher(materials: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(derived_key(material)) for material in materials])


def cipher() -> MultiFernet:
    # Keyed on the settings' values, so a changed setting (or a test's) takes effect at once.
    return _cipher(tuple(key_materials()))


def encrypt(clear: str) -> str:
    return cipher().encrypt(clear.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeEncodeError):
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY: a value in the database cannot be decrypted with the current "
            "key, FIELD_ENCRYPTION_OLD_KEYS or SECRET_KEY; set the key it was written with "
            "(docs/security.md, key rotation)"
        ) from None


def reencrypted(token: str) -> str:
    """The same value under the current key (decrypted with whichever key reads it)."""
    try:
        return cipher().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        decrypt(token)  # raises, naming the setting
        raise


class EncryptedTextField(models.TextField):
    """Text the application reads and writes in clear and the database holds encrypted. It
    cannot be searched: a filter on it compares ciphertexts, which never match."""

    def from_db_value(
        self, value: str | None, expression: Any, connection: BaseDatabaseWrapper
    ) -> str | None:
        return None if value is None else decrypt(value)

    def get_db_prep_save(self, value: Any, connection: BaseDatabaseWrapper) -> Any:
        value = super().get_db_prep_save(value, connection)
        return None if value is None else encrypt(str(value))
