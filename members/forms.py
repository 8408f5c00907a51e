"""The forms a member fills in: the name at sign-up, their profile with a visibility
for each part, and the Let's Connect registration."""

from django import forms
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from core.forms import HoneypotForm

from . import photos
from .fields import SkillChoiceField

# The models' own modules, not the package: the page models use these forms.
from .models.connections import Feedback
from .models.profiles import (
    SPOKEN_LANGUAGES,
    VISIBLE_PARTS,
    CommunityGroup,
    Member,
    MemberLanguage,
    MemberLink,
    Visibility,
)
from .models.registrations import (
    Registration,
    RegistrationWay,
    SharingWay,
    Support,
    SupportNeed,
)
from .models.skills import SkillCategory


class SignupForm(forms.Form):
    """What allauth's sign-up asks besides the address and password."""

    display_name = forms.CharField(
        label=_("Your name, as other members will see it"), max_length=80
    )

    def signup(self, request, user) -> None:
        """Called by allauth once the account exists (the adapter made the member)."""


LINKS = 3  # links a member may show


class ProfileForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    group_name = forms.CharField(
        label=_("Your group"),
        help_text=_("The informal group, affiliate or organisation you belong to."),
        max_length=120,
        required=False,
    )
    group_kind = forms.ChoiceField(
        label=_("What kind of group"),
        choices=[("", "—"), *CommunityGroup.Kind.choices],
        required=False,
    )
    photo_upload = forms.ImageField(
        label=_("Photo (optional)"),
        help_text=_("JPEG, PNG or WebP. Place, camera and date are removed from it."),
        required=False,
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)

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
        for n in range(1, LINKS + 1):
            self.fields[f"link_{n}_label"] = forms.CharField(
                label=_("Link %(n)d: its name") % {"n": n},
                max_length=60,
                required=False,
            )
            self.fields[f"link_{n}_url"] = forms.URLField(
                label=_("Link %(n)d: its address") % {"n": n},
                max_length=300,
                required=False,
                assume_scheme="https",
                validators=[URLValidator(schemes=["http", "https"])],
            )
        if self.instance.group is not None:
            self.initial["group_name"] = self.instance.group.name
            self.initial["group_kind"] = self.instance.group.kind
        if self.instance.pk:
            for n, link in enumerate(self.instance.links.all()[:LINKS], start=1):
                self.initial[f"link_{n}_label"] = link.label
                self.initial[f"link_{n}_url"] = link.url
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

    def clean_photo_upload(self):
        upload = self.cleaned_data.get("photo_upload")
        return photos.clean_photo(upload) if upload else None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("group_name", "").strip() and not cleaned.get("group_kind"):
            self.add_error("group_kind", _("Say what kind of group it is."))
        for n in range(1, LINKS + 1):
            label, url = cleaned.get(f"link_{n}_label"), cleaned.get(f"link_{n}_url")
            if url and not label:
                self.add_error(f"link_{n}_label", _("Give the link a name."))
            if label and not url and f"link_{n}_url" not in self.errors:
                self.add_error(f"link_{n}_url", _("Give the link its address."))
        return cleaned

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
        name = " ".join(self.cleaned_data["group_name"].split())
        member.group = None
        if name:
            kind = self.cleaned_data["group_kind"]
            member.group = CommunityGroup.objects.filter(
                name__iexact=name, kind=kind
            ).first() or CommunityGroup.objects.create(
                name=name, kind=kind, country=member.country
            )
        member.save()
        member.links.all().delete()
        MemberLink.objects.bulk_create(
            MemberLink(
                member=member,
                label=self.cleaned_data[f"link_{n}_label"],
                url=self.cleaned_data[f"link_{n}_url"],
                sort_order=n,
            )
            for n in range(1, LINKS + 1)
            if self.cleaned_data[f"link_{n}_url"]
        )
        if self.cleaned_data["photo_upload"]:
            photos.store(member, self.cleaned_data["photo_upload"])
        elif self.cleaned_data["remove_photo"]:
            photos.remove(member)
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


class ConnectForm(HoneypotForm):
    message = forms.CharField(
        label=_("Why would you like to connect?"),
        help_text=_("A few words: what you would like to learn or share together."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReportForm(HoneypotForm):
    reason = forms.CharField(
        label=_("What is wrong?"),
        help_text=_("Only the coordinators read this."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FeedbackForm(HoneypotForm):
    answer = forms.ChoiceField(
        label=_("Did this connection help?"),
        choices=Feedback.Answer.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything to add (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EraseForm(HoneypotForm):
    """Erasing the account: the password again (when the account has one) and a
    box ticked, so a left-open session or a slip cannot do it."""

    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput
    )
    understood = forms.BooleanField(
        label=_("I understand that my account and everything on it will be erased.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password


class SkillProposalForm(HoneypotForm):
    """A skill the member misses in the taxonomy, for the coordinators to add."""

    name = forms.CharField(label=_("The skill"), max_length=100)
    category = forms.ModelChoiceField(
        label=_("Where it belongs"),
        queryset=SkillCategory.objects.none(),
        required=False,
        empty_label=_("I do not know"),
    )
    side = forms.ChoiceField(
        label=_("You would like to"),
        choices=[("share", _("share it")), ("learn", _("learn it"))],
        widget=forms.RadioSelect,
        initial="share",
    )
    note = forms.CharField(
        label=_("A few words about it (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, locale: Locale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = SkillCategory.objects.filter(locale=locale)


class GroupProfileForm(HoneypotForm):
    """The group's page, written together: what it is, what it needs to learn and
    what it can share; `based_on` is the revision the member started from."""

    description = forms.CharField(
        label=_("About the group"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    needs = SkillChoiceField(label=_("What the group needs to learn"))
    needs_note = forms.CharField(
        label=_("About its needs"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    assets = SkillChoiceField(label=_("What the group can share"))
    assets_note = forms.CharField(
        label=_("About its assets"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    public = forms.BooleanField(
        label=_("Everyone may read the group's page"),
        help_text=_("Otherwise only signed-in members read it."),
        required=False,
    )
    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, locale: Locale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].name_in(locale)
        self.fields["assets"].name_in(locale)
