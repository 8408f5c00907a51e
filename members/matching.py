"""Let's Connect suggestions: for one member, the peers who share what they want to
learn, ranked higher when the peer also wants what the member shares, then by place
and time zone, each with the reasons in words.

Who may be suggested: registered members with a verified address whom no
coordinator has hidden, whose skills members may see, who speak a language with the
member, have room for another connection (their capacity), and with whom the member
has no open request or connection and no block either way. The ranking by skills is
one aggregate query over the registrations, whatever the number of members; the
places, languages and reasons are read for the few it keeps.
"""

import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from wagtail.models import Locale

from .directory import (
    Entry,
    details,
    entries_for,
    language_name,
    listed,
)
from .groups import needs_and_assets
from .models.connections import Block, Connection
from .models.profiles import CommunityGroup, Member, MemberLanguage, Visibility
from .models.registrations import Registration
from .models.skills import Skill

# A skill the peer shares that the member wants counts for EXACT points; a skill
# next to it in the taxonomy (its broader skill, a narrower one, one under the same
# broader skill) for RELATED. What the peer wants that the member shares counts too,
# less: it ranks a two-way match above a one-way one.
EXACT, RELATED = 6, 2
RECIPROCAL_EXACT, RECIPROCAL_RELATED = 3, 1
SAME_COUNTRY, SAME_REGION, CLOSE_TIME = 2, 1, 1
CLOSE_HOURS = 3
# Ranked by skills first: the places, languages and reasons of this many.
SHORTLIST = 200
OPEN = [Connection.Status.PENDING, Connection.Status.ACCEPTED]


@dataclass
class Suggestion:
    entry: Entry
    score: int
    reasons: list[str] = field(default_factory=list)


def skill_keys(registration: Registration) -> tuple[set, set]:
    rows = details([registration.member])[registration.member_id]
    return set(rows["shares"]), set(rows["learns"])


def neighbours(keys: set, parents: dict) -> set:
    """The skills next to `keys` in the taxonomy, `keys` left out."""
    children = defaultdict(set)
    for key, parent in parents.items():
        if parent is not None:
            children[parent].add(key)
    near = set()
    for key in keys:
        parent = parents.get(key)
        if parent is not None:
            near.add(parent)
            near |= children[parent]
        near |= children[key]
    return near - keys


def parents_by_key() -> dict:
    """Each skill's broader skill, by translation key: one query."""
    skills = Skill.objects.filter(locale=Locale.get_default()).values_list(
        "translation_key", "parent__translation_key"
    )
    return dict(skills)


def open_connections() -> Subquery:
    """How many open requests and connections a member has."""
    counted = (
        Connection.objects.filter(
            Q(requester=OuterRef("pk")) | Q(recipient=OuterRef("pk")), status__in=OPEN
        )
        .order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted[:1]), 0)


def pool(member: Member, languages: list[str]) -> QuerySet[Member]:
    """Everyone who may be suggested to `member` (see the module's docstring)."""
    with_me = Connection.objects.filter(status__in=OPEN).filter(
        Q(requester=member, recipient=OuterRef("pk"))
        | Q(requester=OuterRef("pk"), recipient=member)
    )
    blocks = Block.objects.filter(
        Q(blocker=member, blocked=OuterRef("pk"))
        | Q(blocker=OuterRef("pk"), blocked=member)
    )
    speaks = MemberLanguage.objects.filter(member=OuterRef("pk"), code__in=languages)
    return (
        listed(Visibility.MEMBERS)
        .exclude(pk=member.pk)
        .filter(Exists(speaks))
        .exclude(Exists(with_me))
        .exclude(Exists(blocks))
        .annotate(open_count=open_connections())
        .filter(registration__capacity__gt=F("open_count"))
    )


