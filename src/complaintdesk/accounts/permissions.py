"""Who may do what: the one table of what each role can do, and the rule every URL and every
API operation answers to.

Three layers decide together, each in one place:
- here, what a role can do at all (ROLE_CAN), and which capability each page and API operation
  needs (URL_RULES, API_RULES); a URL or an operation without a rule is refused (fail closed);
- complaints.selectors.scoped_complaints, which complaints a person can see at all (404 outside);
- complaints.lifecycle.TRANSITIONS, which role may take which action on a complaint.

PermissionGate (accounts.middleware) applies URL_RULES to every request; guard_api() applies
API_RULES to every operation of the JSON API. docs/security.md shows the same tables, drawn from
here by role_table_markdown() (a test keeps it current).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import HttpError

from complaintdesk.accounts.models import Role, User

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django.urls import ResolverMatch
    from ninja import NinjaAPI
    from ninja.operation import Operation

logger = logging.getLogger(__name__)


class Can(StrEnum):
    """What a role can do. Which complaints it applies to is the scope's business."""

    READ_COMPLAINTS = "read_complaints"
    READ_ALL_COMPLAINTS = "read_all_complaints"
    READ_UNROUTED = "read_unrouted"
    FILE_COMPLAINTS = "file_complaints"
    CHANGE_ASSESSMENT = "change_assessment"
    REASSIGN = "reassign"
    COORDINATE = "coordinate"
    TAKE_ACTIONS = "take_actions"
    WRITE_NOTES = "write_notes"
    WRITE_TO_CUSTOMERS = "write_to_customers"
    RELATE_COMPLAINTS = "relate_complaints"
    READ_AUDIT_TRAIL = "read_audit_trail"
    EXPORT_CUSTOMER_DATA = "export_customer_data"
    ERASE_CUSTOMER_DATA = "erase_customer_data"
    LEAD_IMPROVEMENT = "lead_improvement"
    CONFIGURE = "configure"


CAPABILITY_LABELS: dict[Can, Any] = {
    Can.READ_COMPLAINTS: gettext_lazy("Read complaints in scope, their messages and files"),
    Can.READ_ALL_COMPLAINTS: gettext_lazy("Scope is every complaint"),
    Can.READ_UNROUTED: gettext_lazy("Scope includes complaints not yet routed"),
    Can.FILE_COMPLAINTS: gettext_lazy("Take complaints in (console, API)"),
    Can.CHANGE_ASSESSMENT: gettext_lazy("Change the assessment; take an unowned complaint"),
    Can.REASSIGN: gettext_lazy("Reassign to another person or department (with a reason)"),
    Can.COORDINATE: gettext_lazy("Coordinate departments: tasks, letting someone see it"),
    Can.TAKE_ACTIONS: gettext_lazy("Take lifecycle actions (which ones: the lifecycle table)"),
    Can.WRITE_NOTES: gettext_lazy("Write internal notes"),
    Can.WRITE_TO_CUSTOMERS: gettext_lazy("Write to customers"),
    Can.RELATE_COMPLAINTS: gettext_lazy("Link, merge and split complaints"),
    Can.READ_AUDIT_TRAIL: gettext_lazy("Read the audit trail of complaints in scope"),
    Can.EXPORT_CUSTOMER_DATA: gettext_lazy("Export all data about one customer"),
    Can.ERASE_CUSTOMER_DATA: gettext_lazy("Erase a customer's personal data"),
    Can.LEAD_IMPROVEMENT: gettext_lazy(
        "Lead improvement: corrective actions, problems, spike alerts, reports"
    ),
    Can.CONFIGURE: gettext_lazy("Configuration and users (the admin site)"),
}

_FRONT_LINE = frozenset(
    {
        Can.READ_COMPLAINTS,
        Can.FILE_COMPLAINTS,
        Can.CHANGE_ASSESSMENT,
        Can.TAKE_ACTIONS,
        Can.COORDINATE,
        Can.WRITE_NOTES,
        Can.WRITE_TO_CUSTOMERS,
        Can.RELATE_COMPLAINTS,
        Can.READ_AUDIT_TRAIL,
    }
)

