"""The links that come back from emails: click tracking and bounce notifications."""

import hmac
import json

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseRedirect,
    JsonResponse,
)
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from core.utils import absolute_url

from ..bounces import InvalidBounce, parse_notifications, record_bounces
from ..models import Click, Send, Subscriber
from ..rendering import (
    CLICK_SALT,
    CLICK_SEPARATOR,
    SUBSCRIBER_SALT,
    is_site_url,
    without_campaign,
)

BOUNCE_SECRET_HEADER = "X-Newsletter-Secret"  # noqa: S105 (a header name)


@never_cache
@require_GET
def click(request: HttpRequest, signed: str) -> HttpResponse:
    """Count the subscriber's first click on this link of this issue, then go there;
    only ever to a page of this site (no open redirect)."""
    link_part, _sep, subscriber_part = signed.partition(CLICK_SEPARATOR)
    try:
        payload = signing.loads(link_part, salt=CLICK_SALT)
        send_id, url = int(payload["s"]), str(payload["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return HttpResponseBadRequest("Invalid link.")
    if not is_site_url(url):
        return HttpResponseBadRequest("Invalid link.")
    subscriber_id = _subscriber_id(subscriber_part, send_id)
    if subscriber_id is None:
        return HttpResponseBadRequest("Invalid link.")
    if subscriber_id and send_id:
        _count(send_id, subscriber_id, without_campaign(url))
    return HttpResponseRedirect(absolute_url(url))


def _subscriber_id(part: str, send_id: int) -> int | None:
    """The subscriber a link was sent to, when its signed part is intact and belongs
    to the same send."""
    try:
        value = signing.Signer(salt=SUBSCRIBER_SALT).unsign(part)
        part_send, subscriber = (int(v) for v in value.split("."))
    except (signing.BadSignature, ValueError):
        return None
    return subscriber if part_send == send_id else None


def _count(send_id: int, subscriber_id: int, link: str) -> None:
    if not (
        Send.objects.filter(pk=send_id).exists()
        and Subscriber.objects.filter(pk=subscriber_id).exists()
    ):
        return
    try:
        with transaction.atomic():
            Click.objects.get_or_create(
                send_id=send_id, subscriber_id=subscriber_id, link=link[:1000]
            )
    except IntegrityError:
        pass  # Two first clicks at once: one is enough.


@csrf_exempt
@never_cache
@require_POST
def bounces(request: HttpRequest) -> HttpResponse:
    """Bounce notifications as JSON (see newsletter/bounces.py), authenticated by the
    shared secret NEWSLETTER_BOUNCE_SECRET in the X-Newsletter-Secret header."""
    secret = settings.NEWSLETTER_BOUNCE_SECRET
    if not secret:
        return HttpResponseNotFound()
    given = request.headers.get(BOUNCE_SECRET_HEADER, "")
    if not hmac.compare_digest(given.encode(), secret.encode()):
        return HttpResponseForbidden()
    try:
        notifications = parse_notifications(json.loads(request.body))
    except (ValueError, UnicodeDecodeError) as error:
        message = str(error) if isinstance(error, InvalidBounce) else "Invalid JSON."
        return JsonResponse({"error": message}, status=400)
    return JsonResponse(record_bounces(notifications))
