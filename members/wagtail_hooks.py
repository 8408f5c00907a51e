from django import forms
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Locale
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views, proposals
from .directory import COORDINATOR_PERMISSION
from .models import (
    CommunityGroup,
    Member,
    Report,
    Skill,
    SkillCategory,
    SkillProposal,
)


class SkillViewSet(SnippetViewSet):
    model = Skill
    icon = "tag"
    list_display = ["name", "category", "parent", "locale"]
    list_filter = ["category", "locale"]
    search_fields = ["name"]


class SkillCategoryViewSet(SnippetViewSet):
    model = SkillCategory
    icon = "folder-open-inverse"
    list_display = ["name", "slug", "locale"]


class SkillsViewSetGroup(SnippetViewSetGroup):
    """The skills taxonomy members choose from, named in every language."""

    items = (SkillViewSet, SkillCategoryViewSet)
    menu_icon = "tag"
    menu_label = _("Skills")
    menu_name = "skills"


register_snippet(SkillsViewSetGroup)


class MemberViewSet(ModelViewSet):
    """Members for the community coordinators: find, hide or restore, export."""

    model = Member
    icon = "group"
    menu_label = _("Members")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["display_name", "handle", "group", "country", "listed", "hidden"]
    list_filter = ["listed", "hidden", "indexable", "country", "language"]
    list_export = [
        "display_name",
        "handle",
        "group",
        "country",
        "region",
        "language",
        "listed",
        "hidden",
        "created_at",
    ]
    export_filename = "members"
    search_fields = ["display_name", "handle", "region"]
    form_fields = [
        "display_name",
        "handle",
        "group",
        "country",
        "region",
        "bio",
        "bio_language",
        "listed",
        "indexable",
        "hidden",
    ]
    ordering = ["display_name"]


class CommunityGroupViewSet(ModelViewSet):
    model = CommunityGroup
    icon = "site"
    menu_label = _("Community groups")
    add_to_admin_menu = True
    menu_order = 251
    list_display = ["name", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name"]
    form_fields = ["name", "kind", "country"]


class ReportForm(WagtailAdminModelForm):
    """A coordinator's decision on a report: hiding the member takes them off every
    public page and out of suggestions (restore them from their record)."""

    class Meta:
        model = Report
        fields = ["status"]

    def save(self, commit=True):
        report = super().save(commit=False)
        report.handled_at = timezone.now()
        if commit:
            report.save()
            if report.status == Report.Status.HIDDEN and not report.member.hidden:
                report.member.hidden = True
                report.member.save(update_fields=["hidden"])
        return report


class ReportViewSet(ModelViewSet):
    """The moderation queue: what members reported, oldest open first."""

    model = Report
    icon = "warning"
    menu_label = _("Reports")
    add_to_admin_menu = True
    menu_order = 252
    list_display = ["member", "reporter", "status", "created_at"]
    list_filter = ["status"]
    ordering = ["status", "created_at"]
    add_view_enabled = False
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return ReportForm


class SkillProposalForm(WagtailAdminModelForm):
    """A coordinator's decision on a proposed skill: a new skill (named and placed
    here, translated afterwards like every skill), merged into an existing one, or
    declined with a reason the member reads."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("accept", _("Accept as a new skill")),
            ("merge", _("Merge into an existing skill")),
            ("decline", _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    merge_into = forms.ModelChoiceField(
        label=_("Existing skill"),
        queryset=Skill.objects.none(),
        required=False,
        help_text=_("For a merge: the skill the member meant."),
    )

    class Meta:
        model = SkillProposal
        fields = ["name", "category", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        source = Locale.get_default()
        self.fields["merge_into"].queryset = Skill.objects.filter(locale=source)
        self.fields["category"].queryset = SkillCategory.objects.filter(locale=source)

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if self.instance.status != SkillProposal.Status.PENDING:
            raise forms.ValidationError(_("This proposal has already been decided."))
        if decision == "accept" and not cleaned.get("category"):
            self.add_error("category", _("Choose a category for the new skill."))
        if (
            decision == "accept"
            and Skill.objects.filter(
                locale=Locale.get_default(), name__iexact=cleaned.get("name", "")
            ).exists()
        ):
            self.add_error(
                "name", _("A skill with this name exists: merge the proposal into it.")
            )
        if decision == "merge" and not cleaned.get("merge_into"):
            self.add_error("merge_into", _("Choose the skill to merge it into."))
        if decision == "decline" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why, in a few words: the member reads it."))
        return cleaned

    def save(self, commit=True):
        proposal = self.instance
        decision = self.cleaned_data["decision"]
        if decision == "accept":
            proposals.accept(
                proposal, self.cleaned_data["name"], self.cleaned_data["category"]
            )
        elif decision == "merge":
            proposals.merge(proposal, self.cleaned_data["merge_into"])
        else:
            proposals.decline(proposal, self.cleaned_data["reason"])
        return proposal


class SkillProposalViewSet(ModelViewSet):
    """Skills members missed, waiting for a coordinator's decision first."""

    model = SkillProposal
    icon = "tag"
    menu_label = _("Skill proposals")
    add_to_admin_menu = True
    menu_order = 253
    list_display = ["name", "member", "language", "wanted", "status", "created_at"]
    list_filter = ["status", "language"]
    search_fields = ["name"]
    ordering = ["-status", "created_at"]
    add_view_enabled = False
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return SkillProposalForm


@hooks.register("register_admin_urls")
def register_lets_connect_dashboard():
    return [path("lets-connect/", admin_views.dashboard, name="members_lets_connect")]


class CoordinatorsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(COORDINATOR_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_lets_connect_menu_item():
    return CoordinatorsMenuItem(
        _("Let's Connect"),
        reverse("members_lets_connect"),
        icon_name="group",
        order=249,
    )


@hooks.register("register_admin_viewset")
def register_member_viewsets():
    return [
        MemberViewSet("community_members"),
        CommunityGroupViewSet("community_groups"),
        ReportViewSet("member_reports"),
        SkillProposalViewSet("skill_proposals"),
    ]
