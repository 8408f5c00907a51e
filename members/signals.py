"""A change to what the community pages show (a profile, its languages, links or
group, a registration and its skills) drops those pages, in every language, from the
full-page cache and the memos, once the change is committed."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from wagtail.models import Page

from core.versions import page_tag
from pagecache.cache import invalidate, site_relative_url

from .models import (
    CommunityGroup,
    CommunityIndexPage,
    Member,
    MemberLanguage,
    MemberLink,
    Registration,
    RegistrationWay,
    SkillsDirectoryPage,
)

SHOWN_ON_COMMUNITY_PAGES = [
    CommunityGroup,
    Member,
    MemberLanguage,
    MemberLink,
    Registration,
    RegistrationWay,
]


def community_tags() -> set[str]:
    pages = Page.objects.type(CommunityIndexPage, SkillsDirectoryPage)
    return {page_tag(url) for page in pages if (url := site_relative_url(page))}


def community_changed(sender, **kwargs) -> None:
    transaction.on_commit(lambda: invalidate(community_tags()))


def connect() -> None:
    """Called once the app registry is ready (MembersConfig.ready)."""
    for model in SHOWN_ON_COMMUNITY_PAGES:
        label = model._meta.label
        post_save.connect(community_changed, sender=model, dispatch_uid=f"c-{label}")
        post_delete.connect(community_changed, sender=model, dispatch_uid=f"cd-{label}")
    for relation in (Registration.shares.through, Registration.learns.through):
        m2m_changed.connect(
            community_changed, sender=relation, dispatch_uid=f"c-{relation._meta.label}"
        )
