from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.components import Component

from . import attention
from .roles import MODERATORS


class NeedsAttentionPanel(Component):
    """The moderators' week at a glance, on the admin dashboard."""

    name = "needs_attention"
    template_name = "home/admin/needs_attention_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(
            {
                "heading": _("Needs attention"),
                "reviews": attention.awaiting_review(self.user),
                "scheduled": attention.scheduled_this_week(),
                # Each app's own section: a function of the request returning HTML.
                "sections": [
                    section(parent_context["request"])
                    for section in hooks.get_hooks("needs_attention_sections")
                ],
            }
        )
        return context


@hooks.register("construct_homepage_panels")
def add_needs_attention_panel(request, panels):
    user = request.user
    if user.is_superuser or user.groups.filter(name=MODERATORS).exists():
        panels.append(NeedsAttentionPanel(user))
