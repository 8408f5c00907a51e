from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import CommunityGroup, Member, Skill, SkillCategory


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


@hooks.register("register_admin_viewset")
def register_member_viewsets():
    return [
        MemberViewSet("community_members"),
        CommunityGroupViewSet("community_groups"),
    ]
