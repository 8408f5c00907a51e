"""Admin sign-in protection: an optional second factor (a TOTP authenticator app,
django-otp) and the sign-in page's own lockout message (django-axes).

A user with a confirmed authenticator gives its current code with the password; a
missing or wrong code fails the sign-in like a wrong password, so it counts
towards the lockout. Users without one sign in as before, unless
PORTAL_REQUIRE_2FA_FOR_STAFF, or a role in PORTAL_REQUIRE_2FA_GROUPS, sends them to
add one before anything else.
"""

import math
from base64 import b32encode
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator app"


def confirmed_device(user) -> TOTPDevice | None:
    """The user's confirmed authenticator, if they added one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def clean_code(raw: str | None) -> str:
    """Codes are often typed or pasted with spaces ("123 456")."""
    return "".join((raw or "").split())


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form with a field for the authenticator code."""

    otp_token = forms.CharField(
        label=_("Authenticator code"),
        required=False,
        max_length=12,
        help_text=_(
            "Only if you added an authenticator app: the 6-digit code it shows now."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    error_messages = {
        **WagtailLoginForm.error_messages,
        "code_missing": _(
            "This account asks for a code: enter the 6-digit code your authenticator app shows now."
        ),
        "code_wrong": _(
            "That code is wrong or has expired: enter the code your authenticator app shows now."
        ),
    }

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if user is None:
            return cleaned_data
        device = confirmed_device(user)
        if device is None:
            return cleaned_data
        code = clean_code(cleaned_data.get("otp_token"))
        if code and device.verify_token(code):
            # django-otp records the device in the session when the view logs in.
            user.otp_device = device
            return cleaned_data
        self.user_cache = None
        user_login_failed.send(
            sender=__name__,
            credentials={"username": cleaned_data.get("username")},
            request=self.request,
        )
        key = "code_wrong" if code else "code_missing"
        raise ValidationError(self.error_messages[key], code=key)


def lockout_message() -> str:
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return ngettext(
        "Too many failed sign-in attempts for this account from your address. "
        "Try again in %(minutes)d minute, or ask an administrator to unlock it.",
        "Too many failed sign-in attempts for this account from your address. "
        "Try again in %(minutes)d minutes, or ask an administrator to unlock it.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The sign-in page again, with the lockout explained (django-axes calls this
    instead of answering a bare 403)."""
    from wagtail.admin.views.account import LoginView

    messages.error(request, lockout_message())
    view = LoginView()
    view.setup(request)
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = view.get_form_class()(request=request, initial={"username": username})
    response = render(
        request,
        view.template_name,
        view.get_context_data(form=form),
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    add_never_cache_headers(response)
    return response


class RequireTwoFactorMiddleware:
    """With PORTAL_REQUIRE_2FA_FOR_STAFF, or in a role of PORTAL_REQUIRE_2FA_GROUPS,
    a signed-in admin user without a confirmed authenticator sees only the page that
    adds one (and can still sign out)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.must_enrol(request):
            return redirect("portal_two_factor:manage")
        return self.get_response(request)

    @staticmethod
    def must_enrol(request: HttpRequest) -> bool:
        path = request.path_info
        if not path.startswith("/admin/"):
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        allowed = (
            reverse("portal_two_factor:manage"),
            reverse("wagtailadmin_logout"),
            reverse("wagtailadmin_login"),
        )
        if path.startswith(allowed):
            return False
        if not user.has_perm("wagtailadmin.access_admin") or confirmed_device(user):
            return False
        return settings.PORTAL_REQUIRE_2FA_FOR_STAFF or required_for_role(user)


def required_for_role(user) -> bool:
    """Whether one of the user's roles always needs a second factor, whatever
    PORTAL_REQUIRE_2FA_FOR_STAFF says (PORTAL_REQUIRE_2FA_GROUPS: coordinators,
    who see members' private data, and judges)."""
    groups = settings.PORTAL_REQUIRE_2FA_GROUPS
    return bool(groups) and user.groups.filter(name__in=groups).exists()


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def __init__(self, device: TOTPDevice, *args, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_code(self) -> str:
        code = clean_code(self.cleaned_data["code"])
        if not self.device.verify_token(code):
            raise ValidationError(
                _(
                    "That code is wrong or has expired: enter the code the app shows now."
                ),
                code="code_wrong",
            )
        return code


def grouped(secret: str) -> str:
    """`ABCD EFGH ...`: easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
def manage(request: HttpRequest) -> HttpResponse:
    """The account's second factor: add an authenticator app, confirm it, remove it."""
    user = request.user
    confirmed = confirmed_device(user)
    pending = (
        None
        if confirmed
        else TOTPDevice.objects.filter(user=user, confirmed=False).first()
    )
    form = None
    if request.method == "POST" and (confirmed or pending):
        device = confirmed or pending
        form = CodeForm(device, request.POST)
        if form.is_valid():
            if confirmed:
                TOTPDevice.objects.filter(user=user).delete()
                messages.success(
                    request,
                    _(
                        "The authenticator app is removed: signing in asks only for your password."
                    ),
                )
            else:
                pending.confirmed = True
                pending.save(update_fields=["confirmed"])
                messages.success(
                    request,
                    _(
                        "The authenticator app is added: signing in now asks for its code."
                    ),
                )
            return redirect("portal_two_factor:manage")
    context = {
        "page_title": _("Two-factor authentication"),
        "confirmed": confirmed,
        "pending": pending,
        "form": form
        or (CodeForm(confirmed or pending) if confirmed or pending else None),
        "required": settings.PORTAL_REQUIRE_2FA_FOR_STAFF,
        "required_for_role": required_for_role(user),
    }
    if pending:
        context["secret"] = grouped(b32encode(pending.bin_key).decode())
        context["config_url"] = pending.config_url
    return render(request, "ops/admin/two_factor.html", context)


@never_cache
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """A new secret for the user's app; unconfirmed until they type a code from it."""
    if confirmed_device(request.user) is None:
        TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
        TOTPDevice.objects.create(user=request.user, name=DEVICE_NAME, confirmed=False)
    return redirect("portal_two_factor:manage")
