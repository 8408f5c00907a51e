"""The history of a group's own profile: every save by one of its members, with
what the profile said after it, so the group sees who changed what and when."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .profiles import CommunityGroup, Member


class GroupRevision(models.Model):
    group = models.ForeignKey(
        CommunityGroup, on_delete=models.CASCADE, related_name="revisions"
    )
    # Kept, without the name, when the author erases their account.
    author = models.ForeignKey(
        Member,
        verbose_name=_("saved by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    # description, needs_note, assets_note, public, and the needs and assets as
    # skill translation keys.
    content = models.JSONField(_("content"))

    class Meta:
        verbose_name = _("group profile revision")
        verbose_name_plural = _("group profile revisions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.group} · {self.created_at:%Y-%m-%d %H:%M}"
