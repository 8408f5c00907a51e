"""What each language's translation of a page was made from: wagtail-localize keeps
one source snapshot for every language and no record per language."""

from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail_localize.models import TranslationLog, TranslationSource


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
    from .recording import record_source_revision

    record_source_revision(instance)


@receiver(post_save, sender=TranslationLog)
def record_translation_state(instance: TranslationLog, created: bool, **kwargs) -> None:
    if created:
        from .recording import record_translation

        record_translation(instance)
