"""Taking a complaint from the queue (exactly one of two at the same moment gets it) and a
supervisor reassigning one, each with its reason in the audit trail."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from complaintdesk.accounts.models import Role
from complaintdesk.audit.models import Event
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.routing.services import reassign_complaint, take_complaint
from complaintdesk.sla.models import Clock, SlaPolicy
from tests.factories import UserFactory, complaint_in


@pytest.fixture
def unowned(agent, billing):
    return complaint_in(Status.TRIAGED, actor=agent, department=billing)


@pytest.mark.django_db
def test_an_agent_takes_an_unowned_complaint_of_their_department(agent, unowned):
    take_complaint(complaint=unowned, actor=agent)

    unowned.refresh_from_db()
    event = Event.objects.filter(complaint=unowned).latest("id")
    assert unowned.owner == agent
    assert (event.action, event.changes["owner"][0]) == ("complaint.taken", None)


@pytest.mark.django_db
def test_a_complaint_someone_has_taken_cannot_be_taken_again(agent, handler, unowned):
    take_complaint(complaint=unowned, actor=handler)

    with pytest.raises(lifecycle.ActionNotAllowed, match="Hugo has already taken"):
        take_complaint(complaint=Complaint.objects.get(pk=unowned.pk), actor=agent)


@pytest.mark.django_db
def test_someone_of_another_department_may_not_take_it(outsider, unowned):
    with pytest.raises(lifecycle.RoleNotAllowed):
        take_complaint(complaint=unowned, actor=outsider)


@pytest.mark.django_db(transaction=True)
def test_two_agents_taking_the_same_complaint_at_once_only_one_gets_it(agent, handler, unowned):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite lets one writer in at a time, so nothing races")
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def take(person) -> None:
        try:
            complaint = Complaint.objects.get(pk=unowned.pk)
            barrier.wait()
            take_complaint(complaint=complaint, actor=person)
            outcomes[person.username] = "taken"
        except lifecycle.ActionNotAllowed:
            outcomes[person.username] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(p,)) for p in (agent, handler)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    owner = Complaint.objects.get(pk=unowned.pk).owner
    assert sorted(outcomes.values()) == ["refused", "taken"]
    assert outcomes[owner.username] == "taken"
    assert Event.objects.filter(action="complaint.taken").count() == 1


@pytest.mark.django_db
def test_a_supervisor_reassigns_with_a_reason(supervisor, agent, handler, unowned):
    reassign_complaint(
        complaint=unowned, actor=supervisor, owner=handler, reason="Hugo knows this customer."
    )

    event = Event.objects.filter(complaint=unowned).latest("id")
    assert unowned.owner == handler
    assert (event.action, event.note) == ("complaint.reassigned", "Hugo knows this customer.")


@pytest.mark.django_db
def test_reassigning_without_a_reason_is_refused_naming_the_field(supervisor, handler, unowned):
    with pytest.raises(lifecycle.InvalidFields) as refusal:
        reassign_complaint(complaint=unowned, actor=supervisor, owner=handler, reason=" ")

    assert set(refusal.value.errors) == {"reason"}


@pytest.mark.django_db
def test_an_agent_may_not_reassign(agent, handler, unowned):
    with pytest.raises(lifecycle.RoleNotAllowed):
        reassign_complaint(complaint=unowned, actor=agent, owner=handler, reason="Mine.")


@pytest.mark.django_db
def test_nobody_away_is_given_a_complaint_by_hand(supervisor, handler, unowned):
    handler.absent = True
    handler.save()

    with pytest.raises(lifecycle.InvalidFields, match="away"):
        reassign_complaint(complaint=unowned, actor=supervisor, owner=handler, reason="Cover.")


@pytest.mark.django_db
def test_a_new_department_chooses_an_owner_there_and_recounts_the_deadlines(
    supervisor, unowned, delivery, settings
):
    SlaPolicy.objects.create(name="Standard")
    delivery.time_zone = "Asia/Shanghai"
    delivery.save()
    yan = UserFactory(username="yan", role=Role.HANDLER, departments=[delivery])
    before = Clock.objects.get(complaint=unowned, kind="first_response").due_at

    reassign_complaint(
        complaint=unowned, actor=supervisor, department=delivery, reason="A delivery matter."
    )

    after = Clock.objects.get(complaint=unowned, kind="first_response").due_at
    assert (unowned.department, unowned.owner) == (delivery, yan)
    assert after != before
    assert Event.objects.filter(complaint=unowned, action="sla.recomputed").exists()
