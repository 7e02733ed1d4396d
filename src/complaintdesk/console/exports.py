"""The queue as a spreadsheet: the complaints of the caller's scope that the queue's filters
select, as CSV. Text from customers is neutralised so a spreadsheet never runs it as a
formula (formula injection: a cell such as =HYPERLINK(...) or =cmd|'...')."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from complaintdesk.accounts.models import User
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.selectors import scoped_complaints
from complaintdesk.console.forms import QueueFilters
from complaintdesk.insights.spreadsheets import spreadsheet_safe

# More rows than any spreadsheet user reads; a larger export is a job for the API.
MAX_ROWS = 50_000


class _Echo:
    def write(self, value: str) -> str:
        return value


def _rows(complaints: Iterable[Complaint]) -> Iterator[list[str]]:
    yield [
        _("Reference"),
        _("Received"),
        _("Status"),
        _("Priority"),
        _("Department"),
        _("Owner"),
        _("Category"),
        _("Channel"),
        _("Customer"),
        _("Subject"),
    ]
    for complaint in complaints:
        yield [
            spreadsheet_safe(value)
            for value in (
                complaint.reference,
                timezone.localtime(complaint.received_at).isoformat(timespec="minutes"),
                complaint.get_status_display(),
                complaint.get_priority_display(),
                complaint.department or "",
                complaint.owner or "",
                complaint.category or "",
                complaint.get_channel_display(),
                complaint.customer.name,
                complaint.subject,
            )
        ]


@require_GET
def queue_csv(request: HttpRequest) -> StreamingHttpResponse:
    user = request.user
    assert isinstance(user, User)  # the permission gate lets only staff here
    filters = QueueFilters(request.GET, user=user)
    complaints = filters.apply(
        scoped_complaints(user).select_related("customer", "category", "department", "owner")
    )[:MAX_ROWS]
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in _rows(complaints.iterator(chunk_size=500))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="complaints.csv"'
    return response
