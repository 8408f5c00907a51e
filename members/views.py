"""The member's own area: what they registered, their profile and their Let's Connect
registration. Never cached: every answer is private to the member."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from wagtail import hooks
from wagtail.models import Locale

from allauth.account.decorators import verified_email_required

from core.memo import active_locale
from core.ratelimit import account_posts_limited

from . import connections, groups, matching, privacy, proposals
from .connections import shown_name
from .forms import (
    EraseForm,
    FeedbackForm,
    GroupProfileForm,
    ProfileForm,
    RegistrationForm,
    SkillProposalForm,
)
from .models import (
    CommunityIndexPage,
    Connection,
    Member,
    Registration,
    SkillProposal,
    SkillsDirectoryPage,
)


def member_for(request: HttpRequest) -> Member:
    return Member.for_user(request.user, request.LANGUAGE_CODE)


@never_cache
@login_required
def area(request: HttpRequest) -> HttpResponse:
    member = member_for(request)
    registration = Registration.objects.filter(member=member).first()
    community = CommunityIndexPage.objects.live().filter(locale=active_locale()).first()
    own_page = directory = matches = None
    if community is not None:
        community_url = community.get_url(request)
        own_page = community_url + community.reverse_subpage(
            "member", args=[member.slug]
        )
        matches = community_url + community.reverse_subpage("matches")
        directory = SkillsDirectoryPage.objects.child_of(community).live().first()
    # What apps above this one offer the member: (address, label) pairs.
    links = [
        link
        for hook in hooks.get_hooks("member_area_links")
        for link in hook(request, member, registration)
    ]
    return TemplateResponse(
        request,
        "members/area.html",
        {
            "member": member,
            "links": links,
            "registration": registration,
            "own_page": own_page,
            "directory": directory,
            "matches": matches,
        },
    )


@never_cache
@verified_email_required
@account_posts_limited("MEMBERS_POSTS_RATE_LIMIT")
def profile(request: HttpRequest) -> HttpResponse:
    member = member_for(request)
    posted = request.method == "POST"
    form = ProfileForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        instance=member,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("members:area")
    return TemplateResponse(request, "members/profile_form.html", {"form": form})


@never_cache
@verified_email_required
@account_posts_limited("MEMBERS_POSTS_RATE_LIMIT")
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


@never_cache
@verified_email_required
def connections_list(request: HttpRequest) -> HttpResponse:
    """The member's requests and connections: what waits for their answer, what
    they asked, and their connections with the other's address."""
    member = member_for(request)
    mine = Connection.objects.filter(
        Q(requester=member) | Q(recipient=member)
    ).select_related("requester__user", "recipient__user")
    sections = {"to_answer": [], "asked": [], "open": [], "past": []}
    for connection in mine:
        received = connection.recipient == member
        if connection.status == Connection.Status.PENDING:
            section = "to_answer" if received else "asked"
        elif connection.status == Connection.Status.ACCEPTED:
            section = "open"
        else:
            section = "past"
        other = connection.other(member)
        sections[section].append(
            {
                "connection": connection,
                "other": other,
                "other_name": shown_name(other),
                "received": received,
            }
        )
    return TemplateResponse(request, "members/connections.html", sections)


ACTIONS = {
    "accept": lambda connection, member: connections.answer(connection, member, True),
    "decline": lambda connection, member: connections.answer(connection, member, False),
    "withdraw": connections.withdraw,
    "close": connections.close,
}
DONE = {
    "accept": _lazy("Accepted: you can now write to each other."),
    "decline": _lazy("Declined. They are told kindly, without a reason."),
    "withdraw": _lazy("Your request is withdrawn."),
    "close": _lazy("The connection is closed."),
}


@never_cache
@require_POST
@verified_email_required
@account_posts_limited("MEMBERS_POSTS_RATE_LIMIT")
def connection_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    member = member_for(request)
    connection = get_object_or_404(
        Connection.objects.filter(Q(requester=member) | Q(recipient=member)), pk=pk
    )
    if action not in ACTIONS:
        raise Http404
    try:
        with transaction.atomic():
            ACTIONS[action](connection, member)
    except connections.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, DONE[action])
    return redirect("members:connections")


