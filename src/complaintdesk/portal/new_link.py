"""A customer who lost their tracking link asks for a new one: with their reference and
e-mail address, a new link goes to that address. The answer is the same whether or not the
two match, so the page tells a stranger nothing; each client may ask only so often."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from complaintdesk.accounts import throttling
from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import Complaint
from complaintdesk.portal.forms import CustomerForm

REFERENCE_MAX = Complaint._meta.get_field("reference").max_length


class NewLinkForm(CustomerForm):
    reference = forms.CharField(
        label=_("Complaint reference"),
        max_length=REFERENCE_MAX,
        help_text=_("As in our first message to you, e.g. CD-2025-000123."),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"), help_text=_("The one you gave with your complaint.")
    )


@never_cache
@require_http_methods(["GET", "POST"])
def new_link(request: HttpRequest) -> HttpResponse:
    form = NewLinkForm(request.POST or None)
    if request.method != "POST":
        return render(request, "portal/new_link.html", {"form": form})
    if not form.is_valid():
        return render(request, "portal/new_link.html", {"form": form}, status=422)
    limit = throttling.new_link_limit()
    client = throttling.client_key(request, limit.kind)
    wait = throttling.refused_for(limit, client)
    if wait is not None:
        response = render(
            request,
            "portal/new_link.html",
            {"form": form, "wait_minutes": throttling.minutes(wait)},
            status=429,
        )
        response["Retry-After"] = str(int(wait.total_seconds()) + 1)
        return response
    throttling.count(limit, client)
    tracking.send_new_link(
        reference=form.cleaned_data["reference"], email=form.cleaned_data["email"]
    )
    return render(request, "portal/new_link.html", {"sent": True})
