"""Builders for the demo content of each section; each is safe to run again."""

import datetime as dt
import io
import uuid
import zoneinfo

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify

from wagtail.documents.models import Document
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import TranslationSource

from core.models import Person, SiteIdentity, SiteTagline, Topic
from demo import content, media
from demo import events as event_content
from demo import stories as story_content
from demo.translate import translate_object
from events.models import (
    EventIndexPage,
    EventLanguage,
    EventPage,
    EventSeries,
    EventSpeaker,
    RecordingIndexPage,
    RecordingPage,
    RecordingPageTopic,
    RecordingSpeaker,
)
from stories.models import (
    CommunityProfile,
    StoryIndexPage,
    StoryPage,
    StoryPageRelatedStory,
    StoryPageTopic,
)

ImageModel = get_image_model()


def publish_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_story_snippets(locale: Locale) -> list:
    """Topics, guides and community profiles in the source language."""
    created = []
    for slug, name in story_content.TOPICS:
        topic, _ = Topic.objects.get_or_create(
            slug=slug, locale=locale, defaults={"name": name}
        )
        created.append(topic)
    for person in story_content.PEOPLE:
        fields = {key: value for key, value in person.items() if key != "key"}
        obj, _ = Person.objects.get_or_create(
            name=fields.pop("name"), locale=locale, defaults=fields
        )
        created.append(obj)
    for community in story_content.COMMUNITIES:
        fields = {key: value for key, value in community.items() if key != "key"}
        obj, _ = CommunityProfile.objects.get_or_create(
            slug=fields.pop("slug"), locale=locale, defaults=fields
        )
        created.append(obj)
    return created


def ensure_site_identity(site: Site) -> SiteTagline:
    """The site identity setting with its tagline in the source language."""
    tagline, _ = SiteTagline.objects.get_or_create(
        locale=site.root_page.locale,
        tagline=content.TAGLINE["tagline"],
        defaults={"description": content.TAGLINE["description"]},
    )
    SiteIdentity.objects.update_or_create(
        site=site,
        defaults={
            "name": content.SITE["name"],
            "tagline": tagline,
            "contact_email": content.SITE["contact_email"],
            "social_links": [
                ("link", {"label": label, "url": url})
                for label, url in content.SITE["social_links"]
            ],
        },
    )
    return tagline


def ensure_stories(index: StoryIndexPage) -> None:
    """The demo stories under the source-language story index, oldest first so that
    the listing shows them in the order of the content file."""
    locale = index.locale
    people = {
        p["key"]: Person.objects.get(name=p["name"], locale=locale)
        for p in story_content.PEOPLE
    }
    communities = {
        c["key"]: CommunityProfile.objects.get(slug=c["slug"], locale=locale)
        for c in story_content.COMMUNITIES
    }
    topics = {topic.slug: topic for topic in Topic.objects.filter(locale=locale)}
    existing = set(StoryPage.objects.child_of(index).values_list("slug", flat=True))
    for position, data in enumerate(reversed(story_content.STORIES)):
        if data["slug"] in existing:
            continue
        story = StoryPage(
            title=data["title"],
            slug=data["slug"],
            summary=data["summary"],
            country=data["country"],
            place=data["place"],
            approach=data["approach"],
            guide=people.get(data["guide"]),
            community=communities.get(data["community"]),
            body=data["body"],
            hero_image=demo_image(f"Landscape {position % 4 + 1}", position % 4),
            story_topics=[
                StoryPageTopic(topic=topics[slug]) for slug in data["topics"]
            ],
        )
        story.keywords.add(*data["keywords"])
        publish_child(index, story)
    by_slug = {story.slug: story for story in StoryPage.objects.child_of(index)}
    for slug, related in story_content.RELATED.items():
        story = by_slug[slug]
        if not story.related_story_links.exists():
            story.related_story_links = [
                StoryPageRelatedStory(story=by_slug[other]) for other in related
            ]
            story.save_revision().publish()


def ensure_series(locale: Locale) -> EventSeries:
    fields = dict(event_content.SERIES)
    series, _ = EventSeries.objects.get_or_create(
        slug=fields.pop("slug"), locale=locale, defaults=fields
    )
    return series


