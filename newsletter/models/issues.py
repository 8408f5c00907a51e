"""A newsletter issue: the editor's lead and picks, and the new work gathered for each
language since the previous issue went out. The web version is the page itself."""

import datetime as dt
from dataclasses import dataclass, field
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Max, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.memo import private_q
from core.models import BasePage, Section
from translation.completeness import incomplete_translations

from .deliveries import Send

NEWSLETTER = Section("newsletter", _("Newsletter"), order=40)


@dataclass
class IssueItem:
    """One piece of work an issue points to, in the issue's language."""

    page: Page
    kind: str
    title: str
    summary: str
    topic_keys: frozenset[UUID] = field(default_factory=frozenset)

    @property
    def translation_key(self) -> UUID:
        return self.page.translation_key


@dataclass
class IssueContent:
    """What an issue carries in one language: the hand-picked items and the new work,
    section by section (stories, recordings, events)."""

    featured: list[IssueItem]
    new_stories: list[IssueItem]
    new_recordings: list[IssueItem]
    new_events: list[IssueItem]
    since: dt.datetime

    @property
    def new_items(self) -> list[IssueItem]:
        return [*self.new_stories, *self.new_recordings, *self.new_events]

    def for_topics(self, topic_keys: frozenset[UUID] | None) -> "IssueContent":
        """The same issue for a reader who chose topics: new work that carries no topic
        system of its own (events, recordings without topics) stays; stories and any
        item with topics stay only when they share one of the reader's topics."""
        if not topic_keys:
            return self

        def keep(items: list[IssueItem], filterable: bool) -> list[IssueItem]:
            if not filterable:
                return items
            return [item for item in items if item.topic_keys & topic_keys]

        return IssueContent(
            featured=self.featured,
            new_stories=keep(self.new_stories, True),
            new_recordings=keep(self.new_recordings, _kind_has_topics("recording")),
            new_events=keep(self.new_events, _kind_has_topics("event")),
            since=self.since,
        )

    def signature(self) -> tuple:
        """Identifies the rendered result: readers whose topics give the same items
        share one rendering."""
        return tuple(item.page.pk for item in [*self.featured, *self.new_items])


# The kinds of new work an issue carries, in the order it shows them.
NEW_WORK_KINDS = ("story", "recording", "event")


def new_work() -> list[tuple[str, type[Page]]]:
    """Each kind of new work and its page type (`new_work_kind` on the class), found
    through the app registry."""
    models = {
        model.new_work_kind: model
        for model in apps.get_models()
        if issubclass(model, Page) and getattr(model, "new_work_kind", None)
    }
    return [(kind, models[kind]) for kind in NEW_WORK_KINDS if kind in models]


def _kind_has_topics(kind: str) -> bool:
    return any(_has_topics(model) for found, model in new_work() if found == kind)


def _has_topics(model: type[Page]) -> bool:
    name = getattr(model, "topics_relation", None)
    if not name:
        return False
    try:
        relation = model._meta.get_field(name)
    except Exception:
        return False
    return any(f.name == "topic" for f in relation.related_model._meta.get_fields())


def _topic_keys(model: type[Page], page_ids: list[int]) -> dict[int, frozenset[UUID]]:
    """The topics (by translation_key, the same in every language) of each page."""
    if not page_ids or not _has_topics(model):
        return {}
    relation = model.topics_relation
    rows = model.objects.filter(pk__in=page_ids).values_list(
        "pk", f"{relation}__topic__translation_key"
    )
    keys: dict[int, set[UUID]] = {}
    for page_id, key in rows:
        if key is not None:
            keys.setdefault(page_id, set()).add(key)
    return {page_id: frozenset(values) for page_id, values in keys.items()}


class IssuePageLink(Orderable):
    """A page an issue names, kept as chosen (usually in the source language) and
    matched to each issue's language by translation_key."""

    item = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("item")]

    class Meta(Orderable.Meta):
        abstract = True


class NewsletterIssueFeaturedItem(IssuePageLink):
    """A story, event, recording or any page chosen by hand for the top of the issue."""

    page = ParentalKey(
        "newsletter.NewsletterIssuePage",
        on_delete=models.CASCADE,
        related_name="featured_items",
    )

    class Meta(IssuePageLink.Meta):
        verbose_name = _("featured item")
        verbose_name_plural = _("featured items")


class NewsletterIssueLeftOut(IssuePageLink):
    """New work the editor leaves out of the "new since the last issue" section, in
    every language."""

    page = ParentalKey(
        "newsletter.NewsletterIssuePage",
        on_delete=models.CASCADE,
        related_name="left_out_items",
    )

    class Meta(IssuePageLink.Meta):
        verbose_name = _("left-out item")
        verbose_name_plural = _("left-out items")


