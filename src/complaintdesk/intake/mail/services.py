"""Taking a received e-mail in: stored whole, then filed as a new complaint, added to the
complaint it answers, ignored as automatic, held for review or quarantined. The raw message,
what was read from it and the complaint it touched commit in one transaction."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Container, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import CUSTOMER, Party, Role, User
from complaintdesk.audit.services import record
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.lifecycle import RoleNotAllowed
from complaintdesk.complaints.models import (
    Channel,
    Complaint,
    Message,
    Status,
)
from complaintdesk.complaints.services import receive_customer_message
from complaintdesk.intake.attachments import (
    IncomingFile,
    discarded_on_rollback,
    keep_attachments,
)
from complaintdesk.intake.mail.parsing import (
    MailIdentity,
    ParsedMail,
    UnreadableMail,
    identity_of,
    parse_mail,
)
from complaintdesk.intake.mail.thread_tokens import reference_in, referenced_complaint
from complaintdesk.intake.models import InboundMail, MailStatus
from complaintdesk.intake.services import ComplaintDetails, CustomerDetails, file_complaint
from complaintdesk.notifications.services import answer_reply_to_closed
from complaintdesk.notifications.tasks import tell_owner
from complaintdesk.relations.forwarding import customer_survivor_of
from complaintdesk.triage.services import detect_language

logger = logging.getLogger(__name__)
PENDING = {MailStatus.QUARANTINED, MailStatus.REVIEW}


class MailNotPending(Exception):
    """An administrator's action on a message that is not waiting for one."""


@dataclass(frozen=True)
class Delivery:
    mail: InboundMail
    # True when this message had been received before and nothing new was stored.
    duplicate: bool


@dataclass
class _Outcome:
    status: str
    reason: str = ""
    complaint: Complaint | None = None
    message: Message | None = None
    named_complaint: Complaint | None = None


def receive_mail(
    *,
    raw: bytes,
    source: str,
    envelope_sender: str | None = None,
    recipients: Sequence[str] = (),
) -> Delivery:
    """Store one received message and act on it. Returns once everything is committed; only
    a database failure raises (the sender should then try again later)."""
    identity = identity_of(raw)
    key = _dedupe_key(identity, raw)
    existing = _stored(key)
    if existing is not None:
        return Delivery(existing, duplicate=True)
    try:
        with transaction.atomic():
            mail = InboundMail.objects.create(
                dedupe_key=key,
                message_id=identity.message_id,
                source=source,
                # "<>" is the null sender of bounces; "" means none was given (IMAP).
                envelope_sender="<>" if envelope_sender == "" else (envelope_sender or "")[:320],
                envelope_recipients=list(recipients),
                sender=identity.sender[:320],
                subject=identity.subject[:998],
                raw=raw,
                size=len(raw),
                sha256=hashlib.sha256(raw).hexdigest(),
                status=MailStatus.QUARANTINED,
            )
            _process(mail)
    except IntegrityError:
        # Delivered twice at the same moment: the other delivery stored it.
        existing = _stored(key)
        if existing is None:
            raise
        return Delivery(existing, duplicate=True)
    return Delivery(mail, duplicate=False)


def _stored(key: str) -> InboundMail | None:
    return InboundMail.objects.filter(dedupe_key=key).defer("raw").first()


def _dedupe_key(identity: MailIdentity, raw: bytes) -> str:
    """The Message-ID's hash, unless a different message already came under the same id (some
    mailers reuse one): then that message is told apart by its content, never dropped."""
    key = identity.dedupe_key
    seen = InboundMail.objects.filter(dedupe_key=key).values("sender", "subject").first()
    if seen is None or (seen["sender"], seen["subject"]) == (
        identity.sender[:320],
        identity.subject[:998],
    ):
        return key
    content = hashlib.sha256(raw).hexdigest()
    return hashlib.sha256(f"{identity.message_id}\n{content}".encode()).hexdigest()


def record_oversized_mail(*, headers: bytes, size: int, source: str, where: str) -> Delivery:
    """A message past the size limit that stays on the server: its headers are quarantined so
    an administrator sees it and knows where to find it."""
    identity = identity_of(headers)
    key = identity.dedupe_key
    existing = InboundMail.objects.filter(dedupe_key=key).first()
    if existing is not None:
        return Delivery(existing, duplicate=True)
    limit = settings.INTAKE_MAIL_MAX_BYTES
    with transaction.atomic():
        mail = InboundMail.objects.create(
            dedupe_key=key,
            message_id=identity.message_id,
            source=source,
            sender=identity.sender[:320],
            subject=identity.subject[:998],
            raw=headers,
            size=size,
            sha256="",
            status=MailStatus.QUARANTINED,
            error=_(
                "The message is %(size)s bytes, over the limit of %(limit)s; only its headers "
                "were kept and it was left on the server (%(where)s)."
            )
            % {"size": size, "limit": limit, "where": where},
        )
    return Delivery(mail, duplicate=False)


