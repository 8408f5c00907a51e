"""Choosing one object out of its translations, for links between events, series
and recordings."""

from collections.abc import Iterable

from django.conf import settings

from wagtail.models import Locale


def in_locale_or_source(candidates: Iterable, locale: Locale):
    """The candidate in `locale`; where it has no translation there, the one in the
    source language (the default), then any; `None` without candidates. Candidates
    are translations of one object, fetched in a single query."""
    candidates = list(candidates)
    for wanted in [locale.language_code, settings.LANGUAGE_CODE]:
        for candidate in candidates:
            if candidate.locale.language_code == wanted:
                return candidate
    return candidates[0] if candidates else None
