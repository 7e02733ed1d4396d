"""The one table of reactions: when a lifecycle action succeeds, what happens next.

Reactions run inside the action's transaction, so what they queue commits with the change.
Listed here rather than hidden in signals, so the whole flow can be read in one place."""

from __future__ import annotations

from collections.abc import Callable

from complaintdesk.accounts.models import Party, User
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.services import mark_first_response
from complaintdesk.notifications.services import tell_customer

Reaction = Callable[[Complaint, User | Party, str], None]


def _tell(kind: str, *, first_response: bool = False) -> Reaction:
    def reaction(complaint: Complaint, actor: User | Party, note: str) -> None:
        tell_customer(complaint, kind, note=note)
        if first_response and isinstance(actor, User):
            mark_first_response(complaint)

    reaction.__name__ = f"tell_customer_{kind}"
    return reaction


REACTIONS: dict[str, list[Reaction]] = {
    "acknowledge": [_tell("acknowledgement")],
    "request_information": [_tell("information_requested", first_response=True)],
    "propose_remedy": [_tell("remedy_proposed", first_response=True)],
    "resolve": [_tell("resolved", first_response=True)],
    "close": [_tell("closed")],
    "reopen": [_tell("reopened")],
    "withdraw": [_tell("withdrawn")],
}


def react(action: str, complaint: Complaint, *, actor: User | Party, note: str) -> None:
    for reaction in REACTIONS.get(action, []):
        reaction(complaint, actor, note)
