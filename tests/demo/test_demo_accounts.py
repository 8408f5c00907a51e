"""seed_demo's accounts: one per role, on a dev server only, with a printed password
that works, and a translator who reaches the translation editor of one language."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

import pytest

from demo.accounts import DEMO_EMAIL_DOMAIN, ensure_demo_accounts
from demo.newsletter import ISSUES
from home.roles import COORDINATORS, EDITORS, MODERATORS, translator_group_name
from newsletter.models import Click, Delivery, Send, Subscriber
from stories.models import StoryPage

ROLES = {
    "editor": EDITORS,
    "moderator": MODERATORS,
    "coordinator": COORDINATORS,
    **{
        f"translator-{code}": translator_group_name(code)
        for code in ["fr", "es", "pt", "ar"]
    },
}


def seed(django_capture_on_commit_callbacks) -> dict[str, str]:
    """Run the seed as `make run` does; the username → password table it printed
    (the demo member's under "member", as "email password")."""
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=out)
    printed = {}
    for line in out.getvalue().splitlines():
        if line.startswith("A demo member:"):
            printed["member"] = " ".join(line.split()[-2:])
        words = line.split()
        if len(words) >= 3 and words[-2] in ROLES:
            printed[words[-2]] = words[-1]
    return printed


def demo_users():
    return get_user_model().objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")


@pytest.mark.django_db
def test_no_demo_accounts_outside_the_dev_settings(settings):
    # The test session's seed ran with the test settings, like production's.
    assert settings.PORTAL_DEMO_PEOPLE is False
    assert not demo_users().exists()


@pytest.mark.django_db
def test_the_seed_prints_a_working_account_per_role_and_a_rerun_keeps_them(
    settings, client, django_capture_on_commit_callbacks
):
    settings.PORTAL_DEMO_PEOPLE = True
    printed = seed(django_capture_on_commit_callbacks)
    member_email, member_password = printed.pop("member").split()
    assert set(printed) == set(ROLES)
    users = {user.username: user for user in demo_users().prefetch_related("groups")}
    assert set(users) == set(ROLES)
    for username, group in ROLES.items():
        user = users[username]
        assert user.email == f"{username}@demo.invalid"
        assert [g.name for g in user.groups.all()] == [group]
        assert not user.is_superuser
        assert client.login(username=username, password=printed[username]), username

    # And a demo member, who signs in to the member area.
    response = client.post(
        "/fr/accounts/login/", {"login": member_email, "password": member_password}
    )
    assert response.status_code == 302
    assert client.get("/fr/accounts/me/").status_code == 200
    client.logout()

    # The newsletter's made-up history comes with them, once.
    rows = [Model.objects.count() for Model in (Subscriber, Send, Delivery, Click)]
    assert rows[1] == len(ISSUES) and rows[2] > rows[0] > 0

    again = seed(django_capture_on_commit_callbacks)
    again.pop("member")
    assert [M.objects.count() for M in (Subscriber, Send, Delivery, Click)] == rows
    assert set(again) == set(ROLES)
    assert {u.username: u.pk for u in demo_users()} == {
        name: user.pk for name, user in users.items()
    }
    for username in ROLES:
        assert again[username] != printed[username]
        assert client.login(username=username, password=again[username]), username
        assert not client.login(username=username, password=printed[username])

    # A quiet run prints nothing, so it keeps the passwords last printed.
    ensure_demo_accounts(new_passwords=False)
    assert client.login(username="editor", password=again["editor"])


@pytest.mark.django_db
def test_a_user_of_the_same_name_is_left_alone(settings):
    person = get_user_model().objects.create_user(
        "editor", "real.editor@example.org", "their own"
    )
    accounts = {a.username: a for a in ensure_demo_accounts(new_passwords=True)}
    assert accounts["editor"].taken and not accounts["editor"].password
    person.refresh_from_db()
    assert person.check_password("their own") and not person.groups.exists()
    assert accounts["moderator"].password


def story(code: str) -> StoryPage:
    return StoryPage.objects.get(locale__language_code=code, country="HU")


@pytest.mark.django_db
def test_the_demo_translator_opens_the_translation_editor_of_their_language_only(
    client,
):
    passwords = {
        a.username: a.password for a in ensure_demo_accounts(new_passwords=True)
    }
    assert client.login(username="translator-fr", password=passwords["translator-fr"])
    assert client.get("/admin/").status_code == 200
    response = client.get(f"/admin/pages/{story('fr').pk}/edit/")
    assert response.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in {
        template.name for template in response.templates
    }
    for code in ["en", "es", "ar"]:
        response = client.get(f"/admin/pages/{story(code).pk}/edit/")
        assert response.status_code in {302, 403}, code
