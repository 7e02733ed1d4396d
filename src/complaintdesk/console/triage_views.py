"""Console actions on a complaint's assessment: a handler's one-click correction. Like
views.py, they decide nothing: triage.services does, and a refusal is shown on the
complaint page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaintdesk.complaints.lifecycle import InvalidFields, LifecycleError
from complaintdesk.complaints.selectors import access_complaint
from complaintdesk.console.forms import CorrectionForm
from complaintdesk.console.timeline import field_label
from complaintdesk.console.views import _back_to, _complaint_page, _refused, _user
from complaintdesk.triage.services import correct_assessment


@login_required
@require_POST
def correct(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    complaint = access_complaint(user, reference)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        errors = {name: " ".join(map(str, found)) for name, found in form.errors.items()}
        return _complaint_page(request, complaint, alert=_described(errors), status=422)
    data = form.cleaned_data
    try:
        correct_assessment(
            complaint=complaint,
            actor=user,
            field=data["field"],
            value=data["value"],
            expected_version=data["version"],
        )
    except InvalidFields as refusal:
        complaint.refresh_from_db()
        return _complaint_page(request, complaint, alert=_described(refusal.errors), status=422)
    except LifecycleError as refusal:
        return _refused(request, reference, form, refusal)
    messages.success(request, _("Assessment corrected."))
    return _back_to(request, reference)


def _described(errors: dict[str, str]) -> str:
    return "; ".join(f"{field_label(name)}: {message}" for name, message in errors.items())
