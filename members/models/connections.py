"""One-to-one connections between members: a request with a short message, accepted
or declined by the other; only an accepted connection shows each their addresses.
Members block whom they never want to hear from, and report what coordinators
should look at; three weeks after a connection, both say whether it helped."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .profiles import Member


class Connection(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CLOSED = "closed", _("Closed")

    requester = models.ForeignKey(
        Member,
        verbose_name=_("asked by"),
        on_delete=models.CASCADE,
        related_name="connections_asked",
    )
    recipient = models.ForeignKey(
        Member,
        verbose_name=_("asked"),
        on_delete=models.CASCADE,
        related_name="connections_received",
    )
    message = models.TextField(_("message"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # A coordinator who introduced the two ("introduce these two").
    introduced = models.BooleanField(_("introduced by a coordinator"), default=False)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    followed_up_at = models.DateTimeField(_("follow-up sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("connection")
        verbose_name_plural = _("connections")
        ordering = ["-created_at"]
        constraints = [
            # One open request or connection between two members at a time.
            models.UniqueConstraint(
                fields=["requester", "recipient"],
                condition=Q(status__in=["pending", "accepted"]),
                name="one_open_connection_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(requester=models.F("recipient")),
                name="no_connection_to_oneself",
            ),
        ]
        indexes = [models.Index(fields=["status", "decided_at"])]

    def __str__(self) -> str:
        return f"{self.requester} → {self.recipient}"

    def other(self, member: Member) -> Member:
        return self.recipient if member == self.requester else self.requester


class Feedback(models.Model):
    """A member's answer, three weeks on, to whether a connection helped."""

    class Answer(models.TextChoices):
        YES = "yes", _("Yes, it helped")
        PARTLY = "partly", _("Partly")
        NO = "no", _("Not really")
        NOT_YET = "not-yet", _("We have not met yet")

    connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, related_name="feedback"
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(_("did it help?"), max_length=8, choices=Answer.choices)
    comment = models.TextField(_("anything to add"), max_length=1000, blank=True)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("connection feedback")
        verbose_name_plural = _("connection feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "member"], name="one_answer_per_member"
            )
        ]

    def __str__(self) -> str:
        return self.get_answer_display()


class Block(models.Model):
    """`blocker` never hears from `blocked` again: no request, no suggestion."""

    blocker = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    blocked = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="one_block")
        ]

    def __str__(self) -> str:
        return f"{self.blocker} ⊘ {self.blocked}"


class Report(models.Model):
    """Something a member asks the coordinators to look at: another member's page
    or a request they received. Coordinators hide the member or dismiss it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a coordinator")
        HIDDEN = "hidden", _("Member hidden")
        DISMISSED = "dismissed", _("Dismissed")

    reporter = models.ForeignKey(
        Member,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("member reported"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    connection = models.ForeignKey(
        Connection,
        verbose_name=_("about the request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("what is wrong"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.member)
