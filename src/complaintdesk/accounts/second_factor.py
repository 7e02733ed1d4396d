"""The optional second factor of staff sign-in: a six-digit code from an authenticator app
(TOTP, RFC 6238, through pyotp). Each code is accepted once; a code from the step before or
after is accepted too, for clocks a little apart."""

from __future__ import annotations

import hmac

import pyotp
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from complaintdesk.accounts.models import SecondFactor, User
from complaintdesk.audit.services import record

ISSUER = "Complaintdesk"


def second_factor_of(user: User) -> SecondFactor | None:
    return SecondFactor.objects.filter(user=user).first()


def needs_code(user: User) -> bool:
    return SecondFactor.objects.filter(user=user, confirmed_at__isnull=False).exists()


def provisioning_uri(factor: SecondFactor) -> str:
    """The otpauth:// address an authenticator app takes (typed in or pasted)."""
    issuer = settings.SITE_URL.split("://", 1)[-1] or ISSUER
    return pyotp.TOTP(factor.secret).provisioning_uri(
        name=factor.user.get_username(), issuer_name=f"{ISSUER} {issuer}"
    )


def _matching_step(factor: SecondFactor, code: str) -> int | None:
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(factor.secret)
    now = totp.timecode(timezone.now())
    for step in (now - 1, now, now + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            # A code already used, or older than the last one used, is never taken again.
            if factor.last_used_step is not None and step <= factor.last_used_step:
                return None
            return step
    return None


def _use(factor: SecondFactor, code: str) -> bool:
    step = _matching_step(factor, code)
    if step is None:
        return False
    # Conditional, so two requests racing with the same code cannot both use it.
    used = (
        SecondFactor.objects.filter(pk=factor.pk)
        .exclude(last_used_step__gte=step)
        .update(last_used_step=step)
    )
    factor.last_used_step = step
    return used == 1


@transaction.atomic
def start_setting_up(*, user: User) -> SecondFactor:
    """A new secret for a user who has none switched on (an earlier unconfirmed one is kept,
    so reloading the page does not change the key being typed in)."""
    factor = second_factor_of(user)
    if factor is None:
        factor = SecondFactor.objects.create(user=user, secret=pyotp.random_base32())
    return factor


@transaction.atomic
def confirm(*, user: User, code: str) -> bool:
    """Switch the second factor on with a first code from the app."""
    factor = second_factor_of(user)
    if factor is None or factor.active or not _use(factor, code):
        return False
    factor.confirmed_at = timezone.now()
    factor.save(update_fields=["confirmed_at"])
    record(action="second_factor.enabled", actor=user, subject=f"user:{user.pk}")
    return True


@transaction.atomic
def verify(*, user: User, code: str) -> bool:
    """The code asked for after the password."""
    factor = second_factor_of(user)
    return factor is not None and factor.active and _use(factor, code)


@transaction.atomic
def switch_off(*, user: User, code: str) -> bool:
    """Only with a current code, so a session left open cannot remove it."""
    factor = second_factor_of(user)
    if factor is None or not factor.active or not _use(factor, code):
        return False
    factor.delete()
    record(action="second_factor.disabled", actor=user, subject=f"user:{user.pk}")
    return True


@transaction.atomic
def reencrypt_secrets(*, actor_label: str) -> int:
    """Write every secret again under the current FIELD_ENCRYPTION_KEY (after a key rotation,
    so the old key can be dropped); returns how many."""
    secrets = list(SecondFactor.objects.select_for_update().values_list("pk", "secret"))
    for pk, secret in secrets:
        # Read with whichever key opens it, written under the current one.
        SecondFactor.objects.filter(pk=pk).update(secret=secret)
    record(
        action="second_factor.secrets_reencrypted",
        actor_label=actor_label,
        subject="second_factors",
        note=f"{len(secrets)} second-factor secrets encrypted under the current key",
    )
    return len(secrets)
