"""A member's profile: every part has the visibility the member chose, nothing is
public by default, and bad input changes nothing."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model

import pytest

from members.models import Member, Visibility
from members.models.profiles import VISIBLE_PARTS
from tests.members.test_registration import signed_in_member

pytestmark = pytest.mark.django_db


def profile_data(**changes) -> dict:
    data = {
        "display_name": "Amina Haddad",
        "handle": "amina-h",
        "country": "MA",
        "region": "Souss-Massa",
        "time_zone": "Africa/Casablanca",
        "bio": "Je coordonne un groupe de lecture.",
        "bio_language": "fr",
        "language": "ar",
        "languages": ["ar", "fr"],
        "listed": "on",
        **{f"visibility_{part}": "members" for part in VISIBLE_PARTS},
    }
    data.update(changes)
    return data


def test_nothing_is_public_until_the_member_chooses(client):
    member = signed_in_member(client)
    for part in VISIBLE_PARTS:
        assert member.visibility_of(part) == Visibility.COORDINATORS
        assert not member.shows(part, Visibility.PUBLIC)
        assert not member.shows(part, Visibility.MEMBERS)
        assert member.shows(part, Visibility.COORDINATORS)


def test_saving_the_profile_keeps_each_parts_visibility(client):
    member = signed_in_member(client)
    page = client.get("/ar/accounts/me/profile/")
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.content.decode()
    response = client.post(
        "/ar/accounts/me/profile/",
        profile_data(visibility_display_name="public", visibility_bio="coordinators"),
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.handle == "amina-h"
    assert member.listed
    assert member.shows("display_name", Visibility.PUBLIC)
    assert not member.shows("bio", Visibility.MEMBERS)
    assert member.shows("location", Visibility.MEMBERS)
    assert sorted(member.spoken_languages.values_list("code", flat=True)) == [
        "ar",
        "fr",
    ]


@pytest.mark.parametrize(
    "changes",
    [
        {"handle": "12345"},
        {"handle": "with spaces"},
        {"visibility_bio": "everyone-and-their-dog"},
        {"country": "XX"},
        {"languages": ["klingon"]},
        {"display_name": ""},
        {"bio": "x" * 1001},
    ],
)
def test_bad_input_is_refused_and_changes_nothing(client, changes):
    member = signed_in_member(client)
    before = Member.objects.filter(pk=member.pk).values().get()
    response = client.post("/fr/accounts/me/profile/", profile_data(**changes))
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert Member.objects.filter(pk=member.pk).values().get() == before
    assert not member.spoken_languages.exists()


def test_a_handle_taken_by_another_member_is_refused(client):
    other = signed_in_member(client, email="other@example.org")
    other.handle = "amina-h"
    other.save()
    member = signed_in_member(client)
    response = client.post("/fr/accounts/me/profile/", profile_data())
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.handle is None


def jpeg_with_gps(size=(800, 600)) -> bytes:
    """A JPEG whose EXIF carries a camera and a place, as phones write them."""
    from PIL import Image

    picture = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (33.0, 57.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    picture.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_group_links_and_a_photo_without_its_metadata(client):
    from PIL import Image

    member = signed_in_member(client)
    upload = SimpleUploadedFile("me.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = client.post(
        "/fr/accounts/me/profile/",
        profile_data(
            group_name="  Cercle   de lecture d'Agadir ",
            group_kind="informal",
            link_1_label="Notre blog",
            link_1_url="example.org/blog",
            photo_upload=upload,
            visibility_photo="public",
            visibility_links="public",
            visibility_display_name="public",
        ),
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.group.name == "Cercle de lecture d'Agadir"
    assert member.group.kind == "informal"
    assert [(link.label, link.url) for link in member.links.all()] == [
        ("Notre blog", "https://example.org/blog")
    ]
    with member.photo.file.open() as stored, Image.open(stored) as picture:
        assert not picture.getexif()
        assert "exif" not in picture.info
    page = client.get("/fr/community/members/amina-h/").content.decode()
    assert 'rel="ugc nofollow"' in page
    assert "member-page__photo" in page
    assert "/media/" in page or "/images/" in page
    old = member.photo.pk
    client.post("/fr/accounts/me/profile/", profile_data(remove_photo="on"))
    member.refresh_from_db()
    assert member.photo is None
    assert not get_image_model().objects.filter(pk=old).exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"photo_upload": ("a.jpg", b"not an image at all")},
        {"photo_upload": ("big.jpg", b"\xff\xd8" + b"0" * 5_000_001)},
        {"photo_upload": ("a.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")},
        {"group_name": "A group", "group_kind": ""},
        {"link_1_label": "Mine", "link_1_url": "javascript:alert(1)"},
        {"link_1_url": "https://example.org"},
        {"link_2_label": "No address"},
    ],
)
def test_bad_photos_groups_and_links_change_nothing(client, changes):
    member = signed_in_member(client)
    data = profile_data(display_name="Changed Name")
    for key, value in changes.items():
        data[key] = SimpleUploadedFile(*value) if key == "photo_upload" else value
    response = client.post("/fr/accounts/me/profile/", data)
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.display_name != "Changed Name"
    assert member.photo is None and member.group is None
    assert not member.links.exists()
