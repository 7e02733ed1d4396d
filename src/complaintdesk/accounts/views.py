"""Staff sign-in (throttled, with the optional second factor) and switching the second factor on
and off."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from complaintdesk.accounts import second_factor, signin, throttling
from complaintdesk.accounts.models import User

# The password step is valid this long for the second factor to follow.
PENDING_SECONDS = 300


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "locked_out": gettext_lazy(
            "Too many failed sign-ins. For your safety, signing in is paused; try again in "
            "%(minutes)s minutes."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        request = self.request
        if request is None or not (username and self.cleaned_data.get("password")):
            return super().clean()
        wait = signin.refused_for(request, username)
        if wait is not None:
            # Refused before the password is even checked: guessing during a lock-out
            # learns nothing.
            raise ValidationError(
                self.error_messages["locked_out"],
                code="locked_out",
                params={"minutes": throttling.minutes(wait)},
            )
        try:
            return super().clean()
        except ValidationError:
            signin.failed(request, username)
            raise


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _finish_sign_in(request: HttpRequest, user: User, backend: str) -> None:
    auth_login(request, user, backend=backend)
    now = time.time()
    request.session[signin.SIGNED_IN_AT] = now
    request.session[signin.SEEN_AT] = now
    signin.succeeded(user.get_username())


class SignInView(LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        backend = getattr(user, "backend", "django.contrib.auth.backends.ModelBackend")
        if second_factor.needs_code(user):
            self.request.session[signin.PENDING_SECOND_FACTOR] = {
                "user": user.pk,
                "backend": backend,
                "at": time.time(),
                # Already checked to be one of our own pages (no open redirect).
                "next": self.get_success_url(),
            }
            return redirect("accounts:second_factor")
        _finish_sign_in(self.request, user, backend)
        return redirect(self.get_success_url())

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        locked = form.has_error(NON_FIELD_ERRORS, "locked_out")
        return self.render_to_response(
            self.get_context_data(form=form), status=429 if locked else 200
        )


@never_cache
@require_http_methods(["GET", "POST"])
def second_factor_step(request: HttpRequest) -> HttpResponse:
    """The code asked for after the password, for those who switched the second factor on."""
    pending = request.session.get(signin.PENDING_SECOND_FACTOR)
    user = None
    if isinstance(pending, dict) and time.time() - float(pending.get("at", 0)) < PENDING_SECONDS:
        user = User.objects.filter(pk=int(pending.get("user") or 0), is_active=True).first()
    if user is None or not isinstance(pending, dict):
        request.session.pop(signin.PENDING_SECOND_FACTOR, None)
        messages.info(request, _("Please sign in again."))
        return redirect("console:login")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        wait = signin.refused_for(request, user.get_username())
        if wait is not None:
            form.add_error(
                None,
                _("Too many failed sign-ins. Try again in %(minutes)s minutes.")
                % {"minutes": throttling.minutes(wait)},
            )
            status = 429
        elif second_factor.verify(user=user, code=form.cleaned_data["code"]):
            del request.session[signin.PENDING_SECOND_FACTOR]
            _finish_sign_in(request, user, str(pending["backend"]))
            return redirect(str(pending["next"]))
        else:
            signin.failed(request, user.get_username())
            form.add_error("code", _("That code is not right, or was already used."))
            status = 422
    elif form.is_bound:
        status = 422
    return render(request, "accounts/second_factor.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Switch the second factor on (with a first code) or off (with a current code)."""
    user = request.user
    assert isinstance(user, User)  # the permission gate lets only signed-in staff here
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if request.POST.get("intent") == "off":
            if second_factor.switch_off(user=user, code=code):
                messages.success(request, _("Two-step sign-in is off."))
                return redirect("accounts:two_factor")
        elif second_factor.confirm(user=user, code=code):
            messages.success(request, _("Two-step sign-in is on."))
            return redirect("accounts:two_factor")
        form.add_error("code", _("That code is not right, or was already used."))
        status = 422
    elif form.is_bound:
        status = 422
    factor = second_factor.second_factor_of(user)
    if factor is None or not factor.active:
        factor = second_factor.start_setting_up(user=user)
    context = {
        "form": form,
        "factor": factor,
        "secret": factor.secret if not factor.active else "",
        "uri": second_factor.provisioning_uri(factor) if not factor.active else "",
    }
    return render(request, "accounts/two_factor.html", context, status=status)
