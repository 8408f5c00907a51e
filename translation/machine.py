"""A machine translator of ours for tests and offline demos: deterministic text
("[fr] Original") through wagtail-localize's real machine-translation path, set
with WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "translation.machine.FakeTranslator"}."""

from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.strings import StringValue


class FakeTranslator(BaseMachineTranslator):
    """Prefixes each string with the target language code, keeping its markup."""

    display_name = _("Fake translator")

    def translate(
        self, source_locale: Locale, target_locale: Locale, strings
    ) -> dict[StringValue, StringValue]:
        prefix = escape(f"[{target_locale.language_code}] ")
        return {string: StringValue(prefix + string.data) for string in strings}

    def can_translate(self, source_locale: Locale, target_locale: Locale) -> bool:
        return source_locale.language_code != target_locale.language_code
