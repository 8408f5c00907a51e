"""`send_newsletter ISSUE [--wait] [--resume]`: send an issue and its translations."""

from django.core.management.base import BaseCommand, CommandError

from newsletter.issue_versions import (
    AmbiguousIssue,
    IssueNotFound,
    IssueNotPublished,
    resolve_issue,
)
from newsletter.models import Delivery
from newsletter.reports import send_progress, summary_by_language
from newsletter.sending import resume_send, run_send, start_send
from newsletter.tasks import enqueue_send


class Command(BaseCommand):
    help = (
        "Send a newsletter issue (page id or slug) in every language to the confirmed "
        "subscribers: queued for the worker, or here with --wait."
    )

    def add_arguments(self, parser):
        parser.add_argument("issue", help="The issue's page id (digits) or slug.")
        parser.add_argument(
            "--wait",
            action="store_true",
            help="Send in this process and print a summary, instead of queueing.",
        )
        parser.add_argument(
            "--resume",
            action="store_true",
            help=(
                "Finish a send whose worker died: its in-flight deliveries become "
                "'unknown' (never resent) and the queued ones are sent."
            ),
        )

    def handle(self, *args, issue: str, wait: bool, resume: bool, **options):
        try:
            page = resolve_issue(issue)
            send = start_send(page)
        except (IssueNotFound, AmbiguousIssue, IssueNotPublished) as error:
            raise CommandError(str(error)) from error
        if resume:
            marked = resume_send(send)
            if marked:
                self.stdout.write(
                    f"{marked} deliveries were in flight when their worker stopped: "
                    "marked unknown, not resent."
                )
        if not wait:
            enqueue_send(send)
            self.stdout.write(
                f"Send #{send.pk} of {page.title!r} queued for the worker."
            )
            return
        tally = run_send(send, wait_for_retries=True)
        self.stdout.write(
            f"Send #{send.pk} of {page.title!r}: this run sent {tally.counts[Delivery.Status.SENT]}."
        )
        progress = send_progress(send)
        statuses = ["sent", "failed", "unknown", "skipped", "queued", "sending"]
        self.stdout.write("language  " + "  ".join(f"{s:>8}" for s in statuses))
        for language, counts in sorted(summary_by_language(send).items()):
            self.stdout.write(
                f"{language:<8}  "
                + "  ".join(f"{counts.get(s, 0):>8}" for s in statuses)
            )
        self.stdout.write(
            "total     " + "  ".join(f"{progress[s]:>8}" for s in statuses)
        )
        if progress["sending"]:
            self.stdout.write(
                "Some deliveries are still held by another worker that looks alive; "
                "run again with --resume once it has stopped."
            )
