"""The record of sending: one Send per issue (all its languages), one Delivery per
subscriber, the workers doing it, and the clicks that bring readers back."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Send(models.Model):
    """Sending one issue, in every language, to the whole list; keyed by the issue's
    translation_key so that its translations can never be sent twice."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Preparing")
        SENDING = "sending", _("Sending")
        FINISHED = "finished", _("Finished")

    translation_key = models.UUIDField(_("issue translation key"), unique=True)
    issue = models.ForeignKey(
        "newsletter.NewsletterIssuePage",
        verbose_name=_("issue"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The issue in its source language."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PREPARING
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    recipients_added_at = models.DateTimeField(
        _("recipients listed at"), null=True, blank=True
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Totals kept when the send finishes, so reports outlive the purge of deliveries.
    recipients_count = models.PositiveIntegerField(_("recipients"), default=0)
    sent_count = models.PositiveIntegerField(_("sent"), default=0)
    failed_count = models.PositiveIntegerField(_("failed"), default=0)
    unknown_count = models.PositiveIntegerField(_("unknown"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped"), default=0)

    class Meta:
        verbose_name = _("newsletter send")
        verbose_name_plural = _("newsletter sends")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.issue or self.translation_key)


class Delivery(models.Model):
    """One subscriber's copy of one issue; claimed by one worker before it is sent, so
    that no one ever receives it twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        UNKNOWN = "unknown", _("Unknown (the worker stopped while sending)")
        SKIPPED = "skipped", _("Skipped (no longer subscribed)")

    send = models.ForeignKey(
        Send,
        verbose_name=_("send"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    subscriber = models.ForeignKey(
        "newsletter.Subscriber",
        verbose_name=_("subscriber"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    language = models.CharField(
        _("language"),
        max_length=16,
        help_text=_("The language of the issue as it was sent."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    smtp_response = models.TextField(_("SMTP answer"), blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=64, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    bounce = models.CharField(
        _("bounce"),
        max_length=8,
        blank=True,
        choices=[("hard", _("Hard bounce")), ("soft", _("Soft bounce"))],
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["send", "subscriber"], name="unique_delivery_per_send"
            )
        ]
        indexes = [
            models.Index(fields=["send", "status", "next_attempt_at"]),
            models.Index(fields=["claimed_by", "status"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.send_id} → {self.subscriber_id}: {self.status}"


class SendWorker(models.Model):
    """A process sending deliveries, with its heartbeat: when the heartbeat stops, its
    in-flight deliveries are marked unknown (never resent automatically)."""

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    send = models.ForeignKey(
        Send, verbose_name=_("send"), on_delete=models.CASCADE, related_name="workers"
    )
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), default=timezone.now)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sending worker")
        verbose_name_plural = _("sending workers")

    def __str__(self) -> str:
        return self.worker_id


class Click(models.Model):
    """A subscriber's first click on one link of one issue: clicks count once per
    person and link."""

    send = models.ForeignKey(
        Send, verbose_name=_("send"), on_delete=models.CASCADE, related_name="clicks"
    )
    subscriber = models.ForeignKey(
        "newsletter.Subscriber",
        verbose_name=_("subscriber"),
        on_delete=models.CASCADE,
        related_name="clicks",
    )
    link = models.CharField(_("link"), max_length=1000)
    first_clicked_at = models.DateTimeField(_("first clicked at"), default=timezone.now)

    class Meta:
        verbose_name = _("click")
        verbose_name_plural = _("clicks")
        constraints = [
            models.UniqueConstraint(
                fields=["send", "subscriber", "link"], name="unique_click_per_link"
            )
        ]
        indexes = [models.Index(fields=["first_clicked_at"])]

    def __str__(self) -> str:
        return self.link
