"""The queue's pages when it is searched by text: counted only as far as needed.

A text search over a large archive can match tens of thousands of complaints; counting them all
costs more than finding a page. So the count stops at SEARCH_TOTAL_CAP, or one page past the
page shown, and the queue says "1,000+" (complaints.search, docs/search.md)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.search import SEARCH_TOTAL_CAP, count_up_to, page_of


class SearchPaginator(Paginator):
    """A Paginator whose `count` is capped; `total` is what to show, `capped` says "or more".

    When capped, `count` is one more than was counted, so the page after the last counted one
    is offered (`has_next`) and, once asked for, counted further."""

    def __init__(self, object_list: QuerySet[Complaint], per_page: int, *, page: Any) -> None:
        super().__init__(object_list, per_page)
        self.complaints = object_list
        try:
            wanted = max(int(page), 1)
        except (TypeError, ValueError):
            wanted = 1
        # Far past any archive, a page number is counted exactly (and found empty).
        self.through = min(wanted, 10**9) * per_page
        self.capped = False

    @cached_property
    def count(self) -> int:
        total = count_up_to(self.complaints, max(SEARCH_TOTAL_CAP, self.through))
        self.capped = total.capped
        return total.count + 1 if total.capped else total.count

    @property
    def total(self) -> int:
        return self.count - 1 if self.capped else self.count

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return Page(page_of(self.complaints, bottom, bottom + self.per_page), number, self)
