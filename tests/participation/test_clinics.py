"""Learning clinics proposed by ambassadors, with the real SMTP server: a coordinator
appoints an ambassador in the admin; the ambassador proposes a clinic in Spanish;
the coordinator asks for changes, the ambassador sends it again, the coordinator
accepts it (a draft learning-clinic page in Spanish, in the review workflow, hosted
by the ambassador) or declines it with a reason. Every step emails the ambassador in
their language; bad input changes nothing."""

import datetime as dt
import zoneinfo

from django.utils import timezone
from django.utils.translation import gettext, override

import pytest

from events.models import EventPage
from home.roles import COORDINATORS
from participation import clinics
from participation.models import Ambassador, ClinicProposal
from tests.home.factories import member_of
from tests.members.test_accounts import text_of
from tests.members.test_matching import make

pytestmark = pytest.mark.django_db
Status = ClinicProposal.Status
PROPOSE = "/es/community/clinics/propose/"
MINE = "/es/community/clinics/"


def spanish(text: str) -> str:
    with override("es"):
        translated = gettext(text)
    assert translated != text  # the catalogue has it
    return translated


@pytest.fixture(autouse=True)
def no_demo_clinics():
    """The demo's ambassadors and proposals out of the way: every one is the
    test's."""
    Ambassador.objects.all().delete()


@pytest.fixture
def coordinator():
    return member_of(COORDINATORS, "coord")


@pytest.fixture
def lucia():
    member = make("lucia", language="es", time_zone="Europe/Madrid")
    member.registration.ambassador_interest = True
    member.registration.save()
    return member


def form(**changes) -> dict:
    start = timezone.now().astimezone(zoneinfo.ZoneInfo("America/Bogota"))
    start = (start + dt.timedelta(days=30)).replace(hour=18, minute=0)
    data = {
        "title": "Presupuestos participativos",
        "outcomes": "Cómo preparar un presupuesto con la comunidad.",
        "language": "es",
        "interpretation": ["en"],
        "format": "online",
        "place": "",
        "time_zone": "America/Bogota",
        "date_1": start.strftime("%Y-%m-%dT%H:%M"),
        "date_2": "",
        "date_3": "",
        "minutes": "90",
        "capacity": "25",
        "support": ["translation", "stipend"],
        "stipend_amount": "150",
        "stipend_currency": "eur",
        "support_note": "",
    }
    data.update(changes)
    return data


def test_a_coordinator_appoints_an_ambassador_who_is_emailed_in_spanish(
    client, mail, coordinator, lucia, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    add = client.get("/admin/ambassadors/new/")
    assert add.status_code == 200
    assert "Lucia" in add.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/ambassadors/new/", {"member": lucia.pk})
    assert response.status_code == 302
    assert Ambassador.objects.get().member == lucia
    [message] = mail.messages
    assert message["To"] == "lucia@example.org"
    assert message["Content-Language"] == "es"
    assert spanish("You are a Learning Ambassador") in message["Subject"]
    assert "/es/community/clinics/propose/" in text_of(message)


def test_only_an_ambassador_may_propose(client, lucia):
    client.force_login(lucia.user)
    assert client.get(PROPOSE)["Location"] == MINE
    assert client.post(PROPOSE, form()).status_code == 302
    assert not ClinicProposal.objects.exists()
    page = client.get(MINE).content.decode()
    assert spanish("Your Let's Connect registration") in page


def test_proposal_changes_acceptance_into_a_draft_spanish_clinic(
    client, mail, coordinator, lucia, django_capture_on_commit_callbacks
):
    clinics.appoint(lucia, coordinator)
    client.force_login(lucia.user)
    empty = client.get(PROPOSE).context["form"]
    # The page's language and the member's time zone are chosen to begin with.
    assert (empty["language"].value(), empty["time_zone"].value()) == (
        "es",
        "Europe/Madrid",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PROPOSE, form())
    assert response["Location"] == MINE
    proposal = ClinicProposal.objects.get()
    assert proposal.status == Status.SUBMITTED
    # 18:00 in Bogotá (UTC-5) is 23:00 UTC.
    assert dt.datetime.fromisoformat(proposal.dates[0]).hour == 23
    assert proposal.stipend_currency == "EUR"
    assert spanish("Your clinic proposal has arrived") in mail.messages[-1]["Subject"]

    client.force_login(coordinator)
    review = f"/admin/clinic_proposals/edit/{proposal.pk}/"
    assert client.get(review).status_code == 200
    # Asking for changes without saying which changes nothing.
    client.post(review, {"decision": Status.CHANGES, "reason": " "})
    assert ClinicProposal.objects.get().status == Status.SUBMITTED
    mail.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review, {"decision": Status.CHANGES, "reason": "Más detalle."})
    assert ClinicProposal.objects.get().status == Status.CHANGES
    assert "Más detalle." in text_of(mail.messages[-1])

    client.force_login(lucia.user)
    assert "Más detalle." in client.get(MINE).content.decode()
    edit = f"/es/community/clinics/{proposal.pk}/edit/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit, form(capacity="30"))
    proposal.refresh_from_db()
    assert (proposal.status, proposal.capacity) == (Status.SUBMITTED, 30)
    # Once sent again it is no longer open to change.
    assert client.get(edit).status_code == 404

    client.force_login(coordinator)
    mail.clear()
    # An online clinic is accepted with its join link.
    client.post(review, {"decision": Status.ACCEPTED, "reason": ""})
    assert ClinicProposal.objects.get().status == Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            review,
            {
                "decision": Status.ACCEPTED,
                "reason": "",
                "online_url": "https://meet.example.org/presupuestos",
            },
        )
    proposal.refresh_from_db()
    assert proposal.status == Status.ACCEPTED
    page = EventPage.objects.get(pk=proposal.event_id)
    assert (page.live, page.locale.language_code, page.kind) == (
        False,
        "es",
        "learning_clinic",
    )
    assert page.organiser == "Lucia"
    assert page.capacity == 30
    assert page.end - page.start == dt.timedelta(minutes=90)
    assert [(r.language, r.interpretation) for r in page.event_languages.all()] == [
        ("es", False),
        ("en", True),
    ]
    # A draft for the Spanish translators, who publish their language's tree.
    assert page.get_latest_revision() is not None
    assert page.get_workflow() is None
    assert spanish("Your clinic proposal is accepted") in mail.messages[-1]["Subject"]
    # A decision once taken is not taken again.
    client.post(review, {"decision": Status.DECLINED, "reason": "No."})
    assert ClinicProposal.objects.get().status == Status.ACCEPTED


