"""The skills directory's figures: how many listed members share or want each
skill, the languages and countries of the entries, how many there are (kept with
the page, `facts`), the totals a single filter finds without counting
(`total_for`), and the filters' options built from them (`options`)."""

import uuid
from operator import itemgetter

from django.db.models import Count, Value
from django.http import HttpRequest
from django.utils import translation

from wagtail.models import Locale, Page

from django_countries import countries

from core import memo, versions

from .directory import (
    DirectoryFilters,
    language_name,
    seen_by,
    skill_key,
    skill_names,
)
from .listing import listed
from .models.profiles import MemberLanguage, Visibility
from .models.registrations import Registration, SharingWay


def by_category(row: dict) -> tuple:
    skill = row["skill"]
    return (skill.category_order, skill.category, skill.name)


def facts(audience: Visibility, locale: Locale) -> dict:
    """What the directory's filters offer the audience, whatever is chosen: each
    skill listed members share or want with how many do, and the languages and
    countries of the entries (named in the active language), and how many entries
    there are, and the regions named in each country: three queries (`kept_facts`)."""
    entries = listed(audience)
    registrations = entries.values("registration")
    shares = Registration.shares.through.objects.filter(registration__in=registrations)
    learns = Registration.learns.through.objects.filter(registration__in=registrations)
    spoken = MemberLanguage.objects.filter(
        member__in=entries.filter(seen_by("languages", audience))
    )
    located = entries.filter(seen_by("location", audience)).exclude(country="")
    rows = (
        shares.values_list(skill_key(), Value("sharing"))
        .annotate(n=Count("registration", distinct=True))
        .union(
            learns.values_list(skill_key(), Value("wanting")).annotate(
                n=Count("registration", distinct=True)
            ),
            spoken.values_list("code", Value("language")).annotate(n=Count("member")),
            located.order_by()
            .values_list("country", Value("country"))
            .annotate(n=Count("pk")),
            all=True,
        )
        .order_by()
    )
    counts: dict[str, dict] = {}
    languages, located_in = {}, {}
    for value, kind, n in rows:
        if kind == "language":
            languages[value] = n
        elif kind == "country":
            located_in[value] = n
        else:
            key = uuid.UUID(value)
            counts.setdefault(key, {"sharing": 0, "wanting": 0})[kind] = n
    regions: dict[str, list[str]] = {}
    named_regions = (
        located.exclude(region="")
        .order_by("country", "region")
        .values_list("country", "region")
        .distinct()
    )
    for country, region in named_regions:
        regions.setdefault(country, []).append(region)
    names = skill_names(locale)
    skills = [
        {"skill": names[key], **figures}
        for key, figures in counts.items()
        if key in names
    ]
    return {
        "total": entries.count(),
        # How many entries each single filter finds (`total_for`).
        "found_by": {
            **{("offers", key): f["sharing"] for key, f in counts.items()},
            **{("wants", key): f["wanting"] for key, f in counts.items()},
            **{("language", code): n for code, n in languages.items()},
            **{("country", code): n for code, n in located_in.items()},
        },
        "skills": sorted(skills, key=by_category),
        "languages": sorted(
            ((code, language_name(code)) for code in languages), key=itemgetter(1)
        ),
        "countries": sorted(
            ((code, countries.name(code)) for code in located_in), key=itemgetter(1)
        ),
        "regions": regions,
    }


# The key names the figures' shape: a deploy that changes it computes afresh.
FACTS_KEY = "directory-facts-3"


def kept_facts(request: HttpRequest, page: Page, audience: Visibility) -> dict:
    """The directory page's `facts` for the audience, in the active language: counting
    every member is the dearest query here, so they are kept in the shared cache
    and, after a member changes, served as they were while a task recomputes them
    (core.memo.revalidated)."""
    language = translation.get_language()
    key = (FACTS_KEY, page.pk, language, audience.value)
    tags = [versions.SITE_TAG, versions.page_tag(page.get_url(request) or "/")]

    def refresh(tags: list[str]) -> None:
        from .tasks import refresh_facts_task

        refresh_facts_task.enqueue(page.pk, language, audience.value, tags)

    return memo.revalidated(
        request, key, tags, lambda: facts(audience, page.locale), refresh
    )


def refresh_facts(page_id: int, language: str, audience: str, tags: list[str]) -> bool:
    """Recompute what `kept_facts` keeps (in a task); False when the page is gone or
    the cache is down."""
    page = Page.objects.filter(pk=page_id).select_related("locale").first()
    if page is None:
        return False
    visibility = Visibility(audience)
    with translation.override(language):
        return memo.refresh_revalidated(
            (FACTS_KEY, page_id, language, audience),
            tags,
            lambda: facts(visibility, page.locale),
        )


def total_for(filters: DirectoryFilters, found: dict) -> int | None:
    """The number of entries the chosen filters find, when the figures already
    know it (none, or one filter by skill, language or country, and no search);
    None when the listing must count."""
    if filters.search or len(filters.chosen) > 1:
        return None
    if not filters.chosen:
        return found["total"]
    [(name, value)] = filters.chosen.items()
    if name in ("offers", "wants"):
        return found["found_by"].get((name, value.translation_key), 0)
    if name in ("language", "country"):
        return found["found_by"].get((name, value), 0)
    return None


def options(filters: DirectoryFilters, found: dict) -> dict:
    """The filters' options with what the visitor chose marked, and the regions
    named in the chosen country."""
    chosen = {name: filters.params.get(name) for name in ("offers", "wants")}
    country = filters.chosen.get("country")
    return {
        "skills": found["skills"],
        "offers_offered": [
            option(row, "sharing", chosen["offers"]) for row in found["skills"]
        ],
        "wants_offered": [
            option(row, "wanting", chosen["wants"]) for row in found["skills"]
        ],
        "languages_offered": filters.options("language", found["languages"]),
        "countries_offered": filters.options("country", found["countries"]),
        "regions_offered": filters.options(
            "region",
            ((name, name) for name in found["regions"].get(country, [])),
        ),
        "ways_offered": filters.options("way", SharingWay.choices),
    }


def option(row: dict, figure: str, chosen: str | None) -> dict:
    skill = row["skill"]
    return {
        "value": skill.slug,
        "label": skill.name,
        "count": row[figure],
        "selected": skill.slug == chosen,
    }
