"""Abstract page types and shared snippets that every section of the portal builds on."""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageViewRestriction, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from . import memo, versions
from .bandwidth import bandwidth_mode
from .blocks import SocialLinkBlock
from .utils import absolute_url, paginate


@dataclass(frozen=True)
class Section:
    """A part of the site as the translations dashboard and report group its pages:
    a page type names its section on the class (`translation_section`)."""

    key: str
    label: str
    # Where the section comes among the others (dashboard rows, search filters).
    order: int = 100


def page_types_by_section(attribute: str) -> list[tuple[Section, type[Page]]]:
    """Each page type that names a section in `attribute` (`translation_section`,
    `search_section`), with it, in the sections' order."""
    found = [
        (section, model)
        for model in apps.get_models()
        if issubclass(model, Page)
        and (section := getattr(model, attribute, None)) is not None
    ]
    return sorted(found, key=lambda pair: pair[0].order)


class ShownSiteWide:
    """Marks a model whose rows show on pages all over the site (a topic on every
    card, a guide beside every story): saving or deleting one drops the whole page
    cache (pagecache finds these models through the app registry)."""


class BasePage(Page):
    """Every public page: absolute links come from PORTAL_BASE_URL, not the request."""

    # False where what the page shows depends on who looks (a member's page): its
    # content is then never memoised (`{% memoised_fragment %}`).
    same_for_every_visitor = True
    # Where the translations dashboard lists the page; None: "Other".
    translation_section: Section | None = None
    # The kind of result search can be narrowed to (`?type=`); None: not offered.
    search_section: Section | None = None
    # What digests of new work (the newsletter) call this page type ("story",
    # "recording", "event"); None: not gathered as new work.
    new_work_kind: str | None = None
    # The inline (a TopicLink) through which the page carries topics, if any.
    topics_relation: str | None = None

    # Fetched with the page when it is served (core/routing.py).
    serve_select_related = ["locale"]

    class Meta:
        abstract = True

    def get_absolute_url(self, request=None) -> str:
        """The page's link on PORTAL_BASE_URL. Pass the request where one is at hand:
        it holds the site root paths, which are otherwise looked up (a cache read,
        a query with the database cache) for every page of a feed or listing."""
        parts = self.get_url_parts(request)
        return absolute_url(parts[2] if parts else "/")

    def get_view_restrictions(self):
        """None to check when the site has no private section (the usual case): two
        queries fewer for every page served."""
        if not memo.restricted_pages():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            self.memoised(
                request, "shared-context", lambda: self.shared_context(request)
            )
        )
        return context

    def memoised(self, request, name: str, compute, shared: bool = False):
        """`compute()` for this page, language and bandwidth mode, kept in the memo
        (and with `shared`, the shared cache) until the page or the site changes
        (core/memo.py)."""
        return memo.memoised(
            request,
            (name, self.pk, translation.get_language(), bandwidth_mode(request)),
            [versions.SITE_TAG, versions.page_tag(self.get_url(request) or "/")],
            compute,
            shared=shared,
        )

    def shared_context(self, request) -> dict:
        """What the page shows besides its own fields, the same for every visitor
        (related pages, its people, structured data): worked out once and kept in
        the memo until the page or the site changes, or the memo entry expires."""
        if hasattr(self, "structured_data"):
            return {"structured_data": self.structured_data(request)}
        return {}

    def get_canonical_url(self, request=None) -> str:
        """An alias is only a copy: its canonical is the page it mirrors."""
        if self.alias_of_id:
            return self.alias_of.specific_deferred.get_absolute_url(request)
        return self.get_absolute_url(request)


class SectionIndexPage(BasePage):
    """A section's listing page (stories, events, recordings, newsletter): one per
    language home, with the same slug in every language."""

    introduction = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = BasePage.content_panels + [FieldPanel("introduction")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]
    override_translatable_fields = [SynchronizedField("slug")]

    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1
    per_page = 12

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if request.GET:  # filters or a page of the listing
            context.update(self.listing_context(request))
        else:  # the first page, unfiltered, is the same for every visitor
            context.update(
                self.memoised(request, "listing", lambda: self.listing_context(request))
            )
        return context

    def listing_context(self, request) -> dict:
        """The listing's template context; sections add their filters."""
        return {"items": paginate(request, self.listing_queryset(), self.per_page)}

    def listing_queryset(self):
        """What the section lists, newest first; sections narrow it to their types."""
        return (
            self.get_children()
            .live()
            .exclude(memo.private_q())
            .order_by("-first_published_at")
            .defer_streamfields()
        )


class Topic(ShownSiteWide, TranslatableMixin, models.Model):
    """One theme across every language (stories, recordings and newsletter topics): the name is translated, the slug that
    filters use (`?topic=`) is the same everywhere."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_("Used in filter links; the same in every language."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_topic_slug_per_locale"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Person(ShownSiteWide, TranslatableMixin, models.Model):
    """Someone named on the site: a story's guide, a seminar's speaker. Their role
    and biography are translated; the name is not."""

    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=160, blank=True)
    biography = models.TextField(_("biography"), max_length=600, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("biography"),
        FieldPanel("photo"),
    ]
    override_translatable_fields = [SynchronizedField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TopicLink(TranslatableMixin, Orderable):
    """A page's topic, as an inline: translatable, so that wagtail-localize points
    the French page at the French topic. Sections add the `page` ParentalKey."""

    topic = models.ForeignKey(
        "core.Topic",
        verbose_name=_("topic"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("topic")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        abstract = True


class PersonLink(Orderable):
    """A person named on a page (a speaker), as an inline; shown in the visitor's
    language at render time. Sections add the `page` ParentalKey."""

    person = models.ForeignKey(
        "core.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("person")]

    class Meta(Orderable.Meta):
        abstract = True


def default_site_name() -> str:
    return settings.WAGTAIL_SITE_NAME


class SiteTagline(ShownSiteWide, TranslatableMixin, models.Model):
    """The words that present the site, in each language: the tagline under its name
    and the sentence in every page's footer. Translated like any snippet."""

    tagline = models.CharField(_("tagline"), max_length=120)
    description = models.TextField(
        _("description"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences at the foot of every page."),
    )

    panels = [FieldPanel("tagline"), FieldPanel("description")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("site tagline")
        verbose_name_plural = _("site taglines")

    def __str__(self) -> str:
        return self.tagline


@register_setting(icon="site")
class SiteIdentity(ShownSiteWide, BaseSiteSetting):
    """Who the site is: its name (a brand, the same in every language), the tagline
    snippet that says it in each language, a contact address and social links. Read
    through `core.basics`, which keeps it per process until it changes."""

    name = models.CharField(_("name"), max_length=80, default=default_site_name)
    tagline = models.ForeignKey(
        SiteTagline,
        verbose_name=_("tagline"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in the visitor's language where it is translated."),
    )
    contact_email = models.EmailField(_("contact address"), blank=True)
    social_links = StreamField(
        [("link", SocialLinkBlock())], blank=True, verbose_name=_("social links")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("tagline"),
        FieldPanel("contact_email"),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = _("site identity")
