"""The public newsletter forms: subscribe (on any page) and a subscriber's preferences."""

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotForm
from core.locales import local_name
from core.models import Topic

from . import subscriptions
from .models import Subscriber

SOURCE_MAX_LENGTH = 500


def topics_for_language(language_code: str | None = None) -> QuerySet[Topic]:
    """The topics in `language_code` (default: the active language); in the default
    language when that language has none yet."""
    code = language_code or get_language()
    topics = Topic.objects.filter(locale__language_code=code).order_by("name")
    if code != settings.LANGUAGE_CODE and not topics.exists():
        topics = Topic.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE
        ).order_by("name")
    return topics


def clean_source(raw: str) -> str:
    """The path of the page the form was on, as sent back by the form: kept only when
    it is a plain local path (it is a record, never a redirect target)."""
    raw = (raw or "").strip()
    if (
        not raw.startswith("/")
        or raw.startswith("//")
        or not raw.isprintable()
        or "\\" in raw
    ):
        return ""
    return raw[:SOURCE_MAX_LENGTH]


class TopicsField(forms.ModelMultipleChoiceField):
    """Topic checkboxes: values that cannot be a topic's id are refused before any
    query (a number too big for the database would otherwise fail in the driver)."""

    widget = forms.CheckboxSelectMultiple
    largest_id = 2**63 - 1
    default_error_messages = {
        "invalid_choice": _("Please choose topics from the list."),
        "invalid_pk_value": _("Please choose topics from the list."),
        "invalid_list": _("Please choose topics from the list."),
    }

    def __init__(self, **kwargs):
        super().__init__(queryset=Topic.objects.none(), required=False, **kwargs)

    def clean(self, value):
        for item in value or ():
            text = str(item)
            if not text.isascii() or not text.isdigit() or int(text) > self.largest_id:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value"
                )
        return super().clean(value)


class SubscribeForm(HoneypotForm):
    """Email, optional topics, and a honeypot that people never see."""

    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        error_messages={
            "required": _("Please enter your email address."),
            "invalid": _(
                "This does not look like an email address. Please check it, "
                "for example name@example.org."
            ),
        },
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "inputmode": "email", "maxlength": 254}
        ),
    )
    topics = TopicsField(
        label=_("Topics you care about (optional)"),
        help_text=_("Leave them all unticked to hear about everything new."),
    )
    source = forms.CharField(required=False, widget=forms.HiddenInput, strip=True)

    def __init__(self, *args, topics: QuerySet[Topic] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = (
            topics if topics is not None else topics_for_language()
        )

    def clean_source(self) -> str:
        return clean_source(self.cleaned_data.get("source", ""))


def subscribe_form_context(
    request: HttpRequest | None,
    form: SubscribeForm | None = None,
    auto_id: str = "id_%s",
) -> dict:
    """What the subscribe form include needs, wherever the form is shown: the form,
    the consent wording it records, and the privacy notice link."""
    source = request.path if request is not None else ""
    if form is None:
        form = SubscribeForm(initial={"source": source}, auto_id=auto_id)
    return {
        "subscribe_form": form,
        "consent_wording": subscriptions.consent_wording(),
        "privacy_url": subscriptions.privacy_notice_url(request),
    }


def local_language_choices() -> list[tuple[str, str]]:
    """Each language under its own name, so a reader finds theirs whatever the page's
    language (the model's choices use the settings' names)."""
    return [(code, local_name(code)) for code, _name in settings.LANGUAGES]


class PreferencesForm(forms.Form):
    """What a subscriber may change from the link in every email."""

    language = forms.ChoiceField(
        label=_("Language of the newsletter"),
        help_text=_(
            "Each issue arrives in this language when it has been translated, "
            "otherwise in the original language."
        ),
        choices=local_language_choices,
        error_messages={"invalid_choice": _("Please choose a language from the list.")},
    )
    topics = TopicsField(
        label=_("Topics you care about"),
        help_text=_("Leave them all unticked to hear about everything new."),
    )

    def __init__(self, *args, subscriber: Subscriber, **kwargs):
        topics = topics_for_language(subscriber.language)
        chosen_keys = subscriber.topics.values("translation_key")
        kwargs.setdefault(
            "initial",
            {
                "language": subscriber.language,
                "topics": list(topics.filter(translation_key__in=chosen_keys)),
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = topics


class MemberSubscribeForm(forms.Form):
    """A signed-in member's subscription: their account's verified address, so no
    address to type and no confirmation email; language and topics prefilled."""

    language = forms.ChoiceField(
        label=_("Language of the newsletter"),
        choices=local_language_choices,
        error_messages={"invalid_choice": _("Please choose a language from the list.")},
    )
    topics = TopicsField(
        label=_("Topics you care about (optional)"),
        help_text=_("Leave them all unticked to hear about everything new."),
    )

    def __init__(self, *args, subscriber: Subscriber | None, language: str, **kwargs):
        topics = topics_for_language(language)  # named in the page's language
        if subscriber is not None:
            language = subscriber.language
        chosen = (
            topics.filter(
                translation_key__in=subscriber.topics.values("translation_key")
            )
            if subscriber is not None
            else topics.none()
        )
        kwargs.setdefault("initial", {"language": language, "topics": list(chosen)})
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = topics
