"""Builds the demo site in every configured language; safe to run again."""

import logging
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from wagtail.models import Locale, Page, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from core.locales import ensure_locales
from demo import content
from demo.accounts import DemoAccount, ensure_demo_accounts, ensure_demo_member
from demo.build import (
    ensure_events,
    ensure_recordings,
    ensure_scale,
    ensure_series,
    ensure_site_identity,
    ensure_stories,
    ensure_story_snippets,
)
from demo.members import ensure_directory, ensure_members, ensure_taxonomy
from demo.newsletter import (
    date_demo_issues,
    ensure_demo_issues,
    ensure_subscribers,
)
from demo.newsletter_history import ensure_newsletter_history
from demo.participation import ensure_clinics, ensure_registrations
from demo.translate import MissingDemoTranslation, translate_object
from events.models import EventIndexPage, RecordingIndexPage
from home.models import HomePage, StandardPage
from newsletter.models import NewsletterIndexPage
from stories.models import StoryIndexPage

IMMEDIATE_TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
}


@contextmanager
def quieter(logger: logging.Logger):
    """The logger at WARNING for the duration, then as it was."""
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


NO_AUTO_UPDATE = {
    name: {**backend, "AUTO_UPDATE": False}
    for name, backend in settings.WAGTAILSEARCH_BACKENDS.items()
}


