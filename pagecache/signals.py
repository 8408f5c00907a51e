"""Keeps the page cache in step with what editors publish."""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

from core import memo, versions
from core.models import ShownSiteWide

from . import cache as page_cache

# Wagtail's models that show on pages all over the site; the project's own say so
# with core.models.ShownSiteWide.
WAGTAIL_SHOWN_EVERYWHERE = [
    "wagtailimages.Image",
    "wagtaildocs.Document",
    "wagtailredirects.Redirect",
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailcore.PageViewRestriction",
]


# The page cache (pagecache/cache.py) drops what shows a page once the change is
# committed; what shows it is worked out now, while a deleted page still exists.


def after_commit(tags) -> None:
    transaction.on_commit(lambda: page_cache.invalidate(tags))


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs) -> None:
    after_commit(page_cache.tags_showing(instance))


@receiver(pre_page_move)
@receiver(post_page_move)
@receiver(page_slug_changed)
def page_links_changed(sender, instance, **kwargs) -> None:
    after_commit(
        page_cache.tags_showing(instance) | page_cache.language_tags([instance])
    )


# Saves that only record what a file already was (Wagtail writes a document's size or
# a file's hash the first time it is asked for): nothing shown changes.
FILE_RECORDS = {frozenset({"file_size"}), frozenset({"file_hash"})}


def shown_everywhere_changed(sender, update_fields=None, **kwargs) -> None:
    if update_fields and frozenset(update_fields) in FILE_RECORDS:
        return
    memo.clear()
    after_commit({versions.SITE_TAG})


def shown_everywhere() -> list[type]:
    """The models whose changes drop the whole page cache, from the app registry."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, ShownSiteWide)
        or model._meta.label in WAGTAIL_SHOWN_EVERYWHERE
    ]


def connect_shown_everywhere() -> None:
    """Called once the app registry is ready (PageCacheConfig.ready)."""
    for model in shown_everywhere():
        label = model._meta.label
        post_save.connect(
            shown_everywhere_changed, sender=model, dispatch_uid=f"page-cache-{label}"
        )
        post_delete.connect(
            shown_everywhere_changed,
            sender=model,
            dispatch_uid=f"page-cache-delete-{label}",
        )
