"""The subscriber's pages: subscribe, confirm, preferences and one-click unsubscribe.

Subscribing answers in the visitor's language (the URL prefix); the pages reached
from emails answer in the subscriber's language, whatever the browser asks for.
"""

import re

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from allauth.account.decorators import verified_email_required
from allauth.account.models import EmailAddress

from core.ratelimit import account_posts_limited, over_limit
from core.utils import absolute_url, client_ip

from .. import subscriptions
from ..forms import (
    MemberSubscribeForm,
    PreferencesForm,
    SubscribeForm,
    subscribe_form_context,
)
from ..models import Subscriber

# Tokens are URL-safe base64 (secrets.token_urlsafe), at most 64 characters.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def subscribe_rate_limit() -> tuple[int, int]:
    """(attempts, seconds): how many subscribe requests one address may make."""
    return tuple(settings.NEWSLETTER_SUBSCRIBE_RATE_LIMIT)


def is_rate_limited(request: HttpRequest) -> bool:
    """Counts this attempt; True once the client address has used up its window."""
    attempts, window = subscribe_rate_limit()
    return over_limit("newsletter:subscribe", client_ip(request), attempts, window)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """`/<lang>/subscribe/`: the same answer for every valid address, whoever owns it.

    The signup form sits on cached pages, which carry no CSRF token: subscribing
    only ever sends a confirmation to the address given (double opt-in), and the
    rate limit bounds how often one client can do it, so the form does without."""
    if request.method != "POST":
        return render(
            request,
            "newsletter/subscribe.html",
            {**subscribe_form_context(request), "translate_path": True},
        )
    if is_rate_limited(request):
        response = render(request, "newsletter/rate_limited.html", status=429)
        response["Retry-After"] = str(subscribe_rate_limit()[1])
        return response
    form = SubscribeForm(request.POST)
    if form.is_bot:
        return subscribe_done(request)
    if not form.is_valid():
        return render(
            request,
            "newsletter/subscribe.html",
            {**subscribe_form_context(request, form), "translate_path": True},
            status=400,
        )
    source = form.cleaned_data["source"] or request.path
    subscriptions.subscribe(
        email=form.cleaned_data["email"],
        language=request.LANGUAGE_CODE,
        topics=form.cleaned_data["topics"],
        consent=subscriptions.Consent(
            text=subscriptions.consent_wording(),
            source=absolute_url(source),
            at=timezone.now(),
        ),
    )
    return subscribe_done(request)


@never_cache
@verified_email_required
@account_posts_limited("MEMBERS_POSTS_RATE_LIMIT")
@require_http_methods(["GET", "HEAD", "POST"])
def member_subscribe(request: HttpRequest) -> HttpResponse:
    """`/<lang>/subscribe/member/`: a signed-in member subscribes their verified
    address in one click (the member area posts the language of the page), or
    chooses the language and topics here first."""
    email = request.user.email
    verified = EmailAddress.objects.filter(
        user=request.user, email__iexact=email, verified=True
    ).exists()
    subscriber = Subscriber.objects.for_email(email).first() if verified else None
    form = MemberSubscribeForm(
        request.POST if request.method == "POST" else None,
        subscriber=subscriber,
        language=request.LANGUAGE_CODE,
    )
    subscribed = (
        subscriber is not None and subscriber.status == Subscriber.Status.CONFIRMED
    )
    one_click = "one_click" in request.POST
    if request.method == "POST" and subscribed and one_click:
        # Already subscribed: the member area's button keeps the chosen topics.
        return redirect("newsletter_localized:member_subscribe")
    if request.method == "POST" and verified and form.is_valid():
        subscriptions.subscribe_verified(
            email,
            form.cleaned_data["language"],
            form.cleaned_data["topics"],
            subscriptions.Consent(
                text=subscriptions.consent_wording(),
                source=absolute_url(request.path),
                at=timezone.now(),
            ),
        )
        return redirect("newsletter_localized:member_subscribe")
    return render(
        request,
        "newsletter/member_subscribe.html",
        {
            "form": form,
            "email": email,
            "verified": verified,
            "subscribed": subscribed,
            "consent_wording": subscriptions.consent_wording(),
            "privacy_url": subscriptions.privacy_notice_url(request),
            "unsubscribe_url": (
                reverse("newsletter:unsubscribe", args=[subscriber.token])
                if subscribed
                else None
            ),
        },
        status=400 if form.errors else 200,
    )