def _process(mail: InboundMail, *, route: str = "") -> None:
    """Read the stored message and act on it. Whatever goes wrong short of the database
    itself, the message stays, quarantined with the error, and the others go on."""
    mail.attempts += 1
    mail.processed_at = timezone.now()
    envelope_sender = mail.envelope_sender or None
    try:
        with discarded_on_rollback(), transaction.atomic():
            parsed = parse_mail(bytes(mail.raw), envelope_sender=envelope_sender)
            mail.sender = parsed.sender[:320]
            mail.sender_name = parsed.sender_name
            mail.subject = parsed.subject[:998]
            mail.sent_at = parsed.sent_at
            mail.text = parsed.text
            mail.charsets = ", ".join(parsed.charsets)[:200]
            mail.language = _language_of(parsed)
            outcome = _route(mail, parsed, route)
    except (OperationalError, InterfaceError):
        raise
    except Exception as exc:
        if not isinstance(exc, UnreadableMail):
            logger.exception("inbound mail %s could not be processed", mail.pk)
        outcome = _Outcome(MailStatus.QUARANTINED)
        mail.error = f"{type(exc).__name__}: {exc}"[:4000]
    else:
        mail.error = ""
    mail.status = outcome.status
    mail.reason = outcome.reason
    mail.complaint = outcome.complaint
    mail.added_message = outcome.message
    mail.named_complaint = outcome.named_complaint
    mail.save()


def _route(mail: InboundMail, parsed: ParsedMail, route: str) -> _Outcome:
    if parsed.automatic and not route:
        return _Outcome(MailStatus.IGNORED_AUTO, reason=parsed.automatic)
    if route == "new":
        return _file_new(mail, parsed)
    reference = referenced_complaint(parsed.replied_to)
    if reference is not None and not route:
        complaint = Complaint.objects.filter(reference=reference).first()
        if complaint is not None:
            return _add_reply(mail, parsed, complaint)
    named = reference_in(parsed.subject)
    complaint = Complaint.objects.filter(reference=named).first() if named else None
    if complaint is None:
        return _file_new(mail, parsed)
    from_customer = parsed.sender == complaint.customer.email.lower() and parsed.sender_verified
    if from_customer or route == "named":
        return _add_reply(mail, parsed, complaint)
    reason = _(
        "The subject names complaint %(reference)s, but the sender is not its customer; "
        "nothing was added to it."
    ) % {"reference": complaint.reference}
    if not parsed.sender_verified:
        reason = _(
            "The subject names complaint %(reference)s, but our mail server found the sender "
            "address forged (DMARC failed); nothing was added to it."
        ) % {"reference": complaint.reference}
    return _Outcome(MailStatus.REVIEW, reason=reason, named_complaint=complaint)


def _file_new(mail: InboundMail, parsed: ParsedMail) -> _Outcome:
    language = mail.language
    with translation.override(language):
        text = parsed.text.strip() and parsed.text
        if not text and parsed.parts:
            text = _("(The e-mail had no text; see the attached files.)")
        if not text and not parsed.subject.strip():
            return _Outcome(MailStatus.REVIEW, reason=_("The e-mail has no text and no files."))
        subject = parsed.subject.strip() or text.strip().splitlines()[0][:120]
    customer = Party(CUSTOMER, parsed.sender_name or parsed.sender)
    complaint = file_complaint(
        channel=Channel.EMAIL,
        customer=CustomerDetails(name=customer.label, email=parsed.sender, language=language),
        complaint=ComplaintDetails(
            subject=subject, description=text or parsed.subject, language=language
        ),
        actor=customer,
        received_at=mail.received_at,
    )
    refused = _keep_attachments(parsed, complaint, None)
    return _Outcome(MailStatus.FILED, reason=refused, complaint=complaint)


