"""The company behind the seeded archive: 50 departments (ten functions in five regions), a
200-node category tree and the staff who handle complaints, sized by each department's load.

Written through the product's own models in a few bulk inserts; the two accounts the
benchmarks sign in with get their API tokens from the product's own service."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from complaintdesk.accounts.models import Department, Role, User
from complaintdesk.accounts.services import issue_token
from complaintdesk.complaints.models import Category

FUNCTIONS = (
    "Billing",
    "Deliveries",
    "Quality",
    "Returns",
    "Claims",
    "Installations",
    "Technical support",
    "Online shop",
    "Stores",
    "Customer service",
)
REGIONS = ("Central", "North", "South", "East", "West")
REGION_SHARES = np.array([0.32, 0.22, 0.18, 0.15, 0.13])

# (root, the function whose departments handle it, the text theme of phrases.THEMES, leaves)
# fmt: off
CATEGORY_TREE: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("Billing", "Billing", "billing", (
        "Double charge", "Wrong amount", "Unrecognised charge", "Late payment fee",
        "Direct debit failed", "Invoice missing", "Refund not received",
        "Price differs from offer", "Currency or tax error",
    )),
    ("Payments", "Billing", "billing", (
        "Card declined", "Payment not credited", "Instalment plan", "Voucher not accepted",
        "Gift card balance", "Overpayment", "Chargeback", "Payment reminder in error",
        "Bank transfer lost",
    )),
    ("Contracts", "Billing", "billing", (
        "Unwanted renewal", "Cancellation refused", "Terms changed", "Notice period",
        "Early termination fee", "Price increase", "Mis-sold contract", "Cooling-off period",
        "Contract not sent",
    )),
    ("Delivery delays", "Deliveries", "delivery", (
        "Late delivery", "Missed time slot", "No delivery attempt", "Tracking not updated",
        "Partial delivery", "Delivered to wrong address", "Marked delivered, not received",
        "Courier no-show", "Rescheduled without notice",
    )),
    ("Delivery damage", "Deliveries", "delivery", (
        "Damaged packaging", "Broken item", "Wet or soiled parcel", "Missing parts",
        "Opened parcel", "Wrong item delivered", "Heavy item left outside", "Courier conduct",
        "Damage to property",
    )),
    ("Product defects", "Quality", "defect", (
        "Does not switch on", "Stopped working", "Noisy", "Overheats", "Leaks", "Poor finish",
        "Battery fails", "Display fault", "Safety concern",
    )),
    ("Product information", "Quality", "defect", (
        "Misleading description", "Wrong size chart", "Missing instructions", "Label error",
        "Allergen information", "Country of origin", "Energy rating", "Compatibility claim",
        "Photo differs",
    )),
    ("Privacy", "Quality", "privacy", (
        "Unwanted marketing", "Data access request", "Erasure request", "Data shared",
        "Another person's data", "Security concern", "Cookie consent", "Account hacked",
        "Call recording",
    )),
    ("Returns", "Returns", "returns", (
        "Return refused", "Return label missing", "Refund amount wrong", "Refund delayed",
        "Restocking fee", "Pick-up missed", "Exchange not processed", "Return lost in transit",
        "Return window dispute",
    )),
    ("Warranty", "Claims", "defect", (
        "Warranty refused", "Repair delayed", "Repair failed", "Replacement refused",
        "Proof of purchase", "Extended warranty", "Loan device", "Repair cost disputed",
        "Parts unavailable",
    )),
    ("Compensation", "Claims", "returns", (
        "Compensation refused", "Claim delayed", "Insurance claim", "Goodwill gesture",
        "Lost item claim", "Damage claim", "Travel costs", "Time off work", "Legal threat",
    )),
    ("Installation", "Installations", "installation", (
        "Installer late", "Installation incomplete", "Damage during installation",
        "Wrong configuration", "Appointment cancelled", "Old appliance not removed",
        "Extra charges", "Installer conduct", "Safety certificate missing",
    )),
    ("Technical support", "Technical support", "website", (
        "Cannot sign in", "App crashes", "Setup help", "Update broke device", "Connectivity",
        "Data loss", "Account locked", "Slow answer", "Unclear answer",
    )),
    ("Website", "Online shop", "website", (
        "Checkout error", "Order not confirmed", "Price error", "Stock shown wrongly",
        "Promo code rejected", "Account page error", "Accessibility barrier", "Search not working",
        "E-mail not received",
    )),
    ("Orders", "Online shop", "website", (
        "Cancelled by us", "Cannot cancel", "Duplicate order", "Order changed",
        "Pre-order delayed", "Gift wrapping", "Order split", "Wrong quantity",
        "Address change refused",
    )),
    ("Stores", "Stores", "service", (
        "Item unavailable", "Price at till differs", "Closed during hours",
        "Click and collect not ready", "Long queue", "Parking", "Cleanliness", "Fitting rooms",
        "Store card",
    )),
    ("Accessibility", "Stores", "service", (
        "Ramp missing", "Assistance not provided", "Hearing loop", "Large print",
        "Assistance dog refused", "Screen reader", "Seating", "Toilet access", "Staff awareness",
    )),
    ("Customer service", "Customer service", "service", (
        "Long wait on phone", "Call dropped", "No callback", "Conflicting answers",
        "E-mail unanswered", "Chat disconnected", "Transferred repeatedly", "Complaint not logged",
        "Opening hours",
    )),
    ("Staff conduct", "Customer service", "service", (
        "Impolite agent", "Discrimination", "Pressure selling", "Wrong advice",
        "Refused to escalate", "Language barrier", "Misleading promise", "Unprofessional language",
        "Privacy breach by staff",
    )),
    ("Loyalty", "Customer service", "billing", (
        "Points missing", "Points expired", "Reward not delivered", "Tier downgraded",
        "Partner offer refused", "Accounts merged", "Birthday offer", "Referral bonus",
        "Membership fee",
    )),
)
# fmt: on

LEAVES_PER_ROOT = 9
# How unevenly complaints fall on categories: a handful take most of them.
CATEGORY_SKEW = 1.07
# Staff who handle complaints, spread over departments by their share of the load.
HANDLING_STAFF = 400
MIN_STAFF_PER_DEPARTMENT = 2

STAFF_GIVEN = (
    "Alex",
    "Sam",
    "Priya",
    "Tom",
    "Lucía",
    "Wei",
    "Nadia",
    "Omar",
    "Julia",
    "Marek",
    "Aisha",
    "Pierre",
    "Ingrid",
    "Kenji",
    "Rosa",
    "Dmitri",
    "Fatima",
    "Luca",
    "Grace",
    "Ravi",
)
STAFF_FAMILY = (
    "Becker",
    "Okafor",
    "Romero",
    "Nair",
    "Dubois",
    "Zhang",
    "Kowalski",
    "Santos",
    "Haddad",
    "Walsh",
    "Fischer",
    "Chen",
    "Moreau",
    "Osei",
    "Tanaka",
    "Petit",
    "Garnier",
    "Ruiz",
    "Adeyemi",
    "Li",
)

BENCH_AGENT = "bench.agent"
BENCH_QUALITY = "bench.quality"


@dataclass(frozen=True, kw_only=True)
class Organisation:
    """Ids and labels the complaint rows refer to."""

    department_ids: list[int]  # by function * len(REGIONS) + region
    department_codes: list[str]
    department_names: list[str]
    # Leaf categories in CATEGORY_TREE order, their root's theme and department function.
    leaf_ids: list[int]
    leaf_codes: list[str]
    leaf_names: list[str]
    leaf_parent_names: list[str]
    leaf_themes: list[str]
    leaf_functions: list[int]
    leaf_weights: np.ndarray
    # Per department: the ids and labels of those who may own its complaints.
    handlers: list[list[int]]
    handler_labels: dict[int, str]
    bench_department: int  # index into department_ids
    bench_agent_id: int
    bench_quality_id: int


def leaf_weights(rng: np.random.Generator) -> np.ndarray:
    """Popularity of each leaf category: Zipf-like over a shuffled order."""
    count = len(CATEGORY_TREE) * LEAVES_PER_ROOT
    ranks = rng.permutation(count) + 1
    weights = 1.0 / ranks**CATEGORY_SKEW
    return weights / weights.sum()


def department_shares(weights: np.ndarray) -> np.ndarray:
    """The expected share of complaints of each department (function-major order)."""
    by_function = np.zeros(len(FUNCTIONS))
    for index, (_root, function, _theme, leaves) in enumerate(CATEGORY_TREE):
        start = index * LEAVES_PER_ROOT
        by_function[FUNCTIONS.index(function)] += weights[start : start + len(leaves)].sum()
    return np.outer(by_function, REGION_SHARES).ravel()


def create_organisation(
    rng: np.random.Generator, *, agent_password: str, other_password_hash: str = ""
) -> Organisation:
    weights = leaf_weights(rng)
    shares = department_shares(weights)

    departments = Department.objects.bulk_create(
        Department(
            code=f"{slugify(function)}-{slugify(region)}",
            name=f"{function} — {region}",
        )
        for function in FUNCTIONS
        for region in REGIONS
    )

    roots = Category.objects.bulk_create(
        Category(code=slugify(root), name=root) for root, _f, _t, _l in CATEGORY_TREE
    )
    leaves = Category.objects.bulk_create(
        Category(code=f"{slugify(root)}-{slugify(leaf)}"[:60], name=leaf, parent=parent)
        for parent, (root, _f, _t, names) in zip(roots, CATEGORY_TREE, strict=True)
        for leaf in names
    )

    # Staff: a supervisor for each department and handlers by its load; nobody but the two
    # bench accounts can sign in (the seed sets no usable password for the others).
    unusable = other_password_hash or make_password(None)
    staff_counts = np.maximum(
        MIN_STAFF_PER_DEPARTMENT, np.rint(shares * HANDLING_STAFF).astype(int)
    )
    users: list[User] = []
    department_of: list[int] = []
    serial = 0
    for index, count in enumerate(staff_counts):
        for position in range(int(count) + 1):
            given = STAFF_GIVEN[serial % len(STAFF_GIVEN)]
            family = STAFF_FAMILY[(serial // len(STAFF_GIVEN)) % len(STAFF_FAMILY)]
            role = (
                Role.SUPERVISOR
                if position == 0
                else (Role.HANDLER if position % 3 == 0 else Role.AGENT)
            )
            users.append(
                User(
                    username=f"{given}.{family}.{serial}".lower(),
                    first_name=given,
                    last_name=family,
                    email=f"{given}.{family}.{serial}@staff.example.com".lower(),
                    role=role,
                    password=unusable,
                )
            )
            department_of.append(index)
            serial += 1
    for username, role in (("quality.lead", Role.QUALITY_MANAGER), ("audit.lead", Role.AUDITOR)):
        users.append(User(username=username, role=role, password=unusable))
        department_of.append(-1)

    # The benchmarks' agent works in the busiest department: the heaviest queue there is.
    bench_department = int(np.argmax(shares))
    bench_agent = User(
        username=BENCH_AGENT,
        first_name="Bench",
        last_name="Agent",
        role=Role.AGENT,
        password=make_password(agent_password),
    )
    bench_quality = User(
        username=BENCH_QUALITY,
        first_name="Bench",
        last_name="Quality",
        role=Role.QUALITY_MANAGER,
        password=make_password(agent_password),
    )
    users += [bench_agent, bench_quality]
    department_of += [bench_department, -1]
    users = User.objects.bulk_create(users)

    Membership = Department.members.through
    Supervision = Department.supervisors.through
    Membership.objects.bulk_create(
        Membership(department_id=departments[d].pk, user_id=user.pk)
        for user, d in zip(users, department_of, strict=True)
        if d >= 0 and user.role != Role.SUPERVISOR
    )
    Supervision.objects.bulk_create(
        Supervision(department_id=departments[d].pk, user_id=user.pk)
        for user, d in zip(users, department_of, strict=True)
        if d >= 0 and user.role == Role.SUPERVISOR
    )

    handlers: list[list[int]] = [[] for _ in departments]
    for user, d in zip(users, department_of, strict=True):
        # The bench agent owns nothing, so its queue is its department's, not its own.
        if d >= 0 and user.username != BENCH_AGENT:
            handlers[d].append(user.pk)
    themes = [theme for _r, _f, theme, names in CATEGORY_TREE for _ in names]
    functions = [FUNCTIONS.index(f) for _r, f, _t, names in CATEGORY_TREE for _ in names]
    return Organisation(
        department_ids=[d.pk for d in departments],
        department_codes=[d.code for d in departments],
        department_names=[d.name for d in departments],
        leaf_ids=[leaf.pk for leaf in leaves],
        leaf_codes=[leaf.code for leaf in leaves],
        leaf_names=[leaf.name for leaf in leaves],
        leaf_parent_names=[root for root, _f, _t, names in CATEGORY_TREE for _ in names],
        leaf_themes=themes,
        leaf_functions=functions,
        leaf_weights=weights,
        handlers=handlers,
        handler_labels={user.pk: str(user) for user in users},
        bench_department=bench_department,
        bench_agent_id=bench_agent.pk,
        bench_quality_id=bench_quality.pk,
    )


def issue_bench_tokens(organisation: Organisation) -> dict[str, str]:
    """API tokens for the two bench accounts, through the product's own service."""
    tokens = {}
    for pk in (organisation.bench_agent_id, organisation.bench_quality_id):
        user = User.objects.get(pk=pk)
        _token, raw = issue_token(user=user, name="benchmarks")
        tokens[user.username] = raw
    return tokens