def subscribe_done(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "newsletter/subscribe_done.html",
        {
            "privacy_url": subscriptions.privacy_notice_url(request),
            "valid_days": subscriptions.confirm_max_age().days,
        },
    )


def in_language(response: HttpResponse, language: str) -> HttpResponse:
    response["Content-Language"] = language
    return response


def invalid_link(request: HttpRequest, expired: bool) -> HttpResponse:
    return render(
        request,
        "newsletter/confirm_invalid.html",
        {
            "expired": expired,
            "subscribe_url": reverse("newsletter_localized:subscribe"),
        },
        status=400,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, signed: str) -> HttpResponse:
    """GET shows a button (mail scanners fetch links); only the POST confirms."""
    try:
        subscriber = subscriptions.subscriber_for_confirm_link(signed)
    except subscriptions.ConfirmLinkError as error:
        return invalid_link(request, expired=error.expired)
    with override(subscriber.language):
        if request.method == "POST":
            confirmed = subscriptions.confirm(subscriber)
        else:
            confirmed = None
            if subscriber.status == Subscriber.Status.CONFIRMED:
                confirmed = True
            elif subscriber.status != Subscriber.Status.PENDING:
                confirmed = False
        if confirmed is False:
            return in_language(
                invalid_link(request, expired=False), subscriber.language
            )
        template = (
            "newsletter/confirm_done.html" if confirmed else "newsletter/confirm.html"
        )
        response = render(
            request,
            template,
            {
                "subscriber": subscriber,
                "preferences_url": reverse(
                    "newsletter:preferences", args=[subscriber.token]
                ),
                "privacy_url": subscriptions.privacy_notice_url(request),
            },
        )
    return in_language(response, subscriber.language)


def subscriber_for_token(token: str) -> Subscriber:
    """The subscriber an email link names; 404 for anything else. A string that
    cannot be a token (NUL bytes, which PostgreSQL refuses) never reaches a query."""
    if not TOKEN_PATTERN.fullmatch(token):
        raise Http404
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is None:
        raise Http404
    return subscriber


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    """Change language and topics, or go to unsubscribe; reached from every email."""
    subscriber = subscriber_for_token(token)
    saved = False
    status = 200
    if request.method == "POST":
        form = PreferencesForm(request.POST, subscriber=subscriber)
        if form.is_valid():
            subscriptions.update_preferences(
                subscriber, form.cleaned_data["language"], form.cleaned_data["topics"]
            )
            saved = True
        else:
            status = 400
    with override(subscriber.language):
        if saved or request.method != "POST":
            form = PreferencesForm(subscriber=subscriber)
        response = render(
            request,
            "newsletter/preferences.html",
            {
                "subscriber": subscriber,
                "form": form,
                "saved": saved,
                "unsubscribe_url": reverse(
                    "newsletter:unsubscribe", args=[subscriber.token]
                ),
                "subscribe_url": reverse("newsletter_localized:subscribe"),
                "privacy_url": subscriptions.privacy_notice_url(request),
            },
            status=status,
        )
    return in_language(response, subscriber.language)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click: GET shows the button, POST (from the page or from a mail client,
    RFC 8058 `List-Unsubscribe=One-Click`) unsubscribes at once. The token is the
    authority, so no CSRF token is asked for."""
    subscriber = subscriber_for_token(token)
    if request.method == "POST":
        subscriptions.unsubscribe(subscriber)
    with override(subscriber.language):
        response = render(
            request,
            "newsletter/unsubscribe.html",
            {
                "subscriber": subscriber,
                "done": request.method == "POST",
                "preferences_url": reverse(
                    "newsletter:preferences", args=[subscriber.token]
                ),
                "subscribe_url": reverse("newsletter_localized:subscribe"),
                "privacy_url": subscriptions.privacy_notice_url(request),
            },
        )
    return in_language(response, subscriber.language)
