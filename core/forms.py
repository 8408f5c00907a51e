"""What every public form shares: a honeypot that people never see and bots fill in
(`includes/honeypot.html` renders it hidden)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class HoneypotForm(forms.Form):
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_bot(self) -> bool:
        """The honeypot was filled in (checked before anything else)."""
        return bool(self.data.get("website"))
