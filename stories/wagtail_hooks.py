from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import CommunityProfile, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug", "locale"]
    search_fields = ["name"]


class CommunityProfileViewSet(SnippetViewSet):
    model = CommunityProfile
    icon = "group"
    list_display = ["name", "country", "kind", "locale"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "focus"]


class StoriesViewSetGroup(SnippetViewSetGroup):
    items = (TopicViewSet, CommunityProfileViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Stories")
    menu_name = "stories"


register_snippet(StoriesViewSetGroup)
