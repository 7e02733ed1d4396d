"""The demo organisation's routing and deadlines: which department answers for which
category, each department's working hours, the service levels per priority and the
escalation ladder. Found again by name, so loading twice changes nothing."""

from __future__ import annotations

from datetime import timedelta

from complaintdesk.accounts.models import Department
from complaintdesk.complaints.models import Category, Priority, Severity
from complaintdesk.demo.responsibility import load_responsibility_matrix
from complaintdesk.routing.models import RoutingRule, RoutingSettings
from complaintdesk.sla.models import EscalationLadder, EscalationStep, Notify, SlaPolicy

HOUR, DAY = timedelta(hours=1), timedelta(days=1)

# department code: working hours (local time of the department)
WORKING_HOURS = {
    "customer-service": "Mon-Fri 08:00-20:00; Sat 09:00-13:00",
    "billing": "Mon-Fri 09:00-17:30",
    "delivery": "Mon-Sat 07:00-19:00",
    "technical-support": "Mon-Fri 08:00-18:00",
    "quality": "Mon-Fri 09:00-17:00",
}

# (rule name, position, category codes, severities, department code); the first that matches
# decides, and what none matches goes to customer service.
ROUTES = [
    ("Critical complaints to quality and safety", 10, [], [Severity.CRITICAL], "quality"),
    ("Safety to quality and safety", 20, ["emergency-and-safety"], [], "quality"),
    ("Billing to billing", 30, ["billing-and-charges"], [], "billing"),
    ("Delivery to delivery", 40, ["delivery"], [], "delivery"),
    (
        "Equipment and repairs to technical support",
        50,
        ["equipment", "repair-and-maintenance"],
        [],
        "technical-support",
    ),
]
DEFAULT_DEPARTMENT = "customer-service"

# priority: (first response, plan, resolution, follow-up, counted in working hours only)
SERVICE_LEVELS = {
    Priority.P1: (4 * HOUR, 1 * DAY, 3 * DAY, 7 * DAY, False),
    Priority.P2: (8 * HOUR, 2 * DAY, 7 * DAY, 7 * DAY, True),
    Priority.P3: (24 * HOUR, 3 * DAY, 14 * DAY, 7 * DAY, True),
    Priority.P4: (24 * HOUR, 5 * DAY, 21 * DAY, 7 * DAY, True),
}

# share of the time used: who is told
LADDER = [
    (75, Notify.OWNER),
    (100, Notify.SUPERVISORS),
    (150, Notify.HEAD),
    (200, Notify.QUALITY_MANAGERS),
]


def load_service_levels() -> None:
    """Runs inside the caller's transaction, after the departments and categories exist."""
    departments = {d.code: d for d in Department.objects.filter(code__in=WORKING_HOURS)}
    for code, hours in WORKING_HOURS.items():
        Department.objects.filter(code=code, working_hours="Mon-Fri 09:00-17:00").update(
            working_hours=hours
        )
    settings = RoutingSettings.current()
    if settings.default_department_id is None:
        settings.default_department = departments[DEFAULT_DEPARTMENT]
        settings.save(update_fields=["default_department"])
    for name, position, categories, severities, department in ROUTES:
        rule, created = RoutingRule.objects.get_or_create(
            name=name,
            defaults={
                "position": position,
                "severities": [str(s) for s in severities],
                "department": departments[department],
            },
        )
        if created and categories:
            rule.categories.set(Category.objects.filter(code__in=categories))
    for priority, (first, plan, resolution, follow_up, working) in SERVICE_LEVELS.items():
        SlaPolicy.objects.get_or_create(
            name=f"Priority {priority.label}",
            defaults={
                "priority": priority,
                "first_response": first,
                "plan": plan,
                "resolution": resolution,
                "follow_up": follow_up,
                "business_hours": working,
            },
        )
    ladder, created = EscalationLadder.objects.get_or_create(
        department=None, defaults={"name": "Company ladder"}
    )
    if created:
        for percent, notify in LADDER:
            EscalationStep.objects.create(ladder=ladder, percent=percent, notify=notify)
    load_responsibility_matrix()