@never_cache
@verified_email_required
@account_posts_limited("MEMBERS_POSTS_RATE_LIMIT")
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """Whether a connection helped, asked three weeks after it began."""
    member = member_for(request)
    connection = get_object_or_404(
        Connection.objects.filter(Q(requester=member) | Q(recipient=member)).exclude(
            status__in=[Connection.Status.PENDING, Connection.Status.DECLINED]
        ),
        pk=pk,
    )
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not form.is_bot and form.is_valid():
        connections.give_feedback(
            connection,
            member,
            form.cleaned_data["answer"],
            form.cleaned_data["comment"],
        )
        messages.success(request, _("Thank you for telling us."))
        return redirect("members:connections")
    return TemplateResponse(
        request,
        "members/feedback_form.html",
        {"form": form, "other_name": shown_name(connection.other(member))},
    )


@never_cache
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything the site holds on the member, as a JSON download."""
    member = member_for(request)
    response = JsonResponse(
        privacy.everything(member),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = (
        'attachment; filename="my-learning-commons-data.json"'
    )
    return response


@never_cache
@login_required
@account_posts_limited("MEMBERS_POSTS_RATE_LIMIT")
def erase(request: HttpRequest) -> HttpResponse:
    """The member erases their account; staff accounts are closed by an administrator,
    so no one locks the admin out from the member area."""
    member = member_for(request)
    if request.user.is_staff or request.user.is_superuser:
        messages.error(
            request, _("Staff accounts are closed by an administrator, not here.")
        )
        return redirect("members:area")
    form = EraseForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    if request.method == "POST" and not form.is_bot and form.is_valid():
        privacy.erase(member)
        logout(request)
        messages.success(
            request, _("Your account is erased. Thank you for taking part.")
        )
        return redirect(f"/{request.LANGUAGE_CODE}/")
    return TemplateResponse(request, "members/erase_form.html", {"form": form})


@never_cache
@verified_email_required
@account_posts_limited("MEMBERS_POSTS_RATE_LIMIT")
def propose_skill(request: HttpRequest) -> HttpResponse:
    """A skill missing from the taxonomy, and the member's proposals so far."""
    member = member_for(request)
    locale = active_locale()
    form = SkillProposalForm(
        request.POST if request.method == "POST" else None, locale=locale
    )
    if request.method == "POST" and not form.is_bot and form.is_valid():
        category = form.cleaned_data["category"]
        try:
            proposals.propose(
                member,
                form.cleaned_data["name"],
                category.get_translation_or_none(Locale.get_default())
                if category
                else None,
                wanted=form.cleaned_data["side"] == "learn",
                note=form.cleaned_data["note"],
            )
        except proposals.Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                _("Thank you: the coordinators will add it or answer you here."),
            )
            return redirect("members:propose_skill")
    return TemplateResponse(
        request,
        "members/skill_proposals.html",
        {
            "form": form,
            "proposals": SkillProposal.objects.filter(member=member),
        },
    )


@never_cache
@verified_email_required
@account_posts_limited("MEMBERS_POSTS_RATE_LIMIT")
def group_profile(request: HttpRequest) -> HttpResponse:
    """The member's group's page, its needs and assets, edited by its members, with
    its history and the members who share what it needs."""
    member = member_for(request)
    group = member.group
    if group is None:
        messages.info(request, _("Name your group in your profile first."))
        return redirect("members:profile")
    locale = active_locale()
    current = groups.latest(group)
    initial = {
        "description": group.description,
        "needs": list(group.needs.all()),
        "needs_note": group.needs_note,
        "assets": list(group.assets.all()),
        "assets_note": group.assets_note,
        "public": group.public,
        "based_on": current.pk if current else None,
    }
    posted = request.method == "POST"
    form = GroupProfileForm(
        request.POST if posted else None, initial=initial, locale=locale
    )
    if posted and not form.is_bot and form.is_valid():
        try:
            groups.save_profile(
                group, member, form.cleaned_data, form.cleaned_data["based_on"]
            )
        except groups.Conflict as conflict:
            # Their text stays in the form; the latest version is shown beside it.
            form.add_error(
                None,
                _(
                    "%(why)s Its latest version is shown below: add your change to it and save again."
                )
                % {"why": conflict},
            )
            form.data = form.data.copy()
            form.data["based_on"] = current.pk if current else ""
        else:
            messages.success(request, _("The group's page is saved."))
            return redirect("members:group")
    community = CommunityIndexPage.objects.live().filter(locale=locale).first()
    base_url = community.get_url(request) if community else "/"
    return TemplateResponse(
        request,
        "members/group_form.html",
        {
            "form": form,
            "group": group,
            "history": groups.changes(
                list(group.revisions.select_related("author")[:20])
            ),
            "suggestions": matching.for_group(group, locale, base_url, limit=5),
            "group_url": (
                base_url + community.reverse_subpage("group", args=[group.pk])
                if community
                else None
            ),
        },
    )
