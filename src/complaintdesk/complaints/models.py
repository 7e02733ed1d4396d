from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    TRIAGED = "triaged", _("Triaged")
    INVESTIGATING = "investigating", _("Investigating")
    WAITING_ON_CUSTOMER = "waiting_on_customer", _("Waiting on customer")
    REMEDY_PROPOSED = "remedy_proposed", _("Remedy proposed")
    IN_REMEDY = "in_remedy", _("Remedy in progress")
    RESOLVED = "resolved", _("Resolved")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    CHAT = "chat", _("Chat")
    LETTER = "letter", _("Letter")
    API = "api", _("API")
    IN_PERSON = "in_person", _("In person")


class Nature(models.TextChoices):
    VALID = "valid", _("Valid complaint")
    HELP_SEEKING = "help_seeking", _("Help-seeking")
    CONSULTATIVE = "consultative", _("Consultative")
    VENTING = "venting", _("Venting")
    NOT_A_COMPLAINT = "not_a_complaint", _("Not a complaint")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class ImpactScope(models.TextChoices):
    ONE_CUSTOMER = "one_customer", _("One customer")
    SEVERAL_CUSTOMERS = "several_customers", _("Several customers")
    PUBLIC = "public", _("Public or media")
    SAFETY_LEGAL = "safety_legal", _("Safety or legal")


class Complexity(models.TextChoices):
    SIMPLE = "simple", _("Simple")
    MODERATE = "moderate", _("Moderate")
    COMPLEX = "complex", _("Complex")


class Priority(models.TextChoices):
    P1 = "p1", _("P1 — immediate")
    P2 = "p2", _("P2 — high")
    P3 = "p3", _("P3 — normal")
    P4 = "p4", _("P4 — low")


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    PARTIALLY_UPHELD = "partially_upheld", _("Partially upheld")
    NOT_UPHELD = "not_upheld", _("Not upheld")


class Remedy(models.TextChoices):
    APOLOGY = "apology", _("Apology")
    EXPLANATION = "explanation", _("Explanation")
    REPAIR = "repair", _("Repair")
    REPLACEMENT = "replacement", _("Replacement")
    REFUND = "refund", _("Refund")
    COMPENSATION = "compensation", _("Compensation")


class Customer(models.Model):
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, db_index=True)
    language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    # Ids of this customer in other systems, e.g. {"crm": "C-1001"}.
    external_ids = models.JSONField(_("external ids"), default=dict, blank=True)
    # The organisation's own grouping of customers (e.g. "business", "vip"), for routing rules
    # and service levels.
    segment = models.SlugField(_("segment"), max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        # Intake finds a returning customer by e-mail in any case (email__iexact).
        indexes = [models.Index(Upper("email"), name="customer_email_any_case")]

    def __str__(self) -> str:
        return self.name or self.email or self.phone


class Category(models.Model):
    """The organisation's own taxonomy of complaints, a tree edited in admin."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return f"{self.parent} › {self.name}" if self.parent_id else self.name


class Complaint(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="complaints"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    subject = models.CharField(_("subject"), max_length=300)
    description = models.TextField(_("description"))
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    occurred_at = models.DateTimeField(_("occurred at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    location = models.CharField(_("location"), max_length=300, blank=True)
    product_reference = models.CharField(
        _("product, order or service reference"), max_length=200, blank=True
    )
    remedy_sought = models.JSONField(_("remedy sought"), default=list, blank=True)
    claimed_amount = models.DecimalField(
        _("claimed amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    claimed_currency = models.CharField(_("currency"), max_length=3, blank=True)

    # The assessment.
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    nature = models.CharField(_("nature"), max_length=20, choices=Nature.choices, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, blank=True)
    impact_scope = models.CharField(
        _("impact scope"), max_length=20, choices=ImpactScope.choices, blank=True
    )
    complexity = models.CharField(
        _("complexity"), max_length=10, choices=Complexity.choices, blank=True
    )
    immediate_action = models.BooleanField(_("needs immediate action"), default=False)
    priority = models.CharField(_("priority"), max_length=4, choices=Priority.choices, blank=True)
    abnormal = models.BooleanField(_("abnormal"), default=False)
    abnormal_reasons = models.JSONField(_("abnormal reasons"), default=list, blank=True)

    # Where it stands.
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.RECEIVED
    )
    # Where a complaint waiting on the customer goes back to when they answer.
    resume_status = models.CharField(max_length=30, choices=Status.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    remedy_plan = models.TextField(_("remedy plan"), blank=True)
    resolution_summary = models.TextField(_("resolution summary"), blank=True)
    close_reason = models.TextField(_("reason for closing"), blank=True)

    # Who answers for it.
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_complaints",
    )

    # When.
    first_response_due = models.DateTimeField(_("first response due"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("resolution due"), null=True, blank=True)
    # The earliest due time of the clocks still running (sla keeps it), so the queue can put
    # what is due first at the top; empty while nothing is owed, e.g. waiting on the customer.
    next_due_at = models.DateTimeField(_("next due"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    # Bumped by every write; a write that carries an older version is refused.
    version = models.PositiveIntegerField(default=1)
    # The tracking link is derived from this salt with the secret key and only its hash is
    # stored; changing the salt revokes the link.
    tracking_salt = models.CharField(max_length=32)
    tracking_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["status", "department"], name="complaint_status_dept"),
            models.Index(fields=["owner", "status"], name="complaint_owner_status"),
            models.Index(fields=["first_response_due"], name="complaint_first_resp_due"),
            models.Index(fields=["resolution_due"], name="complaint_resolution_due"),
            models.Index(fields=["next_due_at"], name="complaint_next_due"),
            # Queues show open complaints, a small share of the archive, by what is due first
            # or by the first response due (see docs/benchmarks.md).
            models.Index(
                fields=["department", "next_due_at"],
                name="complaint_open_by_department",
                condition=~models.Q(status__in=[Status.CLOSED, Status.WITHDRAWN]),
            ),
            models.Index(
                fields=["department", "first_response_due"],
                name="complaint_open_first_due",
                condition=~models.Q(status__in=[Status.CLOSED, Status.WITHDRAWN]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status not in {Status.CLOSED, Status.WITHDRAWN}


class Direction(models.TextChoices):
    INBOUND = "inbound", _("From the customer")
    OUTBOUND = "outbound", _("To the customer")
    INTERNAL = "internal", _("Internal note")


class Visibility(models.TextChoices):
    CUSTOMER = "customer", _("Customer can see")
    INTERNAL = "internal", _("Staff only")


class DeliveryStatus(models.TextChoices):
    NOT_APPLICABLE = "", _("Not sent")
    PENDING = "pending", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    RECORDED = "recorded", _("Given in person")


class Message(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="messages")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    author_label = models.CharField(_("author"), max_length=150)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(default=timezone.now)
    delivery_status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, blank=True, default=""
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    delivery_attempts = models.PositiveSmallIntegerField(default=0)
    delivery_error = models.TextField(blank=True)
    # When the next try of a pending message is due, and whether it waits because the mail
    # server could not be reached (then newer messages wait behind it rather than knock too).
    retry_at = models.DateTimeField(null=True, blank=True)
    waits_for_server = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["complaint", "created_at"], name="message_complaint_at")]
        constraints = [
            # An internal note can never be visible to the customer.
            models.CheckConstraint(
                condition=~models.Q(direction="internal", visibility="customer"),
                name="internal_notes_stay_internal",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.created_at:%Y-%m-%d %H:%M}"


class Attachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="attachments")
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    # Files are stored once per content, named by this hash.
    sha256 = models.CharField(max_length=64, db_index=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.CUSTOMER
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename
