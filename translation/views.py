"""The Translations report and the per-language actions it links to."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.models import Locale, Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from core.utils import paginate

from . import actions
from .status import (
    STATES,
    LanguageSummary,
    TranslationStatus,
    language_name,
    locales_user_translates,
    sections,
    summarise,
    target_locales,
    translation_statuses,
)

ALL_LANGUAGES = "all"
ROWS_PER_PAGE = 50


def visible_locales(user, requested: str = "") -> tuple[list[Locale], list[Locale]]:
    """(languages shown, languages the user translates): a translator's own
    languages first, and by default only those; everyone else sees every language."""
    every = target_locales()
    own = locales_user_translates(user, every)
    ordered = own + [locale for locale in every if locale not in own]
    if requested == ALL_LANGUAGES or not own or len(own) == len(every):
        return ordered, own
    chosen = [locale for locale in every if locale.language_code == requested]
    return (chosen or own), own


def dashboard_summaries(user) -> list[LanguageSummary]:
    """Counts per language for the admin home panel."""
    shown, own = visible_locales(user)
    summaries = summarise(translation_statuses(shown), shown)
    for summary in summaries:
        summary.can_translate = summary.locale in own
    return summaries


class ReportFilterForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), required=False)
    section = forms.ChoiceField(
        label=_("Section"),
        required=False,
        choices=lambda: [("", _("All sections")), *sections().items()],
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Every state")), *STATES.items()],
    )

    def __init__(self, *args, own: list[Locale], **kwargs):
        super().__init__(*args, **kwargs)
        every = target_locales()
        first = [("", _("My languages"))] if own and len(own) < len(every) else []
        self.fields["language"].choices = [
            *first,
            (ALL_LANGUAGES, _("All languages")),
            *[
                (locale.language_code, language_name(locale.language_code))
                for locale in every
            ],
        ]


def translations_report(request: HttpRequest) -> HttpResponse:
    """For each language, what is up to date, out of date or missing; each row links
    to the action that fixes it."""
    requested = request.GET.get("language", "")
    shown, own = visible_locales(request.user, requested)
    form = ReportFilterForm(request.GET or None, own=own)
    section = state = ""
    if form.is_valid():
        section = form.cleaned_data["section"]
        state = form.cleaned_data["state"]
    statuses = translation_statuses(shown)
    summaries = summarise(statuses, shown)
    for summary in summaries:
        summary.can_translate = summary.locale in own
    rows = [
        status
        for status in statuses
        if (not section or status.section == section)
        and (not state or status.state == state)
    ]
    # The user's own languages first, then page order within each language.
    position = {locale.pk: index for index, locale in enumerate(shown)}
    rows.sort(key=lambda status: (position[status.locale.pk], status.source.path))
    own_ids = {locale.pk for locale in own}
    for row in rows:
        row.can_act = row.locale.pk in own_ids
    shown_rows = paginate(request, rows, ROWS_PER_PAGE)
    link_rows(request, shown_rows.object_list)
    return TemplateResponse(
        request,
        "translation/admin/translations_report.html",
        {
            "page_title": _("Translations"),
            "form": form,
            "summaries": summaries,
            "rows": shown_rows,
            "machine_translation": actions.machine_translation_available(),
            "query": request.GET.urlencode(),
        },
    )


# What a row's title opens (its `data-link`, and the link's tooltip).
TRANSLATION_EDITOR = "translation"
SOURCE_EDITOR = "source"
LIVE_PAGE = "live"


def link_rows(request: HttpRequest, rows: list[TranslationStatus]) -> None:
    """Give each row the link its title carries, to what the user may open: the
    translation's editor (wagtail-localize's, for a synced translation) where they
    may edit the translation, else the source's editor where they may edit the
    source, else the page on the site; no link for a page with no address. A
    translator edits their own language's tree only, and the source's editor would
    turn them away. One query for the edit rights of every row."""
    pages = {row.source.pk for row in rows}
    pages.update(row.translation.pk for row in rows if row.translation is not None)
    editable = set(
        PagePermissionPolicy()
        .instances_user_has_permission_for(request.user, "change")
        .filter(pk__in=pages)
        .values_list("pk", flat=True)
    )
    for row in rows:
        translation = row.translation
        if translation is not None and translation.pk in editable:
            row.link_kind = TRANSLATION_EDITOR
            row.link = reverse("wagtailadmin_pages:edit", args=[translation.pk])
            row.link_title = _("Edit the %(language)s translation") % {
                "language": row.language
            }
        elif row.source.pk in editable:
            row.link_kind = SOURCE_EDITOR
            row.link = reverse("wagtailadmin_pages:edit", args=[row.source.pk])
            row.link_title = _("Edit the source page")
        else:
            shown = row.source
            if translation is not None and translation.live:
                shown = translation
            row.link_kind = LIVE_PAGE
            row.link = shown.get_url(request) if shown.live else None
            row.link_title = _("View the page on the site")


def page_and_locale(page_id: int, language: str) -> tuple[Page, Locale]:
    source = get_object_or_404(Page, pk=page_id, depth__gt=1)
    locale = get_object_or_404(Locale, language_code=language)
    return source.specific_deferred, locale


def back_to_report(request: HttpRequest) -> HttpResponseRedirect:
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}
    ):
        return redirect(next_url)
    return redirect("portal_translations:report")


def to_editor(page: Page) -> HttpResponseRedirect:
    """wagtail-localize's translation editor opens on the translated page's edit URL."""
    return redirect("wagtailadmin_pages:edit", page.pk)


def forbidden() -> HttpResponseForbidden:
    """A plain 403: Wagtail would turn PermissionDenied into a redirect to the admin
    home, which hides from a translator why nothing happened."""
    return HttpResponseForbidden(
        _("You may not work on translations into this language.")
    )


@require_POST
def translation_action(
    request: HttpRequest, page_id: int, language: str, action: str
) -> HttpResponse:
    """translate, machine, sync or publish one page into one language."""
    source, locale = page_and_locale(page_id, language)
    user = request.user
    name = language_name(locale.language_code)
    try:
        if action == "translate":
            return to_editor(actions.start_translation(source, locale, user))
        if action == "machine":
            if not actions.machine_translation_available():
                raise Http404
            if actions.machine_translate(source, locale, user):
                messages.success(
                    request,
                    _("Machine pre-translation filled the untranslated strings."),
                )
            else:
                messages.info(request, _("There was nothing left to translate."))
            return to_editor(source.get_translation(locale))
        if action == "sync":
            translation = actions.sync_translation(source, locale, user)
            messages.success(
                request,
                _("“%(title)s” in %(language)s is up to date and published.")
                % {"title": translation.title, "language": name},
            )
            return back_to_report(request)
        if action == "publish":
            translation = actions.publish_translation(source, locale, user)
            messages.success(
                request,
                _("“%(title)s” is published in %(language)s.")
                % {"title": translation.title, "language": name},
            )
            return back_to_report(request)
    except PermissionDenied:
        return forbidden()
    except actions.StringsMissing as error:
        messages.warning(request, str(error))
        return to_editor(source.get_translation(locale))
    except actions.TranslationActionError as error:
        messages.error(request, str(error))
        return back_to_report(request)
    raise Http404


class ScheduleForm(forms.Form):
    go_live_at = forms.DateTimeField(label=_("Go live at"), widget=AdminDateTimeInput())

    def clean_go_live_at(self):
        go_live_at = self.cleaned_data["go_live_at"]
        if go_live_at <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return go_live_at


def schedule_translation(request: HttpRequest, page_id: int, language: str):
    """Choose when the translation goes live; its expiry follows the source."""
    source, locale = page_and_locale(page_id, language)
    try:
        translation = actions.check_permission(
            request.user, source, locale, publish=True
        )
    except PermissionDenied:
        return forbidden()
    if translation is None:
        raise Http404
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        go_live_at = form.cleaned_data["go_live_at"]
        try:
            actions.schedule_translation(source, locale, request.user, go_live_at)
        except actions.StringsMissing as error:
            messages.warning(request, str(error))
            return to_editor(translation)
        except actions.TranslationActionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("“%(title)s” in %(language)s will go live on %(date)s.")
                % {
                    "title": translation.title,
                    "language": language_name(locale.language_code),
                    "date": date_format(
                        timezone.localtime(go_live_at), "DATETIME_FORMAT"
                    ),
                },
            )
        return back_to_report(request)
    return TemplateResponse(
        request,
        "translation/admin/schedule_translation.html",
        {
            "page_title": _("Schedule a translation"),
            "form": form,
            "source": source,
            "translation": translation,
            "language": language_name(locale.language_code),
            "next": request.GET.get("next", reverse("portal_translations:report")),
        },
    )