def people_by_key(locale: Locale) -> dict[str, Person]:
    return {
        p["key"]: Person.objects.get(name=p["name"], locale=locale)
        for p in story_content.PEOPLE
    }


def ensure_events(index: EventIndexPage, series: EventSeries) -> None:
    """Four upcoming and two past events, dated from the day the seed runs."""
    people = people_by_key(index.locale)
    existing = set(EventPage.objects.child_of(index).values_list("slug", flat=True))
    today = timezone.localdate()
    for data in event_content.EVENTS:
        if data["slug"] in existing:
            continue
        zone = zoneinfo.ZoneInfo(data["time_zone"])
        day = today + dt.timedelta(days=data["days_from_today"])
        start = dt.datetime.combine(day, dt.time(data["hour"]), tzinfo=zone)
        event = EventPage(
            title=data["title"],
            slug=data["slug"],
            kind=data["kind"],
            format=data["format"],
            start=start,
            end=start + dt.timedelta(hours=data["hours"]),
            time_zone=data["time_zone"],
            summary=data["summary"],
            organiser=data["organiser"],
            venue=data["venue"],
            address=data["address"],
            online_url="https://meet.example.org/" + data["slug"]
            if data["format"] != "in_person"
            else "",
            capacity=data.get("capacity", 40),
            series=series if data["series"] else None,
            description=[("paragraph", f"<p>{data['body']}</p>")],
            event_languages=[
                EventLanguage(language=code, interpretation=interpreted)
                for code, interpreted in data["languages"]
            ],
            event_speakers=[
                EventSpeaker(person=people[key]) for key in data["speakers"]
            ],
        )
        publish_child(index, event)


def demo_image(title: str, seed: int):
    """A generated illustration; decorative, so it carries no description (alt text)."""
    image = ImageModel.objects.filter(title=title).first()
    if image is None:
        name = f"{slugify(title)}.jpg"
        content = ImageFile(io.BytesIO(media.illustration(seed)), name=name)
        image = ImageModel.objects.create(title=title, file=content)
    return image


def demo_document(title: str, filename: str, content: bytes) -> Document:
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file.save(filename, ContentFile(content), save=False)
        # Its size and hash, as an upload through the admin records them: otherwise
        # the first visitor's request writes the size (and drops every cached page).
        document._set_document_file_metadata()
        document.save()
    return document


def ensure_recordings(index: RecordingIndexPage, events: EventIndexPage) -> None:
    people = people_by_key(index.locale)
    topics = {topic.slug: topic for topic in Topic.objects.filter(locale=index.locale)}
    existing = {
        recording.slug: recording
        for recording in RecordingPage.objects.child_of(index).prefetch_related(
            "recording_topics"
        )
    }
    event_pages = {event.slug: event for event in EventPage.objects.child_of(events)}
    today = timezone.localdate()
    for position, data in enumerate(event_content.RECORDINGS):
        if data["slug"] in existing:
            ensure_recording_topics(existing[data["slug"]], data["topics"], topics)
            continue
        audio = demo_document(
            f"Audio: {data['title']}",
            f"{data['slug']}.wav",
            media.audio_clip(seconds=6, base_hz=196.0 + 30 * position),
        )
        slides = demo_document(
            f"Slides: {data['title']}",
            f"{data['slug']}.pdf",
            media.slide_deck(
                data["title"], [title for _time, title in data["chapters"]]
            ),
        )
        recording = RecordingPage(
            title=data["title"],
            slug=data["slug"],
            event=event_pages.get(data["event"]),
            date=today + dt.timedelta(days=data["days_from_today"]),
            duration=dt.timedelta(minutes=data["minutes"]),
            summary=data["summary"],
            audio=audio,
            slides=slides,
            transcript="".join(
                f"<p>{paragraph}</p>" for paragraph in data["transcript"]
            ),
            chapters=[
                ("chapter", {"time": time, "title": title})
                for time, title in data["chapters"]
            ],
            recording_speakers=[
                RecordingSpeaker(person=people[key]) for key in data["speakers"]
            ],
            recording_topics=[
                RecordingPageTopic(topic=topics[slug]) for slug in data["topics"]
            ],
        )
        publish_child(index, recording)


