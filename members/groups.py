"""A group's own profile (the community profile tool): the members of a group write
its page together, with its learning needs and its assets. Each save is a revision
(who, when, what it said); a save made from an older revision than the latest is
refused, so one member never overwrites another's change unseen. Needs count as
skills wanted and assets as skills offered: the group's members are matched on
them, and the group page suggests members who share what the group needs."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models.groups import GroupRevision
from .models.profiles import CommunityGroup, Member

FIELDS = ("description", "needs_note", "assets_note", "public")


class Conflict(Exception):
    """Someone in the group saved since this member opened the form."""


def latest(group: CommunityGroup) -> GroupRevision | None:
    return group.revisions.first()


def content_of(group: CommunityGroup) -> dict:
    return {
        **{name: getattr(group, name) for name in FIELDS},
        "needs": sorted(str(s.translation_key) for s in group.needs.all()),
        "assets": sorted(str(s.translation_key) for s in group.assets.all()),
    }


@transaction.atomic
def save_profile(
    group: CommunityGroup, author: Member, data: dict, based_on: int | None
) -> GroupRevision | None:
    """Save the group's profile from `data` (the form's cleaned data) as a new
    revision; None when nothing changed. Conflict when another revision came after
    `based_on`."""
    group = CommunityGroup.objects.select_for_update().get(pk=group.pk)
    current = latest(group)
    if (current.pk if current else None) != based_on:
        raise Conflict(_("Someone in your group saved the page since you opened it."))
    before = content_of(group)
    for name in FIELDS:
        setattr(group, name, data[name])
    group.save()
    group.needs.set(data["needs"])
    group.assets.set(data["assets"])
    after = content_of(group)
    if after == before and current is not None:
        return None
    return GroupRevision.objects.create(group=group, author=author, content=after)


def changes(revisions: list[GroupRevision]) -> list[tuple[GroupRevision, list[str]]]:
    """Each revision with the parts it changed from the one before it."""
    labels = {
        "description": _("about the group"),
        "needs": _("learning needs"),
        "needs_note": _("about its needs"),
        "assets": _("assets it can share"),
        "assets_note": _("about its assets"),
        "public": _("who may read it"),
    }
    found = []
    for index, revision in enumerate(revisions):
        previous = revisions[index + 1] if index + 1 < len(revisions) else None
        before = previous.content if previous else {}
        changed = [
            str(label)
            for key, label in labels.items()
            if revision.content.get(key) != before.get(key, "" if key in FIELDS else [])
        ]
        found.append((revision, changed))
    return found


def needs_and_assets(group: CommunityGroup) -> tuple[set, set]:
    """The group's needs (as wanted) and assets (as shared), by translation key."""
    needs, assets = (
        {str(key) for key in relation.values_list("translation_key", flat=True)}
        for relation in (group.needs, group.assets)
    )
    return needs, assets
