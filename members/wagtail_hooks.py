from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Skill, SkillCategory


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
