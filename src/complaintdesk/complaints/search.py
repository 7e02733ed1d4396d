"""Free-text search of complaints: which complaints hold a piece of text, answered through
indexes on a PostgreSQL archive of millions, with exactly the answer of a plain search.

What matches never changes with the database: a case-insensitive substring (`icontains`) of
the searched columns, accents as typed (no accent folding). On PostgreSQL the same condition
is reached through the indexes of migration 0005_search_indexes (docs/search.md):

- a term with three letters or digits in a row: trigram GIN indexes (pg_trgm) on the upper
  case of each searched column, which is exactly what `icontains` compares;
- a term of one or two CJK characters (退款), which has no trigram: GIN indexes on the CJK
  characters and character pairs of the complaint's and the customer's words
  (`complaintdesk_cjk_grams`), then the same `icontains`;
- anything else (one or two Latin letters, punctuation): the plain condition, a scan.

The indexes only narrow the rows; `icontains` still decides each one, so they can never add
or lose a match. The customers are searched first, on their own (their ids become an array that
PostgreSQL looks up in the complaints' customer index): an OR across the customer join would
read every complaint. The planner then chooses per term between the indexes (a rare term)
and walking the list's order until a page is full (a frequent one).

SQLite has none of these indexes and always runs the plain condition (correct, slower)."""

from __future__ import annotations

import functools
import operator
import re
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, F, Func, Q, QuerySet, Subquery
from django.db.models.sql.compiler import SQLCompiler

from complaintdesk.complaints.models import Complaint, Customer

# A text search counts its complaints up to here, or to the end of the page asked for, and
# says "1,000+" beyond: counting every one of 20,000 matches costs more than finding a page.
SEARCH_TOTAL_CAP = 1_000

# Scripts written without spaces between words, where one or two characters make a word:
# kana, Han ideographs (extension A, the main block, compatibility, the supplementary planes)
# and Hangul syllables. The SQL function of migration 0005 uses the same ranges.
CJK_RANGES = (
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F),
)
# The columns whose CJK grams are indexed, joined by a space (which ends a run of CJK, so no
# gram spans two columns). A query must name them exactly so, for PostgreSQL to use the index.
COMPLAINT_GRAM_COLUMNS = ("reference", "subject", "description", "product_reference")
CUSTOMER_GRAM_COLUMNS = ("name", "email")
# pg_trgm takes trigrams from runs of letters and digits; a term without three in a row gives
# it none, and the index would be read whole.
TRIGRAM_RUN = re.compile(r"[^\W_]{3}")
# A short CJK term's customers are listed in the query up to this many; beyond, a subquery.
CUSTOMERS_LISTED = 1_000


def is_cjk(character: str) -> bool:
    code = ord(character)
    return any(low <= code <= high for low, high in CJK_RANGES)


def cjk_grams(term: str) -> list[str]:
    """The grams of an all-CJK term that every text holding it has indexed: itself when it is
    one character, else each pair of neighbouring characters."""
    if len(term) == 1:
        return [term]
    return sorted({term[i : i + 2] for i in range(len(term) - 1)})


@dataclass(frozen=True)
class SearchedFields:
    """Where a text search looks: complaint columns holding the text, complaint columns equal
    to it (both ignoring case), and columns of the complaint's customer holding it."""

    containing: tuple[str, ...]
    customer: tuple[str, ...]
    equal: tuple[str, ...] = ()


# The API's search (complaints.selectors.search_complaints).
EVERY_TEXT = SearchedFields(
    containing=("reference", "subject", "description"), customer=("name", "email")
)


class HasCjkGrams(Func):
    """`complaintdesk_cjk_grams(a || ' ' || b …) @> grams`: the rows whose indexed CJK grams
    include all of `grams` (PostgreSQL only; the expression is that of the index)."""

    output_field = BooleanField()

    def __init__(self, columns: tuple[str, ...], grams: list[str]) -> None:
        super().__init__(*(F(column) for column in columns))
        self.grams = grams

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: Any, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        parts: list[str] = []
        params: list[Any] = []
        for expression in self.get_source_expressions():
            sql, more = compiler.compile(expression)
            parts.append(sql)
            params.extend(more)
        joined = " || ' ' || ".join(parts)
        return f"complaintdesk_cjk_grams({joined}) @> %s::text[]", [*params, self.grams]


