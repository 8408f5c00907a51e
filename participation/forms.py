import datetime as dt
import zoneinfo

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from core.forms import HoneypotForm
from events.models.events import FORMATS, time_zone_choices
from members.fields import SkillChoiceField

from . import clinics
from .models import ClinicProposal

LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class VisitorRegistrationForm(HoneypotForm):
    """A visitor's registration: a name to be called by and an address to confirm."""

    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(label=_("Your email address"), max_length=254)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].replace("\x00", "").split())
        if not name:
            raise forms.ValidationError(_("Please give a name."))
        return name


class ClinicProposalForm(forms.ModelForm):
    """An ambassador's clinic: what it teaches, in which language, when (up to three
    possible dates, in the time zone they choose), for how many, and the support
    they need."""

    skills = SkillChoiceField(label=_("Skills the clinic is about"))
    language = forms.ChoiceField(
        label=_("Language it is held in"), choices=settings.LANGUAGES
    )
    interpretation = forms.MultipleChoiceField(
        label=_("Languages that need interpretation"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=FORMATS, widget=forms.RadioSelect
    )
    time_zone = forms.ChoiceField(label=_("Time zone of the dates"))
    date_1 = forms.DateTimeField(label=_("Possible date and time"), widget=LOCAL)
    date_2 = forms.DateTimeField(
        label=_("Another possible date (optional)"), required=False, widget=LOCAL
    )
    date_3 = forms.DateTimeField(
        label=_("A third possible date (optional)"), required=False, widget=LOCAL
    )
    minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=30, max_value=8 * 60
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=2, max_value=1000)
    support = forms.MultipleChoiceField(
        label=_("Support you need"),
        choices=ClinicProposal.Support.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    stipend_currency = forms.RegexField(
        label=_("Currency (three letters, such as EUR)"),
        regex=r"^[A-Za-z]{3}$",
        required=False,
        max_length=3,
    )

    class Meta:
        model = ClinicProposal
        fields = [
            "title",
            "outcomes",
            "skills",
            "language",
            "interpretation",
            "format",
            "place",
            "time_zone",
            "minutes",
            "capacity",
            "support",
            "stipend_amount",
            "stipend_currency",
            "support_note",
        ]
        widgets = {
            "outcomes": forms.Textarea(attrs={"rows": 5}),
            "support_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, locale: Locale, time_zone: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].name_in(locale)
        self.fields["time_zone"].choices = time_zone_choices()
        self.fields["stipend_amount"].min_value = 0
        proposal = self.instance
        if proposal.pk:
            self.initial["skills"] = list(proposal.skills.values_list("pk", flat=True))
            for n, start in enumerate(clinics.local_dates(proposal)[:3], start=1):
                self.initial[f"date_{n}"] = start.replace(tzinfo=None)
        else:  # the blank model's values are in `initial` already
            self.initial["time_zone"] = time_zone or "UTC"
            self.initial["language"] = locale.language_code

    def clean(self):
        cleaned = super().clean()
        try:
            zone = zoneinfo.ZoneInfo(cleaned.get("time_zone") or "UTC")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = dt.UTC
        now = timezone.now()
        dates = []
        for name in ("date_1", "date_2", "date_3"):
            value = cleaned.get(name)
            if value is None:
                continue
            # The browser sends the time as typed: it is in the chosen time zone.
            start = timezone.make_aware(value.replace(tzinfo=None), zone)
            if start <= now:
                self.add_error(name, _("Choose a date in the future."))
            dates.append(start.astimezone(dt.UTC))
        cleaned["dates"] = sorted(set(dates))
        if (
            cleaned.get("format") in ("in_person", "hybrid")
            and not (cleaned.get("place") or "").strip()
        ):
            self.add_error("place", _("Say where it takes place."))
        if "stipend" in (cleaned.get("support") or []):
            if cleaned.get("stipend_amount") is None:
                self.add_error("stipend_amount", _("Say how much the stipend is."))
            if not cleaned.get("stipend_currency"):
                self.add_error("stipend_currency", _("Say in which currency."))
        cleaned["stipend_currency"] = (cleaned.get("stipend_currency") or "").upper()
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        proposal = super().save(commit=False)
        proposal.dates = [start.isoformat() for start in self.cleaned_data["dates"]]
        proposal.interpretation = self.cleaned_data["interpretation"]
        proposal.support = self.cleaned_data["support"]
        proposal.save()
        proposal.skills.set(self.cleaned_data["skills"])
        return proposal
