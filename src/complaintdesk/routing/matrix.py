"""The responsibility matrix, read: for a complaint's category, the department responsible for
it, those consulted and those informed. A category without entries of its own takes those of
the nearest category above it that has some (up to MAX_DEPTH levels up), so a row for
"Billing and charges" covers "Charged twice". One query, whatever the depth."""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Case, IntegerField, Q, Value, When

from complaintdesk.accounts.models import Department
from complaintdesk.complaints.models import Category
from complaintdesk.routing.models import MatrixRole, ResponsibilityEntry

# The complaint's own category and up to five above it.
MAX_DEPTH = 6


@dataclass(frozen=True)
class Matrix:
    # The category whose entries apply: the complaint's own or the nearest above it.
    category: Category
    # 0 when they are the complaint's own category's, 1 its parent's, and so on.
    depth: int
    responsible: Department | None
    consulted: tuple[Department, ...]
    informed: tuple[Department, ...]

    @property
    def inherited(self) -> bool:
        return self.depth > 0


def _ancestry(category: Category) -> list[Q]:
    """One condition per level, from the category itself upwards. Above the parent, a level is
    found as the category whose children's … children include the parent."""
    levels = [Q(category_id=category.pk)]
    if category.parent_id is None:
        return levels
    levels.append(Q(category_id=category.parent_id))
    lookup = "children"
    for _level in range(2, MAX_DEPTH):
        above = Category.objects.filter(**{lookup: category.parent_id}).values("pk")
        levels.append(Q(category_id__in=above))
        lookup = f"children__{lookup}"
    return levels


def matrix_for(category: Category | None) -> Matrix | None:
    """The matrix row that applies to a category, or None when neither it nor a category
    above it has entries."""
    if category is None:
        return None
    levels = _ancestry(category)
    depth = Case(
        *[When(level, then=Value(index)) for index, level in enumerate(levels)],
        output_field=IntegerField(),
    )
    entries = list(
        ResponsibilityEntry.objects.filter(reduce(or_, levels))
        .annotate(depth=depth)
        .select_related("department", "category")
        .order_by("depth", "department__name", "department_id")
    )
    if not entries:
        return None
    nearest = entries[0].depth  # type: ignore[attr-defined]
    row = [entry for entry in entries if entry.depth == nearest]  # type: ignore[attr-defined]

    def having(role: str) -> tuple[Department, ...]:
        return tuple(entry.department for entry in row if entry.role == role)

    responsible = having(MatrixRole.RESPONSIBLE)
    return Matrix(
        category=row[0].category,
        depth=nearest,
        responsible=responsible[0] if responsible else None,
        consulted=having(MatrixRole.CONSULTED),
        informed=having(MatrixRole.INFORMED),
    )