def test_a_declined_proposal_says_why(
    client, mail, coordinator, lucia, django_capture_on_commit_callbacks
):
    clinics.appoint(lucia, coordinator)
    client.force_login(lucia.user)
    client.post(PROPOSE, form())
    proposal = ClinicProposal.objects.get()
    client.force_login(coordinator)
    mail.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/clinic_proposals/edit/{proposal.pk}/",
            {"decision": Status.DECLINED, "reason": "Ya hay una clínica igual."},
        )
    assert ClinicProposal.objects.get().status == Status.DECLINED
    assert "Ya hay una clínica igual." in text_of(mail.messages[-1])
    assert not EventPage.objects.filter(title="Presupuestos participativos").exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"date_1": "2001-01-01T10:00"}, "date_1"),
        ({"date_1": "not a date"}, "date_1"),
        ({"format": "hybrid", "place": ""}, "place"),
        ({"stipend_amount": ""}, "stipend_amount"),
        ({"stipend_currency": "euro"}, "stipend_currency"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"minutes": "0"}, "minutes"),
        ({"skills": ["99999999999999999999"]}, "skills"),
        ({"title": "\x00"}, "title"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(
    client, coordinator, lucia, changes, field
):
    clinics.appoint(lucia, coordinator)
    client.force_login(lucia.user)
    response = client.post(PROPOSE, form(**changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not ClinicProposal.objects.exists()


def test_five_open_proposals_are_the_most(client, coordinator, lucia):
    clinics.appoint(lucia, coordinator)
    client.force_login(lucia.user)
    for _ in range(clinics.OPEN_PER_AMBASSADOR):
        assert client.post(PROPOSE, form()).status_code == 302
    response = client.post(PROPOSE, form())
    assert response.status_code == 200
    assert ClinicProposal.objects.count() == clinics.OPEN_PER_AMBASSADOR


def test_an_accepted_clinic_in_the_source_language_waits_for_the_moderators(
    coordinator, lucia, django_capture_on_commit_callbacks
):
    ambassador = clinics.appoint(lucia, coordinator)
    start = timezone.now() + dt.timedelta(days=20)
    proposal = ClinicProposal.objects.create(
        ambassador=ambassador,
        title="Budgets with the community",
        outcomes="How to draft a budget together.",
        language="en",
        format="in_person",
        place="Library, Pécs",
        time_zone="Europe/Budapest",
        dates=[start.isoformat()],
        minutes=60,
        capacity=12,
    )
    with django_capture_on_commit_callbacks(execute=True):
        clinics.decide(proposal, Status.ACCEPTED, "", coordinator)
    page = EventPage.objects.get(pk=proposal.event_id)
    assert page.venue == "Library, Pécs"
    assert page.current_workflow_state is not None
    assert page.current_workflow_state.status == "in_progress"
