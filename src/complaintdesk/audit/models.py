from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit event."""


def _blanked(value: Any, placeholder: str) -> Any:
    # [old, new] keeps its shape: what was empty stays empty, what said something is erased.
    if isinstance(value, list):
        return [item if item in (None, "", [], {}) else placeholder for item in value]
    return value if value in (None, "", [], {}) else placeholder


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit events cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit events cannot be deleted")

    def erase_personal_data(
        self,
        *,
        placeholder: str,
        keep_changes: frozenset[str],
        people: Iterable[str] = (),
        pseudonym: str = "",
    ) -> int:
        """The one change the trail allows, for erasing a person's data on request or at the
        end of its retention period (privacy): each event stays — when, which action, who on
        the staff, the status before and after, which fields changed — but its note, the
        values of its changes outside `keep_changes`, and an actor label naming one of
        `people` (a customer acting without an account) are replaced. Returns how many events
        had something to erase."""
        plain = models.QuerySet.update
        noted = self.exclude(note="").exclude(note=placeholder)
        touched = set(noted.values_list("pk", flat=True))
        plain(noted, note=placeholder)
        names = [name for name in people if name]
        if names and pseudonym:
            labelled = self.filter(actor__isnull=True, actor_label__in=names).exclude(
                actor_label=pseudonym[:150]
            )
            touched.update(labelled.values_list("pk", flat=True))
            plain(labelled, actor_label=pseudonym[:150])
        # Which keys hold words varies with the action: decided per event, and the events
        # whose changes end the same written in one UPDATE each.
        erased: dict[str, tuple[dict[str, Any], list[int]]] = {}
        for pk, changes in self.exclude(changes={}).values_list("pk", "changes"):
            if not isinstance(changes, dict) or set(changes) <= keep_changes:
                continue
            kept = {
                name: value if name in keep_changes else _blanked(value, placeholder)
                for name, value in changes.items()
            }
            if kept == changes:
                continue
            key = json.dumps(kept, sort_keys=True, default=str)
            erased.setdefault(key, (kept, []))[1].append(pk)
        for kept, pks in erased.values():
            plain(models.QuerySet(self.model, using=self.db).filter(pk__in=pks), changes=kept)
            touched.update(pks)
        return len(touched)


class Event(models.Model):
    """One recorded action: who did what, when, to which record, and what it changed.

    Append-only: the product offers no way to edit or delete an event."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Kept as text too, so the trail reads the same if the user is renamed; also names
    # actors without an account ("customer", "system", "e-mail").
    actor_label = models.CharField(_("actor"), max_length=150)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    subject = models.CharField(_("subject"), max_length=80, blank=True)
    status_before = models.CharField(_("status before"), max_length=30, blank=True)
    status_after = models.CharField(_("status after"), max_length=30, blank=True)
    # {"field": [old, new], …}
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["complaint", "at"], name="event_complaint_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} by {self.actor_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")
