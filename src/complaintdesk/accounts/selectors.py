from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from complaintdesk.accounts.models import ApiToken, Department, User, hash_token

# Writing last_used_at on every request would turn every read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def user_for_token(raw: str) -> User | None:
    """The active user behind a bearer token, or None."""
    if not raw:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def department_ids(user: User) -> set[int]:
    """Departments a user works in, as member, supervisor or head (cached on the instance)."""
    cached = getattr(user, "_department_ids", None)
    if cached is None:
        # One round trip for the three ways of belonging (asked on every API answer that
        # lists the actions a user may take).
        cached = set(
            Department.objects.filter(Q(members=user) | Q(supervisors=user) | Q(head=user))
            .order_by()
            .values_list("id", flat=True)
            .distinct()
        )
        user._department_ids = cached  # type: ignore[attr-defined]
    return set(cached)
