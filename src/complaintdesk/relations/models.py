"""Links between complaints: related, a duplicate of, split from, merged into.

A link reads from its source to its target ("CD-A merged into CD-B"); the complaint page and
the API show it from both ends. `merged_into` and `split_from` are written only by the merge
and split services; people link `related` and `duplicate` by hand."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LinkKind(models.TextChoices):
    RELATED = "related", _("Related")
    DUPLICATE = "duplicate", _("Duplicate")
    SPLIT_FROM = "split_from", _("Split from")
    MERGED_INTO = "merged_into", _("Merged into")


# How each kind reads from its source and from its target.
OUTGOING_LABELS = {
    LinkKind.RELATED: _("Related to"),
    LinkKind.DUPLICATE: _("Duplicate of"),
    LinkKind.SPLIT_FROM: _("Split from"),
    LinkKind.MERGED_INTO: _("Merged into"),
}
INCOMING_LABELS = {
    LinkKind.RELATED: _("Related to"),
    LinkKind.DUPLICATE: _("Has a duplicate"),
    LinkKind.SPLIT_FROM: _("Split into"),
    LinkKind.MERGED_INTO: _("Merged from"),
}
# The kinds a person links by hand; the others come with a merge or a split.
MANUAL_KINDS = (LinkKind.RELATED, LinkKind.DUPLICATE)


class ComplaintLink(models.Model):
    source = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        on_delete=models.PROTECT,
        related_name="outgoing_links",
    )
    target = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("linked complaint"),
        on_delete=models.PROTECT,
        related_name="incoming_links",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LinkKind.choices)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("linked at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("complaint link")
        verbose_name_plural = _("complaint links")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="link_to_another_complaint"
            ),
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="one_link_of_a_kind_per_pair"
            ),
            # A merged complaint has exactly one survivor.
            models.UniqueConstraint(
                fields=["source"],
                condition=models.Q(kind=LinkKind.MERGED_INTO),
                name="one_survivor_per_merged_complaint",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"
