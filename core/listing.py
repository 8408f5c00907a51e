"""The filters of a listing page: which query-string parameters it takes, how each
is checked and how it narrows the listing, declared once per listing."""

from collections.abc import Callable, Container, Iterable
from dataclasses import KW_ONLY, dataclass
from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from django.http import QueryDict

from wagtail.models import Locale

from .utils import slug_or_empty

Lookup = str | Callable[[QuerySet, Any], QuerySet]


@dataclass(frozen=True)
class Filter:
    """A query-string parameter and how its value narrows a listing: a field lookup
    or a function of the queryset and the value."""

    name: str
    _: KW_ONLY
    lookup: Lookup

    def clean(self, raw: str, locale: Locale) -> Any:
        """The value the visitor chose, or None when it names nothing that exists."""
        raise NotImplementedError

    def param(self, value: Any) -> str:
        """A chosen value as it appears in the query string."""
        return value

    def narrow(self, queryset: QuerySet, value: Any) -> QuerySet:
        if isinstance(self.lookup, str):
            return queryset.filter(**{self.lookup: value})
        return self.lookup(queryset, value)


@dataclass(frozen=True, kw_only=True)
class Choice(Filter):
    """A value from a fixed list (field choices, the countries), normalized first."""

    values: Container[str]
    normalize: Callable[[str], str] | None = None

    def clean(self, raw: str, locale: Locale) -> str | None:
        value = self.normalize(raw) if self.normalize else raw
        return value if value and value in self.values else None


@dataclass(frozen=True, kw_only=True)
class SnippetSlug(Filter):
    """A translatable snippet by its slug (the same in every language), in the locale
    given; one query, and none for a value that is not slug-like."""

    model: type[Model]

    def clean(self, raw: str, locale: Locale) -> Model | None:
        slug = slug_or_empty(raw)
        if not slug:
            return None
        return self.model._default_manager.filter(slug=slug, locale=locale).first()

    def param(self, value: Model) -> str:
        return value.slug


class ListingFilters:
    """A listing's filters, read from the query string: what is unknown is ignored."""

    filters: ClassVar[tuple[Filter, ...]] = ()

    def __init__(self, query: QueryDict, locale: Locale) -> None:
        self.locale = locale
        self.chosen: dict[str, Any] = {}
        # As the query string has them: a snippet by its slug.
        self.params: dict[str, str] = {}
        for listing_filter in self.filters:
            value = listing_filter.clean(query.get(listing_filter.name, ""), locale)
            if value is not None:
                self.chosen[listing_filter.name] = value
                self.params[listing_filter.name] = listing_filter.param(value)

    @property
    def active(self) -> bool:
        return bool(self.chosen)

    def apply(self, queryset: QuerySet, skip: str = "") -> QuerySet:
        """The queryset narrowed by each chosen filter but `skip` (for facet counts)."""
        for listing_filter in self.filters:
            name = listing_filter.name
            if name in self.chosen and name != skip:
                queryset = listing_filter.narrow(queryset, self.chosen[name])
        return queryset

    def option(self, name: str, value: str, label: Any, **extra: Any) -> dict:
        """One option of a filter's select, as the listing templates show it."""
        return {
            "value": value,
            "label": label,
            "selected": value == self.params.get(name),
            **extra,
        }

    def options(self, name: str, choices: Iterable[tuple[str, Any]]) -> list[dict]:
        return [self.option(name, value, label) for value, label in choices]