class IsAnyOf(Func):
    """`column = ANY(ARRAY(subquery))` (PostgreSQL): the subquery runs once, before the rest
    (an InitPlan), and its values are looked up in the column's index, which can be combined
    with the other indexes of an OR. `column IN (subquery)` inside an OR can be neither: it is
    checked row by row, so every complaint would be read."""

    output_field = BooleanField()

    def __init__(self, column: str, values: QuerySet[Any]) -> None:
        super().__init__(F(column), Subquery(values))

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: Any, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        column, values = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        values_sql, values_params = compiler.compile(values)
        return f"{column_sql} = ANY(ARRAY{values_sql})", [*column_params, *values_params]

    def as_sqlite(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: Any, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        column, values = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        values_sql, values_params = compiler.compile(values)
        return f"{column_sql} IN {values_sql}", [*column_params, *values_params]


def _any(lookups: list[Q]) -> Q:
    return functools.reduce(operator.or_, lookups)


def matching_text(text: str, fields: SearchedFields = EVERY_TEXT) -> Q:
    """The complaints where `text` is found in `fields` (case-insensitive substring, or equality
    for `fields.equal`). `text` is taken as given: strip it first."""
    on_complaint = [Q(**{f"{name}__icontains": text}) for name in fields.containing]
    on_complaint += [Q(**{f"{name}__iexact": text}) for name in fields.equal]
    short_cjk = 0 < len(text) <= 2 and all(map(is_cjk, text))
    if connection.vendor != "postgresql" or not (short_cjk or TRIGRAM_RUN.search(text)):
        on_customer = [Q(**{f"customer__{name}__icontains": text}) for name in fields.customer]
        return _any(on_complaint + on_customer)
    customers = Customer.objects.filter(
        _any([Q(**{f"{name}__icontains": text}) for name in fields.customer])
    ).order_by()
    if not short_cjk:
        return _any(on_complaint) | Q(IsAnyOf("customer_id", customers.values("pk")))
    grams = HasCjkGrams(COMPLAINT_GRAM_COLUMNS, cjk_grams(text))
    customers = customers.filter(HasCjkGrams(CUSTOMER_GRAM_COLUMNS, cjk_grams(text)))
    # Alone beside `icontains`, the grams are only looked up in their index; inside an OR
    # PostgreSQL would also compute them again for every row it reads, which costs more
    # than the search. So the (few, usually no) customers are found first, and only when
    # there are some is the complaint side a subquery of its own.
    their_ids = list(customers.values_list("pk", flat=True)[:CUSTOMERS_LISTED])
    if not their_ids:
        return Q(grams) & _any(on_complaint)
    by_customer = (
        Q(customer_id__in=their_ids)
        if len(their_ids) < CUSTOMERS_LISTED
        else Q(customer_id__in=customers.values("pk"))
    )
    on_complaints = Complaint.objects.filter(Q(grams) & _any(on_complaint)).order_by()
    others = Complaint.objects.filter(by_customer).order_by()
    return Q(pk__in=on_complaints.values("pk").union(others.values("pk"), all=True))


@dataclass(frozen=True)
class Total:
    """How many complaints were found: exactly, or (`capped`) at least `count`."""

    count: int
    capped: bool = False


def count_up_to(complaints: QuerySet[Complaint], limit: int) -> Total:
    """Count the complaints, stopping past `limit`: the database reads only limit + 1 rows."""
    found = complaints.order_by().values("pk")[: limit + 1].count()
    return Total(min(found, limit), capped=found > limit)


def page_of(complaints: QuerySet[Complaint], start: int, stop: int) -> list[Complaint]:
    """Rows [start, stop) of an ordered list of complaints. The page's ids are chosen in a
    subquery that reads the complaints alone, so the customer, category, department and owner
    are joined to the page's rows only, not to every match before the sort."""
    return list(complaints.filter(pk__in=complaints.values("pk")[start:stop]))
