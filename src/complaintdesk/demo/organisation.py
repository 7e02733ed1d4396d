"""The demo organisation: its departments, its staff and its category tree.

Everything here is found again by its code or username, so loading twice changes nothing; an
existing user is left as it is (its password included)."""

from __future__ import annotations

from dataclasses import dataclass

from complaintdesk.accounts.models import Department, Role, User
from complaintdesk.accounts.services import create_user
from complaintdesk.complaints.models import Category
from complaintdesk.demo.service_levels import load_service_levels


@dataclass(frozen=True)
class StaffMember:
    username: str
    first_name: str
    last_name: str
    role: str
    departments: tuple[str, ...] = ()
    supervises: tuple[str, ...] = ()
    heads: str = ""

    @property
    def password(self) -> str:
        return demo_password(self.username)


def demo_password(username: str) -> str:
    return f"demo-{username}"


DEPARTMENTS: dict[str, str] = {
    "customer-service": "Customer service",
    "billing": "Billing",
    "delivery": "Delivery and logistics",
    "technical-support": "Technical support",
    "quality": "Quality and safety",
}

# One account per role, named after it: the logins `make run` prints.
ROLE_ACCOUNTS: list[StaffMember] = [
    StaffMember("agent", "Lucía", "Romero", Role.AGENT, ("customer-service",)),
    StaffMember("handler", "Tom", "Becker", Role.HANDLER, ("billing",)),
    StaffMember(
        "supervisor", "Grace", "Okafor", Role.SUPERVISOR, supervises=("billing", "delivery")
    ),
    StaffMember("quality_manager", "Claire", "Dubois", Role.QUALITY_MANAGER, heads="quality"),
    StaffMember("admin", "Sam", "Patel", Role.ADMIN),
    StaffMember("auditor", "Wei", "Zhang", Role.AUDITOR),
]

COLLEAGUES: list[StaffMember] = [
    StaffMember("m.osei", "Martha", "Osei", Role.SUPERVISOR, heads="customer-service"),
    StaffMember("j.li", "Jun", "Li", Role.AGENT, ("customer-service",)),
    StaffMember("p.nair", "Priya", "Nair", Role.AGENT, ("customer-service",)),
    StaffMember("s.moreau", "Sophie", "Moreau", Role.AGENT, ("customer-service",)),
    StaffMember("r.fischer", "Ruth", "Fischer", Role.SUPERVISOR, heads="billing"),
    StaffMember("d.kowalski", "Dawid", "Kowalski", Role.HANDLER, ("billing",)),
    StaffMember("a.santos", "Ana", "Santos", Role.HANDLER, ("billing",)),
    StaffMember("k.johnson", "Kevin", "Johnson", Role.SUPERVISOR, heads="delivery"),
    StaffMember("l.garnier", "Luc", "Garnier", Role.HANDLER, ("delivery",)),
    StaffMember("y.chen", "Yan", "Chen", Role.HANDLER, ("delivery",)),
    StaffMember("m.ruiz", "Miguel", "Ruiz", Role.HANDLER, ("delivery",)),
    StaffMember("h.tanaka", "Hiro", "Tanaka", Role.SUPERVISOR, heads="technical-support"),
    StaffMember("e.walsh", "Emma", "Walsh", Role.HANDLER, ("technical-support",)),
    StaffMember("f.haddad", "Farid", "Haddad", Role.HANDLER, ("technical-support",)),
    StaffMember("x.wang", "Xiaoling", "Wang", Role.HANDLER, ("technical-support",)),
    StaffMember("b.adeyemi", "Bola", "Adeyemi", Role.HANDLER, ("quality",)),
    StaffMember("i.petit", "Inès", "Petit", Role.HANDLER, ("quality",)),
]

STAFF = ROLE_ACCOUNTS + COLLEAGUES

# code: (name, parent code)
CATEGORIES: dict[str, tuple[str, str]] = {
    "equipment": ("Equipment", ""),
    "equipment-faulty": ("Faulty device", "equipment"),
    "equipment-installation": ("Installation", "equipment"),
    "service-attitude": ("Service attitude", ""),
    "service-attitude-rude": ("Rude or dismissive staff", "service-attitude"),
    "service-attitude-promises": ("Promises not kept", "service-attitude"),
    "service-quality": ("Service quality", ""),
    "service-quality-waiting": ("Waiting times", "service-quality"),
    "service-quality-outage": ("Service outage", "service-quality"),
    "product-quality": ("Product quality", ""),
    "product-quality-defect": ("Defective product", "product-quality"),
    "product-quality-not-as-described": ("Not as described", "product-quality"),
    "billing-and-charges": ("Billing and charges", ""),
    "billing-double-charge": ("Charged twice", "billing-and-charges"),
    "billing-wrong-amount": ("Wrong amount or tariff", "billing-and-charges"),
    "billing-refund": ("Refund not received", "billing-and-charges"),
    "contract-and-sales": ("Contract and sales", ""),
    "contract-mis-selling": ("Mis-selling", "contract-and-sales"),
    "contract-cancellation": ("Cancellation refused", "contract-and-sales"),
    "repair-and-maintenance": ("Repair and maintenance", ""),
    "repair-missed-visit": ("Missed appointment", "repair-and-maintenance"),
    "repair-not-fixed": ("Fault not fixed", "repair-and-maintenance"),
    "delivery": ("Delivery", ""),
    "delivery-late": ("Late delivery", "delivery"),
    "delivery-damaged": ("Damaged parcel", "delivery"),
    "delivery-lost": ("Lost parcel", "delivery"),
    "emergency-and-safety": ("Emergency and safety", ""),
    "safety-hazard": ("Safety hazard", "emergency-and-safety"),
    "safety-data": ("Personal data", "emergency-and-safety"),
    "other": ("Other", ""),
}


def load_organisation() -> None:
    """Departments, staff, categories, routing and service levels, created where missing.
    Runs inside the caller's transaction."""
    departments = {
        code: Department.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in DEPARTMENTS.items()
    }
    for member in STAFF:
        user = User.objects.filter(username=member.username).first()
        if user is not None:
            continue
        user = create_user(
            username=member.username,
            password=member.password,
            role=member.role,
            email=f"{member.username}@staff.example.com",
            first_name=member.first_name,
            last_name=member.last_name,
            departments=[departments[code] for code in member.departments],
        )
        for code in member.supervises:
            departments[code].supervisors.add(user)
        if member.heads:
            head_of = departments[member.heads]
            head_of.head = user
            head_of.save(update_fields=["head"])
            head_of.supervisors.add(user)
    for code, (name, parent) in CATEGORIES.items():
        Category.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "parent": Category.objects.get(code=parent) if parent else None,
            },
        )
    load_service_levels()
