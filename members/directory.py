"""The skills directory: who is listed, what each viewer may see of them, its filters
and how many members share or want each skill.

Every rule of visibility is a condition in SQL: a filter or a search never finds a
member by a part of their profile the viewer may not see, and counting, filtering
and paging cost the same queries however many members there are.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.http import HttpRequest, QueryDict
from django.utils.translation import get_language_info

from wagtail.models import Locale

from allauth.account.models import EmailAddress
from django_countries import countries

from core import memo, versions
from core.listing import Choice, Filter, ListingFilters
from core.utils import slug_or_empty

# The models' own modules, not the package: its page models import this module.
from .listing import allowed
from .models.profiles import (
    SPOKEN_LANGUAGES,
    Member,
    MemberLanguage,
    MemberLink,
    ProfileWord,
    Visibility,
)
from .models.registrations import Registration, RegistrationWay, SharingWay
from .models.skills import Skill
from .words import words

# Who sees every part of every profile: the community coordinators.
COORDINATOR_PERMISSION = "members.change_member"
SEARCH_LENGTH = 100
SEARCH_WORDS = 5


def signed_in(request: HttpRequest) -> bool:
    """Whether the request comes from someone signed in, without reading the session
    of a visitor who has none: a visitor's page then stays in the full-page cache
    (reading the session adds `Vary: Cookie`, which keeps a page out of it)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return request.user.is_authenticated


def audience_of(request: HttpRequest) -> Visibility:
    """The standing of the viewer: a visitor, a member with a verified address, or
    a coordinator."""
    if not signed_in(request):
        return Visibility.PUBLIC
    user = request.user
    if user.has_perm(COORDINATOR_PERMISSION):
        return Visibility.COORDINATORS
    if EmailAddress.objects.filter(user=user, verified=True).exists():
        return Visibility.MEMBERS
    return Visibility.PUBLIC


def seen_by(part: str, audience: Visibility) -> Q:
    """Members whose `part` the audience may see."""
    return Q(**{f"visibility__{part}__in": allowed(audience)})


def with_shared_skill(skill: Skill) -> Q:
    through = Registration.shares.through.objects.filter(
        skill__translation_key=skill.translation_key
    )
    return Q(registration__in=through.values("registration"))


def with_wanted_skill(skill: Skill) -> Q:
    through = Registration.learns.through.objects.filter(
        skill__translation_key=skill.translation_key
    )
    return Q(registration__in=through.values("registration"))


@dataclass(frozen=True, kw_only=True)
class SkillSlug(Filter):
    """A skill by its slug, in whichever language it exists (registrations point at
    the source-language skill; its translations share its key)."""

    def clean(self, raw: str, locale: Locale) -> Skill | None:
        slug = slug_or_empty(raw)
        if not slug:
            return None
        skills = Skill.objects.filter(slug=slug)
        return skills.filter(locale=locale).first() or skills.first()

    def param(self, value: Skill) -> str:
        return value.slug


@dataclass(frozen=True, kw_only=True)
class Text(Filter):
    """A short free text, as typed (a region)."""

    max_length: int = 80

    def clean(self, raw: str, locale: Locale) -> str | None:
        value = " ".join(raw.replace("\x00", "").split())[: self.max_length]
        return value or None


class DirectoryFilters(ListingFilters):
    """The directory's filters and search, each narrowing only among the members
    whose filtered part the viewer may see."""

    filters = (
        SkillSlug(
            "offers", lookup=lambda members, s: members.filter(with_shared_skill(s))
        ),
        SkillSlug(
            "wants", lookup=lambda members, s: members.filter(with_wanted_skill(s))
        ),
        Choice(
            "language",
            lookup=lambda members, code: members.filter(
                pk__in=MemberLanguage.objects.filter(code=code).values("member")
            ),
            values=dict(SPOKEN_LANGUAGES),
        ),
        Choice("country", lookup="country", values=countries, normalize=str.upper),
        Text("region", lookup="region__iexact"),
        Choice(
            "way", lookup="registration__ways__way", values=dict(SharingWay.choices)
        ),
    )
    # The profile part each filter reads.
    parts = {
        "offers": "skills",
        "wants": "skills",
        "way": "skills",
        "language": "languages",
        "country": "location",
        "region": "location",
    }

    def __init__(self, query: QueryDict, locale: Locale, audience: Visibility):
        super().__init__(query, locale)
        self.audience = audience
        words = query.get("q", "").replace("\x00", "").split()
        self.search = " ".join(words)[:SEARCH_LENGTH]
        if self.search:
            self.params["q"] = self.search

    @property
    def active(self) -> bool:
        return bool(self.chosen or self.search)

    def apply(self, queryset: QuerySet, skip: str = "") -> QuerySet:
        queryset = super().apply(queryset, skip)
        for name in self.chosen:
            if name != skip:
                queryset = queryset.filter(seen_by(self.parts[name], self.audience))
        if self.search:
            queryset = queryset.filter(self.search_q())
        return queryset

    def search_q(self) -> Q:
        """Members with each word (five at most) in what the viewer may see of
        their name, group, text about them or skills' names in any language
        (members.words). Nothing but punctuation finds no one."""
        searched = words(self.search)[:SEARCH_WORDS]
        if not searched:
            return Q(pk__in=[])
        q = Q()
        for word in searched:
            visible = ProfileWord.objects.filter(
                word=word, seen_by__in=allowed(self.audience)
            ).values("member")
            q &= Q(pk__in=visible)
        return q

    def query_string(self, **changes: str) -> str:
        """The current filters with `changes` (a value of "" drops one)."""
        params = QueryDict(mutable=True)
        params.update({**self.params, **changes})
        for name, value in list(params.items()):
            if not value:
                del params[name]
        return params.urlencode()


