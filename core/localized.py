"""Pages and translatable snippets in the visitor's language."""

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
