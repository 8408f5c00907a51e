"""The pages of registering for an event: the event's registration page (live
places, one click for a member, a form for a visitor), the places as a small JSON
answer for the event's cached page, and the links sent by email to confirm an
address or cancel. None of them is cached; the links change things only on POST
(mail scanners open links)."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from allauth.account.models import EmailAddress

from core.memo import private_q
from core.ratelimit import over_limit, too_many
from core.utils import client_ip
from events.models import EventPage
from members.directory import signed_in

from . import registrations
from .forms import VisitorRegistrationForm
from .models import EventRegistration


def event_page(page_id: int) -> EventPage:
    """The live, public event page, in whichever language its id names."""
    return get_object_or_404(
        EventPage.objects.live().exclude(private_q()).select_related("locale"),
        pk=page_id,
    )


def verified_address(request: HttpRequest) -> str | None:
    if not signed_in(request):
        return None
    found = EmailAddress.objects.filter(user=request.user, verified=True)
    return found.order_by("-primary").values_list("email", flat=True).first()


def places_text(places: registrations.Places) -> str:
    if places.capacity is None:
        return _("Places are open")
    if places.full:
        return _("Full: waiting list")
    return ngettext("%(count)s place left", "%(count)s places left", places.left) % {
        "count": places.left
    }


@never_cache
def event(request: HttpRequest, page_id: int) -> HttpResponse:
    page = event_page(page_id)
    address = verified_address(request)
    form = VisitorRegistrationForm(request.POST if request.method == "POST" else None)
    is_open = registrations.open_for_registration(page)
    if request.method == "POST" and is_open:
        attempts, window = settings.PARTICIPATION_REGISTER_RATE_LIMIT
        if over_limit("event-register", client_ip(request), attempts, window):
            return too_many(request, window)
        if address is not None:
            member = getattr(request.user, "member", None)
            registrations.register(
                page,
                name=member.display_name if member else request.user.get_full_name(),
                email=address,
                language=get_language(),
                user=request.user,
                verified=True,
                time_zone=member.time_zone if member else "",
            )
            messages.success(request, _("You are registered: see below."))
            return redirect("participation:event", page_id=page.pk)
        if not form.is_bot and form.is_valid():
            registrations.register(
                page,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                language=get_language(),
            )
            # The same answer whether the address was known or not.
            messages.success(
                request,
                _("Thank you. Check your inbox: an email tells you what comes next."),
            )
            return redirect("participation:event", page_id=page.pk)
    mine = registrations.active(page, address) if address else None
    figures = registrations.places(page)
    return TemplateResponse(
        request,
        "participation/event.html",
        {
            "event": page,
            "event_url": page.get_url(request),
            "places": figures,
            "places_text": places_text(figures),
            "is_open": is_open,
            "signed_in_address": address,
            "mine": mine,
            "cancel_url": registrations.links(mine)["cancel_url"] if mine else None,
            "form": form,
        },
    )


@require_GET
def places(request: HttpRequest, page_id: int) -> JsonResponse:
    """The event's places in words, for its page (which stays in the page cache)."""
    page = event_page(page_id)
    figures = registrations.places(page)
    response = JsonResponse(
        {
            "text": places_text(figures),
            "left": figures.left,
            "waiting": figures.waiting,
            "open": registrations.open_for_registration(page),
        }
    )
    response["Cache-Control"] = "no-cache"
    return response


@never_cache
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    found = registrations.from_token(
        token, registrations.CONFIRM_SALT, days=registrations.CONFIRM_DAYS
    )
    return by_link(request, found, "participation/confirm.html", confirm_it)


@never_cache
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    found = registrations.from_token(token, registrations.CANCEL_SALT)
    return by_link(request, found, "participation/cancel.html", cancel_it)


def confirm_it(request: HttpRequest, registration: EventRegistration) -> None:
    registrations.confirm_address(registration)
    registration.refresh_from_db()
    if registration.has_place:
        messages.success(
            request, _("Confirmed: you have a place. We have emailed you the details.")
        )
    else:
        messages.success(
            request,
            _(
                "Confirmed: you are on the waiting list. We will email you if a place opens."
            ),
        )


def cancel_it(request: HttpRequest, registration: EventRegistration) -> None:
    registrations.cancel(registration)
    messages.success(request, _("Your registration is cancelled."))


def by_link(request, registration, template: str, act) -> HttpResponse:
    if registration is None:
        return TemplateResponse(
            request, "participation/link_not_valid.html", status=404
        )
    if request.method == "POST":
        act(request, registration)
        return redirect("participation:event", page_id=registration.event_id)
    return TemplateResponse(
        request,
        template,
        {"registration": registration, "event": registration.event},
    )