def ensure_recording_topics(
    recording: RecordingPage, slugs: list[str], topics: dict[str, Topic]
) -> None:
    """Give a recording seeded before recordings had topics its topics, and carry
    them into the translations it already has."""
    if recording.recording_topics.all():
        return
    recording.recording_topics = [RecordingPageTopic(topic=topics[s]) for s in slugs]
    recording.save_revision().publish()
    TranslationSource.update_or_create_from_instance(recording)
    for translation in recording.get_translations():
        translate_object(recording, translation.locale)


GENERATED_PREFIX = "generated"


def ensure_scale(count: int) -> int:
    """N generated stories, events and recordings per language, for benchmarks:
    created directly in each locale and linked by translation_key (no
    wagtail-localize), with each language's own section title, so seeding stays fast."""
    created = 0
    now = timezone.now()
    # Generated events join the series and recordings get topics, in their own
    # language, so that the series page and the filters are measured at scale.
    related = {
        "series": {
            series.locale_id: series
            for series in EventSeries.objects.filter(slug=event_content.SERIES["slug"])
        },
        "topics": {},
    }
    for topic in Topic.objects.order_by("slug"):
        related["topics"].setdefault(topic.locale_id, []).append(topic)
    for index_model, build in [
        (StoryIndexPage, generated_story),
        (EventIndexPage, generated_event),
        (RecordingIndexPage, generated_recording),
    ]:
        indexes = list(index_model.objects.select_related("locale"))
        kind = build.__name__.removeprefix("generated_")
        for number in range(count):
            slug = f"{GENERATED_PREFIX}-{kind}-{number}"
            done = set(
                Page.objects.filter(slug=slug).values_list("locale_id", flat=True)
            )
            key = (
                Page.objects.filter(slug=slug)
                .values_list("translation_key", flat=True)
                .first()
                or uuid.uuid4()
            )
            for index in indexes:
                if index.locale_id in done:
                    continue
                page = build(index, number, now, related)
                page.slug, page.translation_key, page.locale = slug, key, index.locale
                page.live, page.first_published_at, page.last_published_at = (
                    True,
                    now,
                    now,
                )
                index.add_child(instance=page)
                created += 1
    return created


def generated_story(
    index: StoryIndexPage, number: int, now, related: dict
) -> StoryPage:
    countries = ["HU", "RO", "ES", "GB", "IT", "PT", "KE", "BR"]
    approaches = ["partnership", "peer_exchange", "mentoring", "learning_clinic"]
    return StoryPage(
        title=f"{index.title} {number + 1}",
        summary=index.search_description or index.title,
        country=countries[number % len(countries)],
        approach=approaches[number % len(approaches)],
        body=[("paragraph", f"<p>{index.search_description}</p>")],
    )


def generated_event(
    index: EventIndexPage, number: int, now, related: dict
) -> EventPage:
    start = now + dt.timedelta(days=number - 20, hours=number % 5)
    return EventPage(
        title=f"{index.title} {number + 1}",
        kind=["seminar", "learning_clinic", "workshop"][number % 3],
        format="online",
        online_url="https://meet.example.org/generated",
        start=start,
        end=start + dt.timedelta(hours=2),
        time_zone="Europe/Lisbon",
        summary=index.search_description or index.title,
        organiser="Learning Commons",
        series=related["series"].get(index.locale_id) if number % 2 else None,
    )


def generated_recording(
    index: RecordingIndexPage, number: int, now, related: dict
) -> RecordingPage:
    recording = RecordingPage(
        title=f"{index.title} {number + 1}",
        date=now.date() - dt.timedelta(days=number + 1),
        duration=dt.timedelta(minutes=30 + number % 30),
        summary=index.search_description or index.title,
        transcript=f"<p>{index.search_description}</p>",
    )
    topics = related["topics"].get(index.locale_id)
    if topics:
        recording.recording_topics = [
            RecordingPageTopic(topic=topics[number % len(topics)])
        ]
    return recording
