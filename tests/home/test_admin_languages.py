"""The admin speaks each shipped language: Wagtail's own strings and ours."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import translation

from wagtail.users.models import UserProfile

import pytest

from home.roles import MODERATORS


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "dashboard", "direction"),
    [
        ("fr", "Tableau de bord", "ltr"),
        ("es", "Panel de control", "ltr"),
        ("pt", "Painel de controlo", "ltr"),
        ("ar", "لوحة التحكم", "rtl"),
    ],
)
def test_admin_in_the_users_language(client, code, dashboard, direction):
    user = get_user_model().objects.create_user("mona", "mona@example.org")
    user.groups.add(Group.objects.get(name=MODERATORS))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = code
    profile.save()
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    assert f'lang="{code}" dir="{direction}"' in html
    assert dashboard in html
    with translation.override(code):
        ours = translation.gettext("Needs attention")
    assert ours != "Needs attention"
    assert ours in html
