"""The skills taxonomy: categories and skills, each named in every language (snippets
translated through wagtail-localize); a skill may sit under a broader one, which
matching counts for part. Members propose what is missing; coordinators decide."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from core.models import ShownSiteWide


class SkillCategory(ShownSiteWide, TranslatableMixin, models.Model):
    """A family of skills (organising, funding, programmes, tools)."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]
    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("skill category")
        verbose_name_plural = _("skill categories")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_skill_category_slug"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Skill(ShownSiteWide, TranslatableMixin, models.Model):
    """Something a member can share or wants to learn. Registrations point at the
    source-language skill; pages show it in the visitor's language."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        help_text=_("Used in filter links; the same in every language."),
    )
    category = models.ForeignKey(
        SkillCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="skills",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("broader skill"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="narrower",
        help_text=_("Matching counts a shared broader skill for part."),
    )
    description = models.CharField(_("description"), max_length=240, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("category"),
        FieldPanel("parent"),
        FieldPanel("description"),
    ]
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_skill_slug")
        ]

    def __str__(self) -> str:
        return self.name


class SkillProposal(models.Model):
    """A skill a member missed in the taxonomy, waiting for a coordinator to accept
    it (a new skill), merge it into an existing one, or decline it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        ACCEPTED = "accepted", _("Accepted as a new skill")
        MERGED = "merged", _("Merged into an existing skill")
        DECLINED = "declined", _("Declined")

    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("proposed by"),
        on_delete=models.CASCADE,
        related_name="skill_proposals",
    )
    name = models.CharField(_("name"), max_length=100)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    note = models.TextField(_("note"), max_length=500, blank=True)
    category = models.ForeignKey(
        SkillCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Whether the member shares it or wants to learn it: added to their
    # registration once the skill exists.
    wanted = models.BooleanField(_("wants to learn it"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    skill = models.ForeignKey(
        Skill,
        verbose_name=_("skill"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The skill it became or was merged into."),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("skill proposal")
        verbose_name_plural = _("skill proposals")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name
