"""Routing decisions, read-only: which rule a complaint meets and so which department it goes
to, and who in that department should have it. The services apply them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import Assignment, Department, User
from complaintdesk.complaints.lifecycle import HANDLERS
from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.routing.matrix import Matrix, matrix_for
from complaintdesk.routing.models import (
    CoordinationTask,
    RoutingRule,
    RoutingSettings,
    TaskState,
    Team,
)

# What counts as a complaint someone has in hand when balancing the load.
SETTLED = (Status.RESOLVED, Status.FOLLOW_UP, Status.CLOSED, Status.WITHDRAWN)
NEVER = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Facts:
    """What rules look at, read once per complaint."""

    category_ids: frozenset[int]
    # The complaint's category, then its parent, and so on up.
    category_chain: tuple[int, ...]
    category_codes: frozenset[str]
    channel: str
    language: str
    severity: str
    priority: str
    segment: str
    product: str
    text: str


def facts_of(complaint: Complaint) -> Facts:
    chain: list[int] = []
    codes: set[str] = set()
    category = complaint.category
    while category is not None and category.pk not in chain:
        chain.append(category.pk)
        codes.add(category.code)
        category = category.parent
    return Facts(
        category_ids=frozenset(chain),
        category_chain=tuple(chain),
        category_codes=frozenset(codes),
        channel=complaint.channel,
        language=complaint.language,
        severity=complaint.severity,
        priority=complaint.priority,
        segment=complaint.customer.segment,
        product=complaint.product_reference.casefold(),
        text=f"{complaint.subject}\n{complaint.description}".casefold(),
    )


@dataclass(frozen=True)
class Check:
    condition: str
    met: bool


def checks(
    rule: RoutingRule, facts: Facts, category_ids: Iterable[int] | None = None
) -> list[Check]:
    """Each condition the rule sets, and whether the complaint meets it. `category_ids` gives
    the categories of a rule not saved yet."""
    if category_ids is None:
        category_ids = category_ids_of(rule)
    wanted = set(category_ids)
    found = []
    if wanted:
        found.append(Check(_("category"), bool(wanted & facts.category_ids)))
    for label, values, value in (
        (_("channel"), rule.channels, facts.channel),
        (_("language"), rule.languages, facts.language),
        (_("severity"), rule.severities, facts.severity),
        (_("priority"), rule.priorities, facts.priority),
        (_("customer segment"), rule.segments, facts.segment),
    ):
        if values:
            found.append(Check(label, value in values))
    if rule.products:
        found.append(Check(_("product"), any(p.casefold() in facts.product for p in rule.products)))
    keywords = rule.keyword_list()
    if keywords:
        found.append(Check(_("keywords"), any(k in facts.text for k in keywords)))
    return found


def matches(rule: RoutingRule, facts: Facts, category_ids: Iterable[int] | None = None) -> bool:
    return all(check.met for check in checks(rule, facts, category_ids))


# Where active_rules() leaves a rule's category ids.
CATEGORY_IDS = "_routing_category_ids"


def active_rules() -> list[RoutingRule]:
    """The active rules in order, each knowing its category ids (category_ids_of). Only the
    ids: building every linked Category was most of routing's time at filing (about 4 of
    6.5 ms CPU with 20 rules and 200 links, 2026-11-25)."""
    rules = list(
        RoutingRule.objects.filter(active=True)
        .select_related("department", "team", "owner")
        .order_by("position", "id")
    )
    linked: dict[int, list[int]] = {rule.pk: [] for rule in rules}
    links = RoutingRule.categories.through.objects.filter(routingrule_id__in=linked)
    for rule_id, category_id in links.values_list("routingrule_id", "category_id"):
        linked[rule_id].append(category_id)
    for rule in rules:
        setattr(rule, CATEGORY_IDS, linked[rule.pk])
    return rules


def category_ids_of(rule: RoutingRule) -> list[int]:
    """The ids of the rule's categories: as active_rules() read them, else from the database."""
    known: list[int] | None = getattr(rule, CATEGORY_IDS, None)
    if known is not None:
        return known
    return [category.pk for category in rule.categories.all()]


