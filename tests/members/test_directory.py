"""The skills directory and members' pages: each viewer (a visitor, a member, a
coordinator) sees what the member made visible to them and nothing else, filters and
search never find anyone by a part the viewer may not see, bad input changes nothing,
and a change to a member shows on the next request, cached pages included.

The expected entries come from the demo data (demo/members.py), read here as a table
rather than through the directory's queries."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale

import pytest
from allauth.account.models import EmailAddress

from demo import members as demo
from members import directory, figures, listing
from members.models import Member, Registration, Skill, Visibility
from tests.members.test_registration import signed_in_member

pytestmark = pytest.mark.django_db
LANGUAGES = ["en", "fr", "es", "pt", "ar"]
DIRECTORY = "/{code}/community/skills/"


def rows() -> list[dict]:
    names = [
        "handle",
        "name",
        "group",
        "country",
        "region",
        "language",
        "spoken",
        "shares",
        "learns",
        "ways",
        "visibility",
        "capacity",
        "listed",
        "bio",
    ]
    return [dict(zip(names, row, strict=True)) for row in demo.MEMBERS]


def shown_to(row: dict, part: str, audience: str) -> bool:
    order = ["public", "members", "coordinators"]
    chosen = row["visibility"].get(part, "coordinators")
    return order.index(chosen) <= order.index(audience)


def expected(audience: str, keep=lambda row: True) -> set[str]:
    return {
        row["handle"]
        for row in rows()
        if row["listed"] and shown_to(row, "skills", audience) and keep(row)
    }


def listed_handles(content: str) -> set[str]:
    return {row["handle"] for row in rows() if f'/members/{row["handle"]}/"' in content}


def everything(client, path: str) -> str:
    """Every page of the listing, as one text."""
    pages, number = [], 1
    while True:
        response = client.get(path + ("&" if "?" in path else "?") + f"page={number}")
        assert response.status_code == 200
        content = response.content.decode()
        pages.append(content)
        if 'rel="next"' not in content:
            return "".join(pages)
        number += 1


def coordinator(client):
    user = get_user_model().objects.create_user(
        username="coordinator@example.org", email="coordinator@example.org"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True)
    user.user_permissions.add(Permission.objects.get(codename="change_member"))
    client.force_login(user)
    return user


@pytest.mark.parametrize("code", LANGUAGES)
def test_visitors_see_the_public_entries_in_every_language(client, code):
    content = everything(client, DIRECTORY.format(code=code))
    assert f'<html lang="{code}" dir="{"rtl" if code == "ar" else "ltr"}">' in content
    assert listed_handles(content) == expected("public")
    assert 'hreflang="ar"' in content


def test_members_also_see_members_only_entries(client):
    signed_in_member(client)
    content = everything(client, DIRECTORY.format(code="fr"))
    assert listed_handles(content) == expected("members")
    assert expected("members") > expected("public")


def test_an_unverified_member_sees_what_visitors_see(client):
    signed_in_member(client, verified=False)
    content = everything(client, DIRECTORY.format(code="en"))
    assert listed_handles(content) == expected("public")


def test_a_name_shown_to_members_only_is_not_shown_to_visitors(client):
    private = [r for r in rows() if not shown_to(r, "display_name", "public")]
    listed = [r for r in private if r["listed"] and shown_to(r, "skills", "public")]
    assert listed
    content = everything(client, DIRECTORY.format(code="en"))
    for row in listed:
        assert row["name"] not in content
    signed_in_member(client)
    content = everything(client, DIRECTORY.format(code="en"))
    for row in listed:
        assert row["name"] in content


def test_filtering_by_a_skill_shared(client):
    skill = Skill.objects.get(slug="grant-writing", locale__language_code="es")
    content = everything(client, DIRECTORY.format(code="es") + "?offers=grant-writing")
    assert listed_handles(content) == expected(
        "public", lambda row: "grant-writing" in row["shares"]
    )
    assert skill.name in content


def test_filtering_by_a_skill_wanted_and_a_language(client):
    path = DIRECTORY.format(code="pt") + "?wants=low-bandwidth&language=fr"
    content = everything(client, path)
    assert listed_handles(content) == expected(
        "public",
        lambda row: (
            "low-bandwidth" in row["learns"]
            and "fr" in row["spoken"]
            and shown_to(row, "languages", "public")
        ),
    )


def test_a_country_filter_finds_no_one_by_a_location_they_keep_to_members(client):
    path = DIRECTORY.format(code="en") + "?country=GB"
    visible = expected(
        "public",
        lambda row: row["country"] == "GB" and shown_to(row, "location", "public"),
    )
    assert listed_handles(everything(client, path)) == visible
    signed_in_member(client)
    everyone = expected("members", lambda row: row["country"] == "GB")
    assert listed_handles(everything(client, path)) == everyone
    assert everyone > visible


def test_a_region_filter_is_offered_once_a_country_is_chosen(client):
    content = client.get(DIRECTORY.format(code="fr")).content.decode()
    assert 'name="region"' not in content
    content = client.get(DIRECTORY.format(code="fr") + "?country=SN").content.decode()
    assert '<option value="Thiès"' in content
    path = DIRECTORY.format(code="fr") + "?country=SN&region=thi%C3%A8s"
    assert listed_handles(everything(client, path)) == expected(
        "public", lambda row: row["country"] == "SN" and row["region"] == "Thiès"
    )


def test_searching_finds_a_skill_in_the_visitors_language_and_a_visible_name(client):
    french = Skill.objects.get(slug="crowdfunding", locale__language_code="fr").name
    path = DIRECTORY.format(code="fr") + f"?q={french}"
    assert listed_handles(everything(client, path)) == expected(
        "public",
        lambda row: "crowdfunding" in row["shares"] or "crowdfunding" in row["learns"],
    )
    assert listed_handles(
        everything(client, "/en/community/skills/?q=Kov%C3%A1cs")
    ) == {"anna-kovacs"}


def test_searching_finds_no_one_by_a_name_they_keep_to_members(client):
    row = next(
        r for r in rows() if r["listed"] and not shown_to(r, "display_name", "public")
    )
    surname = row["name"].split()[-1]
    path = DIRECTORY.format(code="en") + f"?q={surname}"
    assert row["handle"] not in listed_handles(everything(client, path))
    signed_in_member(client)
    assert row["handle"] in listed_handles(everything(client, path))


def test_each_skill_says_how_many_share_it_and_want_it(client):
    content = client.get(DIRECTORY.format(code="en")).content.decode()
    skill = Skill.objects.get(slug="reading-circles", locale__language_code="en")
    sharing = len(expected("public", lambda row: "reading-circles" in row["shares"]))
    wanting = len(expected("public", lambda row: "reading-circles" in row["learns"]))
    assert f'?offers=reading-circles">{sharing}</a>' in content
    assert f'?wants=reading-circles">{wanting}</a>' in content
    assert skill.name in content


@pytest.mark.parametrize(
    "query",
    [
        "?q=%00",
        "?q=" + "x" * 5000,
        "?offers=not-a-skill&wants=%3Cscript%3E",
        "?country=ZZ&language=klingon&way=telepathy",
        "?region=%00%00&country=SN",
        "?page=999999",
        "?page=-1&q=<b>",
    ],
)
def test_hostile_queries_answer_normally(client, query):
    response = client.get(DIRECTORY.format(code="ar") + query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_queries_do_not_grow_with_the_number_of_members(client):
    path = DIRECTORY.format(code="en")
    client.get(path)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        return len(queries)

    before = count()
    template = Member.objects.get(handle="anna-kovacs")
    for n in range(30):
        user = get_user_model().objects.create_user(
            username=f"extra{n}", email=f"extra{n}@example.org"
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True)
        member = Member.objects.create(
            user=user,
            display_name=f"Extra member {n}",
            language="en",
            visibility=template.visibility,
            listed=True,
        )
        registration = Registration.objects.create(member=member)
        registration.shares.set(template.registration.shares.all())
        member.spoken_languages.create(code="en")
    assert count() == before


def test_a_members_page_shows_only_what_the_viewer_may_see(client):
    member = Member.objects.get(handle="amelie-laurent")
    member.bio = "Un texte que seuls les coordinateurs lisent."
    member.visibility = {**member.visibility, "bio": "coordinators"}
    member.save()
    path = "/es/community/members/amelie-laurent/"
    content = client.get(path).content.decode()
    assert member.display_name in content
    assert '<meta name="robots" content="noindex">' in content
    assert 'hreflang="ar"' in content
    assert "/ar/community/members/amelie-laurent/" in content
    assert member.bio not in content
    signed_in_member(client)
    assert member.bio not in client.get(path).content.decode()
    coordinator(client)
    assert member.bio in client.get(path).content.decode()


def test_a_member_who_chose_to_be_found_may_be_indexed(client):
    Member.objects.filter(handle="amelie-laurent").update(indexable=True)
    content = client.get("/en/community/members/amelie-laurent/").content.decode()
    assert 'name="robots"' not in content


def test_a_member_who_shows_nothing_publicly_has_no_public_page(client):
    member = signed_in_member(client, email="quiet@example.org")
    member.handle = "quiet-one"
    member.save()
    client.logout()
    assert client.get("/fr/community/members/quiet-one/").status_code == 404
    client.force_login(member.user)
    own = client.get("/fr/community/members/quiet-one/").content.decode()
    assert "Amina" in own


def test_a_hidden_member_has_no_page_and_leaves_the_directory(client):
    Member.objects.filter(handle="anna-kovacs").update(hidden=True)
    assert client.get("/en/community/members/anna-kovacs/").status_code == 404
    coordinator(client)
    assert "anna-kovacs" not in listed_handles(
        everything(client, "/en/community/skills/")
    )


def test_a_member_leaving_the_directory_leaves_the_cached_page(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_PAGE_CACHE_ENABLED = True
    settings.PORTAL_MEMO_ENABLED = True
    path = DIRECTORY.format(code="pt")
    assert "anna-kovacs" in client.get(path).content.decode()
    assert client.get(path).headers["X-Page-Cache"] == "hit"
    member = Member.objects.get(handle="anna-kovacs")
    member.listed = False
    with django_capture_on_commit_callbacks(execute=True):
        member.save()
    response = client.get(path)
    assert response.headers["X-Page-Cache"] == "miss"
    assert "anna-kovacs" not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["", "offers=grant-writing", "wants=reading-circles", "language=ar", "country=MA"],
)
def test_totals_from_the_figures_equal_the_listings_count(query):
    """A single filter's total comes from the kept figures, not a count: the two
    agree for every audience."""
    locale = Locale.objects.get(language_code="fr")
    for audience in Visibility:
        filters = directory.DirectoryFilters(QueryDict(query), locale, audience)
        found = figures.facts(audience, locale)
        counted = filters.apply(listing.listed(audience)).count()
        assert figures.total_for(filters, found) == counted, (query, audience)
