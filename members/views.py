"""The member's own area: what they registered, their profile and their Let's Connect
registration. Never cached: every answer is private to the member."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from allauth.account.decorators import verified_email_required

from core.memo import active_locale

from .forms import ProfileForm, RegistrationForm
from .models import CommunityIndexPage, Member, Registration, SkillsDirectoryPage


def member_for(request: HttpRequest) -> Member:
    return Member.for_user(request.user, request.LANGUAGE_CODE)


@never_cache
@login_required
def area(request: HttpRequest) -> HttpResponse:
    member = member_for(request)
    registration = Registration.objects.filter(member=member).first()
    community = CommunityIndexPage.objects.live().filter(locale=active_locale()).first()
    own_page = directory = None
    if community is not None:
        own_page = community.get_url(request) + community.reverse_subpage(
            "member", args=[member.slug]
        )
        directory = SkillsDirectoryPage.objects.child_of(community).live().first()
    return TemplateResponse(
        request,
        "members/area.html",
        {
            "member": member,
            "registration": registration,
            "own_page": own_page,
            "directory": directory,
        },
    )


@never_cache
@verified_email_required
def profile(request: HttpRequest) -> HttpResponse:
    member = member_for(request)
    form = ProfileForm(
        request.POST if request.method == "POST" else None, instance=member
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("members:area")
    return TemplateResponse(request, "members/profile_form.html", {"form": form})


@never_cache
@verified_email_required
def lets_connect(request: HttpRequest) -> HttpResponse:
    member = member_for(request)
    registration = Registration.objects.filter(member=member).first() or Registration(
        member=member
    )
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        instance=registration,
        locale=active_locale(),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your Let's Connect registration is saved."))
        return redirect("members:area")
    return TemplateResponse(
        request,
        "members/registration_form.html",
        {"form": form, "is_new": registration.pk is None},
    )