class Command(BaseCommand):
    help = "Create the demo site (home, sections, standard pages) in every configured language."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            help="Ensure N generated stories, events and recordings per language.",
        )
        parser.add_argument(
            "--subscribers",
            type=int,
            default=0,
            help="Ensure N confirmed newsletter subscribers spread over the languages.",
        )

    def handle(self, *args, scale: int, subscribers: int, **options):
        if scale < 0 or subscribers < 0:
            raise CommandError("--scale and --subscribers take a number of 0 or more.")
        # Wagtail queues a search-index and a reference-index update for every save;
        # the seed builds both indexes once at the end instead (twice as fast), and
        # runs the rest of its tasks now, so that the seeded site is complete without
        # a worker and without a log line for each task.
        generated = 0
        accounts: list[DemoAccount] = []
        member = None
        history = None
        task_log = logging.getLogger("portal.tasks")
        with (
            override_settings(
                TASKS=IMMEDIATE_TASKS, WAGTAILSEARCH_BACKENDS=NO_AUTO_UPDATE
            ),
            disable_reference_index_auto_update(),
            quieter(task_log),
        ):
            ensure_locales()
            home = self.ensure_tree()
            ensure_directory(home)
            snippets = ensure_story_snippets(home.locale)
            snippets.extend(ensure_taxonomy(home.locale))
            series = ensure_series(home.locale)
            snippets.append(series)
            snippets.append(
                ensure_site_identity(Site.objects.get(is_default_site=True))
            )
            ensure_stories(StoryIndexPage.objects.child_of(home).get())
            event_index = EventIndexPage.objects.child_of(home).get()
            ensure_events(event_index, series)
            ensure_recordings(
                RecordingIndexPage.objects.child_of(home).get(), event_index
            )
            newsletter = NewsletterIndexPage.objects.child_of(home).get()
            ensure_demo_issues(newsletter)
            try:
                self.translate_snippets(snippets)
                self.translate_tree(home)
            except MissingDemoTranslation as error:
                raise CommandError(str(error)) from error
            date_demo_issues(newsletter)
            ensure_members(home.locale)
            ensure_registrations()
            ensure_clinics()
            # Roles give rights on each language home, so they follow the tree.
            call_command("sync_roles", verbosity=0)
            if settings.PORTAL_DEMO_PEOPLE:
                # New passwords only when they are printed.
                accounts = ensure_demo_accounts(new_passwords=options["verbosity"] > 0)
                member = ensure_demo_member(new_password=options["verbosity"] > 0)
                history = ensure_newsletter_history(newsletter)
            generated = ensure_scale(scale) if scale else 0
            added = ensure_subscribers(subscribers) if subscribers else 0
        call_command("rebuild_references_index", verbosity=0)
        call_command("update_index", verbosity=0)
        if options["verbosity"]:
            count = len(settings.LANGUAGES)
            self.stdout.write(
                self.style.SUCCESS(f"Demo site ready in {count} languages.")
            )
            if generated:
                self.stdout.write(f"Generated {generated} pages for --scale {scale}.")
            if subscribers:
                self.stdout.write(
                    f"{subscribers} demo subscribers ensured ({added} added)."
                )
            if history:
                self.stdout.write(
                    "Demo newsletter: {} readers, {} issues sent (admin: Reports → "
                    "Newsletter reports).".format(*history)
                )
            if accounts:
                self.write_accounts(accounts, member)

    def write_accounts(
        self, accounts: list[DemoAccount], member: DemoAccount | None
    ) -> None:
        """The demo accounts as a table; their passwords are new on every run."""
        rows = [("Role", "Username", "Password")] + [
            (account.group, account.username, account.password)
            for account in accounts
            if not account.taken
        ]
        widths = [max(len(row[column]) for row in rows) for column in range(2)]
        self.stdout.write(
            "\nDemo accounts, one per role (new passwords on every run of seed_demo):"
        )
        for group, username, password in rows:
            self.stdout.write(
                f"  {group:<{widths[0]}}  {username:<{widths[1]}}  {password}"
            )
        self.stdout.write(
            f"Sign in at {settings.PORTAL_BASE_URL}/admin/ (community coordinators "
            "add an authenticator app first: PORTAL_REQUIRE_2FA_GROUPS)."
        )
        if member is not None:
            self.stdout.write(
                f"A demo member: {member.username}  {member.password}\n"
                f"Sign in at {settings.PORTAL_BASE_URL}/fr/accounts/login/\n"
            )
        for account in accounts:
            if account.taken:
                self.stderr.write(
                    f"No demo account for {account.group}: the user "
                    f"{account.username!r} exists and is not a demo account."
                )

    def ensure_tree(self) -> HomePage:
        default_locale = Locale.get_default()
        home = HomePage.objects.filter(locale=default_locale, depth=2).first()
        if home is None:
            home = self.create_home(default_locale)
        for section in content.SECTIONS:
            model = apps.get_model(section["model"])
            if not model.objects.child_of(home).exists():
                fields = {
                    key: value for key, value in section.items() if key != "model"
                }
                self.add_child(home, model(show_in_menus=True, **fields))
        for fields in content.STANDARD_PAGES:
            if not home.get_children().filter(slug=fields["slug"]).exists():
                self.add_child(home, StandardPage(show_in_menus=True, **fields))
        return home

    def create_home(self, locale: Locale) -> HomePage:
        """Replace Wagtail's placeholder welcome page with our home page."""
        placeholders = Page.objects.filter(
            depth=2, content_type__app_label="wagtailcore", content_type__model="page"
        )
        Site.objects.filter(root_page__in=placeholders).delete()
        placeholders.delete()
        home = HomePage(locale=locale, **content.HOME)
        Page.get_first_root_node().add_child(instance=home)
        home.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": "localhost",
                "port": 80,
                "root_page": home,
                "site_name": content.SITE["name"],
            },
        )
        return home

    def add_child(self, parent: Page, page: Page) -> None:
        parent.add_child(instance=page)
        page.save_revision().publish()

    def target_locales(self, source: Locale) -> list[Locale]:
        codes = dict(settings.LANGUAGES)
        return [
            locale
            for locale in Locale.objects.exclude(pk=source.pk)
            if locale.language_code in codes
        ]

    def translate_snippets(self, snippets: list) -> None:
        for snippet in snippets:
            for locale in self.target_locales(snippet.locale):
                if not snippet.has_translation(locale):
                    translate_object(snippet, locale)

    def translate_tree(self, home: HomePage) -> None:
        pages = [home, *home.get_descendants().filter(locale=home.locale).specific()]
        for locale in self.target_locales(home.locale):
            for page in pages:
                if not page.has_translation(locale):
                    translate_object(page, locale)
