"""The demo organisation's responsibility matrix: for each category, the department
responsible for its complaints (as its routing rules and its stories have it), those consulted
and those informed. A category that already has entries is left as it is, so loading twice
changes nothing."""

from __future__ import annotations

from complaintdesk.accounts.models import Department, User
from complaintdesk.complaints.models import Category, Complaint
from complaintdesk.routing.coordination import close_task, complete_task
from complaintdesk.routing.models import MatrixRole, ResponsibilityEntry
from complaintdesk.routing.selectors import open_tasks

# category code: (responsible, consulted, informed), by department code. A sub-category not
# listed takes its parent's row; "other" has none, so the routing rules decide.
MATRIX: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "billing-and-charges": ("billing", (), ("customer-service",)),
    "billing-wrong-amount": ("billing", ("customer-service",), ()),
    "delivery": ("delivery", (), ("customer-service",)),
    "delivery-damaged": ("delivery", ("quality",), ("customer-service",)),
    "equipment": ("technical-support", (), ("customer-service",)),
    "equipment-installation": ("technical-support", ("delivery",), ()),
    "repair-and-maintenance": ("technical-support", (), ("customer-service",)),
    "service-quality-outage": ("technical-support", (), ("customer-service", "quality")),
    "service-quality-waiting": ("customer-service", (), ()),
    "service-attitude": ("customer-service", (), ("quality",)),
    "product-quality": ("quality", ("technical-support",), ("customer-service",)),
    "emergency-and-safety": ("quality", ("technical-support",), ("customer-service",)),
    "contract-and-sales": ("customer-service", ("billing",), ()),
}


def load_responsibility_matrix() -> None:
    """Runs inside the caller's transaction, after the departments and categories exist."""
    departments = {d.code: d for d in Department.objects.all()}
    categories = {c.code: c for c in Category.objects.filter(code__in=MATRIX)}
    seeded = set(
        ResponsibilityEntry.objects.filter(category__code__in=MATRIX).values_list(
            "category__code", flat=True
        )
    )
    rows = []
    for code, (responsible, consulted, informed) in MATRIX.items():
        if code in seeded or code not in categories:
            continue
        for role, codes in (
            (MatrixRole.RESPONSIBLE, (responsible,)),
            (MatrixRole.CONSULTED, consulted),
            (MatrixRole.INFORMED, informed),
        ):
            rows += [
                ResponsibilityEntry(category=categories[code], department=departments[d], role=role)
                for d in codes
            ]
    ResponsibilityEntry.objects.bulk_create(rows)


def answer_consultations(complaint: Complaint, *, lead: User) -> None:
    """Before a demo complaint is resolved, each department the matrix consulted gives its
    view (its task's owner), or the lead closes the task when nobody there took it."""
    for task in open_tasks(complaint).filter(consultation=True).select_related("owner"):
        if task.owner is not None and task.owner.is_active:
            complete_task(
                complaint=complaint,
                task=task,
                actor=task.owner,
                outcome="Looked at it: nothing to add from our side beyond the notes.",
            )
        else:
            close_task(
                complaint=complaint,
                task=task,
                actor=lead,
                reason="Nobody in the department took it in time; resolved without their view.",
            )
