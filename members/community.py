"""The community section's routes (`/<lang>/community/...`): a member's page with the
ways to reach them (ask to connect, block, report), and a member's suggestions. What
a page shows depends on the viewer (core.memo's page memos are not used for it);
forms are shown only to signed-in members, so a visitor's page carries no CSRF
cookie and stays in the full-page cache."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from wagtail import hooks

from core.ratelimit import over_limit, too_many

from . import connections, directory, groups, listing, matching
from .forms import ConnectForm, ReportForm
from .models.profiles import CommunityGroup, Member, Visibility


def by_handle(handle: str) -> Member:
    """The member a page address names (a handle, or the id of a member without
    one), unless hidden or gone."""
    if handle.isdigit():
        found = Member.objects.filter(pk=int(handle), handle__isnull=True)
    else:
        found = Member.objects.filter(handle=handle)
    return get_object_or_404(
        found.select_related("group", "user", "photo"),
        hidden=False,
        user__is_active=True,
    )


def viewer(request: HttpRequest) -> Member | None:
    """The signed-in member with a verified address, or None."""
    if directory.audience_of(request) == Visibility.PUBLIC:
        return None
    return Member.for_user(request.user, request.LANGUAGE_CODE)


def sign_in_first(request: HttpRequest) -> HttpResponse:
    login = reverse("account_login")
    return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")


def back_to(page, request: HttpRequest, handle: str) -> HttpResponse:
    """To the member's page, after a form on it."""
    return redirect(
        page.get_url(request) + page.reverse_subpage("member", args=[handle])
    )


def member_page(page, request: HttpRequest, handle: str, **forms) -> HttpResponse:
    """What the viewer may see of a member's profile; not found when that is
    nothing (nothing is public until the member chooses)."""
    member = by_handle(handle)
    me = viewer(request)
    entry = directory.entries_for(
        [member],
        directory.audience_of(request),
        page.locale,
        page.get_url(request),
        owner=member if me == member else None,
        with_links=True,
    )[0]
    if not entry.shows_anything:
        raise Http404
    can_ask = me is not None and me != member
    # What apps above this one show on the page (a member's recognitions): each
    # hook returns rendered, escaped HTML.
    extras = mark_safe(  # noqa: S308
        "".join(hook(member, request) for hook in hooks.get_hooks("member_page_extras"))
    )
    return page.render(
        request,
        context_overrides={
            "entry": entry,
            "extras": extras,
            "is_own": me == member,
            "can_ask": can_ask,
            "connect_form": forms.get("connect_form") or ConnectForm(),
            "report_form": forms.get("report_form") or ReportForm(),
            "indexable": member.indexable and entry.name is not None,
            "directory_url": page.memoised(
                request, "directory-url", lambda: page.directory_url(request)
            ),
            "language_route_suffix": f"members/{member.slug}/",
        },
        template="members/member_page.html",
    )


def group_page(page, request: HttpRequest, pk: int) -> HttpResponse:
    """A group's own page: what it is, needs and can share; for signed-in members,
    or everyone when the group chose so. Its members are those who show their
    group to the viewer."""
    group = get_object_or_404(CommunityGroup, pk=pk)
    audience = directory.audience_of(request)
    if not group.public and audience == Visibility.PUBLIC:
        raise Http404
    names = directory.skill_names(page.locale)
    needs, assets = groups.needs_and_assets(group)
    members = listing.listed(audience).filter(group=group).order_by("display_name")
    shown = [
        entry
        for entry in directory.entries_for(
            members.filter(directory.seen_by("group", audience))[:50],
            audience,
            page.locale,
            page.get_url(request),
        )
        if entry.name
    ]
    return page.render(
        request,
        context_overrides={
            "group": group,
            "needs": directory.named(needs, names),
            "assets": directory.named(assets, names),
            "group_members": shown,
            "directory_url": page.memoised(
                request, "directory-url", lambda: page.directory_url(request)
            ),
            "language_route_suffix": f"groups/{group.pk}/",
        },
        template="members/group_page.html",
    )


def connect(page, request: HttpRequest, handle: str) -> HttpResponse:
    """Ask a member to connect (POST from their page)."""
    return act_on_member(
        page,
        request,
        handle,
        ConnectForm,
        "connect_form",
        lambda me, member, data: connections.ask(me, member, data["message"]),
        _("Your request is sent. You will hear by email when they answer."),
    )


def report(page, request: HttpRequest, handle: str) -> HttpResponse:
    """Report a member to the coordinators (POST from their page)."""
    return act_on_member(
        page,
        request,
        handle,
        ReportForm,
        "report_form",
        lambda me, member, data: connections.report(me, member, data["reason"]),
        _("Thank you: the coordinators will look at it."),
    )


def posting_member(request) -> tuple[Member | None, HttpResponse | None]:
    """The signed-in member posting a form from a member's page, or the answer to
    give instead: not a POST, not signed in, or over the members' rate limit."""
    if request.method != "POST":
        return None, HttpResponseNotAllowed(["POST"])
    me = viewer(request)
    if me is None:
        return None, sign_in_first(request)
    attempts, window = settings.MEMBERS_POSTS_RATE_LIMIT
    if over_limit("MEMBERS_POSTS_RATE_LIMIT", str(request.user.pk), attempts, window):
        return None, too_many(request, window)
    return me, None


def act_on_member(page, request, handle, form_class, form_name, act, done: str):
    """A form posted from a member's page by a signed-in member: the step taken, or
    the page again with the form and the reason it was refused."""
    me, answer = posting_member(request)
    if answer is not None:
        return answer
    member = by_handle(handle)
    form = form_class(request.POST)
    if form.is_bot:
        return back_to(page, request, handle)
    if form.is_valid():
        try:
            act(me, member, form.cleaned_data)
        except connections.Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, done)
            return back_to(page, request, handle)
    return member_page(page, request, handle, **{form_name: form})


def block(page, request: HttpRequest, handle: str) -> HttpResponse:
    """Block a member (POST from their page): no requests or suggestions either way."""
    me, answer = posting_member(request)
    if answer is not None:
        return answer
    member = by_handle(handle)
    try:
        connections.block(me, member)
    except connections.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("Blocked: you will not hear from this member, nor they from you."),
        )
    return redirect(reverse("members:connections"))


def matches(page, request: HttpRequest) -> HttpResponse:
    """The signed-in member's suggestions, best first, with the reasons."""
    me = viewer(request)
    if me is None:
        return sign_in_first(request)
    registered = hasattr(me, "registration")
    found = (
        matching.suggestions(me, page.locale, page.get_url(request))
        if registered
        else []
    )
    return page.render(
        request,
        context_overrides={
            "suggestions": found,
            "registered": registered,
            "language_route_suffix": "matches/",
        },
        template="members/matches.html",
    )
