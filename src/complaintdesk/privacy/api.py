"""/api/v1/privacy/reads: who read sensitive records (compensation, customers' data exports)
and when, for auditors."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from complaintdesk.accounts.api import api_user
from complaintdesk.audit.models import Event
from complaintdesk.complaints.schemas import answers
from complaintdesk.privacy.schemas import ReadOut, ReadsQuery
from complaintdesk.privacy.selectors import READS_LIMIT, sensitive_reads

router = Router(tags=["privacy"])


@router.get(
    "/reads",
    response=answers({200: list[ReadOut]}, 403, 422),
    summary="Who read sensitive records",
    operation_id="list_sensitive_reads",
)
def reads(request: HttpRequest, filters: Query[ReadsQuery]) -> list[Event]:
    """Each time someone was shown a complaint's compensation or exported a customer's data,
    newest first, at most READS_LIMIT (200); narrow with the filters to see older ones."""
    return list(sensitive_reads(api_user(request), **filters.dict())[:READS_LIMIT])