class NewsletterIssuePage(BasePage):
    """One issue of the e-newsletter: sent by email to every confirmed subscriber in
    their language, and kept as a page in the archive."""

    translation_section = NEWSLETTER

    subject = models.CharField(
        _("email subject"),
        max_length=150,
        help_text=_("The subject line subscribers see in their inbox."),
    )
    preheader = models.CharField(
        _("preheader"),
        max_length=200,
        blank=True,
        help_text=_("The short line mail programs show after the subject."),
    )
    lead = RichTextField(
        _("lead"), features=["bold", "italic", "link", "ul", "ol"], blank=True
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("subject"), FieldPanel("preheader")], heading=_("Email")
        ),
        FieldPanel("lead"),
        InlinePanel("featured_items", label=_("Featured items"), max_num=6),
        InlinePanel(
            "left_out_items",
            label=_("Leave out of the new work"),
            help_text=_(
                "New stories, recordings and events are gathered for each language "
                "when the issue is sent; the preview shows them. Pages listed here "
                "are left out."
            ),
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("subject"),
        index.SearchField("lead"),
    ]

    parent_page_types = ["newsletter.NewsletterIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")

    def shared_context(self, request) -> dict:
        # The web version shows every item: topics only choose a reader's emails.
        return {
            **super().shared_context(request),
            "issue": self.content(topics=False),
        }

    def content(self, topics: bool = True) -> "IssueContent":
        """What this issue carries in its own language, gathered now (or as it was
        when the issue went out): a query per kind of work for the picks and the new
        work together, and one for the completeness of every translation they are.
        `topics=False` leaves out the items' topics, which only the emails need."""
        since, until = self.new_work_window()
        chosen = [link.item for link in self._featured()]
        chosen_keys = {page.translation_key for page in chosen}
        excluded = chosen_keys | {
            link.item.translation_key for link in self._left_out()
        }
        found: dict[UUID, Page] = {}
        new: dict[str, list[Page]] = {}
        kinds = new_work()
        for kind, model in kinds:
            new[kind] = []
            for page in self._gather(model, since, until, chosen_keys, excluded):
                if page.translation_key in chosen_keys:
                    found[page.translation_key] = page
                else:
                    new[kind].append(page)
        # A pick of another kind of page (a standard page) in this language.
        others = {p.specific_class for p in chosen} - {m for _, m in kinds}
        for model in others - {None}:
            for page in self._in_this_language(model, chosen_keys):
                found[page.translation_key] = page
        featured = [
            found[p.translation_key] for p in chosen if p.translation_key in found
        ]
        every = [*featured, *(page for pages in new.values() for page in pages)]
        incomplete = incomplete_translations([page.translation_key for page in every])

        def complete(pages: list[Page]) -> list[Page]:
            return [
                p for p in pages if (p.translation_key, p.locale_id) not in incomplete
            ]

        keys = _topic_keys_of(complete(every)) if topics else {}
        return IssueContent(
            featured=_items(complete(featured), keys),
            new_stories=_items(complete(new.get("story", [])), keys, "story"),
            new_recordings=_items(
                complete(new.get("recording", [])), keys, "recording"
            ),
            new_events=_items(complete(new.get("event", [])), keys, "event"),
            since=since,
        )

    def new_work_window(self) -> tuple[dt.datetime, dt.datetime]:
        """From when the previous issue went out (or a window back when there was
        none) until this issue went out, or now while it has not."""
        this_issue = Q(translation_key=self.translation_key)
        # This issue's start, else now; and the latest start before it: one query.
        until = Coalesce(
            Subquery(Send.objects.filter(this_issue).values("started_at")[:1]),
            Value(timezone.now()),
            output_field=models.DateTimeField(),
        )
        window = Send.objects.aggregate(
            until=Max("started_at", filter=this_issue),
            previous=Max("started_at", filter=~this_issue & Q(started_at__lt=until)),
        )
        until = window["until"] or timezone.now()
        if window["previous"]:
            return window["previous"], until
        days = settings.NEWSLETTER_NEW_SINCE_DAYS
        return until - dt.timedelta(days=days), until

    def _featured(self):
        return self.featured_items.select_related("item")

    def _left_out(self):
        return self.left_out_items.select_related("item")

    def _in_this_language(self, model: type[Page], keys: set[UUID]):
        return (
            model.objects.live()
            .exclude(private_q())
            .filter(locale_id=self.locale_id, translation_key__in=keys)
            .defer_streamfields()
        )

    def _gather(
        self,
        model: type[Page],
        since: dt.datetime,
        until: dt.datetime,
        chosen: set[UUID],
        excluded: set[UUID],
    ) -> list[Page]:
        """The picks of this kind in this language and its new work of the window,
        newest first, in one query."""
        new_work = Q(
            alias_of__isnull=True,
            first_published_at__gte=since,
            first_published_at__lt=until,
        ) & ~Q(translation_key__in=excluded)
        return list(
            model.objects.live()
            .exclude(private_q())
            .filter(locale_id=self.locale_id)
            .filter(new_work | Q(translation_key__in=chosen))
            .defer_streamfields()
            .order_by("-first_published_at", "-pk")
        )


def _topic_keys_of(pages: list[Page]) -> dict[int, frozenset[UUID]]:
    by_model: dict[type, list[int]] = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page.pk)
    topics: dict[int, frozenset[UUID]] = {}
    for model, ids in by_model.items():
        topics.update(_topic_keys(model, ids))
    return topics


def _items(
    pages: list[Page], topics: dict[int, frozenset[UUID]], kind: str = ""
) -> list[IssueItem]:
    return [
        IssueItem(
            page=page,
            kind=kind or type(page)._meta.model_name.removesuffix("page"),
            title=page.title,
            summary=getattr(page, "summary", "") or page.search_description,
            topic_keys=topics.get(page.pk, frozenset()),
        )
        for page in pages
    ]
