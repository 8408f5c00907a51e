"""A person's newsletter data on request: everything stored about them as JSON,
and their erasure."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from .models import Subscriber


def _field_values(instance: models.Model) -> dict[str, object]:
    """Every stored column of a row, as a data request must show it."""
    values: dict[str, object] = {}
    for field in instance._meta.concrete_fields:
        values[field.attname] = field.value_from_object(instance)
    return values


def export_subscriber(subscriber: Subscriber) -> dict[str, object]:
    """Everything stored about one person: the subscription, its consent record,
    its topics, and the rows of other models that point at it (deliveries, clicks)."""
    data = _field_values(subscriber)
    data["topics"] = [
        {"name": topic.name, "slug": topic.slug, "language": topic.locale.language_code}
        for topic in subscriber.topics.select_related("locale")
    ]
    related: dict[str, list[dict[str, object]]] = {}
    for relation in Subscriber._meta.related_objects:
        if relation.many_to_many:
            continue
        rows = relation.related_model._default_manager.filter(
            **{relation.field.name: subscriber}
        )
        related[relation.related_model._meta.label] = [
            _field_values(row) for row in rows
        ]
    data["related"] = related
    return data


def export_subscriber_json(subscriber: Subscriber) -> str:
    """The person's data as a readable JSON document, for the admin's download."""
    return json.dumps(
        export_subscriber(subscriber),
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        indent=2,
    )


def delete_subscriber(subscriber: Subscriber) -> None:
    """Erase a person on request: the subscriber and what cascades from it."""
    subscriber.delete()