ROLE_CAN: dict[str, frozenset[Can]] = {
    # Their department's complaints, those assigned to them, and what nobody routed yet.
    Role.AGENT: _FRONT_LINE | {Can.READ_UNROUTED},
    # Their department's complaints and their coordination tasks.
    Role.HANDLER: _FRONT_LINE,
    # Their department; reassignment is a change of department or owner.
    Role.SUPERVISOR: _FRONT_LINE | {Can.READ_UNROUTED, Can.REASSIGN, Can.LEAD_IMPROVEMENT},
    # Everything, read; for the quality process notes, reopening, reassigning and leading the
    # departments on an abnormal complaint; customers' data rights.
    Role.QUALITY_MANAGER: frozenset(
        {
            Can.READ_COMPLAINTS,
            Can.READ_ALL_COMPLAINTS,
            Can.TAKE_ACTIONS,
            Can.REASSIGN,
            Can.COORDINATE,
            Can.WRITE_NOTES,
            Can.READ_AUDIT_TRAIL,
            Can.EXPORT_CUSTOMER_DATA,
            Can.ERASE_CUSTOMER_DATA,
            Can.LEAD_IMPROVEMENT,
        }
    ),
    # Configuration and users; complaints and their trail only read, never changed.
    Role.ADMIN: frozenset(
        {Can.READ_COMPLAINTS, Can.READ_ALL_COMPLAINTS, Can.READ_AUDIT_TRAIL, Can.CONFIGURE}
    ),
    # Read-only everything, the audit trail included.
    Role.AUDITOR: frozenset({Can.READ_COMPLAINTS, Can.READ_ALL_COMPLAINTS, Can.READ_AUDIT_TRAIL}),
}


def capabilities_of(user: Any) -> frozenset[Can]:
    """What this person can do: nothing unless signed in and active."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return frozenset()
    return ROLE_CAN.get(getattr(user, "role", ""), frozenset())


def may(user: Any, capability: Can) -> bool:
    return capability in capabilities_of(user)


def roles_that(capability: Can) -> frozenset[str]:
    return frozenset(role for role, capabilities in ROLE_CAN.items() if capability in capabilities)


class Access(StrEnum):
    PUBLIC = "public"
    # The customer, holding the unguessable link to their complaint (the view checks it).
    TRACKING_LINK = "tracking_link"
    # Another system, signing the request with its source's secret (the operation checks it).
    SIGNED_SOURCE = "signed_source"
    # Any signed-in staff member, e.g. their own second factor.
    SIGNED_IN = "signed_in"
    # Signed-in staff whose role can do one of the capabilities named.
    STAFF = "staff"
    # A JSON API operation: decided per operation by API_RULES.
    API = "api"
    # Nobody: what has no rule yet.
    NOBODY = "nobody"


@dataclass(frozen=True)
class Rule:
    access: Access
    any_of: frozenset[Can] = field(default_factory=frozenset)

    def admits(self, user: Any) -> bool:
        """Whether this caller passes the rule's own check (a tracking link, a signature or an
        API operation's rule is checked further on)."""
        if self.access == Access.STAFF:
            return bool(self.any_of & capabilities_of(user))
        if self.access == Access.SIGNED_IN:
            return bool(getattr(user, "is_authenticated", False) and user.is_active)
        return self.access != Access.NOBODY

    @property
    def needs_sign_in(self) -> bool:
        return self.access in {Access.STAFF, Access.SIGNED_IN}


PUBLIC = Rule(Access.PUBLIC)
TRACKING_LINK = Rule(Access.TRACKING_LINK)
SIGNED_SOURCE = Rule(Access.SIGNED_SOURCE)
SIGNED_IN = Rule(Access.SIGNED_IN)
API = Rule(Access.API)
NO_RULE = Rule(Access.NOBODY)


def staff(*capabilities: Can) -> Rule:
    return Rule(Access.STAFF, frozenset(capabilities))


