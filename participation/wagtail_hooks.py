from django import forms
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet

from core.bandwidth import is_low_bandwidth
from events.models import EventPage
from members.models import Member
from members.wagtail_hooks import CoordinatorsMenuItem

from . import admin_views, certificates, clinics
from .models import (
    Ambassador,
    Certificate,
    ClinicProposal,
    EventRegistration,
    Recognition,
)


class AttendanceForm(WagtailAdminModelForm):
    """Whether the person came: marking it sends them their certificate."""

    class Meta:
        model = EventRegistration
        fields = ["attended"]

    def save(self, commit=True):
        came = "attended" in self.changed_data and self.cleaned_data["attended"]
        registration = super().save(commit)
        if came:
            certificates.attendance_marked(registration)
        return registration


class EventRegistrationViewSet(ModelViewSet):
    """Who registered for which event, for organisers: filter by event and
    standing, export (CSV or Excel), and mark who came. The standing itself changes
    only through registering and cancelling, which keep the waiting list right."""

    model = EventRegistration
    icon = "date"
    menu_label = _("Event registrations")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "email", "event", "status", "attended", "created_at"]
    list_filter = ["event", "status", "attended", "language"]
    list_export = [
        "event",
        "name",
        "email",
        "language",
        "status",
        "attended",
        "created_at",
        "queued_at",
        "cancelled_at",
    ]
    export_filename = "event-registrations"
    search_fields = ["name", "email"]
    inspect_view_enabled = True

    def get_form_class(self, for_update=False):
        return AttendanceForm


