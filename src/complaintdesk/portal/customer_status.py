"""Each status as the customer reads it: what it means and what happens next, in plain words.
Several internal steps look the same from outside, so they share a wording."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.models import Status


@dataclass(frozen=True)
class CustomerStatus:
    label: str | Promise
    meaning: str | Promise
    next: str | Promise


_REGISTERED = CustomerStatus(
    _("Received"),
    _("Your complaint has been registered and is waiting to be reviewed by our team."),
    _("A member of our team will look at it and contact you by the date shown below."),
)
_LOOKING_INTO_IT = CustomerStatus(
    _("Being looked into"),
    _("Your complaint is with the team responsible, who are looking into what happened."),
    _("We will contact you with what we found, or sooner if we need more information from you."),
)

CUSTOMER_STATUS: dict[str, CustomerStatus] = {
    Status.RECEIVED: _REGISTERED,
    Status.ACKNOWLEDGED: _REGISTERED,
    Status.TRIAGED: _LOOKING_INTO_IT,
    Status.INVESTIGATING: _LOOKING_INTO_IT,
    Status.WAITING_ON_CUSTOMER: CustomerStatus(
        _("Waiting for your answer"),
        _("We need some information from you to continue."),
        _(
            "Please answer using the form on this page. We will continue as soon as we hear "
            "from you."
        ),
    ),
    Status.REMEDY_PROPOSED: CustomerStatus(
        _("Proposal waiting for your answer"),
        _("We have proposed a way to put things right. You can read it below."),
        _(
            "Please tell us whether you accept it. If it does not meet your expectations, tell "
            "us why and we will look at it again."
        ),
    ),
    Status.IN_REMEDY: CustomerStatus(
        _("Being put right"),
        _("You accepted our proposal and we are now carrying it out."),
        _("We will let you know when it is done."),
    ),
    Status.RESOLVED: CustomerStatus(
        _("Decision made"),
        _("We have completed our review and sent you our decision."),
        _(
            "If you are not satisfied with it, you can ask us to look at it again. Your "
            "complaint will then be reviewed by a supervisor."
        ),
    ),
    Status.FOLLOW_UP: CustomerStatus(
        _("Checking that all is well"),
        _("We have finished handling your complaint and want to make sure you are satisfied."),
        _("We may contact you to ask how we did. If something is still wrong, tell us here."),
    ),
    Status.CLOSED: CustomerStatus(
        _("Closed"),
        _("Your complaint is closed. Thank you for giving us the chance to put things right."),
        _("If the problem comes back, you can reopen your complaint on this page."),
    ),
    Status.REOPENED: CustomerStatus(
        _("Reopened"),
        _("Your complaint has been reopened and we are looking at it again."),
        _("We will keep you informed of every step."),
    ),
    Status.WITHDRAWN: CustomerStatus(
        _("Withdrawn"),
        _("Your complaint has been withdrawn."),
        _("If you change your mind, simply contact us again."),
    ),
}


@dataclass(frozen=True)
class CustomerAction:
    label: str | Promise
    note_label: str | Promise
    done: str | Promise


# What a customer may do comes from the lifecycle table; this only says it in their words.
# Answering a question is done by adding information, so "customer_replied" has no button.
CUSTOMER_ACTIONS: dict[str, CustomerAction] = {
    "accept_remedy": CustomerAction(
        _("Accept the proposal"),
        _("Anything you would like to add (optional)"),
        _("Thank you. We have recorded that you accept our proposal and will carry it out."),
    ),
    "reject_remedy": CustomerAction(
        _("Do not accept the proposal"),
        _("Please tell us what does not suit you, so we can look at it again"),
        _("Thank you for telling us. We will look at your complaint again."),
    ),
    "reopen": CustomerAction(
        _("Reopen my complaint"),
        _("Please tell us what is still not right"),
        _("Your complaint has been reopened. We will look at it again and keep you informed."),
    ),
    "withdraw": CustomerAction(
        _("Withdraw my complaint"),
        _("Please tell us briefly why you are withdrawing it"),
        _("Your complaint has been withdrawn. If you change your mind, simply contact us."),
    ),
}
