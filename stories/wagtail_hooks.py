from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CommunityProfile


class CommunityProfileViewSet(SnippetViewSet):
    model = CommunityProfile
    icon = "group"
    list_display = ["name", "country", "kind", "locale"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "focus"]


register_snippet(CommunityProfileViewSet)
