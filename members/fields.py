"""A form field of skills from the taxonomy."""

from django import forms
from django.core.exceptions import ValidationError

from wagtail.models import Locale

from core.localized import localized_in_bulk

from .models.skills import Skill


class SkillChoiceField(forms.ModelMultipleChoiceField):
    """Skills of the source language, each named in the visitor's language."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Skill.objects.none(),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            **kwargs,
        )

    def name_in(self, locale: Locale) -> None:
        skills = list(
            Skill.objects.filter(locale=Locale.get_default()).select_related("category")
        )
        self.queryset = Skill.objects.filter(pk__in=[skill.pk for skill in skills])
        self.known = {str(skill.pk) for skill in skills}
        names = {
            skill.translation_key: shown.name
            for skill, shown in zip(
                skills, localized_in_bulk(skills, locale), strict=True
            )
        }
        self.label_from_instance = lambda skill: names.get(
            skill.translation_key, skill.name
        )

    def clean(self, value):
        """Values that name no skill are refused before any query (a number too
        large for the database would fail in it)."""
        if isinstance(value, list | tuple):
            for item in value:
                if str(item) not in getattr(self, "known", ()):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": item},
                    )
        return super().clean(value)