def _add_reply(mail: InboundMail, parsed: ParsedMail, complaint: Complaint) -> _Outcome:
    # A reply to a complaint merged into another joins the one that goes on (relations) —
    # unless that is another customer's, whose page would then show these words.
    complaint = customer_survivor_of(complaint)
    with translation.override(complaint.language):
        body = parsed.text.strip() and parsed.text
        if not body and parsed.parts:
            body = _("(The e-mail had no text; see the attached files.)")
    body = body or parsed.subject
    if not body.strip():
        return _Outcome(
            MailStatus.REVIEW,
            reason=_("The e-mail has no text and no files."),
            named_complaint=complaint,
        )
    customer = Party(CUSTOMER, parsed.sender_name or parsed.sender)
    message = receive_customer_message(
        complaint=complaint, body=body, channel=Channel.EMAIL, actor=customer
    )
    if complaint.status == Status.WAITING_ON_CUSTOMER:
        lifecycle.perform(complaint, "customer_replied", actor=customer)
    # As on the tracking page, the owner is told (committed with the message: an outbox).
    if complaint.owner_id is not None:
        tell_owner.enqueue(message.pk)
    refused = _keep_attachments(parsed, complaint, message)
    notes = [refused] if refused else []
    if not complaint.is_open:
        # Never reopened by a reply: a "thank you" must not undo a decision. The owner reads
        # it and reopens if need be, as the customer can on the tracking page (docs/intake.md),
        # which the customer is told at once.
        answer_reply_to_closed(complaint)
        notes.insert(
            0,
            _(
                "Complaint %(reference)s is %(status)s: the reply was added to it and its owner "
                "told; it was not reopened."
            )
            % {"reference": complaint.reference, "status": complaint.get_status_display()},
        )
    return _Outcome(
        MailStatus.THREADED, reason="\n".join(notes), complaint=complaint, message=message
    )


def _keep_attachments(parsed: ParsedMail, complaint: Complaint, message: Message | None) -> str:
    """Store every acceptable file through the one attachment store; the refusals are
    returned as text, and the rest of the mail is kept."""
    kept = keep_attachments(
        complaint=complaint,
        message=message,
        files=[
            IncomingFile.from_bytes(part.filename, part.content_type, part.data)
            for part in parsed.parts
        ],
        actor_label=parsed.sender,
    )
    return "\n".join(str(refusal) for refusal in kept.refused)


def _language_of(parsed: ParsedMail) -> str:
    """The language the sender declared, else the one detected in the text, else English."""
    supported = {code for code, _name in settings.LANGUAGES}
    if parsed.language in supported:
        return parsed.language
    detected = _detected_language(f"{parsed.subject}\n{parsed.text}".strip())
    return detected if detected in supported else "en"


def _detected_language(text: str) -> str:
    return detect_language(text) or "en" if text else "en"


def _held(mail_id: int, actor: User, statuses: Container[str]) -> InboundMail:
    if not (actor.is_superuser or actor.role == Role.ADMIN):
        raise RoleNotAllowed(f"a {actor.role} may not handle held e-mail")
    mail = InboundMail.objects.select_for_update().get(pk=mail_id)
    if mail.status not in statuses:
        raise MailNotPending(
            _("This e-mail is %(status)s; there is nothing to do.")
            % {"status": mail.get_status_display()}
        )
    return mail


def _audit(mail: InboundMail, actor: User, action: str, before: str) -> None:
    record(
        action=action,
        actor=actor,
        complaint=mail.complaint,
        subject=f"inbound_mail:{mail.pk}",
        note=f"{before} → {mail.status}",
    )


@transaction.atomic
def reprocess_mail(*, mail_id: int, actor: User) -> InboundMail:
    """Read a quarantined or held message again, e.g. after the fault that stopped it was
    fixed. It ends wherever a new delivery of it would."""
    mail = _held(mail_id, actor, PENDING)
    if mail.size > len(mail.raw):
        raise MailNotPending(_("Only the headers of this e-mail were kept; fetch it by hand."))
    before = mail.status
    _process(mail)
    _audit(mail, actor, "mail.reprocessed", before)
    return mail


@transaction.atomic
def file_held_mail_as_new(*, mail_id: int, actor: User) -> InboundMail:
    """The reviewer judged a held message to be a complaint of its own."""
    mail = _held(mail_id, actor, {MailStatus.REVIEW})
    before = mail.status
    _process(mail, route="new")
    _audit(mail, actor, "mail.filed_by_reviewer", before)
    return mail


@transaction.atomic
def add_held_mail_to_named_complaint(*, mail_id: int, actor: User) -> InboundMail:
    """The reviewer vouched that the sender speaks for the customer of the complaint named in
    the subject (e.g. they wrote from another address)."""
    mail = _held(mail_id, actor, {MailStatus.REVIEW})
    if mail.named_complaint_id is None:
        raise MailNotPending(_("This e-mail names no complaint."))
    before = mail.status
    _process(mail, route="named")
    _audit(mail, actor, "mail.added_by_reviewer", before)
    return mail


@transaction.atomic
def dismiss_mail(*, mail_id: int, actor: User) -> InboundMail:
    """The reviewer judged a held or unreadable message to need nothing (spam, a test)."""
    mail = _held(mail_id, actor, PENDING)
    before = mail.status
    mail.status = MailStatus.DISMISSED
    mail.save(update_fields=["status"])
    _audit(mail, actor, "mail.dismissed", before)
    return mail
