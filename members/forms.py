"""The forms a member fills in: the name at sign-up, their profile with a visibility
for each part, and the Let's Connect registration."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from core.localized import localized_in_bulk

from .models import (
    Member,
    MemberLanguage,
    Registration,
    RegistrationWay,
    SharingWay,
    Skill,
    Support,
    SupportNeed,
    Visibility,
)
from .models.profiles import SPOKEN_LANGUAGES, VISIBLE_PARTS


class SignupForm(forms.Form):
    """What allauth's sign-up asks besides the address and password."""

    display_name = forms.CharField(
        label=_("Your name, as other members will see it"), max_length=80
    )

    def signup(self, request, user) -> None:
        """Called by allauth once the account exists (the adapter made the member)."""


class SkillChoiceField(forms.ModelMultipleChoiceField):
    """Skills of the source language, each named in the visitor's language."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Skill.objects.none(),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            **kwargs,
        )

    def name_in(self, locale: Locale) -> None:
        skills = list(
            Skill.objects.filter(locale=Locale.get_default()).select_related("category")
        )
        self.queryset = Skill.objects.filter(pk__in=[skill.pk for skill in skills])
        names = {
            skill.translation_key: shown.name
            for skill, shown in zip(
                skills, localized_in_bulk(skills, locale), strict=True
            )
        }
        self.label_from_instance = lambda skill: names.get(
            skill.translation_key, skill.name
        )


class ProfileForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Member
        fields = [
            "display_name",
            "handle",
            "country",
            "region",
            "time_zone",
            "bio",
            "bio_language",
            "language",
            "listed",
            "indexable",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for part, label in VISIBLE_PARTS.items():
            self.fields[f"visibility_{part}"] = forms.ChoiceField(
                label=_("Who sees: %(part)s") % {"part": label},
                choices=Visibility.choices,
                initial=self.instance.visibility_of(part),
            )
        if self.instance.pk:
            self.initial["languages"] = [
                language.code for language in self.instance.spoken_languages.all()
            ]

    def about_fields(self):
        return [
            f for f in self.visible_fields() if not f.name.startswith("visibility_")
        ]

    def visibility_fields(self):
        return [self[f"visibility_{part}"] for part in VISIBLE_PARTS]

    def clean_handle(self):
        handle = self.cleaned_data.get("handle") or None
        if handle and handle.isdigit():
            raise forms.ValidationError(_("A handle needs at least one letter."))
        return handle

    @transaction.atomic
    def save(self, commit=True):
        member = super().save(commit=False)
        member.visibility = {
            part: self.cleaned_data[f"visibility_{part}"] for part in VISIBLE_PARTS
        }
        member.save()
        member.spoken_languages.all().delete()
        MemberLanguage.objects.bulk_create(
            MemberLanguage(member=member, code=code)
            for code in self.cleaned_data["languages"]
        )
        return member


class RegistrationForm(forms.ModelForm):
    """Let's Connect: what you share and how, what you want to learn, the support
    you need, and whether you would host learning clinics as an ambassador."""

    shares = SkillChoiceField(label=_("Skills you would like to share"))
    ways = forms.MultipleChoiceField(
        label=_("How you would like to share them"),
        choices=SharingWay.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    learns = SkillChoiceField(label=_("Skills you would like to learn or develop"))
    support = forms.MultipleChoiceField(
        label=_("Support you need"),
        choices=Support.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Registration
        fields = ["shares", "learns", "support_note", "ambassador_interest", "capacity"]
        widgets = {"support_note": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, locale: Locale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shares"].name_in(locale)
        self.fields["learns"].name_in(locale)
        if self.instance.pk:
            self.initial["ways"] = self.instance.way_codes
            self.initial["support"] = self.instance.support_codes

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("shares") and not cleaned.get("learns"):
            raise forms.ValidationError(
                _("Choose at least one skill to share or one to learn.")
            )
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        registration = super().save()
        registration.ways.all().delete()
        RegistrationWay.objects.bulk_create(
            RegistrationWay(registration=registration, way=way)
            for way in self.cleaned_data["ways"]
        )
        registration.support_needs.all().delete()
        SupportNeed.objects.bulk_create(
            SupportNeed(registration=registration, kind=kind)
            for kind in self.cleaned_data["support"]
        )
        return registration
