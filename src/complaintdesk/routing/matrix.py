"""The responsibility matrix, read: for a complaint's category, the department responsible for
it, those consulted and those informed. A category without entries of its own takes those of
the nearest category above it that has some (up to MAX_DEPTH levels up), so a row for
"Billing and charges" covers "Charged twice". One query, whatever the depth."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import IntegerField
from django.db.models.expressions import RawSQL

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


def _ancestry_sql() -> str:
    """The category and those above it, up to MAX_DEPTH levels, each with its distance from
    the category: one recursive query on both databases. Written as SQL because the ORM's
    equivalent (a condition per level, each a nested subquery) cost about 5 ms a page to
    build, ten times what the database took to answer it."""
    table = Category._meta.db_table
    return (
        f"WITH RECURSIVE up(id, parent_id, depth) AS ("  # noqa: S608 (names from the models)
        f"SELECT id, parent_id, 0 FROM {table} WHERE id = %s "
        f"UNION ALL SELECT c.id, c.parent_id, up.depth + 1 FROM {table} c "
        f"JOIN up ON c.id = up.parent_id WHERE up.depth < {MAX_DEPTH - 1}) "
    )


def matrix_for(category: Category | None) -> Matrix | None:
    """The matrix row that applies to a category, or None when neither it nor a category
    above it has entries."""
    if category is None:
        return None
    ancestry = _ancestry_sql()
    entry_category = f"{ResponsibilityEntry._meta.db_table}.category_id"
    entries = list(
        ResponsibilityEntry.objects.filter(
            category_id__in=RawSQL(f"{ancestry}SELECT id FROM up", [category.pk])  # noqa: S608, S611
        )
        .annotate(
            depth=RawSQL(  # noqa: S611 (table names from the models, the id a parameter)
                f"({ancestry}SELECT depth FROM up WHERE up.id = {entry_category})",  # noqa: S608
                [category.pk],
                output_field=IntegerField(),
            )
        )
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
