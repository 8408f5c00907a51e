"""The browser tests' site: the development settings with our fake machine
translator, so that machine pre-translation shows and runs through
wagtail-localize without a DeepL key or a LibreTranslate server."""

from portal.settings.dev import *  # noqa: F403

DEBUG = False
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "translation.machine.FakeTranslator"}
