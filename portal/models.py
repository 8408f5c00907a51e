"""Abstract page types and shared snippets that every section of the portal builds on."""

from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField
from wagtail_localize.models import TranslationLog, TranslationSource

from . import cache, memo
from .bandwidth import bandwidth_mode
from .utils import absolute_url, paginate


class BasePage(Page):
    """Every public page: absolute links come from PORTAL_BASE_URL, not the request."""

    # Fetched with the page when it is served (portal/routing.py).
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

    def memoised(self, request, name: str, compute):
        """`compute()` for this page, language and bandwidth mode, kept in the memo
        until the page or the site changes (portal/memo.py)."""
        return memo.memoised(
            request,
            (name, self.pk, translation.get_language(), bandwidth_mode(request)),
            [cache.SITE_TAG, cache.page_tag(self.get_url(request) or "/")],
            compute,
        )

    def shared_context(self, request) -> dict:
        """What the page shows besides its own fields, the same for every visitor
        (related pages, its people, structured data): worked out once and kept in
        the memo until the page or the site changes, or the memo entry expires."""
        if hasattr(self, "structured_data"):
            return {"structured_data": self.structured_data()}
        return {}

    def get_canonical_url(self) -> str:
        """An alias is only a copy: its canonical is the page it mirrors."""
        if self.alias_of_id:
            return self.alias_of.specific_deferred.get_absolute_url()
        return self.get_absolute_url()


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
            .public()
            .order_by("-first_published_at")
            .defer_streamfields()
        )


class Person(TranslatableMixin, models.Model):
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


class SourceRevision(models.Model):
    """Which live revision of the source page a wagtail-localize TranslationSource
    was last extracted from: wagtail-localize keeps the content, not the revision."""

    source = models.OneToOneField(
        TranslationSource,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("translation source revision")
        verbose_name_plural = _("translation source revisions")

    def __str__(self) -> str:
        return f"{self.source_id}: {self.revision_id}"


class TranslationState(models.Model):
    """What one language's translation of a page was last translated or synced from.

    wagtail-localize keeps one source snapshot for every language and no record per
    language, so without this an out-of-date translation looks like an up-to-date
    one. Recorded each time wagtail-localize writes a translation (its editor, its
    sync, our per-language actions, the demo seed): all of them log a TranslationLog.
    """

    translation_key = models.UUIDField(_("translation key"))
    locale = models.ForeignKey(
        "wagtailcore.Locale",
        verbose_name=_("language"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    source_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("source revision"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The live revision of the source page this was made from."),
    )
    translation_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("translation revision"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The revision of the translated page that wagtail-localize wrote."),
    )
    complete = models.BooleanField(
        _("complete"),
        default=True,
        help_text=_("Every string was translated: nothing fell back to the source."),
    )
    translated_at = models.DateTimeField(_("translated at"), default=timezone.now)

    class Meta:
        verbose_name = _("translation state")
        verbose_name_plural = _("translation states")
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "locale"],
                name="unique_translation_state_per_locale",
            )
        ]

    def __str__(self) -> str:
        return f"{self.translation_key} ({self.locale_id})"


@receiver(post_save, sender=TranslationSource)
def record_source_revision(instance: TranslationSource, **kwargs) -> None:
    from .translation.recording import record_source_revision

    record_source_revision(instance)


@receiver(post_save, sender=TranslationLog)
def record_translation_state(instance: TranslationLog, created: bool, **kwargs) -> None:
    if created:
        from .translation.recording import record_translation

        record_translation(instance)
