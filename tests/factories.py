"""Factories for the page types and people in each role, for tests that need more
than the seeded site."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.users.models import UserProfile

import factory
import wagtail_factories

from events.models import EventPage, RecordingPage
from home.models import StandardPage
from stories.models import StoryPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    slug = factory.Sequence(lambda n: f"standard-page-{n}")
    introduction = "A page made for a test."

    class Meta:
        model = StandardPage


class StoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Generated story {n}")
    slug = factory.Sequence(lambda n: f"generated-story-{n}")
    summary = "How a community learned with its neighbours."
    country = "PT"
    approach = "peer_exchange"
    body = [("paragraph", "<p>What happened.</p>")]

    class Meta:
        model = StoryPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Generated event {n}")
    slug = factory.Sequence(lambda n: f"generated-event-{n}")
    kind = "seminar"
    format = "online"
    online_url = "https://meet.example.org/generated"
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    end = factory.LazyAttribute(lambda event: event.start + timedelta(hours=1))
    time_zone = "Europe/Lisbon"
    summary = "A generated event."
    organiser = "Learning Commons"

    class Meta:
        model = EventPage


class RecordingPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Generated recording {n}")
    slug = factory.Sequence(lambda n: f"generated-recording-{n}")
    date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=5))
    duration = timedelta(minutes=30)
    summary = "A generated recording."

    class Meta:
        model = RecordingPage


def member_of(group_name: str, username: str, language: str = ""):
    """A user in one of the roles `sync_roles` creates, with an email address and,
    when given, a preferred admin language."""
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", "pw", first_name=username.title()
    )
    user.groups.add(Group.objects.get(name=group_name))
    if language:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
    return user
