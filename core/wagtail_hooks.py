from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Person, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug", "locale"]
    search_fields = ["name"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    list_display = ["name", "role", "locale"]
    search_fields = ["name", "role"]


class SharedSnippetsViewSetGroup(SnippetViewSetGroup):
    """What every section refers to: the topics and the people it names."""

    items = (TopicViewSet, PersonViewSet)
    menu_icon = "tag"
    menu_label = _("Topics and people")
    menu_name = "topics-and-people"


register_snippet(SharedSnippetsViewSetGroup)
