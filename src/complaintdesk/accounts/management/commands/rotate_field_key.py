from __future__ import annotations

from django.core.management.base import BaseCommand

from complaintdesk.accounts.second_factor import reencrypt_secrets


class Command(BaseCommand):
    help = (
        "Encrypt every secret kept in the database (second-factor keys) again under the "
        "current FIELD_ENCRYPTION_KEY, after moving the old key to FIELD_ENCRYPTION_OLD_KEYS; "
        "the old key can be dropped afterwards (docs/security.md)."
    )

    def handle(self, *args: object, **options: object) -> None:
        count = reencrypt_secrets(actor_label="command line")
        self.stdout.write(f"Encrypted {count} second-factor secret(s) under the current key.")
