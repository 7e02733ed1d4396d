"""Random walks through the lifecycle keep its invariants: the version only grows, each
successful action writes exactly one event of its own, a refused one writes none at all, and a
closed complaint always has an outcome. (A reaction that is an action of its own, such as the
survey sent on `resolve`, writes its own event besides.)"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from complaintdesk.audit.models import Event
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.models import Outcome, Status
from tests.factories import CategoryFactory, file, ready_for

ALL_ACTIONS = sorted(lifecycle.TRANSITIONS)
NOTES = st.sampled_from(["", "Because the customer asked."])
OPTIONAL_FIELDS = {
    "triage": st.fixed_dictionaries(
        {},
        optional={
            "severity": st.sampled_from(["low", "critical"]),
            "priority": st.sampled_from(["p1", "p4"]),
        },
    ),
    "propose_remedy": st.fixed_dictionaries(
        {}, optional={"remedy_plan": st.sampled_from(["", "Refund."])}
    ),
    "resolve": st.fixed_dictionaries(
        {},
        optional={
            "resolution_summary": st.sampled_from(["", "Refunded."]),
            "outcome": st.sampled_from(Outcome.values),
        },
    ),
    "close": st.fixed_dictionaries(
        {}, optional={"close_reason": st.sampled_from(["", "Confirmed."])}
    ),
}


def _transition_events(complaint):
    """The events the lifecycle's actions wrote (each names the status it led to)."""
    return Event.objects.filter(complaint=complaint).exclude(status_after="").count()


def run_machine(actor, department):
    category = CategoryFactory(code="billing")

    class LifecycleWalk(RuleBasedStateMachine):
        @initialize()
        def new_complaint(self):
            self.complaint = file()
            self.version = self.complaint.version
            self.events = Event.objects.filter(complaint=self.complaint).count()
            self.transitions = _transition_events(self.complaint)

        @rule(note=NOTES, data=st.data())
        def take(self, note, data):
            # Mostly an action the table allows now (so walks get far), sometimes any action
            # (so refusals are exercised too).
            allowed = [a for a in lifecycle.allowed_actions(self.complaint) if a != "withdraw"]
            choices = allowed if allowed and data.draw(st.integers(0, 4)) else ALL_ACTIONS
            action = data.draw(st.sampled_from(choices))
            fields = data.draw(OPTIONAL_FIELDS.get(action, st.just({})))
            if action == "triage" and data.draw(st.booleans()):
                fields |= {"category": category, "department": department, "severity": "high"}
            if action in {"propose_remedy", "resolve"} and data.draw(st.booleans()):
                # A plan to propose, a root cause and its steps done (resolution's guards).
                ready_for(action, self.complaint, actor=actor, **fields)
            try:
                lifecycle.perform(self.complaint, action, actor=actor, note=note, **fields)
            except lifecycle.LifecycleError:
                self.complaint.refresh_from_db()
                assert Event.objects.filter(complaint=self.complaint).count() == self.events
                assert self.complaint.version == self.version
                return
            assert _transition_events(self.complaint) == self.transitions + 1
            self.transitions += 1
            self.events = Event.objects.filter(complaint=self.complaint).count()

        @invariant()
        def version_only_grows(self):
            stored = type(self.complaint).objects.get(pk=self.complaint.pk)
            assert stored.version >= self.version
            self.version = stored.version

        @invariant()
        def a_closed_complaint_has_an_outcome(self):
            stored = type(self.complaint).objects.get(pk=self.complaint.pk)
            if stored.status == Status.CLOSED:
                assert stored.outcome in Outcome.values
                assert stored.closed_at is not None

    LifecycleWalk.TestCase.settings = settings(
        max_examples=40,
        stateful_step_count=20,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    LifecycleWalk.TestCase().runTest()


@pytest.mark.django_db
def test_random_walks_through_the_lifecycle_keep_its_invariants(agent, billing):
    run_machine(agent, billing)
