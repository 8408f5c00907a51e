"""The language home pages and the free-standing pages under them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.memo import private_q
from core.models import BasePage, SectionIndexPage
from core.routing import route_below
from core.utils import with_images
from events.queries import latest_recordings, upcoming_events
from newsletter.queries import newsletter_index_among
from stories.queries import latest_stories


class HomePage(BasePage):
    """The root of one language's tree: `/<lang>/`. One per locale, siblings under Root."""

    hero_heading = models.CharField(_("hero heading"), max_length=120)
    hero_text = models.TextField(_("hero text"), max_length=400, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    introduction = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link", "ul"]
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("introduction"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("hero_heading"),
        index.SearchField("hero_text"),
        index.SearchField("introduction"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "stories.StoryIndexPage",
        "events.EventIndexPage",
        "events.RecordingIndexPage",
        "newsletter.NewsletterIndexPage",
        "members.CommunityIndexPage",
        "home.StandardPage",
    ]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        return route_below(self, request, path_components)

    def shared_context(self, request) -> dict:
        context = super().shared_context(request)
        # Cards need only the base page fields; `specific_class` comes from the
        # content type cache, so no per-type queries.
        sections = list(
            self.get_children().live().exclude(private_q()).type(SectionIndexPage)
        )
        context["sections"] = sections
        stories = latest_stories(self.locale)
        with_images([self, *stories])
        context["latest_stories"] = stories
        context["upcoming_events"] = upcoming_events(self.locale)
        context["latest_recordings"] = latest_recordings(self.locale)
        context["newsletter_page"] = newsletter_index_among(sections)
        return context


class StandardPage(BasePage):
    """A free-standing page: about the network, partners, how to take part."""

    introduction = models.TextField(_("introduction"), max_length=500, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
