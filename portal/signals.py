"""Keeps a Wagtail Locale for every configured language after each migrate, and the
page cache in step with what editors publish."""

from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

from . import cache as page_cache
from . import memo
from .locales import ensure_locales

# Shown on pages all over the site: a change to one drops the whole page cache.
SHOWN_EVERYWHERE = [
    "stories.Topic",
    "stories.CommunityProfile",
    "events.EventSeries",
    "portal.Person",
    "wagtailimages.Image",
    "wagtaildocs.Document",
    "wagtailredirects.Redirect",
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailcore.PageViewRestriction",
]


@receiver(post_migrate)
def create_locales(sender, using: str = "default", **kwargs) -> None:
    if sender.name == "portal":
        ensure_locales(using=using)


# The page cache (portal/cache.py) drops what shows a page once the change is
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
    after_commit({page_cache.SITE_TAG})


for model in SHOWN_EVERYWHERE:
    post_save.connect(
        shown_everywhere_changed, sender=model, dispatch_uid=f"page-cache-{model}"
    )
    post_delete.connect(
        shown_everywhere_changed,
        sender=model,
        dispatch_uid=f"page-cache-delete-{model}",
    )