class AppointForm(WagtailAdminModelForm):
    """Make a member a Learning Ambassador: those who said they would like to be
    one come first; they get an email with the way to propose a clinic."""

    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())

    class Meta:
        model = Ambassador
        fields = ["member"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = (
            Member.objects.filter(hidden=False, ambassador__isnull=True)
            .select_related("registration")
            .order_by("-registration__ambassador_interest", "display_name")
        )
        self.fields["member"].label_from_instance = candidate_label

    def save(self, commit=True):
        with transaction.atomic():
            self.instance = clinics.appoint(self.cleaned_data["member"], self.for_user)
        return self.instance


def candidate_label(member: Member) -> str:
    registration = getattr(member, "registration", None)
    if registration is not None and registration.ambassador_interest:
        return _("%(name)s (would like to be an ambassador)") % {"name": member}
    return str(member)


class AmbassadorViewSet(ModelViewSet):
    """The Learning Ambassadors, and the one action that makes a member one."""

    model = Ambassador
    icon = "user"
    menu_label = _("Learning Ambassadors")
    add_to_admin_menu = True
    menu_order = 262
    list_display = ["member", "appointed_by", "appointed_at"]
    search_fields = ["member__display_name"]
    edit_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_form_class(self, for_update=False):
        return AppointForm


class ReviewForm(WagtailAdminModelForm):
    """A coordinator's decision on a clinic proposal: accept it (a draft event page
    in its language, sent for review), ask for changes, or decline it; the message
    is emailed to the ambassador in their language."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ClinicProposal.Status.ACCEPTED, _("Accept: make a draft event page")),
            (ClinicProposal.Status.CHANGES, _("Ask for changes")),
            (ClinicProposal.Status.DECLINED, _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    online_url = forms.URLField(
        label=_("Join link"),
        help_text=_("To accept an online or hybrid clinic: where participants join."),
        required=False,
        max_length=200,
        assume_scheme="https",
    )

    class Meta:
        model = ClinicProposal
        fields = ["reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        try:
            clinics.may_decide(
                self.instance,
                cleaned.get("decision"),
                cleaned.get("reason") or "",
                cleaned.get("online_url") or "",
            )
        except clinics.Refused as refused:
            raise forms.ValidationError(str(refused)) from refused
        return cleaned

    def save(self, commit=True):
        with transaction.atomic():
            clinics.decide(
                self.instance,
                self.cleaned_data["decision"],
                self.cleaned_data.get("reason") or "",
                self.for_user,
                self.cleaned_data.get("online_url") or "",
            )
        return self.instance


class ClinicProposalViewSet(ModelViewSet):
    """Clinics ambassadors propose, those waiting longest first."""

    model = ClinicProposal
    icon = "calendar-alt"
    menu_label = _("Clinic proposals")
    add_to_admin_menu = True
    menu_order = 261
    list_display = ["title", "ambassador", "language", "status", "submitted_at"]
    list_filter = ["status", "language", "format"]
    search_fields = ["title"]
    ordering = ["-status", "submitted_at"]
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "title",
        "ambassador",
        "outcomes",
        "skills",
        "language",
        "interpretation",
        "format",
        "place",
        "time_zone",
        "dates",
        "minutes",
        "capacity",
        "support",
        "stipend_amount",
        "stipend_currency",
        "support_note",
        "status",
        "reason",
        "reviewed_by",
        "reviewed_at",
        "event",
    ]

    def get_form_class(self, for_update=False):
        return ReviewForm


class AwardForm(WagtailAdminModelForm):
    class Meta:
        model = Recognition
        fields = ["member", "kind", "citation"]
        widgets = {"citation": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(hidden=False)

    def save(self, commit=True):
        recognition = super().save(commit=False)
        if recognition.awarded_by_id is None:
            recognition.awarded_by = self.for_user
        if commit:
            recognition.save()
        return recognition


class RecognitionViewSet(ModelViewSet):
    """Barnstars awarded to members, with their citations."""

    model = Recognition
    icon = "pick"
    menu_label = _("Recognitions")
    add_to_admin_menu = True
    menu_order = 263
    list_display = ["member", "kind", "awarded_by", "awarded_at"]
    list_filter = ["kind"]
    search_fields = ["member__display_name", "citation"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return AwardForm


@hooks.register("member_page_extras")
def member_recognitions(member, request) -> str:
    """The barnstars on a member's page."""
    awarded = list(Recognition.objects.filter(member=member))
    if not awarded:
        return ""
    return render_to_string(
        "participation/includes/recognitions.html", {"recognitions": awarded}
    )


@hooks.register("member_data")
def member_event_registrations(member) -> dict:
    """A member's event registrations, for the download of all the site holds."""
    mine = EventRegistration.objects.filter(user=member.user).select_related("event")
    return {
        "event_registrations": [
            {
                "event": registration.event.title,
                "name": registration.name,
                "email": registration.email,
                "language": registration.language,
                "status": registration.status,
                "attended": registration.attended,
                "registered": registration.created_at.isoformat(),
            }
            for registration in mine.order_by("pk")
        ]
    }


@hooks.register("member_data")
def member_clinics_and_recognitions(member) -> dict:
    """A member's clinic proposals, certificates and barnstars, for the download of
    all the site holds."""
    proposals = ClinicProposal.objects.filter(ambassador__member=member)
    certificates_held = Certificate.objects.filter(
        Q(registration__user=member.user) | Q(proposal__ambassador__member=member)
    )
    return {
        "clinic_proposals": [
            {
                "title": proposal.title,
                "what participants will learn": proposal.outcomes,
                "language": proposal.language,
                "dates": proposal.dates,
                "support": proposal.support,
                "support_note": proposal.support_note,
                "status": proposal.status,
                "message": proposal.reason,
                "submitted": proposal.submitted_at.isoformat(),
            }
            for proposal in proposals.order_by("pk")
        ],
        "certificates": [
            {
                "kind": certificate.kind,
                "name": certificate.name,
                "event": certificate.event_title,
                "code": certificate.code,
                "issued": certificate.issued_at.isoformat(),
            }
            for certificate in certificates_held.order_by("pk")
        ],
        "recognitions": [
            {
                "kind": recognition.kind,
                "citation": recognition.citation,
                "awarded": recognition.awarded_at.isoformat(),
            }
            for recognition in Recognition.objects.filter(member=member)
        ],
    }


@hooks.register("register_admin_viewset")
def register_participation_viewsets():
    return [
        EventRegistrationViewSet("event_registrations"),
        AmbassadorViewSet("ambassadors"),
        ClinicProposalViewSet("clinic_proposals"),
        RecognitionViewSet("recognitions"),
    ]


@hooks.register("render_page_extras")
def event_registration(page, request) -> str:
    """On an event's page, the way to register and, filled in by a small script
    from the live figures, how many places are left (the page itself is cached)."""
    if not isinstance(page, EventPage) or page.registration_url or page.is_past:
        return ""
    return render_to_string(
        "participation/includes/event_panel.html",
        {
            "page": page,
            "register_url": reverse("participation:event", args=[page.pk]),
            "places_url": reverse("participation:places", args=[page.pk]),
            # In the low-bandwidth mode pages carry no script: the registration
            # page says how many places are left.
            "with_script": request is None or not is_low_bandwidth(request),
        },
    )


@hooks.register("member_area_links")
def member_links(request, member, registration) -> list[tuple[str, str]]:
    """The member's certificates; ambassadors' clinics, and the way to become one
    for those interested."""
    links = []
    if EventRegistration.objects.filter(user=member.user, attended=True).exists():
        links.append((reverse("participation:certificates"), _("Your certificates")))
    if Ambassador.objects.filter(member=member).exists():
        links.append((reverse("clinics:mine"), _("Your learning clinics")))
    elif registration is not None and registration.ambassador_interest:
        links.append((reverse("clinics:mine"), _("Learning clinics and ambassadors")))
    return links


@hooks.register("register_admin_urls")
def register_unmet_demand():
    return [
        path(
            "clinic-demand/",
            admin_views.unmet_demand,
            name="participation_unmet_demand",
        )
    ]


@hooks.register("register_admin_menu_item")
def register_unmet_demand_menu_item():
    return CoordinatorsMenuItem(
        _("Unmet demand"),
        reverse("participation_unmet_demand"),
        icon_name="calendar-alt",
        order=264,
    )
