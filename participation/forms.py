from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotForm


class VisitorRegistrationForm(HoneypotForm):
    """A visitor's registration: a name to be called by and an address to confirm."""

    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(label=_("Your email address"), max_length=254)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].replace("\x00", "").split())
        if not name:
            raise forms.ValidationError(_("Please give a name."))
        return name