@dataclass(frozen=True)
class SkillName:
    key: uuid.UUID
    name: str
    slug: str
    category: str
    category_order: int


def skill_names(locale: Locale) -> dict[str, SkillName]:
    """Every skill's name in `locale` (the source name where untranslated), by
    translation key: one query, kept until a skill changes (skills are shown site
    wide: saving one changes the site token)."""

    def read() -> dict[str, SkillName]:
        found: dict[str, SkillName] = {}
        skills = Skill.objects.select_related("category").order_by(
            "translation_key", "pk"
        )
        for skill in skills:
            here = skill.locale_id == locale.pk
            if here or skill.translation_key not in found:
                found[skill.translation_key] = SkillName(
                    skill.translation_key,
                    skill.name,
                    skill.slug,
                    skill.category.name,
                    skill.category.sort_order,
                )
        return found

    return memo.memoised(None, ("skill-names", locale.pk), [versions.SITE_TAG], read)


@dataclass
class Entry:
    """A member as a viewer sees them: None (or empty) for what they may not see."""

    member: Member
    url: str
    name: str | None = None
    group: str | None = None
    group_kind: str | None = None
    country: str | None = None
    region: str | None = None
    languages: list[str] = field(default_factory=list)
    language_codes: set[str] = field(default_factory=set)
    bio: str | None = None
    bio_language: str | None = None
    links: list = field(default_factory=list)
    photo: object = None  # the member's Wagtail image, when visible
    shares: list[SkillName] = field(default_factory=list)
    learns: list[SkillName] = field(default_factory=list)
    ways: list[str] = field(default_factory=list)

    @property
    def shows_anything(self) -> bool:
        return any(
            (self.name, self.group, self.country, self.languages, self.bio, self.links)
        ) or bool(self.shares or self.learns)


def language_name(code: str) -> str:
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return dict(SPOKEN_LANGUAGES).get(code, code)


def details(members: list[Member]) -> dict[int, dict[str, list[str]]]:
    """The skills shared and wanted (translation keys), ways of sharing and spoken
    languages of `members`, by member and kind: one query, however many."""
    ids = [member.pk for member in members]
    shares = Registration.shares.through.objects.filter(registration__member__in=ids)
    learns = Registration.learns.through.objects.filter(registration__member__in=ids)
    rows = (
        shares.values_list("registration__member", skill_key(), Value("shares"))
        .union(
            learns.values_list("registration__member", skill_key(), Value("learns")),
            RegistrationWay.objects.filter(registration__member__in=ids).values_list(
                "registration__member", "way", Value("ways")
            ),
            MemberLanguage.objects.filter(member__in=ids).values_list(
                "member", "code", Value("languages")
            ),
            all=True,
        )
        .order_by()
    )
    found: dict[int, dict[str, list[str]]] = {pk: defaultdict(list) for pk in ids}
    for member_id, value, kind in rows:
        found[member_id][kind].append(
            uuid.UUID(value) if kind in ("shares", "learns") else value
        )
    return found


def skill_key() -> Cast:
    """A skill's translation key as text, so that it unites with text columns."""
    return Cast("skill__translation_key", CharField())


def entries_for(
    members: Iterable[Member],
    audience: Visibility,
    locale: Locale,
    base_url: str,
    owner: Member | None = None,
    with_links: bool = False,
) -> list[Entry]:
    """What `audience` may see of each member (all of it for the member's own
    entry), with skills named in `locale`: the members (with their group), one
    query for their details and, `with_links`, one for their links."""
    members = list(members)
    names = skill_names(locale)
    found = details(members)
    links = defaultdict(list)
    if with_links:
        for link in MemberLink.objects.filter(member__in=members):
            links[link.member_id].append(link)
    labels = dict(SharingWay.choices)
    entries = []
    for member in members:

        def shows(part: str, member=member) -> bool:
            return member == owner or member.shows(part, audience)

        mine = found[member.pk]
        entry = Entry(member=member, url=f"{base_url}members/{member.slug}/")
        if shows("display_name"):
            entry.name = member.display_name
        if shows("group") and member.group is not None:
            entry.group = member.group.name
            entry.group_kind = member.group.get_kind_display()
        if shows("location"):
            entry.country = member.country.name if member.country else None
            entry.region = member.region or None
        if shows("languages"):
            entry.languages = sorted(map(language_name, mine["languages"]))
            entry.language_codes = set(mine["languages"])
        if shows("bio") and member.bio:
            entry.bio, entry.bio_language = member.bio, member.bio_language or None
        if shows("links"):
            entry.links = links[member.pk]
        if with_links and shows("photo"):
            entry.photo = member.photo
        if shows("skills"):
            entry.shares = named(mine["shares"], names)
            entry.learns = named(mine["learns"], names)
            entry.ways = [labels[way] for way in mine["ways"] if way in labels]
        entries.append(entry)
    return entries


def named(keys: Iterable[str], names: dict[str, SkillName]) -> list[SkillName]:
    found = [names[key] for key in keys if key in names]
    return sorted(found, key=lambda skill: skill.name)