# Every page, by its URL name. A name missing here is refused (see PermissionGate).
URL_RULES: dict[str, Rule] = {
    "healthz": PUBLIC,
    "set_language": PUBLIC,
    # Staff sign-in and their own second factor.
    "console:login": PUBLIC,
    "console:logout": PUBLIC,
    "accounts:second_factor": PUBLIC,
    "accounts:two_factor": SIGNED_IN,
    # The console.
    "console:queue": staff(Can.READ_COMPLAINTS),
    "console:queue_csv": staff(Can.READ_COMPLAINTS),
    "console:complaint": staff(Can.READ_COMPLAINTS),
    "console:attachment": staff(Can.READ_COMPLAINTS),
    "console:new_complaint": staff(Can.FILE_COMPLAINTS),
    "console:edit": staff(Can.CHANGE_ASSESSMENT),
    "console:correct": staff(Can.CHANGE_ASSESSMENT),
    "console:note": staff(Can.WRITE_NOTES),
    "console:reply": staff(Can.WRITE_TO_CUSTOMERS),
    "console:action": staff(Can.TAKE_ACTIONS),
    # Who answers for it (routing); the services check the finer rules, as in API_RULES.
    "console:take": staff(Can.CHANGE_ASSESSMENT),
    "console:reassign": staff(Can.REASSIGN),
    "console:add_task": staff(Can.COORDINATE),
    "console:finish_task": staff(Can.COORDINATE),
    # Related complaints (relations): the panel on the complaint page, and its changes.
    "relations:panel": staff(Can.READ_COMPLAINTS),
    "relations:link": staff(Can.RELATE_COMPLAINTS),
    "relations:unlink": staff(Can.RELATE_COMPLAINTS),
    "relations:merge": staff(Can.RELATE_COMPLAINTS),
    "relations:split": staff(Can.RELATE_COMPLAINTS),
    # The figures (insights): every figure is counted within the reader's own scope.
    "insights:dashboard": staff(Can.READ_COMPLAINTS),
    # The improvement process (insights): read by those who lead it and by whoever sees every
    # complaint (auditors); changed only by those who lead it.
    "insights:actions": staff(Can.LEAD_IMPROVEMENT, Can.READ_ALL_COMPLAINTS),
    "insights:action": staff(Can.LEAD_IMPROVEMENT, Can.READ_ALL_COMPLAINTS),
    "insights:problems": staff(Can.LEAD_IMPROVEMENT),
    "insights:problem": staff(Can.LEAD_IMPROVEMENT),
    "insights:spikes": staff(Can.LEAD_IMPROVEMENT, Can.READ_ALL_COMPLAINTS),
    "insights:new_action": staff(Can.LEAD_IMPROVEMENT),
    "insights:move_action": staff(Can.LEAD_IMPROVEMENT),
    "insights:dismiss_spike": staff(Can.LEAD_IMPROVEMENT),
    "insights:audits": staff(Can.LEAD_IMPROVEMENT),
    "insights:audit": staff(Can.LEAD_IMPROVEMENT),
    "insights:reviews": staff(Can.LEAD_IMPROVEMENT),
    # Lessons learned: read by all staff; a closed complaint is kept as one by note writers.
    "insights:lessons": staff(Can.READ_COMPLAINTS),
    "insights:lessons_panel": staff(Can.READ_COMPLAINTS),
    "insights:mark_lesson": staff(Can.WRITE_NOTES),
    # Investigation, remedy plans and compensation (resolution): each form's service checks
    # the finer rule; the approvals list shows only what the person may decide.
    "resolution:write": staff(Can.WRITE_NOTES, Can.TAKE_ACTIONS),
    "resolution:approvals": staff(Can.TAKE_ACTIONS),
    "resolution:comment": TRACKING_LINK,
    # Customers' data rights.
    "privacy:customers": staff(Can.EXPORT_CUSTOMER_DATA, Can.ERASE_CUSTOMER_DATA),
    "privacy:export": staff(Can.EXPORT_CUSTOMER_DATA),
    "privacy:erase": staff(Can.ERASE_CUSTOMER_DATA),
    # Who read sensitive records: for whoever sees every complaint and its trail (auditors).
    "privacy:reads": staff(Can.READ_ALL_COMPLAINTS),
    # The customer's side.
    "webform:complain": PUBLIC,
    "webform:received": PUBLIC,
    "webform:privacy": PUBLIC,
    "portal:new_link": PUBLIC,
    "portal:track": TRACKING_LINK,
    "portal:add_information": TRACKING_LINK,
    "portal:respond": TRACKING_LINK,
    "portal:file": TRACKING_LINK,
    # The follow-up (followup): the survey link is signed, the position form takes the
    # tracking link; the reply templates fill the console's reply box.
    "followup:survey": TRACKING_LINK,
    "followup:final_position": TRACKING_LINK,
    "followup:reply_template": staff(Can.WRITE_TO_CUSTOMERS),
    # The API describes itself to anyone; its operations are ruled by API_RULES.
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:api-root": PUBLIC,
    # The admin site's own sign-in goes to the console's (throttled, second factor).
    "admin:login": PUBLIC,
    "admin:logout": PUBLIC,
}
# Whole URL namespaces under one rule, for names another app generates.
NAMESPACE_RULES: dict[str, Rule] = {
    "admin": staff(Can.CONFIGURE),
    "api": API,
}

