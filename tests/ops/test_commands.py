"""Operator commands: the admin account, the scheduler, roles."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Locale

import pytest

from newsletter.models import Subscriber
from tests.home.factories import StandardPageFactory


@pytest.mark.django_db
def test_ensure_admin_creates_the_admin_once(monkeypatch, capsys):
    monkeypatch.setenv("PORTAL_ADMIN_PASSWORD", "correct-horse-battery")
    call_command("ensure_admin")
    first = capsys.readouterr().out
    assert "Admin: https://commons.example.org/admin/" in first
    assert "password from PORTAL_ADMIN_PASSWORD" in first
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("correct-horse-battery")
    call_command("ensure_admin")
    assert "exists already" in capsys.readouterr().out
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


@pytest.mark.django_db
def test_ensure_admin_generates_and_prints_a_password(monkeypatch, capsys):
    monkeypatch.delenv("PORTAL_ADMIN_PASSWORD", raising=False)
    call_command("ensure_admin")
    line = next(
        line
        for line in capsys.readouterr().out.splitlines()
        if line.startswith("Sign in")
    )
    password = line.split(" / ")[1].split()[0]
    assert len(password) >= 12
    assert get_user_model().objects.get(username="admin").check_password(password)


@pytest.mark.django_db
def test_scheduler_publishes_pages_whose_time_has_come(home, client):
    page = StandardPageFactory(parent=home, slug="autumn-clinic", live=False)
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()
    assert client.get("/en/autumn-clinic/").status_code == 404
    call_command("run_scheduler", once=True, verbosity=0)
    page.refresh_from_db()
    assert page.live
    assert client.get("/en/autumn-clinic/").status_code == 200


@pytest.mark.django_db
def test_sync_roles_keeps_a_locale_for_every_language(settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("de", "German")]
    call_command("sync_roles", verbosity=0)
    assert Locale.objects.filter(language_code="de").exists()


@pytest.mark.django_db
def test_scheduler_queues_the_periodic_housekeeping(settings):
    """Each periodic task runs once at start-up (the test backend runs tasks at once)."""
    settings.NEWSLETTER_PENDING_RETENTION_DAYS = 30
    stale = Subscriber.objects.create(
        email="never-confirmed@example.org",
        language="fr",
        created_at=timezone.now() - timedelta(days=45),
    )
    fresh = Subscriber.objects.create(email="just-now@example.org", language="ar")
    call_command("run_scheduler", once=True, verbosity=0)
    assert not Subscriber.objects.filter(pk=stale.pk).exists()
    assert Subscriber.objects.filter(pk=fresh.pk).exists()
