"""Staff sign-in against guessing: each failure is counted against the account and against the
client address; past the limit, sign-in is refused for a while even with the right password,
so guessing stops paying. A lock-out is written to the audit trail."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.http import HttpRequest

from complaintdesk.accounts import throttling
from complaintdesk.accounts.models import User
from complaintdesk.audit.services import record

# Session keys: when the person signed in, and the sign-in waiting for its second factor.
SIGNED_IN_AT = "accounts.signed_in_at"
SEEN_AT = "accounts.seen_at"
PENDING_SECOND_FACTOR = "accounts.pending_second_factor"


def refused_for(request: HttpRequest, username: str) -> timedelta | None:
    """How long this account, or this client, must wait before trying again; None: go on."""
    per_account, per_client = throttling.sign_in_limits()
    waits = [
        throttling.refused_for(per_account, throttling.account_key(username)),
        throttling.refused_for(per_client, throttling.client_key(request, per_client.kind)),
    ]
    return max((wait for wait in waits if wait is not None), default=None)


@transaction.atomic
def failed(request: HttpRequest, username: str) -> None:
    """A wrong password or second-factor code."""
    per_account, per_client = throttling.sign_in_limits()
    locked = throttling.count(per_account, throttling.account_key(username))
    throttling.count(per_client, throttling.client_key(request, per_client.kind))
    if locked:
        user = User.objects.filter(username=username).first()
        if user is not None:
            record(
                action="user.locked_out",
                subject=f"user:{user.pk}",
                note=f"{per_account.allowed} failed sign-ins within {per_account.window}",
            )


def succeeded(username: str) -> None:
    per_account, _per_client = throttling.sign_in_limits()
    throttling.forget(per_account, throttling.account_key(username))
