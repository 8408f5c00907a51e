"""The directory's search by words (members.words): whole words without case or
accents, in what the viewer may see only, kept right when a profile, its group, its
skills or a skill's name changes."""

import pytest

from members import words
from members.models import CommunityGroup, Member, ProfileWord, Skill, Visibility
from tests.members.test_directory import everything, listed_handles

pytestmark = pytest.mark.django_db
HANDLE = "anna-kovacs"


def found(client, query: str, code: str = "en") -> set[str]:
    return listed_handles(everything(client, f"/{code}/community/skills/?q={query}"))


def test_words_are_folded_and_split():
    assert words.words("Kovács, PÉCS; l'été  reading-circles_x") == [
        "kovacs",
        "pecs",
        "l",
        "ete",
        "reading",
        "circles",
        "x",
    ]
    assert words.words("تنظيم عيادات التعلم") == ["تنظيم", "عيادات", "التعلم"]
    assert words.words("«»—…") == []


def test_a_name_and_a_text_are_found_without_case_or_accents(client):
    assert HANDLE in found(client, "KOVACS")
    assert HANDLE in found(client, "pécs")
    assert HANDLE in found(client, "kovacs+pecs")
    assert HANDLE not in found(client, "kovacs+nowhere")


def test_a_skill_is_found_by_its_name_in_another_language(client):
    arabic = Skill.objects.get(slug="reading-circles", locale__language_code="ar").name
    assert HANDLE in found(client, arabic.split()[-1], code="en")


def test_punctuation_alone_finds_no_one(client):
    assert found(client, "%C2%AB%C2%BB") == set()


def test_a_text_kept_to_members_is_found_only_by_members(client):
    anna = Member.objects.get(handle=HANDLE)
    anna.visibility = {**anna.visibility, "bio": Visibility.MEMBERS}
    anna.save()
    assert HANDLE not in found(client, "basement")
    assert ProfileWord.objects.filter(
        member=anna, word="basement", seen_by=Visibility.MEMBERS
    ).exists()


def test_a_change_of_group_name_and_of_skill_name_is_searched_at_once(
    client, django_capture_on_commit_callbacks
):
    anna = Member.objects.get(handle=HANDLE)
    anna.visibility = {**anna.visibility, "group": Visibility.PUBLIC}
    anna.group = CommunityGroup.objects.create(name="Baranya Readers")
    anna.save()
    assert HANDLE in found(client, "readers")
    anna.group.name = "Mecsek Circle"
    anna.group.save()
    assert HANDLE not in found(client, "readers")
    assert HANDLE in found(client, "mecsek")
    skill = Skill.objects.get(slug="volunteer-groups", locale__language_code="es")
    skill.name = "Grupos voluntariosos"
    with django_capture_on_commit_callbacks(execute=True):
        skill.save()
    assert HANDLE in found(client, "voluntariosos")


def test_a_skill_dropped_from_a_registration_no_longer_finds_the_member(client):
    anna = Member.objects.get(handle=HANDLE)
    assert HANDLE in found(client, "volunteer")
    anna.registration.shares.remove(
        anna.registration.shares.get(slug="volunteer-groups")
    )
    assert HANDLE not in found(client, "volunteer")
    assert HANDLE in found(client, "reading")


def test_writing_every_members_words_again_changes_nothing():
    before = set(ProfileWord.objects.values_list("member", "word", "seen_by"))
    ProfileWord.objects.all().delete()
    words.reindex()
    assert set(ProfileWord.objects.values_list("member", "word", "seen_by")) == before