# Every operation of the JSON API, by its operation id. guard_api() refuses to start an API
# with an operation missing here.
API_RULES: dict[str, Rule] = {
    "file_complaint": staff(Can.FILE_COMPLAINTS),
    "list_complaints": staff(Can.READ_COMPLAINTS),
    "read_complaint": staff(Can.READ_COMPLAINTS),
    "change_complaint": staff(Can.CHANGE_ASSESSMENT),
    "take_action": staff(Can.TAKE_ACTIONS),
    "list_events": staff(Can.READ_AUDIT_TRAIL),
    "list_messages": staff(Can.READ_COMPLAINTS),
    # Which of the two a message is (a note or a reply) the service checks.
    "write_message": staff(Can.WRITE_NOTES, Can.WRITE_TO_CUSTOMERS),
    "receive_signed_complaint": SIGNED_SOURCE,
    # Who answers for a complaint and who works with the lead (routing); the services check
    # the finer rules (a supervisor of its department, the lead, the task's owner).
    "take_complaint": staff(Can.CHANGE_ASSESSMENT),
    "reassign_complaint": staff(Can.REASSIGN),
    "list_tasks": staff(Can.READ_COMPLAINTS),
    "add_task": staff(Can.COORDINATE),
    "complete_task": staff(Can.COORDINATE),
    "close_task": staff(Can.COORDINATE),
    "grant_access": staff(Can.COORDINATE),
    # Investigation, root cause, remedy plans and compensation (resolution); the services check
    # the finer rules (who plans, step owners, compensation limits, never one's own request).
    "list_investigation": staff(Can.READ_COMPLAINTS),
    "add_investigation_entry": staff(Can.WRITE_NOTES),
    "read_root_cause": staff(Can.READ_COMPLAINTS),
    "record_root_cause": staff(Can.WRITE_NOTES),
    "customer_history": staff(Can.READ_COMPLAINTS),
    "list_plans": staff(Can.READ_COMPLAINTS),
    "draft_plan": staff(Can.TAKE_ACTIONS),
    "add_plan_step": staff(Can.TAKE_ACTIONS),
    "propose_plan": staff(Can.TAKE_ACTIONS),
    "record_plan_answer": staff(Can.TAKE_ACTIONS),
    "complete_plan_step": staff(Can.TAKE_ACTIONS),
    "cancel_plan_step": staff(Can.TAKE_ACTIONS),
    "list_compensation": staff(Can.READ_COMPLAINTS),
    "request_compensation": staff(Can.TAKE_ACTIONS),
    "approve_compensation": staff(Can.TAKE_ACTIONS),
    "decline_compensation": staff(Can.TAKE_ACTIONS),
    "pay_compensation": staff(Can.TAKE_ACTIONS),
    "reverse_compensation": staff(Can.TAKE_ACTIONS),
    "list_pending_compensation": staff(Can.TAKE_ACTIONS),
    # The follow-up (followup): surveys and progress updates read; the customer's position
    # on a decision taken down by staff; reply templates filled for a complaint.
    "list_surveys": staff(Can.READ_COMPLAINTS),
    "list_progress_updates": staff(Can.READ_COMPLAINTS),
    "list_final_positions": staff(Can.READ_COMPLAINTS),
    "record_final_position": staff(Can.WRITE_TO_CUSTOMERS),
    "list_reply_templates": staff(Can.WRITE_TO_CUSTOMERS),
    # The figures, counted within the caller's scope (insights).
    "insights_dashboard": staff(Can.READ_COMPLAINTS),
    # Related complaints (relations): links both ways, possible duplicates, merge and split.
    "list_links": staff(Can.READ_COMPLAINTS),
    "list_possible_duplicates": staff(Can.READ_COMPLAINTS),
    "link_complaint": staff(Can.RELATE_COMPLAINTS),
    "unlink_complaint": staff(Can.RELATE_COMPLAINTS),
    "merge_complaint": staff(Can.RELATE_COMPLAINTS),
    "split_complaint": staff(Can.RELATE_COMPLAINTS),
    # Who read sensitive records (privacy): for whoever sees every complaint and its trail.
    "list_sensitive_reads": staff(Can.READ_ALL_COMPLAINTS),
}


