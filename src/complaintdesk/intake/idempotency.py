"""Idempotency keys for API writes: a client that did not hear our answer (a timeout, a lost
connection) sends the request again with the same Idempotency-Key header and gets the first
answer back, status and body, while nothing new is created.

The key is stored in the transaction that does the work, under a unique constraint per user:
two requests racing with one key cannot both commit, and the loser answers with the winner's
stored response. Only successful answers are stored; a refused request leaves no key behind
and may be corrected and sent again under the same key. Keys are kept for KEEP_FOR.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Schema, Status
from ninja.responses import NinjaJSONEncoder
from pydantic import BaseModel

from complaintdesk.accounts.models import User
from complaintdesk.complaints.lifecycle import InvalidFields
from complaintdesk.intake.models import IdempotencyKey

HEADER = "Idempotency-Key"
KEEP_FOR = timedelta(hours=24)
# Printable ASCII without spaces, as clients generate them (UUIDs, random strings).
KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
JSON_TYPE = "application/json; charset=utf-8"


@dataclass(frozen=True)
class Answer:
    status: int
    body: str
    # True when this is the stored answer to an earlier request.
    replayed: bool


def fingerprint_of(method: str, path: str, body: Any) -> str:
    """What makes two requests "the same": method, path and the body as validated (so the
    order of keys or the spacing of the JSON do not matter)."""
    canonical = json.dumps(
        [method, path, body], sort_keys=True, separators=(",", ":"), cls=NinjaJSONEncoder
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _refuse(message: str) -> InvalidFields:
    return InvalidFields({HEADER: message})


def answer_once(
    *, user: User, key: str, fingerprint: str, produce: Callable[[], tuple[int, str]]
) -> Answer:
    """The answer to the first request made with `key`: produced now, in one transaction with
    the stored key, or replayed from an earlier request with the same fingerprint. The same key
    with another request is refused (InvalidFields, answered 422)."""
    if not KEY.match(key):
        raise _refuse(_("must be 1 to 255 visible ASCII characters, such as a UUID"))
    stored = _stored(user, key)
    if stored is not None:
        return _replay(stored, fingerprint)
    now = timezone.now()
    try:
        with transaction.atomic():
            # An expired key may be used again.
            IdempotencyKey.objects.filter(user=user, key=key, expires_at__lte=now).delete()
            row = IdempotencyKey.objects.create(
                user=user, key=key, fingerprint=fingerprint, expires_at=now + KEEP_FOR
            )
            status, body = produce()
            row.status_code, row.body = status, body
            row.save(update_fields=["status_code", "body"])
    except IntegrityError:
        # A request with the same key committed first (the insert waited for it).
        stored = _stored(user, key)
        if stored is None:
            raise
        return _replay(stored, fingerprint)
    return Answer(status, body, replayed=False)


def _stored(user: User, key: str) -> IdempotencyKey | None:
    return IdempotencyKey.objects.filter(user=user, key=key, expires_at__gt=timezone.now()).first()


def _replay(stored: IdempotencyKey, fingerprint: str) -> Answer:
    if stored.fingerprint != fingerprint:
        raise _refuse(
            _(
                "was already used for a different request; use a new key for a new request, "
                "or send exactly the same request to get its answer again"
            )
        )
    return Answer(stored.status_code, stored.body, replayed=True)


def forget_expired_keys(*, now: datetime | None = None) -> int:
    deleted, _kinds = IdempotencyKey.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


def _body_of(arguments: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value.model_dump(mode="json") if isinstance(value, BaseModel) else value
        for name, value in arguments.items()
    }


def idempotent(response: type[Schema]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Make a django-ninja endpoint honour the Idempotency-Key header. `response` is the
    schema of its success answer, which is rendered here so it can be stored as sent.

        @router.post("", response=...)
        @idempotent(FiledComplaint)
        def file(request, payload: ComplaintIn) -> Status[Complaint]: ...
    """

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(view, eval_str=True)
        header = inspect.Parameter(
            "idempotency_key",
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                str | None,
                Header(
                    alias=HEADER,
                    description="Optional. A retry with the same key gets the first answer back "
                    "and creates nothing new; keys are kept for 24 hours.",
                ),
            ],
        )

        @functools.wraps(view)
        def endpoint(
            request: HttpRequest, *args: Any, idempotency_key: str | None = None, **kwargs: Any
        ) -> Any:
            if idempotency_key is None:
                return view(request, *args, **kwargs)

            def produce() -> tuple[int, str]:
                result = view(request, *args, **kwargs)
                status, value = (
                    (result.status_code, result.value)
                    if isinstance(result, Status)
                    else (200, result)
                )
                context = {"request": request, "response_status": status}
                data = response.model_validate(value, context=context).model_dump(context=context)
                return status, json.dumps(data, cls=NinjaJSONEncoder)

            answer = answer_once(
                user=request.auth,  # type: ignore[attr-defined]
                key=idempotency_key,
                fingerprint=fingerprint_of(request.method or "", request.path, _body_of(kwargs)),
                produce=produce,
            )
            http = HttpResponse(answer.body, status=answer.status, content_type=JSON_TYPE)
            http["Idempotent-Replayed"] = "true" if answer.replayed else "false"
            return http

        endpoint.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[*signature.parameters.values(), header]
        )
        return endpoint

    return decorate
