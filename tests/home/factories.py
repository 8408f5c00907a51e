"""Factories for home's page types and for people in each role."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.users.models import UserProfile

import factory
import wagtail_factories
from django_otp.plugins.otp_totp.models import TOTPDevice

from home.models import StandardPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    slug = factory.Sequence(lambda n: f"standard-page-{n}")
    introduction = "A page made for a test."

    class Meta:
        model = StandardPage


def member_of(group_name: str, username: str, language: str = ""):
    """A user in one of the roles `sync_roles` creates, with an email address and,
    when given, a preferred admin language."""
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", "pw", first_name=username.title()
    )
    user.groups.add(Group.objects.get(name=group_name))
    if group_name in settings.PORTAL_REQUIRE_2FA_GROUPS:
        # These roles must have a second factor before they reach the admin.
        TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    if language:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
    return user
