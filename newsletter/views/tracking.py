"""Placeholder while the newsletter is being built; replaced in this change."""

from django.http import Http404


def _not_yet(request, *args, **kwargs):
    raise Http404


confirm = preferences = unsubscribe = subscribe = click = bounces = _not_yet
