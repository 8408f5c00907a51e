from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import EventSeries


class EventSeriesViewSet(SnippetViewSet):
    model = EventSeries
    icon = "date"
    list_display = ["name", "slug", "locale"]
    search_fields = ["name"]


register_snippet(EventSeriesViewSet)
