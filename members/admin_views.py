"""The coordinators' Let's Connect dashboard in the admin: who has no one to learn
from, which skills are wanted with no one sharing them (and the reverse), requests
left waiting, what members said three weeks on, and "introduce these two"."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.memo import active_locale

from . import connections
from .directory import COORDINATOR_PERMISSION, skill_names
from .models.connections import Connection, Feedback
from .models.profiles import Member
from .models.registrations import Registration

WAITING_DAYS = 14


class IntroduceForm(forms.Form):
    first = forms.ModelChoiceField(
        label=_("First member"), queryset=Member.objects.filter(hidden=False)
    )
    second = forms.ModelChoiceField(
        label=_("Second member"), queryset=Member.objects.filter(hidden=False)
    )
    note = forms.CharField(
        label=_("A word to both (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def unmatched_skills() -> tuple[list, list]:
    """Skills someone wants that no one shares, and skills someone shares that no one
    wants, named in the admin's language: two queries."""
    registered = Registration.objects.filter(member__hidden=False).values("pk")

    def keys(relation) -> set:
        through = getattr(Registration, relation).through.objects
        rows = through.filter(registration__in=registered).values_list(
            "skill__translation_key", flat=True
        )
        return set(rows)

    shared, wanted = keys("shares"), keys("learns")
    names = skill_names(active_locale())
    return (
        sorted(names[k].name for k in wanted - shared if k in names),
        sorted(names[k].name for k in shared - wanted if k in names),
    )


def unmatched_members(limit: int = 50) -> list[Member]:
    """Registered members none of whose wanted skills anyone else shares: one
    query, whatever the number of members."""
    others_share = Registration.shares.through.objects.filter(
        skill__translation_key=OuterRef("skill__translation_key"),
        registration__member__hidden=False,
    ).exclude(registration=OuterRef("registration"))
    met = Registration.learns.through.objects.filter(
        Exists(others_share), registration__member=OuterRef("pk")
    )
    wants = Registration.learns.through.objects.filter(
        registration__member=OuterRef("pk")
    )
    return list(
        Member.objects.filter(Exists(wants), hidden=False)
        .exclude(Exists(met))
        .order_by("display_name")[:limit]
    )


def dashboard(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(COORDINATOR_PERMISSION):
        raise PermissionDenied
    form = IntroduceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            connections.introduce(
                form.cleaned_data["first"],
                form.cleaned_data["second"],
                form.cleaned_data["note"],
            )
        except connections.Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Introduced: both have the other's address."))
            return redirect("members_lets_connect")
    wanted_only, shared_only = unmatched_skills()
    since = timezone.now() - dt.timedelta(days=WAITING_DAYS)
    answers = dict(
        Feedback.objects.order_by().values_list("answer").annotate(n=Count("pk"))
    )
    return TemplateResponse(
        request,
        "members/admin/lets_connect.html",
        {
            "page_title": _("Let's Connect"),
            "form": form,
            "unmatched": unmatched_members(),
            "wanted_only": wanted_only,
            "shared_only": shared_only,
            "waiting": Connection.objects.filter(
                status=Connection.Status.PENDING, created_at__lt=since
            ).select_related("requester", "recipient")[:50],
            "waiting_days": WAITING_DAYS,
            "answers": [
                (label, answers.get(value, 0))
                for value, label in Feedback.Answer.choices
            ],
            "comments": Feedback.objects.exclude(comment="")
            .select_related("member")
            .order_by("-answered_at")[:20],
            "language": get_language(),
        },
    )
