"""Whom each member is listed for, kept on the member, agrees with the rule it
stands for after every kind of change the rule reads: the profile, the account, its
addresses and the registration."""

import pytest
from allauth.account.models import EmailAddress

from members import listing
from members.models import Member, Visibility

pytestmark = pytest.mark.django_db
HANDLE = "anna-kovacs"


def agrees() -> None:
    for audience in Visibility:
        kept = set(listing.listed(audience).values_list("pk", flat=True))
        ruled = set(
            Member.objects.filter(listing.listed_by_rule(audience)).values_list(
                "pk", flat=True
            )
        )
        assert kept == ruled, audience


def member() -> Member:
    return Member.objects.select_related("user").get(handle=HANDLE)


def test_the_demo_members_are_listed_by_the_rule():
    agrees()
    assert member().listed_to == Visibility.PUBLIC


def keep_skills_to_members():
    anna = member()
    anna.visibility = {**anna.visibility, "skills": Visibility.MEMBERS}
    anna.save()


def hide():
    anna = member()
    anna.hidden = True
    anna.save()


def unverify():
    address = EmailAddress.objects.get(user=member().user)
    address.verified = False
    address.save()


def remove_address():
    EmailAddress.objects.filter(user=member().user).delete()


def deactivate():
    user = member().user
    user.is_active = False
    user.save()


def unregister():
    member().registration.delete()


@pytest.mark.parametrize(
    "change, listed_to",
    [
        (keep_skills_to_members, Visibility.MEMBERS),
        (hide, ""),
        (unverify, ""),
        (remove_address, ""),
        (deactivate, ""),
        (unregister, ""),
    ],
)
def test_each_change_the_rule_reads_changes_whom_the_member_is_listed_for(
    change, listed_to
):
    change()
    assert member().listed_to == listed_to
    agrees()


def test_working_everyone_out_again_changes_nothing_that_was_right():
    before = dict(Member.objects.values_list("pk", "listed_to"))
    Member.objects.update(listed_to="")
    listing.refresh()
    assert dict(Member.objects.values_list("pk", "listed_to")) == before
