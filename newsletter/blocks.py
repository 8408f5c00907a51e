"""Newsletter blocks that editors may place in any page body."""

import secrets

from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class SignupBlock(blocks.StructBlock):
    """The subscribe form, for pages other than the newsletter index: it posts to
    the visitor's language's subscribe view like the index page's form."""

    heading = blocks.CharBlock(
        label=_("heading"),
        required=False,
        max_length=120,
        help_text=_("Leave empty for “Get the newsletter”."),
    )
    text = blocks.TextBlock(label=_("text"), required=False, max_length=400)

    class Meta:
        icon = "mail"
        label = _("Newsletter signup")
        template = "newsletter/blocks/signup_block.html"

    def get_context(self, value, parent_context=None):
        # Imported here: page models import blocks, and the form needs topics.
        from .forms import subscribe_form_context

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        # Several forms may share a page: each gets its own element ids.
        auto_id = f"signup-{secrets.token_hex(3)}-%s"
        context.update(subscribe_form_context(request, auto_id=auto_id))
        return context
