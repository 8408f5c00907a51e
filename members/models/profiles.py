"""A member's profile: who they are, where, the languages they speak, each field
with the visibility the member chose (nothing is public until they choose)."""

from django.conf import global_settings, settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from django_countries.fields import CountryField


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Signed-in members")
    COORDINATORS = "coordinators", _("Only the coordinators")


# Who may see what, from the least to the most trusted viewer.
AUDIENCES = [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.COORDINATORS]

# The parts of a profile that carry their own visibility.
VISIBLE_PARTS = {
    "display_name": _("Name"),
    "group": _("Group"),
    "location": _("Country and region"),
    "languages": _("Languages"),
    "bio": _("About me"),
    "photo": _("Photo"),
    "links": _("Links"),
    "skills": _("Skills"),
}

# Every language a member may speak (Django's list), not only the site's five.
SPOKEN_LANGUAGES = global_settings.LANGUAGES


class CommunityGroup(models.Model):
    """The group a member belongs to: an informal group, an affiliate or an
    organisation."""

    class Kind(models.TextChoices):
        INFORMAL = "informal", _("Informal group")
        AFFILIATE = "affiliate", _("Affiliate")
        ORGANISATION = "organisation", _("Organisation")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    country = CountryField(_("country"), blank=True)
    # The group's own profile, written together by its members (members.groups),
    # each save kept as a GroupRevision.
    description = models.TextField(_("about the group"), max_length=2000, blank=True)
    needs = models.ManyToManyField(
        "members.Skill",
        verbose_name=_("learning needs"),
        related_name="needed_by_groups",
        blank=True,
    )
    needs_note = models.TextField(_("about its needs"), max_length=1000, blank=True)
    assets = models.ManyToManyField(
        "members.Skill",
        verbose_name=_("assets it can share"),
        related_name="offered_by_groups",
        blank=True,
    )
    assets_note = models.TextField(_("about its assets"), max_length=1000, blank=True)
    public = models.BooleanField(
        _("everyone may read the group's page"),
        default=False,
        help_text=_("Otherwise only signed-in members read it."),
    )

    class Meta:
        verbose_name = _("community group")
        verbose_name_plural = _("community groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "kind"], name="unique_community_group"
            )
        ]

    def __str__(self) -> str:
        return self.name


def visibility_of(visibility: dict, part: str) -> Visibility:
    """Who may see `part` of a profile, from its visibility field's value."""
    try:
        return Visibility(visibility.get(part))
    except ValueError:
        return Visibility.COORDINATORS


def shows(visibility: dict, part: str, audience: Visibility) -> bool:
    """Whether `audience` (the viewer's standing) may see `part` of a profile
    whose visibility field holds `visibility`."""
    return AUDIENCES.index(visibility_of(visibility, part)) <= AUDIENCES.index(audience)


class Member(models.Model):
    """The profile of a person with an account (django-allauth's user)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="member",
    )
    handle = models.SlugField(
        _("handle"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Your page's address: letters, digits and hyphens."),
    )
    display_name = models.CharField(_("name"), max_length=80)
    group = models.ForeignKey(
        CommunityGroup,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    country = CountryField(_("country"), blank=True)
    region = models.CharField(_("region"), max_length=80, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    bio = models.TextField(_("about me"), max_length=1000, blank=True)
    bio_language = models.CharField(
        _("language of the text about me"),
        max_length=10,
        choices=SPOKEN_LANGUAGES,
        blank=True,
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The site language the member reads: their emails and reminders.
    language = models.CharField(
        _("language of emails"), max_length=8, choices=settings.LANGUAGES
    )
    # Part name → Visibility; a part left out is visible to coordinators only.
    visibility = models.JSONField(_("visibility"), default=dict, blank=True)
    listed = models.BooleanField(
        _("listed in the skills directory"),
        default=False,
        help_text=_("Your entry shows what you made visible, to whom you chose."),
    )
    indexable = models.BooleanField(
        _("search engines may list my public page"), default=False
    )
    hidden = models.BooleanField(
        _("hidden by a coordinator"),
        default=False,
        help_text=_("Left out of the directory, matches and public pages."),
    )
    # The least trusted audience whose directory lists the member ("" for none),
    # kept by members.listing when what it depends on changes.
    listed_to = models.CharField(
        _("listed for"),
        max_length=12,
        choices=Visibility.choices,
        blank=True,
        default="",
        editable=False,
    )
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["display_name"]
        indexes = [
            # The directory's order over the members who may be in it: a page of
            # it reads 20 rows, not every member sorted.
            models.Index(
                fields=["display_name", "id"],
                condition=models.Q(listed=True, hidden=False),
                name="member_directory_order",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @classmethod
    def for_user(cls, user, language: str, display_name: str = "") -> "Member":
        """The account's profile, made the first time (at sign-up, or for staff
        who come to the member area) with a name until they choose one."""
        member, _created = cls.objects.get_or_create(
            user=user,
            defaults={
                "display_name": display_name.strip()
                or user.get_full_name()
                or user.email.split("@")[0],
                "language": language,
            },
        )
        return member

    def visibility_of(self, part: str) -> Visibility:
        return visibility_of(self.visibility, part)

    def shows(self, part: str, audience: Visibility) -> bool:
        """Whether `audience` (the viewer's standing) may see `part`."""
        return shows(self.visibility, part, audience)

    @property
    def slug(self) -> str:
        return self.handle or str(self.pk)


class MemberLanguage(models.Model):
    """A language the member speaks (a row each, so matching and the directory
    filter on it in SQL)."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="spoken_languages"
    )
    code = models.CharField(_("language"), max_length=10, choices=SPOKEN_LANGUAGES)

    class Meta:
        verbose_name = _("spoken language")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "code"], name="unique_member_language"
            )
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class MemberLink(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("label"), max_length=60)
    url = models.URLField(_("address"), max_length=300)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("link")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.label


class ProfileWord(models.Model):
    """A word of a member's name, group, text about them or skills, with the least
    trusted audience that may see it (members.words): the directory's search reads
    this index, not every profile."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    word = models.CharField(max_length=40)
    seen_by = models.CharField(max_length=12, choices=Visibility.choices)

    class Meta:
        verbose_name = _("word of a profile")
        indexes = [
            models.Index(
                fields=["word", "seen_by", "member"], name="profile_word_lookup"
            )
        ]

    def __str__(self) -> str:
        return self.word
