"""Every community and member-area page in every language: answers 200 with the
language and direction on <html>, public pages with their hreflang alternates,
and markup that holds together (every element closed in order, no id twice)."""

from collections import Counter
from html.parser import HTMLParser

from django.conf import settings

import pytest

from members.models import CommunityGroup, Member
from tests.members.test_matching import make

pytestmark = pytest.mark.django_db
LANGUAGES = [code for code, _name in settings.LANGUAGES]
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
}  # fmt: skip
PUBLIC = ["community/", "community/skills/", "community/members/fatima-zahra/"]
MEMBERS = [
    "community/matches/",
    "community/groups/{group}/",
    "accounts/me/",
    "accounts/me/profile/",
    "accounts/me/lets-connect/",
    "accounts/me/connections/",
    "accounts/me/group/",
    "accounts/me/skills/propose/",
    "accounts/me/erase/",
    "subscribe/member/",
    "accounts/login/",
]


class Checker(HTMLParser):
    def __init__(self):
        super().__init__()
        self.open, self.problems, self.ids, self.alternates = [], [], Counter(), set()
        self.html = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html = (attrs.get("lang"), attrs.get("dir"))
        if "id" in attrs:
            self.ids[attrs["id"]] += 1
        if tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates.add(attrs["hreflang"])
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.open.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if tag in {"p", "li", "dt", "dd", "option"} and self.open[-1:] != [tag]:
            return  # optional end tags the page may leave to the parser
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.open[-1:]}>")
            return
        self.open.pop()


def check(response, code: str, status: int = 200) -> Checker:
    assert response.status_code == status, response.status_code
    checker = Checker()
    checker.feed(response.content.decode())
    assert checker.html == (code, "rtl" if code == "ar" else "ltr")
    assert not checker.problems, checker.problems[:3]
    assert [i for i, n in checker.ids.items() if n > 1] == []
    return checker


@pytest.mark.parametrize("code", LANGUAGES)
def test_public_community_pages(client, code):
    for path in PUBLIC:
        checker = check(client.get(f"/{code}/{path}"), code)
        assert set(LANGUAGES) <= checker.alternates, path


@pytest.mark.parametrize("code", LANGUAGES)
def test_member_pages(client, code):
    member = make("claire", shares=["reading-circles"], learns=["grant-writing"])
    member.group = CommunityGroup.objects.create(name="Cercle", kind="informal")
    member.save()
    Member.objects.filter(handle="fatima-zahra").update(hidden=False)
    client.force_login(member.user)
    for path in MEMBERS:
        if path == "accounts/login/":
            client.logout()
        url = f"/{code}/" + path.format(group=member.group.pk)
        check(client.get(url), code)
