"""The Let's Connect registration: what a member can share and how, what they want to
learn, the support they need, and whether they would be a Learning Ambassador."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .profiles import Member
from .skills import Skill


class SharingWay(models.TextChoices):
    CONVERSATION = "conversation", _("One-to-one conversation")
    CLINIC = "clinic", _("Learning clinic")
    RESOURCE = "resource", _("Written resource")
    MENTORING = "mentoring", _("Mentoring")
    PEER_ASSIST = "peer-assist", _("Peer assist")


class Support(models.TextChoices):
    FINANCIAL = "financial", _("Financial")
    METHODOLOGICAL = "methodological", _("Methodological")
    TECHNOLOGICAL = "technological", _("Technological")


class Registration(models.Model):
    member = models.OneToOneField(
        Member, on_delete=models.CASCADE, related_name="registration"
    )
    shares = models.ManyToManyField(
        Skill, verbose_name=_("skills to share"), related_name="sharers", blank=True
    )
    learns = models.ManyToManyField(
        Skill, verbose_name=_("skills to learn"), related_name="learners", blank=True
    )
    support_note = models.TextField(
        _("about the support you need"), max_length=1000, blank=True
    )
    ambassador_interest = models.BooleanField(
        _("I would like to become a Learning Ambassador"), default=False
    )
    capacity = models.PositiveSmallIntegerField(
        _("connections I can take at once"),
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
        help_text=_("Once this many are open, you are not suggested to others."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Let's Connect registration")
        verbose_name_plural = _("Let's Connect registrations")

    def __str__(self) -> str:
        return str(self.member)

    @property
    def way_codes(self) -> list[str]:
        return [way.way for way in self.ways.all()]

    @property
    def support_codes(self) -> list[str]:
        return [need.kind for need in self.support_needs.all()]


class RegistrationWay(models.Model):
    """A way the member would share (a row each, for the directory's filter)."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="ways"
    )
    way = models.CharField(_("way of sharing"), max_length=16, choices=SharingWay)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "way"], name="unique_registration_way"
            )
        ]

    def __str__(self) -> str:
        return self.get_way_display()


class SupportNeed(models.Model):
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="support_needs"
    )
    kind = models.CharField(_("support"), max_length=16, choices=Support)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind"], name="unique_support_need"
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
