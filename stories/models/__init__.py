"""Community guide stories: how one community learned with others, what worked and
what did not; the communities they come from and the topics that connect them."""

from .communities import CommunityProfile
from .stories import (
    APPROACHES,
    STORIES,
    StoryPage,
    StoryPageKeyword,
    StoryPageRelatedStory,
    StoryPageTopic,
)
from .story_index import StoryFilters, StoryIndexPage

__all__ = [
    "APPROACHES",
    "STORIES",
    "CommunityProfile",
    "StoryFilters",
    "StoryIndexPage",
    "StoryPage",
    "StoryPageKeyword",
    "StoryPageRelatedStory",
    "StoryPageTopic",
]
