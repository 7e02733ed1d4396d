"""Who in the department gets a new complaint: someone who reads its language, preferring the
skill it needs, with the fewest complaints in hand (or in turn); never someone away."""

from __future__ import annotations

import pytest

from complaintdesk.accounts.models import Assignment, Role
from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.routing.models import RoutingRule, Team
from complaintdesk.routing.selectors import choose_owner
from complaintdesk.sla.models import StaffAlert
from tests.factories import CategoryFactory, UserFactory, complaint_in, file

pytestmark = pytest.mark.django_db


def test_a_chinese_complaint_goes_to_someone_who_reads_chinese(default_to_billing, agent, wei):
    complaint = file(subject="订单被重复扣款", language="zh-hans")

    assert complaint.owner == wei


def test_it_goes_to_whoever_has_the_fewest_complaints_in_hand(billing, agent, handler):
    for _ in range(2):
        held = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
        Complaint.objects.filter(pk=held.pk).update(owner=agent)
    resolved = complaint_in(Status.RESOLVED, actor=agent, department=billing)
    Complaint.objects.filter(pk=resolved.pk).update(owner=handler)

    assert choose_owner(billing, file()).owner == handler


def test_round_robin_gives_it_to_whoever_waited_longest(default_to_billing, agent, handler):
    default_to_billing.assignment = Assignment.ROUND_ROBIN
    default_to_billing.save()

    owners = [file().owner for _ in range(4)]

    assert owners == [agent, handler, agent, handler]


def test_someone_away_receives_none(default_to_billing, agent, handler):
    agent.absent = True
    agent.save()

    assert {file().owner for _ in range(3)} == {handler}


def test_a_department_that_takes_from_the_queue_gets_no_owner(default_to_billing, agent):
    default_to_billing.assignment = Assignment.MANUAL
    default_to_billing.save()

    assert file().owner is None


def test_when_nobody_reads_the_language_a_supervisor_decides(default_to_billing, agent, supervisor):
    complaint = file(subject="Double prélèvement", language="fr")

    assert complaint.owner == supervisor
    assert (
        "Nobody available in Billing reads French"
        in complaint.events.get(action="complaint.routed").note
    )


def test_the_skill_wanted_by_the_complaints_category_is_preferred(billing, agent, handler):
    handler.skills = ["refunds"]
    handler.save()
    complaint = file()
    complaint.category = CategoryFactory(code="refunds")

    assert choose_owner(billing, complaint).owner == handler


def test_a_rule_may_name_a_person(billing, agent, handler):
    RoutingRule.objects.create(name="Hugo's", department=billing, owner=handler)

    assert file().owner == handler


def test_a_person_named_by_a_rule_who_is_away_is_replaced(billing, agent, handler):
    handler.absent = True
    handler.save()
    RoutingRule.objects.create(name="Hugo's", department=billing, owner=handler)

    complaint = file()

    assert complaint.owner == agent
    assert "Hugo is away" in complaint.events.get(action="complaint.routed").note


def test_a_rule_may_send_it_to_a_team(billing, agent, handler):
    refunds = Team.objects.create(department=billing, name="Refunds")
    refunds.members.add(handler)
    RoutingRule.objects.create(name="Refunds", department=billing, team=refunds)

    assert file().owner == handler


def test_the_new_owner_is_told_in_the_console(default_to_billing, agent):
    complaint = file()

    alert = StaffAlert.objects.get(recipient=agent, kind="assigned")
    assert (alert.complaint, alert.mail_state) == (complaint, "")


def test_quality_managers_and_auditors_are_never_given_complaints(default_to_billing):
    UserFactory(username="q", role=Role.QUALITY_MANAGER, departments=[default_to_billing])

    assert file().owner is None
