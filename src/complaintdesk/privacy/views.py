"""Staff pages for customers' data rights: find a customer, export everything about them, or
erase their personal data on request; and, for auditors, who read sensitive records. Open to the
roles accounts.permissions allows."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from complaintdesk.accounts.middleware import staff_user
from complaintdesk.accounts.permissions import Can, may
from complaintdesk.complaints.models import Customer
from complaintdesk.privacy.selectors import (
    READS_LIMIT,
    SENSITIVE_READS,
    find_customers,
    sensitive_reads,
)
from complaintdesk.privacy.services import StillOpen, erase_customer, export_customer_data


class CustomerSearch(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("E-mail, phone or complaint reference"), max_length=320, required=False
    )


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why (e.g. the customer's request of 3 May)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReadsFilter(forms.Form):
    action = forms.ChoiceField(
        label=gettext_lazy("What"),
        required=False,
        choices=[("", gettext_lazy("Every sensitive read")), *SENSITIVE_READS.items()],
    )
    person = forms.CharField(label=gettext_lazy("Who"), max_length=150, required=False)
    reference = forms.CharField(label=gettext_lazy("Complaint"), max_length=20, required=False)
    since = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=gettext_lazy("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


@never_cache
@require_GET
def reads(request: HttpRequest) -> HttpResponse:
    """Who read compensation records and exported customers' data, and when (auditors)."""
    form = ReadsFilter(request.GET)
    found = (
        list(sensitive_reads(staff_user(request), **form.cleaned_data)[: READS_LIMIT + 1])
        if form.is_valid()
        else []
    )
    return render(
        request,
        "privacy/reads.html",
        {
            "form": form,
            "reads": found[:READS_LIMIT],
            "more": len(found) > READS_LIMIT,
            "limit": READS_LIMIT,
            "labels": SENSITIVE_READS,
        },
    )


@never_cache
@require_GET
def customers(request: HttpRequest) -> HttpResponse:
    search = CustomerSearch(request.GET)
    found = find_customers(search.cleaned_data["q"]) if search.is_valid() else []
    user = staff_user(request)
    return render(
        request,
        "privacy/customers.html",
        {
            "search": search,
            # One erasure form each, with ids of its own.
            "customers": [
                (customer, ErasureForm(auto_id=f"id_erase_{customer.pk}_%s")) for customer in found
            ],
            "may_export": may(user, Can.EXPORT_CUSTOMER_DATA),
            "may_erase": may(user, Can.ERASE_CUSTOMER_DATA),
        },
    )


@never_cache
@require_POST
def export(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Everything the customer may be given, as a JSON download (the export is recorded)."""
    customer = get_object_or_404(Customer, pk=customer_id)
    data = export_customer_data(customer=customer, actor=staff_user(request))
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="customer-{customer.pk}.json"'
    return response


@require_POST
def erase(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = get_object_or_404(Customer, pk=customer_id)
    back = reverse("privacy:customers") + "?" + urlencode({"q": request.POST.get("q", "")})
    form = ErasureForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the data is erased."))
        return redirect(back)
    try:
        erasure = erase_customer(
            customer=customer, actor=staff_user(request), reason=form.cleaned_data["reason"]
        )
    except StillOpen as refusal:
        messages.error(request, str(refusal))
        return redirect(back)
    messages.success(
        request,
        _("Personal data erased from %(count)d complaints; the customer is now “%(name)s”.")
        % {"count": len(erasure.complaints), "name": erasure.customer.name},
    )
    return redirect(reverse("privacy:customers"))
