from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Person, SiteTagline, Topic


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


class SiteTaglineViewSet(SnippetViewSet):
    """Beside the site identity setting that picks one: its words in each language."""

    model = SiteTagline
    icon = "site"
    add_to_settings_menu = True
    list_display = ["tagline", "locale"]


register_snippet(SiteTaglineViewSet)