@dataclass(frozen=True)
class Destination:
    department: Department | None
    # The rule that decided (also when the matrix names the same department: its team, person
    # and skill still apply); None when the matrix or the default department decided.
    rule: RoutingRule | None
    explanation: str
    matrix: Matrix | None = None


def first_matching(rules: list[RoutingRule], facts: Facts) -> tuple[RoutingRule, str] | None:
    """The first rule the complaint meets, with the conditions it met."""
    for rule in rules:
        found = checks(rule, facts)
        if all(check.met for check in found):
            return rule, ", ".join(check.condition for check in found) or _("no conditions")
    return None


def rule_outranks_matrix(
    rule: RoutingRule, facts: Facts, matrix: Matrix, category_ids: Iterable[int] | None = None
) -> bool:
    """A rule is more specific than the category's matrix when it sets a condition other than
    the category, or names a category below the one the matrix row belongs to. A rule on the
    same or a broader category, or with no condition at all, gives way to the matrix.
    `category_ids` gives the categories of a rule not saved yet."""
    if rule.looks_beyond_category():
        return True
    if category_ids is None:
        category_ids = category_ids_of(rule)
    depths = [facts.category_chain.index(pk) for pk in category_ids if pk in facts.category_chain]
    return bool(depths) and min(depths) < matrix.depth


def _by_rule(rule: RoutingRule, met: str, matrix: Matrix | None) -> Destination:
    return Destination(
        rule.department,
        rule,
        _("Rule “%(rule)s” (%(met)s) sends it to %(department)s.")
        % {"rule": rule.name, "met": met, "department": rule.department.name},
        matrix,
    )


def destination_for(
    complaint: Complaint,
    rules: list[RoutingRule] | None = None,
    matrix: Matrix | None = None,
) -> Destination:
    """The first active rule the complaint meets decides its department, unless the
    responsibility matrix of its category is at least as specific (see rule_outranks_matrix):
    then the matrix's responsible department does. Else the default department; else none."""
    facts = facts_of(complaint)
    if matrix is None:
        matrix = matrix_for(complaint.category)
    if matrix is not None and matrix.responsible is None:
        matrix = None
    first = first_matching(active_rules() if rules is None else rules, facts)
    if first is not None:
        rule, met = first
        if matrix is None or rule_outranks_matrix(rule, facts, matrix):
            return _by_rule(rule, met, matrix)
    if matrix is not None:
        assert matrix.responsible is not None
        names = {"category": matrix.category.name, "department": matrix.responsible.name}
        if first is not None and first[0].department_id == matrix.responsible.pk:
            agreed = _by_rule(*first, matrix)
            why = _("The responsibility matrix of %(category)s agrees.") % names
            return Destination(
                agreed.department, agreed.rule, f"{agreed.explanation} {why}", matrix
            )
        explanation = (
            _("The responsibility matrix of %(category)s makes %(department)s responsible.") % names
        )
        if first is not None:
            explanation += " " + _(
                "Rule “%(rule)s” is less specific (only the category, or nothing) and gives way."
            ) % {"rule": first[0].name}
        return Destination(matrix.responsible, None, explanation, matrix)
    default = RoutingSettings.current().default_department
    if default is None:
        return Destination(None, None, _("No rule matches and there is no default department."))
    return Destination(
        default,
        None,
        _("No rule matches: the default department, %(department)s.")
        % {"department": default.name},
    )


# The statuses of a complaint someone still has in hand, named one by one so the count reads
# the (owner, status) index for just these instead of every complaint a person ever owned.
IN_HAND = tuple(status for status in Status.values if status not in SETTLED)


def _with_load(people: QuerySet[User]) -> QuerySet[User]:
    # A count per person in a subquery: joining each person's whole history and filtering in
    # the aggregate took 13 ms on 100,000 complaints (every owned row read), at every filing.
    # COUNT(*), not of the id: the (owner, status) index alone answers it, without reading
    # each complaint's row (4.5 -> 3.0 ms for a department of 36 on 100,000, 2026-11-25).
    in_hand = (
        Complaint.objects.filter(owner=OuterRef("pk"), status__in=IN_HAND)
        .order_by()
        .values("owner")
        .annotate(count=Count("*"))
        .values("count")
    )
    return people.annotate(in_hand=Coalesce(Subquery(in_hand), 0))


