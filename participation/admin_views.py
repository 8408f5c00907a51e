"""The coordinators' view of unmet demand in the admin: skills many want and few
share, the ambassadors who could run a clinic on each, and "invite to propose"."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from members.directory import COORDINATOR_PERMISSION
from members.models import Skill

from . import demand
from .models import Ambassador


class InviteForm(forms.Form):
    ambassador = forms.ModelChoiceField(queryset=Ambassador.objects.all())
    skill = forms.ModelChoiceField(queryset=Skill.objects.all())


def unmet_demand(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(COORDINATOR_PERMISSION):
        raise PermissionDenied
    if request.method == "POST":
        form = InviteForm(request.POST)
        if form.is_valid():
            ambassador = form.cleaned_data["ambassador"]
            demand.invite(ambassador, form.cleaned_data["skill"])
            messages.success(
                request,
                _("Invited %(name)s to propose a clinic.") % {"name": ambassador},
            )
        else:
            messages.error(request, _("Choose an ambassador and a skill."))
        return redirect("participation_unmet_demand")
    return TemplateResponse(
        request,
        "participation/admin/unmet_demand.html",
        {"page_title": _("Unmet demand"), "demands": demand.unmet()},
    )
