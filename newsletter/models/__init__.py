from .pages import NewsletterIndexPage
from .subscribers import Subscriber

__all__ = ["NewsletterIndexPage", "Subscriber"]