def points(keys: set, near: set, exact: int, related: int) -> Sum:
    """A peer's points for the skills of a relation that are in `keys` or `near`."""
    return Sum(
        Case(
            When(skill__translation_key__in=keys, then=Value(exact)),
            When(skill__translation_key__in=near, then=Value(related)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def ranked_by_skills(
    peers: QuerySet[Member],
    wanted: set,
    near_wanted: set,
    shared: set,
    near_shared: set,
) -> list[tuple[int, int]]:
    """(member id, points) of the best SHORTLIST `peers` who share something
    wanted (or next to it): one query, the reciprocal points a subquery."""
    registrations = peers.values("registration")
    reciprocal = (
        Registration.learns.through.objects.filter(
            registration=OuterRef("registration")
        )
        .order_by()
        .values("registration")
        .annotate(p=points(shared, near_shared, RECIPROCAL_EXACT, RECIPROCAL_RELATED))
        .values("p")
    )
    rows = (
        Registration.shares.through.objects.filter(
            registration__in=registrations,
            skill__translation_key__in=wanted | near_wanted,
        )
        .order_by()
        .values("registration")
        .annotate(
            offered=points(wanted, near_wanted, EXACT, RELATED),
            total=F("offered") + Coalesce(Subquery(reciprocal[:1]), 0),
        )
        .order_by("-total", "registration")
        .values_list("registration__member", "total")[:SHORTLIST]
    )
    return list(rows)


def hours_apart(one: str, other: str, when: dt.datetime) -> float | None:
    try:
        first = when.astimezone(zoneinfo.ZoneInfo(one)).utcoffset()
        second = when.astimezone(zoneinfo.ZoneInfo(other)).utcoffset()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    return abs((first - second).total_seconds()) / 3600


def suggestions(
    member: Member, locale: Locale, base_url: str, limit: int = 10
) -> list[Suggestion]:
    """The member's best peers, with the reasons, skills named in `locale`. Their
    group's needs count as wanted and its assets as shared."""
    registration = Registration.objects.filter(member=member).first()
    if registration is None:
        return []
    shared, wanted = skill_keys(registration)
    if member.group_id is not None:
        needs, assets = needs_and_assets(member.group)
        wanted, shared = wanted | needs, shared | assets
    languages = list(member.spoken_languages.values_list("code", flat=True))
    return suggest(
        pool(member, languages),
        wanted,
        shared,
        set(languages),
        locale,
        base_url,
        limit,
        place_of=member,
    )


def for_group(
    group: CommunityGroup, locale: Locale, base_url: str, limit: int = 10
) -> list[Suggestion]:
    """Members outside the group who share what it needs (and, ranked higher, want
    what it can share), speaking a language of one of its members."""
    needs, assets = needs_and_assets(group)
    if not needs:
        return []
    languages = set(
        MemberLanguage.objects.filter(member__group=group).values_list(
            "code", flat=True
        )
    )
    speaks = MemberLanguage.objects.filter(member=OuterRef("pk"), code__in=languages)
    peers = (
        listed(Visibility.MEMBERS)
        .exclude(group=group)
        .filter(Exists(speaks))
        .annotate(open_count=open_connections())
        .filter(registration__capacity__gt=F("open_count"))
    )
    return suggest(peers, needs, assets, languages, locale, base_url, limit)


def suggest(
    peers: QuerySet[Member],
    wanted: set,
    shared: set,
    languages: set,
    locale: Locale,
    base_url: str,
    limit: int,
    place_of: Member | None = None,
) -> list[Suggestion]:
    parents = parents_by_key()
    ranked = ranked_by_skills(
        peers, wanted, neighbours(wanted, parents), shared, neighbours(shared, parents)
    )
    if not ranked:
        return []
    found_peers = Member.objects.select_related("group").in_bulk(
        [pk for pk, _ in ranked]
    )
    now = dt.datetime.now(dt.UTC)
    scored = [
        (score + (place_points(place_of, found_peers[pk], now) if place_of else 0), pk)
        for pk, score in ranked
    ]
    # The best `limit`, and only for them the entries and the reasons in words.
    best = sorted(scored, key=lambda pair: (-pair[0], pair[1]))[:limit]
    entries = {
        entry.member.pk: entry
        for entry in entries_for(
            [found_peers[pk] for _score, pk in best],
            Visibility.MEMBERS,
            locale,
            base_url,
        )
    }
    return [
        Suggestion(
            entries[pk],
            score,
            reasons(found_peers[pk], entries[pk], wanted, shared, languages),
        )
        for score, pk in best
    ]


def place_points(member: Member, peer: Member, now: dt.datetime) -> int:
    points = 0
    visible = peer.shows("location", Visibility.MEMBERS)
    if visible and member.country and peer.country == member.country:
        points += SAME_COUNTRY
        if member.region and peer.region.casefold() == member.region.casefold():
            points += SAME_REGION
    if member.time_zone and peer.time_zone:
        apart = hours_apart(member.time_zone, peer.time_zone, now)
        if apart is not None and apart <= CLOSE_HOURS:
            points += CLOSE_TIME
    return points


def reasons(
    peer: Member, entry: Entry, wanted: set, shared: set, mine: set
) -> list[str]:
    """Why the peer is suggested, in words ("shares Fundraising with volunteers;
    you both speak French"), from what members may see of them."""
    said = [
        _("shares %(skill)s") % {"skill": skill.name}
        for skill in entry.shares
        if skill.key in wanted
    ]
    if not said:
        said = [
            _("shares %(skill)s, close to what you want to learn") % {"skill": s.name}
            for s in entry.shares[:1]
        ]
    said += [
        _("wants to learn %(skill)s, which you share") % {"skill": skill.name}
        for skill in entry.learns
        if skill.key in shared
    ]
    common = sorted(str(language_name(code)) for code in mine & entry.language_codes)
    if common:
        said.append(
            _("you both speak %(languages)s") % {"languages": ", ".join(common)}
        )
    return said
