"""Who is in the skills directory, for whom, kept on each member (`listed_to`): the
least trusted audience whose directory lists them, or "" for nobody.

The rule reads the account, its verified addresses, the registration and the
visibility of the skills: asked of every member, it costs more than anything else on
the directory's pages (an EXISTS and a JSON lookup a row). So it is worked out when
one of those changes (members.signals) and the pages read one indexed column.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from allauth.account.models import EmailAddress

from .models.profiles import AUDIENCES, Member, Visibility


def allowed(audience: Visibility) -> list[str]:
    """The visibilities `audience` may see: its own and every less trusted one's."""
    return [a.value for a in AUDIENCES[: AUDIENCES.index(audience) + 1]]


def listed_by_rule(audience: Visibility) -> Q:
    """The members the audience's directory lists: who chose to be listed, have
    registered and verified their address, whose skills the audience may see, and
    whom no coordinator has hidden."""
    verified = EmailAddress.objects.filter(user=OuterRef("user"), verified=True)
    return Q(
        Exists(verified),
        Q(visibility__skills__in=allowed(audience)),
        listed=True,
        hidden=False,
        user__is_active=True,
        registration__isnull=False,
    )


def refresh(members: QuerySet[Member] | None = None) -> None:
    """Work `listed_to` out again for `members` (every member by default): one
    update per audience, the most trusted first, so the least trusted that lists a
    member is the one kept."""
    members = Member.objects.all() if members is None else members
    ids = members.values("pk")
    Member.objects.filter(pk__in=ids).exclude(listed_to="").update(listed_to="")
    for audience in reversed(AUDIENCES):
        Member.objects.filter(listed_by_rule(audience), pk__in=ids).update(
            listed_to=audience.value
        )


def listed(audience: Visibility) -> QuerySet[Member]:
    """The directory's entries for the audience (the member's own choice and a
    coordinator's hiding read from the row too: an update that sends no signal
    still takes a member out)."""
    return Member.objects.filter(
        listed_to__in=allowed(audience), listed=True, hidden=False
    )
