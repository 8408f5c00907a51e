"""Skills members miss in the taxonomy: a member proposes one (to share or to
learn); a coordinator accepts it as a new skill (in the source language, for
translators to name in every language), merges it into an existing skill, or
declines it with a reason. Accepting or merging adds the skill to the member's
registration, on the side they asked for."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from .models.registrations import Registration
from .models.skills import Skill, SkillCategory, SkillProposal

PENDING_PER_MEMBER = 5


class Refused(Exception):
    """A proposal or decision that may not be made, with the reason in words."""


def propose(member, name: str, category, wanted: bool, note: str = "") -> SkillProposal:
    name = " ".join(name.split())
    if not name:
        raise Refused(_("Name the skill you would like to add."))
    pending = SkillProposal.objects.filter(
        member=member, status=SkillProposal.Status.PENDING
    )
    if pending.count() >= PENDING_PER_MEMBER:
        raise Refused(
            _(
                "You have five proposals waiting: the coordinators will answer them first."
            )
        )
    if pending.filter(name__iexact=name).exists():
        raise Refused(_("You have already proposed this skill."))
    return SkillProposal.objects.create(
        member=member,
        name=name[:100],
        language=member.language,
        category=category,
        wanted=wanted,
        note=note.strip()[:500],
    )


def free_slug(name: str, locale: Locale) -> str:
    base = slugify(name, allow_unicode=False)[:90] or "skill"
    taken = set(
        Skill.objects.filter(locale=locale, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _give(proposal: SkillProposal, skill: Skill) -> None:
    registration, _created = Registration.objects.get_or_create(member=proposal.member)
    (registration.learns if proposal.wanted else registration.shares).add(skill)


def _decided(proposal: SkillProposal, status, skill=None, reason="") -> None:
    proposal.status = status
    proposal.skill = skill
    proposal.reason = reason
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "skill", "reason", "decided_at"])


def _pending(proposal: SkillProposal) -> None:
    if proposal.status != SkillProposal.Status.PENDING:
        raise Refused(_("This proposal has already been decided."))


@transaction.atomic
def accept(
    proposal: SkillProposal, name: str = "", category: SkillCategory | None = None
) -> Skill:
    _pending(proposal)
    category = category or proposal.category
    if category is None:
        raise Refused(_("Choose a category for the new skill."))
    name = " ".join((name or proposal.name).split())
    locale = Locale.get_default()
    source_category = category.get_translation_or_none(locale) or category
    if Skill.objects.filter(locale=locale, name__iexact=name).exists():
        raise Refused(_("A skill with this name exists: merge the proposal into it."))
    skill = Skill.objects.create(
        locale=locale,
        name=name[:100],
        slug=free_slug(name, locale),
        category=source_category,
        description=proposal.note[:240],
    )
    _give(proposal, skill)
    _decided(proposal, SkillProposal.Status.ACCEPTED, skill)
    return skill


@transaction.atomic
def merge(proposal: SkillProposal, skill: Skill) -> Skill:
    _pending(proposal)
    source = skill.get_translation_or_none(Locale.get_default()) or skill
    _give(proposal, source)
    _decided(proposal, SkillProposal.Status.MERGED, source)
    return source


@transaction.atomic
def decline(proposal: SkillProposal, reason: str) -> None:
    _pending(proposal)
    reason = reason.strip()
    if not reason:
        raise Refused(_("Say why, in a few words: the member reads it."))
    _decided(proposal, SkillProposal.Status.DECLINED, reason=reason[:300])
