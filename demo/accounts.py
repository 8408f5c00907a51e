"""Demo sign-in accounts, one per role, so that a new person can try the admin as an
editor, a moderator or a translator (only with PORTAL_DEMO_PEOPLE, on a dev server)."""

import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from home.roles import configured_roles
from members.models import Member

DEMO_EMAIL_DOMAIN = "demo.invalid"


@dataclass
class DemoAccount:
    """A role's account as the seed left it; `password` is empty when it was kept."""

    group: str
    username: str
    email: str
    password: str = ""
    # A user of that name that is not a demo account: left alone.
    taken: bool = False


def ensure_demo_accounts(*, new_passwords: bool) -> list[DemoAccount]:
    """An account per role, in that role's group only. With `new_passwords`, each gets
    a freshly generated password (returned, to be printed, so that what is printed
    always works); without, passwords stay as they are and a new account gets none
    that works until then."""
    User = get_user_model()
    roles = configured_roles()
    groups = Group.objects.in_bulk([role.name for role in roles], field_name="name")
    users = User.objects.in_bulk([role.key for role in roles], field_name="username")
    accounts = [
        DemoAccount(
            group=role.name,
            username=role.key,
            email=f"{role.key}@{DEMO_EMAIL_DOMAIN}",
        )
        for role in roles
    ]
    for account in accounts:
        user = users.get(account.username)
        account.taken = user is not None and user.email != account.email
    usable = [account for account in accounts if not account.taken]
    if new_passwords:
        for account in usable:
            account.password = secrets.token_urlsafe(12)
    hashes = hashed([account.password for account in usable]) if new_passwords else []
    for position, account in enumerate(usable):
        user = users.get(account.username) or User(
            username=account.username, email=account.email
        )
        user.is_active = True
        if hashes:
            user.password = hashes[position]
        elif user.pk is None:
            user.set_unusable_password()
        user.save()
        user.groups.set([groups[account.group]])
    return accounts


def hashed(passwords: list[str]) -> list[str]:
    """The passwords hashed side by side: the hasher's rounds release the GIL, and a
    rerun of the seed would otherwise spend some 2 seconds on six accounts."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(make_password, passwords))


# The demo member whose account is opened for trying the member area.
DEMO_MEMBER = "amelie-laurent"


def ensure_demo_member(*, new_password: bool) -> DemoAccount | None:
    """A demo member (seeded by demo.members) with a fresh password to sign in at
    /<lang>/accounts/login/ and try the member area, matches and connections."""
    member = Member.objects.select_related("user").filter(handle=DEMO_MEMBER).first()
    if member is None or not new_password:
        return None
    account = DemoAccount(
        group="Member (Let's Connect)",
        username=member.user.email,
        email=member.user.email,
        password=secrets.token_urlsafe(12),
    )
    member.user.set_password(account.password)
    member.user.save(update_fields=["password"])
    return account
