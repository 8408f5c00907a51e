"""What other sections show of the stories app: the narrow functions they may call
(the import contracts allow these and nothing else of stories)."""

from core.memo import private_q

from .models import StoryPage


def latest_stories(locale, count: int = 3) -> list[StoryPage]:
    """The newest live stories in a language, for the home page."""
    return list(
        StoryPage.objects.live()
        .exclude(private_q())
        .filter(locale=locale)
        .order_by("-first_published_at", "-pk")
        .defer_streamfields()[:count]
    )
