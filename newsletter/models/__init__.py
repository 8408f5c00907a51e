from .deliveries import Click, Delivery, Send, SendWorker
from .issues import (
    NewsletterIssueFeaturedItem,
    NewsletterIssueLeftOut,
    NewsletterIssuePage,
)
from .pages import NewsletterIndexPage
from .subscribers import Subscriber

__all__ = [
    "Click",
    "Delivery",
    "NewsletterIndexPage",
    "NewsletterIssueFeaturedItem",
    "NewsletterIssueLeftOut",
    "NewsletterIssuePage",
    "Send",
    "SendWorker",
    "Subscriber",
]
