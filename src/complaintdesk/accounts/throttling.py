"""Making guessing pointless: failed sign-ins lock the account and the client address out for a
while, unknown tracking links lock the client out, and new tracking links are sent only so
often. Counted in the database, so every worker process sees the same count.

Only keyed hashes are stored: the count names neither the account nor the address."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from complaintdesk.accounts.models import AttemptKind, FailedAttempt


@dataclass(frozen=True)
class Limit:
    kind: str
    # This many within the window, and the next is refused until the oldest leaves it.
    allowed: int
    window: timedelta


def sign_in_limits() -> tuple[Limit, Limit]:
    """Per account (the lock-out) and per client address (one address guessing many accounts)."""
    window = timedelta(minutes=settings.SIGN_IN_LOCKOUT_MINUTES)
    return (
        Limit(AttemptKind.SIGN_IN_ACCOUNT, settings.SIGN_IN_FAILURES_PER_ACCOUNT, window),
        Limit(AttemptKind.SIGN_IN_CLIENT, settings.SIGN_IN_FAILURES_PER_CLIENT, window),
    )


def tracking_lookup_limit() -> Limit:
    return Limit(
        AttemptKind.TRACKING_LOOKUP,
        settings.TRACKING_LOOKUP_FAILURES_PER_CLIENT,
        timedelta(minutes=settings.TRACKING_LOOKUP_LOCKOUT_MINUTES),
    )


def new_link_limit() -> Limit:
    return Limit(
        AttemptKind.NEW_LINK_REQUEST, settings.NEW_TRACKING_LINKS_PER_HOUR, timedelta(hours=1)
    )


def client_address(request: HttpRequest) -> str:
    """The client's address: the peer's, or with TRUSTED_PROXY_COUNT proxies in front of us,
    the one the outermost of them saw (earlier X-Forwarded-For entries are the client's say)."""
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [
            address.strip()
            for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if address.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return str(request.META.get("REMOTE_ADDR", ""))


def _network(address: str) -> str:
    # An IPv6 subscriber holds a whole /64: counted as one client.
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:100]
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def keyed(kind: str, value: str) -> str:
    """A keyed hash of what is counted: equal for equal values, telling nothing about them."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"throttle:{kind}:{value}".encode(), hashlib.sha256
    ).hexdigest()


def account_key(username: str) -> str:
    return keyed(AttemptKind.SIGN_IN_ACCOUNT, username.strip().casefold())


def client_key(request: HttpRequest, kind: str) -> str:
    return keyed(kind, _network(client_address(request)))


def refused_for(limit: Limit, key: str, *, now: datetime | None = None) -> timedelta | None:
    """How long until `key` may try again, or None when it may now."""
    now = now or timezone.now()
    recent = list(
        FailedAttempt.objects.filter(kind=limit.kind, key=key, at__gt=now - limit.window)
        .order_by("-at")
        .values_list("at", flat=True)[: limit.allowed]
    )
    if len(recent) < limit.allowed:
        return None
    # The oldest of the last `allowed` attempts must leave the window.
    return max(recent[-1] + limit.window - now, timedelta(seconds=1))


@transaction.atomic
def count(limit: Limit, key: str) -> bool:
    """Count one attempt; True when it is the one that reached the limit."""
    FailedAttempt.objects.create(kind=limit.kind, key=key)
    return refused_for(limit, key) is not None


@transaction.atomic
def forget(limit: Limit, key: str) -> None:
    """A success: the earlier failures of `key` no longer count."""
    FailedAttempt.objects.filter(kind=limit.kind, key=key).delete()


@transaction.atomic
def forget_old_attempts(*, before: datetime) -> int:
    """Drop attempts that no window looks at any more (the retention job)."""
    deleted, _kinds = FailedAttempt.objects.filter(at__lt=before).delete()
    return deleted


def minutes(wait: timedelta) -> int:
    return max(1, -(-int(wait.total_seconds()) // 60))
