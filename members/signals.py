"""A change to what the community pages show (a profile, its languages, links or
group, a registration and its skills) drops those pages, in every language, from the
full-page cache and the memos, once the change is committed. A change to what the
directory's rule reads (the profile, the registration, the account or its addresses)
works out again for whom the member is listed (members.listing)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from wagtail.models import Page

from allauth.account.models import EmailAddress

from core.versions import page_tag
from pagecache.cache import invalidate, site_relative_url

from . import listing, words
from .models import (
    CommunityGroup,
    CommunityIndexPage,
    Member,
    MemberLanguage,
    MemberLink,
    Registration,
    RegistrationWay,
    Skill,
    SkillsDirectoryPage,
)
from .tasks import reindex_skill_task

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


def relist(instance) -> None:
    """Whom the member of a changed profile, registration, account or address is
    listed for."""
    if isinstance(instance, Member):
        members = Member.objects.filter(pk=instance.pk)
    elif isinstance(instance, Registration):
        members = Member.objects.filter(pk=instance.member_id)
    elif isinstance(instance, EmailAddress):
        members = Member.objects.filter(user_id=instance.user_id)
    else:
        members = Member.objects.filter(user_id=instance.pk)
    listing.refresh(members)


def listing_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    # A sign-in saves the account's last_login only: nothing the rule reads.
    if not raw and kwargs.get("update_fields") != frozenset({"last_login"}):
        relist(instance)


def words_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    """The searched words of a saved profile or registration (its skills), or of a
    group's members; a skill renamed in any language: of everyone with it, in a
    task."""
    if raw:
        return
    if isinstance(instance, Member):
        words.reindex(Member.objects.filter(pk=instance.pk))
    elif isinstance(instance, Registration):
        words.reindex(Member.objects.filter(pk=instance.member_id))
    elif isinstance(instance, Skill):
        key = str(instance.translation_key)
        transaction.on_commit(lambda: reindex_skill_task.enqueue(key))
    else:
        words.reindex(Member.objects.filter(group=instance))


def words_removed(sender, instance, **kwargs) -> None:
    """After the deletion is committed: a registration deleted with its member (an
    account erased) must not have the member's words written again first."""
    transaction.on_commit(lambda: words_changed(sender, instance))


def skills_changed(sender, instance, action: str, reverse: bool, **kwargs) -> None:
    if action.startswith("post_"):
        if reverse:  # from the skill's side: whoever the rows named
            words.reindex(
                Member.objects.filter(registration__pk__in=kwargs["pk_set"] or [])
            )
        else:
            words_changed(sender, instance)


def group_leaving(sender, instance, **kwargs) -> None:
    """A group about to be deleted: its members, whose group is emptied without a
    signal, have their words written again once it is gone."""
    members = list(Member.objects.filter(group=instance).values_list("pk", flat=True))
    transaction.on_commit(lambda: words.reindex(Member.objects.filter(pk__in=members)))


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
    for model in (Member, Registration, EmailAddress, get_user_model()):
        label = model._meta.label
        post_save.connect(listing_changed, sender=model, dispatch_uid=f"l-{label}")
        post_delete.connect(listing_changed, sender=model, dispatch_uid=f"ld-{label}")
    for model in (Member, CommunityGroup, Skill):
        label = model._meta.label
        post_save.connect(words_changed, sender=model, dispatch_uid=f"w-{label}")
    for model in (Registration, Skill):
        label = model._meta.label
        post_delete.connect(words_removed, sender=model, dispatch_uid=f"wd-{label}")
    for relation in (Registration.shares.through, Registration.learns.through):
        m2m_changed.connect(
            skills_changed, sender=relation, dispatch_uid=f"w-{relation._meta.label}"
        )
    pre_delete.connect(group_leaving, sender=CommunityGroup, dispatch_uid="w-group")
