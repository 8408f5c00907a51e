"""Pages and translatable snippets in the visitor's language: the one way the project
picks an object's translation."""

from collections.abc import Iterable

from django.conf import settings

from wagtail.models import Locale, Page

from .memo import active_locale, private_q


def localized_in_bulk(objects: list, locale: Locale | None = None) -> list:
    """Each object (pages or translatable snippets of one model) in `locale`, by
    translation_key, in one query; an object without a live translation stays as it is."""
    objects = [obj for obj in objects if obj is not None]
    if not objects:
        return []
    locale = locale or active_locale()
    if all(obj.locale_id == locale.pk for obj in objects):
        return objects
    model = type(objects[0])
    candidates = model._default_manager.filter(
        translation_key__in={obj.translation_key for obj in objects}, locale=locale
    )
    if issubclass(model, Page):
        candidates = candidates.live().exclude(private_q())
    found = {obj.translation_key: obj for obj in candidates}
    return [found.get(obj.translation_key, obj) for obj in objects]


def localized(obj, locale: Locale | None = None):
    """One object (a page or a translatable snippet) in `locale` (the active one by
    default) where it has a live translation there, else as it is; None stays None."""
    found = localized_in_bulk([obj], locale)
    return found[0] if found else None


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
