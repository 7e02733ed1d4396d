"""Writes about people: users, their departments and their API tokens."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from complaintdesk.accounts.models import ApiToken, Department, Role, User, hash_token
from complaintdesk.audit.services import record

TOKEN_PREFIX = "cdk_"  # noqa: S105 (a public marker, not a secret)


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str,
    role: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    departments: list[Department] | None = None,
    language: str = "en",
    actor: User | None = None,
) -> User:
    if role not in Role.values:
        raise ValueError(f"role must be one of {', '.join(Role.values)}")
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        language=language,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    for department in departments or []:
        department.members.add(user)
    record(
        action="user.created",
        actor=actor,
        subject=f"user:{user.pk}",
        changes={"username": [None, username], "role": [None, role]},
    )
    return user


@transaction.atomic
def issue_token(*, user: User, name: str, actor: User | None = None) -> tuple[ApiToken, str]:
    """Returns the token row and the raw secret, which is never stored and never shown again."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[: len(TOKEN_PREFIX) + 6], key_hash=hash_token(raw)
    )
    record(action="token.issued", actor=actor or user, subject=f"token:{token.pk}", note=name)
    return token, raw


@transaction.atomic
def revoke_token(*, token: ApiToken, actor: User | None = None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(action="token.revoked", actor=actor, subject=f"token:{token.pk}", note=token.name)
    return token