def available_members(department: Department, team: Team | None = None) -> list[User]:
    """The department's people who can be given complaints: active, handling, not away."""
    people = User.objects.filter(
        is_active=True, absent=False, role__in=HANDLERS, departments=department
    )
    if team is not None:
        people = people.filter(teams=team)
    return list(_with_load(people).order_by("id"))


def _available_supervisors(department: Department) -> list[User]:
    people = User.objects.filter(is_active=True, absent=False, supervised_departments=department)
    return list(_with_load(people).order_by("id"))


def _least_loaded(people: list[User]) -> User:
    return min(
        people,
        key=lambda p: (getattr(p, "in_hand", 0), p.last_assigned_at or NEVER, p.pk),
    )


def _longest_waiting(people: list[User]) -> User:
    return min(people, key=lambda p: (p.last_assigned_at or NEVER, p.pk))


@dataclass(frozen=True)
class Choice:
    owner: User | None
    explanation: str


def choose_owner(
    department: Department,
    complaint: Complaint,
    *,
    team: Team | None = None,
    skill: str = "",
    person: User | None = None,
) -> Choice:
    """Who in the department should have the complaint: the person a rule names if they are
    here; else someone who reads the complaint's language, preferring the skill wanted (the
    rule's, or the complaint's category), with the fewest complaints in hand or next in turn;
    when nobody available reads it, a supervisor, to decide."""
    notes = []
    if person is not None:
        if person.is_active and not person.absent:
            return Choice(person, _("Named by the rule: %(person)s.") % {"person": person})
        notes.append(_("%(person)s is away.") % {"person": person})
    if department.assignment == Assignment.MANUAL:
        notes.append(
            _("%(department)s's team takes complaints from the queue.")
            % {"department": department.name}
        )
        return Choice(None, " ".join(notes))
    people = available_members(department, team)
    readers = [p for p in people if p.reads(complaint.language)]
    if not readers:
        supervisors = _available_supervisors(department)
        if people:
            notes.append(
                _("Nobody available in %(department)s reads %(language)s.")
                % {"department": department.name, "language": complaint.get_language_display()}
            )
        else:
            notes.append(
                _("Nobody in %(department)s is available.") % {"department": department.name}
            )
        if not supervisors:
            return Choice(None, " ".join(notes))
        chosen = _least_loaded(supervisors)
        notes.append(_("Given to the supervisor %(person)s to decide.") % {"person": chosen})
        return Choice(chosen, " ".join(notes))
    wanted = {skill} if skill else set(facts_of(complaint).category_codes)
    skilled = [p for p in readers if wanted & set(p.skills)]
    pool = skilled or readers
    if department.assignment == Assignment.ROUND_ROBIN:
        chosen = _longest_waiting(pool)
        how = _("next in turn")
    else:
        chosen = _least_loaded(pool)
        how = _("fewest complaints in hand (%(count)d)") % {"count": getattr(chosen, "in_hand", 0)}
    if skilled:
        how += ", " + _("with the skill wanted")
    notes.append(
        _("%(person)s reads %(language)s; %(how)s.")
        % {"person": chosen, "language": complaint.get_language_display(), "how": how}
    )
    return Choice(chosen, " ".join(notes))


def tasks_of(complaint: Complaint) -> list[CoordinationTask]:
    return list(
        CoordinationTask.objects.filter(complaint=complaint)
        .select_related("department", "owner", "created_by", "finished_by")
        .order_by("due_at", "id")
    )


def open_tasks(complaint: Complaint) -> QuerySet[CoordinationTask]:
    return CoordinationTask.objects.filter(complaint=complaint, state=TaskState.OPEN)


def task_of(complaint: Complaint, task_id: int) -> CoordinationTask:
    """One task of a complaint the caller already may see; DoesNotExist otherwise."""
    return CoordinationTask.objects.select_related("department", "owner").get(
        complaint=complaint, pk=task_id
    )


def active_user(pk: int) -> User | None:
    return User.objects.filter(pk=pk, is_active=True).first()
