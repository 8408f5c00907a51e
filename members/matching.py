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
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from wagtail.models import Locale

from .directory import (
    Entry,
    details,
    entries_for,
    language_name,
)
from .groups import needs_and_assets
from .listing import listed
from .models.connections import Block, Connection
from .models.profiles import (
    CommunityGroup,
    Member,
    MemberLanguage,
    Visibility,
    shows,
)
from .models.registrations import Registration
from .models.skills import Skill

# A skill the peer shares that the member wants counts for EXACT points; a skill
# next to it in the taxonomy (its broader skill, a narrower one, one under the same
# broader skill) for RELATED. What the peer wants that the member shares counts too,
# less: it ranks a two-way match above a one-way one.
EXACT, RELATED = 6, 2
RECIPROCAL_EXACT, RECIPROCAL_RELATED = 3, 1
SAME_COUNTRY, SAME_REGION, CLOSE_TIME = 2, 1, 1
CLOSE = dt.timedelta(hours=3)
# What the closeness of a peer is read from.
PLACE = ("country", "region", "time_zone", "visibility")
# Ranked by skills first: the places, languages and reasons of this many.
SHORTLIST = 200
# The best this many by skills alone, of whom SHORTLIST may be suggested.
CANDIDATES = 4 * SHORTLIST
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


@dataclass(frozen=True)
class Taxonomy:
    """Each skill's broader skill by translation key, and the ids of each key's
    skills (a skill and its translations): one query."""

    parents: dict
    ids: dict

    @classmethod
    def read(cls) -> "Taxonomy":
        parents, ids = {}, defaultdict(list)
        default = Locale.get_default().pk
        rows = Skill.objects.values_list(
            "pk", "translation_key", "locale", "parent__translation_key"
        )
        for pk, key, locale, parent in rows:
            ids[str(key)].append(pk)
            if locale == default:
                parents[key] = parent
        return cls(parents, ids)

    def ids_of(self, keys: set) -> list[int]:
        return [pk for key in keys for pk in self.ids.get(str(key), ())]


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


def ranked_by_skills(
    peers: QuerySet[Member],
    taxonomy: Taxonomy,
    wanted: set,
    shared: set,
) -> list[tuple[int, int]]:
    """(member id, points) of the best SHORTLIST `peers` who share something
    wanted (or next to it).

    The points are summed over the registrations' skills alone, best first, and
    who of the best CANDIDATES may be suggested is checked for them only: checking
    every member first is what grows with the size of the network. Should fewer
    than SHORTLIST of them be `peers`, the ranking runs again among `peers` only."""
    parents = taxonomy.parents
    weights = [
        (Registration.shares.through, EXACT, wanted),
        (Registration.shares.through, RELATED, neighbours(wanted, parents)),
        (Registration.learns.through, RECIPROCAL_EXACT, shared),
        (Registration.learns.through, RECIPROCAL_RELATED, neighbours(shared, parents)),
    ]
    weighted = [
        (through, points, taxonomy.ids_of(keys)) for through, points, keys in weights
    ]
    candidates = skill_points(weighted, CANDIDATES)
    allowed = set(
        peers.filter(pk__in=[pk for pk, _points in candidates]).values_list(
            "pk", flat=True
        )
    )
    kept = [(pk, points) for pk, points in candidates if pk in allowed]
    if len(kept) >= SHORTLIST or len(candidates) < CANDIDATES:
        return kept[:SHORTLIST]
    return skill_points(weighted, SHORTLIST, among=peers)


def skill_points(
    weighted: list[tuple[type, int, list[int]]],
    limit: int,
    among: QuerySet[Member] | None = None,
) -> list[tuple[int, int]]:
    """(member id, points) of the best `limit` registrations (of members `among`)
    that share one of the skills weighted for sharing: for each (table of skills
    shared or wanted, points, skill ids), the points of each registration's rows
    with those skills, summed.

    One query, written out: a sum over the rows of both tables together is what
    keeps it to one pass over the rows of the skills asked for (the ORM's
    aggregate over one table with a subquery for the other evaluates that subquery
    twice a row, and took twice as long at 50,000 members)."""
    Through = Registration.shares.through
    parts, params = [], []
    for through, points, ids in weighted:
        if not ids:
            continue
        table = connection.ops.quote_name(through._meta.db_table)
        marks = ", ".join(["%s"] * len(ids))
        offered = points if through is Through else 0
        parts.append(  # (the tables' names come from the models, values are params)
            f"SELECT registration_id, %s AS points, %s AS offered FROM {table}"  # noqa: S608
            f" WHERE skill_id IN ({marks})"
        )
        params += [points, offered, *ids]
    if not any(through is Through and ids for through, _points, ids in weighted):
        return []
    registrations = connection.ops.quote_name(Registration._meta.db_table)
    having = ""
    if among is not None:
        inside = Registration.objects.filter(member__in=among).values("pk")
        inside_sql, inside_params = inside.query.sql_with_params()
        having = f" AND registration_id IN ({inside_sql})"
        params += inside_params
    sql = (
        "SELECT r.member_id, t.total FROM ("  # noqa: S608
        "SELECT registration_id, SUM(points) AS total FROM ("
        + " UNION ALL ".join(parts)
        + ") AS weighted GROUP BY registration_id HAVING SUM(offered) > 0"
        f"{having} ORDER BY total DESC, registration_id LIMIT %s"
        f") AS t JOIN {registrations} AS r ON r.id = t.registration_id"
        " ORDER BY t.total DESC, t.registration_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return [(member, int(total)) for member, total in cursor.fetchall()]


def utc_offset(zone: str, when: dt.datetime) -> dt.timedelta | None:
    try:
        return when.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


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
    ranked = ranked_by_skills(peers, Taxonomy.read(), wanted, shared)
    if not ranked:
        return []
    if place_of is not None:
        places = Member.objects.filter(pk__in=[pk for pk, _ in ranked])
        near = closeness(place_of)
        points = {pk: near(*place) for pk, *place in places.values_list("pk", *PLACE)}
        ranked = [(pk, score + points[pk]) for pk, score in ranked]
    # The best `limit`, and only for them the entries and the reasons in words.
    best = sorted(ranked, key=lambda pair: (-pair[1], pair[0]))[:limit]
    found_peers = Member.objects.select_related("group").in_bulk(
        [pk for pk, _score in best]
    )
    entries = {
        entry.member.pk: entry
        for entry in entries_for(
            [found_peers[pk] for pk, _score in best],
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
        for pk, score in best
    ]


def closeness(member: Member) -> Callable[..., int]:
    """The points a peer gets for being near `member`, from the peer's PLACE: in
    their country (and region) when members may see where the peer is, and in a
    time zone close to theirs."""
    now = dt.datetime.now(dt.UTC)
    offsets: dict[str, dt.timedelta | None] = {}
    mine = utc_offset(member.time_zone, now) if member.time_zone else None
    region = member.region.casefold()

    def near(country: str, peer_region: str, zone: str, visibility: dict) -> int:
        points = 0
        seen = shows(visibility, "location", Visibility.MEMBERS)
        if member.country and country == member.country.code and seen:
            points += SAME_COUNTRY
            if region and peer_region.casefold() == region:
                points += SAME_REGION
        if mine is not None and zone:
            if zone not in offsets:
                offsets[zone] = utc_offset(zone, now)
            if offsets[zone] is not None and abs(offsets[zone] - mine) <= CLOSE:
                points += CLOSE_TIME
        return points

    return near


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
