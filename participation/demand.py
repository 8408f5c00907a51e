"""Unmet demand becomes a clinic: the skills many members want to learn and few
share, each with the Learning Ambassadors who share it or a related skill (its
broader or narrower one, then one of its category), and the invitation that asks
one of them, in their language, to propose a clinic on it."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import override

from wagtail.models import Locale

from core.emails import send_in_language
from core.utils import absolute_url
from members.models import Registration, Skill

from .models import Ambassador

# A skill is in demand when at least this many want it, and fewer than a third as
# many share it.
MIN_WANTING = 2
SHOWN = 12
SUGGESTED = 3


@dataclass
class Demand:
    skill: Skill
    wanting: int
    sharing: int
    ambassadors: list = field(default_factory=list)


def counts(relation) -> Counter:
    """How many registered members, not hidden, share or want each source skill."""
    rows = (
        relation.through.objects.filter(registration__member__hidden=False)
        .values_list("skill_id")
        .annotate(n=Count("registration", distinct=True))
    )
    return Counter(dict(rows))


def unmet() -> list[Demand]:
    """The skills in most demand against their sharers, each with up to three
    ambassadors to invite: a few queries, whatever the number of members."""
    wanting = counts(Registration.learns)
    sharing = counts(Registration.shares)
    skills = {
        skill.pk: skill
        for skill in Skill.objects.filter(locale=Locale.get_default()).select_related(
            "category"
        )
    }
    found = [
        Demand(skills[pk], wanted, sharing.get(pk, 0))
        for pk, wanted in wanting.items()
        if pk in skills and wanted >= MIN_WANTING and sharing.get(pk, 0) * 3 < wanted
    ]
    found.sort(key=lambda d: (d.sharing - d.wanting, d.skill.name))
    found = found[:SHOWN]
    shared_by = {}
    through = Registration.shares.through.objects.filter(
        registration__member__ambassador__isnull=False,
        registration__member__hidden=False,
    )
    for member_id, skill_id in through.values_list(
        "registration__member__ambassador", "skill_id"
    ):
        shared_by.setdefault(member_id, set()).add(skill_id)
    ambassadors = Ambassador.objects.filter(pk__in=shared_by).select_related("member")
    for demand in found:
        demand.ambassadors = suggested(demand.skill, ambassadors, shared_by, skills)
    return found


def suggested(skill: Skill, ambassadors, shared_by: dict, skills: dict) -> list:
    """Ambassadors sharing the skill first, then its broader or narrower one, then
    one of its category."""

    def closeness(ambassador) -> int:
        theirs = [skills[pk] for pk in shared_by[ambassador.pk] if pk in skills]
        if any(s.pk == skill.pk for s in theirs):
            return 0
        if any(s.parent_id == skill.pk or s.pk == skill.parent_id for s in theirs):
            return 1
        if any(s.category_id == skill.category_id for s in theirs):
            return 2
        return 3

    ranked = sorted(
        (a for a in ambassadors if closeness(a) < 3),
        key=lambda a: (closeness(a), a.member.display_name),
    )
    return ranked[:SUGGESTED]


def invite(ambassador: Ambassador, skill: Skill) -> None:
    """Ask the ambassador, in their language, to propose a clinic on the skill."""
    member = ambassador.member
    language = member.language
    locale = Locale.objects.filter(language_code=language).first()
    shown = skill.get_translation_or_none(locale) if locale else None
    with override(language):
        propose = absolute_url(reverse("clinics:propose") + f"?skill={skill.pk}")
    send_in_language(
        language,
        member.user.email,
        "participation/email/invitation",
        {
            "member": member,
            "skill_name": (shown or skill).name,
            "propose_url": propose,
        },
    )