def rule_for(match: ResolverMatch) -> Rule:
    """The rule of the URL a request resolved to; NO_RULE when it has none."""
    if match.url_name and match.view_name in URL_RULES:
        return URL_RULES[match.view_name]
    for namespace in match.namespaces[:1]:
        if namespace in NAMESPACE_RULES:
            return NAMESPACE_RULES[namespace]
    return NO_RULE


class PermissionRefused(HttpError):
    """The caller's role may not use this operation (HTTP 403, whichever API it is in)."""

    def __init__(self, message: str) -> None:
        super().__init__(403, message)


class _CheckedAuth:
    """One of the operation's own ways of authenticating, then its rule: 401 for no
    credentials, 403 for a role that may not use the operation, both before the input is read.
    Shown in the OpenAPI document as the authentication it wraps."""

    def __init__(self, inner: Any, rule: Rule, operation_id: str) -> None:
        self.inner = inner
        self.rule = rule
        self.operation_id = operation_id

    def __call__(self, request: HttpRequest) -> Any:
        if self.rule.access == Access.NOBODY:
            logger.error("refused %s: it has no rule in accounts.permissions", self.operation_id)
            raise PermissionRefused(
                _("%(operation)s is not open to anyone yet.") % {"operation": self.operation_id}
            )
        result = self.inner(request)
        if not result:
            return None
        if self.rule.access == Access.STAFF and not (
            isinstance(result, User) and self.rule.admits(result)
        ):
            raise PermissionRefused(
                _("a %(role)s may not use %(operation)s")
                % {"role": getattr(result, "role", "caller"), "operation": self.operation_id}
            )
        return result


def _checked(inner: Any, rule: Rule, operation_id: str) -> _CheckedAuth:
    # The OpenAPI document names a security scheme by the class of the authentication.
    attributes: dict[str, Any] = {}
    if hasattr(inner, "openapi_security_schema"):
        attributes["openapi_security_schema"] = inner.openapi_security_schema
    wrapper = type(type(inner).__name__, (_CheckedAuth,), attributes)
    return wrapper(inner, rule, operation_id)


class _NoCredentials:
    """For an operation without a rule that takes no credentials: refused all the same."""

    def __call__(self, request: HttpRequest) -> bool:
        return True


def api_operations(api: NinjaAPI) -> Iterator[tuple[str, Operation]]:
    """Every operation of the API with its operation id."""
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                yield operation.operation_id or api.get_openapi_operation_id(operation), operation


def guard_api(api: NinjaAPI) -> None:
    """Put every operation of the API under its rule. An operation without a rule is refused
    to everyone (and tests/security/test_url_walk.py names it); one that takes no credentials
    while its rule is not public stops start-up."""
    for operation_id, operation in api_operations(api):
        rule = API_RULES.get(operation_id, NO_RULE)
        if rule.access == Access.PUBLIC:
            continue
        if not operation.auth_callbacks and rule.access != Access.NOBODY:
            raise ImproperlyConfigured(
                f"API operation {operation_id!r} takes no credentials but its rule is {rule}"
            )
        if any(isinstance(callback, _CheckedAuth) for callback in operation.auth_callbacks):
            continue
        callbacks = operation.auth_callbacks or [_NoCredentials()]
        operation.auth_callbacks = [_checked(inner, rule, operation_id) for inner in callbacks]


def role_table_markdown() -> str:
    """The roles table of docs/security.md."""
    roles = list(ROLE_CAN)
    header = "| capability | " + " | ".join(roles) + " |"
    lines = [header, "| --- |" + " :-: |" * len(roles)]
    for capability in Can:
        marks = " | ".join("✓" if capability in ROLE_CAN[role] else "" for role in roles)
        lines.append(f"| {CAPABILITY_LABELS[capability]} | {marks} |")
    return "\n".join(lines)
